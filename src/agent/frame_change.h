// Did an action change the screen? Pixel comparison of the frames before and after it, blind to
// the pointer sprite (a pointer that moved is not an effect).
#pragma once

#include <vector>

#include "core/frame.h"
#include "core/geometry.h"

namespace hemu {

struct FrameChange {
  bool changed = false;
  Rect bounds;             // bounding box of the changed pixels outside `ignore` (empty when unchanged)
  int64_t pixels = 0;      // changed pixels outside `ignore`
};

// Compares `before` and `after` (same size; a different size counts as changed everywhere).
// Pixels inside any `ignore` rectangle do not count. With `trust_damage` and a non-empty
// `after.damage` (a screen's exact damage since `before` was captured) only those rectangles are
// compared; otherwise the whole frame (~1 ms at 1920x1080 when little changed).
FrameChange compare_frames(const Frame& before, const Frame& after, const std::vector<Rect>& ignore,
                           bool trust_damage = false);

}  // namespace hemu
