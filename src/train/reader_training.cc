#include "train/reader_training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>

#include "core/rng.h"
#include "policy/text_reader_model.h"
#include "sim/canvas.h"
#include "sim/element_labels.h"
#include "sim/font.h"
#include "sim/task_env.h"
#include "sim/theme.h"
#include "sim/vocab.h"
#include "train/optimizer.h"
#include "web/web_pages.h"

namespace hemu {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Training desktops use task seeds below this, evaluation desktops seeds from it up.
constexpr uint64_t kEvalSeedBase = 1000000;

// A lower bound on the average advance of UI text at scale 1 (12 px fonts: ~5.5-7 px per character),
// used to spot labels whose text cannot fit their box.
constexpr double kNarrowestAverageAdvance = 4.5;

// Tasks docs/brain.md keeps for "never trained" evaluation: the reader does not train on their screens.
bool never_trained_task(const std::string& name) {
  static const std::vector<std::string> names = {"click_dialog_button", "type_time", "select_multi", "email_forward",
                                                 "support_lookup_order"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The target for a labelled element, or nullopt when the label is not the text drawn in its box.
std::optional<std::string> element_target(const ElementLabel& label) {
  switch (label.element_class) {
    case ElementClass::kTextArea:  // several lines
    case ElementClass::kSlider:    // label is the value, not drawn text
    case ElementClass::kDropZone:
      return std::nullopt;
    case ElementClass::kPasswordField: {
      if (label.text.empty()) return std::nullopt;  // shows its placeholder, which the label omits
      std::string bullets;
      for (char c : label.text)
        if (c == '*') bullets += "\u2022";
      return bullets;
    }
    default: return normalize_reader_text(label.text);
  }
}

Frame crop_frame(const Frame& frame, const Rect& r) {
  Frame out(r.width, r.height);
  for (int y = 0; y < r.height; ++y)
    std::copy_n(frame.row(r.y + y) + size_t(r.x) * 3, size_t(r.width) * 3, out.row(y));
  return out;
}

// The box a detector may give for `r`: each side moved by up to `amount` x its height, more often
// outwards than inwards (a left edge may cut into the first letter, as detected boxes sometimes do).
Rect jitter_text_box(Rng& rng, const Rect& r, double amount) {
  if (amount <= 0) return r;
  const double h = r.height;
  const int left = int(std::lround(rng.uniform(-amount, 0.4 * amount) * h));
  const int right = int(std::lround(rng.uniform(-0.4 * amount, amount) * h));
  const int top = int(std::lround(rng.uniform(-0.4 * amount, 0.25 * amount) * h));
  const int bottom = int(std::lround(rng.uniform(-0.25 * amount, 0.4 * amount) * h));
  Rect out{r.x + left, r.y + top, r.width - left + right, r.height - top + bottom};
  if (out.width < 6 || out.height < 8) return r;
  return out;
}

// Renders one random task state and appends its element crops (at most `max_crops`, random ones).
void collect_element_crops(Rng& rng, bool held_out_fonts, const std::vector<std::string>& tasks, int max_crops,
                           uint64_t seed_base, double box_jitter, std::vector<ReaderCrop>& out) {
  EnvConfig config;
  config.task = rng.pick(tasks);
  config.seed = seed_base + rng.next_u64() % kEvalSeedBase;
  static const double kScales[] = {1.0, 1.0, 1.25, 1.5, 2.0};
  config.scale = kScales[rng.uniform_int(0, 4)];
  config.held_out_fonts = held_out_fonts;
  auto env = TaskEnv::create(config);
  if (!env.ok()) return;
  int steps = rng.chance(0.5) ? 0 : rng.uniform_int(1, 6);
  for (int i = 0; i < steps && !(*env)->done(); ++i) (*env)->step((*env)->expert_action());
  Frame frame;
  (*env)->render(frame);
  Desktop& desktop = (*env)->desktop();
  std::vector<ElementLabel> labels = element_labels(desktop);

  // Labels of lower windows that a higher window (or the open popup) overlaps show other pixels:
  // leave them out. Window k's labels follow its title label (paint order, element_labels.h).
  std::vector<Rect> window_rects;
  for (const auto& w : desktop.windows())
    if (w->visible) window_rects.push_back(w->visible_screen_rect());
  Rect popup_rect = desktop.popup() != nullptr ? desktop.popup()->visible_screen_rect() : Rect{};
  int window_index = -1;
  std::vector<std::pair<Rect, std::string>> candidates;
  std::vector<std::string> classes;
  for (const ElementLabel& label : labels) {
    if (label.element_class == ElementClass::kWindowTitle) ++window_index;
    bool covered = false;
    for (size_t j = size_t(std::max(0, window_index + 1)); j < window_rects.size(); ++j)
      covered |= !window_rects[j].intersect(label.rect).empty();
    if (!popup_rect.empty() && !popup_rect.intersect(label.rect).empty() && !popup_rect.contains(label.rect))
      covered = true;
    if (label.element_class == ElementClass::kTaskbarButton) covered = false;  // the taskbar is on top
    if (covered || label.rect.height < 8 || label.rect.width < 6) continue;
    std::optional<std::string> target = element_target(label);
    if (!target) continue;
    // Text that cannot fit its box is drawn elided or scrolled, not as labelled: leave it out.
    int characters = int(utf8_code_point_offsets(*target).size()) - 1;
    if (characters * kNarrowestAverageAdvance * config.scale > label.rect.width) continue;
    Rect r = label.rect.intersect(frame.bounds());
    if (r.empty()) continue;
    candidates.emplace_back(r, *target);
    classes.push_back(element_class_name(label.element_class));
  }
  int n = std::min<int>(max_crops, int(candidates.size()));
  for (int index : rng.sample_indices(int(candidates.size()), n)) {
    const auto& [rect, text] = candidates[size_t(index)];
    Rect r = jitter_text_box(rng, rect, box_jitter).intersect(frame.bounds());
    if (r.empty()) r = rect;
    out.push_back({crop_frame(frame, r), text, classes[size_t(index)]});
  }
}

// Appends up to `max_crops` random crops of the readable labelled elements of one rendered web page.
Status collect_web_crops(Rng& rng, const std::string& dir, const std::string& name, int max_crops, double box_jitter,
                         std::vector<ReaderCrop>& out) {
  auto page = read_web_page(dir, name);
  if (!page.ok()) return page.status();
  std::vector<const WebLabel*> readable;
  for (const WebLabel& l : page->labels.labels) {
    if (!l.readable || l.element.rect.height < 8 || l.element.rect.width < 6) continue;
    if (normalize_reader_text(l.element.text).empty()) continue;
    readable.push_back(&l);
  }
  const int n = std::min<int>(max_crops, int(readable.size()));
  for (int index : rng.sample_indices(int(readable.size()), n)) {
    const WebLabel& l = *readable[size_t(index)];
    Rect r = jitter_text_box(rng, l.element.rect, box_jitter).intersect(page->frame.bounds());
    if (r.empty()) r = l.element.rect;
    out.push_back({crop_frame(page->frame, r), normalize_reader_text(l.element.text),
                   std::string("web ") + element_class_name(l.element.element_class)});
  }
  return Status();
}

std::vector<std::string> reader_training_tasks() {
  std::vector<std::string> tasks;
  for (const std::string& name : task_names())
    if (!never_trained_task(name)) tasks.push_back(name);
  return tasks;
}

// ---- synthetic lines ----------------------------------------------------------------------------

std::string random_chars(Rng& rng, int length, const std::string& alphabet) {
  std::string s;
  for (int i = 0; i < length; ++i) s += alphabet[size_t(rng.uniform_int(0, int(alphabet.size()) - 1))];
  return s;
}

std::string synthetic_text(Rng& rng) {
  static const std::string lower = "abcdefghijklmnopqrstuvwxyz", upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                           digits = "0123456789", punct = "@.:/#$%-,;!?()&+=_'\"*[]<>~^`{}|\\";
  std::string s;
  switch (rng.uniform_int(0, 9)) {
    case 0: s = vocab::phrase(rng, rng.uniform_int(1, 4)); break;
    case 1: s = vocab::full_name(rng); break;
    case 2: s = vocab::email_for(vocab::full_name(rng), rng); break;
    case 3: {  // numbers, prices, dates, times, percentages
      switch (rng.uniform_int(0, 5)) {
        case 0: s = std::to_string(rng.uniform_int(0, 99999)); break;
        case 1: s = std::string(rng.chance(0.7) ? "$" : "\u20AC") + std::to_string(rng.uniform_int(0, 9999)) + "." +
                    std::to_string(rng.uniform_int(10, 99)); break;
        case 2: s = std::to_string(rng.uniform_int(1, 12)) + "/" + std::to_string(rng.uniform_int(1, 31)) + "/" +
                    std::to_string(rng.uniform_int(1990, 2030)); break;
        case 3: s = std::to_string(rng.uniform_int(0, 23)) + ":" + std::to_string(rng.uniform_int(10, 59)); break;
        case 4: s = std::to_string(rng.uniform_int(0, 100)) + "%"; break;
        default: s = vocab::phone(rng); break;
      }
      break;
    }
    case 4: s = vocab::order_number(rng); break;
    case 5: s = random_chars(rng, rng.uniform_int(1, 16), lower + upper + digits + punct + "     "); break;
    case 6: {  // pseudo-words: letters only, mixed case
      int words = rng.uniform_int(1, 3);
      for (int i = 0; i < words; ++i) {
        if (i) s += ' ';
        std::string w = random_chars(rng, rng.uniform_int(1, 9), lower);
        if (rng.chance(0.4)) w[0] = char(std::toupper(w[0]));
        s += w;
      }
      break;
    }
    case 7: s = vocab::capitalise(vocab::phrase(rng, rng.uniform_int(1, 3))) + (rng.chance(0.3) ? "…" : ""); break;
    case 8: s = "#" + random_chars(rng, rng.uniform_int(2, 8), digits + upper) + " " + rng.pick(vocab::cities()); break;
    default: s = random_chars(rng, rng.uniform_int(3, 10), lower + digits) + "/" + rng.pick(vocab::words()) + "." +
                 rng.pick(std::vector<std::string>{"txt", "pdf", "csv", "com", "org"}); break;
  }
  if (rng.chance(0.1)) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  } else if (rng.chance(0.1)) {
    s.clear();  // a password field's bullets
    for (int i = rng.uniform_int(1, 12); i > 0; --i) s += "\u2022";
  }
  return s;
}

// Share of synthetic lines drawn as a plate (their box, corners rounded) on other surroundings
// that the crop takes in, as a detected box larger than a primary button takes in the window
// around it (the reader peels such surroundings off: policy/text_reader.cc, peel_ink_frame).
constexpr double kPlateShare = 0.15;

// `plate` with its corners rounded by `radius` on a larger frame filled with `outside`, `left`,
// `top`, `right` and `bottom` pixels wider on each side.
Frame on_surroundings(const Frame& plate, Color outside, int radius, int left, int top, int right, int bottom) {
  Frame out(plate.width + left + right, plate.height + top + bottom);
  Canvas(out).clear(outside);
  radius = std::min({radius, plate.width / 2, plate.height / 2});
  for (int y = 0; y < plate.height; ++y)
    for (int x = 0; x < plate.width; ++x) {
      // Distance into the corner's square, from its rounding circle's centre.
      double dx = std::max(0, std::max(radius - x, x - (plate.width - 1 - radius)));
      double dy = std::max(0, std::max(radius - y, y - (plate.height - 1 - radius)));
      if (dx * dx + dy * dy > double(radius) * radius) continue;
      std::copy_n(plate.row(y) + size_t(x) * 3, 3, out.row(top + y) + size_t(left + x) * 3);
    }
  return out;
}

// Draws a random line of text in a UI-like box; the crop is the whole box (or, kPlateShare of
// the time, the box on surroundings).
std::optional<ReaderCrop> synthetic_crop(Rng& rng, bool held_out_fonts) {
  FontLibrary& fonts = font_library_for_thread();
  const auto& families = held_out_fonts ? held_out_font_families() : training_font_families();
  int size_px = rng.chance(0.7) ? rng.uniform_int(11, 18) : rng.uniform_int(9, 30);
  FontStyle style = rng.chance(0.7) ? FontStyle::kRegular : rng.chance(0.85) ? FontStyle::kBold : FontStyle::kItalic;
  auto font = fonts.font(rng.pick(families), size_px, style);
  if (!font.ok()) font = fonts.font(rng.pick(families), size_px, FontStyle::kRegular);
  if (!font.ok()) return std::nullopt;
  std::string text = synthetic_text(rng);
  int text_w = font->measure(text);
  if (text_w > 700 || text_w <= 0) return std::nullopt;

  Theme theme = make_theme(ThemeFamily(rng.uniform_int(0, 2)), rng, held_out_fonts);
  struct Pair { Color bg, fg; };
  std::vector<Pair> pairs = {{theme.window_bg, theme.text},        {theme.window_bg, theme.text},
                             {theme.button_bg, theme.button_text}, {theme.field_bg, theme.text},
                             {theme.field_bg, theme.placeholder},  {theme.selection_bg, theme.selection_text},
                             {theme.accent, theme.accent_text},    {theme.list_alt_row, theme.text},
                             {theme.title_active, theme.title_text}, {theme.window_bg, theme.link},
                             {theme.taskbar_bg, theme.taskbar_text}, {theme.header_bg, theme.text},
                             {theme.window_bg, theme.text_muted}};
  Pair pair = rng.pick(pairs);

  int pad_left = rng.uniform_int(1, std::max(2, size_px)), pad_right = rng.uniform_int(1, std::max(2, size_px));
  if (rng.chance(0.15)) pad_left += size_px + 4;  // room for a checkbox / radio / icon
  int pad_top = rng.uniform_int(0, std::max(1, size_px * 2 / 3)), pad_bottom = rng.uniform_int(0, std::max(1, size_px * 2 / 3));
  int width = pad_left + text_w + pad_right, height = pad_top + font->ascent() + font->descent() + pad_bottom;
  Frame frame(width, height);
  Canvas canvas(frame);
  canvas.clear(pair.bg);
  if (rng.chance(0.1)) canvas.fill_vertical_gradient(frame.bounds(), pair.bg, pair.bg.mix(pair.fg, 0.15));
  int baseline = pad_top + font->ascent();
  font->draw(canvas, pad_left, baseline, text, pair.fg);
  if (rng.chance(0.3)) {
    Color border = rng.chance(0.5) ? theme.field_border : theme.button_border;
    int radius = rng.uniform_int(0, 5);
    if (radius == 0) canvas.stroke_rect(frame.bounds(), border, rng.chance(0.8) ? 1 : 2);
    else canvas.stroke_rounded_rect(frame.bounds(), radius, border, 1);
  }
  if (pad_left > size_px + 4 && rng.chance(0.7)) {  // checkbox or radio before the caption
    int box = std::max(8, size_px * 3 / 4);
    Rect r{pad_left - box - 4, baseline - box + 1, box, box};
    if (rng.chance(0.5)) canvas.stroke_rect(r, theme.field_border);
    else canvas.stroke_circle(r.x + box / 2.0, r.y + box / 2.0, box / 2.0, theme.field_border);
    if (rng.chance(0.5)) canvas.fill_rect(r.inset(3), theme.accent);
  }
  if (rng.chance(0.08)) {  // caret
    int x = rng.chance(0.5) ? pad_left + text_w + 1 : pad_left;
    canvas.fill_rect({x, baseline - font->ascent(), 1, font->ascent() + font->descent()}, pair.fg);
  }
  if (rng.chance(kPlateShare)) {
    const int margin = std::max(2, height / 3);
    Color outside = rng.pick(std::vector<Color>{theme.window_bg, theme.window_bg, theme.list_bg, theme.field_bg});
    frame = on_surroundings(frame, outside, rng.uniform_int(0, 6), rng.uniform_int(0, margin), rng.uniform_int(0, margin),
                            rng.uniform_int(0, margin), rng.uniform_int(0, margin));
  }
  return ReaderCrop{std::move(frame), normalize_reader_text(text), "synthetic"};
}

}  // namespace

// ---- sample stream ------------------------------------------------------------------------------

struct ReaderSampleStream::Impl {
  TextReaderConfig config;
  Rng rng;
  double synthetic_fraction;
  bool held_out_fonts;
  std::vector<std::string> tasks = reader_training_tasks();
  // Element crops of several desktops, drawn in random order so a batch mixes themes and fonts.
  std::vector<ReaderCrop> pool;
  static constexpr size_t kPoolLow = 192;
  static constexpr int kCropsPerDesktop = 24;
  // Web page crops (add_web_pages), pooled the same way.
  std::string web_dir;
  std::vector<std::string> web_pages;
  double web_share = 0;
  std::vector<ReaderCrop> web_pool;
  double box_jitter = 0;  // set_box_jitter

  Impl(const TextReaderConfig& c, uint64_t seed, double fraction, bool held_out)
      : config(c), rng(seed), synthetic_fraction(fraction), held_out_fonts(held_out) {}
};

ReaderSampleStream::ReaderSampleStream(const TextReaderConfig& config, uint64_t seed, double synthetic_fraction,
                                       bool held_out_fonts)
    : impl_(std::make_unique<Impl>(config, seed, synthetic_fraction, held_out_fonts)) {}
ReaderSampleStream::~ReaderSampleStream() = default;

Status ReaderSampleStream::add_web_pages(const std::string& dir, double share) {
  if (share < 0 || share > 1) return invalid_argument("reader training: web share must be in [0, 1]");
  auto names = list_web_pages(dir);
  if (!names.ok()) return names.status().with_context("reader training");
  HEMU_RETURN_IF_ERROR(check_web_pages(dir, *names));
  impl_->web_dir = dir;
  impl_->web_pages = std::move(*names);
  impl_->web_share = share;
  return Status();
}

void ReaderSampleStream::set_box_jitter(double amount) { impl_->box_jitter = amount; }

// Removes and returns a uniformly drawn crop of a non-empty pool (order is not kept).
static ReaderCrop take_random_crop(Rng& rng, std::vector<ReaderCrop>& pool) {
  size_t index = size_t(rng.uniform_int(0, int(pool.size()) - 1));
  std::swap(pool[index], pool.back());
  ReaderCrop crop = std::move(pool.back());
  pool.pop_back();
  return crop;
}

ReaderSampleStream::Sample ReaderSampleStream::next() {
  Impl& s = *impl_;
  // The web draw only when web pages are in use: desktop-only streams keep their samples per seed.
  if (!s.web_pages.empty() && s.rng.chance(s.web_share)) {
    for (int attempts = 0; s.web_pool.size() < Impl::kPoolLow && attempts < 64; ++attempts) {
      Status st = collect_web_crops(s.rng, s.web_dir, s.rng.pick(s.web_pages), Impl::kCropsPerDesktop,
                                    s.box_jitter, s.web_pool);
      HEMU_CHECK(st.ok()) << "reader training: " << st.to_string();
    }
    if (!s.web_pool.empty()) {
      ReaderCrop crop = take_random_crop(s.rng, s.web_pool);
      return {preprocess_crop(crop.frame, crop.frame.bounds(), s.config), crop.text, false};
    }
  }
  if (s.rng.chance(s.synthetic_fraction)) {
    for (;;) {
      if (auto crop = synthetic_crop(s.rng, s.held_out_fonts))
        return {preprocess_crop(crop->frame, crop->frame.bounds(), s.config), crop->text, true};
    }
  }
  for (int attempts = 0; s.pool.size() < Impl::kPoolLow && attempts < 64; ++attempts)
    collect_element_crops(s.rng, s.held_out_fonts, s.tasks, Impl::kCropsPerDesktop, /*seed_base=*/0, s.box_jitter,
                          s.pool);
  HEMU_CHECK(!s.pool.empty()) << "reader training: no element crops from " << s.tasks.size() << " tasks";
  ReaderCrop crop = take_random_crop(s.rng, s.pool);
  return {preprocess_crop(crop.frame, crop.frame.bounds(), s.config), crop.text, false};
}

// ---- training -----------------------------------------------------------------------------------

Result<ReaderTrainReport> train_reader(TextReader& reader, const ReaderTrainOptions& options) {
  if (options.batch < 1) return invalid_argument("reader training: batch " + std::to_string(options.batch) + " < 1");
  if (options.minutes <= 0 && options.max_steps <= 0)
    return invalid_argument("reader training: give a time budget (minutes > 0) or max_steps");
  set_torch_threads(std::max(1, options.threads));
  TextReader::Impl& impl = reader.impl();
  Crnn& model = impl.model;
  double lr = options.learning_rate > 0 ? options.learning_rate : (options.optimizer == "lion" ? 3e-4 : 2e-3);
  auto optimizer = make_optimizer(model->parameters(), {options.optimizer, lr, options.weight_decay});
  if (!optimizer.ok()) return optimizer.status().with_context("reader training");

  ReaderSampleStream stream(impl.config, options.seed, options.synthetic_fraction);
  stream.set_box_jitter(options.box_jitter);
  if (options.web_share > 0) HEMU_RETURN_IF_ERROR(stream.add_web_pages(options.web_pages_dir, options.web_share));
  ReaderTrainReport report;
  const double budget_s = options.minutes * 60.0;
  const auto start = Clock::now();
  double smoothed = 0;
  double first_sum = 0;
  int first_count = 0;
  std::deque<double> recent;  // raw losses of the last 10 steps
  // Samples are drawn `kBuckets` batches at a time and sorted by width, so each batch pads little.
  constexpr int kBuckets = 4;
  std::deque<std::vector<ReaderSampleStream::Sample>> ready;
  model->train();
  for (;;) {
    double elapsed = seconds_since(start);
    double progress = options.max_steps > 0 ? double(report.steps) / options.max_steps : 0.0;
    if (budget_s > 0) progress = std::max(progress, elapsed / budget_s);
    if (progress >= 1.0) break;

    if (ready.empty()) {
      std::vector<ReaderSampleStream::Sample> samples;
      for (int i = 0; i < kBuckets * options.batch; ++i) samples.push_back(stream.next());
      std::sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) { return a.image.width < b.image.width; });
      std::vector<std::vector<ReaderSampleStream::Sample>> groups(kBuckets);
      for (size_t i = 0; i < samples.size(); ++i) groups[i / size_t(options.batch)].push_back(std::move(samples[i]));
      // Visit the groups in a seed-determined order (not always narrow to wide).
      Rng order(options.seed + uint64_t(report.steps));
      order.shuffle(groups);
      for (auto& g : groups) ready.push_back(std::move(g));
    }
    std::vector<ReaderSampleStream::Sample> batch = std::move(ready.front());
    ready.pop_front();

    std::vector<const ReaderImage*> images;
    std::vector<int64_t> targets, target_lengths;
    for (const auto& sample : batch) {
      images.push_back(&sample.image);
      std::vector<int64_t> ids = encode_reader_text(sample.text);
      targets.insert(targets.end(), ids.begin(), ids.end());
      target_lengths.push_back(int64_t(ids.size()));
    }
    ReaderBatch input = make_reader_batch(images, impl.config.height, impl.config.substeps);
    (*optimizer)->set_learning_rate(cosine_learning_rate(lr, progress));
    (*optimizer)->zero_grad();
    torch::Tensor logits = model->forward(input.images);  // (T, B, classes)
    torch::Tensor log_probs = torch::log_softmax(logits, /*dim=*/2);
    torch::Tensor loss = torch::ctc_loss(log_probs, torch::tensor(targets, torch::kInt64), input.lengths,
                                         torch::tensor(target_lengths, torch::kInt64), /*blank=*/0,
                                         at::Reduction::Mean, /*zero_infinity=*/true);
    loss.backward();
    torch::nn::utils::clip_grad_norm_(model->parameters(), /*max_norm=*/5.0);
    (*optimizer)->step();

    double value = loss.item<double>();
    if (first_count < 10) first_sum += value, ++first_count;
    recent.push_back(value);
    if (recent.size() > 10) recent.pop_front();
    smoothed = report.steps == 0 ? value : 0.98 * smoothed + 0.02 * value;
    ++report.steps;
    report.samples += int64_t(batch.size());
    if (options.progress && report.steps % std::max(1, options.progress_every) == 0) {
      TrainProgress p;
      p.step = report.steps;
      p.steps_total = options.max_steps;
      p.loss = smoothed;
      p.elapsed_s = seconds_since(start);
      p.samples_per_s = report.samples / std::max(1e-9, p.elapsed_s);
      double done = std::max(1e-9, options.max_steps > 0 ? double(report.steps) / options.max_steps : 0.0);
      if (budget_s > 0) done = std::max(done, p.elapsed_s / budget_s);
      p.eta_s = p.elapsed_s * (1.0 - std::min(1.0, done)) / done;
      options.progress(p);
    }
  }
  model->eval();
  report.seconds = seconds_since(start);
  report.first_loss = first_count ? first_sum / first_count : 0;
  for (double v : recent) report.final_loss += v / double(recent.size());
  report.samples_per_s = report.samples / std::max(1e-9, report.seconds);
  reader.clear_cache();  // readings of the old weights
  return report;
}

// ---- evaluation ---------------------------------------------------------------------------------

std::vector<ReaderCrop> make_reader_eval_crops(bool held_out_fonts, int count, uint64_t seed, double box_jitter) {
  // Evaluation desktops: every task (never-trained ones included) at seeds from 1,000,000 up, away
  // from the training seeds (< 1,000,000).
  Rng rng(seed ^ 0x5eed0fe7a1ull);
  std::vector<std::string> tasks = task_names();
  std::vector<ReaderCrop> crops;
  for (int attempts = 0; int(crops.size()) < count && attempts < count; ++attempts) {
    Rng desktop_rng(rng.next_u64());
    std::vector<ReaderCrop> found;
    collect_element_crops(desktop_rng, held_out_fonts, tasks, /*max_crops=*/8, kEvalSeedBase, box_jitter, found);
    for (auto& crop : found)
      if (int(crops.size()) < count) crops.push_back(std::move(crop));
  }
  return crops;
}

ReaderEvalReport evaluate_reader(TextReader& reader, bool held_out_fonts, int samples, uint64_t seed, double box_jitter) {
  return evaluate_reader_crops(reader, make_reader_eval_crops(held_out_fonts, samples, seed + 1000000, box_jitter));
}

Result<std::vector<ReaderCrop>> make_web_reader_crops(const std::string& dir, int count, uint64_t seed,
                                                      double box_jitter) {
  auto names = list_web_pages(dir);
  if (!names.ok()) return names.status();
  Rng rng(seed ^ 0x3eb0a9e5ull);
  rng.shuffle(*names);
  std::vector<ReaderCrop> crops;
  for (const std::string& name : *names) {
    if (int(crops.size()) >= count) break;
    std::vector<ReaderCrop> found;
    HEMU_RETURN_IF_ERROR(collect_web_crops(rng, dir, name, /*max_crops=*/8, box_jitter, found));
    for (auto& crop : found)
      if (int(crops.size()) < count) crops.push_back(std::move(crop));
  }
  return crops;
}

ReaderEvalReport evaluate_reader_crops(TextReader& reader, const std::vector<ReaderCrop>& crops) {
  ReaderEvalReport report;
  int64_t edits = 0, characters = 0, exact = 0;
  double total_ms = 0;
  for (const ReaderCrop& crop : crops) {
    auto start = Clock::now();
    std::string reading = reader.read_images({preprocess_crop(crop.frame, crop.frame.bounds(), reader.config())})[0];
    total_ms += seconds_since(start) * 1000.0;
    int distance = reader_edit_distance(reading, crop.text);
    edits += distance;
    characters += int64_t(utf8_code_point_offsets(crop.text).size()) - 1;
    exact += distance == 0;
    if (distance > 0 && report.examples.size() < 12)
      report.examples.push_back(crop.element_class + ": '" + crop.text + "' -> '" + reading + "'");
  }
  report.samples = int(crops.size());
  if (!crops.empty()) {
    report.char_accuracy = 1.0 - double(edits) / double(std::max<int64_t>(1, characters));
    report.exact_match = double(exact) / double(crops.size());
    report.ms_per_crop = total_ms / double(crops.size());
  }
  return report;
}

}  // namespace hemu
