// Screen: something hemu can capture frames from and send input to (the body of the loop).
//
// Implementations: the embedded desktop (sim/sim_screen.h), X11 (x11/), later VNC. Everything above
// this interface (agent, recorder, brain) works unchanged on all of them. Coordinates are screen
// pixels. Implementations are not required to be thread-safe: one thread drives a Screen.
#pragma once

#include <optional>
#include <string>

#include "core/action.h"
#include "core/frame.h"
#include "core/status.h"

namespace hemu {

// What wait_until_settled saw.
struct SettleResult {
  bool synchronous = false;  // the screen applies actions before act() returns: nothing to wait for
  bool timed_out = false;    // still changing when the cap ran out
  bool damage_seen = false;  // the screen reported a change while waiting (screens with damage only)
};

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

  // After an action: returns once the screen has stopped changing for `quiet_ms` (counted from the
  // call at the earliest), or after `cap_ms`. Damage-driven where the screen reports changes (X11);
  // screens that apply actions synchronously (the embedded desktop) return at once. Never a fixed
  // sleep. The default suits a synchronous screen.
  virtual Result<SettleResult> wait_until_settled(int quiet_ms, int cap_ms) {
    SettleResult r;
    r.synchronous = true;
    return r;
  }
  // Waits up to `timeout_ms` for the next change (for slow programs: nothing changed within the
  // quiet time). False when nothing came, or when the screen cannot tell (the default).
  virtual Result<bool> wait_for_change(int timeout_ms) { return false; }
  // Where captures draw the pointer sprite when the pointer is at `at`, so a moved pointer is not
  // taken for an effect of an action. nullopt: captures do not show the pointer (X11 capture).
  virtual std::optional<Rect> pointer_sprite(Point at) const { return std::nullopt; }
};

}  // namespace hemu

namespace hemu {
// Refuses actions whose coordinates fall outside a screen of `size` (every Screen applies it).
Status check_action_in_bounds(const Action& action, Size size);
}  // namespace hemu
