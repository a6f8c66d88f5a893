#include "train/decision_training.h"

#include <gtest/gtest.h>

#include <map>

#include "policy/decision_memory.h"
#include "policy/decision_net.h"
#include "sim/task_env.h"
#include "train/detector_training.h"
#include "train/policy_eval.h"

namespace hemu {
namespace {

TEST(DecisionTraining, ATinyRunLowersTheLossAndLearnsToClickTheNamedButton) {
  DecisionConfig config;
  config.d_model = 32;
  config.heads = 2;
  auto model = DecisionModel::create(config, 3);
  DecisionTrainOptions o;
  o.tasks = {"click_button"};
  o.steps = 120;
  o.episodes_per_task = 60;
  o.batch_episodes = 16;
  o.dagger_rounds = 0;
  o.threads = 1;
  auto report = train_decision(*model, o);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_LT(report->final_loss, 0.5 * report->first_loss);
  auto agent = make_label_perception_agent(*model);
  EvalOptions eo;
  eo.tasks = {"click_button"};
  for (uint64_t s = 0; s < 20; ++s) eo.seeds.push_back(s);
  auto episodes = evaluate_agent(*agent, eo);
  ASSERT_TRUE(episodes.ok());
  int wins = 0;
  for (const auto& e : *episodes) wins += e.success;
  EXPECT_GE(wins, 16) << "click_button solved on " << wins << " of 20 held-out seeds";
}

// Training only the scroll-amount head (--decision-train-only notch_head) leaves every other
// parameter bit for bit as it was, and moves that head on a task that scrolls.
TEST(DecisionTraining, TrainingOnlyTheNotchHeadLeavesEveryOtherParameter) {
  DecisionConfig config;
  config.d_model = 32;
  config.heads = 2;
  auto model = DecisionModel::create(config, 5);
  std::map<std::string, torch::Tensor> before;
  for (const auto& named : model->net().named_parameters()) before[named.key()] = named.value().detach().clone();
  DecisionTrainOptions o;
  o.tasks = {"scroll_list_find"};
  o.steps = 8;
  o.episodes_per_task = 6;
  o.batch_episodes = 4;
  o.dagger_rounds = 0;
  o.threads = 1;
  o.trainable = {"notch_head"};
  auto report = train_decision(*model, o);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  int changed = 0, kept = 0;
  for (const auto& named : model->net().named_parameters()) {
    const bool same = torch::equal(before.at(named.key()), named.value());
    if (named.key().starts_with("notch_head")) changed += !same;
    else kept += same;
  }
  EXPECT_EQ(changed, 2);  // weight and bias
  EXPECT_EQ(kept, int(before.size()) - 2);
  for (const auto& p : model->net().parameters()) EXPECT_TRUE(p.requires_grad());  // unfrozen afterwards

  o.trainable = {"no_such_head"};
  EXPECT_FALSE(train_decision(*model, o).ok());
  o.trainable = {"notch_head", "notch_haed"};  // a misspelt prefix beside a right one
  EXPECT_FALSE(train_decision(*model, o).ok());
}

// support_ticket's reply holds the order number, which the desk window covers once the reply box
// is clicked: the expert types it as remembered (it saw the cell), and with the screen memory the
// decision inputs can express that as a copy of the remembered order row. Without the memory the
// same step cannot be encoded.
TEST(DecisionTraining, TheCoveredOrderNumberIsCopiedFromMemory) {
  int copied_from_memory = 0, solved = 0;
  const int episodes = 4;
  for (uint64_t seed = 0; seed < uint64_t(episodes); ++seed) {
    EnvConfig config;
    config.task = "support_ticket";
    config.seed = seed;
    auto env = TaskEnv::create(config);
    ASSERT_TRUE(env.ok()) << env.status().to_string();
    ScreenMemory memory;
    bool from_memory = false;
    for (int step = 0; step < 60 && !(*env)->done(); ++step) {
      std::vector<UiElement> elements = visible_element_labels((*env)->desktop());
      std::vector<UiElement> remembered = memory.recall(elements);
      const Size screen = (*env)->desktop().screen_size();
      DecisionInput plain = make_decision_input((*env)->instruction(), elements, screen);
      DecisionInput in = make_decision_input((*env)->instruction(), std::move(elements), screen);
      add_remembered(in, remembered);
      const Action expert = (*env)->expert_action();
      if (expert.type == ActionType::kType) {  // the last one typed is the reply
        std::string why;
        auto c = encode_action(in, expert, &why);
        from_memory = c && c->text_source == TextSource::kScreen && !on_screen(in, c->element);
        if (from_memory) {
          EXPECT_FALSE(encode_action(plain, expert, &why)) << "the number is on the screen after all";
        }
      }
      (*env)->step(expert);
    }
    copied_from_memory += from_memory;
    solved += (*env)->done() && (*env)->outcome().success();
  }
  EXPECT_EQ(solved, episodes);
  EXPECT_GE(copied_from_memory, episodes - 1) << "the reply copied a remembered row in " << copied_from_memory << " episodes";
}

}  // namespace
}  // namespace hemu
