#include "image/png.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include "image/file_io.h"

// libpng reports errors by longjmp'ing back to a setjmp point. Jumping over a C++ object with a
// destructor is undefined behaviour, so each codec is split in two:
//   - the outer function owns every C++ object (libpng structs via a guard, output buffers), and
//   - the inner `*_with_libpng` function calls setjmp and libpng and owns nothing with a
//     destructor; it reaches buffers only through a caller-owned state struct.
// Our I/O callbacks likewise call png_error only when no C++ object is alive in their frame.

namespace hemu {
namespace {

constexpr size_t kErrorMessageCapacity = 256;

// Caller-owned state shared with the libpng callbacks (found through png_get_error_ptr/io_ptr).
struct DecodeState {
  const uint8_t* data = nullptr;
  size_t size = 0;
  size_t offset = 0;
  Frame frame;
  std::vector<png_bytep> rows;
  bool too_large = false;  // set instead of a libpng error, to report kOutOfRange
  char error[kErrorMessageCapacity] = {};
};

struct EncodeState {
  const Frame* frame = nullptr;
  int compression_level = kPngDefaultCompression;
  std::vector<uint8_t> bytes;
  std::vector<png_bytep> rows;
  char error[kErrorMessageCapacity] = {};
};

template <typename State>
[[noreturn]] void on_png_error(png_structp png, png_const_charp message) {
  auto* state = static_cast<State*>(png_get_error_ptr(png));
  std::snprintf(state->error, sizeof state->error, "%s", message);
  png_longjmp(png, 1);
}

// Warnings (bad ancillary chunks, unknown profiles) do not affect the pixels; stay silent rather
// than writing to stderr from a library.
void on_png_warning(png_structp, png_const_charp) {}

void read_from_memory(png_structp png, png_bytep out, size_t length) {
  auto* state = static_cast<DecodeState*>(png_get_io_ptr(png));
  if (length > state->size - state->offset) png_error(png, "unexpected end of data (truncated PNG)");
  std::memcpy(out, state->data + state->offset, length);
  state->offset += length;
}

void write_to_memory(png_structp png, png_bytep data, size_t length) {
  auto* state = static_cast<EncodeState*>(png_get_io_ptr(png));
  bool out_of_memory = false;
  try {
    state->bytes.insert(state->bytes.end(), data, data + length);
  } catch (const std::bad_alloc&) {
    out_of_memory = true;
  }
  if (out_of_memory) png_error(png, "out of memory while encoding");
}

void flush_memory(png_structp) {}

// Destroys libpng structs on every path out of the outer functions.
class PngReadGuard {
 public:
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngReadGuard() { png_destroy_read_struct(&png, &info, nullptr); }
};

class PngWriteGuard {
 public:
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngWriteGuard() { png_destroy_write_struct(&png, &info); }
};

// Returns false after a libpng error (message in state->error). Owns no C++ objects: see top.
bool decode_with_libpng(png_structp png, png_infop info, DecodeState* state) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_read_fn(png, state, read_from_memory);
  png_read_info(png, info);

  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  if (width > kPngMaxSidePx || height > kPngMaxSidePx || int64_t(width) * height > kPngMaxPixels) {
    std::snprintf(state->error, sizeof state->error, "image %ux%u exceeds the decoder's limits",
                  unsigned(width), unsigned(height));
    state->too_large = true;
    return false;
  }
  const int color_type = png_get_color_type(png, info);
  const int bit_depth = png_get_bit_depth(png, info);
  if (bit_depth == 16) png_set_scale_16(png);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) {
    png_set_gray_to_rgb(png);
  }
  if (color_type & PNG_COLOR_MASK_ALPHA) png_set_strip_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  if (png_get_rowbytes(png, info) != size_t(width) * 3) {
    png_error(png, "unsupported pixel layout after conversion to RGB");
  }

  bool out_of_memory = false;
  try {
    state->frame = Frame(int(width), int(height));
    state->rows.resize(height);
  } catch (const std::bad_alloc&) {
    out_of_memory = true;
  }
  if (out_of_memory) png_error(png, "out of memory for the decoded image");
  for (png_uint_32 y = 0; y < height; ++y) state->rows[y] = state->frame.row(int(y));
  png_read_image(png, state->rows.data());
  // Reading the tail verifies the remaining chunks and their CRCs, so a file cut after its image
  // data is still reported as truncated.
  png_read_end(png, nullptr);
  return true;
}

bool encode_with_libpng(png_structp png, png_infop info, EncodeState* state) {
  if (setjmp(png_jmpbuf(png))) return false;
  const Frame& frame = *state->frame;
  png_set_write_fn(png, state, write_to_memory, flush_memory);
  png_set_compression_level(png, state->compression_level);
  png_set_IHDR(png, info, png_uint_32(frame.width), png_uint_32(frame.height), /*bit_depth=*/8,
               PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  png_write_image(png, state->rows.data());
  png_write_end(png, nullptr);
  return true;
}

Status check_frame(const Frame& frame) {
  if (frame.width <= 0 || frame.height <= 0 || frame.stride_bytes < frame.width * 3 ||
      frame.pixels.size() < size_t(frame.stride_bytes) * (frame.height - 1) + size_t(frame.width) * 3) {
    return invalid_argument("malformed frame " + std::to_string(frame.width) + "x" +
                            std::to_string(frame.height) + " stride " +
                            std::to_string(frame.stride_bytes) + " with " +
                            std::to_string(frame.pixels.size()) + " bytes");
  }
  return Status::ok_status();
}

}  // namespace

Result<std::vector<uint8_t>> png_encode(const Frame& frame, int compression_level) {
  if (compression_level < 0 || compression_level > 9) {
    return invalid_argument("png_encode: compression level " + std::to_string(compression_level) +
                            " is outside 0..9");
  }
  if (Status status = check_frame(frame); !status.ok()) return status.with_context("png_encode");

  EncodeState state;
  state.frame = &frame;
  state.compression_level = compression_level;
  state.rows.resize(size_t(frame.height));
  // libpng's row pointers are non-const but it only reads them when writing.
  for (int y = 0; y < frame.height; ++y) state.rows[size_t(y)] = const_cast<uint8_t*>(frame.row(y));

  PngWriteGuard guard;
  guard.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error<EncodeState>,
                                      on_png_warning);
  if (guard.png == nullptr) return internal_error("png_encode: png_create_write_struct failed");
  guard.info = png_create_info_struct(guard.png);
  if (guard.info == nullptr) return internal_error("png_encode: png_create_info_struct failed");
  if (!encode_with_libpng(guard.png, guard.info, &state)) {
    return internal_error(std::string("png_encode: libpng: ") + state.error);
  }
  return std::move(state.bytes);
}

Status png_write(const Frame& frame, const std::string& path, int compression_level) {
  Result<std::vector<uint8_t>> bytes = png_encode(frame, compression_level);
  if (!bytes.ok()) return bytes.status().with_context("png_write '" + path + "'");
  return file_write_atomic(path, *bytes).with_context("png_write");
}

Result<Frame> png_decode(const std::vector<uint8_t>& bytes) {
  constexpr size_t kSignatureBytes = 8;
  if (bytes.size() < kSignatureBytes ||
      png_sig_cmp(bytes.data(), 0, kSignatureBytes) != 0) {
    return corrupt("not a PNG (bad signature; " + std::to_string(bytes.size()) + " bytes)");
  }
  DecodeState state;
  state.data = bytes.data();
  state.size = bytes.size();

  PngReadGuard guard;
  guard.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error<DecodeState>,
                                     on_png_warning);
  if (guard.png == nullptr) return internal_error("png_decode: png_create_read_struct failed");
  guard.info = png_create_info_struct(guard.png);
  if (guard.info == nullptr) return internal_error("png_decode: png_create_info_struct failed");
  if (!decode_with_libpng(guard.png, guard.info, &state)) {
    if (state.too_large) return out_of_range(std::string("PNG ") + state.error);
    return corrupt(std::string("PNG decode failed at byte ") + std::to_string(state.offset) + " of " +
                   std::to_string(state.size) + ": " + state.error);
  }
  return std::move(state.frame);
}

Result<Frame> png_read(const std::string& path) {
  Result<std::vector<uint8_t>> bytes = file_read_all(path);
  if (!bytes.ok()) return bytes.status().with_context("png_read");
  Result<Frame> frame = png_decode(*bytes);
  if (!frame.ok()) return frame.status().with_context("png_read '" + path + "'");
  return frame;
}

}  // namespace hemu
