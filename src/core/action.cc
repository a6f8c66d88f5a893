#include "core/action.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

#include "core/json.h"

namespace hemu {
namespace {

constexpr std::array<const char*, kActionTypeCount> kActionNames = {
    "left_click", "double_click", "right_click", "mouse_move", "left_click_drag",
    "scroll",     "type",         "key",         "wait",       "done",
};
constexpr std::array<const char*, 4> kScrollDirectionNames = {"up", "down", "left", "right"};

// The optional fields of the wire format, in the order action_to_json writes them.
enum Field : unsigned {
  kStartCoordinate = 1 << 0,
  kCoordinate = 1 << 1,
  kScrollDirection = 1 << 2,
  kScrollAmount = 1 << 3,
  kText = 1 << 4,
  kDuration = 1 << 5,
};
constexpr std::array<std::pair<Field, const char*>, 6> kFieldNames = {{
    {kStartCoordinate, "start_coordinate"},
    {kCoordinate, "coordinate"},
    {kScrollDirection, "scroll_direction"},
    {kScrollAmount, "scroll_amount"},
    {kText, "text"},
    {kDuration, "duration"},
}};

// Fields each action type accepts besides "action". All are required except "duration".
unsigned fields_of(ActionType type) {
  switch (type) {
    case ActionType::kLeftClick:
    case ActionType::kDoubleClick:
    case ActionType::kRightClick: return kCoordinate | kText;  // text: modifiers held, optional
    case ActionType::kMouseMove: return kCoordinate;
    case ActionType::kLeftClickDrag: return kStartCoordinate | kCoordinate;
    case ActionType::kScroll: return kCoordinate | kScrollDirection | kScrollAmount;
    case ActionType::kType:
    case ActionType::kKey: return kText;
    case ActionType::kWait: return kDuration;
    case ActionType::kDone: return 0;
  }
  return 0;
}

bool valid_type(ActionType type) { return int(type) >= 0 && int(type) < kActionTypeCount; }

// A JSON value for "got ..." in messages: compact, cut at ~60 bytes on a UTF-8 boundary.
std::string brief(const Json& value) {
  constexpr size_t kMaxBytes = 60;
  std::string text = value.dump();
  if (text.size() <= kMaxBytes) return text;
  size_t cut = kMaxBytes;
  while (cut > 0 && (uint8_t(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

// 'name' with JSON escapes, so a key holding control characters cannot garble a log line.
std::string quoted_field(const std::string& name) {
  std::string escaped = Json(name.substr(0, 40)).dump();
  return "'" + escaped.substr(1, escaped.size() - 2) + (name.size() > 40 ? "...'" : "'");
}

// Range checks shared by action_from_json (before narrowing to int) and validate_action.
Status check_point(const char* field, int64_t x, int64_t y) {
  if (x < 0 || y < 0 || x > kMaxCoordinatePx || y > kMaxCoordinatePx) {
    return invalid_argument(std::string("field '") + field + "': x and y must be integers from 0 to " +
                            std::to_string(kMaxCoordinatePx) + ", got [" + std::to_string(x) + "," +
                            std::to_string(y) + "]");
  }
  return Status();
}

std::string scroll_amount_expectation() {
  return "field 'scroll_amount': expected an integer from 1 to " + std::to_string(kMaxScrollAmount);
}

Status check_scroll_amount(int64_t amount) {
  if (amount < 1 || amount > kMaxScrollAmount) {
    return invalid_argument(scroll_amount_expectation() + ", got " + std::to_string(amount));
  }
  return Status();
}

std::string duration_expectation() {
  return "field 'duration': expected a number of seconds from 0 to " + Json(kMaxWaitSeconds).dump();
}

Status check_duration(double seconds) {
  if (!(seconds >= 0.0 && seconds <= kMaxWaitSeconds)) {  // also rejects NaN
    return invalid_argument(duration_expectation() + ", got " + Json(seconds).dump());
  }
  return Status();
}

bool is_click(ActionType type) {
  return type == ActionType::kLeftClick || type == ActionType::kDoubleClick || type == ActionType::kRightClick;
}

// A click's optional "text": modifiers held during the click, e.g. "ctrl" or "ctrl+shift".
Status check_click_modifiers(const std::string& text) {
  if (text.empty()) return Status();
  Result<KeyCombo> combo = parse_key_combo(text + "+a");
  if (!combo.ok() || combo->key != "a" || text.find("+a") != std::string::npos || text == "a")
    return invalid_argument("field 'text': expected modifier keys held during the click (\"ctrl\", \"shift\", "
                            "\"ctrl+shift\"), got " + Json(text).dump());
  return Status();
}

// Everything validate_action checks, with messages that start at "field '...'" so both callers
// can add their own prefix.
Status check_fields(const Action& action) {
  switch (action.type) {
    case ActionType::kLeftClick:
    case ActionType::kDoubleClick:
    case ActionType::kRightClick:
      HEMU_RETURN_IF_ERROR(check_point("coordinate", action.coordinate.x, action.coordinate.y));
      return check_click_modifiers(action.text);
    case ActionType::kMouseMove:
      return check_point("coordinate", action.coordinate.x, action.coordinate.y);
    case ActionType::kLeftClickDrag:
      HEMU_RETURN_IF_ERROR(check_point("start_coordinate", action.start_coordinate.x, action.start_coordinate.y));
      return check_point("coordinate", action.coordinate.x, action.coordinate.y);
    case ActionType::kScroll: {
      HEMU_RETURN_IF_ERROR(check_point("coordinate", action.coordinate.x, action.coordinate.y));
      const int direction = int(action.scroll_direction);
      if (direction < 0 || direction >= int(kScrollDirectionNames.size())) {
        return invalid_argument("field 'scroll_direction': not a ScrollDirection (" +
                                std::to_string(direction) + ")");
      }
      return check_scroll_amount(action.scroll_amount);
    }
    case ActionType::kType:
      if (action.text.empty()) return invalid_argument("field 'text': expected the text to type, got \"\"");
      if (!is_valid_utf8(action.text)) return invalid_argument("field 'text': not valid UTF-8");
      // Control characters other than newline and tab have no key a person could press; every
      // screen refuses them the same way (X11 cannot type them, the sim must not accept them).
      for (char c : action.text)
        if ((uint8_t(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') || uint8_t(c) == 0x7f) {
          char code[16];
          std::snprintf(code, sizeof code, "U+%04X", unsigned(uint8_t(c)));
          return invalid_argument(std::string("field 'text': contains the control character ") + code +
                                  " (only newline, carriage return and tab are typeable; use a key action)");
        }
      return Status();
    case ActionType::kKey: {
      if (action.text.empty()) {
        return invalid_argument("field 'text': expected a key combination such as \"ctrl+s\" or \"Return\", got \"\"");
      }
      Result<KeyCombo> combo = parse_key_combo(action.text);
      if (!combo.ok()) return invalid_argument("field 'text': " + combo.status().message());
      return Status();
    }
    case ActionType::kWait: return check_duration(action.duration_s);
    case ActionType::kDone: return Status();
  }
  return invalid_argument("unknown action type " + std::to_string(int(action.type)));
}

// Reads [x, y] from `value` into `out`.
Status read_point(const char* field, const Json& value, Point& out) {
  const bool shape_ok = value.is_array() && value.size() == 2 && value.as_array()[0].is_integer() &&
                        value.as_array()[1].is_integer();
  if (!shape_ok) {
    return invalid_argument(std::string("field '") + field + "': expected [x, y] with two integers, got " +
                            brief(value));
  }
  const int64_t x = value.as_array()[0].as_int(), y = value.as_array()[1].as_int();
  HEMU_RETURN_IF_ERROR(check_point(field, x, y));
  out = {int(x), int(y)};
  return Status();
}

Status read_fields(const Json& root, ActionType type, Action& action) {
  const std::string type_name = kActionNames[size_t(type)];
  const unsigned allowed = fields_of(type);

  // Unknown fields first: "cordinate" should be reported as a typo, not as a missing "coordinate".
  for (const auto& [key, value] : root.items()) {
    if (key == "action") continue;
    bool known = false;
    for (const auto& [field, name] : kFieldNames) known |= (allowed & field) && key == name;
    if (known) continue;
    std::string list = "action";
    for (const auto& [field, name] : kFieldNames) {
      if (allowed & field) list += std::string(", ") + name;
    }
    return invalid_argument("unknown field " + quoted_field(key) + " for \"" + type_name +
                            "\" (allowed: " + list + ")");
  }

  auto required = [&](const char* name, const Json*& value) -> Status {
    value = root.find(name);
    if (value == nullptr) {
      return invalid_argument(std::string("missing field '") + name + "' (required for \"" + type_name + "\")");
    }
    return Status();
  };
  const Json* value = nullptr;
  action.type = type;
  if (allowed & kStartCoordinate) {
    HEMU_RETURN_IF_ERROR(required("start_coordinate", value));
    HEMU_RETURN_IF_ERROR(read_point("start_coordinate", *value, action.start_coordinate));
  }
  if (allowed & kCoordinate) {
    HEMU_RETURN_IF_ERROR(required("coordinate", value));
    HEMU_RETURN_IF_ERROR(read_point("coordinate", *value, action.coordinate));
  }
  if (allowed & kScrollDirection) {
    HEMU_RETURN_IF_ERROR(required("scroll_direction", value));
    std::optional<Result<ScrollDirection>> direction;
    if (value->is_string()) direction = scroll_direction_from_name(value->as_string());
    if (!direction || !direction->ok()) {
      return invalid_argument("field 'scroll_direction': expected one of \"up\", \"down\", \"left\", \"right\", got " +
                              brief(*value));
    }
    action.scroll_direction = **direction;
  }
  if (allowed & kScrollAmount) {
    HEMU_RETURN_IF_ERROR(required("scroll_amount", value));
    if (!value->is_integer()) return invalid_argument(scroll_amount_expectation() + ", got " + brief(*value));
    HEMU_RETURN_IF_ERROR(check_scroll_amount(value->as_int()));
    action.scroll_amount = int(value->as_int());
  }
  if ((allowed & kText) && is_click(type) && root.find("text") == nullptr) {
    // Clicks take an optional "text" naming modifier keys held during the click.
  } else if (allowed & kText) {
    HEMU_RETURN_IF_ERROR(required("text", value));
    if (!value->is_string()) return invalid_argument("field 'text': expected a string, got " + brief(*value));
    action.text = value->as_string();
  }
  if (allowed & kDuration) {
    action.duration_s = kDefaultWaitSeconds;
    if ((value = root.find("duration")) != nullptr) {
      if (!value->is_number()) return invalid_argument(duration_expectation() + ", got " + brief(*value));
      HEMU_RETURN_IF_ERROR(check_duration(value->as_number()));
      action.duration_s = value->as_number();
    }
  }
  return check_fields(action);
}

Json point_json(Point p) {
  Json j = Json::array();
  j.push_back(p.x);
  j.push_back(p.y);
  return j;
}

// ---------------------------------------------------------------------------------------------
// Key names

// ASCII lowercase; other bytes unchanged (so UTF-8 survives).
std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

// Named keys: canonical X keysym name, then accepted aliases. Matching is case-insensitive.
struct NamedKey {
  const char* canonical;
  std::array<const char*, 6> aliases;
};
constexpr NamedKey kNamedKeys[] = {
    {"Return", {"enter"}},
    {"Escape", {"esc"}},
    {"BackSpace", {}},
    {"Tab", {}},
    {"space", {"spacebar"}},
    {"Delete", {"del"}},
    {"Insert", {"ins"}},
    {"Home", {}},
    {"End", {}},
    {"Page_Up", {"pageup", "pgup", "prior"}},
    {"Page_Down", {"pagedown", "pgdn", "pgdown", "next"}},
    {"Up", {"arrowup"}},
    {"Down", {"arrowdown"}},
    {"Left", {"arrowleft"}},
    {"Right", {"arrowright"}},
    {"Menu", {}},
    {"Print", {"printscreen"}},
    {"Pause", {}},
    {"Caps_Lock", {"capslock"}},
    {"Num_Lock", {"numlock"}},
    {"Scroll_Lock", {"scrolllock"}},
    // Modifier keys pressed on their own ("super" opens a launcher, "alt" a menu bar).
    {"Control_L", {"ctrl", "control", "ctl"}},
    {"Control_R", {}},
    {"Shift_L", {"shift"}},
    {"Shift_R", {}},
    {"Alt_L", {"alt"}},
    {"Alt_R", {}},
    {"Super_L", {"super", "meta", "cmd", "command", "win", "windows"}},
    {"Super_R", {}},
    // Punctuation by X keysym name; the canonical key is the character itself.
    {"+", {"plus"}},
    {"-", {"minus"}},
    {"=", {"equal"}},
    {",", {"comma"}},
    {".", {"period"}},
    {"/", {"slash"}},
    {"\\", {"backslash"}},
    {";", {"semicolon"}},
    {"'", {"apostrophe"}},
    {"`", {"grave"}},
    {"[", {"bracketleft"}},
    {"]", {"bracketright"}},
};

std::optional<std::string> named_key(std::string_view name) {
  const std::string wanted = lower(name);
  for (const NamedKey& key : kNamedKeys) {
    if (lower(key.canonical) == wanted) return key.canonical;
    for (const char* alias : key.aliases) {
      if (alias != nullptr && wanted == alias) return key.canonical;
    }
  }
  // F1..F24, without leading zeros.
  if (wanted.size() >= 2 && wanted.size() <= 3 && wanted[0] == 'f' && wanted[1] >= '1' && wanted[1] <= '9') {
    int n = 0;
    for (size_t i = 1; i < wanted.size(); ++i) {
      if (wanted[i] < '0' || wanted[i] > '9') return std::nullopt;
      n = n * 10 + (wanted[i] - '0');
    }
    if (n >= 1 && n <= 24) return "F" + std::to_string(n);
  }
  return std::nullopt;
}

// Modifier aliases: which flag of KeyCombo they set.
enum class Modifier { kCtrl, kShift, kAlt, kSuper };
std::optional<Modifier> modifier_named(std::string_view name) {
  const std::string n = lower(name);
  if (n == "ctrl" || n == "control" || n == "ctl" || n == "control_l" || n == "control_r") return Modifier::kCtrl;
  if (n == "shift" || n == "shift_l" || n == "shift_r") return Modifier::kShift;
  if (n == "alt" || n == "alt_l" || n == "alt_r") return Modifier::kAlt;
  if (n == "super" || n == "super_l" || n == "super_r" || n == "meta" || n == "cmd" || n == "command" ||
      n == "win" || n == "windows") {
    return Modifier::kSuper;
  }
  return std::nullopt;
}

// A single printable character: one UTF-8 code point that is not a control character.
bool single_printable(std::string_view text) {
  if (text.empty() || !is_valid_utf8(text)) return false;
  const uint8_t b0 = uint8_t(text[0]);
  const size_t length = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  if (text.size() != length) return false;
  if (b0 < 0x20 || b0 == 0x7F) return false;
  if (b0 == 0xC2 && uint8_t(text[1]) < 0xA0) return false;  // C1 controls U+0080..U+009F
  return true;
}

constexpr const char* kKeyExamples =
    "examples: a, A, 5, Return, Escape, Tab, BackSpace, Delete, space, Up, Page_Down, Home, F5, plus";

}  // namespace

// ---------------------------------------------------------------------------------------------

bool Action::has_coordinate() const {
  return (fields_of(type) & kCoordinate) != 0;
}

const char* action_type_name(ActionType type) {
  return valid_type(type) ? kActionNames[size_t(type)] : "unknown";
}

Result<ActionType> action_type_from_name(std::string_view name) {
  for (size_t i = 0; i < kActionNames.size(); ++i) {
    if (name == kActionNames[i]) return ActionType(i);
  }
  std::string list;
  for (const char* n : kActionNames) list += (list.empty() ? "" : ", ") + std::string(n);
  return invalid_argument("unknown action " + Json(name).dump() + " (expected one of " + list + ")");
}

const char* scroll_direction_name(ScrollDirection direction) {
  const size_t i = size_t(direction);
  return i < kScrollDirectionNames.size() ? kScrollDirectionNames[i] : "unknown";
}

Result<ScrollDirection> scroll_direction_from_name(std::string_view name) {
  for (size_t i = 0; i < kScrollDirectionNames.size(); ++i) {
    if (name == kScrollDirectionNames[i]) return ScrollDirection(i);
  }
  return invalid_argument("unknown scroll direction " + Json(name).dump() + " (expected up, down, left or right)");
}

Result<Action> action_from_json(std::string_view json_text) {
  auto error = [](const Status& status) { return invalid_argument("action JSON: " + status.message()); };
  Result<Json> document = Json::parse(json_text);
  if (!document.ok()) return error(document.status());
  const Json& root = *document;
  if (!root.is_object()) {
    return error(invalid_argument("expected an object such as {\"action\":\"left_click\",\"coordinate\":[x,y]}, got " +
                                  brief(root)));
  }
  const Json* name = root.find("action");
  if (name == nullptr) return error(invalid_argument("missing field 'action'"));
  if (!name->is_string()) {
    return error(invalid_argument("field 'action': expected a string such as \"left_click\", got " + brief(*name)));
  }
  Result<ActionType> type = action_type_from_name(name->as_string());
  if (!type.ok()) return error(type.status());
  Action action;
  Status status = read_fields(root, *type, action);
  if (!status.ok()) return error(status);
  return action;
}

std::string action_to_json(const Action& action) {
  Json j = Json::object();
  j["action"] = action_type_name(action.type);
  const unsigned fields = fields_of(action.type);
  if (fields & kStartCoordinate) j["start_coordinate"] = point_json(action.start_coordinate);
  if (fields & kCoordinate) j["coordinate"] = point_json(action.coordinate);
  if (fields & kScrollDirection) j["scroll_direction"] = scroll_direction_name(action.scroll_direction);
  if (fields & kScrollAmount) j["scroll_amount"] = action.scroll_amount;
  if ((fields & kText) && !(is_click(action.type) && action.text.empty())) j["text"] = action.text;
  if (fields & kDuration) j["duration"] = action.duration_s;
  return j.dump();
}

Status validate_action(const Action& action) {
  if (!valid_type(action.type)) {
    return invalid_argument("action: unknown action type " + std::to_string(int(action.type)));
  }
  Status status = check_fields(action);
  if (status.ok()) return status;
  return invalid_argument(std::string("action \"") + action_type_name(action.type) + "\": " + status.message());
}

// Other X keysym names pass through when they look like one: letters, digits and underscores,
// and either an underscore ("KP_Enter", "ISO_Left_Tab", "Scroll_Lock"), the XF86 prefix
// ("XF86AudioMute"), or one of the few plain names X defines (Print, Menu, ...). Plain words
// like "bogus" stay errors: they are far more often typos than keys.
static bool looks_like_keysym_name(std::string_view key) {
  if (key.size() < 2 || key.size() > 40 || !std::isalpha(uint8_t(key[0]))) return false;
  for (char c : key)
    if (!std::isalnum(uint8_t(c)) && c != '_') return false;
  static const char* const kPlainNames[] = {"Print", "Pause", "Menu", "Break", "Find", "Cancel", "Help",
                                            "Redo", "Undo", "Select", "Execute", "Clear", "Begin"};
  for (const char* name : kPlainNames)
    if (key == name) return true;
  return key.find('_') != std::string_view::npos || key.substr(0, 4) == "XF86";
}

Result<KeyCombo> parse_key_combo(std::string_view text) {
  auto error = [&](const std::string& message) {
    return invalid_argument("key combination " + Json(text).dump() + ": " + message);
  };
  if (text.empty()) return error("empty (expected e.g. \"ctrl+s\" or \"Return\")");

  // '+' separates parts, so the plus key alone is "+" or "plus" and after modifiers only "plus".
  std::vector<std::string_view> parts;
  if (text == "+") {
    parts.push_back(text);
  } else {
    size_t start = 0;
    while (true) {
      const size_t plus = text.find('+', start);
      parts.push_back(text.substr(start, plus == std::string_view::npos ? std::string_view::npos : plus - start));
      if (plus == std::string_view::npos) break;
      start = plus + 1;
    }
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    if (part.empty()) {
      if (i == 0) return error("starts with '+' (write the plus key as \"plus\")");
      if (i + 1 == parts.size()) return error("ends with '+' (write the plus key as \"plus\")");
      return error("empty name between two '+' (write the plus key as \"plus\")");
    }
    if (part.size() > 1 && (part.front() == ' ' || part.back() == ' ')) {
      return error("spaces around '+' are not allowed (write \"ctrl+s\")");
    }
  }

  KeyCombo combo;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::optional<Modifier> modifier = modifier_named(parts[i]);
    if (!modifier) {
      return error(Json(parts[i]).dump() + " is not a modifier (modifiers are ctrl, shift, alt and super; " +
                   "only the last part names the key)");
    }
    bool* flag = *modifier == Modifier::kCtrl    ? &combo.ctrl
                 : *modifier == Modifier::kShift ? &combo.shift
                 : *modifier == Modifier::kAlt   ? &combo.alt
                                                 : &combo.super;
    if (*flag) return error("modifier " + Json(parts[i]).dump() + " is given twice");
    *flag = true;
  }

  const std::string_view key = parts.back();
  const bool any_modifier = parts.size() > 1;
  if (std::optional<std::string> name = named_key(key)) {
    combo.key = *name;
  } else if (key == " ") {
    combo.key = "space";
  } else if (single_printable(key)) {
    // With a modifier, "ctrl+A" means the A key, not shift+a: letters are lowercased and the
    // shift flag is left as written.
    combo.key = any_modifier ? lower(key) : std::string(key);
  } else if (looks_like_keysym_name(key)) {
    // Any other X keysym-style name ("KP_Enter", "XF86AudioMute", "ISO_Left_Tab") passes through
    // as written: the screen that sends it decides whether it exists (X11 looks it up with
    // XStringToKeysym; the embedded desktop ignores keys no widget knows).
    combo.key = std::string(key);
  } else {
    return error("unknown key name " + Json(key).dump() + " (" + kKeyExamples + ")");
  }
  return combo;
}

std::string key_combo_to_string(const KeyCombo& combo) {
  std::string out;
  if (combo.ctrl) out += "ctrl+";
  if (combo.shift) out += "shift+";
  if (combo.alt) out += "alt+";
  if (combo.super) out += "super+";
  out += combo.key == "+" ? "plus" : combo.key;
  return out;
}

}  // namespace hemu
