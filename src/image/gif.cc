#include "image/gif.h"

#include <gif_lib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "image/file_io.h"

namespace hemu {
namespace {

constexpr int kMaxGifSide = 65535;     // GIF stores sizes, delays and loop counts in 16 bits
constexpr int kMinDelayCs = 2;         // browsers show anything shorter for 100 ms
constexpr int kColorResolution = 8;    // bits per primary in our palettes

std::string gif_error_text(int code) {
  const char* text = GifErrorString(code);
  std::string message = text ? text : "giflib error " + std::to_string(code);
  // errno is meaningful only for these; a failed read is usually just the end of a cut file.
  if (code == E_GIF_ERR_WRITE_FAILED || code == D_GIF_ERR_OPEN_FAILED) {
    message += std::string(" (") + std::strerror(errno) + ")";
  } else if (code == D_GIF_ERR_READ_FAILED) {
    message += " (truncated file?)";
  }
  return message;
}

// giflib output callback: the user pointer is our temporary FILE*. We own the FILE, not giflib,
// so that close() can fsync it before the rename.
int write_to_file(GifFileType* gif, const GifByteType* data, int length) {
  return int(std::fwrite(data, 1, size_t(length), static_cast<FILE*>(gif->UserData)));
}

}  // namespace

GifWriter::GifWriter(std::string path, int width, int height)
    : path_(std::move(path)), width_(width), height_(height) {}

GifWriter::~GifWriter() { static_cast<void>(close()); }

Result<std::unique_ptr<GifWriter>> GifWriter::open(const std::string& path, int width, int height,
                                                   int loop_count) {
  if (width < 1 || height < 1 || width > kMaxGifSide || height > kMaxGifSide) {
    return invalid_argument("gif '" + path + "': size " + std::to_string(width) + "x" +
                            std::to_string(height) + " is outside 1..65535");
  }
  if (loop_count < 0 || loop_count > kMaxGifSide) {
    return invalid_argument("gif '" + path + "': loop_count " + std::to_string(loop_count) +
                            " is outside 0..65535 (0 = forever)");
  }
  Result<FILE*> file = file_open_temp(path);
  if (!file.ok()) return file.status().with_context("gif");
  std::unique_ptr<GifWriter> writer(new GifWriter(path, width, height));
  writer->file_ = *file;
  int error = 0;
  writer->gif_ = EGifOpen(writer->file_, write_to_file, &error);
  if (writer->gif_ == nullptr) {
    // close() must not touch giflib now; abandon the file here.
    file_abandon(writer->file_, path);
    writer->file_ = nullptr;
    writer->closed_ = true;
    return io_error("gif '" + path + "': EGifOpen: " + gif_error_text(error));
  }
  EGifSetGifVersion(writer->gif_, /*gif89=*/true);  // needed for delays, transparency, looping
  if (EGifPutScreenDesc(writer->gif_, width, height, kColorResolution, /*background=*/0,
                        /*global_color_map=*/nullptr) == GIF_ERROR) {
    return writer->fail("EGifPutScreenDesc");
  }
  // The NETSCAPE2.0 application extension is the de-facto way to make an animation loop.
  const uint8_t loop_params[3] = {1, uint8_t(loop_count & 0xff), uint8_t(loop_count >> 8)};
  if (EGifPutExtensionLeader(writer->gif_, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
      EGifPutExtensionBlock(writer->gif_, 11, "NETSCAPE2.0") == GIF_ERROR ||
      EGifPutExtensionBlock(writer->gif_, sizeof loop_params, loop_params) == GIF_ERROR ||
      EGifPutExtensionTrailer(writer->gif_) == GIF_ERROR) {
    return writer->fail("loop extension");
  }
  return writer;
}

Status GifWriter::fail(const std::string& what) {
  status_ = io_error("gif '" + path_ + "': " + what + ": " + gif_error_text(gif_->Error));
  return status_;
}

Status GifWriter::add_frame(const Frame& frame, int delay_ms) {
  if (!status_.ok()) return status_;
  if (closed_) return invalid_argument("gif '" + path_ + "': add_frame after close");
  if (frame.width != width_ || frame.height != height_) {
    return invalid_argument("gif '" + path_ + "': frame " + std::to_string(frame.width) + "x" +
                            std::to_string(frame.height) + " differs from the animation size " +
                            std::to_string(width_) + "x" + std::to_string(height_));
  }
  if (delay_ms < 0) {
    return invalid_argument("gif '" + path_ + "': negative delay_ms " + std::to_string(delay_ms));
  }
  const int delay_cs = std::clamp((delay_ms + 5) / 10, kMinDelayCs, kMaxGifSide);

  const Rect changed = frame_count_ == 0 ? frame.bounds() : changed_region(frame);
  if (changed.empty()) {
    // Nothing changed, but the frame still carries its delay: store one transparent pixel.
    indexed_.width = indexed_.height = 1;
    indexed_.palette.assign(1, Rgb{});
    indexed_.indices.assign(1, 0);
    HEMU_RETURN_IF_ERROR(write_graphics_control(delay_cs, /*transparent_index=*/0));
    HEMU_RETURN_IF_ERROR(write_image({0, 0, 1, 1}, &indexed_));
  } else {
    quantizer_.quantize(frame, changed, &indexed_);
    HEMU_RETURN_IF_ERROR(write_graphics_control(delay_cs, NO_TRANSPARENT_COLOR));
    HEMU_RETURN_IF_ERROR(write_image(changed, &indexed_));
    if (frame_count_ == 0) previous_ = Frame(width_, height_);
    for (int y = changed.y; y < changed.bottom(); ++y) {
      std::memcpy(previous_.row(y) + changed.x * 3, frame.row(y) + changed.x * 3,
                  size_t(changed.width) * 3);
    }
  }
  ++frame_count_;
  return Status::ok_status();
}

Rect GifWriter::changed_region(const Frame& frame) const {
  const size_t row_bytes = size_t(width_) * 3;
  int top = -1, bottom = 0, left = width_, right = 0;
  for (int y = 0; y < height_; ++y) {
    const uint8_t* a = frame.row(y);
    const uint8_t* b = previous_.row(y);
    if (std::memcmp(a, b, row_bytes) == 0) continue;
    if (top < 0) top = y;
    bottom = y + 1;
    size_t first = 0, last = row_bytes - 1;
    while (a[first] == b[first]) ++first;
    while (a[last] == b[last]) --last;
    left = std::min(left, int(first / 3));
    right = std::max(right, int(last / 3) + 1);
  }
  if (top < 0) return {};
  return {left, top, right - left, bottom - top};
}

Status GifWriter::write_graphics_control(int delay_cs, int transparent_index) {
  GraphicsControlBlock control{};
  control.DisposalMode = DISPOSE_DO_NOT;  // later frames draw over this one
  control.UserInputFlag = false;
  control.DelayTime = delay_cs;
  control.TransparentColor = transparent_index;
  GifByteType extension[4];
  const size_t length = EGifGCBToExtension(&control, extension);
  if (EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, int(length), extension) == GIF_ERROR) {
    return fail("graphics control extension");
  }
  return Status::ok_status();
}

Status GifWriter::write_image(const Rect& rect, IndexedImage* image) {
  // GIF colour tables have a power-of-two size (at least 2); fewer colours give shorter LZW codes.
  int bits = 1;
  while ((1 << bits) < int(image->palette.size())) ++bits;
  GifColorType colors[kMaxPaletteColors] = {};
  for (size_t i = 0; i < image->palette.size(); ++i) {
    colors[i] = {image->palette[i].r, image->palette[i].g, image->palette[i].b};
  }
  ColorMapObject color_map{};
  color_map.ColorCount = 1 << bits;
  color_map.BitsPerPixel = bits;
  color_map.SortFlag = false;
  color_map.Colors = colors;  // EGifPutImageDesc copies it
  if (EGifPutImageDesc(gif_, rect.x, rect.y, rect.width, rect.height, /*interlace=*/false,
                       &color_map) == GIF_ERROR) {
    return fail("EGifPutImageDesc");
  }
  // One call for the whole image: giflib counts pixels, not rows.
  if (EGifPutLine(gif_, image->indices.data(), rect.width * rect.height) == GIF_ERROR) {
    return fail("EGifPutLine");
  }
  return Status::ok_status();
}

Status GifWriter::close() {
  if (closed_) return status_;
  closed_ = true;
  int error = 0;
  const bool closed_ok = EGifCloseFile(gif_, &error) == GIF_OK;  // writes the trailer, frees gif_
  gif_ = nullptr;
  FILE* file = file_;
  file_ = nullptr;
  if (status_.ok() && !closed_ok) {
    status_ = io_error("gif '" + path_ + "': EGifCloseFile: " + gif_error_text(error));
  }
  if (status_.ok() && frame_count_ == 0) {
    status_ = invalid_argument("gif '" + path_ + "': closed without frames; nothing written");
  }
  if (!status_.ok()) {
    file_abandon(file, path_);
    return status_;
  }
  status_ = file_commit(file, path_).with_context("gif");
  return status_;
}

Result<GifInfo> gif_inspect(const std::string& path) {
  int error = 0;
  GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
  if (gif == nullptr) {
    const bool missing = error == D_GIF_ERR_OPEN_FAILED && errno == ENOENT;
    std::string message = "gif_inspect '" + path + "': " + gif_error_text(error);
    if (missing) return not_found(message);
    return error == D_GIF_ERR_OPEN_FAILED ? io_error(message) : corrupt(message);
  }
  struct Closer {
    GifFileType* gif;
    ~Closer() {
      int ignored = 0;
      DGifCloseFile(gif, &ignored);
    }
  } closer{gif};
  auto malformed = [&](const char* where) {
    return corrupt("gif_inspect '" + path + "': " + where + ": " + gif_error_text(gif->Error));
  };

  GifInfo info;
  info.width = gif->SWidth;
  info.height = gif->SHeight;
  for (;;) {
    GifRecordType type = UNDEFINED_RECORD_TYPE;
    if (DGifGetRecordType(gif, &type) == GIF_ERROR) return malformed("record");
    if (type == TERMINATE_RECORD_TYPE) return info;
    if (type == IMAGE_DESC_RECORD_TYPE) {
      if (DGifGetImageDesc(gif) == GIF_ERROR) return malformed("image descriptor");
      ++info.frame_count;
      int code_size = 0;
      GifByteType* block = nullptr;
      // Skip the LZW data block by block instead of decoding it.
      if (DGifGetCode(gif, &code_size, &block) == GIF_ERROR) return malformed("image data");
      while (block != nullptr) {
        if (DGifGetCodeNext(gif, &block) == GIF_ERROR) return malformed("image data");
      }
    } else if (type == EXTENSION_RECORD_TYPE) {
      int code = 0;
      GifByteType* block = nullptr;
      if (DGifGetExtension(gif, &code, &block) == GIF_ERROR) return malformed("extension");
      GraphicsControlBlock control{};
      if (code == GRAPHICS_EXT_FUNC_CODE && block != nullptr && block[0] >= 4 &&
          DGifExtensionToGCB(block[0], block + 1, &control) == GIF_OK) {
        info.duration_ms += control.DelayTime * 10;
      }
      while (block != nullptr) {
        if (DGifGetExtensionNext(gif, &block) == GIF_ERROR) return malformed("extension");
      }
    } else {
      return malformed("unexpected record");
    }
  }
}

}  // namespace hemu
