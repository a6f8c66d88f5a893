#include "policy/state_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

#include "policy/state_reader_model.h"

namespace hemu {

namespace {
constexpr char kMagic[] = "HEMUSTATES\n";
constexpr int kFormatVersion = 1;
// A crop whose pixels barely vary (a flat patch) is not stretched into strong contrast.
constexpr float kMinSpread = 12.0f;
// Batches of crops run in multiples of this many (see checked_probabilities).
constexpr size_t kStateBatchMultiple = 8;
}  // namespace

Rect state_glyph_rect(const Rect& element, const Rect& frame_bounds) {
  if (element.empty()) return {};
  const int side = std::min(element.height, element.width);
  const int grow = side / 6;
  Rect glyph{element.x - grow, element.y + (element.height - side) / 2 - grow, side + 2 * grow, side + 2 * grow};
  return glyph.intersect(frame_bounds);
}

bool state_reader_reads(ElementClass c) { return c == ElementClass::kCheckbox || c == ElementClass::kRadio; }

std::vector<float> preprocess_state_crop(const Frame& frame, const Rect& glyph, int size) {
  const Rect r = glyph.intersect(frame.bounds());
  if (r.empty() || size < 1) return {};
  // Area-average downscale (nearest when upscaling) of each channel into size x size cells.
  std::vector<float> out(size_t(3) * size * size);
  for (int oy = 0; oy < size; ++oy) {
    const int y0 = r.y + oy * r.height / size;
    const int y1 = std::max(y0 + 1, r.y + (oy + 1) * r.height / size);
    for (int ox = 0; ox < size; ++ox) {
      const int x0 = r.x + ox * r.width / size;
      const int x1 = std::max(x0 + 1, r.x + (ox + 1) * r.width / size);
      float sum[3] = {0, 0, 0};
      for (int y = y0; y < y1; ++y) {
        const uint8_t* p = frame.row(y) + size_t(x0) * 3;
        for (int x = x0; x < x1; ++x, p += 3) sum[0] += p[0], sum[1] += p[1], sum[2] += p[2];
      }
      const float n = float((y1 - y0) * (x1 - x0));
      for (int c = 0; c < 3; ++c) out[(size_t(c) * size + oy) * size + ox] = sum[c] / n;
    }
  }
  // One mean and spread over all channels, so colour (a filled accent box) survives.
  double mean = 0, var = 0;
  for (float v : out) mean += v;
  mean /= double(out.size());
  for (float v : out) var += (v - mean) * (v - mean);
  const float spread = std::max(kMinSpread, float(std::sqrt(var / double(out.size()))));
  for (float& v : out) v = (v - float(mean)) / spread;
  return out;
}

StateNetImpl::StateNetImpl(const StateReaderConfig& config) {
  const int c1 = config.channels, c2 = 2 * config.channels;
  auto conv = [](int in, int out) { return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)); };
  conv1 = register_module("conv1", conv(3, c1));
  norm1 = register_module("norm1", torch::nn::BatchNorm2d(c1));
  conv2 = register_module("conv2", conv(c1, c2));
  norm2 = register_module("norm2", torch::nn::BatchNorm2d(c2));
  conv3 = register_module("conv3", conv(c2, c2));
  norm3 = register_module("norm3", torch::nn::BatchNorm2d(c2));
  out = register_module("out", torch::nn::Linear(c2, 1));
}

torch::Tensor StateNetImpl::forward(torch::Tensor x) {
  x = torch::max_pool2d(torch::relu(norm1->forward(conv1->forward(x))), 2);
  x = torch::max_pool2d(torch::relu(norm2->forward(conv2->forward(x))), 2);
  x = torch::relu(norm3->forward(conv3->forward(x)));
  return out->forward(x.mean({2, 3})).squeeze(1);
}

torch::Tensor make_state_batch(const std::vector<std::vector<float>>& crops, int size) {
  const int64_t n = int64_t(size) * size * 3;
  torch::Tensor batch = torch::empty({int64_t(crops.size()), 3, size, size});
  float* data = batch.data_ptr<float>();
  for (size_t i = 0; i < crops.size(); ++i) {
    HEMU_CHECK(int64_t(crops[i].size()) == n) << "state crop of " << crops[i].size() << " floats, expected " << n;
    std::memcpy(data + i * size_t(n), crops[i].data(), sizeof(float) * size_t(n));
  }
  return batch;
}

StateReader::StateReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateReader::~StateReader() = default;

std::unique_ptr<StateReader> StateReader::create(const StateReaderConfig& config, uint64_t seed) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  torch::manual_seed(seed);
  impl->model = StateNet(config);
  impl->model->eval();
  return std::unique_ptr<StateReader>(new StateReader(std::move(impl)));
}

std::string StateReader::to_bytes() const {
  std::ostringstream header;
  header << "version=" << kFormatVersion << " size=" << impl_->config.size << " channels=" << impl_->config.channels
         << "\n";
  return std::string(kMagic) + header.str() + module_to_bytes(*impl_->model);
}

Result<std::unique_ptr<StateReader>> StateReader::from_bytes(const std::string& bytes) {
  const std::string magic = kMagic;
  if (bytes.compare(0, magic.size(), magic) != 0)
    return corrupt("state reader bytes: missing 'HEMUSTATES' header (not a state reader, or truncated)");
  const size_t eol = bytes.find('\n', magic.size());
  if (eol == std::string::npos || eol - magic.size() > 100) return corrupt("state reader bytes: header line cut off");
  std::istringstream header(bytes.substr(magic.size(), eol - magic.size()));
  int version = 0, seen = 0;
  StateReaderConfig config;
  std::string field;
  while (header >> field) {
    const size_t eq = field.find('=');
    if (eq == std::string::npos) return corrupt("state reader bytes: bad header field '" + field + "'");
    const std::string key = field.substr(0, eq);
    const int value = std::atoi(field.c_str() + eq + 1);
    if (key == "version") version = value, ++seen;
    else if (key == "size") config.size = value, ++seen;
    else if (key == "channels") config.channels = value, ++seen;
  }
  if (version != kFormatVersion)
    return corrupt("state reader bytes: format version " + std::to_string(version) + ", expected " +
                   std::to_string(kFormatVersion));
  if (seen != 3 || config.size < 8 || config.size > 128 || config.channels < 2 || config.channels > 256)
    return corrupt("state reader bytes: bad config header '" + header.str() + "'");
  auto reader = create(config, /*seed=*/0);
  // module_from_bytes also checks every tensor's shape against the header's architecture.
  Status status = module_from_bytes(*reader->impl_->model, bytes.substr(eol + 1), "state reader");
  if (!status.ok()) return status;
  reader->impl_->model->eval();
  return reader;
}

namespace {

int64_t weights_version(StateNetImpl& model) {
  int64_t version = 0;
  for (const auto& t : model.parameters()) version += int64_t(t._version());
  for (const auto& t : model.buffers()) version += int64_t(t._version());
  return version;
}

void fold_state_net(StateNetImpl& model, FoldedStateNet& folded) {
  const std::pair<torch::nn::Conv2d*, torch::nn::BatchNorm2d*> layers[3] = {
      {&model.conv1, &model.norm1}, {&model.conv2, &model.norm2}, {&model.conv3, &model.norm3}};
  for (int i = 0; i < 3; ++i) {
    FoldedWeights f = fold_batch_norm((*layers[i].first)->weight, (*layers[i].first)->bias, **layers[i].second);
    folded.weight[i] = std::move(f.weight), folded.bias[i] = std::move(f.bias);
  }
  folded.model = &model;
  folded.version = weights_version(model);
}

// Max pooling by 2 over H and W (halve in policy/torch_util.h; max_pool2d's index map cost ~0.1 ms
// per layer on a batch of 8).
torch::Tensor halve_hw(const torch::Tensor& t) { return halve(halve(t, 2), 3); }

}  // namespace

std::vector<float> StateReader::checked_probabilities(const std::vector<std::vector<float>>& crops) {
  if (crops.empty()) return {};
  torch::NoGradGuard no_grad;
  StateNetImpl& model = *impl_->model;
  model.eval();
  FoldedStateNet& f = impl_->folded;
  if (f.model != &model || f.version != weights_version(model)) fold_state_net(model, f);
  // The batch is padded with blank crops to a multiple of kStateBatchMultiple: libtorch sends these
  // convolutions to oneDNN, which builds kernels for every new batch size (~0.2 ms); crops are
  // independent in eval mode, so the padding's outputs are simply dropped.
  torch::Tensor x = make_state_batch(crops, impl_->config.size);
  const int64_t blanks = int64_t((kStateBatchMultiple - crops.size() % kStateBatchMultiple) % kStateBatchMultiple);
  if (blanks > 0) x = torch::cat({x, torch::zeros({blanks, x.size(1), x.size(2), x.size(3)})});
  // StateNetImpl::forward with the folded layers (~0.15 against ~0.4 ms for 8 crops).
  x = x.contiguous(at::MemoryFormat::ChannelsLast);
  x = halve_hw(torch::conv2d(x, f.weight[0], f.bias[0], 1, 1).relu_());
  x = halve_hw(torch::conv2d(x, f.weight[1], f.bias[1], 1, 1).relu_());
  x = torch::conv2d(x, f.weight[2], f.bias[2], 1, 1).relu_();
  torch::Tensor p = torch::sigmoid(model.out->forward(x.mean({2, 3})).squeeze(1)).contiguous();
  return std::vector<float>(p.data_ptr<float>(), p.data_ptr<float>() + crops.size());
}

void StateReader::read_states(const Frame& frame, std::vector<UiElement>& elements) {
  std::vector<std::vector<float>> crops;
  std::vector<size_t> miss_index;
  std::vector<uint64_t> miss_hash;
  for (size_t i = 0; i < elements.size(); ++i) {
    if (!state_reader_reads(elements[i].element_class)) continue;
    const Rect glyph = state_glyph_rect(elements[i].rect, frame.bounds());
    if (glyph.empty()) continue;
    const uint64_t h = region_hash(frame, glyph);
    if (auto it = impl_->cache.find(h); it != impl_->cache.end()) {
      elements[i].checked = it->second;
      ++impl_->hits;
      continue;
    }
    crops.push_back(preprocess_state_crop(frame, glyph, impl_->config.size));
    miss_index.push_back(i);
    miss_hash.push_back(h);
  }
  const std::vector<float> p = checked_probabilities(crops);
  for (size_t k = 0; k < p.size(); ++k) {
    const bool checked = p[k] >= 0.5f;
    elements[miss_index[k]].checked = checked;
    if (impl_->cache.emplace(miss_hash[k], checked).second) {
      impl_->cache_order.push_back(miss_hash[k]);
      while (impl_->cache_order.size() > impl_->config.cache_entries) {
        impl_->cache.erase(impl_->cache_order.front());
        impl_->cache_order.pop_front();
      }
    }
  }
}

int64_t StateReader::parameter_count() const { return hemu::parameter_count(*impl_->model); }
const StateReaderConfig& StateReader::config() const { return impl_->config; }
int64_t StateReader::cache_hits() const { return impl_->hits; }
void StateReader::clear_cache() {
  impl_->cache.clear();
  impl_->cache_order.clear();
}

}  // namespace hemu
