// The agent loop on the embedded desktop: a task episode as a Screen with a judge, the scripted
// expert as an AgentPolicy (a reference that reads the widget tree: never the product), and the
// KLM human reference for speed multiples.
//
//   EnvConfig config{.task = "login_form", .seed = 3};
//   auto run = run_sim_task(config, policy, options);   // options.judge is set by run_sim_task
//   printf("%s %.0fx\n", run->result.verdict->success ? "ok" : "fail", run->speedup());
#pragma once

#include <memory>
#include <string>

#include "agent/agent_loop.h"
#include "agent/agent_policy.h"
#include "sim/task_env.h"

namespace hemu {

// The sim task's own judgement. Keeps the episode clock: each step's wall time is added, so the
// task's time limit applies to the agent's real time.
class SimJudge final : public EpisodeJudge {
 public:
  explicit SimJudge(TaskEnv& env) : env_(env) {}
  std::optional<Verdict> after_step(double step_seconds) override;
  std::optional<Verdict> final_verdict(const std::string& reason) override;

 private:
  TaskEnv& env_;
};

// The scripted expert of the task (reads the sim's widget tree: a reference, not a product).
class ExpertAgentPolicy final : public AgentPolicy {
 public:
  explicit ExpertAgentPolicy(TaskEnv& env) : env_(env) {}
  std::string name() const override { return "expert"; }
  void begin(const std::string&, double) override {}
  Result<PolicyDecision> decide(const Frame&) override;

 private:
  TaskEnv& env_;
};

struct SimRun {
  std::string task;
  uint64_t seed = 0;
  std::string instruction;
  RunResult result;
  double human_reference_s = 0;  // KLM time of the expert's actions on this episode
  // Speed as a multiple of the KLM human reference (0 when the run took no time).
  double speedup() const { return result.seconds > 0 ? human_reference_s / result.seconds : 0; }
  bool success() const { return result.verdict && result.verdict->success; }
};

// An AgentPolicy that forwards to `policy` (one loaded model shared by many episodes);
// `keep_alive` holds its owner when the borrower may outlive the caller's reference.
std::unique_ptr<AgentPolicy> borrow_policy(AgentPolicy& policy, std::shared_ptr<void> keep_alive = nullptr);

// What the policy for a sim run is: a fixed policy, or one built for the episode (the expert
// needs the episode's TaskEnv).
using SimPolicyFactory = std::function<Result<std::unique_ptr<AgentPolicy>>(TaskEnv& env)>;

// Runs one episode of `config` with the policy. `options.judge` is replaced by the task's judge;
// the task's step limit caps options.max_steps. `show_pointer` false renders frames without the
// pointer sprite, as an X11 capture of `hemu desktop` sees them (for in-process vs X11 parity).
Result<SimRun> run_sim_task(const EnvConfig& config, AgentPolicy& policy, RunOptions options,
                            bool show_pointer = true);
Result<SimRun> run_sim_task(const EnvConfig& config, const SimPolicyFactory& make_policy, RunOptions options,
                            bool show_pointer = true);

}  // namespace hemu
