// The text reader's network and batching, for TextReader and its trainer. INTERNAL: includes torch
// (~18 s per translation unit); only text_reader.cc and train/reader_training.cc include it.
#pragma once

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/text_reader.h"
#include "policy/torch_util.h"

namespace hemu {

// CRNN without recurrence: a 4-stage CNN turns the (1, H, W) crop into one 2*channels feature per
// 4 input columns, residual 1-D convolutions (dilation 1, 2, ...) mix neighbouring columns, and a
// linear layer gives per-column logits over the charset + CTC blank.
struct CrnnImpl : torch::nn::Module {
  explicit CrnnImpl(const TextReaderConfig& config);
  // images: (B, 1, H, W) float; returns logits (T = substeps * W/4, B, classes).
  torch::Tensor forward(torch::Tensor images);

  torch::nn::Sequential features{nullptr};
  torch::nn::Conv2d collapse{nullptr};  // (C, H/8, 1) kernel: height to 1
  std::vector<torch::nn::Conv1d> sequence;
  torch::nn::Conv1d classifier{nullptr};  // substeps * classes outputs per column
  int substeps = 1;
};
TORCH_MODULE(Crnn);

inline constexpr int kReaderStride = 4;  // input columns per output step

struct TextReader::Impl {
  TextReaderConfig config;
  Crnn model{nullptr};
  // Reading cache: crop hash -> text, with insertion order for eviction.
  std::unordered_map<uint64_t, std::string> cache;
  std::deque<uint64_t> cache_order;
  int64_t hits = 0, misses = 0;
  bool channels_last = false;  // weights converted for fast single-crop inference (MACHINE_NOTES)
  // Inference copy of the CNN's convolutions with batch norm folded in (rebuilt after clear_cache(),
  // which the trainer calls when the weights changed).
  bool folded_valid = false;
  std::vector<torch::Tensor> folded_weight, folded_bias;  // one per conv block of `features`
  // The column head (collapse, sequence, classifier) as matrices for one matmul over every column
  // of a batch: libtorch runs the (H/8, 1) collapse and the 1-D convolutions through slow_conv2d,
  // one small GEMM per crop, which was ~2/3 of the reader's time on a first frame.
  torch::Tensor collapse_weight, collapse_bias;  // (H/8 * C, hidden): input row h * C + c
  // (hidden, 3 * hidden): the taps on x[t - d], x[t], x[t + d] side by side (d: the dilation).
  std::vector<torch::Tensor> sequence_weight, sequence_bias;
  std::vector<int64_t> sequence_dilation;
  torch::Tensor classifier_weight, classifier_bias;  // (hidden, substeps * classes)
};

// CrnnImpl::forward in eval mode through the folded convolutions, channels_last from the first
// pooling on (a 1-channel input leaves the first conv's output planar, where max pooling is ~5x
// slower). Same logits up to float rounding.
torch::Tensor reader_forward_inference(TextReader::Impl& impl, const torch::Tensor& images);

// Pads images (background 0) into one batch. images: (B, 1, H, W_max rounded up to the stride)
// float; lengths: output steps per sample (substeps * W_i / stride, at least 1).
struct ReaderBatch {
  torch::Tensor images;
  torch::Tensor lengths;  // (B,) int64
};
// width_multiple: the batch width is rounded up to it (>= kReaderStride, a multiple of it), so
// batch shapes repeat across frames (oneDNN prepares each new shape once, at a cost).
ReaderBatch make_reader_batch(const std::vector<const ReaderImage*>& images, int height, int substeps,
                              int width_multiple = kReaderStride);

// Class ids (1..) of a normalised text's code points (unknown code points are skipped).
std::vector<int64_t> encode_reader_text(const std::string& text);
// Greedy CTC decoding of logits (T, B, classes) with per-sample lengths.
std::vector<std::string> decode_reader_logits(const torch::Tensor& logits, const torch::Tensor& lengths);

}  // namespace hemu
