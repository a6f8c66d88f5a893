// Training and evaluation of the text reader (policy/text_reader.h) on text we render ourselves.
//
// Samples are generated on the fly, deterministically from a seed, never stored in bulk:
//  (a) element crops of the embedded desktop: a random task (the never-trained tasks of
//      docs/brain.md excluded) at a random seed, UI scale and theme, stepped by the expert a random
//      number of steps, rendered; each text-bearing element of element_labels() gives one
//      (crop, normalised text) pair. Rows' " | " cell joins become one space
//      (normalize_reader_text); password fields are read as bullets (U+2022); text areas, sliders
//      and password fields showing a placeholder are left out (their label is not the drawn text),
//      and so are labels too long for their box (drawn elided or scrolled) and elements another
//      window or an open popup overlaps.
//  (b) synthetic lines: random words, names, e-mails, numbers, dates, prices, codes and random
//      character strings drawn with the training font families at 9-30 px in theme colour pairs,
//      in a box with random padding and an optional frame, so the reader learns letters, not the
//      sim's vocabulary.
// Training uses the training font families only; held-out families (EnvConfig::held_out_fonts)
// are for evaluation. Thread-safety: none; one run per thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "policy/text_reader.h"
#include "train/train_progress.h"

namespace hemu {

struct ReaderTrainOptions {
  double minutes = 5;            // wall-clock budget (ends early when max_steps is reached)
  int64_t max_steps = 0;         // 0: time-bounded only
  uint64_t seed = 1;
  int batch = 32;
  std::string optimizer = "adamw";  // adamw | lion
  double learning_rate = 0;      // 0: 2e-3 for AdamW, 3e-4 for Lion
  double weight_decay = 0.01;
  double synthetic_fraction = 0.5;  // share of synthetic lines in each batch; the rest are element crops
  int threads = 1;
  // Web pages rendered by `hemu web render` (docs/web_pages.md): this share of all samples are crops
  // of their readable labelled elements. "" or 0 = none (and the same samples as before for a seed).
  std::string web_pages_dir;
  double web_share = 0;
  // Element crops are cut from the labelled box with each side moved by up to this fraction of the
  // box's height (outwards more often than inwards), as the detector's boxes are at run time: its
  // boxes cut first letters and take in neighbouring marks that labelled boxes never show. 0 = the
  // labelled box (and the same samples as before for a seed).
  double box_jitter = 0;
  std::function<void(const TrainProgress&)> progress;  // called every `progress_every` steps
  int progress_every = 20;
};

struct ReaderTrainReport {
  int64_t steps = 0;
  int64_t samples = 0;
  double first_loss = 0;   // mean CTC loss of the first 10 steps
  double final_loss = 0;   // mean CTC loss of the last 10 steps
  double samples_per_s = 0;
  double seconds = 0;
};

// Trains `reader` in place; kInvalidArgument for bad options (unknown optimiser, batch < 1).
Result<ReaderTrainReport> train_reader(TextReader& reader, const ReaderTrainOptions& options);

struct ReaderEvalReport {
  int samples = 0;
  double char_accuracy = 0;  // 1 - (edit distance summed) / (target characters summed)
  double exact_match = 0;    // share of crops read exactly (after normalisation)
  double ms_per_crop = 0;    // preprocessing + one forward pass per crop, batch of 1
  std::vector<std::string> examples;  // a few misreadings: "target -> reading"
};

// Reads `samples` element crops of desktop tasks (evaluation seeds, disjoint from training) in the
// training or held-out font families, one crop at a time (no cache). `box_jitter` > 0 moves each box's
// sides as a detector's may be off (see ReaderTrainOptions::box_jitter); 0 reads the labelled boxes.
ReaderEvalReport evaluate_reader(TextReader& reader, bool held_out_fonts, int samples, uint64_t seed,
                                 double box_jitter = 0);

// One element crop with its target, as used by evaluation and the Tesseract bench.
struct ReaderCrop {
  Frame frame;        // the crop's pixels (RGB)
  std::string text;   // normalised target
  std::string element_class;
};

// `count` element crops for evaluation (same generator as evaluate_reader).
std::vector<ReaderCrop> make_reader_eval_crops(bool held_out_fonts, int count, uint64_t seed, double box_jitter = 0);

// Reads `crops` one at a time (no cache) and scores them as evaluate_reader does.
ReaderEvalReport evaluate_reader_crops(TextReader& reader, const std::vector<ReaderCrop>& crops);

// Up to `count` crops of the readable labelled elements of the web pages in `dir` (docs/web_pages.md):
// pages in a seed-determined order, at most 8 crops each. kNotFound / kCorrupt for a bad page set.
Result<std::vector<ReaderCrop>> make_web_reader_crops(const std::string& dir, int count, uint64_t seed,
                                                      double box_jitter = 0);

// A stream of training samples (internal to training, exposed for tests and inspection).
class ReaderSampleStream {
 public:
  ReaderSampleStream(const TextReaderConfig& config, uint64_t seed, double synthetic_fraction, bool held_out_fonts = false);
  ~ReaderSampleStream();
  struct Sample {
    ReaderImage image;
    std::string text;
    bool synthetic = false;
  };
  Sample next();
  // From now on, `share` of the samples are crops of the web pages in `dir`.
  Status add_web_pages(const std::string& dir, double share);
  // Element crops (desktop and web) from now on come from boxes moved as a detector's may be.
  void set_box_jitter(double amount);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hemu
