// FrameWindow: a plain X window that shows hemu Frames and reports the input it receives.
//
// It knows nothing about what it shows: `hemu desktop` puts the embedded desktop in it, a viewer
// could show a recording. The window has the frame's size, asks to sit at a given root position
// (without a window manager it appears there, undecorated), keeps the last frame to answer Expose
// on its own, and turns X input into plain structs: buttons with click counts, pointer motion,
// and keys as a hemu key name (the names parse_key_combo accepts) plus the text the key types.
//
//   FrameWindowOptions options;
//   options.display = ":99";
//   options.size = {800, 600};
//   auto window = FrameWindow::open(options);
//   if (!window.ok()) return window.status();
//   HEMU_RETURN_IF_ERROR((*window)->show(frame));
//   auto inputs = (*window)->wait_inputs(/*timeout_ms=*/100);   // empty on timeout or EINTR
//
// Frames go up with XPutImage (damaged rectangles only when frame.damage says so). MIT-SHM would
// save a copy, but a task-sized frame is ~2 MB and goes up in a few ms: not worth a second path.
// Modifier bits follow the usual X mapping: Control, Shift, Mod1 = alt, Mod4 = super.
// Keeps Xlib out of this header. Not thread-safe; one thread owns the window.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/geometry.h"
#include "core/status.h"
#include "x11/x11_connection.h"

namespace hemu {

// Presses of the same button closer than this (X server time) and kMultiClickPx count as a
// double (triple, ...) click.
inline constexpr int kMultiClickMs = 400;
inline constexpr int kMultiClickPx = 4;

struct FrameWindowOptions {
  std::string display;      // ":99"; empty = $DISPLAY
  Size size;                // window (= frame) size in pixels
  Point position;           // top-left corner in root pixels
  std::string title = "hemu";
  bool take_focus = true;   // give the window the keyboard focus once it is mapped
};

// One input event, in window pixels.
struct WindowInput {
  enum class Kind { kButtonPress, kButtonRelease, kMotion, kKeyPress, kCloseRequest };
  Kind kind = Kind::kMotion;
  Point position;        // pointer position (buttons, motion); may lie outside during a drag
  int button = 0;        // 1 left, 2 middle, 3 right, 4/5 wheel up/down, 6/7 wheel left/right
  int click_count = 1;   // button presses: 2 for the second press of a double click
  bool ctrl = false, shift = false, alt = false, super = false;  // held during the event
  // Key presses: the key's hemu name at level 1 ("a" for both a and A, "Return", "Tab" for
  // shift+Tab, "Page_Up"), or "" when hemu has no name for it (media keys).
  std::string key;
  std::string text;            // UTF-8 the key types ("A", "€"); "" for control keys
  bool modifier_key = false;   // the key itself is a modifier (Shift_L, Control_R, Caps_Lock)
  std::string keysym_name;     // X's name of the typed keysym ("A", "ISO_Left_Tab"), for logs
  uint32_t time_ms = 0;        // X server time
};

class FrameWindow {
 public:
  // kUnavailable when the display cannot be reached; kInvalidArgument for an empty size; kOutOfRange
  // when the window would not fit on the root window. Returns once the window is mapped.
  static Result<std::unique_ptr<FrameWindow>> open(const FrameWindowOptions& options);
  ~FrameWindow();
  FrameWindow(const FrameWindow&) = delete;
  FrameWindow& operator=(const FrameWindow&) = delete;

  // Shows `frame` (its size must equal the window's): the rectangles in frame.damage, or all of it
  // when damage is empty. Keeps the pixels for Expose.
  Status show(const Frame& frame);
  // Waits up to `timeout_ms` for input, then returns everything queued (possibly nothing: timeout,
  // or a signal interrupted the wait). Expose and keyboard-mapping changes are handled here.
  // kUnavailable once the display is gone.
  Result<std::vector<WindowInput>> wait_inputs(int timeout_ms);

  Size size() const { return options_.size; }
  Point position() const { return options_.position; }
  unsigned long window_id() const { return window_; }
  const std::string& display_name() const { return connection_->display_name(); }

 private:
  explicit FrameWindow(const FrameWindowOptions& options) : options_(options) {}
  Status create_window();
  void put(const Rect& rect);
  bool translate(void* x_event, WindowInput& out);  // XEvent*; false for events that are not input

  FrameWindowOptions options_;
  std::unique_ptr<X11Connection> connection_;
  unsigned long window_ = 0;
  void* gc_ = nullptr;      // GC
  void* image_ = nullptr;   // XImage* in the server's pixel layout, (height, bytes_per_line)
  unsigned long delete_atom_ = 0;
  bool has_frame_ = false;
  // Multi-click tracking.
  int last_button_ = 0;
  uint32_t last_press_ms_ = 0;
  Point last_press_at_;
  int click_count_ = 0;
};

}  // namespace hemu
