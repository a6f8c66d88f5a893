// Update rules for every trainer: AdamW (torch's) and Lion (Chen et al. 2023, "Symbolic Discovery of
// Optimization Algorithms": sign of an interpolated momentum, decoupled weight decay; one state
// tensor per parameter instead of AdamW's two). INTERNAL: includes torch.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "policy/torch_util.h"

namespace hemu {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual void zero_grad() = 0;
  virtual void step() = 0;
  virtual void set_learning_rate(double lr) = 0;
};

struct OptimizerOptions {
  std::string name = "adamw";  // adamw | lion
  double learning_rate = 1e-3; // Lion wants ~3-10x smaller than AdamW: callers pick per rule
  double weight_decay = 0.01;
};

// kInvalidArgument for an unknown name.
Result<std::unique_ptr<Optimizer>> make_optimizer(std::vector<torch::Tensor> parameters,
                                                  const OptimizerOptions& options);

// Cosine decay from `peak` to peak/20 after a linear warm-up of `warmup` steps (fraction in [0,1]).
double cosine_learning_rate(double peak, double progress, double warmup_fraction = 0.05);

}  // namespace hemu
