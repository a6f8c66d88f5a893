// X11TestClient: a second, independent X client for tests and `hemu bench x11` — it plays the
// program hemu works on. It opens windows, draws known pixels, defines monitors and reports the
// input events its windows receive, so tests check hemu against what a real client saw.
//
// Keeps Xlib out of its header (windows are plain XIDs). Not thread-safe; one owner.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/geometry.h"
#include "core/status.h"
#include "x11/x11_connection.h"

namespace hemu {

// One input event as the receiving window saw it.
struct TestEvent {
  enum class Kind { kButtonPress, kButtonRelease, kKeyPress, kKeyRelease, kMotion, kOther };
  Kind kind = Kind::kOther;
  unsigned long window = 0;
  Point position;       // window-relative
  Point root_position;  // root-relative
  unsigned button = 0;  // buttons 1..7
  unsigned state = 0;   // modifier and button mask before the event (ShiftMask = 1, ControlMask = 4)
  unsigned long keysym = 0;  // level-1 keysym of the key (XLookupKeysym(event, 0))
  unsigned long typed_keysym = 0;  // the keysym with the event's modifiers applied (XLookupString)
  std::string text;          // what XLookupString gives (Latin-1)
};

class X11TestClient {
 public:
  static Result<std::unique_ptr<X11TestClient>> open(const std::string& display);
  ~X11TestClient();

  X11Connection& connection() { return *connection_; }
  // Creates and maps an override-redirect window at `rect` (root pixels) that reports buttons,
  // keys and motion; returns when the server has mapped it.
  Result<unsigned long> create_window(const Rect& rect);
  // Draws `pattern(x, y)` over the window's top-left `size` with XPutImage, encoded for the
  // server's visual, then syncs.
  Status put_pattern(unsigned long window, Size size, const std::function<Rgb(int x, int y)>& pattern);
  Status fill_rect(unsigned long window, const Rect& rect, Rgb color, bool sync = true);
  // The colour a capture reads back after drawing `color` (quantised by the visual: 16-bit
  // displays keep 5-6-5 bits).
  Rgb displayed(Rgb color) const;
  Status focus(unsigned long window);
  // Waits up to `timeout_ms` for an event of `kind` on `window`; earlier events of other kinds
  // are dropped. kUnavailable on timeout.
  Result<TestEvent> wait_event(unsigned long window, TestEvent::Kind kind, int timeout_ms);
  void drop_events();
  // Starts watching for top-level windows being mapped (call before starting the program).
  Status watch_toplevels();
  // Waits until a new top-level window (another client's) is mapped; returns its XID.
  Result<unsigned long> wait_toplevel_mapped(int timeout_ms);
  // RandR 1.5 monitor without an output (like `xrandr --setmonitor NAME geometry none`).
  Status add_monitor(const std::string& name, const Rect& rect, bool primary);
  // The whole core keyboard mapping (to check hemu restores what it binds).
  std::vector<unsigned long> keyboard_mapping();

 private:
  X11TestClient() = default;
  std::unique_ptr<X11Connection> connection_;
  bool watching_root_ = false;
};

}  // namespace hemu
