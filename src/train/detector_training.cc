#include "train/detector_training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>

#include "core/rng.h"
#include "image/resize.h"
#include "policy/element_detector_net.h"
#include "sim/element_labels.h"
#include "sim/lists.h"
#include "sim/task_env.h"
#include "sim/window.h"
#include "train/optimizer.h"
#include "web/web_pages.h"

namespace hemu {

bool is_interactive_class(ElementClass c) { return c != ElementClass::kText && c != ElementClass::kWindowTitle; }

// ---- labels as they can be seen ----

namespace {

// Cuts `label` back to the side not covered by `cover` when the cover spans it (full height or full
// width); returns the area still covered otherwise (corner or hole).
int64_t cut_by_cover(Rect& label, const Rect& cover) {
  Rect overlap = label.intersect(cover);
  if (overlap.empty()) return 0;
  if (cover.top() <= label.top() && cover.bottom() >= label.bottom()) {
    int left = cover.left() - label.left(), right = label.right() - cover.right();
    if (left <= 0 && right <= 0) label.width = 0;
    else if (left >= right) label.width = left;
    else label = {cover.right(), label.y, right, label.height};
    return 0;
  }
  if (cover.left() <= label.left() && cover.right() >= label.right()) {
    int top = cover.top() - label.top(), bottom = label.bottom() - cover.bottom();
    if (top <= 0 && bottom <= 0) label.height = 0;
    else if (top >= bottom) label.height = top;
    else label = {label.x, cover.bottom(), label.width, bottom};
    return 0;
  }
  return int64_t(overlap.width) * overlap.height;
}

// The text of `label` left in sight once covers cut it back to `seen`: its known pieces (table
// cells, a window's title) wholly in sight, joined like the label's; without pieces, all of it
// when only its end was cut off (a cut from the left or above hides where the text starts).
// Nothing when no text is left in sight: a person could not read it either.
std::optional<std::string> text_in_sight(const ElementLabel& label, const Rect& seen) {
  if (label.text.empty() || seen == label.rect) return label.text;
  if (label.text_parts.empty()) {
    if (seen.x > label.rect.x || seen.y > label.rect.y) return std::nullopt;
    return label.text;
  }
  std::string text;
  for (const TextPart& part : label.text_parts) {
    Rect in_sight = part.rect.intersect(seen);
    if (in_sight.width < part.rect.width || 2 * in_sight.height < part.rect.height) continue;
    text += (text.empty() ? "" : " | ") + part.text;
  }
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace

std::vector<UiElement> visible_element_labels(const Desktop& desktop) {
  std::vector<ElementLabel> labels = element_labels(desktop);
  const Rect work = desktop.work_area();
  std::vector<Rect> window_rects, title_rects;
  for (const auto& w : desktop.windows()) {
    if (!w->visible) continue;
    window_rects.push_back(w->screen_rect().united(w->title_bar_screen_rect()).intersect(work));
    title_rects.push_back(w->title_bar_screen_rect().intersect(work));
  }
  const int window_count = int(window_rects.size());
  Rect popup_rect;
  if (const PopupList* popup = desktop.popup()) popup_rect = popup->visible_screen_rect();
  // Owners: window index in paint order, kPopup for popup rows, kTop for taskbar buttons.
  constexpr int kPopup = 1 << 20, kTop = 1 << 21;
  std::vector<int> owner(labels.size(), 0);
  int end = int(labels.size());
  while (end > 0 && labels[size_t(end - 1)].element_class == ElementClass::kTaskbarButton) owner[size_t(--end)] = kTop;
  while (!popup_rect.empty() && end > 0 &&
         (labels[size_t(end - 1)].element_class == ElementClass::kRow ||
          labels[size_t(end - 1)].element_class == ElementClass::kMenuItem) &&
         popup_rect.contains(labels[size_t(end - 1)].rect))
    owner[size_t(--end)] = kPopup;
  int k = 0;
  for (int i = 0; i < end; ++i) {
    const ElementLabel& l = labels[size_t(i)];
    if (l.element_class == ElementClass::kWindowTitle) {
      for (int j = k; j < window_count; ++j) {
        if (title_rects[size_t(j)] == l.rect) {
          k = j;
          break;
        }
      }
    } else if (k < window_count && !window_rects[size_t(k)].contains(l.rect)) {
      for (int j = k + 1; j < window_count; ++j) {
        if (window_rects[size_t(j)].contains(l.rect)) {
          k = j;
          break;
        }
      }
    }
    owner[size_t(i)] = k;
  }
  std::vector<UiElement> out;
  for (size_t i = 0; i < labels.size(); ++i) {
    UiElement e = to_ui_element(labels[i]);  // text kept: the decision model's training reads it
    const int64_t area = int64_t(e.rect.width) * e.rect.height;
    int64_t covered = 0;
    if (owner[i] < kPopup) {
      for (int j = owner[i] + 1; j < window_count; ++j) covered += cut_by_cover(e.rect, window_rects[size_t(j)]);
      covered += cut_by_cover(e.rect, popup_rect);
    }
    if (e.rect.width < 4 || e.rect.height < 4) continue;
    if (area > 0 && double(covered) > kCoveredDropFraction * double(area)) continue;
    std::optional<std::string> text = text_in_sight(labels[i], e.rect);
    if (!text) continue;
    e.text = std::move(*text);
    out.push_back(std::move(e));
  }
  return out;
}

// ---- data ----

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct ModelLabel {
  ElementClass element_class;
  float x0, y0, x1, y1;  // model pixels
  bool checked, selected, focused;
};

struct Sample {
  Frame image;  // model input size
  std::vector<ModelLabel> labels;
};

// A frame and its screen-pixel labels (desktop widget tree or web DOM) scaled to the model's input.
Sample model_size_sample(const Frame& frame, double ui_scale, const std::vector<UiElement>& labels,
                         const DetectorConfig& config) {
  Sample s;
  Size in = detector_input_size(frame.size(), ui_scale, config);
  s.image = (in == frame.size()) ? frame : downscale_area(frame, in.width, in.height);
  const float sx = float(in.width) / frame.width, sy = float(in.height) / frame.height;
  for (const auto& l : labels) {
    s.labels.push_back({l.element_class, l.rect.left() * sx, l.rect.top() * sy, l.rect.right() * sx,
                        l.rect.bottom() * sy, l.checked, l.selected, l.focused});
  }
  return s;
}

// A rendered, labelled frame of a random task state. Training seeds are < kEvalSeedOffset.
constexpr uint64_t kEvalSeedOffset = 1000000;
constexpr int kMaxExpertSteps = 14;

struct ScreenChoice {
  Size size;
  double scale;
};

ScreenChoice pick_screen(Rng& rng, double large_fraction) {
  static const double kScales[] = {1.0, 1.0, 1.5, 2.0};
  double scale = kScales[rng.uniform_int(0, 3)];
  // Logical (scale-1) sizes: small and mid screens mostly, large ones at `large_fraction`.
  static const std::vector<Size> kSmall = {{640, 480}, {800, 600}, {800, 600}, {1024, 768}, {1280, 720}};
  static const std::vector<Size> kLarge = {{1280, 800}, {1366, 768}, {1600, 900}, {1920, 1080}, {2560, 1440}};
  Size logical = rng.chance(large_fraction) ? rng.pick(kLarge) : rng.pick(kSmall);
  Size screen{int(logical.width * scale), int(logical.height * scale)};
  screen.width = std::clamp(screen.width, 640, 5120);
  screen.height = std::clamp(screen.height, 480, 2880);
  return {screen, scale};
}

Result<Sample> make_sample(Rng& rng, const std::vector<std::string>& tasks, bool held_out_fonts, double large_fraction,
                           uint64_t seed_offset, const DetectorConfig& config, Frame& frame, Frame* full_frame,
                           double* ui_scale, std::vector<UiElement>* screen_labels, bool replay_short = true) {
  EnvConfig env_config;
  env_config.task = rng.pick(tasks);
  env_config.seed = seed_offset + uint64_t(rng.uniform_int(0, int(kEvalSeedOffset) - 1));
  ScreenChoice screen = pick_screen(rng, large_fraction);
  env_config.screen = screen.size;
  env_config.scale = screen.scale;
  env_config.held_out_fonts = held_out_fonts;
  auto env = TaskEnv::create(env_config);
  if (!env.ok()) return env.status().with_context("detector data for task " + env_config.task);
  int steps = rng.uniform_int(0, kMaxExpertSteps);
  int taken = 0;
  for (; taken < steps && !(*env)->done(); ++taken) {
    Action a = (*env)->expert_action();
    if (a.type == ActionType::kDone) break;
    (void)(*env)->step(a);
  }
  // A short episode that ended before `steps` would give its final screen for every larger draw,
  // and its transient states (an open menu or dropdown, a drag under way) almost never. Replay it
  // (same seed: the same episode) to a step drawn uniformly from those before its end.
  if (replay_short && taken < steps && taken > 0) {
    const int replay = rng.uniform_int(0, taken - 1);
    env = TaskEnv::create(env_config);
    if (!env.ok()) return env.status().with_context("detector data for task " + env_config.task);
    for (int i = 0; i < replay && !(*env)->done(); ++i) {
      Action a = (*env)->expert_action();
      if (a.type == ActionType::kDone) break;
      (void)(*env)->step(a);
    }
  }
  (*env)->render(frame);
  std::vector<UiElement> labels = visible_element_labels((*env)->desktop());
  Sample s = model_size_sample(frame, screen.scale, labels, config);
  if (full_frame != nullptr) *full_frame = frame;
  if (ui_scale != nullptr) *ui_scale = screen.scale;
  if (screen_labels != nullptr) *screen_labels = std::move(labels);
  return s;
}

// A web page (docs/web_pages.md) as a model-size sample; its labels come from the DOM.
Result<Sample> make_web_sample(const std::string& dir, const std::string& name, const DetectorConfig& config) {
  auto page = read_web_page(dir, name);
  if (!page.ok()) return page.status().with_context("detector web data");
  std::vector<UiElement> labels;
  for (const WebLabel& w : page->labels.labels) labels.push_back(w.element);
  return model_size_sample(page->frame, page->labels.ui_scale, labels, config);
}

// Dense targets for one sample on an (h, w) grid of stride-4 cells, written into batch slices.
// heat: (18, h, w); box: (4, h, w) log(distance / stride); box_weight: (1, h, w);
// state: (3, h, w) in {0, 1}; the state weight is box_weight.
constexpr float kRegressionMinHeat = 0.3f;

void fill_targets(const Sample& s, int h, int w, float* heat, float* box, float* box_weight, float* state) {
  const size_t plane = size_t(h) * w;
  std::vector<float> owner_heat(plane, 0.0f);
  for (const auto& l : s.labels) {
    const float cx = (l.x0 + l.x1) / 2 / kDetectorStride, cy = (l.y0 + l.y1) / 2 / kDetectorStride;
    const int ci = int(std::floor(cx)), cj = int(std::floor(cy));
    // A centre outside the grid (a crop's edge) still draws the tail of its Gaussian: those cells
    // must not be pushed to zero as hard as the background.
    const float bw = (l.x1 - l.x0) / kDetectorStride, bh = (l.y1 - l.y0) / kDetectorStride;
    const float sigma_x = std::max(0.4f, 0.15f * bw), sigma_y = std::max(0.4f, 0.15f * bh);
    const int rx = int(std::ceil(3 * sigma_x)), ry = int(std::ceil(3 * sigma_y));
    float* class_heat = heat + plane * size_t(l.element_class);
    for (int j = std::max(0, cj - ry); j <= std::min(h - 1, cj + ry); ++j) {
      for (int i = std::max(0, ci - rx); i <= std::min(w - 1, ci + rx); ++i) {
        const float dx = float(i - ci), dy = float(j - cj);
        const float g = std::exp(-(dx * dx) / (2 * sigma_x * sigma_x) - (dy * dy) / (2 * sigma_y * sigma_y));
        const size_t at = size_t(j) * w + i;
        class_heat[at] = std::max(class_heat[at], g);
        if (g < kRegressionMinHeat || g < owner_heat[at]) continue;
        const float px = (i + 0.5f) * kDetectorStride, py = (j + 0.5f) * kDetectorStride;
        const float d[4] = {px - l.x0, py - l.y0, l.x1 - px, l.y1 - py};
        if (*std::min_element(d, d + 4) < 0.5f) continue;
        owner_heat[at] = g;
        for (int k = 0; k < 4; ++k) box[plane * k + at] = std::log(d[k] / kDetectorStride);
        box_weight[at] = g;
        state[at] = l.checked ? 1.0f : 0.0f;
        state[plane + at] = l.selected ? 1.0f : 0.0f;
        state[2 * plane + at] = l.focused ? 1.0f : 0.0f;
      }
    }
  }
}

// A crop of `s` at (x, y) model px, at most `size` x `size`; labels whose centre falls inside are
// kept with their whole (unclipped) box, relative to the crop.
Sample crop_sample(const Sample& s, int x, int y, int size) {
  Sample out;
  const int w = std::min(size, s.image.width), h = std::min(size, s.image.height);
  x = std::clamp(x, 0, s.image.width - w);
  y = std::clamp(y, 0, s.image.height - h);
  out.image = crop(s.image, Rect{x, y, w, h});
  for (const auto& l : s.labels) {
    ModelLabel m = l;
    m.x0 -= float(x), m.x1 -= float(x), m.y0 -= float(y), m.y1 -= float(y);
    const float cx = (m.x0 + m.x1) / 2, cy = (m.y0 + m.y1) / 2;
    // Labels just outside still contribute their Gaussian's tail (fill_targets clips to the grid).
    if (cx < -2 * kDetectorStride || cy < -2 * kDetectorStride || cx > w + 2 * kDetectorStride ||
        cy > h + 2 * kDetectorStride)
      continue;
    out.labels.push_back(m);
  }
  return out;
}

// Crop origins for `count` crops of `frame`: a `balanced` share centred (with jitter) on a label
// picked with weight 1 / (number of labels of its class seen so far), the rest uniform.
void add_crops(Rng& rng, const Sample& frame, int size, int count, double balanced,
               std::array<double, kElementClassCount>& class_counts, std::vector<Sample>& out) {
  for (const auto& l : frame.labels) class_counts[size_t(l.element_class)] += 1;
  const int max_x = std::max(0, frame.image.width - size), max_y = std::max(0, frame.image.height - size);
  for (int k = 0; k < count; ++k) {
    int x = rng.uniform_int(0, max_x), y = rng.uniform_int(0, max_y);
    if (!frame.labels.empty() && rng.chance(balanced)) {
      double total = 0;
      for (const auto& l : frame.labels) total += 1.0 / class_counts[size_t(l.element_class)];
      double u = rng.uniform() * total;
      size_t pick = 0;
      for (; pick + 1 < frame.labels.size(); ++pick) {
        u -= 1.0 / class_counts[size_t(frame.labels[pick].element_class)];
        if (u <= 0) break;
      }
      const ModelLabel& l = frame.labels[pick];
      const int jitter = size / 4;
      x = int(std::lround((l.x0 + l.x1) / 2 - size / 2.0)) + rng.uniform_int(-jitter, jitter);
      y = int(std::lround((l.y0 + l.y1) / 2 - size / 2.0)) + rng.uniform_int(-jitter, jitter);
    }
    out.push_back(crop_sample(frame, x, y, size));
  }
}

struct Batch {
  torch::Tensor image;       // (B, 3, H, W) float
  torch::Tensor heat;        // (B, 18, H/4, W/4)
  torch::Tensor box;         // (B, 4, H/4, W/4)
  torch::Tensor box_weight;  // (B, 1, H/4, W/4)
  torch::Tensor state;       // (B, 3, H/4, W/4)
};

Batch make_batch(const std::vector<Sample>& samples) {
  int pw = 0, ph = 0;
  for (const auto& s : samples) {
    pw = std::max(pw, detector_padded(s.image.width));
    ph = std::max(ph, detector_padded(s.image.height));
  }
  const int64_t b = int64_t(samples.size()), h = ph / kDetectorStride, w = pw / kDetectorStride;
  Batch batch;
  batch.image = torch::empty({b, 3, ph, pw});
  batch.heat = torch::zeros({b, kElementClassCount, h, w});
  batch.box = torch::zeros({b, 4, h, w});
  batch.box_weight = torch::zeros({b, 1, h, w});
  batch.state = torch::zeros({b, kDetectorStateCount, h, w});
  for (int64_t i = 0; i < b; ++i) {
    const Sample& s = samples[size_t(i)];
    detector_fill_input(s.image, pw, ph, batch.image[i].data_ptr<float>());
    fill_targets(s, int(h), int(w), batch.heat[i].data_ptr<float>(), batch.box[i].data_ptr<float>(),
                 batch.box_weight[i].data_ptr<float>(), batch.state[i].data_ptr<float>());
  }
  return batch;
}

struct Losses {
  torch::Tensor total, heat, box, state;
};

// CenterNet focal loss on the heatmaps + weighted L1 on log box distances + weighted BCE on states.
Losses detector_loss(const torch::Tensor& out, const Batch& batch) {
  using torch::indexing::Slice;
  auto logits = out.index({Slice(), Slice(kDetectorHeatChannel, kDetectorHeatChannel + kElementClassCount)});
  auto box = out.index({Slice(), Slice(kDetectorBoxChannel, kDetectorBoxChannel + 4)});
  auto state = out.index({Slice(), Slice(kDetectorStateChannel, kDetectorStateChannel + kDetectorStateCount)});
  auto p = torch::sigmoid(logits);
  auto positive = batch.heat.eq(1.0f).to(torch::kFloat32);
  auto log_p = torch::log_sigmoid(logits), log_not_p = torch::log_sigmoid(-logits);
  auto pos_loss = -(1 - p).pow(2) * log_p * positive;
  auto neg_loss = -(1 - batch.heat).pow(4) * p.pow(2) * log_not_p * (1 - positive);
  auto num_pos = positive.sum().clamp_min(1.0);
  Losses l;
  l.heat = (pos_loss.sum() + neg_loss.sum()) / num_pos;
  auto weight_sum = batch.box_weight.sum().clamp_min(1.0);
  l.box = ((box - batch.box).abs() * batch.box_weight).sum() / weight_sum;
  l.state = (torch::binary_cross_entropy_with_logits(state, batch.state, {}, {}, torch::Reduction::None) *
             batch.box_weight)
                .sum() /
            weight_sum;
  l.total = l.heat + l.box + l.state;
  return l;
}

}  // namespace

Result<DetectorTrainReport> train_detector(ElementDetector& detector, const DetectorTrainOptions& options) {
  if (options.batch < 1) return invalid_argument("detector training: batch must be >= 1");
  if (options.steps <= 0 && !(options.minutes > 0)) return invalid_argument("detector training: need minutes > 0 or steps > 0");
  std::vector<std::string> tasks = options.tasks.empty() ? task_names() : options.tasks;
  for (const auto& t : tasks) {
    if (find_task(t) == nullptr) return not_found("detector training: unknown task '" + t + "'");
  }
  set_torch_threads(std::max(1, options.threads));
  torch::manual_seed(options.seed);
  auto& impl = detector.impl();
  DetectorNet net = impl.net;
  net->train();
  OptimizerOptions opt;
  opt.name = options.optimizer;
  opt.learning_rate = options.learning_rate > 0 ? options.learning_rate : (options.optimizer == "lion" ? 8e-4 : 8e-3);
  opt.weight_decay = options.optimizer == "lion" ? 0.1 : 0.01;
  auto optimizer = make_optimizer(net->parameters(), opt);
  if (!optimizer.ok()) return optimizer.status();

  if (options.crop < 0 || options.crop % kDetectorPadMultiple != 0)
    return invalid_argument("detector training: crop must be 0 or a positive multiple of 32");
  if (options.crops_per_frame < 1) return invalid_argument("detector training: crops_per_frame must be >= 1");
  if (options.web_share < 0 || options.web_share > 1) return invalid_argument("detector training: web share must be in [0, 1]");
  std::vector<std::string> web_pages;
  if (options.web_share > 0) {
    if (options.web_pages_dir.empty()) return invalid_argument("detector training: a web share needs a web page directory");
    auto names = list_web_pages(options.web_pages_dir);
    if (!names.ok()) return names.status().with_context("detector training");
    HEMU_RETURN_IF_ERROR(check_web_pages(options.web_pages_dir, *names));
    web_pages = std::move(*names);
  }
  Rng rng(options.seed * 0x9E3779B97F4A7C15ull + 17);
  std::array<double, kElementClassCount> class_counts;
  class_counts.fill(1.0);
  std::vector<Sample> pending;  // crops not used yet (a frame gives crops_per_frame of them)
  const double budget_s = options.minutes * 60;
  const auto start = Clock::now();
  DetectorTrainReport report;
  std::vector<double> losses;
  double smoothed = 0, last_progress = 0;
  Frame frame;
  for (int64_t step = 0;; ++step) {
    const double elapsed = seconds_since(start);
    const double progress = options.steps > 0 ? double(step) / options.steps : elapsed / budget_s;
    if (progress >= 1.0) break;
    const auto data_start = Clock::now();
    std::vector<Sample> samples;
    while (int(samples.size()) < options.batch) {
      if (options.crop > 0 && !pending.empty()) {
        samples.push_back(std::move(pending.back()));
        pending.pop_back();
        continue;
      }
      // The web draw only when web pages are in use: desktop-only runs keep their frames per seed.
      const bool web = !web_pages.empty() && rng.chance(options.web_share);
      auto s = web ? make_web_sample(options.web_pages_dir, rng.pick(web_pages), impl.config)
                   : make_sample(rng, tasks, options.held_out_fonts, options.large_screen_fraction, 0, impl.config,
                                 frame, nullptr, nullptr, nullptr);
      if (!s.ok()) return s.status();
      if (options.crop > 0) {
        add_crops(rng, *s, options.crop, options.crops_per_frame, options.balanced_fraction, class_counts, pending);
        std::reverse(pending.begin(), pending.end());
        continue;
      }
      samples.push_back(std::move(*s));
    }
    Batch batch = make_batch(samples);
    report.data_seconds += seconds_since(data_start);
    (*optimizer)->set_learning_rate(cosine_learning_rate(opt.learning_rate, progress, options.warmup_fraction));
    (*optimizer)->zero_grad();
    auto out = net->forward(batch.image.contiguous(at::MemoryFormat::ChannelsLast));
    Losses l = detector_loss(out, batch);
    l.total.backward();
    (*optimizer)->step();
    const double loss = l.total.item<double>();
    if (!std::isfinite(loss)) return internal_error("detector training: loss became " + std::to_string(loss));
    losses.push_back(loss);
    smoothed = step == 0 ? loss : 0.95 * smoothed + 0.05 * loss;
    report.steps = step + 1;
    report.samples += options.batch;
    const double now = seconds_since(start);
    if (options.progress && (now - last_progress >= options.progress_every_s || step == 0)) {
      last_progress = now;
      TrainProgress p;
      p.step = report.steps;
      p.steps_total = options.steps > 0 ? options.steps : 0;
      p.loss = smoothed;
      p.samples_per_s = report.samples / std::max(1e-9, now);
      p.elapsed_s = now;
      p.eta_s = options.steps > 0 ? now / report.steps * double(options.steps - report.steps) : std::max(0.0, budget_s - now);
      options.progress(p);
    }
  }
  if (options.norm_recalibration_frames > 0)
    HEMU_RETURN_IF_ERROR(recalibrate_detector_norms(detector, options, options.norm_recalibration_frames));
  net->eval();
  to_channels_last(*net);
  report.seconds = seconds_since(start);
  auto mean = [](auto begin, auto end) {
    double sum = 0;
    int n = 0;
    for (auto it = begin; it != end; ++it, ++n) sum += *it;
    return n > 0 ? sum / n : 0.0;
  };
  const size_t n = std::min<size_t>(10, losses.size());
  report.first_loss = mean(losses.begin(), losses.begin() + long(n));
  report.final_loss = mean(losses.end() - long(n), losses.end());
  detector.set_decoding(impl.config.score_threshold, impl.config.nms_iou);  // clears the cache
  return report;
}

Result<std::unique_ptr<ElementDetector>> prune_detector(ElementDetector& donor, const DetectorConfig& config,
                                                        int frames, uint64_t seed) {
  const DetectorConfig& from = donor.config();
  if (from.decoder != DetectorDecoder::kDense) return invalid_argument("prune_detector: the donor must be a dense detector");
  if (config.decoder != DetectorDecoder::kLight || config.decoder_channels_8 != config.channels_8)
    return invalid_argument("prune_detector: the target must have the light decoder at its stride-8 width");
  if (config.channels_4 != from.channels_4 || config.channels_32 != from.channels_32 ||
      config.model_px_per_ui_px != from.model_px_per_ui_px)
    return invalid_argument("prune_detector: channels_4, channels_32 and the input scale must match the donor's");
  if (config.channels_8 > from.channels_8 || config.channels_16 > from.channels_16 || config.channels_8 < 1 ||
      config.channels_16 < 1 || frames < 1)
    return invalid_argument("prune_detector: stride-8 / stride-16 widths must be in [1, the donor's], frames >= 1");
  torch::NoGradGuard no_grad;
  DetectorNetImpl& d = *donor.impl().net;
  d.eval();
  auto up_to = [](const torch::Tensor& t, const torch::Tensor& like) {
    return torch::upsample_nearest2d(t, {like.size(2), like.size(3)});
  };
  // Mean |activation| per channel of the stride-8 and stride-16 streams (encoder and decoder).
  torch::Tensor f8_sum = torch::zeros({from.channels_8}), p8_sum = torch::zeros({from.channels_8});
  torch::Tensor f16_sum = torch::zeros({from.channels_16}), p16_sum = torch::zeros({from.channels_16});
  const std::vector<std::string> tasks = task_names();
  Rng rng(seed * 0x9E3779B97F4A7C15ull + 606);
  for (int i = 0; i < frames; ++i) {
    EnvConfig env_config;
    env_config.task = rng.pick(tasks);
    env_config.seed = 3'000'000 + rng.uniform_int(0, 1'000'000);
    env_config.screen = {1280, 800};
    auto env = TaskEnv::create(env_config);
    if (!env.ok()) return env.status().with_context("prune_detector");
    Frame frame;
    (*env)->render(frame);
    const Size in = detector_input_size(frame.size(), 1.0, from);
    const int pw = detector_padded(in.width), ph = detector_padded(in.height);
    torch::Tensor x = torch::empty({1, 3, ph, pw});  // (1, 3, H, W) planar, normalised
    detector_fill_input_scaled(frame, in, pw, ph, x.data_ptr<float>());
    x = x.contiguous(at::MemoryFormat::ChannelsLast);
    auto f4 = d.stem(x);
    auto f8 = d.enc8(d.down8(f4));
    auto f16 = d.enc16b(d.enc16a(d.down16(f8)));
    auto f32 = d.enc32b(d.enc32a(d.down32(f16)));
    auto p16 = d.dec16(f16 + up_to(d.lateral16(f32), f16));
    auto p8 = d.dec8b(d.dec8a(f8 + up_to(d.lateral8(p16), f8)));
    f8_sum += f8.abs().mean({0, 2, 3});
    p8_sum += p8.abs().mean({0, 2, 3});
    f16_sum += f16.abs().mean({0, 2, 3});
    p16_sum += p16.abs().mean({0, 2, 3});
  }
  // Score = activation x norm of the weights that read the channel next, encoder and decoder terms
  // normalised to equal weight; the kept indices are sorted (channel order is kept).
  auto column_norm = [](const torch::Tensor& w) { return w.pow(2).sum({0, 2, 3}).sqrt(); };  // (in)
  auto keep = [](const torch::Tensor& a, const torch::Tensor& b, int n) {
    torch::Tensor score = a / a.sum() + b / b.sum();
    return std::get<0>(std::get<1>(score.topk(n)).sort());  // (n) int64
  };
  const torch::Tensor idx8 = keep(f8_sum * column_norm(d.down16->conv->weight), p8_sum * column_norm(d.lateral4->weight),
                                  config.channels_8);
  const torch::Tensor idx16 = keep(f16_sum * column_norm(d.down32->conv->weight),
                                   p16_sum * column_norm(d.lateral8->weight), config.channels_16);

  auto pruned = ElementDetector::create(config, seed);
  pruned->set_decoding(from.score_threshold, from.nms_iou);
  pruned->copy_matching_weights(donor);  // stem, stride 32, norm4, head
  DetectorNetImpl& n = *pruned->impl().net;
  auto set = [](torch::Tensor to, const torch::Tensor& value) { to.copy_(value); };
  auto rows = [](const torch::Tensor& t, const torch::Tensor& idx) { return t.index_select(0, idx); };
  auto cols = [](const torch::Tensor& t, const torch::Tensor& idx) { return t.index_select(1, idx); };
  auto norm = [&](torch::nn::BatchNorm2d& to, torch::nn::BatchNorm2d& source, const torch::Tensor& idx) {
    set(to->weight, rows(source->weight, idx));
    set(to->bias, rows(source->bias, idx));
    set(to->running_mean, rows(source->running_mean, idx));
    set(to->running_var, rows(source->running_var, idx));
  };
  auto block = [&](DepthwiseBlock& to, DepthwiseBlock& source, const torch::Tensor& idx) {
    set(to->depthwise->weight, rows(source->depthwise->weight, idx));
    norm(to->norm1, source->norm1, idx);
    set(to->pointwise->weight, cols(rows(source->pointwise->weight, idx), idx));
    norm(to->norm2, source->norm2, idx);
  };
  set(n.down8->conv->weight, rows(d.down8->conv->weight, idx8));
  norm(n.down8->norm, d.down8->norm, idx8);
  block(n.enc8, d.enc8, idx8);
  set(n.down16->conv->weight, rows(cols(d.down16->conv->weight, idx8), idx16));
  norm(n.down16->norm, d.down16->norm, idx16);
  block(n.enc16a, d.enc16a, idx16);
  block(n.enc16b, d.enc16b, idx16);
  set(n.down32->conv->weight, cols(d.down32->conv->weight, idx16));
  set(n.lateral16->weight, rows(d.lateral16->weight, idx16));
  set(n.lateral16->bias, rows(d.lateral16->bias, idx16));
  block(n.dec16, d.dec16, idx16);
  set(n.lateral8->weight, rows(cols(d.lateral8->weight, idx16), idx8));
  set(n.lateral8->bias, rows(d.lateral8->bias, idx8));
  block(n.dec8a, d.dec8a, idx8);
  block(n.dec8b, d.dec8b, idx8);
  set(n.lateral4->weight, cols(d.lateral4->weight, idx8));
  set(n.lateral4->bias, d.lateral4->bias);
  // Depthwise refine <- the dense refine's diagonal (each channel's own 3x3 kernel).
  const torch::Tensor dense = d.refine4->weight;  // (c4, c4, 3, 3)
  std::vector<torch::Tensor> kernels;
  for (int64_t c = 0; c < dense.size(0); ++c) kernels.push_back(dense[c][c].unsqueeze(0));
  set(n.refine4->weight, torch::stack(kernels));  // (c4, 1, 3, 3)
  pruned->set_decoding(from.score_threshold, from.nms_iou);  // drops the folded copy
  return pruned;
}

Status recalibrate_detector_norms(ElementDetector& detector, const DetectorTrainOptions& options, int frames) {
  std::vector<std::string> tasks = options.tasks.empty() ? task_names() : options.tasks;
  auto& impl = detector.impl();
  DetectorNet net = impl.net;
  std::vector<torch::nn::BatchNorm2dImpl*> norms;
  for (auto& m : net->modules(/*include_self=*/false)) {
    if (auto* bn = dynamic_cast<torch::nn::BatchNorm2dImpl*>(m.get())) norms.push_back(bn);
  }
  std::vector<c10::optional<double>> momenta;
  for (auto* bn : norms) {
    momenta.push_back(bn->options.momentum());
    bn->options.momentum(c10::nullopt);  // cumulative average over the frames below
    bn->reset_running_stats();
  }
  Rng rng(options.seed * 0x9E3779B97F4A7C15ull + 4242);
  Frame frame;
  torch::NoGradGuard no_grad;
  net->train();
  Status status;
  for (int f = 0; f < frames; ++f) {
    auto s = make_sample(rng, tasks, options.held_out_fonts, options.large_screen_fraction, 0, impl.config, frame,
                         nullptr, nullptr, nullptr);
    if (!s.ok()) {
      status = s.status();
      break;
    }
    Batch batch = make_batch({*s});
    net->forward(batch.image.contiguous(at::MemoryFormat::ChannelsLast));
  }
  for (size_t i = 0; i < norms.size(); ++i) norms[i]->options.momentum(momenta[i]);
  net->eval();
  to_channels_last(*net);
  detector.set_decoding(impl.config.score_threshold, impl.config.nms_iou);  // clears the cache
  return status;
}

// ---- evaluation ----

double DetectorClassStats::precision() const {
  int64_t d = true_positives + false_positives;
  return d > 0 ? double(true_positives) / double(d) : 1.0;
}
double DetectorClassStats::recall() const {
  int64_t d = true_positives + false_negatives;
  return d > 0 ? double(true_positives) / double(d) : 1.0;
}
double DetectorClassStats::f1() const {
  double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

std::string DetectorEvalReport::to_text() const {
  std::ostringstream out;
  char line[256];
  auto row = [&](const char* name, const DetectorClassStats& s) {
    std::snprintf(line, sizeof line, "%-16s %6lld %6lld %6lld   P %5.1f%%  R %5.1f%%  F1 %5.1f%%\n", name,
                  (long long)s.true_positives, (long long)s.false_positives, (long long)s.false_negatives,
                  100 * s.precision(), 100 * s.recall(), 100 * s.f1());
    out << line;
  };
  out << "class                TP     FP     FN\n";
  for (int c = 0; c < kElementClassCount; ++c) {
    const auto& s = per_class[size_t(c)];
    if (s.true_positives + s.false_positives + s.false_negatives == 0) continue;
    row(element_class_name(static_cast<ElementClass>(c)), s);
  }
  row("interactive", interactive);
  row("overall", overall);
  auto acc = [](int64_t ok, int64_t total) { return total > 0 ? 100.0 * double(ok) / double(total) : 100.0; };
  std::snprintf(line, sizeof line, "states: checked %.1f%% (%lld), selected %.1f%% (%lld), focused %.1f%% (%lld)\n",
                acc(checked_correct, checked_total), (long long)checked_total, acc(selected_correct, selected_total),
                (long long)selected_total, acc(focused_correct, focused_total), (long long)focused_total);
  out << line;
  std::snprintf(line, sizeof line, "frames %d, %.2f ms per frame\n", frames, ms_per_frame);
  out << line;
  return out.str();
}

namespace {

// Matches `found` (sorted by score) to `truth`: same class, IoU >= 0.5, greedy; counts into `report`.
void score_detections(const std::vector<UiElement>& found, const std::vector<UiElement>& truth,
                      DetectorEvalReport& report) {
  std::vector<bool> used(truth.size(), false);
  for (const auto& d : found) {  // sorted by score
    int best = -1;
    double best_iou = 0.5;
    for (size_t t = 0; t < truth.size(); ++t) {
      if (used[t] || truth[t].element_class != d.element_class) continue;
      double v = rect_iou(d.rect, truth[t].rect);
      if (v >= best_iou) best_iou = v, best = int(t);
    }
    auto& cls = report.per_class[size_t(d.element_class)];
    if (best < 0) {
      ++cls.false_positives;
      continue;
    }
    used[size_t(best)] = true;
    ++cls.true_positives;
    const UiElement& t = truth[size_t(best)];
    ElementClass c = t.element_class;
    if (c == ElementClass::kCheckbox || c == ElementClass::kRadio) {
      ++report.checked_total;
      report.checked_correct += d.checked == t.checked;
    }
    if (c == ElementClass::kRow || c == ElementClass::kTab || c == ElementClass::kMenuItem) {
      ++report.selected_total;
      report.selected_correct += d.selected == t.selected;
    }
    ++report.focused_total;
    report.focused_correct += d.focused == t.focused;
  }
  for (size_t t = 0; t < truth.size(); ++t) {
    if (!used[t]) ++report.per_class[size_t(truth[t].element_class)].false_negatives;
  }
}

// The overall and interactive rows from the per-class counts.
void sum_class_groups(DetectorEvalReport& report) {
  for (int c = 0; c < kElementClassCount; ++c) {
    const auto& s = report.per_class[size_t(c)];
    for (auto* group : {&report.overall, is_interactive_class(static_cast<ElementClass>(c)) ? &report.interactive : nullptr}) {
      if (group == nullptr) continue;
      group->true_positives += s.true_positives;
      group->false_positives += s.false_positives;
      group->false_negatives += s.false_negatives;
    }
  }
}

}  // namespace

DetectorEvalReport evaluate_detector(ElementDetector& detector, const std::vector<std::string>& tasks_in,
                                     bool held_out_fonts, int frames, uint64_t seed, const DetectionRefiner& refine) {
  std::vector<std::string> tasks = tasks_in.empty() ? task_names() : tasks_in;
  Rng rng(seed * 0x2545F4914F6CDD1Dull + 99);
  DetectorEvalReport report;
  double total_ms = 0;
  Frame frame, full;
  for (int f = 0; f < frames; ++f) {
    double ui_scale = 1;
    std::vector<UiElement> truth;
    // Evaluation keeps the session-2 distribution (no replay of short episodes): figures stay comparable.
    auto s = make_sample(rng, tasks, held_out_fonts, 0.15, kEvalSeedOffset, detector.config(), frame, &full, &ui_scale,
                         &truth, /*replay_short=*/false);
    if (!s.ok()) continue;
    detector.set_decoding(detector.config().score_threshold, detector.config().nms_iou);  // cache off
    const auto t0 = Clock::now();
    std::vector<UiElement> found = detector.detect(full, ui_scale);
    total_ms += seconds_since(t0) * 1000;
    if (refine) refine(full, found);
    ++report.frames;
    score_detections(found, truth, report);
  }
  sum_class_groups(report);
  report.ms_per_frame = report.frames > 0 ? total_ms / report.frames : 0;
  return report;
}

Result<DetectorEvalReport> evaluate_detector_web(ElementDetector& detector, const std::string& dir, int max_pages,
                                                 const DetectionRefiner& refine) {
  auto names = list_web_pages(dir);
  if (!names.ok()) return names.status();
  if (max_pages > 0 && int(names->size()) > max_pages) names->resize(size_t(max_pages));
  DetectorEvalReport report;
  double total_ms = 0;
  for (const std::string& name : *names) {
    auto page = read_web_page(dir, name);
    if (!page.ok()) return page.status();
    std::vector<UiElement> truth;
    for (const WebLabel& l : page->labels.labels) truth.push_back(l.element);
    detector.set_decoding(detector.config().score_threshold, detector.config().nms_iou);  // cache off
    const auto t0 = Clock::now();
    std::vector<UiElement> found = detector.detect(page->frame, page->labels.ui_scale);
    total_ms += seconds_since(t0) * 1000;
    if (refine) refine(page->frame, found);
    ++report.frames;
    score_detections(found, truth, report);
  }
  sum_class_groups(report);
  report.ms_per_frame = report.frames > 0 ? total_ms / report.frames : 0;
  return report;
}

}  // namespace hemu
