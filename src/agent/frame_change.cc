#include "agent/frame_change.h"

#include <algorithm>
#include <cstring>

namespace hemu {
namespace {

bool ignored(const std::vector<Rect>& ignore, int x, int y) {
  for (const Rect& r : ignore) {
    if (r.contains(Point{x, y})) return true;
  }
  return false;
}

void compare_area(const Frame& before, const Frame& after, const Rect& area, const std::vector<Rect>& ignore,
                  FrameChange& change) {
  for (int y = area.top(); y < area.bottom(); ++y) {
    const uint8_t* a = before.row(y) + size_t(area.x) * 3;
    const uint8_t* b = after.row(y) + size_t(area.x) * 3;
    // Most rows are identical: one memcmp each, pixel by pixel only where they differ.
    if (std::memcmp(a, b, size_t(area.width) * 3) == 0) continue;
    for (int x = 0; x < area.width; ++x) {
      if (std::memcmp(a + x * 3, b + x * 3, 3) == 0) continue;
      const int px = area.x + x;
      if (ignored(ignore, px, y)) continue;
      change.pixels++;
      change.bounds = change.bounds.united(Rect{px, y, 1, 1});
    }
  }
}

}  // namespace

FrameChange compare_frames(const Frame& before, const Frame& after, const std::vector<Rect>& ignore,
                           bool trust_damage) {
  FrameChange change;
  if (before.width != after.width || before.height != after.height || before.pixels.empty() ||
      after.pixels.empty()) {
    change.changed = true;
    change.bounds = after.bounds();
    change.pixels = int64_t(after.width) * after.height;
    return change;
  }
  const Rect all = after.bounds();
  if (trust_damage && !after.damage.empty()) {
    for (const Rect& d : after.damage) compare_area(before, after, d.intersect(all), ignore, change);
  } else {
    compare_area(before, after, all, ignore, change);
  }
  change.changed = change.pixels > 0;
  return change;
}

}  // namespace hemu
