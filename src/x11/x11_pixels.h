// Conversion of X server images (any TrueColor layout) to hemu's RGB Frame rows.
//
// X servers hand out pixels in their own layout: almost always 32 bits per pixel, little-endian,
// red 0xff0000 / green 0xff00 / blue 0xff, i.e. bytes B, G, R, X in memory ("BGRX"). That case
// takes a SIMD shuffle (SSSE3 when the CPU has it; ~0.5 ms for 1920x1080 on one core). Every
// other TrueColor layout (16 bpp 5-6-5, 24 bpp packed, big-endian servers, 10-bit channels) takes
// a generic per-pixel path that reads the masks and scales each channel to 8 bits. Palette
// visuals are refused by the caller before conversion (see X11Capture).
//
// Pure functions on memory (no Xlib), safe from any thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/frame.h"
#include "core/status.h"

namespace hemu {

// How one pixel sits in an X image.
struct PixelLayout {
  int bits_per_pixel = 32;  // 8, 16, 24 or 32
  bool msb_first = false;   // image byte order: ImageByteOrder(display) == MSBFirst
  uint32_t red_mask = 0xff0000;
  uint32_t green_mask = 0x00ff00;
  uint32_t blue_mask = 0x0000ff;
  friend bool operator==(const PixelLayout&, const PixelLayout&) = default;
};

// OK when convert_to_rgb can handle `layout`; otherwise kUnavailable naming what is unsupported.
Status check_pixel_layout(const PixelLayout& layout);
// "32 bpp BGRX little-endian", "16 bpp r0xf800 g0x7e0 b0x1f big-endian": for messages and `displays`.
std::string describe_pixel_layout(const PixelLayout& layout);

// Converts `width` x `height` pixels starting at `source` (rows `source_stride` bytes apart) into
// `frame` with their top-left corner at `at`; the frame must hold that rectangle. Channels of n
// bits scale to 8 bits as round(v * 255 / (2^n - 1)), so 5-bit 31 -> 255 and 8-bit values pass
// through unchanged. Requires check_pixel_layout(layout).ok().
void convert_to_rgb(const uint8_t* source, int source_stride, int width, int height, const PixelLayout& layout,
                    Frame& frame, Point at = {0, 0});

}  // namespace hemu
