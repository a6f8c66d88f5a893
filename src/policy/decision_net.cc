#include "policy/decision_net.h"

#include <cmath>

#include "policy/date_pattern.h"

namespace hemu {
namespace F = torch::nn::functional;
namespace {

constexpr double kMasked = -1e9;

// Mamba-style selective state-space step: the step size (dt), input and output projections of the
// state depend on the input, so the layer chooses per step what to remember and what to forget.
// Cost per step is constant: a [d, state] state updated elementwise.
class MambaCoreImpl : public TemporalCoreImpl {
 public:
  MambaCoreImpl(int d, int n) : d_(d), n_(n) {
    in_proj_ = register_module("in_proj", torch::nn::Linear(d, 2 * d));
    dt_proj_ = register_module("dt_proj", torch::nn::Linear(d, d));
    b_proj_ = register_module("b_proj", torch::nn::Linear(d, n));
    c_proj_ = register_module("c_proj", torch::nn::Linear(d, n));
    out_proj_ = register_module("out_proj", torch::nn::Linear(d, d));
    // S4D-real initialisation: A = -(1..N) per channel, so states decay at different rates.
    a_log_ = register_parameter("a_log", torch::log(torch::arange(1, n + 1, torch::kFloat)).repeat({d, 1}));
    d_skip_ = register_parameter("d_skip", torch::ones({d}));
    torch::NoGradGuard g;
    dt_proj_->bias.fill_(std::log(std::exp(0.1) - 1));  // softplus^-1(0.1): start with dt ~ 0.1
  }
  torch::Tensor initial_state(int64_t batch) const override { return torch::zeros({batch, d_, n_}); }
  torch::Tensor step(const torch::Tensor& x, torch::Tensor& state) override {
    auto xz = in_proj_(x).chunk(2, -1);
    auto xi = F::silu(xz[0]);
    auto z = xz[1];
    auto dt = F::softplus(dt_proj_(xi));                      // [B,d]
    auto a = -torch::exp(a_log_);                              // [d,N]
    auto decay = torch::exp(dt.unsqueeze(-1) * a);             // [B,d,N]
    state = decay * state + (dt * xi).unsqueeze(-1) * b_proj_(xi).unsqueeze(1);
    auto y = (state * c_proj_(xi).unsqueeze(1)).sum(-1) + d_skip_ * xi;
    return x + out_proj_(y * F::silu(z));
  }

 private:
  int d_, n_;
  torch::nn::Linear in_proj_{nullptr}, dt_proj_{nullptr}, b_proj_{nullptr}, c_proj_{nullptr}, out_proj_{nullptr};
  torch::Tensor a_log_, d_skip_;
};

// A one-layer Transformer over the last `window` step summaries: the state is that window
// ([B,K,d+1], the last channel marks filled slots), so the cost per step is constant too.
class WindowTransformerCoreImpl : public TemporalCoreImpl {
 public:
  WindowTransformerCoreImpl(int d, int heads, int window) : d_(d), k_(window) {
    attention_ = register_module("attention", torch::nn::MultiheadAttention(torch::nn::MultiheadAttentionOptions(d, heads)));
    position_ = register_parameter("position", torch::randn({window, d}) * 0.02);
    ff_ = register_module("ff", torch::nn::Sequential(torch::nn::Linear(d, 2 * d), torch::nn::GELU(),
                                                        torch::nn::Linear(2 * d, d)));
    norm1_ = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
    norm2_ = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
  }
  torch::Tensor initial_state(int64_t batch) const override { return torch::zeros({batch, k_, d_ + 1}); }
  torch::Tensor step(const torch::Tensor& x, torch::Tensor& state) override {
    auto entry = torch::cat({x, torch::ones({x.size(0), 1})}, -1).unsqueeze(1);
    state = torch::cat({state.slice(1, 1), entry}, 1);
    auto memory = (state.slice(2, 0, d_) + position_).transpose(0, 1);  // [K,B,d]
    auto pad = state.select(2, d_) < 0.5;                                  // [B,K]
    auto q = norm1_(x).unsqueeze(0);
    auto attended = std::get<0>(attention_(q, memory, memory, pad)).squeeze(0);
    auto h = x + attended;
    return h + ff_->forward(norm2_(h));
  }

 private:
  int d_, k_;
  torch::nn::MultiheadAttention attention_{nullptr};
  torch::Tensor position_;
  torch::nn::Sequential ff_{nullptr};
  torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr};
};

torch::nn::TransformerEncoder make_encoder(int d, int heads, int layers) {
  auto layer = torch::nn::TransformerEncoderLayerOptions(d, heads).dim_feedforward(2 * d).dropout(0.0);
  return torch::nn::TransformerEncoder(torch::nn::TransformerEncoderOptions(layer, layers));
}

torch::nn::Sequential mlp(int in, int hidden, int out) {
  return torch::nn::Sequential(torch::nn::Linear(in, hidden), torch::nn::GELU(), torch::nn::Linear(hidden, out));
}

void bags(const std::vector<const std::vector<int>*>& lists, torch::Tensor& indices, torch::Tensor& offsets) {
  std::vector<int64_t> idx, off;
  off.reserve(lists.size());
  for (const auto* l : lists) {
    off.push_back(int64_t(idx.size()));
    if (l != nullptr) idx.insert(idx.end(), l->begin(), l->end());
  }
  indices = torch::tensor(idx, torch::kLong);
  offsets = torch::tensor(off, torch::kLong);
}

}  // namespace

Json DecisionConfig::to_json() const {
  Json j = Json::object();
  j["d_model"] = d_model;
  j["layers"] = layers;
  j["heads"] = heads;
  j["core"] = core;
  j["state_size"] = state_size;
  j["window"] = window;
  j["feature_version"] = feature_version;
  return j;
}

Result<DecisionConfig> DecisionConfig::from_json(const Json& json) {
  DecisionConfig c;
  const Json* version = json.find("feature_version");
  const int64_t v = version != nullptr && version->is_integer() ? version->as_int() : 1;
  if (v < 1 || v > kDecisionFeatureVersion) {
    return corrupt("decision model: trained on input features version " + std::to_string(v) + ", this build reads versions 1.." +
                   std::to_string(kDecisionFeatureVersion) + " (retrain the decision part: hemu train --parts decision)");
  }
  c.feature_version = int(v);
  auto get_int = [&](const char* key, int& out, int lo, int hi) -> Status {
    const Json* v = json.find(key);
    if (v == nullptr || !v->is_integer() || v->as_int() < lo || v->as_int() > hi) {
      return corrupt(std::string("decision config: '") + key + "' must be an integer in " + std::to_string(lo) +
                     ".." + std::to_string(hi));
    }
    out = int(v->as_int());
    return Status();
  };
  HEMU_RETURN_IF_ERROR(get_int("d_model", c.d_model, 8, 1024));
  HEMU_RETURN_IF_ERROR(get_int("layers", c.layers, 1, 12));
  HEMU_RETURN_IF_ERROR(get_int("heads", c.heads, 1, 16));
  HEMU_RETURN_IF_ERROR(get_int("state_size", c.state_size, 1, 256));
  HEMU_RETURN_IF_ERROR(get_int("window", c.window, 1, 256));
  const Json* core = json.find("core");
  if (core == nullptr || !core->is_string() || (core->as_string() != "mamba" && core->as_string() != "transformer")) {
    return corrupt("decision config: 'core' must be \"mamba\" or \"transformer\"");
  }
  c.core = core->as_string();
  if (c.d_model % c.heads != 0) return corrupt("decision config: d_model must be a multiple of heads");
  return c;
}

DecisionBatch collate_decisions(const std::vector<std::vector<const DecisionInput*>>& episodes) {
  DecisionBatch b;
  b.episodes = int64_t(episodes.size());
  for (const auto& e : episodes) b.steps = std::max(b.steps, int64_t(e.size()));
  const int64_t n = b.episodes * b.steps;
  int64_t t_max = 1, e_max = 1;
  std::vector<const DecisionInput*> slots(size_t(n), nullptr);
  for (size_t i = 0; i < episodes.size(); ++i) {
    for (size_t s = 0; s < episodes[i].size(); ++s) {
      const DecisionInput* in = episodes[i][s];
      slots[i * size_t(b.steps) + s] = in;
      if (in == nullptr) continue;
      t_max = std::max<int64_t>(t_max, int64_t(in->instruction.tokens.size()));
      e_max = std::max<int64_t>(e_max, int64_t(in->elements.size()));
    }
  }
  const int64_t fe = kElementFeatureCount + kElementHistoryCount;
  auto tf = torch::zeros({n, t_max, kTokenFeatureCount});
  auto tm = torch::zeros({n, t_max}, torch::kBool);
  auto ef = torch::zeros({n, e_max, fe});
  auto ei = torch::zeros({n, e_max, kElementIntentCount});
  auto em = torch::zeros({n, e_max}, torch::kBool);
  auto pf = torch::zeros({n, e_max, t_max, kPairChannels});
  auto sm = torch::zeros({b.episodes, b.steps}, torch::kBool);
  auto pk = torch::full({n}, int64_t(kChoiceKindCount), torch::kLong);
  auto tma = tm.accessor<bool, 2>();
  auto ema = em.accessor<bool, 2>();
  auto sma = sm.accessor<bool, 2>();
  auto pka = pk.accessor<int64_t, 1>();
  auto tfa = tf.accessor<float, 3>();
  auto efa = ef.accessor<float, 3>();
  auto eia = ei.accessor<float, 3>();
  auto pfa = pf.accessor<float, 4>();
  std::vector<const std::vector<int>*> token_lists(size_t(n * t_max), nullptr), element_lists(size_t(n * e_max), nullptr);
  for (int64_t k = 0; k < n; ++k) {
    const DecisionInput* in = slots[size_t(k)];
    tma[k][0] = true;  // never an all-padding row (attention would return NaN)
    if (in == nullptr) continue;
    sma[k / b.steps][k % b.steps] = true;
    pka[k] = in->previous_kind < 0 ? int64_t(kChoiceKindCount) : int64_t(in->previous_kind);
    const int64_t nt = int64_t(in->instruction.tokens.size()), ne = int64_t(in->elements.size());
    for (int64_t t = 0; t < nt; ++t) {
      tma[k][t] = true;
      for (int f = 0; f < kTokenFeatureCount; ++f) tfa[k][t][f] = in->token_features[size_t(t)][size_t(f)];
      token_lists[size_t(k * t_max + t)] = &in->token_ngrams[size_t(t)];
    }
    for (int64_t e = 0; e < ne; ++e) {
      ema[k][e] = true;
      for (int f = 0; f < kElementFeatureCount; ++f) efa[k][e][f] = in->element_features[size_t(e)][size_t(f)];
      if (size_t(e) < in->element_history.size()) {
        for (int f = 0; f < kElementHistoryCount; ++f) {
          efa[k][e][kElementFeatureCount + f] = in->element_history[size_t(e)][size_t(f)];
        }
      }
      if (size_t(e) < in->element_intent.size()) {
        for (int f = 0; f < kElementIntentCount; ++f) eia[k][e][f] = in->element_intent[size_t(e)][size_t(f)];
      }
      element_lists[size_t(k * e_max + e)] = &in->element_ngrams[size_t(e)];
      const float* row = in->pair_features.data() + size_t(e) * size_t(nt) * kPairChannels;
      for (int64_t t = 0; t < nt; ++t) {
        for (int c = 0; c < kPairChannels; ++c) pfa[k][e][t][c] = row[t * kPairChannels + c];
      }
    }
  }
  b.step_mask = sm;
  b.token_features = tf;
  b.token_mask = tm;
  b.element_features = ef;
  b.element_mask = em;
  b.element_intent = ei;
  b.pairs = pf;
  b.previous_kind = pk;
  bags(token_lists, b.token_ngrams, b.token_offsets);
  bags(element_lists, b.element_ngrams, b.element_offsets);
  return b;
}

DecisionNetImpl::DecisionNetImpl(const DecisionConfig& config) : config_(config) {
  const int d = config.d_model;
  ngram_embedding_ = register_module(
      "ngram_embedding", torch::nn::EmbeddingBag(torch::nn::EmbeddingBagOptions(kNgramBuckets, d).mode(torch::kMean)));
  // Version 1 inputs are a subset of today's: the first 4 token features, 5 own + 5 label channels.
  const bool v1 = config.feature_version == 1;
  if (v1) {
    std::vector<int64_t> keep;
    for (int c = 0; c < 5; ++c) keep.push_back(c);
    for (int c = 0; c < 5; ++c) keep.push_back(kMatchChannels + c);
    v1_pair_channels_ = torch::tensor(keep, torch::kLong);
  }
  const int token_features = token_feature_count(config.feature_version);
  const int pair_channels = v1 ? 10 : kPairChannels;
  token_in_ = register_module("token_in", torch::nn::Linear(token_features, d));
  element_in_ = register_module("element_in", torch::nn::Linear(kElementFeatureCount + kElementHistoryCount, d));
  pair_weight_ = register_module("pair_weight", torch::nn::Linear(pair_channels, 1));
  pair_direct_ = register_module("pair_direct", torch::nn::Linear(pair_channels, d));
  pair_value_ = register_module("pair_value", torch::nn::Linear(d, d));
  if (!v1) token_gate_ = register_module("token_gate", torch::nn::Linear(d, 1));
  if (config.feature_version >= 3) {
    intent_in_ = register_module("intent_in", torch::nn::Linear(element_intent_count(config.feature_version), d));
  }
  previous_kind_ = register_module("previous_kind", torch::nn::Embedding(kChoiceKindCount + 1, d));
  segment_ = register_module("segment", torch::nn::Embedding(3, d));
  instruction_encoder_ = register_module("instruction_encoder", make_encoder(d, config.heads, 1));
  joint_encoder_ = register_module("joint_encoder", make_encoder(d, config.heads, config.layers));
  if (config.core == "transformer") {
    core_ = register_module("core", std::make_shared<WindowTransformerCoreImpl>(d, config.heads, config.window));
  } else {
    core_ = register_module("core", std::make_shared<MambaCoreImpl>(d, config.state_size));
  }
  kind_head_ = register_module("kind_head", torch::nn::Linear(2 * d, kChoiceKindCount));
  modifier_head_ = register_module("modifier_head", torch::nn::Linear(2 * d, kModifierCount));
  key_head_ = register_module("key_head", torch::nn::Linear(2 * d, int64_t(decision_keys().size())));
  notch_head_ = register_module("notch_head", torch::nn::Linear(2 * d, kMaxScrollNotches));
  source_head_ = register_module("source_head", torch::nn::Linear(2 * d, text_source_count(config.feature_version)));
  pointer_head_ = register_module("pointer_head", mlp(2 * d, d, 1));
  drag_head_ = register_module("drag_head", mlp(2 * d, d, 1));
  offset_head_ = register_module("offset_head", mlp(d, d, 2));
  drag_offset_head_ = register_module("drag_offset_head", mlp(d, d, 2));
  span_head_ = register_module("span_head", mlp(2 * d, d, 2));
}

void DecisionNetImpl::encode(const DecisionBatch& b, torch::Tensor& tokens, torch::Tensor& elements,
                             torch::Tensor& summary) {
  const int64_t n = b.token_features.size(0), t = b.token_features.size(1), e = b.element_features.size(1);
  const int64_t d = config_.d_model;
  const bool v1 = config_.feature_version == 1;
  auto token_features = b.token_features.slice(-1, 0, token_feature_count(config_.feature_version));
  auto pairs = v1 ? b.pairs.index_select(-1, v1_pair_channels_) : b.pairs;
  auto tok = token_in_(token_features) + ngram_embedding_(b.token_ngrams, b.token_offsets).view({n, t, d});
  auto tok_ctx = instruction_encoder_->forward(tok.transpose(0, 1), torch::Tensor(), b.token_mask.logical_not()).transpose(0, 1);
  tok_ctx = tok_ctx * b.token_mask.unsqueeze(-1);
  auto el = element_in_(b.element_features) + ngram_embedding_(b.element_ngrams, b.element_offsets).view({n, e, d});
  if (intent_in_) el = el + intent_in_(b.element_intent.slice(-1, 0, element_intent_count(config_.feature_version)));
  // What each element matches in the instruction, with that token's context.
  auto w = F::relu(pair_weight_(pairs).squeeze(-1)) * b.token_mask.unsqueeze(1);  // [N,E,T]
  // Version 2: how much each token's matches count, from its context ("the" little, a quoted subject much).
  if (!v1) w = w * torch::sigmoid(token_gate_(tok_ctx)).squeeze(-1).unsqueeze(1);
  el = el + torch::bmm(w, pair_value_(tok_ctx)) + pair_direct_(std::get<0>(pairs.max(2)));
  auto state = previous_kind_(b.previous_kind).unsqueeze(1);  // [N,1,d]
  auto seq = torch::cat(std::vector<torch::Tensor>{tok_ctx + segment_->weight[0], el + segment_->weight[1],
                                                   state + segment_->weight[2]}, 1);
  auto pad = torch::cat(std::vector<torch::Tensor>{b.token_mask, b.element_mask, torch::ones({n, 1}, torch::kBool)}, 1)
                 .logical_not();
  auto out = joint_encoder_->forward(seq.transpose(0, 1), torch::Tensor(), pad).transpose(0, 1);
  tokens = out.slice(1, 0, t);
  elements = out.slice(1, t, t + e);
  summary = out.select(1, t + e);
}

DecisionOutputs DecisionNetImpl::heads(const DecisionBatch& b, const torch::Tensor& tokens,
                                       const torch::Tensor& elements, const torch::Tensor& context) {
  DecisionOutputs o;
  const int64_t e = elements.size(1), t = tokens.size(1);
  auto global = context;  // [N,2d]
  o.kind = kind_head_(global);
  o.modifier = modifier_head_(global);
  o.key = key_head_(global);
  o.notches = notch_head_(global);
  o.source = source_head_(global);
  auto ctx = context.slice(1, config_.d_model).unsqueeze(1);
  auto el_ctx = torch::cat({elements, ctx.expand({-1, e, -1})}, -1);
  auto emask = b.element_mask.logical_not();
  o.pointer = pointer_head_->forward(el_ctx).squeeze(-1).masked_fill(emask, kMasked);
  o.drag_pointer = drag_head_->forward(el_ctx).squeeze(-1).masked_fill(emask, kMasked);
  o.offsets = torch::sigmoid(offset_head_->forward(elements));
  o.drag_offsets = torch::sigmoid(drag_offset_head_->forward(elements));
  auto spans = span_head_->forward(torch::cat({tokens, ctx.expand({-1, t, -1})}, -1));
  auto tmask = b.token_mask.logical_not();
  o.span_first = spans.select(-1, 0).masked_fill(tmask, kMasked);
  o.span_last = spans.select(-1, 1).masked_fill(tmask, kMasked);
  return o;
}

DecisionOutputs DecisionNetImpl::forward(const DecisionBatch& b) {
  torch::Tensor tokens, elements, summary;
  encode(b, tokens, elements, summary);
  auto per_step = summary.view({b.episodes, b.steps, -1});
  auto state = core_->initial_state(b.episodes);
  std::vector<torch::Tensor> contexts;
  for (int64_t s = 0; s < b.steps; ++s) contexts.push_back(core_->step(per_step.select(1, s), state));
  auto context = torch::stack(contexts, 1).view({b.episodes * b.steps, -1});
  return heads(b, tokens, elements, torch::cat({summary, context}, -1));
}

DecisionOutputs DecisionNetImpl::step(const DecisionBatch& single, torch::Tensor& core_state) {
  torch::Tensor tokens, elements, summary;
  encode(single, tokens, elements, summary);
  auto context = core_->step(summary, core_state);
  return heads(single, tokens, elements, torch::cat({summary, context}, -1));
}

torch::Tensor decision_loss(const DecisionOutputs& out, const DecisionBatch& batch,
                            const std::vector<std::vector<const ActionChoice*>>& targets,
                            std::vector<std::pair<std::string, double>>* parts) {
  const int64_t n = batch.episodes * batch.steps;
  std::vector<int64_t> kind(size_t(n), -100), modifier(size_t(n), -100), key(size_t(n), -100),
      notches(size_t(n), -100), source(size_t(n), -100), pointer(size_t(n), -100), drag(size_t(n), -100),
      first(size_t(n), -100), last(size_t(n), -100), offset_of(size_t(n), -100);
  std::vector<float> offsets(size_t(n) * 2, 0.5f), drag_offsets(size_t(n) * 2, 0.5f);
  for (size_t i = 0; i < targets.size(); ++i) {
    for (size_t s = 0; s < targets[i].size(); ++s) {
      const ActionChoice* c = targets[i][s];
      if (c == nullptr) continue;
      size_t k = i * size_t(batch.steps) + s;
      kind[k] = int64_t(c->kind);
      switch (c->kind) {
        case ChoiceKind::kClick: case ChoiceKind::kDoubleClick: case ChoiceKind::kRightClick:
          modifier[k] = c->modifier;
          [[fallthrough]];
        case ChoiceKind::kScrollUp: case ChoiceKind::kScrollDown: case ChoiceKind::kDrag:
          pointer[k] = c->element;
          offset_of[k] = c->element;
          offsets[2 * k] = c->offset_x;
          offsets[2 * k + 1] = c->offset_y;
          if (c->kind == ChoiceKind::kScrollUp || c->kind == ChoiceKind::kScrollDown) notches[k] = c->scroll_notches - 1;
          if (c->kind == ChoiceKind::kDrag) {
            drag[k] = c->drag_element;
            drag_offsets[2 * k] = c->drag_offset_x;
            drag_offsets[2 * k + 1] = c->drag_offset_y;
          }
          break;
        case ChoiceKind::kKey: key[k] = c->key; break;
        case ChoiceKind::kType:
          // A model of an older input version has fewer operators: text it cannot express teaches
          // it nothing (its kind is still learned).
          if (int64_t(c->text_source) >= out.source.size(1)) break;
          source[k] = int64_t(c->text_source);
          if (c->text_source == TextSource::kScreen) {
            pointer[k] = c->element;  // the element copied; no span, no offset
            break;
          }
          first[k] = c->span_first;
          last[k] = c->span_last;
          break;
        case ChoiceKind::kDone: break;
      }
    }
  }
  auto ce = [](const torch::Tensor& logits, const std::vector<int64_t>& t) {
    auto target = torch::tensor(t, torch::kLong);
    if ((target >= 0).sum().item<int64_t>() == 0) return torch::zeros({}, logits.options());
    return F::cross_entropy(logits, target, F::CrossEntropyFuncOptions().ignore_index(-100));
  };
  auto gathered_l1 = [](const torch::Tensor& all, const std::vector<int64_t>& index, const std::vector<float>& target) {
    auto idx = torch::tensor(index, torch::kLong);
    auto valid = idx >= 0;
    if (valid.sum().item<int64_t>() == 0) return torch::zeros({}, all.options());
    auto picked = all.gather(1, idx.clamp_min(0).view({-1, 1, 1}).expand({-1, 1, 2})).squeeze(1);  // [N,2]
    auto t = torch::tensor(target).view({-1, 2});
    return ((picked - t).abs().sum(-1) * valid).sum() / valid.sum();
  };
  std::vector<std::pair<std::string, torch::Tensor>> terms = {
      {"kind", ce(out.kind, kind)},
      {"pointer", ce(out.pointer, pointer)},
      {"offset", 4.0 * gathered_l1(out.offsets, offset_of, offsets)},
      {"modifier", ce(out.modifier, modifier)},
      {"key", ce(out.key, key)},
      {"notches", ce(out.notches, notches)},
      {"source", ce(out.source, source)},
      {"span", ce(out.span_first, first) + ce(out.span_last, last)},
      {"drag", ce(out.drag_pointer, drag) + 4.0 * gathered_l1(out.drag_offsets, drag, drag_offsets)},
  };
  torch::Tensor total = torch::zeros({});
  for (auto& [name, value] : terms) {
    total = total + value;
    if (parts != nullptr) parts->emplace_back(name, value.item<double>());
  }
  return total;
}

namespace {

// The typed text with the best joint score of source, span start and span end among the choices
// that produce text: a span stays inside one quote (or outside quotes), an operator must apply.
void best_text_choice(const DecisionOutputs& out, int64_t n, const DecisionInput& input, ActionChoice& c) {
  const auto& tokens = input.instruction.tokens;
  const int t = int(std::min<size_t>(tokens.size(), size_t(out.span_first.size(1))));
  if (t == 0) return;
  auto source = torch::log_softmax(out.source[n], 0);
  auto first = torch::log_softmax(out.span_first[n].slice(0, 0, t), 0);
  auto last = torch::log_softmax(out.span_last[n].slice(0, 0, t), 0);
  auto sa = source.accessor<float, 1>();
  auto fa = first.accessor<float, 1>();
  auto la = last.accessor<float, 1>();
  // The date pattern the form shows, as encode_action and decode_choice find it (approximately:
  // placeholders are often read a letter wrong).
  const std::string hint = screen_date_pattern(input.elements);
  // Copy from the screen (version 5) when the source head's own best class says so; the pointer
  // head picks the element among those with text. Upgraded models start with that class far
  // below the others, so they decide as before until trained.
  const int screen = int(TextSource::kScreen);
  if (out.source.size(1) > screen && out.source[n].argmax().item<int64_t>() == screen) {
    auto pointer = out.pointer[n].clone();
    const int e = int(std::min<size_t>(input.elements.size(), size_t(pointer.size(0))));
    for (int i = 0; i < int(pointer.size(0)); ++i) {
      if (i >= e || input.elements[size_t(i)].text.empty()) pointer[i] = kMasked;
    }
    for (int i : input.avoid_elements) {
      if (i >= 0 && i < pointer.size(0)) pointer[i] = kMasked;
    }
    if (pointer.max().item<float>() > kMasked / 2) {
      c.text_source = TextSource::kScreen;
      c.element = int(pointer.argmax().item<int64_t>());
      return;
    }
  }
  double best = -1e30;
  // A 4-class head is a version-1/2 model: its kSum class was never a target (no arithmetic then),
  // so it stays out and such models decide exactly as they did.
  const bool old_head = out.source.size(1) < int(TextSource::kPlusOne) + 1;
  for (int s = 0; s < int(out.source.size(1)); ++s) {
    if (old_head && s == int(TextSource::kSum)) continue;
    if (s == screen) continue;  // not a span source
    const int max_len = s == int(TextSource::kSpan) ? 24 : 4;
    for (int f = 0; f < t; ++f) {
      for (int l = f; l < t && l < f + max_len; ++l) {
        if (tokens[size_t(l)].quote != tokens[size_t(f)].quote) break;
        double score = double(sa[s]) + fa[f] + la[l];
        if (score <= best) continue;
        if (s != int(TextSource::kSpan)) {
          auto text = apply_text_source(TextSource(s), instruction_span(input.instruction, f, l), hint);
          if (!text || text->empty()) continue;
        }
        best = score;
        c.text_source = TextSource(s);
        c.span_first = f;
        c.span_last = l;
      }
    }
  }
}

}  // namespace

ActionChoice best_choice(const DecisionOutputs& out, int64_t n, const std::vector<int>& avoid, const DecisionInput* input) {
  ActionChoice c;
  auto arg = [&](const torch::Tensor& t) { return int(t[n].argmax().item<int64_t>()); };
  c.kind = ChoiceKind(arg(out.kind));
  c.modifier = arg(out.modifier);
  c.key = arg(out.key);
  c.scroll_notches = arg(out.notches) + 1;
  c.text_source = TextSource(arg(out.source));
  // Remembered elements (version 6, after the screen's) have no box: only a copy may pick them
  // (best_text_choice), so the click / scroll / drag pointers skip them.
  const int remembered = input != nullptr ? input->remembered : 0;
  const int64_t screen_end = int64_t(input != nullptr ? input->elements.size() : 0) - remembered;
  auto skip_remembered = [&](torch::Tensor& pointer) {
    if (remembered > 0) pointer.slice(0, std::max<int64_t>(0, screen_end), std::max<int64_t>(0, screen_end + remembered)).fill_(kMasked);
  };
  if (avoid.empty() && remembered == 0) {
    c.element = arg(out.pointer);
  } else {
    auto pointer = out.pointer[n].clone();
    for (int e : avoid) {
      if (e >= 0 && e < pointer.size(0)) pointer[e] = kMasked;
    }
    skip_remembered(pointer);
    c.element = int(pointer.argmax().item<int64_t>());
  }
  if (remembered == 0) {
    c.drag_element = arg(out.drag_pointer);
  } else {
    auto drag = out.drag_pointer[n].clone();
    skip_remembered(drag);
    c.drag_element = int(drag.argmax().item<int64_t>());
  }
  auto off = out.offsets[n][c.element];
  c.offset_x = off[0].item<float>();
  c.offset_y = off[1].item<float>();
  auto doff = out.drag_offsets[n][c.drag_element];
  c.drag_offset_x = doff[0].item<float>();
  c.drag_offset_y = doff[1].item<float>();
  c.span_first = arg(out.span_first);
  // The span ends at or after its start: the best end among tokens >= first.
  auto last = out.span_last[n].clone();
  if (c.span_first > 0) last.slice(0, 0, c.span_first).fill_(kMasked);
  c.span_last = int(last.argmax().item<int64_t>());
  if (input != nullptr && c.kind == ChoiceKind::kType) best_text_choice(out, n, *input, c);
  return c;
}

}  // namespace hemu
