#include "core/action.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace hemu {
namespace {

Action from_json_ok(std::string_view text) {
  Result<Action> result = action_from_json(text);
  EXPECT_TRUE(result.ok()) << "input: " << text << "\nerror: " << result.status().to_string();
  return result.ok() ? *result : Action();
}

std::string from_json_error(std::string_view text) {
  Result<Action> result = action_from_json(text);
  EXPECT_FALSE(result.ok()) << "input unexpectedly parsed: " << text;
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.status().message().rfind("action JSON: ", 0), 0u) << result.status().message();
  return result.status().message();
}

// One valid action of every type, with the exact wire text action_to_json gives for it.
struct Golden {
  Action action;
  const char* json;
};
std::vector<Golden> golden_actions() {
  return {
      {Action::left_click({12, 34}), R"({"action":"left_click","coordinate":[12,34]})"},
      {Action::double_click({0, 0}), R"({"action":"double_click","coordinate":[0,0]})"},
      {Action::right_click({32767, 5}), R"({"action":"right_click","coordinate":[32767,5]})"},
      {Action::mouse_move({640, 480}), R"({"action":"mouse_move","coordinate":[640,480]})"},
      {Action::drag({1, 2}, {3, 4}), R"({"action":"left_click_drag","start_coordinate":[1,2],"coordinate":[3,4]})"},
      {Action::scroll({100, 200}, ScrollDirection::kDown, 3),
       R"({"action":"scroll","coordinate":[100,200],"scroll_direction":"down","scroll_amount":3})"},
      {Action::scroll({1, 1}, ScrollDirection::kLeft, 100),
       R"({"action":"scroll","coordinate":[1,1],"scroll_direction":"left","scroll_amount":100})"},
      {Action::type_text("hello \"world\"\n\tnaïve 😀"),
       R"({"action":"type","text":"hello \"world\"\n\tnaïve 😀"})"},
      {Action::key("ctrl+s"), R"({"action":"key","text":"ctrl+s"})"},
      {Action::key("Return"), R"({"action":"key","text":"Return"})"},
      {Action::wait(0.5), R"({"action":"wait","duration":0.5})"},
      {Action::wait(0), R"({"action":"wait","duration":0})"},
      {Action::wait(60), R"({"action":"wait","duration":60})"},
      {Action::done(), R"({"action":"done"})"},
  };
}

TEST(ActionTest, ToJsonMatchesGoldenWireText) {
  for (const Golden& g : golden_actions()) EXPECT_EQ(action_to_json(g.action), g.json);
}

TEST(ActionTest, FromJsonRoundTripsEveryType) {
  std::vector<bool> seen(kActionTypeCount, false);
  for (const Golden& g : golden_actions()) {
    EXPECT_EQ(from_json_ok(g.json), g.action) << g.json;
    EXPECT_EQ(from_json_ok(action_to_json(g.action)), g.action) << g.json;
    EXPECT_TRUE(validate_action(g.action).ok()) << validate_action(g.action).to_string();
    seen[size_t(g.action.type)] = true;
  }
  for (int i = 0; i < kActionTypeCount; ++i) EXPECT_TRUE(seen[size_t(i)]) << action_type_name(ActionType(i));
}

TEST(ActionTest, FromJsonAcceptsAnyFieldOrderAndWhitespace) {
  EXPECT_EQ(from_json_ok(R"( { "coordinate" : [ 5 , 6 ] , "action" : "left_click" } )"), Action::left_click({5, 6}));
  EXPECT_EQ(from_json_ok(R"({"coordinate":[1,2],"start_coordinate":[3,4],"action":"left_click_drag"})"),
            Action::drag({3, 4}, {1, 2}));
  EXPECT_EQ(from_json_ok(R"({"scroll_amount":2,"scroll_direction":"up","coordinate":[9,9],"action":"scroll"})"),
            Action::scroll({9, 9}, ScrollDirection::kUp, 2));
  // Integral doubles are integers.
  EXPECT_EQ(from_json_ok(R"({"action":"left_click","coordinate":[5.0,6e0]})"), Action::left_click({5, 6}));
}

TEST(ActionTest, WaitDurationIsOptional) {
  EXPECT_EQ(from_json_ok(R"({"action":"wait"})"), Action::wait(kDefaultWaitSeconds));
  EXPECT_EQ(from_json_ok(R"({"action":"wait","duration":2})"), Action::wait(2));
  EXPECT_EQ(from_json_ok(R"({"action":"wait","duration":0.25})").duration_s, 0.25);
}

TEST(ActionTest, NamesRoundTrip) {
  for (int i = 0; i < kActionTypeCount; ++i) {
    Result<ActionType> back = action_type_from_name(action_type_name(ActionType(i)));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, ActionType(i));
  }
  for (ScrollDirection d : {ScrollDirection::kUp, ScrollDirection::kDown, ScrollDirection::kLeft, ScrollDirection::kRight}) {
    Result<ScrollDirection> back = scroll_direction_from_name(scroll_direction_name(d));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, d);
  }
  EXPECT_EQ(action_type_from_name("Left_Click").status().message(),
            "unknown action \"Left_Click\" (expected one of left_click, double_click, right_click, mouse_move, "
            "left_click_drag, scroll, type, key, wait, done)");
  EXPECT_EQ(scroll_direction_from_name("sideways").status().message(),
            "unknown scroll direction \"sideways\" (expected up, down, left or right)");
  EXPECT_STREQ(action_type_name(ActionType(99)), "unknown");
}

TEST(ActionTest, HasCoordinate) {
  EXPECT_TRUE(Action::left_click({}).has_coordinate());
  EXPECT_TRUE(Action::double_click({}).has_coordinate());
  EXPECT_TRUE(Action::right_click({}).has_coordinate());
  EXPECT_TRUE(Action::mouse_move({}).has_coordinate());
  EXPECT_TRUE(Action::drag({}, {}).has_coordinate());
  EXPECT_TRUE(Action::scroll({}, ScrollDirection::kUp, 1).has_coordinate());
  EXPECT_FALSE(Action::type_text("x").has_coordinate());
  EXPECT_FALSE(Action::key("a").has_coordinate());
  EXPECT_FALSE(Action::wait(1).has_coordinate());
  EXPECT_FALSE(Action::done().has_coordinate());
}

// Every documented error, with its full message: each names the field and what was expected.
TEST(ActionTest, ErrorMessagesNameTheFieldAndTheExpectation) {
  struct Case {
    const char* input;
    const char* message;
  };
  const Case cases[] = {
      {R"({"action":"left_click","coordinate":[12]})",
       "action JSON: field 'coordinate': expected [x, y] with two integers, got [12]"},
      {R"({"action":"left_click","coordinate":[1.5,2]})",
       "action JSON: field 'coordinate': expected [x, y] with two integers, got [1.5,2]"},
      {R"({"action":"left_click","coordinate":["1","2"]})",
       "action JSON: field 'coordinate': expected [x, y] with two integers, got [\"1\",\"2\"]"},
      {R"({"action":"left_click","coordinate":{"x":1,"y":2}})",
       "action JSON: field 'coordinate': expected [x, y] with two integers, got {\"x\":1,\"y\":2}"},
      {R"({"action":"left_click","coordinate":[1,2,3]})",
       "action JSON: field 'coordinate': expected [x, y] with two integers, got [1,2,3]"},
      {R"({"action":"left_click","coordinate":null})",
       "action JSON: field 'coordinate': expected [x, y] with two integers, got null"},
      {R"({"action":"mouse_move","coordinate":[-1,5]})",
       "action JSON: field 'coordinate': x and y must be integers from 0 to 32767, got [-1,5]"},
      {R"({"action":"mouse_move","coordinate":[5,1e12]})",
       "action JSON: field 'coordinate': x and y must be integers from 0 to 32767, got [5,1000000000000]"},
      {R"({"action":"left_click_drag","start_coordinate":[1,-2],"coordinate":[3,4]})",
       "action JSON: field 'start_coordinate': x and y must be integers from 0 to 32767, got [1,-2]"},
      {R"({"action":"left_click_drag","coordinate":[3,4]})",
       "action JSON: missing field 'start_coordinate' (required for \"left_click_drag\")"},
      {R"({"action":"left_click"})", "action JSON: missing field 'coordinate' (required for \"left_click\")"},
      {R"({"action":"type"})", "action JSON: missing field 'text' (required for \"type\")"},
      {R"({"action":"key"})", "action JSON: missing field 'text' (required for \"key\")"},
      {R"({"action":"type","text":7})", "action JSON: field 'text': expected a string, got 7"},
      {R"({"action":"type","text":""})", "action JSON: field 'text': expected the text to type, got \"\""},
      {R"({"action":"key","text":""})",
       "action JSON: field 'text': expected a key combination such as \"ctrl+s\" or \"Return\", got \"\""},
      {R"({"action":"key","text":"ctrl+"})",
       "action JSON: field 'text': key combination \"ctrl+\": ends with '+' (write the plus key as \"plus\")"},
      {R"({"action":"scroll","coordinate":[1,1],"scroll_direction":"down"})",
       "action JSON: missing field 'scroll_amount' (required for \"scroll\")"},
      {R"({"action":"scroll","coordinate":[1,1],"scroll_amount":1})",
       "action JSON: missing field 'scroll_direction' (required for \"scroll\")"},
      {R"({"action":"scroll","coordinate":[1,1],"scroll_direction":"sideways","scroll_amount":1})",
       "action JSON: field 'scroll_direction': expected one of \"up\", \"down\", \"left\", \"right\", got \"sideways\""},
      {R"({"action":"scroll","coordinate":[1,1],"scroll_direction":2,"scroll_amount":1})",
       "action JSON: field 'scroll_direction': expected one of \"up\", \"down\", \"left\", \"right\", got 2"},
      {R"({"action":"scroll","coordinate":[1,1],"scroll_direction":"up","scroll_amount":0})",
       "action JSON: field 'scroll_amount': expected an integer from 1 to 100, got 0"},
      {R"({"action":"scroll","coordinate":[1,1],"scroll_direction":"up","scroll_amount":101})",
       "action JSON: field 'scroll_amount': expected an integer from 1 to 100, got 101"},
      {R"({"action":"scroll","coordinate":[1,1],"scroll_direction":"up","scroll_amount":2.5})",
       "action JSON: field 'scroll_amount': expected an integer from 1 to 100, got 2.5"},
      {R"({"action":"scroll","coordinate":[1,1],"scroll_direction":"up","scroll_amount":"3"})",
       "action JSON: field 'scroll_amount': expected an integer from 1 to 100, got \"3\""},
      {R"({"action":"wait","duration":61})",
       "action JSON: field 'duration': expected a number of seconds from 0 to 60, got 61"},
      {R"({"action":"wait","duration":-0.5})",
       "action JSON: field 'duration': expected a number of seconds from 0 to 60, got -0.5"},
      {R"({"action":"wait","duration":"1s"})",
       "action JSON: field 'duration': expected a number of seconds from 0 to 60, got \"1s\""},
      {R"({"action":"clik","coordinate":[1,2]})",
       "action JSON: unknown action \"clik\" (expected one of left_click, double_click, right_click, "
       "mouse_move, left_click_drag, scroll, type, key, wait, done)"},
      {R"({"action":"left_click","coordinate":[1,2],"foo":1})",
       "action JSON: unknown field 'foo' for \"left_click\" (allowed: action, coordinate, text)"},
      {R"({"action":"left_click","cordinate":[1,2]})",
       "action JSON: unknown field 'cordinate' for \"left_click\" (allowed: action, coordinate, text)"},
      {R"({"action":"type","text":"x","coordinate":[1,2]})",
       "action JSON: unknown field 'coordinate' for \"type\" (allowed: action, text)"},
      {R"({"action":"done","text":"finished"})", "action JSON: unknown field 'text' for \"done\" (allowed: action)"},
      {R"({"action":"scroll","coordinate":[1,1],"direction":"up","scroll_amount":1})",
       "action JSON: unknown field 'direction' for \"scroll\" (allowed: action, coordinate, scroll_direction, "
       "scroll_amount)"},
      {R"({"coordinate":[1,2]})", "action JSON: missing field 'action'"},
      {R"({"action":1})", "action JSON: field 'action': expected a string such as \"left_click\", got 1"},
      {R"([{"action":"done"}])",
       "action JSON: expected an object such as {\"action\":\"left_click\",\"coordinate\":[x,y]}, got "
       "[{\"action\":\"done\"}]"},
      {R"({"action":"left_click","coordinate":[1,2]]})",
       "action JSON: line 1, column 42: expected ',' or '}' in object, got ']'"},
      {R"({"action":"done","action":"done"})", "action JSON: line 1, column 18: duplicate key \"action\" in object"},
      {"", "action JSON: line 1, column 1: expected a JSON value, got end of input"},
  };
  for (const Case& c : cases) EXPECT_EQ(from_json_error(c.input), c.message) << "input: " << c.input;
}

TEST(ActionTest, LongValuesAreAbbreviatedInMessages) {
  const std::string text = R"({"action":"left_click","coordinate":[")" + std::string(500, 'x') + R"("]})";
  const std::string message = from_json_error(text);
  EXPECT_LT(message.size(), 160u) << message;
  EXPECT_EQ(message.substr(message.size() - 5), "xx...") << message;
  const std::string key = std::string(100, 'k');
  const std::string unknown = from_json_error(R"({"action":"done",")" + key + R"(":1})");
  EXPECT_NE(unknown.find("unknown field 'kkkk"), std::string::npos);
  EXPECT_LT(unknown.size(), 120u) << unknown;
}

TEST(ActionTest, ValidateAction) {
  EXPECT_TRUE(validate_action(Action::left_click({0, 0})).ok());
  EXPECT_EQ(validate_action(Action::left_click({-1, 0})).message(),
            "action \"left_click\": field 'coordinate': x and y must be integers from 0 to 32767, got [-1,0]");
  EXPECT_EQ(validate_action(Action::right_click({0, 40000})).message(),
            "action \"right_click\": field 'coordinate': x and y must be integers from 0 to 32767, got [0,40000]");
  EXPECT_NE(validate_action(Action::drag({-5, 0}, {1, 1})).message().find("field 'start_coordinate'"), std::string::npos);
  EXPECT_NE(validate_action(Action::drag({5, 0}, {1, -1})).message().find("field 'coordinate'"), std::string::npos);
  EXPECT_EQ(validate_action(Action::scroll({1, 1}, ScrollDirection::kUp, 0)).message(),
            "action \"scroll\": field 'scroll_amount': expected an integer from 1 to 100, got 0");
  EXPECT_NE(validate_action(Action::scroll({1, 1}, ScrollDirection(9), 1)).message().find("field 'scroll_direction'"),
            std::string::npos);
  EXPECT_NE(validate_action(Action::type_text("")).message().find("field 'text'"), std::string::npos);
  EXPECT_EQ(validate_action(Action::type_text("bad \xFF")).message(), "action \"type\": field 'text': not valid UTF-8");
  EXPECT_NE(validate_action(Action::key("")).message().find("field 'text'"), std::string::npos);
  EXPECT_EQ(validate_action(Action::key("ctrl+bogus")).message(),
            "action \"key\": field 'text': key combination \"ctrl+bogus\": unknown key name \"bogus\" (examples: a, "
            "A, 5, Return, Escape, Tab, BackSpace, Delete, space, Up, Page_Down, Home, F5, plus)");
  EXPECT_NE(validate_action(Action::wait(-1)).message().find("field 'duration'"), std::string::npos);
  EXPECT_NE(validate_action(Action::wait(60.5)).message().find("field 'duration'"), std::string::npos);
  EXPECT_NE(validate_action(Action::wait(std::nan(""))).message().find("field 'duration'"), std::string::npos);
  EXPECT_TRUE(validate_action(Action::done()).ok());
  Action garbage;
  garbage.type = ActionType(42);
  EXPECT_EQ(validate_action(garbage).message(), "action: unknown action type 42");
  // Fields a type does not use are ignored (they are not on the wire either).
  Action typed = Action::type_text("x");
  typed.coordinate = {-5, -5};
  EXPECT_TRUE(validate_action(typed).ok());
}

TEST(KeyComboTest, ParsesModifiersAndCanonicalNames) {
  struct Case {
    const char* input;
    const char* canonical;
  };
  const Case cases[] = {
      {"ctrl+s", "ctrl+s"},
      {"ctrl+shift+t", "ctrl+shift+t"},
      {"shift+ctrl+t", "ctrl+shift+t"},
      {"Shift+Control_L+T", "ctrl+shift+t"},
      {"arrowdown", "Down"},
      {"capslock", "Caps_Lock"},
      {"Control_L+a", "ctrl+a"},
      {"CONTROL+a", "ctrl+a"},
      {"Control_R+Shift_L+Alt_L+x", "ctrl+shift+alt+x"},
      {"meta+l", "super+l"},
      {"cmd+q", "super+q"},
      {"win+e", "super+e"},
      {"Super_L+d", "super+d"},
      {"alt+F4", "alt+F4"},
      {"ctrl+A", "ctrl+a"},
      {"shift+A", "shift+a"},
      {"A", "A"},
      {"a", "a"},
      {"5", "5"},
      {"é", "é"},
      {"ctrl+É", "ctrl+É"},  // only ASCII letters are lowercased
      {"Return", "Return"},
      {"enter", "Return"},
      {"RETURN", "Return"},
      {"esc", "Escape"},
      {"Escape", "Escape"},
      {"backspace", "BackSpace"},
      {"tab", "Tab"},
      {"shift+Tab", "shift+Tab"},
      {"space", "space"},
      {" ", "space"},
      {"ctrl+ ", "ctrl+space"},
      {"del", "Delete"},
      {"Delete", "Delete"},
      {"Insert", "Insert"},
      {"home", "Home"},
      {"END", "End"},
      {"pageup", "Page_Up"},
      {"PgUp", "Page_Up"},
      {"page_up", "Page_Up"},
      {"Page_Down", "Page_Down"},
      {"pgdn", "Page_Down"},
      {"up", "Up"},
      {"DOWN", "Down"},
      {"Left", "Left"},
      {"right", "Right"},
      {"F1", "F1"},
      {"f12", "F12"},
      {"F24", "F24"},
      {"+", "plus"},
      {"plus", "plus"},
      {"ctrl+plus", "ctrl+plus"},
      {"ctrl+minus", "ctrl+-"},
      {"ctrl+-", "ctrl+-"},
      {"ctrl+=", "ctrl+="},
      {"super", "Super_L"},
      {"ctrl+shift", "ctrl+Shift_L"},
  };
  for (const Case& c : cases) {
    Result<KeyCombo> combo = parse_key_combo(c.input);
    ASSERT_TRUE(combo.ok()) << c.input << ": " << combo.status().message();
    EXPECT_EQ(key_combo_to_string(*combo), c.canonical) << c.input;
    // The canonical form parses back to the same combination.
    Result<KeyCombo> again = parse_key_combo(key_combo_to_string(*combo));
    ASSERT_TRUE(again.ok()) << c.input;
    EXPECT_EQ(*again, *combo) << c.input;
  }
}

TEST(KeyComboTest, Fields) {
  Result<KeyCombo> combo = parse_key_combo("ctrl+A");
  ASSERT_TRUE(combo.ok());
  EXPECT_TRUE(combo->ctrl);
  EXPECT_FALSE(combo->shift);  // "ctrl+A" is the A key with ctrl, not ctrl+shift+a
  EXPECT_EQ(combo->key, "a");
  combo = parse_key_combo("+");
  ASSERT_TRUE(combo.ok());
  EXPECT_EQ(combo->key, "+");
  EXPECT_EQ(*parse_key_combo("Alt_R+Super_R+x"), (KeyCombo{.alt = true, .super = true, .key = "x"}));
}

TEST(KeyComboTest, RejectsMalformedCombinations) {
  struct Case {
    const char* input;
    const char* message;
  };
  const Case cases[] = {
      {"", "key combination \"\": empty (expected e.g. \"ctrl+s\" or \"Return\")"},
      {"ctrl+", "key combination \"ctrl+\": ends with '+' (write the plus key as \"plus\")"},
      {"ctrl++", "key combination \"ctrl++\": empty name between two '+' (write the plus key as \"plus\")"},
      {"+a", "key combination \"+a\": starts with '+' (write the plus key as \"plus\")"},
      {"ctrl + s", "key combination \"ctrl + s\": spaces around '+' are not allowed (write \"ctrl+s\")"},
      {"a+b", "key combination \"a+b\": \"a\" is not a modifier (modifiers are ctrl, shift, alt and super; "
              "only the last part names the key)"},
      {"ctrl+ctrl+a", "key combination \"ctrl+ctrl+a\": modifier \"ctrl\" is given twice"},
      {"ctrl+Control_R+a", "key combination \"ctrl+Control_R+a\": modifier \"Control_R\" is given twice"},
      {"ctrl+foo", "key combination \"ctrl+foo\": unknown key name \"foo\" (examples: a, A, 5, Return, Escape, Tab, "
                   "BackSpace, Delete, space, Up, Page_Down, Home, F5, plus)"},
      {"F25", "key combination \"F25\": unknown key name \"F25\""},
      {"F0", "key combination \"F0\": unknown key name \"F0\""},
      {"F01", "key combination \"F01\": unknown key name \"F01\""},
      {"\t", "key combination \"\\t\": unknown key name \"\\t\""},
      {"\x7f", "key combination \"\x7f\": unknown key name \"\x7f\""},
      {"\xFF", "key combination \"\xFF\": unknown key name \"\xFF\""},
      {"ab", "key combination \"ab\": unknown key name \"ab\""},
  };
  for (const Case& c : cases) {
    Result<KeyCombo> combo = parse_key_combo(c.input);
    ASSERT_FALSE(combo.ok()) << c.input;
    EXPECT_EQ(combo.status().message().rfind(c.message, 0), 0u) << combo.status().message();
  }
}

// Fixed-seed bytes; std::mt19937_64's output sequence is fixed by the standard.
class Bytes {
 public:
  explicit Bytes(uint64_t seed) : engine_(seed) {}
  int below(int n) { return int(engine_() % uint64_t(n)); }

 private:
  std::mt19937_64 engine_;
};

TEST(ActionTest, FuzzNeverCrashesAndOnlyAcceptsValidActions) {
  Bytes rng(11);
  std::vector<std::string> seeds;
  for (const Golden& g : golden_actions()) seeds.push_back(g.json);
  auto check = [](std::string_view text) {
    Result<Action> result = action_from_json(text);
    if (result.ok()) {
      ASSERT_TRUE(validate_action(*result).ok()) << text;
      ASSERT_EQ(from_json_ok(action_to_json(*result)), *result) << text;
    } else {
      ASSERT_EQ(result.status().message().rfind("action JSON: ", 0), 0u);
    }
  };
  for (const std::string& seed : seeds) {
    // Every proper prefix of an object is incomplete, hence an error.
    for (size_t cut = 0; cut < seed.size(); ++cut) {
      ASSERT_FALSE(action_from_json(std::string_view(seed).substr(0, cut)).ok()) << seed.substr(0, cut);
    }
    for (int m = 0; m < 2000; ++m) {
      std::string mutated = seed;
      for (int edits = 1 + rng.below(3); edits > 0; --edits) {
        const size_t at = size_t(rng.below(int(mutated.size()) + 1));
        switch (rng.below(3)) {
          case 0:
            if (at < mutated.size()) mutated[at] = char(rng.below(256));
            break;
          case 1:
            if (at < mutated.size()) mutated.erase(at, 1);
            break;
          default: mutated.insert(at, 1, "{}[],:\"\\-.0123456789e+ "[rng.below(24)]); break;
        }
      }
      check(mutated);
    }
  }
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    for (int n = rng.below(30); n > 0; --n) text += char(rng.below(256));
    check(text);
  }
}

TEST(KeyComboTest, FuzzNeverCrashes) {
  Bytes rng(3);
  const std::string alphabet = "+ctrlshiftaltsuperAZaz09F1_ -=\xC3\xA9\xFF\x01";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = rng.below(16); n > 0; --n) text += alphabet[size_t(rng.below(int(alphabet.size())))];
    Result<KeyCombo> combo = parse_key_combo(text);
    if (combo.ok()) {
      Result<KeyCombo> again = parse_key_combo(key_combo_to_string(*combo));
      ASSERT_TRUE(again.ok()) << text;
      ASSERT_EQ(*again, *combo) << text;
    }
  }
}

}  // namespace
}  // namespace hemu

namespace hemu {
namespace {

TEST(ActionTypeText, ControlCharactersAreRefusedNewlineAndTabAreNot) {
  EXPECT_TRUE(validate_action(Action::type_text("line one\nline two\tend")).ok());
  Status nul = validate_action(Action::type_text(std::string("a\0b", 3)));
  ASSERT_FALSE(nul.ok());
  EXPECT_NE(nul.message().find("U+0000"), std::string::npos) << nul.message();
  EXPECT_FALSE(action_from_json(R"({"action":"type","text":"\u0007bell"})").ok());
  EXPECT_FALSE(validate_action(Action::type_text("del\x7f")).ok());
}

TEST(KeyComboPassThrough, KeysymStyleNamesPassThroughPlainWordsDoNot) {
  for (const char* name : {"KP_Enter", "XF86AudioMute", "ISO_Left_Tab", "Hyper_L", "Print", "ctrl+KP_Add"}) {
    auto combo = parse_key_combo(name);
    EXPECT_TRUE(combo.ok()) << name << ": " << combo.status().to_string();
  }
  EXPECT_EQ(parse_key_combo("shift+KP_Enter")->key, "KP_Enter");
  for (const char* name : {"bogus", "ctrl+foo", "KP-Enter", "_x", "ab"}) EXPECT_FALSE(parse_key_combo(name).ok()) << name;
}

TEST(ActionClickModifiers, OptionalTextHoldsModifiers) {
  auto plain = action_from_json(R"({"action":"left_click","coordinate":[3,4]})");
  ASSERT_TRUE(plain.ok()) << plain.status().to_string();
  EXPECT_EQ(plain->text, "");
  EXPECT_EQ(action_to_json(*plain), R"({"action":"left_click","coordinate":[3,4]})");
  auto ctrl = action_from_json(R"({"action":"left_click","coordinate":[3,4],"text":"ctrl"})");
  ASSERT_TRUE(ctrl.ok()) << ctrl.status().to_string();
  EXPECT_EQ(ctrl->text, "ctrl");
  EXPECT_EQ(*action_from_json(action_to_json(*ctrl)), *ctrl);
  EXPECT_TRUE(action_from_json(R"({"action":"double_click","coordinate":[3,4],"text":"ctrl+shift"})").ok());
  auto bad = action_from_json(R"({"action":"left_click","coordinate":[3,4],"text":"ctrl+x"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("field 'text'"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(action_from_json(R"({"action":"left_click","coordinate":[3,4],"text":"a"})").ok());
  EXPECT_FALSE(action_from_json(R"({"action":"mouse_move","coordinate":[3,4],"text":"ctrl"})").ok());
}

}  // namespace
}  // namespace hemu
