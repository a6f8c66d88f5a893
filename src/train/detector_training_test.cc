#include "train/detector_training.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "sim/element_labels.h"
#include "sim/task_env.h"
#include "sim/window.h"
#include "web/web_pages.h"

namespace hemu {
namespace {

DetectorConfig tiny_config() {
  DetectorConfig c;
  c.channels_4 = 8;
  c.channels_8 = 16;
  c.channels_16 = 16;
  c.channels_32 = 32;
  return c;
}

TEST(DetectorTraining, VisibleLabelsAreInsideTheScreen) {
  EnvConfig config;
  config.task = "click_button";
  config.seed = 3;
  auto env = TaskEnv::create(config);
  ASSERT_TRUE(env.ok()) << env.status().to_string();
  auto labels = visible_element_labels((*env)->desktop());
  ASSERT_FALSE(labels.empty());
  Rect screen{0, 0, (*env)->desktop().screen_size().width, (*env)->desktop().screen_size().height};
  bool has_button = false;
  for (const auto& l : labels) {
    EXPECT_TRUE(screen.contains(l.rect)) << l.rect.to_string();
    EXPECT_GE(l.rect.width, 4);
    EXPECT_GE(l.rect.height, 4);
    has_button |= l.element_class == ElementClass::kButton;
  }
  EXPECT_TRUE(has_button);
}

// A window in front cuts the labels of the one behind back to what is in sight, and their text
// with them: a person cannot read a covered order number or a covered title either.
TEST(DetectorTraining, CoveredLabelsSayOnlyTheTextInSight) {
  EnvConfig config;
  config.task = "support_lookup_order";  // the support desk in front of the orders window
  config.seed = 10;
  auto env = TaskEnv::create(config);
  ASSERT_TRUE(env.ok()) << env.status().to_string();
  Desktop& desktop = (*env)->desktop();
  ASSERT_EQ(desktop.windows().size(), 2u);
  const Window* back = desktop.windows()[0].get();
  const Window* front = desktop.windows()[1].get();
  ASSERT_FALSE(front->screen_rect().intersect(back->screen_rect()).empty());
  ASSERT_GT(back->screen_rect().right(), front->screen_rect().right()) << "the back window shows on the right";

  auto all = element_labels(desktop);
  auto seen = visible_element_labels(desktop);
  bool front_title = false;
  int back_rows = 0;
  for (const auto& l : seen) {
    if (l.element_class == ElementClass::kWindowTitle) {
      EXPECT_NE(l.text, back->title_shown()) << "the back window's title is drawn under the front window";
      front_title |= l.text == front->title_shown();
    }
    if (l.element_class != ElementClass::kRow || !back->screen_rect().contains(l.rect)) continue;
    if (front->screen_rect().contains(l.rect)) continue;
    ++back_rows;
    EXPECT_EQ(l.text.find("ORD-"), std::string::npos) << "order numbers are covered: " << l.text;
    EXPECT_NE(l.text.find('$'), std::string::npos) << "the total is in sight: " << l.text;
    // The text in sight is the row's last cells, as the label of the whole row has them.
    bool suffix = false;
    for (const auto& a : all)
      suffix |= a.text.size() > l.text.size() && a.text.compare(a.text.size() - l.text.size(), l.text.size(), l.text) == 0;
    EXPECT_TRUE(suffix) << l.text;
  }
  EXPECT_TRUE(front_title);
  EXPECT_GE(back_rows, 5);

  // Raised, the orders window is read whole, and the support desk keeps its title (drawn on the
  // left, in sight) while its rows lose the cells the orders window covers.
  Window* orders = desktop.windows()[0].get();
  desktop.raise(orders);
  bool orders_rows = false, desk_title = false;
  for (const auto& l : visible_element_labels(desktop)) {
    orders_rows |= l.element_class == ElementClass::kRow && l.text.rfind("ORD-", 0) == 0;
    desk_title |= l.element_class == ElementClass::kWindowTitle && l.text == front->title_shown();
  }
  EXPECT_TRUE(orders_rows);
  EXPECT_TRUE(desk_title);
}

TEST(DetectorTraining, TinyRunLowersTheLossAndIsDeterministic) {
  DetectorTrainOptions options;
  options.steps = 30;
  options.batch = 2;
  options.crop = 0;  // whole frames
  options.learning_rate = 0.01;  // a tiny model, few steps: the loss must visibly drop
  options.seed = 5;
  options.tasks = {"click_button", "click_checkboxes"};
  options.large_screen_fraction = 0;
  int progress_calls = 0;
  options.progress = [&](const TrainProgress& p) {
    ++progress_calls;
    EXPECT_EQ(p.steps_total, 30);
    EXPECT_GT(p.samples_per_s, 0);
  };
  auto detector = ElementDetector::create(tiny_config(), 1);
  auto report = train_detector(*detector, options);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->steps, 30);
  EXPECT_GE(progress_calls, 1);
  EXPECT_LT(report->final_loss, 0.7 * report->first_loss)
      << "first " << report->first_loss << " final " << report->final_loss;

  // Same seed, same data and updates: identical weights.
  options.steps = 3;
  options.progress = nullptr;
  auto a = ElementDetector::create(tiny_config(), 1), b = ElementDetector::create(tiny_config(), 1);
  ASSERT_TRUE(train_detector(*a, options).ok());
  ASSERT_TRUE(train_detector(*b, options).ok());
  EXPECT_EQ(a->to_bytes(), b->to_bytes());
}

TEST(DetectorTraining, CropTrainingLowersTheLossAndIsDeterministic) {
  DetectorTrainOptions options;
  options.steps = 30;
  options.batch = 4;
  options.crop = 96;
  options.crops_per_frame = 2;
  options.balanced_fraction = 0.7;
  options.warmup_fraction = 0.1;
  options.learning_rate = 0.01;
  options.seed = 7;
  options.tasks = {"click_button", "click_checkboxes"};
  options.large_screen_fraction = 0;
  auto detector = ElementDetector::create(tiny_config(), 1);
  auto report = train_detector(*detector, options);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->samples, 30 * 4);
  EXPECT_LT(report->final_loss, 0.7 * report->first_loss)
      << "first " << report->first_loss << " final " << report->final_loss;

  options.steps = 3;
  options.norm_recalibration_frames = 2;
  auto a = ElementDetector::create(tiny_config(), 1), b = ElementDetector::create(tiny_config(), 1);
  ASSERT_TRUE(train_detector(*a, options).ok());
  ASSERT_TRUE(train_detector(*b, options).ok());
  EXPECT_EQ(a->to_bytes(), b->to_bytes());
}

TEST(DetectorTraining, NormRecalibrationKeepsWeightsAndChangesStatistics) {
  auto detector = ElementDetector::create(tiny_config(), 1);
  DetectorTrainOptions options;
  options.tasks = {"click_button"};
  options.large_screen_fraction = 0;
  const std::string before = detector->to_bytes();
  ASSERT_TRUE(recalibrate_detector_norms(*detector, options, 2).ok());
  const std::string after = detector->to_bytes();
  EXPECT_NE(before, after);  // running means/variances moved off their initial 0/1
  EXPECT_EQ(before.size(), after.size());
  Frame frame(320, 240);
  EXPECT_NO_FATAL_FAILURE(detector->detect(frame, 1.0));
}

TEST(DetectorTraining, RejectsBadOptions) {
  auto detector = ElementDetector::create(tiny_config(), 1);
  DetectorTrainOptions options;
  options.steps = 1;
  options.tasks = {"no_such_task"};
  EXPECT_EQ(train_detector(*detector, options).status().code(), ErrorCode::kNotFound);
  options.tasks = {};
  options.optimizer = "sgd9";
  EXPECT_EQ(train_detector(*detector, options).status().code(), ErrorCode::kInvalidArgument);
  options.optimizer = "adamw";
  options.crop = 50;  // not a multiple of 32
  EXPECT_EQ(train_detector(*detector, options).status().code(), ErrorCode::kInvalidArgument);
  options.crop = 64;
  options.crops_per_frame = 0;
  EXPECT_EQ(train_detector(*detector, options).status().code(), ErrorCode::kInvalidArgument);
}

TEST(DetectorTraining, EvaluationCountsEveryLabel) {
  auto detector = ElementDetector::create(tiny_config(), 1);
  auto report = evaluate_detector(*detector, {"click_button"}, /*held_out_fonts=*/true, /*frames=*/3, /*seed=*/2);
  EXPECT_EQ(report.frames, 3);
  const auto& o = report.overall;
  EXPECT_GT(o.true_positives + o.false_negatives, 3);  // every frame has labelled elements
  EXPECT_GE(report.ms_per_frame, 0);
  EXPECT_NE(report.to_text().find("overall"), std::string::npos);
}

// A page directory in the docs/web_pages.md format, written without Chromium: two 320x240 pages
// with a button and a line of text each.
std::string fake_web_pages(const std::string& name) {
  const std::string dir = (std::filesystem::temp_directory_path() / (name + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (uint64_t seed : {1, 2}) {
    WebPage page;
    page.seed = seed;
    page.viewport = {320, 240};
    RenderedWebPage rendered;
    rendered.frame = Frame(320, 240);
    rendered.labels.seed = seed;
    rendered.labels.viewport = page.viewport;
    WebLabel button, text;
    button.element = {ElementClass::kButton, {20, 20, 80, 30}, "OK"};
    button.readable = true;
    text.element = {ElementClass::kText, {20, 80, 100, 20}, "Hello"};
    text.readable = true;
    rendered.labels.labels = {button, text};
    EXPECT_TRUE(write_web_page(dir, page, rendered, /*keep_html=*/false).ok());
  }
  return dir;
}

TEST(DetectorTraining, TrainsAndEvaluatesOnWebPages) {
  const std::string dir = fake_web_pages("hemu-detector-web-");
  DetectorTrainOptions options;
  options.steps = 2;
  options.batch = 2;
  options.crop = 64;
  options.tasks = {"click_button"};
  options.web_pages_dir = dir;
  options.web_share = 1.0;
  auto detector = ElementDetector::create(tiny_config(), 1);
  auto report = train_detector(*detector, options);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->steps, 2);
  auto eval = evaluate_detector_web(*detector, dir, /*max_pages=*/0);
  ASSERT_TRUE(eval.ok()) << eval.status().to_string();
  EXPECT_EQ(eval->frames, 2);
  EXPECT_EQ(eval->overall.true_positives + eval->overall.false_negatives, 4);

  options.web_pages_dir = dir + "/missing";
  EXPECT_EQ(train_detector(*detector, options).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(evaluate_detector_web(*detector, dir + "/missing", 0).status().code(), ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hemu

namespace hemu {
namespace {

// A light detector pruned from a dense one: the light architecture, fewer parameters, a working
// detect(); donors and targets that cannot be pruned are refused.
TEST(DetectorTraining, PruneMakesALightDetectorFromADenseOne) {
  auto dense = ElementDetector::create(DetectorConfig{}, 3);
  auto light = prune_detector(*dense, light_detector_config(), /*frames=*/2, /*seed=*/5);
  ASSERT_TRUE(light.ok()) << light.status().to_string();
  EXPECT_EQ((*light)->config().decoder, DetectorDecoder::kLight);
  EXPECT_EQ((*light)->config().channels_8, light_detector_config().channels_8);
  EXPECT_LT((*light)->parameter_count(), dense->parameter_count());
  EnvConfig config;
  config.task = "click_button";
  auto env = TaskEnv::create(config);
  ASSERT_TRUE(env.ok());
  Frame frame;
  (*env)->render(frame);
  (void)(*light)->detect(frame, 1.0);  // runs through the light decoder
  // Round trip keeps the architecture.
  auto copy = ElementDetector::from_bytes((*light)->to_bytes());
  ASSERT_TRUE(copy.ok()) << copy.status().to_string();
  EXPECT_EQ((*copy)->config().decoder, DetectorDecoder::kLight);
  // The session-7 mid width (48 of 64 channels at stride 8, all 96 at stride 16) prunes as well.
  auto mid = prune_detector(*dense, mid_detector_config(), /*frames=*/1, /*seed=*/5);
  ASSERT_TRUE(mid.ok()) << mid.status().to_string();
  EXPECT_EQ((*mid)->config().channels_8, 48);
  EXPECT_EQ((*mid)->config().channels_16, 96);
  EXPECT_LT((*mid)->parameter_count(), dense->parameter_count());
  EXPECT_GT((*mid)->parameter_count(), (*light)->parameter_count());
  (void)(*mid)->detect(frame, 1.0);
  // A light donor, or a target wider than the donor, is refused.
  EXPECT_EQ(prune_detector(**light, light_detector_config(), 1, 5).status().code(), ErrorCode::kInvalidArgument);
  DetectorConfig wide = light_detector_config();
  wide.channels_8 = 128;
  wide.decoder_channels_8 = 128;
  EXPECT_EQ(prune_detector(*dense, wide, 1, 5).status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace hemu
