// Ink on a flat background: the grey level of an RGB pixel, and how far from the background a
// pixel must be to count as ink, for the parser's run-time geometry (reading rects, glyph shapes).
#pragma once

#include <cstdint>

namespace hemu {

// ITU-R 601 luma, integer.
inline int grey_level(const uint8_t* rgb) { return (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 1000; }

// The lightest placeholder text on white differs from it by ~90 grey levels.
inline constexpr int kTextInkContrast = 40;

}  // namespace hemu
