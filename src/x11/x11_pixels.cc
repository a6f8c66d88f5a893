#include "x11/x11_pixels.h"

#include <bit>
#include <cstdio>
#include <optional>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HEMU_X86 1
#endif

namespace hemu {
namespace {

constexpr uint32_t kRed8 = 0xff0000, kGreen8 = 0x00ff00, kBlue8 = 0x0000ff;

bool contiguous(uint32_t mask) {
  if (mask == 0) return false;
  const uint32_t shifted = mask >> std::countr_zero(mask);
  return (shifted & (shifted + 1)) == 0;
}

// 32 bpp with 8-bit channels at bytes 2, 1, 0 (little-endian) or 1, 2, 3 (big-endian) of each
// pixel: the layout of every common server. `r`, `g`, `b` are byte offsets inside a pixel.
struct ByteOffsets {
  int r, g, b;
};
std::optional<ByteOffsets> byte_offsets(const PixelLayout& l) {
  if (l.bits_per_pixel != 32 || l.red_mask != kRed8 || l.green_mask != kGreen8 || l.blue_mask != kBlue8) {
    return std::nullopt;
  }
  return l.msb_first ? ByteOffsets{1, 2, 3} : ByteOffsets{2, 1, 0};
}

void convert_row_bytes_scalar(const uint8_t* in, uint8_t* out, int width, ByteOffsets o) {
  for (int x = 0; x < width; ++x, in += 4, out += 3) {
    out[0] = in[o.r];
    out[1] = in[o.g];
    out[2] = in[o.b];
  }
}

#ifdef HEMU_X86
// Four pixels per shuffle: 16 bytes in, 12 bytes out. Each store writes 16 bytes of which the last
// 4 are overwritten by the next store, so the loop stops while at least 6 pixels remain to keep
// every store inside the row; the scalar loop does the tail.
__attribute__((target("ssse3"))) void convert_row_bytes_ssse3(const uint8_t* in, uint8_t* out, int width,
                                                              ByteOffsets o) {
  const __m128i shuffle = _mm_setr_epi8(char(o.r), char(o.g), char(o.b), char(4 + o.r), char(4 + o.g),
                                        char(4 + o.b), char(8 + o.r), char(8 + o.g), char(8 + o.b),
                                        char(12 + o.r), char(12 + o.g), char(12 + o.b), -1, -1, -1, -1);
  int x = 0;
  for (; x + 16 <= width - 2; x += 16) {  // 16 pixels per iteration, unrolled for throughput
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 4 * x));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 4 * x + 16));
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 4 * x + 32));
    __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 4 * x + 48));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 3 * x), _mm_shuffle_epi8(a, shuffle));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 3 * x + 12), _mm_shuffle_epi8(b, shuffle));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 3 * x + 24), _mm_shuffle_epi8(c, shuffle));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 3 * x + 36), _mm_shuffle_epi8(d, shuffle));
  }
  for (; x + 6 <= width; x += 4) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 4 * x));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 3 * x), _mm_shuffle_epi8(a, shuffle));
  }
  convert_row_bytes_scalar(in + 4 * x, out + 3 * x, width - x, o);
}

bool have_ssse3() {
  static const bool has = __builtin_cpu_supports("ssse3");
  return has;
}
#endif

// Generic TrueColor: reads each pixel as an integer in the image's byte order, then masks.
struct Channel {
  uint32_t mask = 0;
  int shift = 0;
  std::vector<uint8_t> to8;  // channel value -> 8-bit sample
  explicit Channel(uint32_t m) : mask(m), shift(std::countr_zero(m)) {
    const uint32_t max = m >> shift;
    to8.resize(size_t(max) + 1);
    for (uint32_t v = 0; v <= max; ++v) to8[v] = uint8_t((uint64_t(v) * 255 + max / 2) / max);
  }
  uint8_t operator()(uint32_t pixel) const { return to8[(pixel & mask) >> shift]; }
};

inline uint32_t read_pixel(const uint8_t* p, int bytes, bool msb_first) {
  uint32_t v = 0;
  if (msb_first) {
    for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  } else {
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  }
  return v;
}

}  // namespace

Status check_pixel_layout(const PixelLayout& layout) {
  const int bpp = layout.bits_per_pixel;
  if (bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32) {
    return unavailable("unsupported X image format: " + std::to_string(bpp) +
                       " bits per pixel (hemu reads 8, 16, 24 and 32)");
  }
  for (uint32_t mask : {layout.red_mask, layout.green_mask, layout.blue_mask}) {
    if (!contiguous(mask) || std::popcount(mask) > 16 || (bpp < 32 && (mask >> bpp) != 0)) {
      return unavailable("unsupported X image format: " + describe_pixel_layout(layout) +
                         " (each colour mask must be one run of 1..16 bits inside the pixel)");
    }
  }
  return Status();
}

std::string describe_pixel_layout(const PixelLayout& l) {
  const char* order = l.msb_first ? "big-endian" : "little-endian";
  if (byte_offsets(l)) return std::string("32 bpp ") + (l.msb_first ? "XRGB " : "BGRX ") + order;
  char text[96];
  std::snprintf(text, sizeof text, "%d bpp r0x%x g0x%x b0x%x %s", l.bits_per_pixel, l.red_mask, l.green_mask,
                l.blue_mask, order);
  return text;
}

void convert_to_rgb(const uint8_t* source, int source_stride, int width, int height, const PixelLayout& layout,
                    Frame& frame, Point at) {
  HEMU_CHECK(at.x >= 0 && at.y >= 0 && frame.width >= at.x + width && frame.height >= at.y + height)
      << "conversion of " << width << "x" << height << " at " << at.x << "," << at.y << " outside the "
      << frame.width << "x" << frame.height << " frame";
  if (std::optional<ByteOffsets> offsets = byte_offsets(layout)) {
    for (int y = 0; y < height; ++y) {
      const uint8_t* in = source + size_t(y) * source_stride;
#ifdef HEMU_X86
      if (have_ssse3()) {
        convert_row_bytes_ssse3(in, frame.row(at.y + y) + at.x * 3, width, *offsets);
        continue;
      }
#endif
      convert_row_bytes_scalar(in, frame.row(at.y + y) + at.x * 3, width, *offsets);
    }
    return;
  }
  const Channel red(layout.red_mask), green(layout.green_mask), blue(layout.blue_mask);
  const int bytes = layout.bits_per_pixel / 8;
  for (int y = 0; y < height; ++y) {
    const uint8_t* in = source + size_t(y) * source_stride;
    uint8_t* out = frame.row(at.y + y) + at.x * 3;
    for (int x = 0; x < width; ++x, in += bytes, out += 3) {
      const uint32_t pixel = read_pixel(in, bytes, layout.msb_first);
      out[0] = red(pixel);
      out[1] = green(pixel);
      out[2] = blue(pixel);
    }
  }
}

}  // namespace hemu
