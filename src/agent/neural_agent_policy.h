// The neural policy (src/policy) as the agent loop's AgentPolicy: pixels + instruction in, action
// out, with screen parsing timed as the "preprocess" stage and the decision model as "decide".
#pragma once

#include <memory>
#include <string>

#include "agent/agent_policy.h"

namespace hemu {

class NeuralPolicy;

class NeuralAgentPolicy final : public AgentPolicy {
 public:
  // Loads a model file (docs/model_format.md); errors name the file and the reason.
  static Result<std::unique_ptr<NeuralAgentPolicy>> load(const std::string& model_path);
  ~NeuralAgentPolicy() override;

  std::string name() const override { return name_; }
  void begin(const std::string& instruction, double ui_scale) override;
  Result<PolicyDecision> decide(const Frame& frame) override;
  void note_no_effect() override;
  NeuralPolicy& policy() { return *policy_; }

 private:
  NeuralAgentPolicy() = default;
  std::unique_ptr<NeuralPolicy> policy_;
  std::string name_;
};

}  // namespace hemu
