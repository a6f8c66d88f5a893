// Torch helpers shared by policy and train. INTERNAL: includes <torch/torch.h> (~18 s per
// translation unit), so only .cc files of policy/train that need torch include it, never a public
// header.
#pragma once

#include <torch/torch.h>

#include <sstream>
#include <string>

#include "core/status.h"

namespace hemu {

// A module's parameters and buffers as bytes (torch::save format), and back into a module of the
// same architecture. Errors (wrong architecture, garbage) become kCorrupt with `what` in the message.
std::string module_to_bytes(torch::nn::Module& module);
Status module_from_bytes(torch::nn::Module& module, const std::string& bytes, const std::string& what);

// Number of trainable parameters.
int64_t parameter_count(torch::nn::Module& module);

// Converts 4-D parameters to channels_last (2-3x faster single-sample CPU convolution).
void to_channels_last(torch::nn::Module& module);

// A convolution with the batch norm after it folded in, for inference: weight * scale (channels
// last) and (bias - running mean) * scale + the norm's bias, scale = gamma / sqrt(var + eps). An
// undefined `bias` is zero. The detector, the text reader and the state reader fold this way.
struct FoldedWeights {
  torch::Tensor weight, bias;
};
FoldedWeights fold_batch_norm(const torch::Tensor& weight, const torch::Tensor& bias,
                              const torch::nn::BatchNorm2dImpl& norm);

// Max pooling by 2 along `dim` as elementwise maxima of strided views: max_pool2d's values without
// the int64 index map libtorch 1.13 computes for it (~1.4 ms of a reader's first frame by perf). An
// odd last row / column is dropped, as max_pool2d does.
torch::Tensor halve(const torch::Tensor& t, int64_t dim);

// Sets torch's intra-op threads (default here is 1; MACHINE_NOTES).
void set_torch_threads(int threads);

}  // namespace hemu
