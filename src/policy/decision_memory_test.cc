#include "policy/decision_memory.h"

#include <gtest/gtest.h>

#include "policy/test_elements.h"

namespace hemu {
namespace {

UiElement selected(UiElement e) {
  e.selected = true;
  return e;
}

std::vector<std::string> texts(const std::vector<UiElement>& elements) {
  std::vector<std::string> out;
  for (const auto& e : elements) out.push_back(e.text);
  return out;
}

// The order row is read in the Orders window, then the desk window covers its first cell: the
// row's full text is remembered (selected, no box); it is forgotten when it shows again.
TEST(ScreenMemory, RemembersWhatIsNoLongerShownUntilItShowsAgain) {
  ScreenMemory memory;
  const UiElement row = selected(element(ElementClass::kRow, {700, 300, 400, 20}, "SO-55658 | 2024-03-01 | $12.50"));
  const UiElement title = element(ElementClass::kWindowTitle, {600, 100, 600, 24}, "Orders");
  const UiElement send = element(ElementClass::kButton, {100, 600, 80, 28}, "Send");
  EXPECT_TRUE(memory.recall({row, title, send}).empty());
  UiElement covered = row;
  covered.text = "2024-03-01 | $12.50";
  auto remembered = memory.recall({covered, send});
  ASSERT_EQ(remembered.size(), 1u) << "window titles are not remembered";
  EXPECT_EQ(remembered[0].text, row.text);
  EXPECT_TRUE(remembered[0].selected);
  EXPECT_TRUE(remembered[0].rect.empty());
  EXPECT_EQ(texts(memory.recall({covered, send})), texts(remembered)) << "kept while it stays away";
  // Shown again: no longer a memory (the covered row's partial text, now gone, is one).
  auto back = memory.recall({row, send});
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].text, covered.text);
  memory.recall({send});
  memory.clear();
  EXPECT_TRUE(memory.recall({send}).empty());
}

// A parser misreads a letter from one frame to the next: that is the same text still shown.
TEST(ScreenMemory, AMisreadLetterIsNotAGoneText) {
  ScreenMemory memory;
  memory.recall({element(ElementClass::kText, {10, 10, 200, 20}, "Customer: Angela Moreno")});
  EXPECT_TRUE(memory.recall({element(ElementClass::kText, {10, 10, 200, 20}, "Customer: Angela Morenc")}).empty());
  auto gone = memory.recall({element(ElementClass::kText, {10, 10, 200, 20}, "Shipping")});
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].text, "Customer: Angela Morenc");
}

// The most recently gone first, at most kMaxRemembered.
TEST(ScreenMemory, KeepsTheMostRecentlyGone) {
  ScreenMemory memory;
  for (int i = 0; i < kMaxRemembered + 5; ++i) {
    memory.recall({element(ElementClass::kButton, {10, 10, 80, 20}, "Item " + std::to_string(i))});
  }
  auto gone = memory.recall({});
  ASSERT_EQ(int(gone.size()), kMaxRemembered);
  EXPECT_EQ(gone[0].text, "Item " + std::to_string(kMaxRemembered + 4));
  EXPECT_EQ(gone.back().text, "Item 5");
}

// Remembered elements follow the screen's, marked, boxless: a copy may encode to them, a click
// never does, and decode refuses to point at them for anything but a copy.
TEST(AddRemembered, AppendsMarkedElementsThatCanBeCopiedNotClicked) {
  std::vector<UiElement> screen = {element(ElementClass::kTextArea, {100, 400, 400, 120}, ""),
                                   element(ElementClass::kButton, {100, 600, 80, 28}, "Send"),
                                   selected(element(ElementClass::kRow, {0, 0, 300, 20}, "2024-03-01 | $12.50"))};
  DecisionInput in = make_decision_input("Reply with the order number and click \"Send\".", screen, {1280, 800});
  const size_t pairs = in.pair_features.size();
  const size_t m = in.instruction.tokens.size();
  add_remembered(in, {selected(element(ElementClass::kRow, {}, "SO-55658 | 2024-03-01 | $12.50"))});
  set_history(in, {});
  ASSERT_EQ(in.elements.size(), 4u);
  EXPECT_EQ(in.remembered, 1);
  EXPECT_TRUE(on_screen(in, 2));
  EXPECT_FALSE(on_screen(in, 3));
  EXPECT_EQ(in.pair_features.size(), pairs + m * kPairChannels);
  ASSERT_EQ(in.element_intent.size(), 4u);
  EXPECT_EQ(in.element_intent[3][kRememberedIntent], 1.0f);
  EXPECT_EQ(in.element_intent[2][kRememberedIntent], 0.0f);
  EXPECT_EQ(in.element_features.size(), 4u);
  EXPECT_EQ(in.element_history.size(), 4u);
  // The typed order number is in the remembered row only.
  EXPECT_EQ(copied_element(in, "SO-55658"), 3);
  std::string why;
  auto copy = encode_action(in, Action::type_text("SO-55658"), &why);
  ASSERT_TRUE(copy) << why;
  EXPECT_EQ(int(copy->text_source), int(TextSource::kScreen));
  EXPECT_EQ(copy->element, 3);
  EXPECT_EQ(decode_choice(in, *copy)->text, "SO-55658 | 2024-03-01 | $12.50");
  // A click at the top-left corner (where a boxless element would sit) targets the screen's row
  // (sorted first: reading order).
  ASSERT_EQ(in.elements[0].text, "2024-03-01 | $12.50");
  auto click = encode_action(in, Action::left_click({1, 1}), &why);
  ASSERT_TRUE(click) << why;
  EXPECT_EQ(click->element, 0);
  ActionChoice bad;
  bad.kind = ChoiceKind::kClick;
  bad.element = 3;
  EXPECT_FALSE(decode_choice(in, bad).ok());
}

// Room is kMaxElements in all: the screen's elements come first.
TEST(AddRemembered, NeverGrowsPastTheElementLimit) {
  std::vector<UiElement> screen;
  for (int i = 0; i < kMaxElements - 1; ++i) screen.push_back(element(ElementClass::kButton, {i * 10, 10, 8, 8}, "b" + std::to_string(i)));
  DecisionInput in = make_decision_input("Click \"b3\".", screen, {1280, 800});
  add_remembered(in, {element(ElementClass::kText, {}, "one"), element(ElementClass::kText, {}, "two")});
  EXPECT_EQ(int(in.elements.size()), kMaxElements);
  EXPECT_EQ(in.remembered, 1);
  EXPECT_EQ(in.elements.back().text, "one");
}

}  // namespace
}  // namespace hemu
