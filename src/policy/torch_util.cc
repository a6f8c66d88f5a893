#include "policy/torch_util.h"

namespace hemu {

std::string module_to_bytes(torch::nn::Module& module) {
  torch::serialize::OutputArchive archive;
  module.save(archive);
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

Status module_from_bytes(torch::nn::Module& module, const std::string& bytes, const std::string& what) {
  // torch's Module::load replaces tensors without checking their shapes: weights of another
  // architecture would load "successfully" and fail later. Compare shapes ourselves.
  std::vector<std::pair<std::string, std::vector<int64_t>>> shapes;
  for (const auto& p : module.named_parameters()) shapes.emplace_back(p.key(), p.value().sizes().vec());
  for (const auto& b : module.named_buffers()) shapes.emplace_back(b.key(), b.value().sizes().vec());
  try {
    std::istringstream in(bytes);
    torch::serialize::InputArchive archive;
    archive.load_from(in);
    module.load(archive);
  } catch (const std::exception& e) {
    std::string message = e.what();
    if (auto nl = message.find('\n'); nl != std::string::npos) message.resize(nl);
    return corrupt(what + ": cannot load weights: " + message);
  }
  size_t i = 0;
  for (const auto& p : module.named_parameters()) {
    if (i >= shapes.size() || p.value().sizes().vec() != shapes[i].second) {
      return corrupt(what + ": weights do not fit the architecture (tensor '" + p.key() + "')");
    }
    ++i;
  }
  for (const auto& b : module.named_buffers()) {
    if (i >= shapes.size() || b.value().sizes().vec() != shapes[i].second) {
      return corrupt(what + ": weights do not fit the architecture (buffer '" + b.key() + "')");
    }
    ++i;
  }
  return Status();
}

int64_t parameter_count(torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters()) n += p.numel();
  return n;
}

void to_channels_last(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& p : module.parameters()) {
    if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
  }
}

void set_torch_threads(int threads) {
  torch::set_num_threads(threads);
}

FoldedWeights fold_batch_norm(const torch::Tensor& weight, const torch::Tensor& bias,
                              const torch::nn::BatchNorm2dImpl& norm) {
  torch::NoGradGuard no_grad;
  torch::Tensor scale = norm.weight.detach() / torch::sqrt(norm.running_var.detach() + norm.options.eps());
  torch::Tensor b = bias.defined() ? bias.detach() : torch::zeros({weight.size(0)});
  return {(weight.detach() * scale.view({-1, 1, 1, 1})).contiguous(at::MemoryFormat::ChannelsLast),
          ((b - norm.running_mean.detach()) * scale + norm.bias.detach()).contiguous()};
}

torch::Tensor halve(const torch::Tensor& t, int64_t dim) {
  const int64_t n = t.size(dim) / 2 * 2;
  return torch::maximum(t.slice(dim, 0, n, 2), t.slice(dim, 1, n, 2));
}

}  // namespace hemu
