// DAgger on parsed pixels: the decision model plays a task from pixels, as at run time (render the
// frame -> screen parser -> DecisionInput with the episode's history -> decide), and at every state
// it visits the sim's scripted expert says what it would do. That expert action is encoded against
// the *parsed* elements (the detector's boxes and the reader's texts, not the widget tree), so the
// model learns to act on exactly what it sees at run time, parser mistakes included, and to recover
// from the states its own pixel-driven mistakes lead to (Ross et al. 2011).
//
// Which action is executed at each step is mixed: the model's own with probability `model_share`
// (beta = 1 - model_share in DAgger's terms), the expert's otherwise, and the expert's whenever the
// model's choice points at nothing (at run time that ends the episode). The history fed to the next
// step is the executed actions. An expert action the parsed screen cannot express (a click on
// something the detector missed) stays in the history with no target.
//
// Used by the decision trainer (decision_training.h, `hemu train --pixel-dagger N`). The header is
// torch-free. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/ui_element.h"
#include "train/episode_fit.h"

namespace hemu {

class DecisionModel;
class Rng;

// Pixels -> elements: what the policy's detector + reader find on a frame (NeuralPolicy::parse).
using ScreenParser = std::function<std::vector<UiElement>(const Frame& frame, double ui_scale)>;

struct PixelRollout {
  DecisionEpisode episode;      // inputs from parsed pixels, targets = the expert's actions encoded against them
  bool success = false;         // the task's verdict on the executed (mixed) rollout
  int model_actions = 0;        // steps that executed the model's own action
  int decode_failures = 0;      // model choices that pointed at nothing (the expert acted instead)
  double parse_seconds = 0;     // wall time in the screen parser
};

struct PixelRolloutOptions {
  double model_share = 0.5;  // probability that a step executes the model's action
  double scale = 1.0;        // UI scale of the episode (evaluation uses 1)
  int max_steps = 100;
};

// One episode of `task` at `seed`. `model` is reset first and advances its temporal core at every
// step (whoever acts); with model_share 0 it is not consulted at all, so the rollout is the
// expert's demonstration as the parser sees it (practice's anchor). Unexpressible expert actions
// are counted in `why` by reason when given.
PixelRollout play_pixel_dagger(const std::string& task, uint64_t seed, const ScreenParser& parse,
                               DecisionModel& model, Rng& rng, const PixelRolloutOptions& options,
                               std::map<std::string, int64_t>* why = nullptr);

}  // namespace hemu
