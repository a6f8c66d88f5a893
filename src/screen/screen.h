// Screen: something hemu can capture frames from and send input to (the body of the loop).
//
// Implementations: the embedded desktop (sim/sim_screen.h), X11 (x11/), later VNC. Everything above
// this interface (agent, recorder, brain) works unchanged on all of them. Coordinates are screen
// pixels. Implementations are not required to be thread-safe: one thread drives a Screen.
#pragma once

#include <string>

#include "core/action.h"
#include "core/frame.h"
#include "core/status.h"

namespace hemu {

class Screen {
 public:
  virtual ~Screen() = default;

  // "sim:login_form", "x11::99", ...
  virtual std::string name() const = 0;
  virtual Size size() const = 0;
  // UI scale factor of what is shown (1.0, 1.5, 2.0); 1.0 when unknown.
  virtual double ui_scale() const { return 1.0; }
  // Captures the whole screen into `frame`, reusing its buffer when the size matches.
  virtual Status capture(Frame& frame) = 0;
  // Performs one action. Refused actions (out of bounds, blocked by a guard) return an error and
  // send nothing.
  virtual Status act(const Action& action) = 0;
  virtual Point cursor() const = 0;
};

}  // namespace hemu

namespace hemu {
// Refuses actions whose coordinates fall outside a screen of `size` (every Screen applies it).
Status check_action_in_bounds(const Action& action, Size size);
}  // namespace hemu
