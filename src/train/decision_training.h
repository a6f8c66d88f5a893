// Behaviour cloning of the decision model from scripted-expert demonstrations on the embedded desktop.
//
// Data: episodes of the training tasks on training seeds (>= kFirstTrainingSeed; evaluation uses
// lower seeds, so every evaluation seed is held out). At each step the elements come from the sim's
// widget tree (training labels, what-you-see: covered parts cut), perturbed like a screen parser's
// output (boxes jittered, characters misread, small texts dropped), and the target is the expert's
// action encoded as an ActionChoice. With `dagger_rounds`, the current model then plays episodes
// itself (mixed with the expert) and every state it visits is labelled with the expert's action, so
// it learns to recover from its own mistakes (DAgger, Ross et al. 2011).
//
// With `pixel_dagger_rounds` (after the label rounds), the model plays from pixels instead: each
// state's elements come from `parser` (the policy's detector + reader on the rendered frame) and the
// expert's action is encoded against those parsed elements (train/pixel_dagger.h). Batches then draw
// `pixel_mix` of their windows from these pixel episodes, the rest from the label episodes (so the
// model does not forget what the clean elements taught it).
//
// Not thread-safe; uses torch's intra-op threads.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "policy/decision_model.h"
#include "train/pixel_dagger.h"
#include "train/train_progress.h"

namespace hemu {

inline constexpr uint64_t kFirstTrainingSeed = 1'000'000;

struct DecisionTrainOptions {
  std::vector<std::string> tasks;  // required
  double minutes = 5;              // time budget for optimisation (data generation not counted)
  int64_t steps = 0;               // > 0: fixed number of optimiser steps instead
  uint64_t seed = 1;
  int episodes_per_task = 150;     // expert episodes generated per task before training
  int batch_episodes = 24;
  std::string optimizer = "adamw"; // adamw | lion
  double learning_rate = 0;        // 0: 2e-3 AdamW, 3e-4 Lion
  int threads = 2;
  double parser_noise = 1.0;       // 0 = clean labels; 1 = the default perturbation
  int dagger_rounds = 1;           // rounds of model rollouts labelled by the expert (share of the budget each)
  int dagger_episodes_per_task = 40;
  // Share of the budget spent on the expert episodes alone before the first DAgger round (label or
  // pixel); the rest is split equally between the rounds. Fine-tunes may want 0.
  double expert_share = 0.5;
  // DAgger on parsed pixels (after the label rounds): rounds, episodes per task and round, the
  // probability that a step executes the model's action (the rest: the expert's), the share of
  // batch windows drawn from pixel episodes once there are any. `parser` is required when rounds > 0.
  int pixel_dagger_rounds = 0;
  int pixel_episodes_per_task = 24;
  double pixel_model_share = 0.5;
  double pixel_mix = 0.6;
  ScreenParser parser;
  // Empty: train every parameter. Else only the parameters whose names start with one of these
  // (e.g. "notch_head"); the rest stay exactly as they are, so every other decision is unchanged.
  std::vector<std::string> trainable;
  std::function<void(const TrainProgress&)> progress;
  std::function<void(const std::string&)> log;  // phase messages
};

struct DecisionTrainReport {
  int64_t steps = 0, samples = 0;
  double seconds = 0, data_seconds = 0;
  double first_loss = 0, final_loss = 0;
  int64_t episodes = 0, decisions = 0;
  std::map<std::string, int64_t> unencodable;  // reason -> count of expert actions the model cannot express
  // Pixel DAgger: episodes played, their decisions, how many the mixed rollouts solved, steps that
  // executed the model's action, and the expert actions the parsed screens could not express.
  int64_t pixel_episodes = 0, pixel_decisions = 0, pixel_successes = 0, pixel_model_actions = 0;
  double pixel_parse_seconds = 0;
  std::map<std::string, int64_t> pixel_unencodable;
};

Result<DecisionTrainReport> train_decision(DecisionModel& model, const DecisionTrainOptions& options);

}  // namespace hemu
