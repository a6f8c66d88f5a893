// X11Keymap: how to produce a given keysym with the server's current keyboard mapping.
//
// A keysym found in the core mapping is typed with its keycode at level 1 (no modifier), level 2
// (Shift) or level 3/4 (AltGr, when an ISO_Level3_Shift key is in the modifier map). A keysym the
// layout lacks ("€" or "ß" on a US layout) is bound to a spare keycode (one with no keysyms and no
// modifier role) with XChangeKeyboardMapping, synced, so every client receives the MappingNotify
// before the key event.
//
// Why bindings are not undone right after the key event: clients read the new mapping lazily, when
// they look the key up, which may be after we sent the event. Undoing the binding at once races
// with that lookup and the character arrives as nothing. So a binding stays while the keymap
// object lives and is reused for the same keysym; restore() (called by the destructor) puts every
// spare keycode back to NoSymbol, after waiting until kRebindGraceMs have passed since the key's
// last use. When all spare keycodes are taken, the least recently used one is rebound under the
// same grace rule.
//
// Not thread-safe; uses the connection's thread.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "x11/x11_connection.h"

namespace hemu {

// Time a client gets to look up a temporarily bound key before that keycode changes again.
inline constexpr int kRebindGraceMs = 250;

// One key press that yields a keysym: the keycode and the modifier keys to hold around it.
struct KeyStroke {
  unsigned keycode = 0;
  bool shift = false;
  bool level3 = false;  // AltGr
  bool bound = false;   // the keycode is one of our temporary bindings
  bool cased = false;   // a letter with upper and lower case (Caps Lock swaps its levels)
};

class X11Keymap {
 public:
  explicit X11Keymap(X11Connection& connection) : connection_(connection) {}
  ~X11Keymap();  // restore()
  X11Keymap(const X11Keymap&) = delete;
  X11Keymap& operator=(const X11Keymap&) = delete;

  // Re-reads the keyboard and modifier mappings (one round trip each); cheap enough to call before
  // every key or type action, so a layout switched by someone else is noticed.
  Status refresh();
  // A way to type `keysym`: existing key first (fewest modifiers), else a temporary binding.
  Result<KeyStroke> stroke_for(unsigned long keysym);
  // A keycode that carries `keysym` at level 1 or 2 (for modifier keys), or 0.
  unsigned find_keycode(unsigned long keysym) const;
  // Records that a bound keycode was just typed (starts its grace period).
  void note_typed(const KeyStroke& stroke);
  // Puts every temporarily bound keycode back to NoSymbol (waits out the grace period first).
  Status restore();
  size_t bound_count() const { return bindings_.size(); }
  // The AltGr key (ISO_Level3_Shift in the modifier map) or 0; valid after refresh().
  unsigned level3_keycode() const { return level3_keycode_; }
  // Caps Lock was on at the last refresh(): typing flips Shift for letters.
  bool caps_lock_on() const { return caps_lock_on_; }

 private:
  unsigned long keysym_at(unsigned keycode, int index) const;
  Result<unsigned> bind_spare(unsigned long keysym);

  struct Binding {
    unsigned keycode = 0;
    unsigned long keysym = 0;
    int64_t last_used_us = 0;
  };
  X11Connection& connection_;
  int min_keycode_ = 8, max_keycode_ = 255, per_keycode_ = 0;
  std::vector<unsigned long> keysyms_;     // (max - min + 1, per_keycode_) from XGetKeyboardMapping
  std::vector<uint8_t> modifier_bits_;     // per keycode: bit i set if the key is in modifier i
  unsigned level3_keycode_ = 0;            // an ISO_Level3_Shift key in the modifier map, or 0
  bool caps_lock_on_ = false;
  std::vector<Binding> bindings_;
  bool loaded_ = false;
};

// The keysym that types Unicode code point `cp`: Latin-1 directly, '\n'/'\r' Return, '\t' Tab,
// '\b' BackSpace, other control characters 0 (untypable), everything else 0x01000000 | cp.
unsigned long keysym_for_code_point(char32_t cp);
// Decodes UTF-8 (hemu validates text before; malformed bytes give kInvalidArgument).
Result<std::vector<char32_t>> decode_utf8(std::string_view text);

}  // namespace hemu
