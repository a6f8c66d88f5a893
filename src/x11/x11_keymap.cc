#include "x11/x11_keymap.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include "core/clock.h"
#include "x11/x11_headers.h"

namespace hemu {

unsigned long keysym_for_code_point(char32_t cp) {
  switch (cp) {
    case '\n':
    case '\r': return XK_Return;
    case '\t': return XK_Tab;
    case '\b': return XK_BackSpace;
    case 0x1b: return XK_Escape;
    case 0x7f: return XK_Delete;
    case 0x20ac: return XK_EuroSign;  // the one legacy keysym every European layout carries
  }
  if (cp < 0x20 || (cp >= 0x80 && cp < 0xa0)) return 0;
  if (cp <= 0xff) return cp;  // Latin-1 keysyms equal their code points
  if (cp > 0x10ffff) return 0;
  return 0x01000000ul | cp;
}

Result<std::vector<char32_t>> decode_utf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const uint8_t b0 = uint8_t(text[i]);
    const int length = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xe ? 3 : (b0 >> 3) == 0x1e ? 4 : 0;
    if (length == 0 || i + length > text.size()) {
      return invalid_argument("text is not valid UTF-8 at byte " + std::to_string(i));
    }
    char32_t cp = length == 1 ? b0 : length == 2 ? (b0 & 0x1f) : length == 3 ? (b0 & 0x0f) : (b0 & 0x07);
    for (int k = 1; k < length; ++k) {
      const uint8_t b = uint8_t(text[i + k]);
      if ((b & 0xc0) != 0x80) return invalid_argument("text is not valid UTF-8 at byte " + std::to_string(i + k));
      cp = (cp << 6) | (b & 0x3f);
    }
    out.push_back(cp);
    i += size_t(length);
  }
  return out;
}

X11Keymap::~X11Keymap() { (void)restore(); }

Status X11Keymap::refresh() {
  if (connection_.lost()) return unavailable("keyboard mapping: connection to X display lost");
  Display* display = connection_.display();
  XDisplayKeycodes(display, &min_keycode_, &max_keycode_);
  const int count = max_keycode_ - min_keycode_ + 1;
  KeySym* syms = XGetKeyboardMapping(display, KeyCode(min_keycode_), count, &per_keycode_);
  if (syms == nullptr) {
    HEMU_RETURN_IF_ERROR(connection_.sync_and_check("read the keyboard mapping"));
    return unavailable("read the keyboard mapping: XGetKeyboardMapping returned nothing");
  }
  keysyms_.assign(syms, syms + size_t(count) * per_keycode_);
  XFree(syms);

  modifier_bits_.assign(size_t(max_keycode_) + 1, 0);
  level3_keycode_ = 0;
  if (XModifierKeymap* modifiers = XGetModifierMapping(display)) {
    for (int modifier = 0; modifier < 8; ++modifier) {
      for (int k = 0; k < modifiers->max_keypermod; ++k) {
        const unsigned keycode = modifiers->modifiermap[modifier * modifiers->max_keypermod + k];
        if (keycode == 0 || keycode > unsigned(max_keycode_)) continue;
        modifier_bits_[keycode] |= uint8_t(1u << modifier);
        if (level3_keycode_ == 0 && keysym_at(keycode, 0) == XK_ISO_Level3_Shift) level3_keycode_ = keycode;
      }
    }
    XFreeModifiermap(modifiers);
  }
  XkbStateRec state{};
  caps_lock_on_ = XkbGetState(display, XkbUseCoreKbd, &state) == Success && (state.locked_mods & LockMask) != 0;
  loaded_ = true;
  return connection_.sync_and_check("read the keyboard mapping");
}

unsigned long X11Keymap::keysym_at(unsigned keycode, int index) const {
  if (keycode < unsigned(min_keycode_) || keycode > unsigned(max_keycode_) || index >= per_keycode_) return 0;
  return keysyms_[size_t(keycode - min_keycode_) * per_keycode_ + index];
}

unsigned X11Keymap::find_keycode(unsigned long keysym) const {
  for (int index = 0; index < std::min(per_keycode_, 2); ++index) {
    for (int keycode = min_keycode_; keycode <= max_keycode_; ++keycode) {
      if (keysym_at(keycode, index) == keysym) return unsigned(keycode);
    }
  }
  return 0;
}

Result<KeyStroke> X11Keymap::stroke_for(unsigned long keysym) {
  if (!loaded_) HEMU_RETURN_IF_ERROR(refresh());
  // Core-protocol rule: a pair (K, NoSymbol) means (lower(K), upper(K)). Levels 3/4 sit at
  // indices 4/5 of the core mapping when the server runs XKB.
  for (const Binding& b : bindings_) {
    if (b.keysym == keysym) return KeyStroke{b.keycode, false, false, true};
  }
  std::optional<KeyStroke> best;
  int best_rank = 99;
  for (int keycode = min_keycode_; keycode <= max_keycode_; ++keycode) {
    for (int pair : {0, 4}) {
      if (pair == 4 && level3_keycode_ == 0) continue;
      unsigned long first = keysym_at(keycode, pair), second = keysym_at(keycode, pair + 1);
      if (second == NoSymbol) {
        KeySym lower = 0, upper = 0;
        XConvertCase(first, &lower, &upper);
        if (lower != upper) first = lower, second = upper;
        else second = first;
      }
      for (int shift = 0; shift < 2; ++shift) {
        const int rank = pair + shift;
        if ((shift ? second : first) != keysym || rank >= best_rank) continue;
        KeySym lower = 0, upper = 0;
        XConvertCase(keysym, &lower, &upper);
        best = KeyStroke{unsigned(keycode), shift == 1, pair == 4, false, lower != upper};
        best_rank = rank;
      }
    }
    if (best_rank == 0) break;
  }
  if (best) return *best;
  Result<unsigned> keycode = bind_spare(keysym);
  if (!keycode.ok()) return keycode.status();
  return KeyStroke{*keycode, false, false, true};
}

Result<unsigned> X11Keymap::bind_spare(unsigned long keysym) {
  auto is_bound = [&](unsigned keycode) {
    return std::any_of(bindings_.begin(), bindings_.end(), [&](const Binding& b) { return b.keycode == keycode; });
  };
  unsigned spare = 0;
  for (int keycode = max_keycode_; keycode >= min_keycode_ && spare == 0; --keycode) {
    bool empty = modifier_bits_[size_t(keycode)] == 0 && !is_bound(unsigned(keycode));
    for (int index = 0; index < per_keycode_ && empty; ++index) empty = keysym_at(keycode, index) == NoSymbol;
    if (empty) spare = unsigned(keycode);
  }
  Binding* slot = nullptr;
  if (spare == 0) {
    if (bindings_.empty()) {
      char name[32];
      std::snprintf(name, sizeof name, "0x%lx", keysym);
      return unavailable(std::string("cannot type keysym ") + name +
                         ": the keymap lacks it and has no spare keycode to bind it to");
    }
    // Recycle the least recently used binding, once its last key event has had time to be read.
    slot = &*std::min_element(bindings_.begin(), bindings_.end(),
                              [](const Binding& a, const Binding& b) { return a.last_used_us < b.last_used_us; });
    const int64_t wait_us = slot->last_used_us + kRebindGraceMs * 1000 - monotonic_us();
    if (wait_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait_us));
    spare = slot->keycode;
  }
  KeySym syms[2] = {KeySym(keysym), KeySym(keysym)};  // same keysym with and without Shift
  XChangeKeyboardMapping(connection_.display(), int(spare), 2, syms, 1);
  // The sync makes the server send MappingNotify to every client before our key event.
  HEMU_RETURN_IF_ERROR(connection_.sync_and_check("bind a spare keycode for typing"));
  if (slot) {
    slot->keysym = keysym;
  } else {
    bindings_.push_back({spare, keysym, 0});
  }
  for (int index = 0; index < per_keycode_; ++index) {
    keysyms_[size_t(spare - min_keycode_) * per_keycode_ + index] = index < 2 ? keysym : NoSymbol;
  }
  return spare;
}

void X11Keymap::note_typed(const KeyStroke& stroke) {
  if (!stroke.bound) return;
  for (Binding& b : bindings_) {
    if (b.keycode == stroke.keycode) b.last_used_us = monotonic_us();
  }
}

Status X11Keymap::restore() {
  if (bindings_.empty()) return Status();
  if (connection_.lost()) {
    bindings_.clear();
    return unavailable("restore the keyboard mapping: connection to X display lost");
  }
  int64_t last_used = 0;
  for (const Binding& b : bindings_) last_used = std::max(last_used, b.last_used_us);
  const int64_t wait_us = last_used + kRebindGraceMs * 1000 - monotonic_us();
  if (wait_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait_us));
  for (const Binding& b : bindings_) {
    KeySym none = NoSymbol;
    XChangeKeyboardMapping(connection_.display(), int(b.keycode), 1, &none, 1);
    for (int index = 0; index < per_keycode_; ++index)
      keysyms_[size_t(b.keycode - min_keycode_) * per_keycode_ + index] = NoSymbol;
  }
  bindings_.clear();
  return connection_.sync_and_check("restore the keyboard mapping");
}

}  // namespace hemu
