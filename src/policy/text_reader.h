// TextReader: the policy's text reader (docs/brain.md, part 2). Turns the pixels inside one UI
// element rectangle (button, field, row, tab, label...) into its text with a small CRNN + CTC
// recogniser trained from scratch on text we render ourselves (train/reader_training.h).
//
// What it reads: one line of text per element. Table rows come out with their cells separated by
// a single space, and every run of whitespace is one space (the training targets are normalised the
// same way: see normalize_reader_text). Password bullets read as U+2022. "" when there is no text.
//
// Preprocessing (preprocess_crop): grey levels -> "ink" = |grey - background| / contrast, where
// background is the crop's most common grey, so dark-on-light, light-on-dark and coloured text all
// look alike; outer rows and columns that are nearly all ink are peeled off (the window around a
// plate the box overhangs, e.g. a primary button in the accent colour), the crop is then tightened
// vertically to the rows that hold ink (ignoring a 2-pixel border ring, where frames and focus
// rings live) and scaled to `height` pixels, keeping the aspect ratio, width capped at `max_width`.
//
// Readings are cached by a hash of the crop's pixels, so unchanged elements are never re-read.
// Thread-safety: none; one TextReader per thread (reads mutate the cache).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/geometry.h"
#include "core/status.h"

namespace hemu {

struct TextReaderConfig {
  int height = 16;          // model input height (pixels): 12 px UI text is ~16-18 px tightened,
                            // so 16 keeps its detail with a quarter of the pixels of 32
  int max_width = 640;      // wider crops are squeezed horizontally to this width
  int channels = 48;        // width of the widest conv layer; the others scale from it
  int sequence_layers = 2;  // 1-D conv layers over the column sequence (context between letters)
  int substeps = 2;         // CTC output steps per feature column (kReaderStride input columns):
                            // 2 gives one step per 2 input columns, room for doubled letters
  size_t cache_entries = 4096;  // readings kept (least recently inserted evicted first)
};

// A preprocessed crop: (height, width) floats in [0, 1], 0 = background, row-major.
struct ReaderImage {
  int width = 0;
  int height = 0;
  std::vector<float> ink;
};

// The crop of `rect` (clipped to the frame) as the model sees it. An empty rect gives width 0.
ReaderImage preprocess_crop(const Frame& frame, const Rect& rect, const TextReaderConfig& config);

// Training targets and readings share this form: " | " cell joins and whitespace runs become one
// space, leading/trailing spaces dropped; characters outside reader_charset() are dropped.
std::string normalize_reader_text(const std::string& text);

// The characters the reader can emit (UTF-8 code points), in output-class order (class 0 = CTC blank).
const std::vector<std::string>& reader_charset();

// Character error count between two UTF-8 strings (Levenshtein distance over code points).
int reader_edit_distance(const std::string& a, const std::string& b);

class TextReader {
 public:
  // An untrained reader (weights drawn from `seed`).
  static std::unique_ptr<TextReader> create(const TextReaderConfig& config, uint64_t seed);
  // From to_bytes() output; kCorrupt on garbage, truncation or a config/weights mismatch.
  static Result<std::unique_ptr<TextReader>> from_bytes(const std::string& bytes);
  // Config + weights, to be stored as the "reader" part of a model checkpoint.
  std::string to_bytes() const;

  // Text of the element in `rect` (screen pixels) of `frame`; "" when there is none.
  std::string read(const Frame& frame, const Rect& rect);
  // The same for many rects: cache misses are read in one forward pass.
  std::vector<std::string> read_batch(const Frame& frame, const std::vector<Rect>& rects);
  // Readings of already preprocessed crops (no cache): one forward pass.
  std::vector<std::string> read_images(const std::vector<ReaderImage>& images);

  int64_t parameter_count() const;
  const TextReaderConfig& config() const;
  int64_t cache_hits() const;
  int64_t cache_misses() const;
  void clear_cache();

  ~TextReader();
  TextReader(const TextReader&) = delete;
  TextReader& operator=(const TextReader&) = delete;

  struct Impl;  // policy/text_reader_model.h (torch), for the trainer
  Impl& impl() { return *impl_; }

 private:
  explicit TextReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hemu
