// Ink on a flat background: the grey level of an RGB pixel, and how far from the background a
// pixel must be to count as ink, for the parser's run-time geometry (reading rects, glyph shapes).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/frame.h"

namespace hemu {

// ITU-R 601 luma, integer.
inline int grey_level(const uint8_t* rgb) { return (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 1000; }

// The background of `r` (inside the frame): its most common grey level.
inline int background_grey(const Frame& frame, const Rect& r) {
  std::array<int, 256> histogram{};
  for (int y = r.y; y < r.bottom(); ++y) {
    const uint8_t* p = frame.row(y) + size_t(r.x) * 3;
    for (int x = 0; x < r.width; ++x, p += 3) ++histogram[size_t(grey_level(p))];
  }
  return int(std::max_element(histogram.begin(), histogram.end()) - histogram.begin());
}

// The lightest placeholder text on white differs from it by ~90 grey levels.
inline constexpr int kTextInkContrast = 40;

}  // namespace hemu
