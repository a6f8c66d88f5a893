// Playing episodes on the embedded desktop with the built-in policies: the scripted expert (clean
// or with human-like motion and timing) and a uniformly random policy (the floor any learned
// policy must beat). Used by `hemu play`, the tests, and demonstration generation.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/action.h"
#include "core/frame.h"
#include "sim/task_env.h"

namespace hemu {

enum class SimPolicy { kExpert, kHumanExpert, kRandom };
Result<SimPolicy> sim_policy_from_name(const std::string& name);  // expert | human | random
const char* sim_policy_name(SimPolicy policy);

// One step as the policy lived it, for recorders (`hemu play --record`).
struct PlayStep {
  int index = 0;
  const Frame* observed = nullptr;  // the frame rendered before the decision (capture_every_step)
  Action action;                    // the clean action the policy chose
  int64_t capture_us = 0, decide_us = 0, act_us = 0;  // wall time of each stage
  double time_s = 0;                // episode clock at the decision: simulated for the human-like expert, wall otherwise
  Status status;                    // the step's result (a refused action is not an error of the episode)
};

struct PlayOptions {
  bool keep_frames = false;  // store a frame before the first and after every step (GIFs, strips)
  // Render (capture) a frame before every decision, as an agent must: wall time then counts
  // capture + decide + act, the in-process step cost.
  bool capture_every_step = true;
  // Called after every step; an error stops the episode and is returned by play_episode.
  std::function<Status(const PlayStep&)> on_step;
};

struct EpisodeReport {
  std::string task;
  uint64_t seed = 0;
  std::string instruction;
  Outcome outcome;
  int steps = 0;
  std::vector<Action> actions;   // the clean actions (one per step)
  double human_reference_s = 0;  // KLM time of the expert's clean actions on this episode
  double human_like_s = 0;       // simulated time of the human-like expert (kHumanExpert only)
  double wall_s = 0;             // wall-clock time to play the episode here
  std::vector<Frame> frames;     // when keep_frames
};

// The KLM human reference for (task, seed, size, scale): the clean expert's actions, timed by KLM.
Result<double> human_reference_seconds(const EnvConfig& config);

Result<EpisodeReport> play_episode(const EnvConfig& config, SimPolicy policy, const PlayOptions& options = {});

// Size of what a person aims at when an action targets `p` (for Fitts' law and landing jitter).
int target_size_at(const Desktop& desktop, Point p);

}  // namespace hemu
