// Action: one keyboard or mouse act, in the computer-use tool convention (docs/actions.md).
//
//   {"action":"left_click","coordinate":[x,y]}          left_click, double_click, right_click, mouse_move
//   {"action":"left_click_drag","start_coordinate":[x,y],"coordinate":[x,y]}
//   {"action":"scroll","coordinate":[x,y],"scroll_direction":"down","scroll_amount":3}
//   {"action":"type","text":"hello"}                    {"action":"key","text":"ctrl+s"}
//   {"action":"wait","duration":0.5}                    {"action":"done"}
//
// Coordinates are screen pixels. Value type.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.h"
#include "core/status.h"

namespace hemu {

enum class ActionType {
  kLeftClick,
  kDoubleClick,
  kRightClick,
  kMouseMove,
  kLeftClickDrag,
  kScroll,
  kType,
  kKey,
  kWait,
  kDone,
};
inline constexpr int kActionTypeCount = 10;

enum class ScrollDirection { kUp, kDown, kLeft, kRight };

// Limits that validate_action enforces. Coordinates stop at 32767 because the X11 protocol carries
// them as signed 16-bit values; larger numbers on the wire are a model's mistake, not a screen.
inline constexpr int kMaxCoordinatePx = 32767;
inline constexpr int kMaxScrollAmount = 100;      // wheel notches per scroll action
inline constexpr double kMaxWaitSeconds = 60.0;   // longer waits belong to the caller's timeout
inline constexpr double kDefaultWaitSeconds = 1.0;  // a "wait" without "duration"

struct Action {
  ActionType type = ActionType::kWait;
  Point coordinate;         // target (clicks, move, scroll, drag end)
  Point start_coordinate;   // drag start (left_click_drag only)
  std::string text;         // type: the text; key: the combination ("ctrl+a", "Return")
  ScrollDirection scroll_direction = ScrollDirection::kDown;
  int scroll_amount = 0;    // wheel notches, >= 1 for scroll
  double duration_s = 0.0;  // wait only

  friend bool operator==(const Action&, const Action&) = default;

  static Action left_click(Point p) { return make(ActionType::kLeftClick, p); }
  static Action double_click(Point p) { return make(ActionType::kDoubleClick, p); }
  static Action right_click(Point p) { return make(ActionType::kRightClick, p); }
  static Action mouse_move(Point p) { return make(ActionType::kMouseMove, p); }
  static Action drag(Point from, Point to) {
    Action a = make(ActionType::kLeftClickDrag, to);
    a.start_coordinate = from;
    return a;
  }
  static Action scroll(Point p, ScrollDirection direction, int amount) {
    Action a = make(ActionType::kScroll, p);
    a.scroll_direction = direction;
    a.scroll_amount = amount;
    return a;
  }
  static Action type_text(std::string text) {
    Action a;
    a.type = ActionType::kType;
    a.text = std::move(text);
    return a;
  }
  static Action key(std::string combo) {
    Action a;
    a.type = ActionType::kKey;
    a.text = std::move(combo);
    return a;
  }
  static Action wait(double seconds) {
    Action a;
    a.type = ActionType::kWait;
    a.duration_s = seconds;
    return a;
  }
  static Action done() {
    Action a;
    a.type = ActionType::kDone;
    return a;
  }

  // True for actions that carry a `coordinate`.
  bool has_coordinate() const;

 private:
  static Action make(ActionType t, Point p) {
    Action a;
    a.type = t;
    a.coordinate = p;
    return a;
  }
};

// "left_click", "scroll", ... and back. Names are the wire names of docs/actions.md.
const char* action_type_name(ActionType type);
Result<ActionType> action_type_from_name(std::string_view name);
const char* scroll_direction_name(ScrollDirection direction);
Result<ScrollDirection> scroll_direction_from_name(std::string_view name);

// Parses one action object. Errors name the field and what was expected, e.g.
// "action JSON: field 'coordinate': expected [x, y] with two integers, got [12]".
Result<Action> action_from_json(std::string_view json_text);
// Compact JSON with only the fields the action type uses.
std::string action_to_json(const Action& action);

// Checks fields against the type (non-negative coordinates, scroll_amount >= 1, non-empty text
// for type/key, a well-formed key combination). `action_from_json` calls this.
Status validate_action(const Action& action);

// A parsed key combination: "ctrl+shift+t" -> modifiers {ctrl, shift}, key "t".
struct KeyCombo {
  bool ctrl = false, shift = false, alt = false, super = false;
  std::string key;  // canonical X keysym-style name: "a", "Return", "BackSpace", "F5", "Tab"
  friend bool operator==(const KeyCombo&, const KeyCombo&) = default;
};
// Accepts "ctrl+a", "Control_L+a", "shift+Tab", "Return", "enter", "Escape", "esc", "F1".."F24",
// "Up"/"Down"/"Left"/"Right", "Home", "End", "Page_Up", "Page_Down", "Delete", "BackSpace",
// "space", single printable characters. Modifier names are case-insensitive.
Result<KeyCombo> parse_key_combo(std::string_view text);
std::string key_combo_to_string(const KeyCombo& combo);

}  // namespace hemu
