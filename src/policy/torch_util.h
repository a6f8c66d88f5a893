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

// Sets torch's intra-op threads (default here is 1; MACHINE_NOTES).
void set_torch_threads(int threads);

}  // namespace hemu
