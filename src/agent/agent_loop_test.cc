#include "agent/agent_loop.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "agent/frame_change.h"
#include "agent/neural_agent_policy.h"
#include "agent/sim_agent.h"
#include "data/test_traces.h"
#include "data/trace_reader.h"
#include "data/trace_writer.h"

namespace hemu {
namespace {

using testing::TempDir;

// A policy that plays a fixed list of actions, then says done; counts note_no_effect calls.
class ScriptedPolicy final : public AgentPolicy {
 public:
  explicit ScriptedPolicy(std::vector<Action> actions) : actions_(std::move(actions)) {}
  std::string name() const override { return "scripted"; }
  void begin(const std::string&, double) override { next_ = 0; }
  Result<PolicyDecision> decide(const Frame&) override {
    PolicyDecision d;
    d.action = next_ < actions_.size() ? actions_[next_] : Action::done();
    ++next_;
    return d;
  }
  void note_no_effect() override { ++no_effect_notes; }
  int no_effect_notes = 0;

 private:
  std::vector<Action> actions_;
  size_t next_ = 0;
};

SimPolicyFactory expert() {
  return [](TaskEnv& env) -> Result<std::unique_ptr<AgentPolicy>> { return std::unique_ptr<AgentPolicy>(new ExpertAgentPolicy(env)); };
}

TEST(FrameChangeTest, SeesChangesOutsideIgnoredRectsOnly) {
  Frame a(64, 48), b(64, 48);
  EXPECT_FALSE(compare_frames(a, b, {}).changed);
  b.set(10, 20, {255, 0, 0});
  FrameChange c = compare_frames(a, b, {});
  EXPECT_TRUE(c.changed);
  EXPECT_EQ(c.pixels, 1);
  EXPECT_EQ(c.bounds, (Rect{10, 20, 1, 1}));
  EXPECT_FALSE(compare_frames(a, b, {Rect{8, 18, 5, 5}}).changed);
  EXPECT_TRUE(compare_frames(a, b, {Rect{11, 18, 5, 5}}).changed);
  // Trusted damage elsewhere: the change is not looked at; untrusted: it is.
  b.damage = {Rect{40, 0, 10, 10}};
  EXPECT_FALSE(compare_frames(a, b, {}, /*trust_damage=*/true).changed);
  EXPECT_TRUE(compare_frames(a, b, {}, /*trust_damage=*/false).changed);
  EXPECT_TRUE(compare_frames(a, Frame(32, 48), {}).changed);
}

TEST(AgentLoopTest, ExpertSolvesTasksAndEveryStepIsTimedAndVerified) {
  for (const char* task : {"click_button", "type_text", "login_navigate", "support_ticket"}) {
    EnvConfig config;
    config.task = task;
    config.seed = 4;
    auto run = run_sim_task(config, expert(), RunOptions{});
    ASSERT_TRUE(run.ok()) << run.status().message();
    EXPECT_TRUE(run->success()) << task << ": " << run->result.detail;
    EXPECT_GT(run->result.steps, 0);
    EXPECT_EQ(run->result.records.size(), size_t(run->result.steps));
    EXPECT_GT(run->human_reference_s, 0);
    EXPECT_GT(run->speedup(), 1.0) << task;  // the expert in-process beats a person by far
    int verified = 0;
    for (const StepRecord& r : run->result.records) {
      if (r.changed.has_value()) {
        ++verified;
        // The expert's clicks and typing all show. (Keys need not: Return that submits a form
        // the task judges may leave the screen as it was.)
        if (r.action.type != ActionType::kKey) {
          EXPECT_TRUE(*r.changed) << task << " step " << r.index << " " << action_to_json(r.action);
        }
      }
    }
    EXPECT_GT(verified, 0) << task;
    const Json summary = run->result.to_json();
    EXPECT_EQ(summary.find("success")->as_bool(), true);
    EXPECT_NE(summary.find("stages_ms")->find("compute"), nullptr);
  }
}

TEST(AgentLoopTest, WritesAReadableEpisode) {
  TempDir tmp("agent_episode");
  EnvConfig config;
  config.task = "login_navigate";
  config.seed = 2;
  TraceMeta meta;
  meta.kind = TraceKind::kEpisode;
  meta.task = config.task;
  meta.policy = "expert";
  auto writer = TraceWriter::create(tmp.path("ep"), meta, TraceWriterOptions{.sync = false});
  ASSERT_TRUE(writer.ok()) << writer.status().message();
  RunOptions options;
  options.trace = writer->get();
  auto run = run_sim_task(config, expert(), options);
  ASSERT_TRUE(run.ok()) << run.status().message();
  ASSERT_TRUE((*writer)->finish().ok());
  auto trace = TraceReader::open(tmp.path("ep"));
  ASSERT_TRUE(trace.ok()) << trace.status().message();
  EXPECT_TRUE((*trace)->problems().empty());
  const std::vector<StepEvent> steps = (*trace)->steps();
  ASSERT_EQ(steps.size(), size_t(run->result.steps));
  EXPECT_EQ((*trace)->meta().frame_count, run->result.steps + 1);
  for (size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].action, run->result.records[i].action);
    EXPECT_TRUE(steps[i].has_timings);
    EXPECT_EQ(steps[i].timings, run->result.records[i].timings);
    EXPECT_EQ(steps[i].changed, run->result.records[i].changed);
  }
  auto outcome = (*trace)->outcome();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->success, run->success());
  EXPECT_EQ(outcome->steps, run->result.steps);
}

TEST(AgentLoopTest, KillSwitchStopsTheRun) {
  EnvConfig config;
  config.task = "form_five_fields";
  config.seed = 1;
  int checks = 0;
  RunOptions options;
  options.should_stop = [&checks] { return ++checks > 3; };
  auto run = run_sim_task(config, expert(), options);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->result.stop, StopReason::kKillSwitch);
  EXPECT_LE(run->result.steps, 3);
  EXPECT_FALSE(run->success());
}

TEST(AgentLoopTest, VerificationNoticesActionsThatChangeNothingAndStopsWhenStuck) {
  EnvConfig config;
  config.task = "click_button";
  config.seed = 0;
  // F9 does nothing on the embedded desktop; the loop must see that, tell the policy, and stop
  // as stuck after max_no_effect_in_a_row instead of using the whole step budget.
  ScriptedPolicy policy(std::vector<Action>(10, Action::key("F9")));
  RunOptions options;
  options.max_no_effect_in_a_row = 3;
  auto run = run_sim_task(config, policy, options);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->result.stop, StopReason::kStuck) << run->result.detail;
  EXPECT_EQ(run->result.steps, 3);
  EXPECT_EQ(run->result.no_effect_steps, 3);
  EXPECT_EQ(policy.no_effect_notes, 2);  // told after the first two; the third ended the run
  for (const StepRecord& r : run->result.records) EXPECT_EQ(r.changed, std::optional<bool>(false));
}

TEST(AgentLoopTest, APointerThatOnlyMovesIsNotAnEffectButAClickOnAButtonIs) {
  EnvConfig config;
  config.task = "click_button";
  config.seed = 0;
  auto env = TaskEnv::create(config);
  ASSERT_TRUE(env.ok());
  const Action right = (*env)->expert_action();  // the click that solves the task
  ASSERT_EQ(right.type, ActionType::kLeftClick);
  // A click on the wallpaper's corner moves the pointer sprite only.
  ScriptedPolicy policy({Action::left_click({2, 2}), right});
  auto run = run_sim_task(config, policy, RunOptions{});
  ASSERT_TRUE(run.ok()) << run.status().message();
  ASSERT_GE(run->result.records.size(), 2u);
  EXPECT_EQ(run->result.records[0].changed, std::optional<bool>(false));
  EXPECT_EQ(run->result.records[1].changed, std::optional<bool>(true));
  EXPECT_EQ(policy.no_effect_notes, 1);
  EXPECT_TRUE(run->success()) << run->result.detail;
}

TEST(AgentLoopTest, StepLimitAndRefusedActions) {
  EnvConfig config;
  config.task = "click_button";
  config.seed = 0;
  // Off-screen clicks are refused by the screen: recorded as refused and as no effect.
  ScriptedPolicy policy(std::vector<Action>(10, Action::left_click({100000, 5})));
  RunOptions options;
  options.max_no_effect_in_a_row = 100;
  options.max_steps = 4;
  auto run = run_sim_task(config, policy, options);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->result.stop, StopReason::kStepLimit);
  EXPECT_EQ(run->result.steps, 4);
  EXPECT_FALSE(run->result.records[0].refused.empty());
  ASSERT_TRUE(run->result.verdict.has_value());
  EXPECT_FALSE(run->result.verdict->success);
}

TEST(AgentLoopTest, TheShippedModelRunsAnEpisodeFromPixels) {
  auto policy = NeuralAgentPolicy::load("models/default.hemu");
  ASSERT_TRUE(policy.ok()) << policy.status().message();
  EnvConfig config;
  config.task = "click_button";
  config.seed = 0;
  auto run = run_sim_task(config, **policy, RunOptions{});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_GT(run->result.steps, 0);
  ASSERT_TRUE(run->result.verdict.has_value());
  // Stage timings come from the model: screen parsing is "preprocess".
  EXPECT_GT(run->result.records[0].timings.preprocess_us, 0);
  EXPECT_GT(run->result.records[0].timings.decide_us, 0);
}

TEST(AgentLoopTest, ABadModelFileIsAClearError) {
  auto policy = NeuralAgentPolicy::load("/nonexistent/model.hemu");
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.status().message().find("/nonexistent/model.hemu"), std::string::npos) << policy.status().message();
}

}  // namespace
}  // namespace hemu
