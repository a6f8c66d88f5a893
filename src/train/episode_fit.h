// Behaviour cloning of the decision part on whole episodes as the model would see them at run
// time: the screen parser's elements at each step, the history so far, and the action taken there.
// Shared by practice (the model's own solved episodes) and imitation (recorded or generated
// traces). The expert-driven trainer (decision_training.h) builds its samples from the widget tree
// instead and has its own loop (DAgger needs the expert in the loop).
//
// Not thread-safe; uses torch's intra-op threads.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/action.h"
#include "core/status.h"
#include "core/ui_element.h"
#include "policy/decision_features.h"
#include "train/train_progress.h"

namespace hemu {

class DecisionModel;
class Optimizer;

struct DecisionEpisode {
  std::vector<DecisionInput> inputs;
  std::vector<std::optional<ActionChoice>> targets;  // nullopt: the action cannot be expressed
  int unencodable = 0;
};

// Encodes an episode: `seen[i]` the elements parsed from the frame before `actions[i]`; with
// `remember`, earlier screens' elements are appended as NeuralPolicy::decide appends them (models
// of feature version 6 and later). Unexpressible actions (counted; their reasons added to `why`
// when given) stay in the history but get no target.
DecisionEpisode make_decision_episode(const std::string& instruction, const std::vector<std::vector<UiElement>>& seen,
                                      Size screen, const std::vector<Action>& actions, bool remember,
                                      std::map<std::string, int64_t>* why = nullptr);

struct FitOptions {
  int64_t steps = 200;
  int batch_episodes = 16;
  uint64_t seed = 1;
  std::function<void(int64_t step, double loss)> on_step;
};

struct FitReport {
  int64_t steps = 0;
  double first_loss = 0, final_loss = 0;  // means of the first and last 10 steps
};

// `steps` optimiser steps on windows of kCoreWindowSteps steps, aligned with the run-time core
// resets. Groups (tasks) are sampled uniformly, then an episode within the group, then a window.
// Groups without episodes are skipped; kInvalidArgument when there is no episode at all.
Result<FitReport> fit_decision(DecisionModel& model, Optimizer& optimizer,
                               const std::map<std::string, std::vector<const DecisionEpisode*>>& groups,
                               const FitOptions& options);

}  // namespace hemu
