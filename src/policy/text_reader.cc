#include "policy/text_reader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <sstream>

#include "policy/text_reader_model.h"

namespace hemu {

namespace {

constexpr char kMagic[] = "HEMUREADER\n";
constexpr int kFormatVersion = 2;  // 2: substeps (CTC steps per feature column)
// Input columns per reader forward pass at most (one crop may exceed it alone).
constexpr int64_t kMaxBatchColumns = 2560;
// Ink below this counts as background when finding the text's extent.
constexpr float kInkThreshold = 0.35f;
// Contrast floor: a crop with only faint grey variation is not stretched into strong "ink".
constexpr int kMinContrast = 48;
constexpr int kRunTimeMaxWidth = 2560;  // read_batch's bound on a crop's scaled width

// UTF-8 code points of `text` (invalid bytes become one-byte "code points").
std::vector<std::string> code_points(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > text.size()) n = 1;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

const std::unordered_map<std::string, int64_t>& charset_index() {
  static const std::unordered_map<std::string, int64_t> index = [] {
    std::unordered_map<std::string, int64_t> m;
    const auto& chars = reader_charset();
    for (size_t i = 1; i < chars.size(); ++i) m[chars[i]] = int64_t(i);
    return m;
  }();
  return index;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Text helpers

const std::vector<std::string>& reader_charset() {
  static const std::vector<std::string> chars = [] {
    std::vector<std::string> c = {""};  // class 0: CTC blank
    for (int ch = 32; ch < 127; ++ch) c.push_back(std::string(1, char(ch)));
    // The non-ASCII characters the desktop draws: bullets (passwords), ellipsis (elided text),
    // degree, middle dot, dashes, typographic apostrophe, currency.
    for (const char* s : {"\u2022", "\u2026", "\u00B0", "\u00B7", "\u2013", "\u2014", "\u2019", "\u20AC", "\u00A3"})
      c.push_back(s);
    return c;
  }();
  return chars;
}

std::string normalize_reader_text(const std::string& text) {
  std::string out;
  bool pending_space = false;
  const auto& index = charset_index();
  std::vector<std::string> points = code_points(text);
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string& p = points[i];
    bool cell_join = p == "|" && i > 0 && points[i - 1] == " " && i + 1 < points.size() && points[i + 1] == " ";
    if (p == " " || p == "\t" || p == "\n" || cell_join) {
      pending_space = true;
      continue;
    }
    if (!index.count(p)) continue;
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += p;
  }
  return out;
}

int reader_edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::string> x = code_points(a), y = code_points(b);
  std::vector<int> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = int(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = int(i);
    for (size_t j = 1; j <= y.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

std::vector<int64_t> encode_reader_text(const std::string& text) {
  std::vector<int64_t> ids;
  const auto& index = charset_index();
  for (const std::string& p : code_points(text)) {
    auto it = index.find(p);
    if (it != index.end()) ids.push_back(it->second);
  }
  return ids;
}

std::vector<std::string> decode_reader_logits(const torch::Tensor& logits, const torch::Tensor& lengths) {
  // best: (B, T) class ids
  torch::Tensor best = logits.argmax(/*dim=*/2).transpose(0, 1).contiguous().to(torch::kInt64);
  const auto& chars = reader_charset();
  auto b_acc = best.accessor<int64_t, 2>();
  auto len_acc = lengths.accessor<int64_t, 1>();
  std::vector<std::string> out(size_t(best.size(0)));
  for (int64_t b = 0; b < best.size(0); ++b) {
    int64_t previous = 0;
    for (int64_t t = 0; t < len_acc[b]; ++t) {
      int64_t c = b_acc[b][t];
      if (c != 0 && c != previous && c < int64_t(chars.size())) out[size_t(b)] += chars[size_t(c)];
      previous = c;
    }
    out[size_t(b)] = normalize_reader_text(out[size_t(b)]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Preprocessing

namespace {

// Resampling taps of one axis: output i = sum of weight * input[index] over its taps. The same
// filter as bilinear interpolation at `taps` evenly spread points of each output pixel, averaged
// (box-averaged when shrinking); separable, so 2-D resampling is a vertical then a horizontal pass.
struct AxisTaps {
  std::vector<int> first;       // per output: index of its first tap
  std::vector<int> index;       // input indices
  std::vector<float> weight;
};

AxisTaps axis_taps(int src, int dst) {
  AxisTaps a;
  double scale = double(src) / dst;
  int taps = std::max(1, int(std::ceil(scale)));
  a.first.reserve(size_t(dst) + 1);
  for (int o = 0; o < dst; ++o) {
    a.first.push_back(int(a.index.size()));
    for (int t = 0; t < taps; ++t) {
      double f = std::clamp((o + (t + 0.5) / taps) * scale - 0.5, 0.0, double(src - 1));
      int i0 = int(f), i1 = std::min(i0 + 1, src - 1);
      float w = float(f - i0);
      a.index.push_back(i0), a.weight.push_back((1 - w) / taps);
      a.index.push_back(i1), a.weight.push_back(w / taps);
    }
  }
  a.first.push_back(int(a.index.size()));
  return a;
}

// An outer row or column of a crop this nearly all ink is no text: it is the surroundings of a
// filled plate the box overhangs (see peel_ink_frame).
constexpr double kFrameInkShare = 0.9;

// The part of a (width x height) crop of grey levels (`grey`, row-major) left after peeling off,
// side by side, outer rows and columns that are nearly all ink (`inky` per grey level). A box a
// little larger than a plate drawn in a colour of its own (a primary button in the accent colour,
// a selected row) takes in the window around it; the plate is the most common grey, so the window
// reads as ink as strong as the text and frames it, and the text, tightened with its frame, shrank
// to a third of the reader's height ("Allow" read "Alioww"). Text never fills a whole row or
// column of its box. Keeps at least `min_height` rows and `min_width` columns.
Rect peel_ink_frame(const std::vector<uint8_t>& grey, const std::array<bool, 256>& inky, int width, int height,
                    int min_width, int min_height) {
  int top = 0, bottom = height - 1, left = 0, right = width - 1;
  auto row_full = [&](int y) {
    int n = 0;
    for (int x = left; x <= right; ++x) n += inky[grey[size_t(y) * width + x]];
    return n >= kFrameInkShare * (right - left + 1);
  };
  auto column_full = [&](int x) {
    int n = 0;
    for (int y = top; y <= bottom; ++y) n += inky[grey[size_t(y) * width + x]];
    return n >= kFrameInkShare * (bottom - top + 1);
  };
  for (bool peeled = true; peeled;) {
    peeled = false;
    if (bottom - top + 1 > min_height && row_full(top)) ++top, peeled = true;
    if (bottom - top + 1 > min_height && row_full(bottom)) --bottom, peeled = true;
    if (right - left + 1 > min_width && column_full(left)) ++left, peeled = true;
    if (right - left + 1 > min_width && column_full(right)) --right, peeled = true;
  }
  return Rect{left, top, right - left + 1, bottom - top + 1};
}

}  // namespace

ReaderImage preprocess_crop(const Frame& frame, const Rect& rect, const TextReaderConfig& config) {
  ReaderImage image;
  Rect r = rect.intersect(frame.bounds());
  if (r.empty()) return image;

  // Grey levels and the background (most common grey).
  std::vector<uint8_t> grey(size_t(r.width) * r.height);
  std::array<int, 256> histogram{};
  for (int y = 0; y < r.height; ++y) {
    const uint8_t* p = frame.row(r.y + y) + size_t(r.x) * 3;
    uint8_t* g = grey.data() + size_t(y) * r.width;
    for (int x = 0; x < r.width; ++x, p += 3) {
      g[x] = uint8_t((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000);
      ++histogram[g[x]];
    }
  }
  int background = int(std::max_element(histogram.begin(), histogram.end()) - histogram.begin());
  int contrast = kMinContrast;
  for (int g = 0; g < 256; ++g)
    if (histogram[size_t(g)] > 0) contrast = std::max(contrast, std::abs(g - background));
  // ink = |grey - background| / contrast, capped at 1: a lookup per grey level.
  std::array<float, 256> ink_of{};
  std::array<bool, 256> inky{};
  for (int g = 0; g < 256; ++g) {
    ink_of[size_t(g)] = std::min(1.0f, float(std::abs(g - background)) / contrast);
    inky[size_t(g)] = ink_of[size_t(g)] > kInkThreshold;
  }

  // The plate the text is on: the crop less a frame of its surroundings (peel_ink_frame).
  const Rect plate = peel_ink_frame(grey, inky, r.width, r.height, /*min_width=*/std::min(r.width, 6),
                                    /*min_height=*/std::min(r.height, 8));

  // Tighten to the ink, ignoring a border ring where frames, focus rings and row separators live.
  int border = std::clamp(plate.height / 8, 2, 4);
  int top = plate.bottom(), bottom = -1, left = plate.right(), right = -1;
  if (plate.height > 2 * border + 2 && plate.width > 2 * border + 2) {
    for (int y = plate.y + border; y < plate.bottom() - border; ++y) {
      const uint8_t* g = grey.data() + size_t(y) * r.width;
      int row_left = -1, row_right = -1;
      for (int x = plate.x + border; x < plate.right() - border; ++x)
        if (inky[g[x]]) {
          row_left = x;
          break;
        }
      if (row_left < 0) continue;
      for (int x = plate.right() - border - 1; x >= row_left; --x)
        if (inky[g[x]]) {
          row_right = x;
          break;
        }
      top = std::min(top, y), bottom = std::max(bottom, y);
      left = std::min(left, row_left), right = std::max(right, row_right);
    }
  }
  if (bottom < 0) {  // no ink inside: keep the whole plate (the model answers "")
    top = plate.y, bottom = plate.bottom() - 1, left = plate.x, right = plate.right() - 1;
  } else {
    int pad = std::max(2, (bottom - top + 1) / 6);
    top = std::max(plate.y, top - pad), bottom = std::min(plate.bottom() - 1, bottom + pad);
    left = std::max(plate.x, left - pad), right = std::min(plate.right() - 1, right + pad);
  }
  int src_w = right - left + 1, src_h = bottom - top + 1;

  // Scale to the model height (bilinear at pixel centres; box-averaged when shrinking), separably.
  image.height = config.height;
  double scale = double(config.height) / src_h;
  image.width = std::clamp(int(std::lround(src_w * scale)), kReaderStride, config.max_width);
  AxisTaps ty = axis_taps(src_h, image.height), tx = axis_taps(src_w, image.width);
  std::vector<float> column(size_t(src_w), 0.0f);  // one output row after the vertical pass
  image.ink.assign(size_t(image.width) * image.height, 0.0f);
  for (int oy = 0; oy < image.height; ++oy) {
    std::fill(column.begin(), column.end(), 0.0f);
    for (int k = ty.first[size_t(oy)]; k < ty.first[size_t(oy) + 1]; ++k) {
      const uint8_t* g = grey.data() + size_t(top + ty.index[size_t(k)]) * r.width + left;
      float w = ty.weight[size_t(k)];
      if (w == 0.0f) continue;
      for (int x = 0; x < src_w; ++x) column[size_t(x)] += w * ink_of[g[x]];
    }
    float* out = image.ink.data() + size_t(oy) * image.width;
    for (int ox = 0; ox < image.width; ++ox) {
      float sum = 0;
      for (int k = tx.first[size_t(ox)]; k < tx.first[size_t(ox) + 1]; ++k)
        sum += tx.weight[size_t(k)] * column[size_t(tx.index[size_t(k)])];
      out[ox] = sum;
    }
  }
  return image;
}

// ---------------------------------------------------------------------------------------------
// Network

namespace {

// 3x3 convolution + batch norm + ReLU, appended to `net`.
void add_conv_block(torch::nn::Sequential& net, int in, int out) {
  net->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, /*kernel_size=*/3).padding(1).bias(false)));
  net->push_back(torch::nn::BatchNorm2d(out));
  net->push_back(torch::nn::ReLU());
}

}  // namespace

CrnnImpl::CrnnImpl(const TextReaderConfig& config) {
  HEMU_CHECK(config.height % 8 == 0 && config.height >= 16) << "reader height " << config.height;
  HEMU_CHECK(config.substeps >= 1 && config.substeps <= 4) << "reader substeps " << config.substeps;
  substeps = config.substeps;
  const int c = config.channels;
  const int c1 = c / 4, c2 = c / 2, c3 = 3 * c / 4, c4 = c, hidden = 2 * c;
  torch::nn::Sequential net;
  add_conv_block(net, 1, c1);
  net->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));  // H/2, W/2
  add_conv_block(net, c1, c2);
  // Feature stride 4; the classifier emits `substeps` output steps per column so CTC has room for
  // doubled letters ('Betty' needs a blank step between the t's) without running the CNN at stride 2.
  net->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));  // H/4, W/4
  add_conv_block(net, c2, c3);
  net->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions({2, 1}).stride({2, 1})));  // H/8, W/4
  add_conv_block(net, c3, c4);
  features = register_module("features", net);
  collapse = register_module(
      "collapse", torch::nn::Conv2d(torch::nn::Conv2dOptions(c4, hidden, {config.height / 8, 1})));
  for (int i = 0; i < config.sequence_layers; ++i) {
    int dilation = 1 << i;
    sequence.push_back(register_module(
        "sequence" + std::to_string(i),
        torch::nn::Conv1d(torch::nn::Conv1dOptions(hidden, hidden, /*kernel_size=*/3).padding(dilation).dilation(dilation))));
  }
  classifier = register_module(
      "classifier",
      torch::nn::Conv1d(torch::nn::Conv1dOptions(hidden, int64_t(config.substeps) * int64_t(reader_charset().size()), 1)));
}

torch::Tensor CrnnImpl::forward(torch::Tensor images) {
  torch::Tensor x = features->forward(images);     // (B, C, H/8, W/4)
  x = torch::relu(collapse->forward(x)).squeeze(2);  // (B, hidden, T)
  for (auto& layer : sequence) x = x + torch::relu(layer->forward(x));
  x = classifier->forward(x);  // (B, substeps * classes, T)
  const int64_t B = x.size(0), T = x.size(2), K = x.size(1) / substeps;
  // (B, substeps, K, T) -> (T, substeps, B, K) -> (T * substeps, B, K)
  return x.view({B, substeps, K, T}).permute({3, 1, 0, 2}).reshape({T * substeps, B, K});
}

ReaderBatch make_reader_batch(const std::vector<const ReaderImage*>& images, int height, int substeps,
                              int width_multiple) {
  int width = kReaderStride;
  for (const ReaderImage* image : images) width = std::max(width, image->width);
  const int multiple = std::max(kReaderStride, width_multiple / kReaderStride * kReaderStride);
  width = (width + multiple - 1) / multiple * multiple;
  ReaderBatch batch;
  batch.images = torch::zeros({int64_t(images.size()), 1, height, width});
  batch.lengths = torch::empty({int64_t(images.size())}, torch::kInt64);
  float* data = batch.images.data_ptr<float>();
  int64_t* len = batch.lengths.data_ptr<int64_t>();
  for (size_t b = 0; b < images.size(); ++b) {
    const ReaderImage& image = *images[b];
    HEMU_CHECK(image.height == height) << "reader image height " << image.height << " != " << height;
    for (int y = 0; y < height; ++y)
      std::memcpy(data + (b * height + size_t(y)) * width, image.ink.data() + size_t(y) * image.width,
                  sizeof(float) * size_t(image.width));
    len[b] = std::max<int64_t>(1, int64_t(substeps) * (image.width / kReaderStride));
  }
  return batch;
}

torch::Tensor reader_forward_inference(TextReader::Impl& impl, const torch::Tensor& images) {
  CrnnImpl& m = *impl.model;
  if (!impl.folded_valid) {
    torch::NoGradGuard no_grad;
    impl.folded_weight.clear(), impl.folded_bias.clear();
    for (size_t i = 0; i + 1 < m.features->size(); ++i) {
      auto* conv = m.features[i]->as<torch::nn::Conv2dImpl>();
      auto* norm = m.features[i + 1]->as<torch::nn::BatchNorm2dImpl>();
      if (conv == nullptr || norm == nullptr) continue;
      FoldedWeights folded = fold_batch_norm(conv->weight, conv->bias, *norm);
      impl.folded_weight.push_back(std::move(folded.weight));
      impl.folded_bias.push_back(std::move(folded.bias));
    }
    HEMU_CHECK(impl.folded_weight.size() == 4) << "reader: unexpected feature layers";
    // collapse: (hidden, C, H/8, 1) -> (H/8 * C, hidden), rows in the (h, c) order of the
    // channels-last feature map.
    const torch::Tensor& cw = m.collapse->weight;
    impl.collapse_weight = cw.permute({0, 2, 1, 3}).reshape({cw.size(0), -1}).t().contiguous();
    impl.collapse_bias = m.collapse->bias.clone();
    impl.sequence_weight.clear(), impl.sequence_bias.clear(), impl.sequence_dilation.clear();
    for (auto& layer : m.sequence) {
      const torch::Tensor& w = layer->weight;  // (hidden out, hidden in, 3)
      HEMU_CHECK(w.size(2) == 3) << "reader: sequence kernel " << w.size(2);
      impl.sequence_weight.push_back(torch::cat({w.select(2, 0).t(), w.select(2, 1).t(), w.select(2, 2).t()}, 1)
                                         .contiguous());
      impl.sequence_bias.push_back(layer->bias.clone());
      impl.sequence_dilation.push_back((*layer->options.dilation())[0]);
    }
    impl.classifier_weight = m.classifier->weight.squeeze(2).t().contiguous();
    impl.classifier_bias = m.classifier->bias.clone();
    impl.folded_valid = true;
  }
  // Max pooling by 2 along H (and W): halve (policy/torch_util.h).
  torch::Tensor x = images;
  for (size_t i = 0; i < impl.folded_weight.size(); ++i) {
    // libtorch's own im2col + GEMM convolution, not conv2d: conv2d sends these 3x3 layers to
    // oneDNN, which builds (JIT-compiles) a kernel per input shape (~0.1-0.7 ms per layer), and
    // reader batches have a new (crops, width) shape nearly every call: ~5 ms of a first frame went
    // to building kernels (ONEDNN_VERBOSE=2, session 9). Same sums up to float rounding.
    x = at::thnn_conv2d(x, impl.folded_weight[i], /*kernel_size=*/{3, 3}, impl.folded_bias[i], /*stride=*/{1, 1},
                        /*padding=*/{1, 1})
            .relu_();
    if (i == 0) x = halve(halve(x.contiguous(at::MemoryFormat::ChannelsLast), 2), 3);  // H/2, W/2
    else if (i == 1) x = halve(halve(x, 2), 3);                                       // H/4, W/4
    else if (i == 2) x = halve(x, 2);                                                 // H/8, W/4
  }
  // x: (B, C, H/8, T) -> columns (B * T, H/8 * C), row order (h, c)
  const int64_t B = x.size(0), T = x.size(3);
  torch::Tensor columns = x.permute({0, 3, 2, 1}).reshape({B * T, -1});
  torch::Tensor h = torch::addmm(impl.collapse_bias, columns, impl.collapse_weight).relu_();  // (B * T, hidden)
  const int64_t hidden = h.size(1);
  for (size_t i = 0; i < impl.sequence_weight.size(); ++i) {
    // Conv1d(kernel 3, dilation d, zero padding d) within each crop's T columns: the three taps'
    // products in one matmul, then shifted by -d / 0 / +d and summed.
    const int64_t d = impl.sequence_dilation[i];
    torch::Tensor taps = torch::mm(h, impl.sequence_weight[i]).view({B, T, 3, hidden});
    torch::Tensor out = taps.select(2, 1) + impl.sequence_bias[i];  // (B, T, hidden)
    if (T > d) {
      out.slice(1, d, T).add_(taps.slice(1, 0, T - d).select(2, 0));  // x[t - d]'s tap
      out.slice(1, 0, T - d).add_(taps.slice(1, d, T).select(2, 2));  // x[t + d]'s tap
    }
    h = h + out.view({B * T, hidden}).relu_();
  }
  torch::Tensor logits = torch::addmm(impl.classifier_bias, h, impl.classifier_weight);  // (B * T, substeps * K)
  const int64_t K = logits.size(1) / m.substeps;
  // (B, T, substeps, K) -> (T, substeps, B, K) -> (T * substeps, B, K)
  return logits.view({B, T, m.substeps, K}).permute({1, 2, 0, 3}).reshape({T * m.substeps, B, K});
}

// ---------------------------------------------------------------------------------------------
// TextReader

TextReader::TextReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextReader::~TextReader() = default;

std::unique_ptr<TextReader> TextReader::create(const TextReaderConfig& config, uint64_t seed) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  torch::manual_seed(seed);
  impl->model = Crnn(config);
  impl->model->eval();
  return std::unique_ptr<TextReader>(new TextReader(std::move(impl)));
}

std::string TextReader::to_bytes() const {
  const TextReaderConfig& c = impl_->config;
  std::ostringstream header;
  header << "version=" << kFormatVersion << " height=" << c.height << " max_width=" << c.max_width
         << " channels=" << c.channels << " sequence_layers=" << c.sequence_layers << " substeps=" << c.substeps
         << " classes=" << reader_charset().size() << "\n";
  return std::string(kMagic) + header.str() + module_to_bytes(*impl_->model);
}

Result<std::unique_ptr<TextReader>> TextReader::from_bytes(const std::string& bytes) {
  const std::string magic = kMagic;
  if (bytes.compare(0, magic.size(), magic) != 0)
    return corrupt("text reader bytes: missing 'HEMUREADER' header (not a reader, or truncated)");
  size_t eol = bytes.find('\n', magic.size());
  if (eol == std::string::npos || eol - magic.size() > 200) return corrupt("text reader bytes: header line cut off");
  std::istringstream header(bytes.substr(magic.size(), eol - magic.size()));
  int version = 0, classes = 0;
  TextReaderConfig config;
  std::string field;
  int seen = 0;
  while (header >> field) {
    size_t eq = field.find('=');
    if (eq == std::string::npos) return corrupt("text reader bytes: bad header field '" + field + "'");
    std::string key = field.substr(0, eq);
    int value = std::atoi(field.c_str() + eq + 1);
    if (key == "version") version = value, ++seen;
    else if (key == "height") config.height = value, ++seen;
    else if (key == "max_width") config.max_width = value, ++seen;
    else if (key == "channels") config.channels = value, ++seen;
    else if (key == "sequence_layers") config.sequence_layers = value, ++seen;
    else if (key == "substeps") config.substeps = value, ++seen;
    else if (key == "classes") classes = value, ++seen;
  }
  if (version != kFormatVersion)
    return corrupt("text reader bytes: format version " + std::to_string(version) + ", expected " +
                   std::to_string(kFormatVersion));
  if (seen != 7 || config.substeps < 1 || config.substeps > 4 || classes != int(reader_charset().size()) || config.height < 16 || config.height % 8 != 0 ||
      config.height > 256 || config.max_width < kReaderStride || config.channels < 4 || config.channels % 4 != 0 ||
      config.channels > 1024 || config.sequence_layers < 0 || config.sequence_layers > 8)
    return corrupt("text reader bytes: bad config header '" + header.str() + "'");
  auto reader = create(config, /*seed=*/0);
  // module_from_bytes also checks every tensor's shape against the header's architecture.
  Status status = module_from_bytes(*reader->impl_->model, bytes.substr(eol + 1), "text reader");
  if (!status.ok()) return status;
  reader->impl_->model->eval();
  return reader;
}

std::vector<std::string> TextReader::read_images(const std::vector<ReaderImage>& images) {
  std::vector<std::string> out(images.size());
  std::vector<const ReaderImage*> batch;
  std::vector<size_t> where;
  for (size_t i = 0; i < images.size(); ++i) {
    if (images[i].width == 0) continue;  // empty rect: no text
    batch.push_back(&images[i]);
    where.push_back(i);
  }
  if (batch.empty()) return out;
  torch::InferenceMode inference;
  impl_->model->eval();
  if (!impl_->channels_last) {
    to_channels_last(*impl_->model);
    impl_->channels_last = true;
  }
  // Crops widths vary 10x on a screen (a button vs a table row): padding all to the widest would
  // multiply the work. Sorted by width, they go in groups whose padding wastes at most ~25 %.
  std::vector<size_t> order(batch.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return batch[a]->width < batch[b]->width; });
  for (size_t begin = 0; begin < order.size();) {
    size_t end = begin + 1;
    int64_t used = batch[order[begin]]->width;
    while (end < order.size()) {
      int64_t w = batch[order[end]]->width;  // the widest so far (sorted)
      if (w * int64_t(end + 1 - begin) > (used + w) * 5 / 4 + 64) break;
      // Large batches spill the caches (a 17 x 640 batch was ~20 % slower per column than 4 x 640).
      if (w * int64_t(end + 1 - begin) > kMaxBatchColumns) break;
      used += w, ++end;
    }
    std::vector<const ReaderImage*> group;
    for (size_t k = begin; k < end; ++k) group.push_back(batch[order[k]]);
    ReaderBatch input = make_reader_batch(group, impl_->config.height, impl_->config.substeps, /*width_multiple=*/32);
    torch::Tensor logits = reader_forward_inference(*impl_, input.images);
    std::vector<std::string> texts = decode_reader_logits(logits, input.lengths);
    for (size_t k = begin; k < end; ++k) out[where[order[k]]] = std::move(texts[k - begin]);
    begin = end;
  }
  return out;
}

std::vector<std::string> TextReader::read_batch(const Frame& frame, const std::vector<Rect>& rects) {
  // A long line is read at its own width: squeezing it to max_width (a bound for training batches;
  // the network is convolutional along the line) cost exact readings of long table rows (72 -> 78 %
  // of rows on 60 task screens). Capped for rows across a 5K screen.
  TextReaderConfig run_config = impl_->config;
  run_config.max_width = std::max(run_config.max_width, kRunTimeMaxWidth);
  std::vector<std::string> out(rects.size());
  std::vector<ReaderImage> misses;
  std::vector<size_t> miss_index;
  std::vector<uint64_t> miss_hash;
  // The same crop twice in one call (two classes detected on one box) is read once: (rect index,
  // miss slot) pairs, copied after the read.
  std::vector<std::pair<size_t, size_t>> repeats;
  for (size_t i = 0; i < rects.size(); ++i) {
    Rect r = rects[i].intersect(frame.bounds());
    if (r.empty()) continue;
    uint64_t h = region_hash(frame, r);
    if (auto it = impl_->cache.find(h); it != impl_->cache.end()) {
      out[i] = it->second;
      ++impl_->hits;
      continue;
    }
    if (auto at = std::find(miss_hash.begin(), miss_hash.end(), h); at != miss_hash.end()) {
      repeats.emplace_back(i, size_t(at - miss_hash.begin()));
      ++impl_->hits;
      continue;
    }
    ++impl_->misses;
    misses.push_back(preprocess_crop(frame, r, run_config));
    miss_index.push_back(i);
    miss_hash.push_back(h);
  }
  std::vector<std::string> texts = read_images(misses);
  for (const auto& [i, k] : repeats) out[i] = texts[k];
  for (size_t k = 0; k < texts.size(); ++k) {
    out[miss_index[k]] = texts[k];
    if (impl_->cache.emplace(miss_hash[k], texts[k]).second) {
      impl_->cache_order.push_back(miss_hash[k]);
      while (impl_->cache_order.size() > impl_->config.cache_entries) {
        impl_->cache.erase(impl_->cache_order.front());
        impl_->cache_order.pop_front();
      }
    }
  }
  return out;
}

std::string TextReader::read(const Frame& frame, const Rect& rect) { return read_batch(frame, {rect})[0]; }

int64_t TextReader::parameter_count() const { return hemu::parameter_count(*impl_->model); }
const TextReaderConfig& TextReader::config() const { return impl_->config; }
int64_t TextReader::cache_hits() const { return impl_->hits; }
int64_t TextReader::cache_misses() const { return impl_->misses; }
void TextReader::clear_cache() {
  impl_->folded_valid = false;  // the trainer calls this after changing the weights
  impl_->cache.clear();
  impl_->cache_order.clear();
}

}  // namespace hemu
