// The agent loop: capture -> decide -> act -> settle -> verify, on any Screen.
//
//   RunOptions options;
//   options.max_steps = 50;
//   options.should_stop = KillSwitch::process().as_should_stop();
//   auto result = run_agent(screen, policy, "Click \"Save\".", options);
//
// Settle: after each action the loop waits until the screen stops changing (Screen::
// wait_until_settled: damage-driven on X11 with a cap, at once on the synchronous embedded
// desktop; never a fixed sleep). Verify: the next frame is compared with the one the action was
// decided on, blind to the pointer sprite. When nothing changed, a screen that reports damage is
// given `slow_change_ms` more for a slow program; if still nothing, the policy is told
// (AgentPolicy::note_no_effect) so it chooses differently on the same screen, and after
// `max_no_effect_in_a_row` ineffective actions the run stops as stuck instead of burning its
// step budget. Mouse moves and waits are not verified: they need not change anything.
//
// Stops on: the policy's `done`, a judge's verdict (embedded tasks), the step or time limit, the
// kill switch (checked before every step; GuardedScreen/X11Screen also check between input
// events), a policy error, or being stuck. Every stage of every step is timed.
// Not thread-safe: one thread runs a loop; should_stop may read state other threads set.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/agent_policy.h"
#include "core/frame.h"
#include "core/json.h"
#include "core/status.h"
#include "data/trace_event.h"
#include "screen/screen.h"

namespace hemu {

class TraceWriter;

// How an episode ended, when someone can tell (the embedded desktop's task judge, `hemu desktop`).
struct Verdict {
  bool success = false;
  double reward = 0;
  std::string reason;
};

// Knows whether the work is done: the sim's task judge, a `hemu desktop` child's outcome line.
class EpisodeJudge {
 public:
  virtual ~EpisodeJudge() = default;
  // After every step (`step_seconds`: its wall time, for judges that keep an episode clock).
  // A verdict ends the run.
  virtual std::optional<Verdict> after_step(double step_seconds) = 0;
  // When the run ends for another reason (done, limits, kill switch): the final judgement.
  virtual std::optional<Verdict> final_verdict(const std::string& reason) = 0;
};

// Why a run stopped.
enum class StopReason { kDone, kJudged, kStepLimit, kTimeLimit, kKillSwitch, kStuck, kPolicyError };
const char* stop_reason_name(StopReason reason);  // "done", "judged", "step_limit", ...

struct StepRecord {
  int index = 0;
  Action action;
  StageTimings timings;         // capture, preprocess, decide, act, settle, verify
  std::string refused;          // why the screen refused the action (nothing was sent)
  std::optional<bool> changed;  // verification result; unset for moves, waits and done
  // Capture to action sent: capture + preprocess + decide + act (the "compute per step").
  int64_t compute_us() const { return timings.capture_us + timings.preprocess_us + timings.decide_us + timings.act_us; }
};

struct RunOptions {
  int max_steps = 100;
  double max_seconds = 300;
  int settle_quiet_ms = 20;     // no damage for this long = settled
  int settle_cap_ms = 2000;     // longest wait for a screen that keeps changing
  int slow_change_ms = 300;     // extra wait for a first change when nothing changed (damage screens)
  int max_no_effect_in_a_row = 3;
  std::function<bool()> should_stop;  // the kill switch
  EpisodeJudge* judge = nullptr;      // optional
  TraceWriter* trace = nullptr;       // optional: every observation, action, timing and the outcome
  // After every step, with the frame the action was decided on; an error ends the run with it.
  std::function<Status(const StepRecord&, const Frame& observed)> on_step;
};

struct RunResult {
  StopReason stop = StopReason::kDone;
  std::string detail;               // "policy: ...", the judge's reason, ...
  std::optional<Verdict> verdict;   // when a judge could tell
  int steps = 0;
  int no_effect_steps = 0;
  double seconds = 0;               // wall time of the run
  std::vector<StepRecord> records;
  Frame last_frame;                 // the screen after the last step

  // {"stop":..,"success":..|null,"steps":..,"seconds":..,"no_effect_steps":..,"stages_ms":{stage:{p50,p90}}}
  Json to_json() const;
};

// Runs one episode. Errors are the screen's (capture failed, display gone) or the trace's;
// everything else (policy errors, refused actions, limits) is a RunResult.
Result<RunResult> run_agent(Screen& screen, AgentPolicy& policy, const std::string& instruction,
                            const RunOptions& options);

// p50/p90 in milliseconds of each stage over `records`: {"capture":{"p50":..,"p90":..}, ...,
// "compute":{...}} where compute = capture to action sent.
Json stage_summary_json(const std::vector<StepRecord>& records);

}  // namespace hemu
