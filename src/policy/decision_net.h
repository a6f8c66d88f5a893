// The decision network (torch). INTERNAL to policy and train: includes torch.
//
// Per step, a Transformer encoder reads [instruction tokens; elements; a state token] in parallel
// for every step of a batch of episodes. Element tokens start from their class/box/state/text
// embedding plus what they match in the instruction: a learned weight per (element, token) pair,
// from the explicit match channels, pulls in that token's contextual encoding ("matches the
// quoted phrase after 'then click'"). A temporal core with constant cost per step (a selective
// state-space layer, or a small Transformer over the last K steps) turns the per-step summaries
// into a context; heads read the context with the element and token encodings.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "policy/decision_features.h"
#include "policy/decision_model.h"
#include "policy/torch_util.h"

namespace hemu {

// A padded batch: B episodes x S steps (N = B*S step slots; empty slots are masked).
struct DecisionBatch {
  int64_t episodes = 0, steps = 0;
  torch::Tensor step_mask;                    // [B,S] bool
  torch::Tensor token_features, token_mask;   // [N,T,F] float, [N,T] bool (true = real)
  torch::Tensor token_ngrams, token_offsets;  // EmbeddingBag input
  torch::Tensor element_features, element_mask;  // [N,E,F+H] float, [N,E] bool
  torch::Tensor element_ngrams, element_offsets;
  torch::Tensor element_intent;               // [N,E,kElementIntentCount] float
  torch::Tensor pairs;                        // [N,E,T,kPairChannels]
  torch::Tensor previous_kind;                // [N] long (kChoiceKindCount = none)
};

// Episodes of steps (each a DecisionInput with history set). nullptr entries pad.
DecisionBatch collate_decisions(const std::vector<std::vector<const DecisionInput*>>& episodes);

struct DecisionOutputs {
  torch::Tensor kind, modifier, key, notches, source;  // [N,classes]
  torch::Tensor pointer, drag_pointer;                 // [N,E] (masked to -inf on padding)
  torch::Tensor offsets, drag_offsets;                 // [N,E,2] in (0,1)
  torch::Tensor span_first, span_last;                 // [N,T] (masked)
};

class TemporalCoreImpl : public torch::nn::Module {
 public:
  virtual torch::Tensor initial_state(int64_t batch) const = 0;
  // x [B,d] -> y [B,d]; `state` is replaced by the next state.
  virtual torch::Tensor step(const torch::Tensor& x, torch::Tensor& state) = 0;
};

class DecisionNetImpl : public torch::nn::Module {
 public:
  explicit DecisionNetImpl(const DecisionConfig& config);
  DecisionOutputs forward(const DecisionBatch& batch);
  // One step of one episode with a carried core state (inference).
  DecisionOutputs step(const DecisionBatch& single, torch::Tensor& core_state);
  torch::Tensor initial_state() const { return core_->initial_state(1); }
  const DecisionConfig& config() const { return config_; }

 private:
  // Encoder outputs for N step slots: tokens [N,T,d], elements [N,E,d], summaries [N,d].
  void encode(const DecisionBatch& b, torch::Tensor& tokens, torch::Tensor& elements, torch::Tensor& summary);
  DecisionOutputs heads(const DecisionBatch& b, const torch::Tensor& tokens, const torch::Tensor& elements,
                        const torch::Tensor& context);

  DecisionConfig config_;
  torch::nn::EmbeddingBag ngram_embedding_{nullptr};
  torch::nn::Linear token_in_{nullptr}, element_in_{nullptr}, pair_weight_{nullptr}, pair_direct_{nullptr},
      pair_value_{nullptr}, token_gate_{nullptr}, intent_in_{nullptr};
  torch::nn::Embedding previous_kind_{nullptr}, segment_{nullptr};
  torch::nn::TransformerEncoder instruction_encoder_{nullptr}, joint_encoder_{nullptr};
  std::shared_ptr<TemporalCoreImpl> core_;
  torch::Tensor v1_pair_channels_;  // feature_version 1: which of today's pair channels it read
  torch::nn::Linear kind_head_{nullptr}, modifier_head_{nullptr}, key_head_{nullptr}, notch_head_{nullptr},
      source_head_{nullptr};
  torch::nn::Sequential pointer_head_{nullptr}, drag_head_{nullptr}, offset_head_{nullptr}, drag_offset_head_{nullptr},
      span_head_{nullptr};
};
TORCH_MODULE(DecisionNet);

// Losses of a batch against targets (targets for empty slots ignored); `parts` receives named terms.
torch::Tensor decision_loss(const DecisionOutputs& out, const DecisionBatch& batch,
                            const std::vector<std::vector<const ActionChoice*>>& targets,
                            std::vector<std::pair<std::string, double>>* parts = nullptr);

// The argmax choice for slot n; the target pointer never picks an element in `avoid`. With the
// slot's `input`, typed text is the best-scoring (source, span) that yields text (see decision_net.cc).
ActionChoice best_choice(const DecisionOutputs& out, int64_t n, const std::vector<int>& avoid = {},
                         const DecisionInput* input = nullptr);

}  // namespace hemu
