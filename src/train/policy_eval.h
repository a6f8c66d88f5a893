// Evaluation of a policy on the embedded task suite: per task success, steps, compute time and
// speed against the Keystroke-Level-Model human reference (docs/klm.md), over given seeds.
//
// The agent only sees what a person sees: the rendered frame and the instruction. Its time is the
// wall time of capture (render) + decide + act, in-process. Not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/action.h"
#include "core/frame.h"
#include "core/json.h"
#include "core/status.h"

namespace hemu {

class TaskEnv;

// One episode's decision maker.
class EpisodeAgent {
 public:
  virtual ~EpisodeAgent() = default;
  virtual void begin(const std::string& instruction, double ui_scale) = 0;
  // `env` is passed for diagnostic agents only (oracle perception); pixel agents use `frame`.
  virtual Result<Action> act(const Frame& frame, TaskEnv& env) = 0;
};

struct EvalEpisode {
  std::string task;
  uint64_t seed = 0;
  bool success = false;
  double reward = 0;
  int steps = 0;
  double agent_s = 0;   // capture + decide + act, wall
  double decide_s = 0;  // decide only
  double human_s = 0;   // KLM reference
  std::string reason;
};

struct EvalTaskRow {
  std::string task;
  int episodes = 0, successes = 0;
  double mean_steps = 0, mean_agent_s = 0, mean_human_s = 0;
  double speedup = 0;  // mean_human_s / mean_agent_s
  double success_rate() const { return episodes > 0 ? double(successes) / episodes : 0; }
};

struct EvalOptions {
  std::vector<std::string> tasks;
  std::vector<uint64_t> seeds;
  double scale = 1.0;
  bool held_out_fonts = false;
  std::function<void(const EvalEpisode&, int done, int total)> progress;
};

Result<std::vector<EvalEpisode>> evaluate_agent(EpisodeAgent& agent, const EvalOptions& options);
std::vector<EvalTaskRow> summarise(const std::vector<EvalEpisode>& episodes);
// {"tasks":[{task, episodes, success, mean_steps, ...}], "overall": {...}}
Json eval_json(const std::vector<EvalTaskRow>& rows);
std::string eval_markdown(const std::vector<EvalTaskRow>& rows);

}  // namespace hemu

namespace hemu {
class DecisionModel;
// DIAGNOSTIC ONLY: an agent whose perception is the sim's widget tree (what a perfect screen parser
// would return), so decision errors can be told from perception errors. Never the shipped policy.
std::unique_ptr<EpisodeAgent> make_label_perception_agent(DecisionModel& model);
}  // namespace hemu

namespace hemu {
class NeuralPolicy;
// The real thing: pixels in (frame + UI scale + instruction), action out.
std::unique_ptr<EpisodeAgent> make_pixel_agent(NeuralPolicy& policy);
// evaluate_agent with make_pixel_agent(policy), summarised per task.
Result<std::vector<EvalTaskRow>> evaluate_from_pixels(NeuralPolicy& policy, const std::vector<std::string>& tasks,
                                                      const std::vector<uint64_t>& seeds);
}  // namespace hemu
