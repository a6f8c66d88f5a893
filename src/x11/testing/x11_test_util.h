// Helpers shared by the x11 tests and `hemu bench x11`: a pixel pattern that exposes any offset
// or channel mix-up, and an exact frame comparison that says where the first difference is.
#pragma once

#include <functional>
#include <string>

#include "core/frame.h"
#include "core/geometry.h"

namespace hemu::testing {

// Every neighbour differs in every channel, and the pattern does not repeat within 256 pixels in
// either direction, so a shifted, mirrored or channel-swapped capture cannot match by accident.
inline Rgb x11_test_pattern(int x, int y) {
  return {uint8_t(x * 7 + y * 3 + (y >> 8) * 11), uint8_t((x ^ (y * 5)) + (x >> 8) * 3),
          uint8_t(x * 13 + y * 29 + 17)};
}

// Compares `frame` inside `area` (frame pixels) against expected(x - area.x, y - area.y).
// Returns "" when equal, else how many pixels differ and the first one.
inline std::string compare_frame(const Frame& frame, const Rect& area, const std::function<Rgb(int, int)>& expected) {
  long mismatches = 0;
  std::string first;
  for (int y = area.y; y < area.bottom(); ++y) {
    for (int x = area.x; x < area.right(); ++x) {
      const Rgb want = expected(x - area.x, y - area.y), got = frame.at(x, y);
      if (want == got) continue;
      if (mismatches++ == 0) {
        first = "first at (" + std::to_string(x) + "," + std::to_string(y) + "): got " + std::to_string(got.r) +
                "," + std::to_string(got.g) + "," + std::to_string(got.b) + " want " + std::to_string(want.r) + "," +
                std::to_string(want.g) + "," + std::to_string(want.b);
      }
    }
  }
  return mismatches == 0 ? "" : std::to_string(mismatches) + " pixels differ; " + first;
}

}  // namespace hemu::testing
