// X11Recorder: a person's input on an X display, as hemu InputEvents, via the RECORD extension.
//
//   auto recorder = X11Recorder::open(":99");
//   auto inputs = (*recorder)->wait(/*timeout_ms=*/50);   // everything that arrived, decoded
//
// RECORD needs two connections: a control connection that creates the context (XRecordAllClients,
// device events KeyPress..MotionNotify) and looks up keyboard mappings, and a data connection
// that only carries the intercepted events (XRecordEnableContextAsync + XRecordProcessReplies).
// Events from every source are seen: real devices and XTEST alike. Each event is stamped with
// monotonic_us() when hemu reads it, the clock frames use. Buttons 4-7 become wheel notches
// (press only); key events carry the keysym at the shift level of the event's state, the held
// modifiers ("ctrl", "shift", "alt", "super") and, for a printable keysym without ctrl/alt/super,
// its UTF-8 text. The keyboard mapping is read per key event, so keys bound on the fly (the
// keymap's spare keycodes) decode correctly.
//
// Not thread-safe: one thread owns a recorder.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "data/trace_event.h"
#include "x11/x11_connection.h"

namespace hemu {

struct RecordedInput {
  int64_t time_us = 0;  // monotonic_us() when hemu read it
  InputEvent event;
};

class X11Recorder {
 public:
  // kUnavailable when the display cannot be reached or lacks the RECORD extension.
  static Result<std::unique_ptr<X11Recorder>> open(const std::string& display_name);
  ~X11Recorder();  // disables and frees the context
  X11Recorder(const X11Recorder&) = delete;
  X11Recorder& operator=(const X11Recorder&) = delete;

  // Returns the input that arrived since the last call, waiting up to `timeout_ms` for the first
  // event when none is pending. kUnavailable when the server went away.
  Result<std::vector<RecordedInput>> wait(int timeout_ms);

 private:
  X11Recorder() = default;
  static void on_intercept(char* closure, void* data);  // XRecordInterceptProc, data: XRecordInterceptData*
  void decode(const unsigned char* wire_event, int64_t time_us);
  std::string keysym_name_for(unsigned keycode, unsigned state, std::string& text);

  std::unique_ptr<X11Connection> control_;
  std::unique_ptr<X11Connection> data_;
  unsigned long context_ = 0;  // XRecordContext
  std::vector<RecordedInput> pending_;
};

// The UTF-8 text a keysym types: Latin-1 keysyms directly, 0x01000000 | cp as cp; "" for
// control characters and keysyms without a character (Return, Shift_L).
std::string text_for_keysym(unsigned long keysym);

}  // namespace hemu
