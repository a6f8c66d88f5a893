// Animated GIF output for episode recordings (giflib), and a cheap reader of GIF metadata.
//
// Each frame gets its own 256-colour palette (see image/quantize.h). Only the rectangle that changed
// since the previous frame is stored (drawn over it, disposal "do not dispose"), which keeps
// recordings of mostly-static UIs small; an unchanged frame is stored as one transparent pixel so
// that frame count and timing are preserved. The file is written to `path + ".tmp"` and renamed
// over `path` by close(), so `path` only ever holds a complete GIF.
// A GifWriter is not thread-safe; gif_inspect is safe to call from any thread.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "core/frame.h"
#include "core/status.h"
#include "image/quantize.h"

struct GifFileType;  // giflib

namespace hemu {

class GifWriter {
 public:
  // Starts a width x height animation. loop_count 0 repeats forever; n > 0 is stored as the
  // NETSCAPE2.0 repeat count. kInvalidArgument for sizes outside 1..65535 or loop_count outside
  // 0..65535; kIo if the temporary file cannot be created.
  static Result<std::unique_ptr<GifWriter>> open(const std::string& path, int width, int height,
                                                 int loop_count = 0);

  // Closes if still open (errors are dropped: call close() to see them).
  ~GifWriter();
  GifWriter(const GifWriter&) = delete;
  GifWriter& operator=(const GifWriter&) = delete;

  // Appends `frame`, shown for delay_ms. GIF stores centiseconds, so the delay is rounded to 10 ms,
  // and raised to 20 ms because browsers replace shorter delays with 100 ms. kInvalidArgument if
  // the frame size differs from the animation's or delay_ms < 0. After a write error the writer is
  // failed: every later call returns that error.
  Status add_frame(const Frame& frame, int delay_ms);

  // Finishes the file and renames it into place. A GIF without frames is not a valid animation:
  // then nothing is written and kInvalidArgument is returned. Idempotent: later calls return the
  // first call's status.
  Status close();

  int frame_count() const { return frame_count_; }

 private:
  GifWriter(std::string path, int width, int height);
  Status fail(const std::string& what);
  Status write_graphics_control(int delay_cs, int transparent_index);
  Status write_image(const Rect& rect, IndexedImage* image);  // giflib may touch the indices
  Rect changed_region(const Frame& frame) const;

  std::string path_;
  int width_ = 0;
  int height_ = 0;
  FILE* file_ = nullptr;          // the temporary file; giflib writes through a callback into it
  GifFileType* gif_ = nullptr;    // null once closed
  Status status_;                 // first error, or the result of close()
  bool closed_ = false;
  int frame_count_ = 0;
  Frame previous_;                // last frame added, stride width * 3
  Quantizer quantizer_;
  IndexedImage indexed_;          // scratch, reused between frames
};

struct GifInfo {
  int width = 0;        // logical screen size
  int height = 0;
  int frame_count = 0;  // image descriptors in the file
  int duration_ms = 0;  // sum of the frames' delays
};

// Reads a GIF's structure without decoding pixel data (cheap even for long recordings).
// kNotFound if missing, kCorrupt if the file is not a well-formed GIF.
Result<GifInfo> gif_inspect(const std::string& path);

}  // namespace hemu
