// Training and evaluation of the state reader (policy/state_reader.h: is a checkbox or radio
// button ticked?) on glyphs we render ourselves.
//
// Samples are generated on the fly, deterministic given the seed:
//  (a) the embedded desktop: a random task that shows checkboxes or radio buttons, at a training
//      seed (>= kFirstTrainingSeed), a random UI scale and theme, stepped by the expert 0-6 steps;
//      then every checkbox is flipped with probability 1/2 and every radio button selected with
//      probability 1/3 (so ticked and empty glyphs are about equally common and appear in every
//      theme), rendered, and each visible checkbox / radio label gives one sample;
//  (b) web pages rendered by `hemu web render` (docs/web_pages.md): their checkbox / radio labels
//      with the DOM's checked state, when `web_share` > 0.
// Each sample's box is moved by up to 15 % of its height and its height scaled by 0.85-1.2 first, as
// the detector's boxes are, so the reader learns to find the glyph inside a box that is a little off.
// Training uses the training font families; evaluation uses held-out seeds (< kFirstTrainingSeed)
// and can use held-out fonts. Thread-safety: none.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/ui_element.h"
#include "policy/state_reader.h"
#include "train/train_progress.h"

namespace hemu {

struct StateTrainOptions {
  double minutes = 3;     // wall-clock budget (ends early when max_steps is reached)
  int64_t max_steps = 0;  // 0: time-bounded only
  uint64_t seed = 1;
  int batch = 64;
  std::string optimizer = "adamw";  // adamw | lion
  double learning_rate = 0;         // 0: 3e-3 for AdamW, 3e-4 for Lion
  int threads = 1;
  std::string web_pages_dir;  // "" or web_share 0: desktop glyphs only
  double web_share = 0;
  std::function<void(const TrainProgress&)> progress;
  int progress_every = 20;
};

struct StateTrainReport {
  int64_t steps = 0;
  int64_t samples = 0;
  double first_loss = 0;  // mean binary cross-entropy of the first 10 steps
  double final_loss = 0;  // of the last 10 steps
  double seconds = 0;
};

Result<StateTrainReport> train_state_reader(StateReader& reader, const StateTrainOptions& options);

struct StateEvalReport {
  int64_t total = 0, correct = 0;
  int64_t checked_total = 0, checked_correct = 0;  // of the ticked glyphs
  double accuracy() const { return total > 0 ? double(correct) / double(total) : 0.0; }
  std::string to_text() const;
};

// Accuracy on the glyphs of `frames` desktop screens (tasks with checkboxes or radios, held-out
// seeds, boxes moved as in training); `held_out_fonts` draws the text in unseen families.
StateEvalReport evaluate_state_reader(StateReader& reader, bool held_out_fonts, int frames, uint64_t seed);
// The same on every checkbox / radio label of the web pages in `dir` (kNotFound / kCorrupt for a
// missing or bad page set).
Result<StateEvalReport> evaluate_state_reader_web(StateReader& reader, const std::string& dir, uint64_t seed);

// The registered tasks whose first screen shows a checkbox or radio button (the state reader's
// desktop data), training tasks only unless `include_held_out`.
std::vector<std::string> tasks_with_state_glyphs(bool include_held_out);

}  // namespace hemu
