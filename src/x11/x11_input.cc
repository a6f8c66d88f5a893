#include "x11/x11_input.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "core/clock.h"
#include "x11/x11_headers.h"

namespace hemu {
namespace {

// Longest sleep between should_stop checks while waiting for a path sample's time.
constexpr int64_t kStopPollUs = 5000;

std::string code_point_name(char32_t cp) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", unsigned(cp));
  return text;
}

}  // namespace

int wheel_button(ScrollDirection direction) {
  switch (direction) {
    case ScrollDirection::kUp: return 4;
    case ScrollDirection::kDown: return 5;
    case ScrollDirection::kLeft: return 6;
    case ScrollDirection::kRight: return 7;
  }
  return 5;
}

Result<std::unique_ptr<X11Input>> X11Input::create(X11Connection& connection, std::function<bool()> should_stop) {
  int event_base = 0, error_base = 0, major = 0, minor = 0;
  if (!XTestQueryExtension(connection.display(), &event_base, &error_base, &major, &minor)) {
    return unavailable("X display " + connection.display_name() +
                       " has no XTEST extension, so hemu cannot send input there (Xvfb and Xorg have it "
                       "unless started with -extension XTEST)");
  }
  // Our input must not be blocked by another client's server grab (XTest still obeys grabs).
  XTestGrabControl(connection.display(), True);
  return std::unique_ptr<X11Input>(new X11Input(connection, std::move(should_stop)));
}

X11Input::~X11Input() {
  if (!held_keys_.empty() || !held_buttons_.empty()) (void)abort_with(Status());
}

Status X11Input::check_stop() {
  if (connection_.lost()) return unavailable("input: connection to X display " + connection_.display_name() + " lost");
  if (should_stop_ && should_stop_()) {
    return Status(ErrorCode::kCancelled, "stopped by the kill switch (should_stop) after " +
                                             std::to_string(events_sent_) + " input events");
  }
  return Status();
}

Status X11Input::send_key(unsigned keycode, bool press) {
  HEMU_RETURN_IF_ERROR(check_stop());
  XTestFakeKeyEvent(connection_.display(), keycode, press ? True : False, CurrentTime);
  ++events_sent_;
  if (press) {
    held_keys_.push_back(keycode);
  } else if (auto it = std::find(held_keys_.rbegin(), held_keys_.rend(), keycode); it != held_keys_.rend()) {
    held_keys_.erase(std::next(it).base());
  }
  return Status();
}

Status X11Input::send_button(int button, bool press) {
  HEMU_RETURN_IF_ERROR(check_stop());
  XTestFakeButtonEvent(connection_.display(), unsigned(button), press ? True : False, CurrentTime);
  ++events_sent_;
  if (press) {
    held_buttons_.push_back(button);
  } else if (auto it = std::find(held_buttons_.rbegin(), held_buttons_.rend(), button); it != held_buttons_.rend()) {
    held_buttons_.erase(std::next(it).base());
  }
  return Status();
}

Status X11Input::send_motion(Point root) {
  HEMU_RETURN_IF_ERROR(check_stop());
  XTestFakeMotionEvent(connection_.display(), connection_.screen_number(), root.x, root.y, CurrentTime);
  ++events_sent_;
  return Status();
}

Status X11Input::abort_with(Status status) {
  if (!connection_.lost()) {
    Display* display = connection_.display();
    for (auto it = held_buttons_.rbegin(); it != held_buttons_.rend(); ++it)
      XTestFakeButtonEvent(display, unsigned(*it), False, CurrentTime);
    for (auto it = held_keys_.rbegin(); it != held_keys_.rend(); ++it)
      XTestFakeKeyEvent(display, *it, False, CurrentTime);
    XSync(display, False);
  }
  held_buttons_.clear();
  held_keys_.clear();
  return status;
}

Status X11Input::finish(std::string_view what) {
  Status status = connection_.sync_and_check(what);
  if (!status.ok()) return abort_with(status);
  return status;
}

Status X11Input::press_modifiers(const KeyCombo& modifiers, bool extra_shift, bool level3,
                                 std::vector<unsigned>& pressed) {
  struct Wanted {
    bool on;
    unsigned long keysym;
    const char* name;
  };
  const Wanted wanted[] = {{modifiers.ctrl, XK_Control_L, "Control_L"},
                           {modifiers.shift || extra_shift, XK_Shift_L, "Shift_L"},
                           {modifiers.alt, XK_Alt_L, "Alt_L"},
                           {modifiers.super, XK_Super_L, "Super_L"}};
  for (const Wanted& w : wanted) {
    if (!w.on) continue;
    const unsigned keycode = keymap_.find_keycode(w.keysym);
    if (keycode == 0) return unavailable(std::string("the keyboard mapping has no ") + w.name + " key");
    HEMU_RETURN_IF_ERROR(send_key(keycode, true));
    pressed.push_back(keycode);
  }
  if (level3) {
    HEMU_RETURN_IF_ERROR(send_key(keymap_.level3_keycode(), true));
    pressed.push_back(keymap_.level3_keycode());
  }
  return Status();
}

Status X11Input::release_keys(std::vector<unsigned>& pressed) {
  while (!pressed.empty()) {
    HEMU_RETURN_IF_ERROR(send_key(pressed.back(), false));
    pressed.pop_back();
  }
  return Status();
}

Status X11Input::move(Point root) {
  if (Status s = send_motion(root); !s.ok()) return abort_with(s);
  return finish("mouse move");
}

Status X11Input::move_along(const std::vector<PointerSample>& path) {
  const int64_t start_us = monotonic_us();
  for (const PointerSample& sample : path) {
    const int64_t due_us = start_us + int64_t(sample.time_s * 1e6);
    for (int64_t now = monotonic_us(); now < due_us; now = monotonic_us()) {
      if (Status s = check_stop(); !s.ok()) return abort_with(s);
      std::this_thread::sleep_for(std::chrono::microseconds(std::min(kStopPollUs, due_us - now)));
    }
    if (Status s = send_motion(sample.point); !s.ok()) return abort_with(s);
    XFlush(connection_.display());  // each sample reaches the server at its own time
  }
  return finish("mouse move along a path");
}

Status X11Input::click(X11Button button, int count, const KeyCombo& modifiers) {
  if (modifiers.ctrl || modifiers.shift || modifiers.alt || modifiers.super) HEMU_RETURN_IF_ERROR(keymap_.refresh());
  Status status = [&]() -> Status {
    std::vector<unsigned> pressed;
    HEMU_RETURN_IF_ERROR(press_modifiers(modifiers, false, false, pressed));
    for (int i = 0; i < count; ++i) {
      HEMU_RETURN_IF_ERROR(send_button(int(button), true));
      HEMU_RETURN_IF_ERROR(send_button(int(button), false));
    }
    return release_keys(pressed);
  }();
  if (!status.ok()) return abort_with(status);
  return finish("click");
}

Status X11Input::drag(Point from, Point to, X11Button button, int steps) {
  Status status = [&]() -> Status {
    HEMU_RETURN_IF_ERROR(send_motion(from));
    HEMU_RETURN_IF_ERROR(send_button(int(button), true));
    // Intermediate motion while pressed: toolkits start a drag only after seeing the pointer move.
    const int n = std::max(1, steps);
    for (int i = 1; i <= n; ++i) {
      HEMU_RETURN_IF_ERROR(send_motion({from.x + (to.x - from.x) * i / n, from.y + (to.y - from.y) * i / n}));
    }
    return send_button(int(button), false);
  }();
  if (!status.ok()) return abort_with(status);
  return finish("drag");
}

Status X11Input::wheel(ScrollDirection direction, int notches) {
  Status status = [&]() -> Status {
    for (int i = 0; i < notches; ++i) {
      HEMU_RETURN_IF_ERROR(send_button(wheel_button(direction), true));
      HEMU_RETURN_IF_ERROR(send_button(wheel_button(direction), false));
    }
    return Status();
  }();
  if (!status.ok()) return abort_with(status);
  return finish("scroll");
}

Status X11Input::key(const KeyCombo& combo) {
  HEMU_RETURN_IF_ERROR(keymap_.refresh());
  unsigned long keysym = 0;
  Result<std::vector<char32_t>> code_points = decode_utf8(combo.key);
  if (code_points.ok() && code_points->size() == 1) {
    keysym = keysym_for_code_point((*code_points)[0]);
  } else {
    keysym = XStringToKeysym(combo.key.c_str());
  }
  if (keysym == NoSymbol) return invalid_argument("key: no X keysym named \"" + combo.key + "\"");
  Result<KeyStroke> stroke = keymap_.stroke_for(keysym);
  if (!stroke.ok()) return stroke.status();
  Status status = [&]() -> Status {
    std::vector<unsigned> pressed;
    HEMU_RETURN_IF_ERROR(press_modifiers(combo, stroke->shift, stroke->level3, pressed));
    HEMU_RETURN_IF_ERROR(send_key(stroke->keycode, true));
    HEMU_RETURN_IF_ERROR(send_key(stroke->keycode, false));
    keymap_.note_typed(*stroke);
    return release_keys(pressed);
  }();
  if (!status.ok()) return abort_with(status);
  return finish("key " + key_combo_to_string(combo));
}

Status X11Input::type_text(std::string_view text) {
  Result<std::vector<char32_t>> code_points = decode_utf8(text);
  if (!code_points.ok()) return code_points.status();
  // "\r\n" is one line break, not two.
  for (size_t i = 0; i + 1 < code_points->size(); ++i) {
    if ((*code_points)[i] == '\r' && (*code_points)[i + 1] == '\n') code_points->erase(code_points->begin() + long(i));
  }
  // Refuse before sending anything, so a bad character never leaves half the text typed.
  for (char32_t cp : *code_points) {
    if (keysym_for_code_point(cp) == 0) {
      return invalid_argument("type: cannot type " + code_point_name(cp) +
                              " (a control character; use a key action for special keys)");
    }
  }
  HEMU_RETURN_IF_ERROR(keymap_.refresh());
  size_t typed = 0;
  Status status = [&]() -> Status {
    for (char32_t cp : *code_points) {
      Result<KeyStroke> stroke = keymap_.stroke_for(keysym_for_code_point(cp));
      if (!stroke.ok()) return stroke.status().with_context("type " + code_point_name(cp));
      // Caps Lock turns a letter's level 1 into level 2 and back (bound keys ignore Shift).
      const bool shift = stroke->shift != (keymap_.caps_lock_on() && stroke->cased);
      std::vector<unsigned> pressed;
      HEMU_RETURN_IF_ERROR(press_modifiers(KeyCombo{}, shift, stroke->level3, pressed));
      HEMU_RETURN_IF_ERROR(send_key(stroke->keycode, true));
      HEMU_RETURN_IF_ERROR(send_key(stroke->keycode, false));
      keymap_.note_typed(*stroke);
      HEMU_RETURN_IF_ERROR(release_keys(pressed));
      ++typed;
    }
    return Status();
  }();
  if (!status.ok()) {
    return abort_with(Status(status.code(), "type: " + status.message() + " (typed " + std::to_string(typed) +
                                                " of " + std::to_string(code_points->size()) + " characters)"));
  }
  return finish("type");
}

}  // namespace hemu
