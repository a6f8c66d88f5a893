#include "train/decision_training.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace hemu
