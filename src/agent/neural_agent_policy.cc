#include "agent/neural_agent_policy.h"

#include "policy/neural_policy.h"

namespace hemu {

NeuralAgentPolicy::~NeuralAgentPolicy() = default;

Result<std::unique_ptr<NeuralAgentPolicy>> NeuralAgentPolicy::load(const std::string& model_path) {
  auto policy = NeuralPolicy::load(model_path);
  HEMU_RETURN_IF_ERROR(policy.status());
  std::unique_ptr<NeuralAgentPolicy> p(new NeuralAgentPolicy());
  p->policy_ = std::move(*policy);
  const size_t slash = model_path.find_last_of('/');
  p->name_ = "model:" + (slash == std::string::npos ? model_path : model_path.substr(slash + 1));
  return p;
}

void NeuralAgentPolicy::begin(const std::string& instruction, double ui_scale) { policy_->begin(instruction, ui_scale); }

Result<PolicyDecision> NeuralAgentPolicy::decide(const Frame& frame) {
  auto action = policy_->decide(frame);
  HEMU_RETURN_IF_ERROR(action.status());
  const DecideTimings& t = policy_->last_timings();
  PolicyDecision d;
  d.action = *action;
  d.preprocess_us = t.detect_us + t.read_us;
  d.decide_us = t.decide_us;
  return d;
}

void NeuralAgentPolicy::note_no_effect() { policy_->note_no_effect(); }

}  // namespace hemu
