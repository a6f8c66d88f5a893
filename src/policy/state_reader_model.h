// The state reader's network, for StateReader and its trainer. INTERNAL: includes torch; only
// state_reader.cc and train/state_training.cc include it.
#pragma once

#include <deque>
#include <unordered_map>
#include <vector>

#include "policy/state_reader.h"
#include "policy/torch_util.h"

namespace hemu {

// Three 3x3 conv -> BN -> ReLU stages (the first two followed by 2x2 max pooling), global average
// pooling and one linear layer: (B, 3, size, size) -> (B,) logit of "checked".
struct StateNetImpl : torch::nn::Module {
  explicit StateNetImpl(const StateReaderConfig& config);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  torch::nn::BatchNorm2d norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
  torch::nn::Linear out{nullptr};
};
TORCH_MODULE(StateNet);

// The network for inference: each convolution with its batch norm folded in, channels-last
// weights. Refolded whenever a weight or statistic changed (`version`: the sum of their version
// counters, which training and loading bump) or the model was replaced.
struct FoldedStateNet {
  torch::Tensor weight[3], bias[3];
  const void* model = nullptr;
  int64_t version = -1;
};

struct StateReader::Impl {
  StateReaderConfig config;
  StateNet model{nullptr};
  FoldedStateNet folded;
  std::unordered_map<uint64_t, bool> cache;  // crop hash -> checked
  std::deque<uint64_t> cache_order;
  int64_t hits = 0;
};

// Stacks preprocessed crops (preprocess_state_crop) into a (B, 3, size, size) tensor.
torch::Tensor make_state_batch(const std::vector<std::vector<float>>& crops, int size);

}  // namespace hemu
