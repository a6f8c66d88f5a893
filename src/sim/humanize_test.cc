#include "sim/humanize.h"

#include <gtest/gtest.h>

#include <cmath>

namespace hemu {
namespace {

TEST(Klm, OperatorsAddUpAsDocumented) {
  // click: M + P + 2B
  EXPECT_NEAR(klm_seconds({Action::left_click({1, 1})}), 1.35 + 1.1 + 0.2, 1e-9);
  // click then type 5 characters: + H + M + 5K
  EXPECT_NEAR(klm_seconds({Action::left_click({1, 1}), Action::type_text("hello")}),
              2.65 + 0.4 + 1.35 + 5 * 0.28, 1e-9);
  // type then Return continues the chunk: K only.
  EXPECT_NEAR(klm_seconds(Action::key("Return"), &(const Action&)Action::type_text("x")), 0.28, 1e-9);
  // ctrl+a: two keystrokes + M.
  EXPECT_NEAR(klm_seconds({Action::key("ctrl+a")}), 1.35 + 2 * 0.28, 1e-9);
  EXPECT_NEAR(klm_seconds({Action::done()}), 0.0, 1e-9);
  // The same key again continues the chunk (stepping a slider); another key starts a new one.
  EXPECT_NEAR(klm_seconds({Action::key("Page_Up"), Action::key("Page_Up"), Action::key("Left")}),
              (1.35 + 0.28) + 0.28 + (1.35 + 0.28), 1e-9);
}

TEST(Humanize, PointerPathEndsOnTargetAndFollowsFitts) {
  Rng rng(3);
  HumanProfile person;
  auto near = humanize(Action::left_click({120, 100}), 0, {100, 100}, 30, person, rng);
  auto far = humanize(Action::left_click({1800, 1000}), 0, {100, 100}, 30, person, rng);
  ASSERT_FALSE(far.empty());
  EXPECT_EQ(far.back().action.type, ActionType::kLeftClick);
  // Lands within a third of the target size of the aim point.
  EXPECT_LE(std::abs(far.back().action.coordinate.x - 1800), 10);
  EXPECT_LE(std::abs(far.back().action.coordinate.y - 1000), 10);
  // Times increase monotonically and a far target takes longer than a near one.
  for (size_t i = 1; i < far.size(); ++i) EXPECT_GE(far[i].time_s, far[i - 1].time_s);
  EXPECT_GT(far.back().time_s - near.back().time_s, 0.1);
  int moves = 0;
  for (const auto& t : far) moves += t.action.type == ActionType::kMouseMove;
  EXPECT_GT(moves, 5) << "a path, not a jump";
}

TEST(Humanize, TypingSpeedIsWithinPeopleRangeAndTyposAreCorrected) {
  Rng rng(4);
  HumanProfile person;
  person.words_per_minute = 60;
  person.typo_rate = 0.2;
  std::string text = "the quick brown fox jumps over the lazy dog and keeps running";
  auto timeline = humanize(Action::type_text(text), 0, {0, 0}, 0, person, rng);
  // Replaying the keystrokes (BackSpace deletes) gives back the text exactly.
  std::string typed;
  int backspaces = 0;
  for (const auto& t : timeline) {
    if (t.action.type == ActionType::kType) typed += t.action.text;
    if (t.action.type == ActionType::kKey && t.action.text == "BackSpace") typed.pop_back(), ++backspaces;
  }
  EXPECT_EQ(typed, text);
  EXPECT_GT(backspaces, 0);
  double seconds = timeline.back().time_s - timeline.front().time_s;
  double wpm = (text.size() / 5.0) / (seconds / 60.0);
  EXPECT_GT(wpm, 25);  // typos and their corrections slow a 60 wpm typist down
  EXPECT_LT(wpm, 90);
}

TEST(Humanize, ProfilesAreSampledInRange) {
  Rng rng(5);
  for (int i = 0; i < 100; ++i) {
    HumanProfile p = HumanProfile::sample(rng);
    EXPECT_GE(p.words_per_minute, 40);
    EXPECT_LE(p.words_per_minute, 80);
  }
}

}  // namespace
}  // namespace hemu
