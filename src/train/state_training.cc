#include "train/state_training.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <sstream>

#include "core/clock.h"
#include "core/rng.h"
#include "policy/state_reader_model.h"
#include "sim/controls.h"
#include "sim/task.h"
#include "sim/task_env.h"
#include "sim/window.h"
#include "train/decision_training.h"
#include "train/detector_training.h"
#include "train/optimizer.h"
#include "train/task_split.h"
#include "web/web_pages.h"

namespace hemu {

namespace {

struct Glyph {
  std::vector<float> crop;
  bool checked = false;
};

// The element box moved and resized as a detector's box may be: up to ~15 % of its height.
Rect jitter_box(Rng& rng, const Rect& r) {
  const double h = r.height;
  const double scale = rng.uniform(0.85, 1.2);
  const int height = std::max(4, int(std::lround(h * scale)));
  const int x = r.x + int(std::lround(rng.uniform(-0.15, 0.15) * h));
  const int y = r.y + int(std::lround(rng.uniform(-0.12, 0.12) * h)) - (height - r.height) / 2;
  const int width = std::max(4, r.width + int(std::lround(rng.uniform(-0.15, 0.15) * h)));
  return {x, y, width, height};
}

void add_glyph(Rng* rng, const Frame& frame, const UiElement& label, int size, std::vector<Glyph>& out) {
  if (!state_reader_reads(label.element_class) || label.rect.height < 6) return;
  const Rect box = rng != nullptr ? jitter_box(*rng, label.rect) : label.rect;
  const Rect glyph = state_glyph_rect(box, frame.bounds());
  if (glyph.width < 4 || glyph.height < 4) return;
  out.push_back({preprocess_state_crop(frame, glyph, size), label.checked});
}

void visit_widgets(Widget* w, const std::function<void(Widget*)>& fn) {
  fn(w);
  for (const auto& child : w->children()) visit_widgets(child.get(), fn);
}

// Flips checkboxes (1/2) and selects radio buttons (1/3) at random, so both states are common.
void shuffle_states(Rng& rng, Desktop& desktop) {
  for (const auto& window : desktop.windows()) {
    if (!window->visible) continue;
    visit_widgets(window.get(), [&](Widget* w) {
      if (w->kind() == WidgetKind::kCheckbox && rng.chance(0.5)) {
        auto* box = static_cast<Checkbox*>(w);
        box->set_checked(!box->checked());
      } else if (w->kind() == WidgetKind::kRadio && rng.chance(1.0 / 3)) {
        static_cast<Radio*>(w)->select();
      }
    });
  }
}

// One desktop screen's glyphs (jittered when `rng_jitter`), from `config`.
void desktop_glyphs(Rng& rng, const EnvConfig& config, bool shuffle, bool jitter, int size, std::vector<Glyph>& out) {
  auto env = TaskEnv::create(config);
  if (!env.ok()) return;
  const int steps = rng.uniform_int(0, 6);
  for (int i = 0; i < steps && !(*env)->done(); ++i) {
    const Action a = (*env)->expert_action();
    if (a.type == ActionType::kDone) break;
    (void)(*env)->step(a);
  }
  if (shuffle) shuffle_states(rng, (*env)->desktop());
  Frame frame;
  (*env)->render(frame);
  for (const UiElement& label : visible_element_labels((*env)->desktop()))
    add_glyph(jitter ? &rng : nullptr, frame, label, size, out);
}

EnvConfig random_env(Rng& rng, const std::vector<std::string>& tasks, uint64_t seed_base, bool held_out_fonts) {
  static const double kScales[] = {1.0, 1.0, 1.25, 1.5, 2.0};
  EnvConfig config;
  config.task = rng.pick(tasks);
  config.seed = seed_base + uint64_t(rng.uniform_int(0, 999'999));
  config.scale = kScales[rng.uniform_int(0, 4)];
  config.held_out_fonts = held_out_fonts;
  return config;
}

// Training glyphs: desktop screens and (with web_share) web pages, drawn a screen at a time into a
// pool that batches take random glyphs from (so one batch mixes many screens).
class GlyphStream {
 public:
  GlyphStream(const StateTrainOptions& options, int size)
      : rng_(options.seed), size_(size), tasks_(tasks_with_state_glyphs(false)), web_share_(options.web_share) {}

  Status add_web_pages(const std::string& dir) {
    auto names = list_web_pages(dir);
    if (!names.ok()) return names.status().with_context("state reader web data");
    if (names->empty()) return not_found("state reader web data: no pages in " + dir);
    web_dir_ = dir;
    web_pages_ = std::move(*names);
    return Status();
  }

  Result<Glyph> next() {
    for (int attempts = 0; pool_.size() < 48; ++attempts) {
      if (attempts > 200) return internal_error("state reader data: no glyphs found on 200 screens");
      if (!web_pages_.empty() && rng_.chance(web_share_)) {
        auto page = read_web_page(web_dir_, rng_.pick(web_pages_));
        if (!page.ok()) return page.status().with_context("state reader web data");
        for (const WebLabel& l : page->labels.labels) add_glyph(&rng_, page->frame, l.element, size_, pool_);
      } else {
        desktop_glyphs(rng_, random_env(rng_, tasks_, kFirstTrainingSeed, false), true, true, size_, pool_);
      }
    }
    const size_t i = size_t(rng_.uniform_int(0, int(pool_.size()) - 1));
    Glyph g = std::move(pool_[i]);
    pool_[i] = std::move(pool_.back());
    pool_.pop_back();
    return g;
  }

 private:
  Rng rng_;
  int size_;
  std::vector<std::string> tasks_;
  double web_share_;
  std::string web_dir_;
  std::vector<std::string> web_pages_;
  std::vector<Glyph> pool_;
};

void score(StateReader& reader, const std::vector<Glyph>& glyphs, StateEvalReport& report) {
  std::vector<std::vector<float>> crops;
  for (const Glyph& g : glyphs) crops.push_back(g.crop);
  const std::vector<float> p = reader.checked_probabilities(crops);
  for (size_t i = 0; i < glyphs.size(); ++i) {
    const bool right = (p[i] >= 0.5f) == glyphs[i].checked;
    ++report.total;
    report.correct += right;
    if (glyphs[i].checked) ++report.checked_total, report.checked_correct += right;
  }
}

}  // namespace

std::vector<std::string> tasks_with_state_glyphs(bool include_held_out) {
  std::vector<std::string> out;
  for (const std::string& name : task_names()) {
    if (!include_held_out && is_held_out_task(name)) continue;
    EnvConfig config;
    config.task = name;
    config.seed = kFirstTrainingSeed;
    auto env = TaskEnv::create(config);
    if (!env.ok()) continue;
    for (const UiElement& l : visible_element_labels((*env)->desktop())) {
      if (state_reader_reads(l.element_class)) {
        out.push_back(name);
        break;
      }
    }
  }
  return out;
}

Result<StateTrainReport> train_state_reader(StateReader& reader, const StateTrainOptions& options) {
  if (options.batch < 1) return invalid_argument("state reader training: batch " + std::to_string(options.batch) + " < 1");
  if (options.minutes <= 0 && options.max_steps <= 0)
    return invalid_argument("state reader training: give a time budget (minutes > 0) or max_steps");
  set_torch_threads(std::max(1, options.threads));
  StateReader::Impl& impl = reader.impl();
  StateNet& model = impl.model;
  const double lr = options.learning_rate > 0 ? options.learning_rate : (options.optimizer == "lion" ? 3e-4 : 3e-3);
  auto optimizer = make_optimizer(model->parameters(), {options.optimizer, lr, 0.01});
  if (!optimizer.ok()) return optimizer.status().with_context("state reader training");
  GlyphStream stream(options, impl.config.size);
  if (options.web_share > 0) HEMU_RETURN_IF_ERROR(stream.add_web_pages(options.web_pages_dir));

  StateTrainReport report;
  const double budget_s = options.minutes * 60.0;
  Stopwatch clock;
  double smoothed = 0, first_sum = 0;
  int first_count = 0;
  std::deque<double> recent;
  model->train();
  for (;;) {
    const double elapsed = clock.elapsed_ms() / 1000.0;
    double progress = options.max_steps > 0 ? double(report.steps) / double(options.max_steps) : 0.0;
    if (budget_s > 0) progress = std::max(progress, elapsed / budget_s);
    if (progress >= 1.0) break;
    std::vector<std::vector<float>> crops;
    std::vector<float> targets;
    for (int i = 0; i < options.batch; ++i) {
      auto g = stream.next();
      if (!g.ok()) return g.status();
      crops.push_back(std::move(g->crop));
      targets.push_back(g->checked ? 1.0f : 0.0f);
    }
    (*optimizer)->set_learning_rate(cosine_learning_rate(lr, progress));
    (*optimizer)->zero_grad();
    torch::Tensor logits = model->forward(make_state_batch(crops, impl.config.size));
    torch::Tensor loss = torch::binary_cross_entropy_with_logits(logits, torch::tensor(targets));
    loss.backward();
    (*optimizer)->step();
    const double value = loss.item<double>();
    if (first_count < 10) first_sum += value, ++first_count;
    recent.push_back(value);
    if (recent.size() > 10) recent.pop_front();
    smoothed = report.steps == 0 ? value : 0.95 * smoothed + 0.05 * value;
    ++report.steps;
    report.samples += options.batch;
    if (options.progress && report.steps % std::max(1, options.progress_every) == 0) {
      TrainProgress p;
      p.step = report.steps;
      p.steps_total = options.max_steps;
      p.loss = smoothed;
      p.elapsed_s = clock.elapsed_ms() / 1000.0;
      p.samples_per_s = double(report.samples) / std::max(1e-9, p.elapsed_s);
      const double done = std::max(1e-9, progress);
      p.eta_s = p.elapsed_s * (1.0 - std::min(1.0, done)) / done;
      options.progress(p);
    }
  }
  model->eval();
  report.seconds = clock.elapsed_ms() / 1000.0;
  report.first_loss = first_count > 0 ? first_sum / first_count : 0;
  for (double v : recent) report.final_loss += v / double(recent.size());
  reader.clear_cache();  // readings of the old weights
  return report;
}

std::string StateEvalReport::to_text() const {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  out << "state reader: " << 100.0 * accuracy() << " % of " << total << " glyphs right (ticked: "
      << (checked_total > 0 ? 100.0 * double(checked_correct) / double(checked_total) : 0.0) << " % of "
      << checked_total << ", empty: "
      << (total > checked_total ? 100.0 * double(correct - checked_correct) / double(total - checked_total) : 0.0)
      << " % of " << total - checked_total << ")\n";
  return out.str();
}

StateEvalReport evaluate_state_reader(StateReader& reader, bool held_out_fonts, int frames, uint64_t seed) {
  Rng rng(seed ^ 0x5747E5ull);
  const std::vector<std::string> tasks = tasks_with_state_glyphs(true);
  StateEvalReport report;
  for (int f = 0; f < frames; ++f) {
    std::vector<Glyph> glyphs;
    EnvConfig config = random_env(rng, tasks, 0, held_out_fonts);
    config.seed %= kFirstTrainingSeed;
    desktop_glyphs(rng, config, true, true, reader.config().size, glyphs);
    score(reader, glyphs, report);
  }
  return report;
}

Result<StateEvalReport> evaluate_state_reader_web(StateReader& reader, const std::string& dir, uint64_t seed) {
  auto names = list_web_pages(dir);
  if (!names.ok()) return names.status();
  Rng rng(seed);
  StateEvalReport report;
  for (const std::string& name : *names) {
    auto page = read_web_page(dir, name);
    if (!page.ok()) return page.status();
    std::vector<Glyph> glyphs;
    for (const WebLabel& l : page->labels.labels) add_glyph(&rng, page->frame, l.element, reader.config().size, glyphs);
    score(reader, glyphs, report);
  }
  return report;
}

}  // namespace hemu
