#include "policy/decision_features.h"

#include <gtest/gtest.h>

#include "policy/test_elements.h"

namespace hemu {
namespace {

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

TEST(Instruction, QuotedTextKeepsItsPunctuation) {
  Instruction ins = tokenize_instruction("Reply with the text \"Sounds good. Count me in!\" and use \"Ab1?x,\".");
  ASSERT_EQ(ins.tokens.size(), 12u);  // the sentence's final '.' is no token
  EXPECT_EQ(ins.tokens[5].text, "good.");
  EXPECT_EQ(ins.tokens[5].folded, "good");  // compared with element words without punctuation
  EXPECT_EQ(instruction_span(ins, 4, 8), "Sounds good. Count me in!");
  EXPECT_EQ(ins.tokens[11].text, "Ab1?x,");
  DecisionInput in = make_decision_input("Type \"Count me in.\" now.", {}, {100, 100});
  std::string why;
  auto typed = encode_action(in, Action::type_text("Count me in."), &why);
  ASSERT_TRUE(typed) << why;
  EXPECT_EQ(decode_choice(in, *typed)->text, "Count me in.");
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

TEST(DecisionInput, NumbersAndQuotedPhrasesGiveTheElementsOrder) {
  DecisionInput in = make_decision_input(
      "Set \"Volume\" to 55% and choose \"Peru\".",
      {element(ElementClass::kText, {10, 10, 40, 20}, "60%"), element(ElementClass::kText, {10, 40, 40, 20}, "$55"),
       element(ElementClass::kRow, {10, 70, 90, 20}, "Denmark"), element(ElementClass::kRow, {10, 100, 90, 20}, "Slovenia")},
      {300, 200});
  // Tokens: Set, Volume, to, 55%, and, choose, Peru.
  ASSERT_EQ(in.instruction.tokens[3].text, "55%");
  ASSERT_EQ(in.instruction.tokens[6].text, "Peru");
  const int less = 5, greater = 6, equal = 7;
  EXPECT_EQ(pair(in, 0, 3, greater), 1.0f);  // 60 > 55
  EXPECT_EQ(pair(in, 0, 3, less), 0.0f);
  EXPECT_EQ(pair(in, 1, 3, equal), 1.0f);    // $55 == 55%
  EXPECT_EQ(pair(in, 2, 6, less), 1.0f);     // Denmark sorts before Peru: scroll down
  EXPECT_EQ(pair(in, 3, 6, greater), 1.0f);  // Slovenia after it
  EXPECT_EQ(pair(in, 2, 2, less), 0.0f);     // unquoted words have no order
}

TEST(DecisionInput, ButtonsSeeTheTextOfTheirLine) {
  DecisionInput in = make_decision_input(
      "Click \"Open\" on \"Jasmine otter\".",
      {element(ElementClass::kText, {10, 10, 120, 30}, "Bison highway"), element(ElementClass::kText, {140, 10, 120, 30}, "by Ann"),
       element(ElementClass::kButton, {300, 12, 60, 26}, "Open"), element(ElementClass::kText, {10, 50, 120, 30}, "Jasmine otter"),
       element(ElementClass::kText, {140, 50, 120, 30}, "by Bo"), element(ElementClass::kButton, {300, 52, 60, 26}, "Open")},
      {400, 100});
  ASSERT_EQ(in.instruction.tokens[3].text, "Jasmine");
  const int line_quote = 2 * kMatchChannels + 1;
  EXPECT_EQ(pair(in, 2, 3, line_quote), 0.0f);
  EXPECT_EQ(pair(in, 5, 3, line_quote), 1.0f);
  // The nearest label of each button is the author, not the title.
  EXPECT_EQ(pair(in, 5, 3, kMatchChannels + 1), 0.0f);
}

TEST(DecisionInput, TokensKnowWhetherTheScreenShowsThem) {
  DecisionInput in = make_decision_input("Open \"Ski Gloves\" now.",
                                         {element(ElementClass::kText, {10, 10, 120, 30}, "Desk Fan"),
                                          element(ElementClass::kButton, {300, 12, 60, 26}, "Open")},
                                         {400, 100});
  ASSERT_EQ(in.instruction.tokens.size(), 4u);
  EXPECT_EQ(in.token_features[0][6], 1.0f);  // "Open" is a word on screen
  EXPECT_EQ(in.token_features[1][4], 0.0f);  // "Ski Gloves" is not shown: scroll to find it
  EXPECT_EQ(in.token_features[1][5], 0.0f);
  in = make_decision_input("Open \"Ski Gloves\" now.", {element(ElementClass::kText, {10, 10, 120, 30}, "Ski gloves")},
                           {400, 100});
  EXPECT_EQ(in.token_features[1][4], 1.0f);
  EXPECT_EQ(in.token_features[2][5], 1.0f);
}

// type_number's computed amounts: arithmetic on the numbers that open and close a span.
TEST(TextSources, ArithmeticOnTheNumbersOfASpan) {
  EXPECT_EQ(apply_text_source(TextSource::kProduct, "3 boxes of 12", ""), "36");
  EXPECT_EQ(apply_text_source(TextSource::kQuotient, "150 equally among 3", ""), "50");
  EXPECT_FALSE(apply_text_source(TextSource::kQuotient, "100 equally among 3", ""));  // not whole
  EXPECT_EQ(apply_text_source(TextSource::kSum, "3 adults and 2", ""), "5");
  EXPECT_EQ(apply_text_source(TextSource::kPlusOne, "4", ""), "5");
  EXPECT_FALSE(apply_text_source(TextSource::kPlusOne, "4 colleagues", ""));
  EXPECT_FALSE(apply_text_source(TextSource::kProduct, "boxes of 12", ""));
  DecisionInput in = make_decision_input(
      "You need 3 boxes of 12 items each. Enter the total number of items in \"Quantity\", then click \"Buy now\".",
      {element(ElementClass::kTextField, {10, 10, 100, 24}, "1")}, {300, 200});
  std::string why;
  auto typed = encode_action(in, Action::type_text("36"), &why);
  ASSERT_TRUE(typed) << why;
  EXPECT_EQ(typed->text_source, TextSource::kProduct);
  EXPECT_EQ(instruction_span(in.instruction, typed->span_first, typed->span_last), "3 boxes of 12");
  EXPECT_EQ(decode_choice(in, *typed)->text, "36");
  DecisionInput guests = make_decision_input(
      "You are coming with 4 colleagues. Enter the number of guests, yourself included, in \"Number of guests\".",
      {}, {300, 200});
  auto plus = encode_action(guests, Action::type_text("5"), &why);
  ASSERT_TRUE(plus) << why;
  EXPECT_EQ(plus->text_source, TextSource::kPlusOne);
  EXPECT_EQ(text_source_count(2), 4);
  EXPECT_EQ(text_source_count(kDecisionFeatureVersion), kTextSourceCount);
}

// "Tick only A and B": the intent channels mark a named box still to tick and an unnamed box
// still to untick; the token of a named, ticked box says that item is done.
TEST(DecisionInput, IntentChannelsJoinNamesAndCheckedStates) {
  UiElement fruit = element(ElementClass::kCheckbox, {10, 10, 120, 20}, "Fruit");
  UiElement bread = element(ElementClass::kCheckbox, {10, 40, 120, 20}, "Bread");
  UiElement milk = element(ElementClass::kCheckbox, {10, 70, 120, 20}, "Milk");
  fruit.checked = true;   // named, ticked: done
  milk.checked = true;    // not named, ticked: untick
  DecisionInput in = make_decision_input("Tick only \"Fruit\" and \"Bread\", then click \"Save\".",
                                         {fruit, bread, milk, element(ElementClass::kButton, {10, 100, 60, 26}, "Save")},
                                         {300, 200});
  ASSERT_EQ(in.element_intent.size(), 4u);
  ASSERT_EQ(in.elements[0].text, "Fruit");
  EXPECT_EQ(in.element_intent[0][0], 1.0f);  // named
  EXPECT_EQ(in.element_intent[0][1], 0.0f);
  EXPECT_EQ(in.element_intent[0][2], 0.0f);
  EXPECT_EQ(in.element_intent[1][0], 1.0f);  // Bread: named, not ticked
  EXPECT_EQ(in.element_intent[1][1], 1.0f);
  EXPECT_EQ(in.element_intent[2][0], 0.0f);  // Milk: ticked, not named
  EXPECT_EQ(in.element_intent[2][2], 1.0f);
  EXPECT_EQ(in.element_intent[3][0], 1.0f);  // the button is named, but has no state to fix
  EXPECT_EQ(in.element_intent[3][1], 0.0f);
  ASSERT_EQ(in.instruction.tokens[2].text, "Fruit");
  ASSERT_EQ(in.instruction.tokens[4].text, "Bread");
  EXPECT_EQ(in.token_features[2][7], 1.0f);  // the Fruit box is ticked
  EXPECT_EQ(in.token_features[4][7], 0.0f);  // the Bread box is not yet
  // A box named by its label (text beside it) counts as named too.
  DecisionInput labelled = make_decision_input(
      "Tick \"Fruit\".", {element(ElementClass::kText, {10, 10, 60, 20}, "Fruit"), element(ElementClass::kCheckbox, {80, 10, 20, 20}, "")},
      {300, 200});
  ASSERT_EQ(labelled.elements[1].element_class, ElementClass::kCheckbox);
  EXPECT_EQ(labelled.element_intent[1][1], 1.0f);
}

// Version 4: a slider's value label against the goal. "Page_Up while it reads less" needs the
// number beside the named slider compared with the instruction's number, whichever way the caption
// is read (a misread caption still names it); the other slider's value does not count.
TEST(DecisionInput, NumberTokensSayWhetherTheNamedValueIsBelowOrAbove) {
  auto sliders = [](const std::string& caption, const std::string& value) {
    return std::vector<UiElement>{
        element(ElementClass::kText, {10, 10, 100, 24}, "Treble"), element(ElementClass::kSlider, {120, 10, 200, 24}, ""),
        element(ElementClass::kText, {330, 10, 50, 24}, "+9 dB"), element(ElementClass::kText, {10, 50, 100, 24}, caption),
        element(ElementClass::kSlider, {120, 50, 200, 24}, ""), element(ElementClass::kText, {330, 50, 50, 24}, value)};
  };
  const std::string instruction = "Set \"Price limit\" to $50 and click \"Done\".";
  DecisionInput below = make_decision_input(instruction, sliders("Price limit", "$25"), {640, 480});
  ASSERT_EQ(below.instruction.tokens[4].text, "$50");
  EXPECT_EQ(below.token_features[4][8], 1.0f);
  EXPECT_EQ(below.token_features[4][9], 0.0f);
  EXPECT_EQ(below.token_features[4][10], 0.0f);
  EXPECT_EQ(below.token_features[1][8], 0.0f);  // no number
  DecisionInput equal = make_decision_input(instruction, sliders("Price limit:", "$50"), {640, 480});
  EXPECT_EQ(equal.token_features[4][9], 1.0f);
  DecisionInput above = make_decision_input(instruction, sliders("Prlce limt", "$175"), {640, 480});
  EXPECT_EQ(above.token_features[4][10], 1.0f);
  EXPECT_EQ(above.token_features[4][8], 0.0f);
  // Nothing on screen is named: no comparison at all (not the Treble slider's +9).
  DecisionInput none = make_decision_input(instruction, sliders("Bass", "$25"), {640, 480});
  EXPECT_EQ(none.token_features[4][8] + none.token_features[4][9] + none.token_features[4][10], 0.0f);
}

// Version 4: a label's colon no longer hides the name ("Password:" names the "Password" field),
// the still-empty confirm field is a field to fill, and the token naming the focused field is
// marked (which value goes where).
TEST(DecisionInput, LabelsWithColonsNameFieldsAndEmptyAskedFieldsAreMarked) {
  UiElement password = element(ElementClass::kPasswordField, {120, 10, 200, 24}, "*****");
  password.focused = true;
  std::vector<UiElement> form = {element(ElementClass::kText, {10, 10, 100, 24}, "Password:"), password,
                                 element(ElementClass::kText, {10, 50, 100, 24}, "Repeat password:"),
                                 element(ElementClass::kPasswordField, {120, 50, 200, 24}, ""),
                                 element(ElementClass::kText, {10, 90, 100, 24}, "Email:"),
                                 element(ElementClass::kTextField, {120, 90, 200, 24}, "")};
  DecisionInput in = make_decision_input(
      "Enter \"Ab1!\" in the \"Password\" and \"Repeat password\" fields, then click \"Save\".", form, {640, 480});
  ASSERT_EQ(in.elements[1].element_class, ElementClass::kPasswordField);
  EXPECT_EQ(in.element_intent[1][0], 0.0f);  // version 3: "password:" is not "password"
  EXPECT_EQ(in.element_intent[1][3], 1.0f);  // version 4: named
  EXPECT_EQ(in.element_intent[3][3], 1.0f);
  EXPECT_EQ(in.element_intent[1][4], 0.0f);  // filled
  EXPECT_EQ(in.element_intent[3][4], 1.0f);  // named and empty: to fill
  EXPECT_EQ(in.element_intent[5][4], 0.0f);  // empty, but the instruction does not ask for it
  // Tokens: Enter Ab1! in the Password and Repeat password fields then click Save.
  ASSERT_EQ(in.instruction.tokens[4].text, "Password");
  EXPECT_EQ(in.token_features[4][11], 1.0f);  // names the focused field
  EXPECT_EQ(in.token_features[1][11], 0.0f);  // the value does not
  EXPECT_EQ(in.token_features[6][11], 0.0f);  // "Repeat password" is another field
  // A field mentioned without quotes ("as City") is asked for too, and its word names it.
  UiElement city = element(ElementClass::kTextField, {120, 10, 200, 24}, "");
  city.focused = true;
  DecisionInput plain = make_decision_input("Enter \"Vilnius\" as City and \"Carl\" as Name.",
                                            {element(ElementClass::kText, {10, 10, 100, 24}, "City"), city}, {640, 480});
  EXPECT_EQ(plain.element_intent[1][4], 1.0f);
  ASSERT_EQ(plain.instruction.tokens[3].text, "City");
  EXPECT_EQ(plain.token_features[3][11], 1.0f);
  EXPECT_EQ(plain.token_features[7][11], 0.0f);  // Name: not the focused field
}

// Version 4: the "Open" button on the named title's row matches two quoted phrases; the other
// rows' buttons one.
TEST(DecisionInput, ElementsMatchedByTwoQuotesAreMarked) {
  std::vector<UiElement> rows = {element(ElementClass::kText, {10, 10, 150, 30}, "Jasmine otter"),
                                 element(ElementClass::kButton, {300, 12, 60, 26}, "Open"),
                                 element(ElementClass::kText, {10, 50, 150, 30}, "Castle palace"),
                                 element(ElementClass::kButton, {300, 52, 60, 26}, "Open"),
                                 element(ElementClass::kRow, {10, 90, 350, 24}, "Ann Lee | Castle palace | 3 May")};
  DecisionInput in =
      make_decision_input("Scroll down to \"Castle palace\" and click its \"Open\" button.", rows, {640, 480});
  EXPECT_EQ(in.element_intent[1][5], 0.0f);
  EXPECT_EQ(in.element_intent[3][5], 1.0f);
  EXPECT_EQ(in.element_intent[4][5], 0.0f);  // contains one quote only
  DecisionInput mail = make_decision_input("Open the email from \"Ann Lee\" about \"Castle palace\".", rows, {640, 480});
  EXPECT_EQ(mail.element_intent[4][5], 1.0f);  // sender and subject in one row
  EXPECT_EQ(token_feature_count(3), 8);
  EXPECT_EQ(element_intent_count(3), 3);
  EXPECT_EQ(element_intent_count(kDecisionFeatureVersion), kElementIntentCount);
}

TEST(DecisionInput, HistoryCountsChosenElementsNotTheRowUnderTheWheel) {
  DecisionInput in = make_decision_input("Select \"b\".",
                                         {element(ElementClass::kRow, {10, 10, 100, 20}, "a"),
                                          element(ElementClass::kRow, {10, 30, 100, 20}, "b")},
                                         {200, 100});
  set_history(in, {Action::left_click({20, 15}), Action::scroll({20, 35}, ScrollDirection::kDown, 3)});
  EXPECT_EQ(in.element_history[0][0], 0.25f);
  EXPECT_EQ(in.element_history[0][1], 0.0f);
  EXPECT_EQ(in.element_history[1][0], 0.0f);  // only scrolled over
  EXPECT_EQ(in.element_history[1][1], 0.0f);
  EXPECT_EQ(in.previous_kind, int(ChoiceKind::kScrollDown));
}

// Version 5: "uncheck" and "leave ... unchecked" name a box that must be off. The version-3 channels
// (1: named and off, 2: on and not named) read every quote as "wanted on"; channels 6 and 7 read
// each quote's polarity.
TEST(DecisionInput, QuotePolarityNamesBoxesToTurnOff) {
  Instruction ins = tokenize_instruction(
      "Fill in the form: uncheck \"Newsletter\", leave \"Terms\" checked, leave \"Promo\" unchecked and check "
      "\"Updates\". Then click \"Submit\".");
  EXPECT_EQ(quote_polarity(ins), (std::vector<int>{-1, 1, -1, 1, 1}));
  // A list after the verb shares it; "turn off" is a verb too.
  EXPECT_EQ(quote_polarity(tokenize_instruction("Uncheck \"A\" and \"B\", then tick \"C\".")),
            (std::vector<int>{-1, -1, 1}));
  EXPECT_EQ(quote_polarity(tokenize_instruction("Turn off \"Wi-Fi\" and leave \"Sound\" on.")),
            (std::vector<int>{-1, 1}));

  UiElement newsletter = element(ElementClass::kCheckbox, {10, 10, 120, 20}, "Newsletter");
  UiElement terms = element(ElementClass::kCheckbox, {10, 40, 120, 20}, "Terms");
  UiElement promo = element(ElementClass::kCheckbox, {10, 70, 120, 20}, "Promo");
  UiElement updates = element(ElementClass::kCheckbox, {10, 100, 120, 20}, "Updates");
  newsletter.checked = true;  // to untick
  terms.checked = true;       // done
  promo.checked = false;      // done (must stay off)
  updates.checked = false;    // to tick
  DecisionInput in = make_decision_input(
      "Uncheck \"Newsletter\", leave \"Terms\" checked, leave \"Promo\" unchecked and check \"Updates\".",
      {newsletter, terms, promo, updates}, {300, 200});
  ASSERT_EQ(in.elements[2].text, "Promo");
  // The old channels mislead: Promo looks like a box to tick, Newsletter like one to keep.
  EXPECT_EQ(in.element_intent[2][1], 1.0f);
  EXPECT_EQ(in.element_intent[0][2], 0.0f);
  // The new ones do not.
  EXPECT_EQ(in.element_intent[0][6], 0.0f);
  EXPECT_EQ(in.element_intent[0][7], 1.0f);  // Newsletter: untick
  EXPECT_EQ(in.element_intent[1][6], 0.0f);
  EXPECT_EQ(in.element_intent[1][7], 0.0f);  // Terms: done
  EXPECT_EQ(in.element_intent[2][6], 0.0f);
  EXPECT_EQ(in.element_intent[2][7], 0.0f);  // Promo: done
  EXPECT_EQ(in.element_intent[3][6], 1.0f);  // Updates: tick
  EXPECT_EQ(in.element_intent[3][7], 0.0f);
  ASSERT_EQ(in.instruction.tokens[1].text, "Newsletter");
  EXPECT_EQ(in.token_features[1][12], 1.0f);
  EXPECT_EQ(in.token_features[3][12], 0.0f);  // Terms
  EXPECT_EQ(in.token_features[0][12], 0.0f);  // the verb itself is not in a quote
  // Version-4 models read the first 12 token features and 6 intent channels, as before.
  EXPECT_EQ(token_feature_count(4), 12);
  EXPECT_EQ(element_intent_count(4), 6);
  EXPECT_EQ(text_source_count(4), 7);
  EXPECT_EQ(token_feature_count(5), kTokenFeatureCount);
  EXPECT_EQ(element_intent_count(5), 8);
  EXPECT_EQ(text_source_count(5), kTextSourceCount);
  // Version 6 adds the remembered channel, version 7 the mentioned-field one.
  EXPECT_EQ(element_intent_count(6), kRememberedIntent + 1);
  EXPECT_EQ(element_intent_count(7), kElementIntentCount);
  EXPECT_EQ(kMentionedFieldIntent + 1, kElementIntentCount);
}

// Version 5: typed text that no instruction span gives but the screen shows is copied from the
// element showing it (kScreen): its own text, a misread of it, or a table row holding the cell.
TEST(Choices, TextCopiedFromTheScreenEncodesAsTheElementShowingIt) {
  UiElement name = element(ElementClass::kText, {10, 10, 120, 20}, "Jerry Ramirez");
  UiElement row1 = element(ElementClass::kRow, {10, 60, 500, 22}, "ORD-11 | Jerry Ramirez | Jul 3, 2024 | Lamp | $12.50 | Shipped");
  UiElement row2 = element(ElementClass::kRow, {10, 82, 500, 22}, "ORD-12 | Jerry Ramirez | Aug 9, 2024 | Desk | $99.00 | Shipped");
  row2.selected = true;
  UiElement reply = element(ElementClass::kTextArea, {10, 120, 400, 80}, "");
  DecisionInput in = make_decision_input("Reply to the ticket about order ORD-12 with its \"Total\".",
                                         {name, row1, row2, reply}, {640, 300});
  std::string why;
  // A span still wins over the screen.
  auto span = encode_action(in, Action::type_text("ORD-12"), &why);
  ASSERT_TRUE(span) << why;
  EXPECT_EQ(span->text_source, TextSource::kSpan);
  // An element's own text.
  auto copied = encode_action(in, Action::type_text("Jerry Ramirez"), &why);
  ASSERT_TRUE(copied) << why;
  EXPECT_EQ(copied->text_source, TextSource::kScreen);
  EXPECT_EQ(copied->element, 0);
  EXPECT_EQ(decode_choice(in, *copied)->text, "Jerry Ramirez");
  // A cell: the row holding it, copied whole (it contains the answer).
  auto cell = encode_action(in, Action::type_text("$99.00"), &why);
  ASSERT_TRUE(cell) << why;
  EXPECT_EQ(cell->text_source, TextSource::kScreen);
  EXPECT_EQ(cell->element, 2);
  EXPECT_EQ(decode_choice(in, *cell)->text, row2.text);
  // A cell two rows hold: the selected row.
  auto shipped = encode_action(in, Action::type_text("Shipped"), &why);
  ASSERT_TRUE(shipped) << why;
  EXPECT_EQ(shipped->element, 2);
  // The whole row as a parser reads it (no cell bars, a misread character) is still that row.
  auto read = encode_action(in, Action::type_text("ORD-11 Jerry Ramirez Jul 3, 2024 Lamp $12.50 Shlpped"), &why);
  ASSERT_TRUE(read) << why;
  EXPECT_EQ(read->element, 1);
  // Text that is nowhere is not encodable, and a copy of an element without text decodes to an error.
  EXPECT_FALSE(encode_action(in, Action::type_text("Hi Jerry, your order is on its way."), &why));
  ActionChoice empty;
  empty.kind = ChoiceKind::kType;
  empty.text_source = TextSource::kScreen;
  empty.element = 3;
  EXPECT_FALSE(decode_choice(in, empty).ok());
}

// Version 7: the field the instruction's plain words name, filled or showing a placeholder, and
// with a format in its label (type_date: two date fields, the wrong one was typed into).
TEST(DecisionInput, MentionedFieldsAreMarkedFilledOrNot) {
  std::vector<UiElement> form = {element(ElementClass::kText, {10, 10, 120, 24}, "Delivery date"),
                                 element(ElementClass::kTextField, {140, 10, 160, 24}, "08/03/2027"),
                                 element(ElementClass::kText, {10, 50, 120, 24}, "Check-in date"),
                                 element(ElementClass::kTextField, {140, 50, 160, 24}, "MM/DD/YYYY"),
                                 element(ElementClass::kText, {10, 90, 200, 24}, "Appointment date (MM/DD/YYYY):"),
                                 element(ElementClass::kTextField, {220, 90, 160, 24}, "05/30/2027"),
                                 element(ElementClass::kText, {10, 130, 120, 24}, "Notes"),
                                 element(ElementClass::kTextField, {140, 130, 160, 24}, "Optional")};
  DecisionInput in = make_decision_input("Enter 6 August 2021 as the Check-in date and click \"Save\".", form, {640, 480});
  ASSERT_EQ(in.elements[3].text, "MM/DD/YYYY");
  EXPECT_EQ(in.element_intent[3][4], 0.0f) << "channel 4 reads the placeholder as a filled field";
  EXPECT_EQ(in.element_intent[3][kMentionedFieldIntent], 1.0f);
  EXPECT_EQ(in.element_intent[1][kMentionedFieldIntent], 0.0f);  // "delivery" is not said
  EXPECT_EQ(in.element_intent[2][kMentionedFieldIntent], 0.0f);  // a label, not a field
  EXPECT_EQ(in.element_intent[7][kMentionedFieldIntent], 0.0f);
  DecisionInput other = make_decision_input("Enter 22 June 2022 as the Appointment date and click \"Book\".", form, {640, 480});
  EXPECT_EQ(other.element_intent[5][kMentionedFieldIntent], 1.0f) << "the format in parentheses is not a word to say";
  EXPECT_EQ(other.element_intent[3][kMentionedFieldIntent], 0.0f);
  // Named in quotes, with a colon.
  DecisionInput quoted = make_decision_input("Type \"x\" into \"Notes\".", form, {640, 480});
  EXPECT_EQ(quoted.element_intent[7][kMentionedFieldIntent], 1.0f);
  EXPECT_EQ(quoted.element_intent[1][kMentionedFieldIntent], 0.0f);
}

}  // namespace
}  // namespace hemu
