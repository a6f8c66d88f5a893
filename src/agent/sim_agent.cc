#include "agent/sim_agent.h"

#include <algorithm>

#include "core/clock.h"
#include "sim/play.h"

namespace hemu {
namespace {
Verdict to_verdict(const Outcome& o) { return Verdict{o.success(), o.reward, o.reason}; }
}  // namespace

std::optional<Verdict> SimJudge::after_step(double step_seconds) {
  env_.advance_time(step_seconds);
  if (!env_.done()) return std::nullopt;
  return to_verdict(env_.outcome());
}

std::optional<Verdict> SimJudge::final_verdict(const std::string& reason) {
  if (!env_.done()) env_.finish(reason);
  return to_verdict(env_.outcome());
}

Result<PolicyDecision> ExpertAgentPolicy::decide(const Frame&) {
  const int64_t t = monotonic_us();
  PolicyDecision d;
  d.action = env_.expert_action();
  d.decide_us = monotonic_us() - t;
  return d;
}

Result<SimRun> run_sim_task(const EnvConfig& config, const SimPolicyFactory& make_policy, RunOptions options,
                            bool show_pointer) {
  auto env = TaskEnv::create(config);
  HEMU_RETURN_IF_ERROR(env.status());
  (*env)->desktop().show_cursor = show_pointer;
  auto human = human_reference_seconds(config);
  HEMU_RETURN_IF_ERROR(human.status());
  auto policy = make_policy(**env);
  HEMU_RETURN_IF_ERROR(policy.status());
  SimScreen screen(**env);
  SimJudge judge(**env);
  options.judge = &judge;
  options.max_steps = std::min(options.max_steps, (*env)->task().info().max_steps);
  SimRun run;
  run.task = config.task;
  run.seed = config.seed;
  run.instruction = (*env)->instruction();
  run.human_reference_s = *human;
  auto result = run_agent(screen, **policy, run.instruction, options);
  HEMU_RETURN_IF_ERROR(result.status());
  run.result = std::move(*result);
  return run;
}

namespace {
// Forwards to a policy owned elsewhere (kept alive by `keep_alive` when given).
class BorrowedPolicy final : public AgentPolicy {
 public:
  BorrowedPolicy(AgentPolicy& p, std::shared_ptr<void> keep_alive) : p_(p), keep_alive_(std::move(keep_alive)) {}
  std::string name() const override { return p_.name(); }
  void begin(const std::string& i, double s) override { p_.begin(i, s); }
  Result<PolicyDecision> decide(const Frame& f) override { return p_.decide(f); }
  void note_no_effect() override { p_.note_no_effect(); }

 private:
  AgentPolicy& p_;
  std::shared_ptr<void> keep_alive_;
};
}  // namespace

std::unique_ptr<AgentPolicy> borrow_policy(AgentPolicy& policy, std::shared_ptr<void> keep_alive) {
  return std::make_unique<BorrowedPolicy>(policy, std::move(keep_alive));
}

Result<SimRun> run_sim_task(const EnvConfig& config, AgentPolicy& policy, RunOptions options, bool show_pointer) {
  return run_sim_task(
      config, [&policy](TaskEnv&) -> Result<std::unique_ptr<AgentPolicy>> { return borrow_policy(policy); },
      std::move(options), show_pointer);
}

}  // namespace hemu
