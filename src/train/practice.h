// Practice (self-play): the model works tasks on its own, keeps the episodes it solved, and is
// fine-tuned on them; round after round. No expert labels the model's own episodes: their signal
// is the task's verdict (the optional anchor of expert demonstrations only regularises). The decision part learns from exactly what it saw at run time — the screen
// parser's output on real frames, not the widget tree — so practice also closes the gap between
// training on labels and acting on pixels (docs/brain.md).
//
// Each round: evaluate on held-out seeds (the round-by-round table), play `episodes_per_task`
// practice episodes per task from pixels (seeds from kFirstPracticeSeed, never evaluated on; a
// share of them exploring, i.e. sampling actions from the policy instead of the argmax), add
// the successful ones to a replay buffer, then run `steps_per_round` optimiser steps of behaviour
// cloning on windows of buffered episodes and anchor demonstrations (groups sampled uniformly: each
// task with successes, and each task's anchor).
// A last evaluation follows the last round. Deterministic given the seed and thread count.
// Not thread-safe; uses torch's intra-op threads.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "train/train_progress.h"

namespace hemu {

class NeuralPolicy;

inline constexpr uint64_t kFirstPracticeSeed = 3'000'000;
// Seeds of the anchor demonstrations (+ 10,000 x seed): apart from this run's practice seeds,
// evaluation and training seeds.
inline constexpr uint64_t kFirstAnchorSeed = 3'500'000;

// Where behaviour cloning alone is weak from pixels yet the model sometimes succeeds, so practice
// has something to find and keep (hemu practice's and hemu flywheel's default tasks).
inline const std::vector<std::string>& default_practice_tasks() {
  static const std::vector<std::string> tasks = {"click_checkboxes", "click_radio",  "type_time",
                                                 "type_number",      "drag_to_target", "email_star"};
  return tasks;
}

struct PracticeOptions {
  std::vector<std::string> tasks;       // required
  int rounds = 3;
  int episodes_per_task = 16;           // practice episodes per task and round
  int steps_per_round = 150;            // optimiser steps per round
  int batch_episodes = 16;              // windows per optimiser step
  int buffer_per_task = 200;            // most recent successful episodes kept per task
  double learning_rate = 3e-4;          // AdamW, constant: fine-tuning, not training from scratch
  // Exploration: this share of the practice episodes samples the action kind and target from the
  // policy (DecisionModel::set_exploration) instead of acting greedily, so practice finds and
  // learns from successes the greedy policy misses. 0 = greedy only (then practice can only
  // reinforce what already works).
  double explore_share = 0.5;
  double explore_temperature = 1.0;
  // Anchor: this many scripted-expert demonstrations per task, seen through the model's own screen
  // parser (like hemu imitate learns from), are mixed into every fine-tuning batch (T/(T+k) of the
  // windows for T tasks, k of them with successes) so a small replay buffer is not memorised at
  // the expense of what the model knew.
  // 0 = none (practice learns from its own episodes alone). Needs the embedded task's expert.
  int anchor_episodes_per_task = 30;
  uint64_t seed = 1;
  int threads = 2;
  std::vector<uint64_t> eval_seeds;     // held-out seeds for the table (default 0-9)
  std::function<void(const std::string&)> log;
  std::function<void(const TrainProgress&)> progress;
};

struct PracticeRound {
  int round = 0;                              // 0 = before any practice
  std::map<std::string, double> eval_success; // task -> success on the eval seeds, from pixels
  double mean_eval_success = 0;
  int practice_episodes = 0, practice_successes = 0;  // played this round (0 for the final evaluation row)
  int64_t buffered_episodes = 0;              // successful episodes in the buffer after this round
  int explored_successes = 0;                 // of practice_successes, those played exploring
  int64_t steps = 0;                          // optimiser steps this round
  double loss = 0;                            // mean loss of this round's steps
};

// Fine-tunes policy.decision_model() in place; returns one row per evaluation (rounds + 1).
Result<std::vector<PracticeRound>> practice(NeuralPolicy& policy, const PracticeOptions& options);

// Markdown: round | practice successes | buffer | loss | eval success per task ... | mean.
std::string practice_markdown(const std::vector<PracticeRound>& rounds);

}  // namespace hemu
