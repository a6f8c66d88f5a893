// Wiring shared by `hemu run`, `hemu agent`, `hemu demo` and `hemu bench agent`: which policy,
// which model file, and the three places an episode can run:
//   - in process on the embedded desktop (run_sim_task, agent/sim_agent.h);
//   - through X11 on a `hemu desktop` child showing a task (judged by the child's outcome line);
//   - on any X display, given an instruction, through the safety guard (no judge: success unknown).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "agent/agent_loop.h"
#include "agent/sim_agent.h"
#include "core/geometry.h"
#include "core/status.h"

namespace hemu::cli {

// The model a command uses: `flag` when given, else $HEMU_MODEL, else models/default.hemu in the
// working directory or in the source tree the binary was built from. kNotFound lists the places.
Result<std::string> find_model(const std::string& flag);

// "model" (the neural policy from `model_path`) or "expert" (embedded tasks only: the scripted
// expert is built per episode).
struct PolicySpec {
  std::string kind = "model";
  std::string model_path;
};
Result<PolicySpec> policy_spec(const std::string& policy_flag, const std::string& model_flag);

// Loads the model once; the factory hands it to every episode (the expert is made per episode).
Result<SimPolicyFactory> make_policy_factory(const PolicySpec& spec);

// Where on a real display to work.
struct DisplayTarget {
  std::string display;             // ":99"; "" = $DISPLAY
  std::optional<Rect> region;      // act and capture only inside this root rectangle
  std::string monitor;             // or only on this XRandR monitor
  std::string audit_log;           // JSON lines of every action (screen/guard.h); "" = none
  bool dry_run = false;            // decide and log, send nothing
};

// The instruction on a display, through GuardedScreen (pointer actions must stay on the screen or
// region; default blocked keys; the process kill switch). No task: the SimRun has no task, seed or
// human reference.
Result<SimRun> run_on_display(const DisplayTarget& target, AgentPolicy& policy, const std::string& instruction,
                                 RunOptions options);

// The task (config) shown by a `hemu desktop` child on `display` at the top-left corner, worked
// through X11 by the agent loop; the child judges. The display must be at least the task's size.
Result<SimRun> run_task_via_desktop(const EnvConfig& config, const std::string& display, AgentPolicy& policy,
                                    RunOptions options);

}  // namespace hemu::cli
