#include "policy/decision_features.h"

#include <gtest/gtest.h>

namespace hemu {
namespace {

UiElement element(ElementClass c, Rect r, std::string text) {
  UiElement e;
  e.element_class = c;
  e.rect = r;
  e.text = std::move(text);
  return e;
}

float pair(const DecisionInput& in, size_t e, size_t t, int channel) {
  return in.pair_features[(e * in.instruction.tokens.size() + t) * kPairChannels + size_t(channel)];
}

TEST(Instruction, TokensQuotesAndSpans) {
  Instruction ins = tokenize_instruction("Forward \"Question about x\" to jason.simmons@acme.test.");
  ASSERT_EQ(ins.tokens.size(), 6u);
  EXPECT_EQ(ins.tokens[1].text, "Question");
  EXPECT_EQ(ins.tokens[1].quote, 0);
  EXPECT_EQ(ins.tokens[3].quote, 0);
  EXPECT_EQ(ins.tokens[4].quote, -1);
  EXPECT_EQ(ins.tokens[5].text, "jason.simmons@acme.test");
  ASSERT_EQ(ins.quoted.size(), 1u);
  EXPECT_EQ(ins.quoted[0], "question about x");
  EXPECT_EQ(instruction_span(ins, 1, 3), "Question about x");
  EXPECT_EQ(instruction_span(ins, 3, 1), "");
}

TEST(DecisionInput, MatchChannelsPointAtTheNamedElement) {
  DecisionInput in = make_decision_input(
      "Click the \"Export\" button.",
      {element(ElementClass::kButton, {10, 10, 60, 24}, "Cancel"), element(ElementClass::kButton, {80, 10, 60, 24}, "Export")},
      {200, 100});
  ASSERT_EQ(in.instruction.tokens.size(), 4u);
  ASSERT_EQ(in.elements.size(), 2u);
  EXPECT_EQ(in.elements[1].text, "Export");
  for (int c = 0; c < 3; ++c) EXPECT_EQ(pair(in, 1, 2, c), 1.0f) << "channel " << c;
  for (int c = 0; c < 3; ++c) EXPECT_EQ(pair(in, 0, 2, c), 0.0f) << "channel " << c;
}

TEST(DecisionInput, FieldsInheritTheirLabelsMatches) {
  DecisionInput in = make_decision_input(
      "Type \"abc\" into the Phone field.",
      {element(ElementClass::kText, {10, 10, 60, 20}, "Phone:"), element(ElementClass::kTextField, {80, 8, 120, 24}, ""),
       element(ElementClass::kText, {10, 40, 60, 20}, "Email:"), element(ElementClass::kTextField, {80, 38, 120, 24}, "")},
      {300, 100});
  // Token 4 is "Phone": the first field's label matches it, the second field's does not.
  ASSERT_EQ(in.instruction.tokens[4].folded, "phone");
  std::vector<size_t> fields;
  for (size_t i = 0; i < in.elements.size(); ++i) {
    if (in.elements[i].element_class == ElementClass::kTextField) fields.push_back(i);
  }
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(pair(in, fields[0], 4, kMatchChannels + 0), 1.0f);
  EXPECT_EQ(pair(in, fields[1], 4, kMatchChannels + 0), 0.0f);
}

TEST(Choices, EncodeDecodeRoundTrip) {
  DecisionInput in = make_decision_input(
      "Enter 22 July 1985 as the Date of birth, type \"Ann Lee\" and click \"Save\".",
      {element(ElementClass::kText, {10, 10, 200, 20}, "Date of birth (DD.MM.YYYY)"),
       element(ElementClass::kButton, {80, 60, 60, 24}, "Save")},
      {300, 100});
  std::string why;
  auto click = encode_action(in, Action::left_click({95, 70}), &why);
  ASSERT_TRUE(click) << why;
  EXPECT_EQ(click->element, 1);
  auto back = decode_choice(in, *click);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->coordinate, (Point{95, 70}));
  auto typed = encode_action(in, Action::type_text("Ann Lee"), &why);
  ASSERT_TRUE(typed) << why;
  EXPECT_EQ(typed->text_source, TextSource::kSpan);
  EXPECT_EQ(decode_choice(in, *typed)->text, "Ann Lee");
  auto date = encode_action(in, Action::type_text("22.07.1985"), &why);
  ASSERT_TRUE(date) << why;
  EXPECT_EQ(date->text_source, TextSource::kDate);
  EXPECT_EQ(decode_choice(in, *date)->text, "22.07.1985");
  EXPECT_FALSE(encode_action(in, Action::type_text("nothing like it"), &why));
  EXPECT_FALSE(encode_action(in, Action::left_click({290, 95}), &why));
  EXPECT_EQ(apply_text_source(TextSource::kTime24, "11:29 PM", ""), "23:29");
  EXPECT_EQ(apply_text_source(TextSource::kTime24, "12:05 am", ""), "00:05");
}

}  // namespace
}  // namespace hemu
