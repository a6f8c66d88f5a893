// PNG encoding and decoding of Frames (libpng).
//
// Encoding writes 8-bit RGB. Decoding accepts every PNG colour type and bit depth and converts it to
// 8-bit RGB: gray is replicated, palettes are expanded, 16-bit samples are scaled to 8 bits
// (rounded), alpha and tRNS are dropped (not composited), and no gamma correction is applied, so
// the samples come back exactly as stored. Any malformed or truncated input yields kCorrupt with
// libpng's message; it never crashes. Stateless functions, safe to call from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/status.h"

namespace hemu {

// zlib level 0 (store) .. 9 (smallest). 3 compresses UI screenshots nearly as well as 9 at a
// fraction of the time, which matters when an episode saves a frame per step.
inline constexpr int kPngDefaultCompression = 3;

// Larger images are rejected with kOutOfRange before any pixel memory is allocated, so a small
// hostile file cannot claim gigabytes. Real screens (8K = 33M pixels) are well inside.
inline constexpr int kPngMaxSidePx = 1 << 15;
inline constexpr int64_t kPngMaxPixels = int64_t(1) << 27;

// Encodes `frame` (stride padding is skipped) as an 8-bit RGB PNG.
// kInvalidArgument when compression_level is outside 0..9 or the frame is malformed.
Result<std::vector<uint8_t>> png_encode(const Frame& frame,
                                        int compression_level = kPngDefaultCompression);

// Encodes and writes to `path` through `path + ".tmp"` and a rename: a crash never leaves a
// half-written PNG at `path`.
Status png_write(const Frame& frame, const std::string& path,
                 int compression_level = kPngDefaultCompression);

// Decodes PNG bytes into a Frame with stride_bytes == width * 3. kCorrupt for malformed or
// truncated data, kOutOfRange beyond the size limits above.
Result<Frame> png_decode(const std::vector<uint8_t>& bytes);

// Reads and decodes a PNG file. kNotFound when missing; messages name the path.
Result<Frame> png_read(const std::string& path);

}  // namespace hemu
