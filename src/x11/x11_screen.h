// X11Screen: any X display (Xvfb or a real desktop) as a hemu Screen — MIT-SHM capture, XDamage
// change tracking and XTest input — optionally limited to a region or one XRandR monitor.
//
//   X11ScreenOptions options;
//   options.display = ":99";
//   options.monitor = "DP-1";                       // or options.region = Rect{0, 0, 1280, 720}
//   auto screen = X11Screen::open(options);
//   if (!screen.ok()) return screen.status();     // kUnavailable: nothing listens on :99
//   (*screen)->act(Action::left_click({640, 360}));
//   auto changed = (*screen)->wait_for_settle(/*quiet_ms=*/50, /*timeout_ms=*/2000);
//   (*screen)->capture(frame);
//
// Two coordinate spaces: the X root window's pixels, and the screen's own (region-relative)
// pixels, which is what every method here takes and returns. With no region they are the same.
// Actions are validated (validate_action) and refused when outside the region
// (check_action_in_bounds) before any event is sent. docs/x11.md has the details and figures.
//
// Not thread-safe: one thread drives an X11Screen. `should_stop` is called from that thread and
// may read state another thread sets (a kill switch).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/action.h"
#include "core/frame.h"
#include "core/geometry.h"
#include "core/status.h"
#include "screen/screen.h"
#include "x11/x11_connection.h"
#include "x11/pointer_path.h"

namespace hemu {

// Damage-driven capture still copies the whole screen this often, so a change the server did not
// report (a GPU path without damage on real hardware) lasts at most this long.
inline constexpr int kFullCaptureIntervalMs = 1000;

class X11Capture;
class X11EventPump;
class X11Input;

struct X11ScreenOptions {
  std::string display;                 // ":99"; empty = $DISPLAY
  std::optional<Rect> region;          // capture and act only inside this root rectangle; action coordinates are relative to it
  std::string monitor;                 // XRandR monitor/output name: sets region to it
  bool use_shm = true;                 // false forces XGetImage
  std::function<bool()> should_stop;   // checked between low-level input events
};

// What the server offers, for `hemu displays` and for callers that adapt.
struct X11Capabilities {
  bool shm = false;          // capture uses MIT-SHM
  std::string shm_note;      // why not, when it does not
  bool xtest = false;        // input works
  bool damage = false;       // change tracking and wait_for_settle work
  bool randr = false;
  std::string pixel_format;  // "32 bpp BGRX little-endian"
  Status capture_status;     // not OK when the visual cannot be captured (palette displays)
};

class X11Screen : public Screen {
 public:
  // kUnavailable when the display cannot be reached; kInvalidArgument when both region and monitor
  // are given; kNotFound for an unknown monitor (the message lists the known ones); kOutOfRange
  // for a region outside the root window.
  static Result<std::unique_ptr<X11Screen>> open(const X11ScreenOptions& options);
  ~X11Screen() override;

  std::string name() const override;        // "x11::99" or "x11::99[x,y,w,h]"
  Size size() const override;               // region size (or root size)
  // Sets capture_time_us (taken just before the server copies, so an action synced earlier is
  // visible in the pixels) and damage since the previous capture: the whole screen on the first
  // capture or without DAMAGE, empty when nothing changed. With DAMAGE, only the damaged part is
  // copied from the server into a kept copy of the screen, which then goes to `frame` (a full
  // copy at least every kFullCaptureIntervalMs, and whenever over a third of the screen changed).
  Status capture(Frame& frame) override;
  Status act(const Action& action) override;  // coordinates relative to the region
  Point cursor() const override;               // relative to the region (may lie outside it)

  // Rectangles damaged since the previous call, after waiting until no damage arrived for
  // `quiet_ms` (the quiet time counts from the call at the earliest), or until `timeout_ms`
  // passed (then settle_timed_out() is true and the screen may still be changing).
  Result<std::vector<Rect>> wait_for_settle(int quiet_ms, int timeout_ms);
  bool settle_timed_out() const { return settle_timed_out_; }
  // Waits until any damage since the previous wait_for_settle arrives (empty after timeout_ms).
  // Does not consume it: the next wait_for_settle still reports it.
  Result<std::vector<Rect>> wait_for_damage(int timeout_ms);
  // Screen's settle hooks over wait_for_settle / wait_for_damage (need DAMAGE; without it
  // wait_until_settled returns at once, as a synchronous screen would).
  Result<SettleResult> wait_until_settled(int quiet_ms, int cap_ms) override;
  Result<bool> wait_for_change(int timeout_ms) override;
  Result<std::vector<MonitorInfo>> monitors() const;
  bool using_shm() const;

  // Moves the pointer along a timed path (region pixels; each point bounds-checked first).
  Status move_pointer_along(const std::vector<PointerSample>& path);
  Rect region() const;  // the region in root pixels (the whole root without one)
  X11Capabilities capabilities() const;
  // Time the last capture spent in the server copy and in the conversion to RGB, and how many
  // damaged rectangles it fetched (0: the whole screen).
  double last_capture_get_ms() const;
  double last_capture_convert_ms() const;
  int last_capture_rects() const { return last_capture_rects_; }

 private:
  X11Screen() = default;
  Point to_root(Point p) const { return {p.x + region().x, p.y + region().y}; }
  std::vector<Rect> to_region(const std::vector<Rect>& root_rects) const;
  void update_root_size();

  std::unique_ptr<X11Connection> connection_;
  std::unique_ptr<X11Capture> capture_;
  std::unique_ptr<X11EventPump> events_;
  std::unique_ptr<X11Input> input_;  // null without XTEST; act() then returns input_status_
  Status input_status_;
  std::optional<Rect> region_;
  Size root_size_;
  std::function<bool()> should_stop_;
  Frame kept_;                  // the screen as of the last capture (region pixels)
  bool kept_valid_ = false;
  int64_t last_full_capture_us_ = 0;
  int last_capture_rects_ = 0;
  bool first_capture_ = true;
  bool settle_timed_out_ = false;
  bool randr_ = false;
};

}  // namespace hemu
