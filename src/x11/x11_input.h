// X11Input: keyboard and mouse through the XTEST extension, one low-level event at a time.
//
// The server treats XTest events exactly like real device input: they move the real pointer, go
// to the focused or pointed-at window, and go through the keyboard mapping (x11_keymap.h), so any
// program receives them. Coordinates are root-window pixels here; X11Screen maps its region.
//
// Cancellation: `should_stop` is called before every low-level event (motion, button or key
// press/release). When it returns true the action stops, every key and button this object holds
// down is released (releases are never skipped, so nothing stays stuck), and kCancelled is
// returned. Each public call ends with XSync, so when it returns the server has processed the
// events (a click + sync costs ~0.05 ms on Xvfb).
//
// Not thread-safe; uses the connection's thread. `should_stop` may read an atomic that another
// thread sets (a kill switch).
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "core/action.h"
#include "core/geometry.h"
#include "core/status.h"
#include "x11/x11_connection.h"
#include "x11/x11_keymap.h"
#include "x11/pointer_path.h"

namespace hemu {

// X pointer buttons (named apart from sim's X11Button, so both headers can meet in one file).
enum class X11Button { kLeft = 1, kMiddle = 2, kRight = 3 };

// Wheel notches are presses of buttons 4 (up), 5 (down), 6 (left), 7 (right).
int wheel_button(ScrollDirection direction);

class X11Input {
 public:
  // kUnavailable when the server has no XTEST extension.
  static Result<std::unique_ptr<X11Input>> create(X11Connection& connection, std::function<bool()> should_stop);
  ~X11Input();  // releases anything still held
  X11Input(const X11Input&) = delete;
  X11Input& operator=(const X11Input&) = delete;

  Status move(Point root);
  // Moves through every sample at its time (sleeping until then, checking should_stop meanwhile).
  Status move_along(const std::vector<PointerSample>& path);
  // `count` clicks (2 = double click) at the current pointer position with `modifiers` held
  // (only the ctrl/shift/alt/super flags of the combo are used).
  Status click(X11Button button, int count, const KeyCombo& modifiers = {});
  // Press at `from`, move in `steps` even steps to `to`, release.
  Status drag(Point from, Point to, X11Button button = X11Button::kLeft, int steps = 10);
  Status wheel(ScrollDirection direction, int notches);
  // Presses the modifiers (ctrl, shift, alt, super order), the key, then releases in reverse.
  Status key(const KeyCombo& combo);
  // Types UTF-8 text character by character (see x11_keymap.h for characters the layout lacks).
  Status type_text(std::string_view text);

  X11Keymap& keymap() { return keymap_; }
  // Low-level events sent so far (for benchmarks and tests).
  int64_t events_sent() const { return events_sent_; }

 private:
  X11Input(X11Connection& connection, std::function<bool()> should_stop)
      : connection_(connection), should_stop_(std::move(should_stop)), keymap_(connection) {}
  Status check_stop();
  Status send_key(unsigned keycode, bool press);
  Status send_button(int button, bool press);
  Status send_motion(Point root);
  Status press_modifiers(const KeyCombo& modifiers, bool extra_shift, bool level3, std::vector<unsigned>& pressed);
  Status release_keys(std::vector<unsigned>& pressed);
  // Releases everything held, syncs, and returns `status` (kCancelled or an error) unchanged.
  Status abort_with(Status status);
  Status finish(std::string_view what);

  X11Connection& connection_;
  std::function<bool()> should_stop_;
  X11Keymap keymap_;
  std::vector<unsigned> held_keys_;
  std::vector<int> held_buttons_;
  int64_t events_sent_ = 0;
};

}  // namespace hemu
