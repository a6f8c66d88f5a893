// ElementDetector: screen pixels -> UI elements (class, box, checked/selected/focused), the policy's
// "global view" (docs/brain.md, part 1). No widget tree at run time: pixels and the UI scale only.
//
// Model: a small fully-convolutional CenterNet-style network. The frame is area-downscaled so one
// logical UI pixel becomes `model_px_per_ui_px` model pixels (default 0.5: factor 1/(2*ui_scale)),
// padded to a multiple of 32, and mapped to stride-4 outputs: per-class centre heatmaps, distances
// from each cell to the box's four edges, and three state logits. Peaks (3x3 max) above
// `score_threshold` become elements; same-class boxes overlapping by IoU > `nms_iou` are merged.
//
// detect() caches its last frame, model input and raw output map:
//  - an unchanged frame (same pixels, size and ui_scale) returns the last result without running
//    the network;
//  - a frame that differs from the last one in small regions only (found by comparing pixels with
//    the cached frame, so it works whether or not Frame::damage is filled) is detected
//    incrementally: the network runs on each changed region plus a context margin
//    (kDetectorContextMargin model px, aligned to the stride-32 grid so the crop's cells line up
//    with a full pass), its outputs replace the cached output map over the changed region plus
//    kDetectorInnerMargin, and the whole map is decoded again. Elements away from the change keep
//    exactly their previous boxes (the reader's crop cache then answers for them). Outputs near the
//    change can differ slightly from a full pass (the network's receptive field is larger than the
//    margin); elements far from it whose full-pass output would change through that wide field
//    keep their cached values;
//  - a first frame (or a new size or scale) with flat areas runs the network over its content
//    regions only (policy/detector_regions.h: the bounding boxes of the non-flat tiles' groups, the
//    same crops and margins as above); the output map says "nothing" elsewhere. Outputs inside the
//    regions can differ slightly from a full pass, as above; a busy screen (no flat part worth
//    skipping) runs a full pass;
//  - anything else (non-integer scaling ratios, large changes) runs a full pass.
// Inference uses a copy of the weights with batch norm folded into the convolutions (rebuilt after
// set_decoding(), which the trainer calls when it has changed the weights).
// Torch stays out of this header (pimpl; torch headers cost ~18 s per translation unit).
// Not thread-safe: one ElementDetector per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/status.h"
#include "core/ui_element.h"

namespace hemu {

// The top-down path from stride 8 to the stride-4 outputs (docs/brain.md, "Session 6").
//  - kDense (sessions 2-5, format version 1): the stride-8 decoder at channels_8 on the encoder's
//    stride-8 features, a dense 3x3 refine at stride 4. ~14 ms of the 960x544 forward on one core.
//  - kLight (format version 2): the stride-8 decoder at decoder_channels_8 (the encoder's stride-8
//    features enter through a 1x1 projection when the widths differ), a depthwise 3x3 refine at
//    stride 4. The encoder has the same layers (widths from channels_8 / channels_16): a narrower
//    kLight detector can start from a dense one's weights (train/detector_training.h,
//    prune_detector).
enum class DetectorDecoder { kDense = 1, kLight = 2 };

struct DetectorConfig {
  // Architecture (stored with the weights; changing it needs retraining).
  int channels_4 = 16;    // channels at stride 4 (the output resolution)
  int channels_8 = 64;    // stride 8 (encoder; also the decoder for kDense)
  int channels_16 = 96;   // stride 16
  int channels_32 = 128;  // stride 32
  DetectorDecoder decoder = DetectorDecoder::kDense;
  int decoder_channels_8 = 32;  // kLight only: the stride-8 decoder's width
  // Input scaling: model pixels per logical UI pixel (screen px / ui_scale).
  double model_px_per_ui_px = 0.5;
  // Decoding (may be changed after training).
  double score_threshold = 0.3;
  double nms_iou = 0.6;
  int max_elements = 1000;
};

// The session-6 detector: 32 channels at stride 8 (encoder and decoder), 64 at stride 16, the light
// decoder; about half the dense detector's forward time at 960x544 on one core.
DetectorConfig light_detector_config();
// The session-7 detector: the light decoder at 48 channels at stride 8 (encoder and decoder), the
// dense detector's 96 at stride 16. Between dense and light in cost; pruned from the dense detector
// it keeps 3/4 of the stride-8 channels and every stride-16 one.
DetectorConfig mid_detector_config();

inline constexpr int kDetectorStride = 4;      // model pixels per output cell
inline constexpr int kDetectorPadMultiple = 32;  // model input is padded to this
// Incremental detection (see above), in model pixels: outputs are replaced over the changed region
// grown by the inner margin; the network sees that region grown by the context margin.
inline constexpr int kDetectorInnerMargin = 8;
inline constexpr int kDetectorContextMargin = 64;
// Crops (incremental and content alike) are grown to a multiple of this many model px per side, so
// that crops come in a few sizes: oneDNN builds its kernels per input shape (~1.7 ms per new crop
// size over the detector's layers; round_patch_contexts in policy/detector_regions.h).
inline constexpr int kDetectorCropMultiple = 64;
// Above this share of the padded model input, the incremental crops cost about a full pass: run one.
inline constexpr double kDetectorIncrementalMaxShare = 0.45;
// A first frame (or a new size) over the content only (policy/detector_regions.h): tiles of this
// many model px are tested for flatness (half the stride-32 grid: boxes within 16 model px of the
// content, few tiles to group); the content regions already include one tile of margin, so no inner
// margin is added.
inline constexpr int kDetectorContentTile = 16;
inline constexpr int kDetectorContentInnerMargin = 0;
// Above this share of non-flat tiles, or of crop pixels, a first frame runs a full pass. Crops over
// 52 % of a 1920x1080 input cost ~75 % of a full pass's detector CPU (each crop has a fixed cost
// and its own padding), so near 70 % they would save nothing. Higher than the incremental share,
// which also pays for comparing frames.
inline constexpr double kDetectorContentMaxShare = 0.7;

// What the last detect() call did.
struct DetectStats {
  // kContent: a first frame (or a new size) run over its non-flat regions only.
  enum Mode { kNone, kCacheHit, kIncremental, kContent, kFull } mode = kNone;
  int regions = 0;               // crops the network ran on (incremental, content)
  int64_t network_pixels = 0;    // model-input pixels the network ran on
  int64_t padded_pixels = 0;     // model-input pixels of a full pass
  double diff_ms = 0;            // comparing with the cached frame, finding content regions
  double network_ms = 0;         // input fill + network
  double decode_ms = 0;          // output map -> elements
};

// The model-input size for a frame: frame size * model_px_per_ui_px / ui_scale, rounded, at least
// 1x1. ui_scale outside [1, 2] is clamped.
Size detector_input_size(Size frame, double ui_scale, const DetectorConfig& config);

class ElementDetector {
 public:
  // A detector with random weights (deterministic for a seed).
  static std::unique_ptr<ElementDetector> create(const DetectorConfig& config, uint64_t seed);
  // Config + weights from to_bytes(); kCorrupt on anything else (garbage, truncation, wrong version).
  static Result<std::unique_ptr<ElementDetector>> from_bytes(const std::string& bytes);
  // "HEMUDET" magic, format version, config, torch-serialised weights. Stored as the "detector"
  // part of a model checkpoint. Version 1 (kDense, 8 config keys) is written byte for byte as before
  // session 6; version 2 adds the decoder keys (kLight). Both are read.
  std::string to_bytes() const;
  // Copies every parameter and batch-norm buffer of `donor` whose name and shape match one of this
  // detector's (e.g. the encoder of a kDense detector into a kLight one); returns how many tensors
  // were copied. For initialising a new architecture before training.
  int copy_matching_weights(const ElementDetector& donor);

  // Every element on the frame: class, rect (screen px, inside the frame), states, score (sorted by
  // score, highest first). Text is left empty (the text reader fills it). ui_scale is what the
  // Screen reports (1..2).
  std::vector<UiElement> detect(const Frame& frame, double ui_scale);

  const DetectorConfig& config() const;
  // Decoding knobs only (threshold, NMS, max elements); clears the cache.
  void set_decoding(double score_threshold, double nms_iou);
  // Forgets the last frame: the next detect() runs as on a first frame (for benchmarks).
  void clear_cache();
  int64_t parameter_count() const;
  // Calls of detect() answered from the cache, and calls that ran the network (full or incremental).
  int64_t cache_hits() const;
  int64_t network_runs() const;
  int64_t incremental_runs() const;  // the part of network_runs() that were incremental
  int64_t content_runs() const;      // the part of network_runs() over content regions only
  // Incremental detection on (default) or off (every changed frame gets a full pass; this also
  // turns off content regions).
  void set_incremental(bool on);
  // First frames over their content regions only (default on), or full passes.
  void set_content_regions(bool on);
  const DetectStats& last_stats() const;

  ~ElementDetector();

  // INTERNAL (policy/element_detector_net.h): the network, for the trainer.
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  explicit ElementDetector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hemu
