#include "policy/element_detector.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <sstream>

#include "image/resize.h"
#include "policy/detector_regions.h"
#include "policy/element_detector_net.h"

namespace hemu {

// ---- network ----

DepthwiseBlockImpl::DepthwiseBlockImpl(int channels, int kernel) {
  depthwise = register_module(
      "depthwise", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, kernel)
                                         .padding(kernel / 2)
                                         .groups(channels)
                                         .bias(false)));
  norm1 = register_module("norm1", torch::nn::BatchNorm2d(channels));
  pointwise = register_module(
      "pointwise", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, /*kernel_size=*/1).bias(false)));
  norm2 = register_module("norm2", torch::nn::BatchNorm2d(channels));
}

torch::Tensor DepthwiseBlockImpl::forward(const torch::Tensor& x) {
  auto y = torch::relu(norm1(depthwise(x)));
  return torch::relu(norm2(pointwise(y)) + x);
}

DownImpl::DownImpl(int in, int out, int factor) {
  conv = register_module(
      "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, factor).stride(factor).bias(false)));
  norm = register_module("norm", torch::nn::BatchNorm2d(out));
}

torch::Tensor DownImpl::forward(const torch::Tensor& x) { return torch::relu(norm(conv(x))); }

DetectorNetImpl::DetectorNetImpl(const DetectorConfig& c) {
  auto lateral = [](int in, int out) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, /*kernel_size=*/1));
  };
  stem = register_module("stem", Down(3, c.channels_4, kDetectorStride));
  down8 = register_module("down8", Down(c.channels_4, c.channels_8, 2));
  enc8 = register_module("enc8", DepthwiseBlock(c.channels_8, 3));
  down16 = register_module("down16", Down(c.channels_8, c.channels_16, 2));
  enc16a = register_module("enc16a", DepthwiseBlock(c.channels_16, 5));
  enc16b = register_module("enc16b", DepthwiseBlock(c.channels_16, 5));
  down32 = register_module("down32", Down(c.channels_16, c.channels_32, 2));
  enc32a = register_module("enc32a", DepthwiseBlock(c.channels_32, 5));
  enc32b = register_module("enc32b", DepthwiseBlock(c.channels_32, 5));
  lateral16 = register_module("lateral16", lateral(c.channels_32, c.channels_16));
  dec16 = register_module("dec16", DepthwiseBlock(c.channels_16, 5));
  const bool light = c.decoder == DetectorDecoder::kLight;
  const int d8 = light ? c.decoder_channels_8 : c.channels_8;  // the stride-8 decoder's width
  if (d8 != c.channels_8) skip8 = register_module("skip8", lateral(c.channels_8, d8));
  lateral8 = register_module("lateral8", lateral(c.channels_16, d8));
  dec8a = register_module("dec8a", DepthwiseBlock(d8, 5));
  dec8b = register_module("dec8b", DepthwiseBlock(d8, 3));
  lateral4 = register_module("lateral4", lateral(d8, c.channels_4));
  // A dense 3x3 at stride 4 costs ~1.7 ms at 960x544 on one core, a depthwise one ~0.2 ms.
  refine4 = register_module("refine4", torch::nn::Conv2d(torch::nn::Conv2dOptions(c.channels_4, c.channels_4, 3)
                                                             .padding(1)
                                                             .groups(light ? c.channels_4 : 1)
                                                             .bias(false)));
  norm4 = register_module("norm4", torch::nn::BatchNorm2d(c.channels_4));
  head = register_module("head", torch::nn::Conv2d(torch::nn::Conv2dOptions(c.channels_4, kDetectorOutputs, 1)));
  torch::NoGradGuard no_grad;
  auto bias = head->bias;
  bias.zero_();
  bias.slice(0, kDetectorHeatChannel, kDetectorHeatChannel + kElementClassCount)
      .fill_(-std::log((1 - kDetectorHeatPrior) / kDetectorHeatPrior));
  // Start boxes at ~2 cells from the centre to each edge (log(2)).
  bias.slice(0, kDetectorBoxChannel, kDetectorBoxChannel + 4).fill_(std::log(2.0));
  head->weight.mul_(0.1);
}

torch::Tensor DetectorNetImpl::forward(const torch::Tensor& x) {
  auto up = [](const torch::Tensor& t) {
    return torch::upsample_nearest2d(t, {t.size(2) * 2, t.size(3) * 2});
  };
  auto f4 = stem(x);                             // (B, c4, H/4, W/4)
  auto f8 = enc8(down8(f4));                     // (B, c8, H/8, W/8)
  auto f16 = enc16b(enc16a(down16(f8)));         // (B, c16, H/16, W/16)
  auto f32 = enc32b(enc32a(down32(f16)));        // (B, c32, H/32, W/32)
  auto p16 = dec16(f16 + up(lateral16(f32)));
  auto s8 = skip8 ? skip8(f8) : f8;                      // (B, d8, H/8, W/8)
  auto p8 = dec8b(dec8a(s8 + up(lateral8(p16))));
  auto p4 = torch::relu(norm4(refine4(torch::relu(f4 + up(lateral4(p8))))));  // (B, c4, H/4, W/4)
  return head(p4);                                // (B, 25, H/4, W/4)
}

// ---- inference network (batch norm folded) ----

namespace {

FoldedConv fold(const torch::nn::Conv2d& conv, const torch::nn::BatchNorm2d* norm) {
  FoldedConv f;
  const auto& o = conv->options;
  f.stride = (*o.stride())[0];
  f.padding = conv->weight.size(2) / 2;  // every convolution here pads k/2 ("same") or has k = stride
  if (f.stride > 1) f.padding = 0;
  f.groups = o.groups();
  if (norm != nullptr) {
    FoldedWeights folded = fold_batch_norm(conv->weight, conv->bias, **norm);
    f.weight = std::move(folded.weight), f.bias = std::move(folded.bias);
  } else {
    f.weight = conv->weight.detach().contiguous(at::MemoryFormat::ChannelsLast);
    f.bias = conv->bias.defined() ? conv->bias.detach().clone() : torch::zeros({conv->weight.size(0)});
  }
  return f;
}

FoldedBlock fold_block(DepthwiseBlockImpl& block) {
  return {fold(block.depthwise, &block.norm1), fold(block.pointwise, &block.norm2)};
}

torch::Tensor conv(const torch::Tensor& x, const FoldedConv& f) {
  return torch::conv2d(x, f.weight, f.bias, f.stride, f.padding, /*dilation=*/1, f.groups);
}

torch::Tensor block(const torch::Tensor& x, const FoldedBlock& b) {
  return conv(conv(x, b.depthwise).relu_(), b.pointwise).add_(x).relu_();
}

torch::Tensor up2(const torch::Tensor& t) { return torch::upsample_nearest2d(t, {t.size(2) * 2, t.size(3) * 2}); }

}  // namespace

FoldedDetectorNet fold_detector_net(DetectorNetImpl& n) {
  torch::NoGradGuard no_grad;
  FoldedDetectorNet f;
  f.stem = fold(n.stem->conv, &n.stem->norm);
  f.down8 = fold(n.down8->conv, &n.down8->norm);
  f.down16 = fold(n.down16->conv, &n.down16->norm);
  f.down32 = fold(n.down32->conv, &n.down32->norm);
  f.enc8 = fold_block(*n.enc8);
  f.enc16a = fold_block(*n.enc16a);
  f.enc16b = fold_block(*n.enc16b);
  f.enc32a = fold_block(*n.enc32a);
  f.enc32b = fold_block(*n.enc32b);
  f.dec16 = fold_block(*n.dec16);
  f.dec8a = fold_block(*n.dec8a);
  f.dec8b = fold_block(*n.dec8b);
  f.lateral16 = fold(n.lateral16, nullptr);
  f.lateral8 = fold(n.lateral8, nullptr);
  f.lateral4 = fold(n.lateral4, nullptr);
  if (n.skip8) f.skip8 = fold(n.skip8, nullptr);
  f.refine4 = fold(n.refine4, &n.norm4);
  f.head = fold(n.head, nullptr);
  return f;
}

torch::Tensor detector_forward_folded(const FoldedDetectorNet& n, const torch::Tensor& x) {
  auto f4 = conv(x, n.stem).relu_();
  auto f8 = block(conv(f4, n.down8).relu_(), n.enc8);
  auto f16 = block(block(conv(f8, n.down16).relu_(), n.enc16a), n.enc16b);
  auto f32 = block(block(conv(f16, n.down32).relu_(), n.enc32a), n.enc32b);
  auto p16 = block(up2(conv(f32, n.lateral16)).add_(f16), n.dec16);
  auto s8 = n.skip8.weight.defined() ? conv(f8, n.skip8) : f8;
  auto p8 = block(block(up2(conv(p16, n.lateral8)).add_(s8), n.dec8a), n.dec8b);
  auto p4 = conv(up2(conv(p8, n.lateral4)).add_(f4).relu_(), n.refine4).relu_();
  return conv(p4, n.head);
}

// ---- helpers ----

Size detector_input_size(Size frame, double ui_scale, const DetectorConfig& config) {
  double scale = std::clamp(std::isfinite(ui_scale) ? ui_scale : 1.0, 1.0, 2.0);
  double f = std::min(1.0, config.model_px_per_ui_px / scale);
  return {std::max(1, int(std::lround(frame.width * f))), std::max(1, int(std::lround(frame.height * f)))};
}

int detector_padded(int size) {
  return (size + kDetectorPadMultiple - 1) / kDetectorPadMultiple * kDetectorPadMultiple;
}

namespace {

// Integer downscale factor from `frame` to `input`, or 0 when the ratio is not an integer.
int integer_factor(Size frame, Size input) {
  const int k = frame.width / std::max(1, input.width);
  if (k < 1 || frame.width != input.width * k || frame.height != input.height * k) return 0;
  return k;
}

// Where a model-input value goes: out[c * channel + y * row + x * pixel].
struct InputLayout {
  size_t channel, row, pixel;
  static InputLayout planar(int padded_w, int padded_h) {
    return {size_t(padded_w) * size_t(padded_h), size_t(padded_w), 1};
  }
  // (1, 3, H, W) in channels_last memory (H, W, 3): what the network reads, no conversion copy.
  static InputLayout interleaved(int padded_w) { return {1, size_t(padded_w) * 3, 3}; }
};

// Box-averages the k x k screen blocks of model pixels `region` (inside the input) into `out`.
// Each model row's sums are written in one pass (k == 2: both screen rows at once), then scaled;
// the pointers are __restrict because a uint8_t pointer may alias anything, which kept the sums in
// memory (a read-modify-write per screen byte). A 1920x1080 fill went from ~5.6 to ~2.6 ms (perf,
// loaded machine; session 7). Same sums, same floats.
void fill_region_integer(const Frame& frame, int k, const Rect& region, const InputLayout& layout, float* out) {
  const float scale = 1.0f / (255.0f * float(k * k));
  const size_t values = size_t(region.width) * 3;  // model-pixel values of one row (RGB)
  std::vector<uint32_t> sums(values);
  for (int y = region.y; y < region.bottom(); ++y) {
    uint32_t* __restrict s = sums.data();
    if (k == 2) {  // the usual case (1920x1080 at UI scale 1): both rows at once, no read-modify-write
      const uint8_t* __restrict p0 = frame.row(2 * y) + size_t(region.x) * 6;
      const uint8_t* __restrict p1 = frame.row(2 * y + 1) + size_t(region.x) * 6;
      for (size_t i = 0; i < values; i += 3, p0 += 6, p1 += 6) {
        s[i] = uint32_t(p0[0]) + p0[3] + p1[0] + p1[3];
        s[i + 1] = uint32_t(p0[1]) + p0[4] + p1[1] + p1[4];
        s[i + 2] = uint32_t(p0[2]) + p0[5] + p1[2] + p1[5];
      }
    } else {
      std::fill(sums.begin(), sums.end(), 0u);
      for (int dy = 0; dy < k; ++dy) {
        const uint8_t* __restrict p = frame.row(y * k + dy) + size_t(region.x) * k * 3;
        for (size_t i = 0; i < values; i += 3) {
          const uint8_t* q = p + size_t(k) * i;
          for (int dx = 0; dx < k; ++dx) {
            s[i] += q[3 * dx];
            s[i + 1] += q[3 * dx + 1];
            s[i + 2] += q[3 * dx + 2];
          }
        }
      }
    }
    float* __restrict row = out + size_t(y) * layout.row;
    if (layout.channel == 1 && layout.pixel == 3) {  // interleaved: one run of RGB floats
      float* __restrict o = row + size_t(region.x) * 3;
      for (size_t i = 0; i < values; ++i) o[i] = float(s[i]) * scale - 0.5f;
    } else {
      for (int c = 0; c < 3; ++c) {
        float* __restrict o = row + size_t(c) * layout.channel;
        for (int x = 0; x < region.width; ++x)
          o[size_t(region.x + x) * layout.pixel] = float(s[size_t(x) * 3 + c]) * scale - 0.5f;
      }
    }
  }
}

// A model-size image into `out`, padding 0 (the input is fully written).
void fill_image(const Frame& image, int padded_w, int padded_h, const InputLayout& layout, float* out) {
  constexpr float kInv = 1.0f / 255.0f;
  for (int y = 0; y < image.height; ++y) {
    const uint8_t* p = image.row(y);
    float* r = out + size_t(y) * layout.row;
    float* g = r + layout.channel;
    float* b = g + layout.channel;
    for (int x = 0; x < image.width; ++x) {
      const size_t at = size_t(x) * layout.pixel;
      r[at] = p[3 * x] * kInv - 0.5f;
      g[at] = p[3 * x + 1] * kInv - 0.5f;
      b[at] = p[3 * x + 2] * kInv - 0.5f;
    }
  }
}

// Zeroes the padding (right of `input.width`, below `input.height`) of a padded input.
void zero_padding(Size input, int padded_w, int padded_h, const InputLayout& layout, float* out) {
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < padded_h; ++y)
      for (int x = (y < input.height ? input.width : 0); x < padded_w; ++x)
        out[size_t(c) * layout.channel + size_t(y) * layout.row + size_t(x) * layout.pixel] = 0.0f;
}

// detector_fill_input_scaled for any layout.
void fill_input_scaled(const Frame& frame, Size input, int padded_w, int padded_h, const InputLayout& layout,
                       float* out) {
  zero_padding(input, padded_w, padded_h, layout, out);
  const int k = integer_factor(frame.size(), input);
  if (k == 0) {
    fill_image(input == frame.size() ? frame : downscale_area(frame, input.width, input.height), padded_w, padded_h,
               layout, out);
    return;
  }
  fill_region_integer(frame, k, Rect{0, 0, input.width, input.height}, layout, out);
}

}  // namespace

void detector_fill_input(const Frame& image, int padded_w, int padded_h, float* out) {
  std::memset(out, 0, sizeof(float) * size_t(padded_w) * padded_h * 3);
  fill_image(image, padded_w, padded_h, InputLayout::planar(padded_w, padded_h), out);
}

void detector_fill_input_scaled(const Frame& frame, Size input, int padded_w, int padded_h, float* out) {
  fill_input_scaled(frame, input, padded_w, padded_h, InputLayout::planar(padded_w, padded_h), out);
}

std::vector<Rect> detector_changed_regions(const Frame& frame, const uint8_t* previous, int tile, int gap,
                                           int max_tiles) {
  const int tw = (frame.width + tile - 1) / tile, th = (frame.height + tile - 1) / tile;
  const size_t row_bytes = size_t(frame.width) * 3;
  std::vector<uint8_t> dirty(size_t(tw) * th, 0);
  int count = 0;
  for (int y = 0; y < frame.height; ++y) {
    const uint8_t* a = frame.row(y);
    const uint8_t* b = previous + row_bytes * size_t(y);
    if (std::memcmp(a, b, row_bytes) == 0) continue;
    uint8_t* d = dirty.data() + size_t(y / tile) * tw;
    for (int tx = 0; tx < tw; ++tx) {
      if (d[tx]) continue;
      const size_t x0 = size_t(tx) * tile * 3, n = std::min(row_bytes, x0 + size_t(tile) * 3) - x0;
      if (std::memcmp(a + x0, b + x0, n) != 0) {
        d[tx] = 1;
        if (++count > max_tiles) return {frame.bounds()};
      }
    }
  }
  // Group dirty tiles: tiles up to `gap` apart are one region.
  std::vector<Rect> regions;
  for (const Rect& box : group_marked_tiles(dirty, tw, th, gap))
    regions.push_back(Rect{box.x * tile, box.y * tile, box.width * tile, box.height * tile}.intersect(frame.bounds()));
  return regions;
}

namespace {

float iou(const ModelBox& a, const ModelBox& b) {
  float w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  float h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  if (w <= 0 || h <= 0) return 0;
  float inter = w * h;
  float area_a = (a.x1 - a.x0) * (a.y1 - a.y0), area_b = (b.x1 - b.x0) * (b.y1 - b.y0);
  return inter / (area_a + area_b - inter);
}

}  // namespace

std::vector<ModelBox> detector_decode(const torch::Tensor& outputs, int valid_w, int valid_h,
                                      const DetectorConfig& config) {
  // outputs: (25, h, w) float, any strides -> (h, w, 25) contiguous
  torch::Tensor cells = outputs.to(torch::kFloat32).permute({1, 2, 0}).contiguous();
  return detector_decode_cells(cells.data_ptr<float>(), int(cells.size(0)), int(cells.size(1)), valid_w, valid_h,
                               config);
}

std::vector<ModelBox> detector_decode_cells(const float* data, int h, int w, int valid_w, int valid_h,
                                            const DetectorConfig& config) {
  auto at_cell = [&](int c, int y, int x) { return data[(size_t(y) * w + x) * kDetectorOutputs + c]; };
  const int cells_w = std::min(w, (valid_w + kDetectorStride - 1) / kDetectorStride);
  const int cells_h = std::min(h, (valid_h + kDetectorStride - 1) / kDetectorStride);
  const double threshold = std::clamp(config.score_threshold, 1e-6, 1 - 1e-6);
  const float logit_threshold = float(std::log(threshold / (1 - threshold)));
  std::vector<ModelBox> boxes;
  for (int y = 0; y < cells_h; ++y) {
    for (int x = 0; x < cells_w; ++x) {
      const float* cell = data + (size_t(y) * w + x) * kDetectorOutputs;
      for (int c = 0; c < kElementClassCount; ++c) {
        const int hc = kDetectorHeatChannel + c;
        float v = cell[hc];
        if (v <= logit_threshold) continue;
        bool peak = true;  // 3x3 local maximum (ties: the first cell in raster order wins)
        for (int dy = -1; dy <= 1 && peak; ++dy) {
          for (int dx = -1; dx <= 1; ++dx) {
            int yy = y + dy, xx = x + dx;
            if ((dy == 0 && dx == 0) || yy < 0 || xx < 0 || yy >= cells_h || xx >= cells_w) continue;
            float n = at_cell(hc, yy, xx);
            if (n > v || (n == v && (dy < 0 || (dy == 0 && dx < 0)))) {
              peak = false;
              break;
            }
          }
        }
        if (!peak) continue;
        auto dist = [&](int k) { return std::exp(at_cell(kDetectorBoxChannel + k, y, x)) * kDetectorStride; };
        float cx = (x + 0.5f) * kDetectorStride, cy = (y + 0.5f) * kDetectorStride;
        ModelBox b;
        b.element_class = static_cast<ElementClass>(c);
        b.x0 = std::max(0.0f, cx - dist(0));
        b.y0 = std::max(0.0f, cy - dist(1));
        b.x1 = std::min(float(valid_w), cx + dist(2));
        b.y1 = std::min(float(valid_h), cy + dist(3));
        b.score = 1.0f / (1.0f + std::exp(-v));
        b.checked = at_cell(kDetectorStateChannel + 0, y, x) > 0;
        b.selected = at_cell(kDetectorStateChannel + 1, y, x) > 0;
        b.focused = at_cell(kDetectorStateChannel + 2, y, x) > 0;
        if (b.x1 > b.x0 && b.y1 > b.y0) boxes.push_back(b);
      }
    }
  }
  std::stable_sort(boxes.begin(), boxes.end(), [](const ModelBox& a, const ModelBox& b) { return a.score > b.score; });
  // Greedy same-class NMS: a wide element may show two peaks along its long side.
  std::vector<ModelBox> kept;
  for (const auto& b : boxes) {
    bool suppressed = false;
    for (const auto& k : kept) {
      if (k.element_class == b.element_class && iou(k, b) > config.nms_iou) {
        suppressed = true;
        break;
      }
    }
    if (suppressed) continue;
    kept.push_back(b);
    if (int(kept.size()) >= config.max_elements) break;
  }
  return kept;
}

// ---- ElementDetector ----

namespace {

constexpr char kMagic[] = "HEMUDET\n";
constexpr size_t kMagicSize = 8;
// Version 1: kDense, 8 config keys (sessions 2-5). Version 2: any decoder, 10 keys. A kDense
// detector is still written as version 1, so files of older builds round-trip byte for byte.
constexpr uint32_t kDetectorFormatDense = 1;
constexpr uint32_t kDetectorFormatVersion = 2;

std::unique_ptr<ElementDetector::Impl> make_impl(const DetectorConfig& config) {
  auto impl = std::make_unique<ElementDetector::Impl>();
  impl->config = config;
  impl->net = DetectorNet(config);
  return impl;
}

std::string config_to_text(const DetectorConfig& c) {
  std::ostringstream out;
  out.precision(17);
  out << "channels_4=" << c.channels_4 << "\nchannels_8=" << c.channels_8 << "\nchannels_16=" << c.channels_16
      << "\nchannels_32=" << c.channels_32 << "\nmodel_px_per_ui_px=" << c.model_px_per_ui_px
      << "\nscore_threshold=" << c.score_threshold << "\nnms_iou=" << c.nms_iou
      << "\nmax_elements=" << c.max_elements << "\n";
  if (c.decoder != DetectorDecoder::kDense)
    out << "decoder=" << int(c.decoder) << "\ndecoder_channels_8=" << c.decoder_channels_8 << "\n";
  return out.str();
}

// `version`: the format version the text came with (1: the 8 keys of a kDense detector; 2: those
// and the decoder keys).
Result<DetectorConfig> config_from_text(const std::string& text, uint32_t version) {
  DetectorConfig c;
  std::istringstream in(text);
  std::string line;
  int seen = 0;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) return corrupt("detector config: line without '=': '" + line + "'");
    std::string key = line.substr(0, eq);
    double v = 0;
    try {
      size_t used = 0;
      v = std::stod(line.substr(eq + 1), &used);
      if (used != line.size() - eq - 1) throw std::invalid_argument("trailing characters");
    } catch (const std::exception&) {
      return corrupt("detector config: bad number in '" + line + "'");
    }
    auto channels = [&](int& field) -> Status {
      if (v < 1 || v > 4096 || v != std::floor(v)) return corrupt("detector config: " + key + " out of range");
      field = int(v);
      return Status();
    };
    if (key == "channels_4") HEMU_RETURN_IF_ERROR(channels(c.channels_4));
    else if (key == "channels_8") HEMU_RETURN_IF_ERROR(channels(c.channels_8));
    else if (key == "channels_16") HEMU_RETURN_IF_ERROR(channels(c.channels_16));
    else if (key == "channels_32") HEMU_RETURN_IF_ERROR(channels(c.channels_32));
    else if (key == "max_elements") HEMU_RETURN_IF_ERROR(channels(c.max_elements));
    else if (key == "decoder_channels_8" && version >= 2) HEMU_RETURN_IF_ERROR(channels(c.decoder_channels_8));
    else if (key == "decoder" && version >= 2) {
      if (v != int(DetectorDecoder::kDense) && v != int(DetectorDecoder::kLight))
        return corrupt("detector config: unknown decoder " + line.substr(eq + 1) + " (1 dense, 2 light)");
      c.decoder = static_cast<DetectorDecoder>(int(v));
    }
    else if (key == "model_px_per_ui_px") c.model_px_per_ui_px = v;
    else if (key == "score_threshold") c.score_threshold = v;
    else if (key == "nms_iou") c.nms_iou = v;
    else return corrupt("detector config: unknown key '" + key + "'");
    ++seen;
  }
  const int expected = version == kDetectorFormatDense ? 8 : 10;
  if (seen != expected)
    return corrupt("detector config: expected " + std::to_string(expected) + " keys, found " + std::to_string(seen));
  if (version != kDetectorFormatDense && c.decoder == DetectorDecoder::kDense)
    return corrupt("detector config: format version 2 with the dense decoder (written as version 1)");
  if (!(c.model_px_per_ui_px > 0.05 && c.model_px_per_ui_px <= 2))
    return corrupt("detector config: model_px_per_ui_px out of range");
  return c;
}

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xff));
}

uint32_t get_u32(const std::string& in, size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t(uint8_t(in[at + size_t(i)])) << (8 * i);
  return v;
}

}  // namespace

ElementDetector::ElementDetector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ElementDetector::~ElementDetector() = default;

std::unique_ptr<ElementDetector> ElementDetector::create(const DetectorConfig& config, uint64_t seed) {
  torch::manual_seed(seed);
  auto impl = make_impl(config);
  to_channels_last(*impl->net);
  return std::unique_ptr<ElementDetector>(new ElementDetector(std::move(impl)));
}

Result<std::unique_ptr<ElementDetector>> ElementDetector::from_bytes(const std::string& bytes) {
  if (bytes.size() < kMagicSize + 8 || bytes.compare(0, kMagicSize, kMagic) != 0)
    return corrupt("detector bytes: missing 'HEMUDET' header (not a detector, or truncated)");
  uint32_t version = get_u32(bytes, kMagicSize);
  if (version != kDetectorFormatDense && version != kDetectorFormatVersion)
    return corrupt("detector bytes: format version " + std::to_string(version) + ", this build reads " +
                   std::to_string(kDetectorFormatDense) + " and " + std::to_string(kDetectorFormatVersion));
  uint32_t config_size = get_u32(bytes, kMagicSize + 4);
  size_t config_at = kMagicSize + 8;
  if (config_size > bytes.size() - config_at) return corrupt("detector bytes: truncated config");
  auto config = config_from_text(bytes.substr(config_at, config_size), version);
  if (!config.ok()) return config.status();
  auto impl = make_impl(*config);
  HEMU_RETURN_IF_ERROR(module_from_bytes(*impl->net, bytes.substr(config_at + config_size), "detector weights"));
  to_channels_last(*impl->net);
  return std::unique_ptr<ElementDetector>(new ElementDetector(std::move(impl)));
}

std::string ElementDetector::to_bytes() const {
  std::string config = config_to_text(impl_->config);
  std::string out(kMagic, kMagicSize);
  put_u32(out, impl_->config.decoder == DetectorDecoder::kDense ? kDetectorFormatDense : kDetectorFormatVersion);
  put_u32(out, uint32_t(config.size()));
  out += config;
  out += module_to_bytes(*impl_->net);
  return out;
}

const DetectorConfig& ElementDetector::config() const { return impl_->config; }

int ElementDetector::copy_matching_weights(const ElementDetector& donor) {
  torch::NoGradGuard no_grad;
  auto from_params = donor.impl_->net->named_parameters();
  auto from_buffers = donor.impl_->net->named_buffers();
  int copied = 0;
  auto copy = [&](torch::OrderedDict<std::string, torch::Tensor>& to, torch::OrderedDict<std::string, torch::Tensor>& from) {
    for (auto& item : to) {
      const torch::Tensor* source = from.find(item.key());
      if (source == nullptr || !source->sizes().equals(item.value().sizes())) continue;
      item.value().copy_(*source);
      ++copied;
    }
  };
  auto to_params = impl_->net->named_parameters();
  auto to_buffers = impl_->net->named_buffers();
  copy(to_params, from_params);
  copy(to_buffers, from_buffers);
  impl_->cache_valid = false;
  impl_->folded_valid = false;
  return copied;
}

namespace {

// The light decoder with `channels_8` channels at stride 8 (encoder and decoder) and twice that at
// stride 16; the rest as the dense detector.
DetectorConfig light_decoder_config(int channels_8) {
  DetectorConfig c;
  c.channels_8 = channels_8;
  c.channels_16 = 2 * channels_8;
  c.decoder = DetectorDecoder::kLight;
  c.decoder_channels_8 = channels_8;
  return c;
}

}  // namespace

DetectorConfig light_detector_config() { return light_decoder_config(32); }

DetectorConfig mid_detector_config() { return light_decoder_config(48); }

void ElementDetector::set_decoding(double score_threshold, double nms_iou) {
  impl_->config.score_threshold = score_threshold;
  impl_->config.nms_iou = nms_iou;
  impl_->cache_valid = false;
  impl_->folded_valid = false;  // the trainer calls this after changing the weights
}

void ElementDetector::clear_cache() { impl_->cache_valid = false; }

void ElementDetector::set_incremental(bool on) { impl_->incremental = on; }
void ElementDetector::set_content_regions(bool on) { impl_->content_regions = on; }
int64_t ElementDetector::content_runs() const { return impl_->content_runs; }
const DetectStats& ElementDetector::last_stats() const { return impl_->stats; }
int64_t ElementDetector::incremental_runs() const { return impl_->incremental_runs; }

int64_t ElementDetector::parameter_count() const { return hemu::parameter_count(*impl_->net); }
int64_t ElementDetector::cache_hits() const { return impl_->cache_hits; }
int64_t ElementDetector::network_runs() const { return impl_->network_runs; }

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Screen px -> model px for an integer factor k (rounded out).
Rect to_model(const Rect& r, int k) {
  return {r.x / k, r.y / k, (r.right() + k - 1) / k - r.x / k, (r.bottom() + k - 1) / k - r.y / k};
}

// An output map (h, w, 25) that says "nothing here": heat logits far below any threshold, states
// off. What a full pass gives on flat areas, as far as decoding can tell.
torch::Tensor empty_output_map(int64_t h, int64_t w) {
  torch::Tensor map = torch::zeros({h, w, int64_t(kDetectorOutputs)});
  using torch::indexing::Slice;
  map.index({Slice(), Slice(), Slice(kDetectorHeatChannel, kDetectorHeatChannel + kElementClassCount)}).fill_(-30.0f);
  map.index({Slice(), Slice(), Slice(kDetectorStateChannel, kDetectorStateChannel + kDetectorStateCount)})
      .fill_(-30.0f);
  return map;
}

}  // namespace

std::vector<UiElement> ElementDetector::detect(const Frame& frame, double ui_scale) {
  Impl& m = *impl_;
  m.stats = DetectStats{};
  if (frame.width <= 0 || frame.height <= 0) return {};
  const auto t_start = Clock::now();
  const size_t row_bytes = size_t(frame.width) * 3;
  const Size in = detector_input_size(frame.size(), ui_scale, m.config);
  const int pw = detector_padded(in.width), ph = detector_padded(in.height);
  m.stats.padded_pixels = int64_t(pw) * ph;
  const bool comparable =
      m.cache_valid && m.cache_width == frame.width && m.cache_height == frame.height && m.cache_scale == ui_scale;
  // Integer ratios only can be cropped (the usual 2x, 3x, 4x); other ratios run full passes.
  const int k = integer_factor(frame.size(), in);
  // Where the network must run, as crops (model px): where the frame changed (a frame like the
  // cached one), or where it is not flat (a first frame, a new size, or a new screen: a change too
  // large to patch). Unchanged: the cached result. Busy screens run a full pass.
  std::vector<Rect> changed;  // screen px
  std::vector<DetectorPatch> patches;
  bool full = true, first_regions = false;
  const bool crops_allowed = m.incremental && k > 0;
  const double padded_pixels = double(m.stats.padded_pixels);
  if (comparable) {
    const int tile = 16;
    const int tiles = ((frame.width + tile - 1) / tile) * ((frame.height + tile - 1) / tile);
    const int max_tiles = crops_allowed ? int(tiles * kDetectorIncrementalMaxShare) : 0;
    changed = detector_changed_regions(frame, m.cache_pixels.data(), tile, /*gap=*/2, max_tiles);
    if (changed.empty()) {
      m.stats.diff_ms = ms_since(t_start);
      ++m.cache_hits;
      m.stats.mode = DetectStats::kCacheHit;
      return m.cache_result;
    }
    if (crops_allowed && !(changed.size() == 1 && changed[0] == frame.bounds())) {
      patches = detector_patches(changed, k, Size{pw, ph}, kDetectorInnerMargin, kDetectorContextMargin,
                                 kDetectorStride, kDetectorPadMultiple);
      full = double(detector_patch_pixels(patches)) > kDetectorIncrementalMaxShare * padded_pixels;
    }
  }
  if (full && crops_allowed && m.content_regions) {
    ContentRegionOptions options;
    options.tile_px = kDetectorContentTile * k;
    options.max_share = kDetectorContentMaxShare;
    changed = content_regions(frame, options);
    if (!(changed.size() == 1 && changed[0] == frame.bounds())) {
      patches = detector_patches(changed, k, Size{pw, ph}, kDetectorContentInnerMargin, kDetectorContextMargin,
                                 kDetectorStride, kDetectorPadMultiple);
      first_regions = double(detector_patch_pixels(patches)) <= kDetectorContentMaxShare * padded_pixels;
      full = !first_regions;
    }
  }
  // Rounded after the choice of crops or a full pass, which stays as before: the rounding adds up
  // to ~20 % to a window's crop (58 -> 60 % of the pixels on the content-screens test's first
  // frames) and halves the kernels built over `hemu bench policy` (529 -> 288).
  if (!full) round_patch_contexts(patches, kDetectorCropMultiple, Size{pw, ph});
  m.stats.diff_ms = ms_since(t_start);
  ++m.network_runs;
  torch::InferenceMode inference;
  if (!m.folded_valid) {
    m.net->eval();
    m.folded = fold_detector_net(*m.net);
    m.folded_valid = true;
  }
  const auto t_net = Clock::now();
  if (!full) {
    const int64_t pixels = detector_patch_pixels(patches);
    if (first_regions) {
      // A fresh input buffer is filled over the crops only (the rest is never read until a later
      // frame's crop fills it: cache_input_complete); a fresh output map says "nothing" outside them.
      if (!m.cache_input.defined() || m.cache_input.size(2) != ph || m.cache_input.size(3) != pw)
        m.cache_input = torch::empty({1, 3, ph, pw}, torch::TensorOptions(torch::kFloat32).memory_format(
                                                         at::MemoryFormat::ChannelsLast));
      zero_padding(in, pw, ph, InputLayout::interleaved(pw), m.cache_input.data_ptr<float>());
      m.cache_output = empty_output_map(ph / kDetectorStride, pw / kDetectorStride);
      m.cache_input_size = in;
      m.cache_input_complete = false;
    }
    // The changed pixels, or (input filled over earlier crops only) each crop's whole context.
    float* input = m.cache_input.data_ptr<float>();
    const Rect valid{0, 0, in.width, in.height};
    if (m.cache_input_complete) {
      for (const Rect& r : changed)
        fill_region_integer(frame, k, to_model(r, k).intersect(valid), InputLayout::interleaved(pw), input);
    } else {
      for (const DetectorPatch& p : patches)
        fill_region_integer(frame, k, p.context.intersect(valid), InputLayout::interleaved(pw), input);
    }
    using torch::indexing::Slice;
    float* cells = m.cache_output.data_ptr<float>();
    const int cw = pw / kDetectorStride;
    for (const DetectorPatch& p : patches) {
      auto x = m.cache_input.index({Slice(), Slice(), Slice(p.context.y, p.context.bottom()),
                                    Slice(p.context.x, p.context.right())});
      auto y = detector_forward_folded(m.folded, x.contiguous(at::MemoryFormat::ChannelsLast));  // (1, 25, h, w)
      auto out = y[0].permute({1, 2, 0}).contiguous();  // (h, w, 25)
      const float* o = out.data_ptr<float>();
      const int ow = int(out.size(1));
      const int cx0 = (p.inner.x - p.context.x) / kDetectorStride, cy0 = (p.inner.y - p.context.y) / kDetectorStride;
      const int n = p.inner.width / kDetectorStride;
      for (int cy = 0; cy < p.inner.height / kDetectorStride; ++cy) {
        std::memcpy(cells + ((size_t(p.inner.y / kDetectorStride + cy) * cw) + p.inner.x / kDetectorStride) *
                                kDetectorOutputs,
                    o + (size_t(cy0 + cy) * ow + cx0) * kDetectorOutputs, sizeof(float) * n * kDetectorOutputs);
      }
    }
    m.stats.mode = first_regions ? DetectStats::kContent : DetectStats::kIncremental;
    m.stats.regions = int(patches.size());
    m.stats.network_pixels = pixels;
    ++(first_regions ? m.content_runs : m.incremental_runs);
  }
  if (full) {
    // (1, 3, H, W) normalised, channels_last memory; the buffer is reused while the size holds
    // (a fresh 6 MB buffer per frame costs page faults).
    if (!m.cache_input.defined() || m.cache_input.size(2) != ph || m.cache_input.size(3) != pw)
      m.cache_input = torch::empty({1, 3, ph, pw}, torch::TensorOptions(torch::kFloat32).memory_format(
                                                       at::MemoryFormat::ChannelsLast));
    fill_input_scaled(frame, in, pw, ph, InputLayout::interleaved(pw), m.cache_input.data_ptr<float>());
    auto y = detector_forward_folded(m.folded, m.cache_input);
    m.cache_output = y[0].permute({1, 2, 0}).contiguous();  // (H/4, W/4, 25)
    m.cache_input_size = in;
    m.cache_input_complete = true;
    m.stats.mode = DetectStats::kFull;
    m.stats.network_pixels = int64_t(pw) * ph;
  }
  m.stats.network_ms = ms_since(t_net);
  const auto t_decode = Clock::now();
  auto boxes = detector_decode_cells(m.cache_output.data_ptr<float>(), int(m.cache_output.size(0)),
                                     int(m.cache_output.size(1)), in.width, in.height, m.config);
  const double sx = double(frame.width) / in.width, sy = double(frame.height) / in.height;
  std::vector<UiElement> result;
  result.reserve(boxes.size());
  for (const auto& b : boxes) {
    UiElement e;
    e.element_class = b.element_class;
    int x0 = std::clamp(int(std::lround(b.x0 * sx)), 0, frame.width);
    int y0 = std::clamp(int(std::lround(b.y0 * sy)), 0, frame.height);
    int x1 = std::clamp(int(std::lround(b.x1 * sx)), 0, frame.width);
    int y1 = std::clamp(int(std::lround(b.y1 * sy)), 0, frame.height);
    if (x1 <= x0 || y1 <= y0) continue;
    e.rect = {x0, y0, x1 - x0, y1 - y0};
    e.checked = b.checked;
    e.selected = b.selected;
    e.focused = b.focused;
    e.score = b.score;
    result.push_back(std::move(e));
  }
  m.stats.decode_ms = ms_since(t_decode);
  m.cache_valid = true;
  if (m.stats.mode == DetectStats::kIncremental) {  // only the changed regions differ
    for (const Rect& r : changed)
      for (int y = r.y; y < r.bottom(); ++y)
        std::memcpy(m.cache_pixels.data() + row_bytes * size_t(y) + size_t(r.x) * 3, frame.row(y) + size_t(r.x) * 3,
                    size_t(r.width) * 3);
  } else {
    m.cache_pixels.resize(row_bytes * size_t(frame.height));
    for (int y = 0; y < frame.height; ++y)
      std::memcpy(m.cache_pixels.data() + row_bytes * size_t(y), frame.row(y), row_bytes);
  }
  m.cache_width = frame.width;
  m.cache_height = frame.height;
  m.cache_scale = ui_scale;
  m.cache_result = result;
  return result;
}

}  // namespace hemu
