// The decision model: DecisionInput (instruction + elements + history) -> ActionChoice.
// Public header without torch (pimpl); the network is in decision_net.h (internal).
#pragma once

#include <memory>
#include <string>

#include "core/json.h"
#include "core/status.h"
#include "policy/decision_features.h"

namespace hemu {

struct DecisionConfig {
  int d_model = 96;
  int layers = 2;
  int heads = 4;
  std::string core = "transformer";  // transformer | mamba: the temporal core (constant cost per step)
  int state_size = 16;          // mamba: state per channel
  int window = 8;               // transformer: steps attended to
  // Inputs the model reads (kDecisionFeatureVersion; 1 = the session-2 subset, still loadable).
  int feature_version = kDecisionFeatureVersion;

  Json to_json() const;
  static Result<DecisionConfig> from_json(const Json& json);
};

class DecisionNetImpl;

// The temporal core carries state over windows of this many steps, then starts afresh: training
// batches hold windows, not whole episodes (a 60-step failure would pad every episode in the batch
// to 60), so run time resets at the same boundaries to see what training saw.
inline constexpr int kCoreWindowSteps = 16;

class DecisionModel {
 public:
  static std::unique_ptr<DecisionModel> create(const DecisionConfig& config, uint64_t seed);
  // Bytes from to_bytes(); kCorrupt with the reason for anything else.
  static Result<std::unique_ptr<DecisionModel>> from_bytes(const std::string& bytes);
  std::string to_bytes() const;
  ~DecisionModel();

  const DecisionConfig& config() const;
  int64_t parameter_count() const;
  // Starts a new episode (clears the temporal core's state).
  void reset();
  // The next choice for `input` (history set with set_history), advancing the core's state.
  ActionChoice decide(const DecisionInput& input);
  // Exploration for practice (self-play): with temperature > 0, decide() samples the action kind
  // and the target element from softmax(logits / temperature) instead of taking the argmax, so
  // practice can find successes where the greedy policy fails. Deterministic given `seed`.
  // 0 (the default) = greedy; evaluation and run time always use 0.
  void set_exploration(double temperature, uint64_t seed);
  // A copy that reads today's inputs (kDecisionFeatureVersion) and decides exactly as this model
  // does until it is trained: weights are copied, new input columns and modules start at zero.
  // For fine-tuning an older model with the new features. Version 1 models cannot be upgraded
  // (their pair channels are another layout): kInvalidArgument.
  Result<std::unique_ptr<DecisionModel>> upgraded() const;

  DecisionNetImpl& net();  // for trainers

 private:
  DecisionModel();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hemu
