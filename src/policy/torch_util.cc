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

}  // namespace hemu
