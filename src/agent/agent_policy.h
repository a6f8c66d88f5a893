// AgentPolicy: the decision maker the agent loop drives. It sees what a person sees — the frame,
// the UI scale and the instruction — and returns the next action. Implementations: the neural
// policy (agent/neural_agent_policy.h) and, on the embedded desktop only, the scripted expert
// (agent/sim_agent.h), which reads the sim's widget tree and is a reference, not a product.
#pragma once

#include <cstdint>
#include <string>

#include "core/action.h"
#include "core/frame.h"
#include "core/status.h"

namespace hemu {

struct PolicyDecision {
  Action action;
  int64_t preprocess_us = 0;  // turning pixels into the model's inputs (screen parsing)
  int64_t decide_us = 0;      // the decision itself
};

class AgentPolicy {
 public:
  virtual ~AgentPolicy() = default;
  // "model:default.hemu", "expert"
  virtual std::string name() const = 0;
  // Starts an episode: clears the memory of the previous one.
  virtual void begin(const std::string& instruction, double ui_scale) = 0;
  // The next action for `frame`. An error ends the episode (reason "policy: ...").
  virtual Result<PolicyDecision> decide(const Frame& frame) = 0;
  // The loop saw that the last action changed nothing; the next decide() gets the same screen.
  // Policies that can should choose differently (another target); the default ignores it.
  virtual void note_no_effect() {}
};

}  // namespace hemu
