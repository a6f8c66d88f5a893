// The element detector's network and its tensor layout. INTERNAL: includes torch; only
// element_detector.cc and the trainer (train/detector_training.cc) include it.
//
// Input  x: (B, 3, H, W) float, RGB / 255 - 0.5, H and W multiples of kDetectorPadMultiple, zero
//           (= mid-gray) padding right and bottom.
// Output y: (B, kDetectorOutputs, H/4, W/4) raw (pre-activation):
//   [0, 18)  centre heatmap logits, one per ElementClass (sigmoid -> score)
//   [18, 22) log(distance / kDetectorStride) from the cell centre to the box's left, top, right,
//            bottom edges, in model pixels
//   [22, 25) state logits: checked, selected, focused
#pragma once

#include <cstdint>
#include <vector>

#include "policy/element_detector.h"
#include "policy/torch_util.h"

namespace hemu {

inline constexpr int kDetectorHeatChannel = 0;
inline constexpr int kDetectorBoxChannel = kElementClassCount;       // 18
inline constexpr int kDetectorStateChannel = kDetectorBoxChannel + 4;  // 22
inline constexpr int kDetectorStateCount = 3;                         // checked, selected, focused
inline constexpr int kDetectorOutputs = kDetectorStateChannel + kDetectorStateCount;  // 25
// Heatmap prior at initialisation (focal-loss practice: sigmoid(bias) = 0.1 - rare positives).
inline constexpr double kDetectorHeatPrior = 0.1;

// Depthwise-separable residual block: dw kxk -> BN -> ReLU -> 1x1 -> BN -> + x -> ReLU.
struct DepthwiseBlockImpl : torch::nn::Module {
  DepthwiseBlockImpl(int channels, int kernel);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv2d depthwise{nullptr}, pointwise{nullptr};
  torch::nn::BatchNorm2d norm1{nullptr}, norm2{nullptr};
};
TORCH_MODULE(DepthwiseBlock);

// A down-sampling conv (kernel = stride = factor) -> BN -> ReLU.
struct DownImpl : torch::nn::Module {
  DownImpl(int in, int out, int factor);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d norm{nullptr};
};
TORCH_MODULE(Down);

// Encoder to stride 32, top-down path back to stride 4 (nearest upsampling + 1x1 lateral + add).
// DetectorConfig::decoder picks the stride-8 and stride-4 part of the top-down path (kDense: as
// below; kLight: skip8 projects the encoder's stride-8 features to decoder_channels_8 when the widths
// differ, dec8a/dec8b run at that width, refine4 is depthwise).
// Most blocks run at stride 8 and coarser: at stride 4 (the output grid) there is only the stem,
// one dense 3x3 conv and the head, because each op there costs ~1 ms at 1920x1080 on one core
// (measured with libtorch 1.13/oneDNN: a depthwise block at stride 4 cost ~10 ms, a 4x4 stem with 24
// output channels ~11 ms against ~1 ms with 16 or 32: keep stride-4 channels at 16 or 32).
struct DetectorNetImpl : torch::nn::Module {
  explicit DetectorNetImpl(const DetectorConfig& config);
  torch::Tensor forward(const torch::Tensor& x);

  Down stem{nullptr}, down8{nullptr}, down16{nullptr}, down32{nullptr};
  DepthwiseBlock enc8{nullptr}, enc16a{nullptr}, enc16b{nullptr}, enc32a{nullptr}, enc32b{nullptr};
  torch::nn::Conv2d lateral16{nullptr}, lateral8{nullptr}, lateral4{nullptr};
  torch::nn::Conv2d skip8{nullptr};  // kLight with decoder_channels_8 != channels_8 only
  DepthwiseBlock dec16{nullptr}, dec8a{nullptr}, dec8b{nullptr};
  torch::nn::Conv2d refine4{nullptr}, head{nullptr};
  torch::nn::BatchNorm2d norm4{nullptr};
};
TORCH_MODULE(DetectorNet);

// The network for inference: each convolution with its batch norm folded in (weight * gamma /
// sqrt(var + eps), bias beta - mean * gamma / sqrt(var + eps)), channels_last weights. Same outputs
// as DetectorNet in eval mode up to float rounding, fewer passes over memory.
struct FoldedConv {
  torch::Tensor weight, bias;
  int64_t stride = 1, padding = 0, groups = 1;
};
struct FoldedBlock {
  FoldedConv depthwise, pointwise;
};
struct FoldedDetectorNet {
  FoldedConv stem, down8, down16, down32;
  FoldedBlock enc8, enc16a, enc16b, enc32a, enc32b, dec16, dec8a, dec8b;
  FoldedConv lateral16, lateral8, lateral4, refine4, head;
  FoldedConv skip8;  // weight undefined: the identity
};
FoldedDetectorNet fold_detector_net(DetectorNetImpl& net);
// x: (B, 3, H, W) channels_last, H and W multiples of kDetectorPadMultiple -> (B, 25, H/4, W/4).
torch::Tensor detector_forward_folded(const FoldedDetectorNet& net, const torch::Tensor& x);

struct ElementDetector::Impl {
  DetectorConfig config;
  DetectorNet net{nullptr};
  bool folded_valid = false;
  FoldedDetectorNet folded;
  bool incremental = true;
  bool content_regions = true;
  // Cache of the last detect() call.
  bool cache_valid = false;
  std::vector<uint8_t> cache_pixels;  // the last frame, rows packed (width * 3 bytes each)
  int cache_width = 0, cache_height = 0;
  double cache_scale = 0;
  std::vector<UiElement> cache_result;
  torch::Tensor cache_input;   // (1, 3, padded_h, padded_w) float, channels_last memory, normalised
  bool cache_input_complete = false;  // false after a content pass: filled over its crops only
  torch::Tensor cache_output;  // (padded_h / 4, padded_w / 4, 25) float, contiguous
  Size cache_input_size;       // detector_input_size of the cached frame
  int64_t cache_hits = 0, network_runs = 0, incremental_runs = 0, content_runs = 0;
  DetectStats stats;
};

// Regions (screen px) where `frame` differs from `previous` (rows packed, frame.width * 3 bytes
// each, same size): the frame is cut into `tile` x `tile` tiles, changed tiles closer than `gap`
// tiles are grouped, and each group's bounding box (clipped to the frame) is one region. Sorted
// top to bottom. Stops early and returns {frame.bounds()} once more than `max_tiles` tiles changed.
std::vector<Rect> detector_changed_regions(const Frame& frame, const uint8_t* previous, int tile, int gap,
                                           int max_tiles);

// Rounds up to a multiple of kDetectorPadMultiple.
int detector_padded(int size);

// Writes `image` (already at model size) into `out` (3, padded_h, padded_w) float, channel-planar,
// normalised; padding is 0. `out` must hold 3 * padded_h * padded_w floats.
void detector_fill_input(const Frame& image, int padded_w, int padded_h, float* out);

// The same from a full-size frame, area-downscaled to `input` (detector_input_size). Integer
// ratios (the usual 2x, 3x, 4x) are box-averaged straight into `out` (~1 ms at 1920x1080, against
// ~8 ms for downscale_area + fill); other ratios go through downscale_area.
void detector_fill_input_scaled(const Frame& frame, Size input, int padded_w, int padded_h, float* out);

// Peaks -> elements in model pixels (rect in model px), for one image. `outputs`: (25, h, w) raw.
// Only cells inside `valid_w` x `valid_h` model pixels are decoded; boxes are clipped to it.
struct ModelBox {
  ElementClass element_class;
  float x0, y0, x1, y1;  // model pixels
  float score;
  bool checked, selected, focused;
};
std::vector<ModelBox> detector_decode(const torch::Tensor& outputs, int valid_w, int valid_h,
                                      const DetectorConfig& config);
// The same from a cell-major map: `cells` is (h, w, 25) contiguous.
std::vector<ModelBox> detector_decode_cells(const float* cells, int h, int w, int valid_w, int valid_h,
                                            const DetectorConfig& config);

}  // namespace hemu
