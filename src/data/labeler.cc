#include "data/labeler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hemu {
namespace {

bool is_modifier_keysym(const std::string& k) {
  static const char* const kNames[] = {"Control_L", "Control_R", "Shift_L", "Shift_R", "Alt_L", "Alt_R",
                                       "Meta_L", "Meta_R", "Super_L", "Super_R", "Hyper_L", "Hyper_R",
                                       "ISO_Level3_Shift", "Caps_Lock", "Num_Lock", "Mode_switch"};
  for (const char* name : kNames)
    if (k == name) return true;
  return false;
}

bool has(const std::vector<std::string>& modifiers, const char* m) {
  return std::find(modifiers.begin(), modifiers.end(), m) != modifiers.end();
}

std::string where(int64_t t_us, const char* what, Point p) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "t=%.3f s: %s at [%d, %d]", t_us / 1e6, what, p.x, p.y);
  return buf;
}

class Labeler {
 public:
  Labeler(const std::vector<int64_t>& frames, const LabelerOptions& options) : frames_(frames), options_(options) {}

  void feed(int64_t t, const InputEvent& e) {
    switch (e.kind) {
      case InputKind::kMotion:
        if (pressed_button_ == 1) {
          double d = std::hypot(double(e.position.x - press_at_.x), double(e.position.y - press_at_.y));
          max_distance_ = std::max(max_distance_, d);
        }
        break;
      case InputKind::kButtonPress:
        flush_typing();
        if (e.button == 1 || e.button == 3) {
          pressed_button_ = e.button;
          press_at_ = e.position;
          press_t_ = t;
          max_distance_ = 0;
          press_modifiers_ = e.modifiers;
        } else if (e.button >= 4 && e.button <= 7) {
          // Some servers report the wheel as buttons 4-7 presses: treat them as wheel notches.
          int dy = e.button == 4 ? -1 : e.button == 5 ? 1 : 0, dx = e.button == 6 ? -1 : e.button == 7 ? 1 : 0;
          wheel(t, e.position, dx, dy);
        } else {
          result_.unlabeled.push_back(where(t, ("button " + std::to_string(e.button) + " press").c_str(), e.position));
        }
        break;
      case InputKind::kButtonRelease:
        if (e.button != pressed_button_) break;
        pointer_release(t, e);
        break;
      case InputKind::kWheel:
        flush_typing();
        wheel(t, e.position, e.wheel_dx, e.wheel_dy);
        break;
      case InputKind::kKeyPress:
        key_press(t, e);
        break;
      case InputKind::kKeyRelease:
        break;
    }
  }

  LabelResult finish() {
    flush_typing();
    return std::move(result_);
  }

 private:
  int64_t frame_at(int64_t t) const {
    auto it = std::upper_bound(frames_.begin(), frames_.end(), t);
    return it == frames_.begin() ? -1 : int64_t(it - frames_.begin()) - 1;
  }

  void emit(const Action& a, int64_t t) {
    result_.actions.push_back({a, t, frame_at(t)});
    last_scroll_t_ = -1;
  }

  void pointer_release(int64_t t, const InputEvent& e) {
    int button = pressed_button_;
    pressed_button_ = 0;
    double d = std::max(max_distance_, std::hypot(double(e.position.x - press_at_.x), double(e.position.y - press_at_.y)));
    std::string mods;
    for (const char* m : {"ctrl", "shift", "alt", "super"})
      if (has(press_modifiers_, m)) mods += (mods.empty() ? "" : "+") + std::string(m);
    if (button == 3) {
      Action a = Action::right_click(press_at_);
      a.text = mods;
      emit(a, press_t_);
      return;
    }
    if (d > options_.drag_threshold_px) {
      emit(Action::drag(press_at_, e.position), press_t_);
      return;
    }
    // A second click near the first, soon after it, makes the first a double click.
    if (!result_.actions.empty()) {
      LabeledAction& prev = result_.actions.back();
      if (prev.action.type == ActionType::kLeftClick && prev.action.text == mods &&
          press_t_ - prev.t_us <= int64_t(options_.double_click_ms) * 1000 &&
          std::abs(prev.action.coordinate.x - press_at_.x) <= options_.double_click_px &&
          std::abs(prev.action.coordinate.y - press_at_.y) <= options_.double_click_px) {
        prev.action.type = ActionType::kDoubleClick;
        return;
      }
    }
    Action a = Action::left_click(press_at_);
    a.text = mods;
    emit(a, press_t_);
  }

  void wheel(int64_t t, Point p, int dx, int dy) {
    if (dx == 0 && dy == 0) return;
    ScrollDirection dir = dy > 0   ? ScrollDirection::kDown
                          : dy < 0 ? ScrollDirection::kUp
                          : dx > 0 ? ScrollDirection::kRight
                                   : ScrollDirection::kLeft;
    int notches = std::abs(dy != 0 ? dy : dx);
    if (!result_.actions.empty() && last_scroll_t_ >= 0) {
      LabeledAction& prev = result_.actions.back();
      if (prev.action.type == ActionType::kScroll && prev.action.scroll_direction == dir &&
          t - last_scroll_t_ <= int64_t(options_.scroll_merge_ms) * 1000) {
        prev.action.scroll_amount += notches;
        last_scroll_t_ = t;
        return;
      }
    }
    emit(Action::scroll(p, dir, notches), t);
    last_scroll_t_ = t;
  }

  void key_press(int64_t t, const InputEvent& e) {
    if (is_modifier_keysym(e.keysym)) return;
    bool command = has(e.modifiers, "ctrl") || has(e.modifiers, "alt") || has(e.modifiers, "super");
    bool printable = !e.text.empty() && uint8_t(e.text[0]) >= 0x20 && e.text != "\x7f";
    if (!command && printable && e.keysym != "Return" && e.keysym != "Tab") {
      if (typing_.empty()) typing_t_ = t;
      typing_ += e.text;
      return;
    }
    if (!command && e.keysym == "BackSpace" && !typing_.empty()) {
      // A correction: remove the last code point of what is being typed.
      size_t cut = typing_.size() - 1;
      while (cut > 0 && (uint8_t(typing_[cut]) & 0xC0) == 0x80) --cut;
      typing_.erase(cut);
      return;
    }
    flush_typing();
    KeyCombo combo;
    combo.ctrl = has(e.modifiers, "ctrl");
    combo.alt = has(e.modifiers, "alt");
    combo.super = has(e.modifiers, "super");
    // Shift is part of the key for printable characters ("A", "!"); keep it for named keys.
    combo.shift = has(e.modifiers, "shift") && (e.keysym.size() > 1 || command);
    combo.key = e.keysym.size() == 1 && command ? std::string(1, char(std::tolower(uint8_t(e.keysym[0])))) : e.keysym;
    emit(Action::key(key_combo_to_string(combo)), t);
  }

  void flush_typing() {
    if (typing_.empty()) return;
    emit(Action::type_text(typing_), typing_t_);
    typing_.clear();
  }

  const std::vector<int64_t>& frames_;
  LabelerOptions options_;
  LabelResult result_;
  int pressed_button_ = 0;
  Point press_at_;
  int64_t press_t_ = 0;
  double max_distance_ = 0;
  std::vector<std::string> press_modifiers_;
  std::string typing_;
  int64_t typing_t_ = 0;
  int64_t last_scroll_t_ = -1;
};

}  // namespace

LabelResult label_input_events(const std::vector<TraceEvent>& events, const std::vector<int64_t>& frame_times_us,
                               const LabelerOptions& options) {
  Labeler labeler(frame_times_us, options);
  for (const TraceEvent& e : events)
    if (const InputEvent* input = e.input()) labeler.feed(e.t_us, *input);
  return labeler.finish();
}

}  // namespace hemu
