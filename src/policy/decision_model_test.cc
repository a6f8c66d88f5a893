#include "policy/decision_model.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "policy/decision_memory.h"
#include "policy/decision_net.h"

namespace hemu {
namespace {

DecisionInput sample_input() {
  std::vector<UiElement> elements;
  const char* captions[] = {"OK", "Cancel", "Export", "Help"};
  for (int i = 0; i < 4; ++i) {
    UiElement e;
    e.element_class = ElementClass::kButton;
    e.rect = {20 + 90 * i, 200, 80, 28};
    e.text = captions[i];
    elements.push_back(e);
  }
  DecisionInput in = make_decision_input("Click the \"Export\" button.", elements, {640, 480});
  set_history(in, {});
  return in;
}

DecisionConfig small(const std::string& core) {
  DecisionConfig c;
  c.d_model = 32;
  c.heads = 2;
  c.core = core;
  return c;
}

TEST(DecisionModel, OutputShapesForBothCores) {
  for (const char* core : {"mamba", "transformer"}) {
    auto model = DecisionModel::create(small(core), 1);
    DecisionInput a = sample_input(), b = sample_input();
    DecisionBatch batch = collate_decisions({{&a, &b}, {&a, nullptr}});
    DecisionOutputs out = model->net().forward(batch);
    EXPECT_EQ(out.kind.sizes(), (std::vector<int64_t>{4, kChoiceKindCount})) << core;
    EXPECT_EQ(out.pointer.sizes(), (std::vector<int64_t>{4, 4})) << core;
    EXPECT_EQ(out.offsets.sizes(), (std::vector<int64_t>{4, 4, 2})) << core;
    EXPECT_EQ(out.span_first.size(1), int64_t(a.instruction.tokens.size())) << core;
    EXPECT_FALSE(torch::isnan(out.kind).any().item<bool>()) << core;
  }
}

TEST(DecisionModel, DeterministicForASeedAndRoundTripsThroughBytes) {
  auto a = DecisionModel::create(small("mamba"), 5);
  auto b = DecisionModel::create(small("mamba"), 5);
  EXPECT_EQ(a->to_bytes(), b->to_bytes());
  auto c = DecisionModel::create(small("mamba"), 6);
  EXPECT_NE(a->to_bytes(), c->to_bytes());
  auto back = DecisionModel::from_bytes(a->to_bytes());
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ((*back)->config().to_json().dump(), a->config().to_json().dump());
  DecisionInput in = sample_input();
  for (int step = 0; step < 3; ++step) {  // the temporal core's state must evolve the same way
    ActionChoice x = a->decide(in), y = (*back)->decide(in);
    EXPECT_EQ(int(x.kind), int(y.kind));
    EXPECT_EQ(x.element, y.element);
    EXPECT_FLOAT_EQ(x.offset_x, y.offset_x);
  }
}

TEST(DecisionModel, ExplorationSamplesDeterministicallyAndZeroIsGreedy) {
  // An untrained model is nearly uniform over the 4 buttons: greedy always picks one element, a
  // sampling model visits several, the same ones again for the same seed.
  auto model = DecisionModel::create(small("transformer"), 3);
  DecisionInput in = sample_input();
  auto elements_chosen = [&](double temperature, uint64_t seed) {
    model->set_exploration(temperature, seed);
    std::vector<int> chosen;
    for (int i = 0; i < 40; ++i) {
      model->reset();
      chosen.push_back(model->decide(in).element);
    }
    return chosen;
  };
  const std::vector<int> greedy = elements_chosen(0, 1);
  EXPECT_EQ(std::set<int>(greedy.begin(), greedy.end()).size(), 1u);
  const std::vector<int> sampled = elements_chosen(1.0, 7);
  EXPECT_GE(std::set<int>(sampled.begin(), sampled.end()).size(), 3u);
  EXPECT_EQ(elements_chosen(1.0, 7), sampled);
  EXPECT_NE(elements_chosen(1.0, 8), sampled);
  EXPECT_EQ(elements_chosen(0, 9), greedy);  // back to greedy after exploring
}

TEST(DecisionModel, BadBytesGiveCleanErrors) {
  auto a = DecisionModel::create(small("transformer"), 5);
  std::string bytes = a->to_bytes();
  EXPECT_EQ(DecisionModel::from_bytes("").status().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(DecisionModel::from_bytes("garbage\nxx").status().code(), ErrorCode::kCorrupt);
  auto truncated = DecisionModel::from_bytes(bytes.substr(0, bytes.size() / 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), ErrorCode::kCorrupt);
  // The same weights under another architecture's config must not load silently.
  DecisionConfig other = small("transformer");
  other.d_model = 48;
  std::string config = other.to_json().dump();
  size_t nl = bytes.find('\n');
  size_t old_size = std::stoul(bytes.substr(0, nl));
  std::string swapped = std::to_string(config.size()) + "\n" + config + bytes.substr(nl + 1 + old_size);
  auto mismatch = DecisionModel::from_bytes(swapped);
  EXPECT_FALSE(mismatch.ok());
}

TEST(DecisionModel, AModelOfOtherInputFeaturesIsRefusedWithTheReason) {
  auto a = DecisionModel::create(small("transformer"), 5);
  std::string bytes = a->to_bytes();
  Json config = a->config().to_json();
  config["feature_version"] = kDecisionFeatureVersion + 1;
  std::string text = config.dump();
  size_t nl = bytes.find('\n');
  size_t old_size = std::stoul(bytes.substr(0, nl));
  auto old = DecisionModel::from_bytes(std::to_string(text.size()) + "\n" + text + bytes.substr(nl + 1 + old_size));
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(old.status().message().find("features version"), std::string::npos) << old.status().message();
}

// Session-4 models read version 2 inputs: they still load, and a fine-tune widens them to today's
// inputs without changing a single decision before training.
TEST(DecisionModel, VersionTwoModelsLoadAndUpgradeWithoutChangingDecisions) {
  DecisionConfig config = small("transformer");
  config.feature_version = 2;
  auto a = DecisionModel::create(config, 7);
  auto back = DecisionModel::from_bytes(a->to_bytes());
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ((*back)->config().feature_version, 2);
  auto up = (*back)->upgraded();
  ASSERT_TRUE(up.ok()) << up.status().to_string();
  EXPECT_EQ((*up)->config().feature_version, kDecisionFeatureVersion);
  EXPECT_GT((*up)->parameter_count(), (*back)->parameter_count());
  DecisionInput in = sample_input();
  in.element_intent[2] = {1.0f, 1.0f, 0.0f};  // today's inputs are set, the upgrade ignores them at first
  DecisionBatch batch = collate_decisions({{&in}});
  torch::NoGradGuard no_grad;
  a->net().eval();
  (*up)->net().eval();
  auto x = a->net().forward(batch), y = (*up)->net().forward(batch);
  EXPECT_TRUE(torch::allclose(x.kind, y.kind, 1e-5, 1e-5));
  EXPECT_TRUE(torch::allclose(x.pointer, y.pointer, 1e-4, 1e-4));
  // The arithmetic operators are new classes of the source head: old ones unchanged, new unlikely.
  ASSERT_EQ(x.source.size(1), 4);
  ASSERT_EQ(y.source.size(1), kTextSourceCount);
  EXPECT_TRUE(torch::allclose(x.source, y.source.slice(1, 0, 4), 1e-5, 1e-5));
  EXPECT_LT(y.source[0][kTextSourceCount - 1].item<float>(), -5.0f);
  // Version 1 has another pair-channel layout: refused with the reason.
  DecisionConfig v1 = small("transformer");
  v1.feature_version = 1;
  EXPECT_FALSE(DecisionModel::create(v1, 1)->upgraded().ok());
}

// A model of input features `version` round-trips, ignores the input channels later versions
// added (`mark_newer` sets them), and upgrades to today's inputs deciding as it did; a fresh model
// of today's version does read those channels. Returned for the checks of one version's own.
struct Upgraded {
  std::unique_ptr<DecisionModel> old_model, upgraded;
  DecisionInput marked;
  DecisionOutputs old_outputs;       // the old model on the unmarked input
  DecisionOutputs upgraded_outputs;  // the upgraded model on `marked`
};
Upgraded expect_newer_inputs_ignored_and_upgrade_identical(int version, uint64_t seed,
                                                           const std::function<void(DecisionInput&)>& mark_newer) {
  Upgraded u;
  DecisionConfig config = small("transformer");
  config.feature_version = version;
  u.old_model = DecisionModel::create(config, seed);
  auto back = DecisionModel::from_bytes(u.old_model->to_bytes());
  EXPECT_TRUE(back.ok()) << back.status().to_string();
  if (!back.ok()) return u;
  EXPECT_EQ((*back)->config().feature_version, version);
  DecisionInput in = sample_input();
  u.marked = in;
  mark_newer(u.marked);
  torch::NoGradGuard no_grad;
  u.old_model->net().eval();
  const DecisionOutputs& x = u.old_outputs = u.old_model->net().forward(collate_decisions({{&in}}));
  auto x_marked = u.old_model->net().forward(collate_decisions({{&u.marked}}));
  EXPECT_TRUE(torch::equal(x.kind, x_marked.kind));
  EXPECT_TRUE(torch::equal(x.pointer, x_marked.pointer));
  auto up = (*back)->upgraded();
  EXPECT_TRUE(up.ok()) << up.status().to_string();
  if (!up.ok()) return u;
  u.upgraded = std::move(*up);
  EXPECT_EQ(u.upgraded->config().feature_version, kDecisionFeatureVersion);
  EXPECT_GT(u.upgraded->parameter_count(), (*back)->parameter_count());
  u.upgraded->net().eval();
  const DecisionOutputs& y = u.upgraded_outputs = u.upgraded->net().forward(collate_decisions({{&u.marked}}));
  EXPECT_TRUE(torch::allclose(x.kind, y.kind, 1e-5, 1e-5));
  EXPECT_TRUE(torch::allclose(x.key, y.key, 1e-5, 1e-5));
  EXPECT_TRUE(torch::allclose(x.pointer, y.pointer, 1e-4, 1e-4));
  EXPECT_TRUE(torch::allclose(x.span_first, y.span_first, 1e-4, 1e-4));
  auto fresh = DecisionModel::create(small("transformer"), seed);
  fresh->net().eval();
  auto f = fresh->net().forward(collate_decisions({{&in}}));
  auto g = fresh->net().forward(collate_decisions({{&u.marked}}));
  EXPECT_FALSE(torch::allclose(f.kind, g.kind, 1e-6, 1e-6));
  return u;
}

// Session-5 models read version 3 inputs: they load, read only their 8 token features and 3
// intent channels (today's extra channels change nothing), and upgrade without changing a decision.
TEST(DecisionModel, VersionThreeModelsIgnoreNewInputsAndUpgradeWithoutChangingDecisions) {
  expect_newer_inputs_ignored_and_upgrade_identical(3, 9, [](DecisionInput& marked) {
    for (auto& f : marked.token_features) f[8] = f[11] = 1.0f;
    for (auto& f : marked.element_intent) f[3] = f[4] = f[5] = 1.0f;
  });
}

TEST(DecisionModel, VersionOneModelsStillLoadAndDecide) {
  DecisionConfig config = small("transformer");
  config.feature_version = 1;
  auto a = DecisionModel::create(config, 5);
  auto back = DecisionModel::from_bytes(a->to_bytes());
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ((*back)->config().feature_version, 1);
  DecisionInput in = sample_input();
  ActionChoice x = a->decide(in), y = (*back)->decide(in);
  EXPECT_EQ(x.element, y.element);
  EXPECT_GE(x.element, 0);
}

// Outputs of one step that say "type" and are flat everywhere else, for `elements` elements and
// `tokens` instruction tokens: tests set the scores that matter.
DecisionOutputs type_outputs(int64_t elements, int64_t tokens) {
  DecisionOutputs out;
  out.kind = torch::zeros({1, kChoiceKindCount});
  out.kind[0][int(ChoiceKind::kType)] = 5;
  out.modifier = torch::zeros({1, kModifierCount});
  out.key = torch::zeros({1, int64_t(decision_keys().size())});
  out.notches = torch::zeros({1, kMaxScrollNotches});
  out.source = torch::zeros({1, kTextSourceCount});
  out.pointer = torch::zeros({1, elements});
  out.drag_pointer = torch::zeros({1, elements});
  out.offsets = torch::full({1, elements, 2}, 0.5);
  out.drag_offsets = torch::full({1, elements, 2}, 0.5);
  out.span_first = torch::zeros({1, tokens});
  out.span_last = torch::zeros({1, tokens});
  return out;
}

TEST(DecisionModel, TypedTextIsTheBestChoiceThatYieldsText) {
  UiElement hint;
  hint.rect = {10, 10, 200, 20};
  hint.text = "Date (DD.MM.YYYY)";
  DecisionInput in = make_decision_input("Type \"Philadelphia\" in the \"City\" field, date 22 July 1985.", {hint}, {640, 480});
  // Tokens: Type Philadelphia in the City field date 22 July 1985.
  ASSERT_EQ(in.instruction.tokens.size(), 10u);
  DecisionOutputs out = type_outputs(1, 10);
  // The heads alone would type "Philadelphia in the City": a span across quotes.
  out.span_first[0][1] = 4;
  out.span_last[0][4] = 4;
  out.span_last[0][1] = 3;
  ActionChoice c = best_choice(out, 0, {}, &in);
  EXPECT_EQ(c.span_first, 1);
  EXPECT_EQ(c.span_last, 1);
  // A date operator only where it applies: "July 1985" is no date, "22 July 1985" is.
  out.source[0][int(TextSource::kDate)] = 5;
  out.span_first.zero_();
  out.span_last.zero_();
  out.span_first[0][8] = 4;
  out.span_first[0][7] = 3;
  out.span_last[0][9] = 4;
  c = best_choice(out, 0, {}, &in);
  EXPECT_EQ(int(c.text_source), int(TextSource::kDate));
  EXPECT_EQ(c.span_first, 7);
  EXPECT_EQ(c.span_last, 9);
}

// Session-6 models read version 4 inputs: they load, ignore the version-5 token feature and intent
// channels, and upgrade without changing a decision (the copy-from-screen source starts unlikely
// and is only taken when it is the source head's best class).
TEST(DecisionModel, VersionFourModelsIgnoreNewInputsAndUpgradeWithoutChangingDecisions) {
  Upgraded u = expect_newer_inputs_ignored_and_upgrade_identical(4, 11, [](DecisionInput& marked) {
    for (auto& f : marked.token_features) f[12] = 1.0f;
    for (auto& f : marked.element_intent) f[6] = f[7] = 1.0f;
  });
  ASSERT_TRUE(u.upgraded != nullptr);
  const DecisionOutputs& x = u.old_outputs;
  const DecisionOutputs& y = u.upgraded_outputs;
  ASSERT_EQ(x.source.size(1), 7);
  ASSERT_EQ(y.source.size(1), kTextSourceCount);
  EXPECT_TRUE(torch::allclose(x.source, y.source.slice(1, 0, 7), 1e-5, 1e-5));
  EXPECT_LT(y.source[0][int(TextSource::kScreen)].item<float>(), -5.0f);
  // Whole choices agree, typed text included.
  ActionChoice p = u.old_model->decide(u.marked), q = u.upgraded->decide(u.marked);
  EXPECT_EQ(int(p.kind), int(q.kind));
  EXPECT_EQ(p.element, q.element);
  EXPECT_EQ(int(p.text_source), int(q.text_source));
  EXPECT_EQ(p.span_first, q.span_first);
  EXPECT_EQ(p.span_last, q.span_last);
}

// kScreen: the source head says "copy", the pointer head says what (an element with text, not an
// avoided one); a 7-class head (versions 3-4) never copies. The loss trains the pointer on the
// copied element and no span.
TEST(DecisionModel, CopyFromScreenTypesThePointedElementsText) {
  DecisionInput in = sample_input();  // OK, Cancel, Export, Help
  in.elements[1].text.clear();
  DecisionOutputs out = type_outputs(4, int64_t(in.instruction.tokens.size()));
  out.source[0][int(TextSource::kScreen)] = 3;
  out.pointer[0][1] = 9;  // no text: skipped
  out.pointer[0][3] = 5;
  out.pointer[0][2] = 4;
  ActionChoice c = best_choice(out, 0, {}, &in);
  EXPECT_EQ(int(c.text_source), int(TextSource::kScreen));
  EXPECT_EQ(c.element, 3);
  EXPECT_EQ(decode_choice(in, c)->text, "Help");
  in.avoid_elements = {3};
  EXPECT_EQ(best_choice(out, 0, {3}, &in).element, 2);
  in.avoid_elements.clear();
  // Not the source head's best class: a span is typed.
  out.source[0][int(TextSource::kSpan)] = 4;
  EXPECT_EQ(int(best_choice(out, 0, {}, &in).text_source), int(TextSource::kSpan));
  // A 7-class head has no such class.
  out.source = torch::zeros({1, 7});
  EXPECT_NE(int(best_choice(out, 0, {}, &in).text_source), int(TextSource::kScreen));
  // Loss: the pointer learns the copied element, the span heads nothing.
  auto model = DecisionModel::create(small("transformer"), 3);
  DecisionBatch batch = collate_decisions({{&in}});
  auto real = model->net().forward(batch);
  ActionChoice target;
  target.kind = ChoiceKind::kType;
  target.text_source = TextSource::kScreen;
  target.element = 2;
  std::vector<std::pair<std::string, double>> parts;
  decision_loss(real, batch, {{&target}}, &parts);
  std::map<std::string, double> by_name(parts.begin(), parts.end());
  EXPECT_GT(by_name["pointer"], 0.0);
  EXPECT_GT(by_name["source"], 0.0);
  EXPECT_EQ(by_name["span"], 0.0);
  EXPECT_EQ(by_name["offset"], 0.0);
}

// Session-7 models read version 5 inputs: the remembered-element channel (8) changes nothing for
// them, and the upgrade decides as they did. (They are never given remembered elements either:
// NeuralPolicy, the label evaluation and training add them for version 6 only.)
TEST(DecisionModel, VersionFiveModelsIgnoreTheRememberedChannelAndUpgradeWithoutChangingDecisions) {
  Upgraded u = expect_newer_inputs_ignored_and_upgrade_identical(5, 13, [](DecisionInput& marked) {
    for (auto& f : marked.element_intent) f[kRememberedIntent] = 1.0f;
  });
  ASSERT_TRUE(u.upgraded != nullptr);
  EXPECT_TRUE(torch::allclose(u.old_outputs.source, u.upgraded_outputs.source, 1e-5, 1e-5));
  ActionChoice p = u.old_model->decide(u.marked), q = u.upgraded->decide(u.marked);
  EXPECT_EQ(int(p.kind), int(q.kind));
  EXPECT_EQ(p.element, q.element);
}

// A remembered element (no box) may be copied, but the click and drag pointers never pick it,
// however much the heads like it.
TEST(DecisionModel, RememberedElementsAreCopiedNeverClicked) {
  DecisionInput in = sample_input();  // OK, Cancel, Export, Help
  UiElement row;
  row.element_class = ElementClass::kRow;
  row.text = "SO-55658 | 2024-03-01";
  add_remembered(in, {row});
  set_history(in, {});
  DecisionOutputs out = type_outputs(5, int64_t(in.instruction.tokens.size()));
  out.source[0][int(TextSource::kScreen)] = 3;
  out.pointer[0][4] = 9;
  out.pointer[0][2] = 4;
  out.drag_pointer[0][4] = 9;
  out.drag_pointer[0][1] = 4;
  ActionChoice copy = best_choice(out, 0, {}, &in);
  EXPECT_EQ(int(copy.text_source), int(TextSource::kScreen));
  EXPECT_EQ(copy.element, 4);
  EXPECT_EQ(decode_choice(in, copy)->text, row.text);
  out.kind[0][int(ChoiceKind::kDrag)] = 9;
  ActionChoice drag = best_choice(out, 0, {}, &in);
  EXPECT_EQ(int(drag.kind), int(ChoiceKind::kDrag));
  EXPECT_EQ(drag.element, 2);
  EXPECT_EQ(drag.drag_element, 1);
  out.pointer[0][3] = 2;
  EXPECT_EQ(best_choice(out, 0, {2}, &in).element, 3);  // avoided and remembered both skipped
  EXPECT_TRUE(decode_choice(in, drag).ok());
}

// Version-6 models (remembered elements) ignore the mentioned-field channel of version 7 and
// upgrade deciding as they did.
TEST(DecisionModel, VersionSixModelsIgnoreTheMentionedFieldChannelAndUpgradeWithoutChangingDecisions) {
  Upgraded u = expect_newer_inputs_ignored_and_upgrade_identical(6, 15, [](DecisionInput& marked) {
    for (auto& f : marked.element_intent) f[kMentionedFieldIntent] = 1.0f;
  });
  ASSERT_TRUE(u.upgraded != nullptr);
  ActionChoice p = u.old_model->decide(u.marked), q = u.upgraded->decide(u.marked);
  EXPECT_EQ(int(p.kind), int(q.kind));
  EXPECT_EQ(p.element, q.element);
}

}  // namespace
}  // namespace hemu
