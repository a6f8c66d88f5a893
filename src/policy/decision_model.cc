#include "policy/decision_model.h"

#include <cmath>

#include "core/rng.h"
#include "policy/decision_net.h"

namespace hemu {

struct DecisionModel::Impl {
  DecisionNet net{nullptr};
  torch::Tensor core_state;
  int steps = 0;
  double temperature = 0;
  Rng rng{1};
};

namespace {

// Gumbel-max: argmax(logits / T + Gumbel noise) is a sample from softmax(logits / T). Masked
// entries (padding) are left as they are; avoided elements are masked afterwards by best_choice.
torch::Tensor gumbel_perturbed(const torch::Tensor& logits, double temperature, Rng& rng) {
  std::vector<float> noise(size_t(logits.numel()));
  for (float& g : noise) {
    const double u = std::max(rng.uniform(), 1e-12);
    g = float(-std::log(-std::log(u)));
  }
  auto gumbel = torch::from_blob(noise.data(), logits.sizes(), torch::kFloat).clone();
  // Masked entries stay masked at any temperature (-1e9 / T could otherwise come within reach).
  return torch::where(logits < -1e8, logits, logits / temperature + gumbel);
}

}  // namespace

DecisionModel::DecisionModel() : impl_(std::make_unique<Impl>()) {}
DecisionModel::~DecisionModel() = default;

std::unique_ptr<DecisionModel> DecisionModel::create(const DecisionConfig& config, uint64_t seed) {
  torch::manual_seed(seed);
  std::unique_ptr<DecisionModel> m(new DecisionModel());
  m->impl_->net = DecisionNet(config);
  m->reset();
  return m;
}

std::string DecisionModel::to_bytes() const {
  std::string config = impl_->net->config().to_json().dump();
  std::string out = std::to_string(config.size()) + "\n" + config;
  return out + module_to_bytes(*impl_->net);
}

Result<std::unique_ptr<DecisionModel>> DecisionModel::from_bytes(const std::string& bytes) {
  size_t nl = bytes.find('\n');
  if (nl == std::string::npos || nl > 8) return corrupt("decision model: missing config header");
  size_t size = 0;
  for (size_t i = 0; i < nl; ++i) {
    if (bytes[i] < '0' || bytes[i] > '9') return corrupt("decision model: bad config length");
    size = size * 10 + size_t(bytes[i] - '0');
  }
  if (size > bytes.size() - nl - 1) return corrupt("decision model: truncated config");
  auto json = Json::parse(std::string_view(bytes).substr(nl + 1, size));
  if (!json.ok()) return corrupt("decision model config: " + json.status().message());
  auto config = DecisionConfig::from_json(*json);
  if (!config.ok()) return config.status();
  auto m = create(*config, 0);
  HEMU_RETURN_IF_ERROR(module_from_bytes(*m->impl_->net, bytes.substr(nl + 1 + size), "decision model"));
  m->reset();
  return m;
}

const DecisionConfig& DecisionModel::config() const { return impl_->net->config(); }
int64_t DecisionModel::parameter_count() const { return hemu::parameter_count(*impl_->net); }
void DecisionModel::reset() {
  impl_->core_state = impl_->net->initial_state();
  impl_->steps = 0;
}
DecisionNetImpl& DecisionModel::net() { return *impl_->net; }

ActionChoice DecisionModel::decide(const DecisionInput& input) {
  torch::InferenceMode guard;
  impl_->net->eval();
  if (impl_->steps++ % kCoreWindowSteps == 0) impl_->core_state = impl_->net->initial_state();
  DecisionBatch batch = collate_decisions({{&input}});
  DecisionOutputs out = impl_->net->step(batch, impl_->core_state);
  if (impl_->temperature > 0) {
    out.kind = gumbel_perturbed(out.kind, impl_->temperature, impl_->rng);
    out.pointer = gumbel_perturbed(out.pointer, impl_->temperature, impl_->rng);
  }
  return best_choice(out, 0, input.avoid_elements, &input);
}

Result<std::unique_ptr<DecisionModel>> DecisionModel::upgraded() const {
  const DecisionConfig& old_config = impl_->net->config();
  if (old_config.feature_version < 2) {
    return invalid_argument("decision model: input features version " + std::to_string(old_config.feature_version) +
                            " cannot be upgraded (version 2 or later can); retrain the decision part");
  }
  DecisionConfig config = old_config;
  config.feature_version = kDecisionFeatureVersion;
  auto m = create(config, 0);
  torch::NoGradGuard no_grad;
  auto old_params = impl_->net->named_parameters();
  for (auto& p : m->impl_->net->named_parameters()) {
    torch::Tensor target = p.value();
    const torch::Tensor* source = old_params.find(p.key());
    if (source == nullptr) {
      target.zero_();  // a module only today's inputs feed (intent_in): adds nothing at first
      continue;
    }
    if (source->sizes() == target.sizes()) {
      target.copy_(*source);
    } else if (source->dim() == 2 && target.dim() == 2 && source->size(0) == target.size(0) &&
               source->size(1) < target.size(1)) {
      // An input layer that reads more features now (token_in): old columns, zeros for the new.
      target.zero_();
      target.slice(1, 0, source->size(1)).copy_(*source);
    } else if (source->dim() == target.dim() && source->size(0) < target.size(0) &&
               source->sizes().slice(1) == target.sizes().slice(1)) {
      // A head with more classes now (source_head: the arithmetic operators): old rows kept, new
      // classes start unlikely (bias -10) so the first decisions stay the old model's.
      bool bias = p.key().size() >= 5 && p.key().compare(p.key().size() - 5, 5, ".bias") == 0;
      target.fill_(bias ? -10.0f : 0.0f);
      target.slice(0, 0, source->size(0)).copy_(*source);
    } else {
      return internal_error("decision model: cannot upgrade tensor '" + p.key() + "'");
    }
  }
  auto old_buffers = impl_->net->named_buffers();
  for (auto& b : m->impl_->net->named_buffers()) {
    if (const torch::Tensor* source = old_buffers.find(b.key()); source != nullptr &&
        source->sizes() == b.value().sizes()) {
      b.value().copy_(*source);
    }
  }
  m->reset();
  return m;
}

void DecisionModel::set_exploration(double temperature, uint64_t seed) {
  impl_->temperature = std::max(0.0, temperature);
  impl_->rng.reseed(seed);
}

}  // namespace hemu
