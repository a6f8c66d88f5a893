#include "x11/x11_recorder.h"

#include <poll.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/clock.h"
#include "x11/x11_headers.h"

// record.h uses Xlib's `Status` macro, which x11_headers.h removed: restore it around the include.
#define Status int
#include <X11/Xproto.h>
#include <X11/extensions/record.h>
#undef Status

namespace hemu {
namespace {

constexpr int kWheelUpButton = 4, kWheelDownButton = 5, kWheelLeftButton = 6, kWheelRightButton = 7;

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

std::vector<std::string> modifier_names(unsigned state) {
  std::vector<std::string> names;
  if (state & ControlMask) names.push_back("ctrl");
  if (state & ShiftMask) names.push_back("shift");
  if (state & Mod1Mask) names.push_back("alt");
  if (state & Mod4Mask) names.push_back("super");
  return names;
}

}  // namespace

std::string text_for_keysym(unsigned long keysym) {
  char32_t cp = 0;
  if ((keysym >= 0x20 && keysym <= 0x7E) || (keysym >= 0xA0 && keysym <= 0xFF)) {
    cp = char32_t(keysym);  // Latin-1 keysyms are their code points
  } else if ((keysym & 0xFF000000UL) == 0x01000000UL) {
    cp = char32_t(keysym & 0x00FFFFFFUL);
  }
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp > 0x10FFFF) return "";
  std::string text;
  append_utf8(text, cp);
  return text;
}

Result<std::unique_ptr<X11Recorder>> X11Recorder::open(const std::string& display_name) {
  std::unique_ptr<X11Recorder> recorder(new X11Recorder());
  auto control = X11Connection::open(display_name);
  if (!control.ok()) return control.status();
  recorder->control_ = std::move(*control);
  Display* control_display = recorder->control_->display();
  int major = 0, minor = 0;
  if (!recorder->control_->has_extension("RECORD") || !XRecordQueryVersion(control_display, &major, &minor))
    return unavailable("display " + recorder->control_->display_name() +
                       " has no RECORD extension (Xvfb/Xorg: +extension RECORD)");

  XRecordRange* range = XRecordAllocRange();
  if (range == nullptr) return internal_error("XRecordAllocRange failed");
  range->device_events.first = KeyPress;
  range->device_events.last = MotionNotify;
  XRecordClientSpec clients = XRecordAllClients;
  recorder->context_ = XRecordCreateContext(control_display, /*datum_flags=*/0, &clients, 1, &range, 1);
  XFree(range);
  if (auto st = recorder->control_->sync_and_check("XRecordCreateContext"); !st.ok()) return st;
  if (recorder->context_ == 0) return unavailable("XRecordCreateContext returned no context");

  // The data connection carries nothing but the intercepted events.
  auto data = X11Connection::open(recorder->control_->display_name());
  if (!data.ok()) return data.status();
  recorder->data_ = std::move(*data);
  if (!XRecordEnableContextAsync(recorder->data_->display(), recorder->context_,
                                 [](XPointer closure, XRecordInterceptData* intercepted) {
                                   X11Recorder::on_intercept(closure, intercepted);
                                 },
                                 reinterpret_cast<XPointer>(recorder.get())))
    return unavailable("XRecordEnableContextAsync failed");
  XFlush(recorder->data_->display());
  return recorder;
}

X11Recorder::~X11Recorder() {
  if (context_ == 0 || !control_ || control_->lost()) return;
  XRecordDisableContext(control_->display(), context_);
  XSync(control_->display(), False);
  if (data_ && !data_->lost()) XRecordProcessReplies(data_->display());  // drains the end-of-data reply
  XRecordFreeContext(control_->display(), context_);
  XSync(control_->display(), False);
}

void X11Recorder::on_intercept(char* closure, void* data) {
  auto* self = reinterpret_cast<X11Recorder*>(closure);
  auto* intercepted = static_cast<XRecordInterceptData*>(data);
  if (intercepted->category == XRecordFromServer && intercepted->data_len * 4 >= sz_xEvent)
    self->decode(intercepted->data, monotonic_us());
  XRecordFreeData(intercepted);
}

Result<std::vector<RecordedInput>> X11Recorder::wait(int timeout_ms) {
  Display* display = data_->display();
  const int64_t deadline_us = monotonic_us() + int64_t(timeout_ms) * 1000;
  XRecordProcessReplies(display);
  while (pending_.empty()) {
    if (data_->lost()) return unavailable("X recorder: the display went away");
    const int64_t left_ms = (deadline_us - monotonic_us()) / 1000;
    if (left_ms <= 0) break;
    pollfd fd{ConnectionNumber(display), POLLIN, 0};
    const int ready = poll(&fd, 1, int(left_ms));
    if (ready < 0 && errno != EINTR) return io_error(std::string("X recorder: poll: ") + std::strerror(errno));
    if (ready < 0) break;  // a signal: let the caller look at its stop flag
    if (ready > 0) XRecordProcessReplies(display);
  }
  if (data_->lost()) return unavailable("X recorder: the display went away");
  std::vector<RecordedInput> out;
  out.swap(pending_);
  return out;
}

void X11Recorder::decode(const unsigned char* wire_event, int64_t time_us) {
  xEvent event;
  std::memcpy(&event, wire_event, sizeof event);
  const int type = event.u.u.type & 0x7F;
  const unsigned detail = event.u.u.detail;
  const unsigned state = event.u.keyButtonPointer.state;
  InputEvent input;
  input.position = {event.u.keyButtonPointer.rootX, event.u.keyButtonPointer.rootY};
  input.modifiers = modifier_names(state);
  switch (type) {
    case MotionNotify:
      input.kind = InputKind::kMotion;
      input.modifiers.clear();
      break;
    case ButtonPress:
    case ButtonRelease:
      if (detail >= kWheelUpButton && detail <= kWheelRightButton) {
        if (type == ButtonRelease) return;  // a notch is one press
        input.kind = InputKind::kWheel;
        input.wheel_dy = detail == kWheelUpButton ? -1 : detail == kWheelDownButton ? 1 : 0;
        input.wheel_dx = detail == kWheelLeftButton ? -1 : detail == kWheelRightButton ? 1 : 0;
      } else {
        input.kind = type == ButtonPress ? InputKind::kButtonPress : InputKind::kButtonRelease;
        input.button = int(detail);
      }
      break;
    case KeyPress:
    case KeyRelease: {
      input.kind = type == KeyPress ? InputKind::kKeyPress : InputKind::kKeyRelease;
      std::string text;
      input.keysym = keysym_name_for(detail, state, text);
      if (type == KeyPress && !(state & (ControlMask | Mod1Mask | Mod4Mask))) input.text = text;
      break;
    }
    default: return;
  }
  pending_.push_back({time_us, std::move(input)});
}

std::string X11Recorder::keysym_name_for(unsigned keycode, unsigned state, std::string& text) {
  // Read per event (one round trip): a person types slowly, and keys rebound on the fly stay right.
  Display* display = control_->display();
  int per_keycode = 0;
  KeySym* syms = XGetKeyboardMapping(display, KeyCode(keycode), 1, &per_keycode);
  KeySym lower = NoSymbol, upper = NoSymbol;
  if (syms != nullptr) {
    if (per_keycode > 0) lower = syms[0];
    if (per_keycode > 1) upper = syms[1];
    XFree(syms);
  }
  if (upper == NoSymbol) {
    KeySym converted_lower = NoSymbol, converted_upper = NoSymbol;
    XConvertCase(lower, &converted_lower, &converted_upper);
    lower = converted_lower;
    upper = converted_upper;
  }
  bool shifted = state & ShiftMask;
  KeySym case_lower = NoSymbol, case_upper = NoSymbol;
  XConvertCase(lower, &case_lower, &case_upper);
  if ((state & LockMask) && case_lower != case_upper) shifted = !shifted;  // Caps Lock acts on letters only
  const KeySym keysym = shifted && upper != NoSymbol ? upper : lower;
  if (keysym == NoSymbol) {
    text.clear();
    return "keycode_" + std::to_string(keycode);
  }
  text = text_for_keysym(keysym);
  const char* name = XKeysymToString(keysym);
  if (name != nullptr) return name;
  char hex[24];
  std::snprintf(hex, sizeof hex, "0x%lx", keysym);
  return hex;
}

}  // namespace hemu
