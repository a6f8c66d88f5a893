#include "train/optimizer.h"

#include <cmath>

namespace hemu {
namespace {

class AdamW final : public Optimizer {
 public:
  AdamW(std::vector<torch::Tensor> params, const OptimizerOptions& o)
      : opt_(std::move(params), torch::optim::AdamWOptions(o.learning_rate).weight_decay(o.weight_decay)) {}
  void zero_grad() override { opt_.zero_grad(); }
  void step() override { opt_.step(); }
  void set_learning_rate(double lr) override {
    for (auto& group : opt_.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
  }

 private:
  torch::optim::AdamW opt_;
};

class Lion final : public Optimizer {
 public:
  Lion(std::vector<torch::Tensor> params, const OptimizerOptions& o)
      : params_(std::move(params)), lr_(o.learning_rate), weight_decay_(o.weight_decay) {
    for (auto& p : params_) momentum_.push_back(torch::zeros_like(p));
  }
  void zero_grad() override {
    for (auto& p : params_) {
      if (p.grad().defined()) p.mutable_grad().zero_();
    }
  }
  void step() override {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < params_.size(); ++i) {
      auto& p = params_[i];
      if (!p.grad().defined()) continue;
      const auto& g = p.grad();
      auto& m = momentum_[i];
      // update = sign(beta1 * m + (1 - beta1) * g); m = beta2 * m + (1 - beta2) * g
      auto update = (m * kBeta1 + g * (1 - kBeta1)).sign_();
      if (weight_decay_ > 0) p.mul_(1 - lr_ * weight_decay_);
      p.add_(update, -lr_);
      m.mul_(kBeta2).add_(g, 1 - kBeta2);
    }
  }
  void set_learning_rate(double lr) override { lr_ = lr; }

 private:
  static constexpr double kBeta1 = 0.9, kBeta2 = 0.99;
  std::vector<torch::Tensor> params_, momentum_;
  double lr_, weight_decay_;
};

}  // namespace

Result<std::unique_ptr<Optimizer>> make_optimizer(std::vector<torch::Tensor> parameters,
                                                  const OptimizerOptions& options) {
  if (options.name == "adamw") return std::unique_ptr<Optimizer>(new AdamW(std::move(parameters), options));
  if (options.name == "lion") return std::unique_ptr<Optimizer>(new Lion(std::move(parameters), options));
  return invalid_argument("unknown optimizer '" + options.name + "' (use adamw or lion)");
}

double cosine_learning_rate(double peak, double progress, double warmup_fraction) {
  progress = std::clamp(progress, 0.0, 1.0);
  if (warmup_fraction > 0 && progress < warmup_fraction) return peak * (0.1 + 0.9 * progress / warmup_fraction);
  double t = warmup_fraction >= 1 ? 1 : (progress - warmup_fraction) / (1 - warmup_fraction);
  double floor = peak / 20;
  return floor + (peak - floor) * 0.5 * (1 + std::cos(M_PI * t));
}

}  // namespace hemu
