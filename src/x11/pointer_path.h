// PointerSample: one point of a timed pointer path, for X11Screen::move_pointer_along.
//
// Paths come from a human-like motion model (sim/humanize.h) or a recording. Value type.
#pragma once

#include "core/geometry.h"

namespace hemu {

// Pixels (region pixels through X11Screen, root pixels in X11Input) at `time_s` seconds after the
// path starts.
struct PointerSample {
  Point point;
  double time_s = 0;
};

}  // namespace hemu
