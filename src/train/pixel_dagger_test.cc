#include "train/pixel_dagger.h"

#include <gtest/gtest.h>


#include "core/rng.h"
#include "policy/decision_model.h"
#include "policy/neural_policy.h"
#include "train/decision_training.h"

namespace hemu {
namespace {

// The shipped model's detector and reader are the screen parser (tests run in the source tree).
constexpr const char* kModel = "models/default.hemu";

// The model is committed: a missing or broken one fails the test (never a skip).
std::unique_ptr<NeuralPolicy> load_policy() {
  auto policy = NeuralPolicy::load(kModel);
  EXPECT_TRUE(policy.ok()) << policy.status().to_string();
  return policy.ok() ? std::move(*policy) : nullptr;
}

bool same_element(const UiElement& a, const UiElement& b) {
  return a.element_class == b.element_class && a.rect.x == b.rect.x && a.rect.y == b.rect.y &&
         a.rect.width == b.rect.width && a.rect.height == b.rect.height && a.text == b.text;
}

TEST(PixelDagger, ExpertRolloutSolvesTheTaskAndLabelsWhatTheParserSaw) {
  auto policy = load_policy();
  ASSERT_TRUE(policy != nullptr);
  std::vector<std::vector<UiElement>> parsed;
  ScreenParser parse = [&](const Frame& frame, double ui_scale) {
    parsed.push_back(policy->parse(frame, ui_scale));
    return parsed.back();
  };
  Rng rng(5);
  PixelRolloutOptions o;
  o.model_share = 0;  // the expert acts at every step
  std::map<std::string, int64_t> why;
  PixelRollout r = play_pixel_dagger("click_button", kFirstTrainingSeed + 17, parse, policy->decision_model(), rng, o, &why);
  EXPECT_TRUE(r.success);
  EXPECT_EQ(r.model_actions, 0);
  ASSERT_FALSE(r.episode.inputs.empty());
  ASSERT_EQ(r.episode.inputs.size(), parsed.size());
  ASSERT_EQ(r.episode.targets.size(), parsed.size());
  int targets = 0;
  for (size_t i = 0; i < parsed.size(); ++i) {
    // The model's input holds exactly the parser's elements (sorted into reading order), not the widget tree's.
    const auto& seen = r.episode.inputs[i].elements;
    ASSERT_EQ(seen.size(), std::min(parsed[i].size(), size_t(kMaxElements)));
    for (const UiElement& e : seen) {
      bool found = false;
      for (const UiElement& p : parsed[i]) found = found || same_element(e, p);
      EXPECT_TRUE(found) << "step " << i << ": an input element the parser did not return";
    }
    if (r.episode.targets[i]) {
      ++targets;
      const ActionChoice& t = *r.episode.targets[i];
      if (t.kind == ChoiceKind::kClick) {
        ASSERT_GE(t.element, 0);
        ASSERT_LT(t.element, int(seen.size()));
      }
    }
  }
  EXPECT_EQ(targets + r.episode.unencodable, int(parsed.size()));
  EXPECT_GE(targets, 1) << "the expert's click was expressible on the parsed screen";
}

TEST(PixelDagger, ModelRolloutExecutesTheModelsOwnActions) {
  auto policy = load_policy();
  ASSERT_TRUE(policy != nullptr);
  ScreenParser parse = [&](const Frame& frame, double ui_scale) { return policy->parse(frame, ui_scale); };
  Rng rng(6);
  PixelRolloutOptions o;
  o.model_share = 1;
  o.max_steps = 12;
  PixelRollout r = play_pixel_dagger("click_checkboxes", kFirstTrainingSeed + 3, parse, policy->decision_model(), rng, o);
  ASSERT_FALSE(r.episode.inputs.empty());
  EXPECT_LE(int(r.episode.inputs.size()), o.max_steps);
  // Every step ran the model's action, unless its choice pointed at nothing (then the expert's).
  EXPECT_EQ(r.model_actions + r.decode_failures, int(r.episode.inputs.size()));
  EXPECT_GT(r.model_actions, 0);
}

TEST(PixelDagger, TheTrainerFineTunesOnPixelRolloutsAlone) {
  auto policy = load_policy();
  ASSERT_TRUE(policy != nullptr);
  auto model = DecisionModel::from_bytes(policy->decision_model().to_bytes());
  ASSERT_TRUE(model.ok());
  DecisionTrainOptions o;
  o.tasks = {"click_button", "click_checkboxes"};
  o.steps = 4;
  o.episodes_per_task = 0;  // no label episodes: pixel DAgger only
  o.dagger_rounds = 0;
  o.pixel_dagger_rounds = 1;
  o.pixel_episodes_per_task = 2;
  o.batch_episodes = 3;
  o.learning_rate = 1e-4;
  o.threads = 1;
  EXPECT_FALSE(train_decision(**model, o).ok()) << "pixel DAgger without a parser must be refused";
  o.parser = [&](const Frame& frame, double ui_scale) { return policy->parse(frame, ui_scale); };
  const std::string before = (*model)->to_bytes();
  auto report = train_decision(**model, o);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->pixel_episodes, 4);
  EXPECT_GT(report->pixel_decisions, 0);
  EXPECT_EQ(report->episodes, 0);
  EXPECT_EQ(report->steps, 4);
  EXPECT_GT(report->samples, 0);
  EXPECT_NE((*model)->to_bytes(), before) << "the weights moved";
}

}  // namespace
}  // namespace hemu
