#include "train/policy_eval.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "image/file_io.h"
#include "image/png.h"
#include "sim/task_env.h"
#include "train/eval_chart.h"
#include "train/task_split.h"

namespace hemu {
namespace {

// An agent that clicks the screen's centre: a known, poor policy.
class CentreClicker final : public EpisodeAgent {
 public:
  void begin(const std::string&, double) override {}
  Result<Action> act(const Frame& frame, TaskEnv&) override {
    return Action::left_click({frame.width / 2, frame.height / 2});
  }
};

TEST(PolicyEval, CountsEpisodesAndSummarisesPerTask) {
  CentreClicker agent;
  EvalOptions o;
  o.tasks = {"click_button", "type_text"};
  o.seeds = {0, 1, 2};
  int calls = 0;
  o.progress = [&](const EvalEpisode&, int done, int total) {
    ++calls;
    EXPECT_EQ(total, 6);
    EXPECT_EQ(done, calls);
  };
  auto episodes = evaluate_agent(agent, o);
  ASSERT_TRUE(episodes.ok()) << episodes.status().to_string();
  ASSERT_EQ(episodes->size(), 6u);
  for (const auto& e : *episodes) {
    EXPECT_GT(e.human_s, 0);
    EXPECT_GE(e.steps, 1);
    EXPECT_FALSE(e.reason.empty());
  }
  auto rows = summarise(*episodes);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].task, "click_button");
  EXPECT_EQ(rows[0].episodes, 3);
  Json j = eval_json(rows);
  EXPECT_EQ(j.find("overall")->find("episodes")->as_int(), 6);
  EXPECT_NE(eval_markdown(rows).find("| type_text | 3 |"), std::string::npos);
  // Both tasks are training tasks: a trained split row, no never-trained one.
  EXPECT_NE(eval_markdown(rows).find("| **trained tasks (mean of 2 tasks)** |"), std::string::npos) << eval_markdown(rows);
  EXPECT_EQ(eval_markdown(rows).find("never-trained"), std::string::npos);
  EXPECT_EQ(j.find("split")->find("trained")->find("tasks")->as_int(), 2);
  rows.push_back(EvalTaskRow{"click_link", 4, 3});  // a never-trained task, 3 of 4 solved
  EXPECT_NE(eval_markdown(rows).find("| **never-trained tasks (mean of 1 tasks)** | | 75.0 % |"), std::string::npos)
      << eval_markdown(rows);
}

TEST(PolicyEval, UnknownTaskIsAnError) {
  CentreClicker agent;
  EvalOptions o;
  o.tasks = {"no_such_task"};
  o.seeds = {0};
  EXPECT_FALSE(evaluate_agent(agent, o).ok());
}

TEST(PolicyEval, ChartIsAPngWithDots) {
  std::vector<EvalTaskRow> rows = {{"click_button", 10, 9, 1.0, 0.01, 2.6, 260},
                                   {"click_link", 10, 5, 1.0, 0.02, 2.6, 130}};
  std::string path = ::testing::TempDir() + "eval_chart.png";
  ASSERT_TRUE(write_eval_chart(rows, "test", path).ok());
  auto bytes = file_read_all(path);
  ASSERT_TRUE(bytes.ok());
  auto frame = png_decode(*bytes);
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(frame->width, 1100);
  std::remove(path.c_str());
}

TEST(TaskSplit, HeldOutTasksExistAndAreNeverTrained) {
  EXPECT_EQ(held_out_tasks().size(), 5u);
  auto train = training_tasks();
  for (const auto& t : held_out_tasks()) {
    EXPECT_NE(find_task(t), nullptr) << t;
    EXPECT_EQ(std::find(train.begin(), train.end(), t), train.end()) << t;
  }
  EXPECT_EQ(train.size() + held_out_tasks().size(), task_names().size());
}

}  // namespace
}  // namespace hemu
