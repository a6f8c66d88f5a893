// Frame compression for frames.bin (docs/data_format.md, "Frame payloads").
//
// Two codecs, chosen per frame by the encoder:
//   key   zlib(RGB rows, width * 3 bytes each, no padding): decodes on its own.
//   delta zlib(tile bitmap + the changed 32x32 tiles' RGB rows) against the previous frame of the
//         same size: a UI frame usually changes in a few tiles (a caret, a highlight), so deltas
//         are ~3x smaller than keyframes and ~2-3x faster to write (figures in docs/data_format.md).
// A keyframe is written first, when the size changes, every `keyframe_interval` frames (so a
// reader can seek) and when more than half of the tiles changed (a delta would save little).
//
// FrameEncoder/FrameDecoder keep the previous frame; one instance per stream, not thread-safe.
// Decoding never trusts the payload: sizes are bounded and checked, errors are kCorrupt.
#pragma once

#include <cstdint>
#include <vector>

#include "core/frame.h"
#include "core/status.h"

namespace hemu {

enum class FrameCodec : uint8_t { kKey = 1, kDelta = 2 };

inline constexpr int kFrameTilePx = 32;       // delta tiles are 32x32 pixels (clipped at the edges)
inline constexpr int kFrameMaxSidePx = 1 << 15;  // as for PNG: no screen is larger
inline constexpr int64_t kFrameMaxPixels = int64_t(1) << 27;

// zlib 1: level 6 makes traces ~20% smaller but writes ~1.8x slower (docs/data_format.md,
// "Figures"); recording must not slow the agent loop or a person's session, so speed wins.
inline constexpr int kFrameDefaultZlibLevel = 1;
inline constexpr int kFrameDefaultKeyframeInterval = 60;

// kOutOfRange unless 1 <= width, height <= kFrameMaxSidePx and width * height <= kFrameMaxPixels.
Status check_frame_size(int64_t width, int64_t height);

struct EncodedFrame {
  FrameCodec codec = FrameCodec::kKey;
  std::vector<uint8_t> payload;
};

class FrameEncoder {
 public:
  explicit FrameEncoder(int zlib_level = kFrameDefaultZlibLevel,
                        int keyframe_interval = kFrameDefaultKeyframeInterval);
  // Encodes `frame` (any stride) against the previous frame given to encode().
  Result<EncodedFrame> encode(const Frame& frame);

 private:
  int zlib_level_;
  int keyframe_interval_;
  int since_keyframe_ = 0;
  Frame previous_;  // stride_bytes == width * 3; empty before the first frame
};

class FrameDecoder {
 public:
  // Decodes one payload; frame() then holds the image (stride width * 3). A delta needs the
  // previous decode() to have produced a frame of the same size, in order. On error frame() is
  // empty until the next keyframe.
  Status decode(FrameCodec codec, int width, int height, const std::vector<uint8_t>& payload);
  const Frame& frame() const { return current_; }
  // Forgets the current frame (a reader seeking to a keyframe).
  void reset() { current_ = Frame(); }

 private:
  Frame current_;
  std::vector<uint8_t> scratch_;  // inflated deltas, reused between calls
};

}  // namespace hemu
