// Training and evaluation of the ElementDetector on frames of the embedded desktop, labelled from its
// widget tree (sim/element_labels.h; training only).
//
// Data are generated on the fly and deterministic given the seed (training takes `crop`-sized crops
// of them, most centred on a label of a rare class, see DetectorTrainOptions): a random task, seed, screen size
// (mostly the task's native size, sometimes larger), UI scale (1, 1.5, 2) and font set; the expert
// plays a random number of steps first so open popups, dialogs, filled fields and selected rows
// appear. Labels are made "what you see": an element of a lower window (or under an open popup) that
// is covered is cut back to its uncovered side when the cover spans it, and dropped when more than
// kCoveredDropFraction of it stays covered (see visible_element_labels). A cut label says only the
// text left in sight (the table cells, a window title only when drawn in sight) and is dropped
// when none is.
//
// Not thread-safe; uses torch's intra-op threads (options.threads).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/ui_element.h"
#include "policy/element_detector.h"
#include "train/train_progress.h"

namespace hemu {

class Desktop;

struct DetectorTrainOptions {
  double minutes = 6;          // time budget (ignored if steps > 0)
  int64_t steps = 0;           // > 0: a fixed number of optimiser steps instead of a time budget
  uint64_t seed = 1;
  int batch = 16;              // crops per step (whole frames: the measured 8-min runs used 4)
  std::string optimizer = "adamw";  // adamw | lion
  double learning_rate = 0;         // 0: 8e-3 for AdamW, 8e-4 for Lion
  int threads = 1;
  std::vector<std::string> tasks;   // empty = all
  bool held_out_fonts = false;      // train on the held-out font families (normally false)
  double large_screen_fraction = 0.15;  // frames larger than the task's native size
  // Random crops (model px, square, a multiple of 32) of the model-size frames instead of whole
  // frames; 0 = whole frames. The net is fully convolutional: crops train the same weights at a
  // fraction of the cost, and centring them on rare classes balances the classes.
  int crop = 192;
  int crops_per_frame = 2;         // crops taken from each generated frame
  double balanced_fraction = 0.7;  // crops centred on a label picked with weight 1/(its class's count so far)
  double warmup_fraction = 0.03;    // linear learning-rate warm-up, fraction of the run
  // After training: re-estimate batch-norm statistics on this many whole frames (crops are denser
  // than whole screens); 0 = off.
  int norm_recalibration_frames = 0;
  // Web pages rendered by `hemu web render` (docs/web_pages.md): this share of the training frames
  // comes from the pages in `web_pages_dir` instead of the embedded desktop (crops and class balancing
  // as for desktop frames). "" or 0 = desktop frames only (and the same frames as before for a seed).
  std::string web_pages_dir;
  double web_share = 0;
  std::function<void(const TrainProgress&)> progress;
  double progress_every_s = 5;
};

struct DetectorTrainReport {
  int64_t steps = 0;
  int64_t samples = 0;
  double seconds = 0;
  double data_seconds = 0;   // part of `seconds` spent generating frames and targets
  double first_loss = 0;     // mean of the first 10 steps
  double final_loss = 0;     // mean of the last 10 steps
};

struct DetectorClassStats {
  int64_t true_positives = 0, false_positives = 0, false_negatives = 0;
  double precision() const;
  double recall() const;
  double f1() const;
};

struct DetectorEvalReport {
  int frames = 0;
  std::array<DetectorClassStats, kElementClassCount> per_class{};
  DetectorClassStats overall;      // all classes
  DetectorClassStats interactive;  // all but kText and kWindowTitle
  // State accuracy on matched elements where the state means something: checked on checkbox/radio,
  // selected on row/tab/menu item, focused on every class.
  int64_t checked_total = 0, checked_correct = 0;
  int64_t selected_total = 0, selected_correct = 0;
  int64_t focused_total = 0, focused_correct = 0;
  double ms_per_frame = 0;  // mean detect() wall time (cache off)
  std::string to_text() const;  // a table, one class per line
};

Result<DetectorTrainReport> train_detector(ElementDetector& detector, const DetectorTrainOptions& options);

// Re-estimates the batch-norm running statistics (cumulative average) on `frames` whole training
// frames (options: seed, tasks, fonts, screen sizes). No weight changes. Deterministic.
Status recalibrate_detector_norms(ElementDetector& detector, const DetectorTrainOptions& options, int frames);

// Changes detections after detect() and before scoring (e.g. a state reader re-reading checked
// states from the frame's pixels); not timed.
using DetectionRefiner = std::function<void(const Frame& frame, std::vector<UiElement>& found)>;

// A narrower detector started from a trained dense one (docs/brain.md, "Session 6"): `config` may
// have fewer channels at stride 8 and stride 16 than `donor` (same channels_4, channels_32 and input
// scale; the light decoder at the stride-8 width). Per stride, the donor's channels are ranked by
// mean |activation| on `frames` whole 1280x800 frames of the embedded desktop (task and seed drawn
// from `seed`) times the norm of the next layers' weights on them; the top ones are kept in every
// layer of that stride (encoder, laterals and decoder blocks share one index set, as the decoder adds
// into the encoder's channels). The depthwise stride-4 refine starts from the dense one's diagonal.
// Decoding knobs come from the donor. kInvalidArgument for shapes that cannot be pruned to.
Result<std::unique_ptr<ElementDetector>> prune_detector(ElementDetector& donor, const DetectorConfig& config,
                                                        int frames, uint64_t seed);

// Runs detect() on `frames` generated frames (seeds disjoint from training: offset by 1,000,000) and
// matches detections to visible labels: same class, IoU >= 0.5, greedy by score.
DetectorEvalReport evaluate_detector(ElementDetector& detector, const std::vector<std::string>& tasks,
                                     bool held_out_fonts, int frames, uint64_t seed,
                                     const DetectionRefiner& refine = {});

// The same measures on web pages rendered by `hemu web render` (every page of `dir`, at most
// `max_pages` when > 0), labelled from their DOM. kNotFound / kCorrupt for a missing or bad page set.
Result<DetectorEvalReport> evaluate_detector_web(ElementDetector& detector, const std::string& dir, int max_pages,
                                                 const DetectionRefiner& refine = {});

// Fraction of an element that may stay covered by a later window or popup before it is dropped.
inline constexpr double kCoveredDropFraction = 0.3;

// The desktop's element labels as they can be seen: covered parts handled as described above.
std::vector<UiElement> visible_element_labels(const Desktop& desktop);

// True for the classes counted as interactive (all but kText and kWindowTitle).
bool is_interactive_class(ElementClass c);

}  // namespace hemu
