#include "train/reader_training.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "web/web_pages.h"

namespace hemu {
namespace {

TEST(ReaderTraining, SampleStreamIsDeterministicAndMixesSources) {
  TextReaderConfig config;
  ReaderSampleStream a(config, 42, 0.5), b(config, 42, 0.5);
  int synthetic = 0, elements = 0;
  for (int i = 0; i < 40; ++i) {
    auto x = a.next(), y = b.next();
    ASSERT_EQ(x.text, y.text);
    ASSERT_EQ(x.image.width, y.image.width);
    ASSERT_EQ(x.image.ink, y.image.ink);
    EXPECT_EQ(x.image.height, config.height);
    EXPECT_GT(x.image.width, 0);
    EXPECT_EQ(x.text, normalize_reader_text(x.text));
    EXPECT_EQ(x.text.find(" | "), std::string::npos);
    (x.synthetic ? synthetic : elements)++;
  }
  EXPECT_GT(synthetic, 5);
  EXPECT_GT(elements, 5);
}

TEST(ReaderTraining, EvalCropsAreLabelledElements) {
  std::vector<ReaderCrop> crops = make_reader_eval_crops(/*held_out_fonts=*/true, 30, 1);
  ASSERT_EQ(crops.size(), 30u);
  int with_text = 0;
  for (const auto& crop : crops) {
    EXPECT_GT(crop.frame.width, 0);
    with_text += !crop.text.empty();
  }
  EXPECT_GT(with_text, 20);
}

TEST(ReaderTraining, ShortRunLowersTheLoss) {
  TextReaderConfig config;
  config.channels = 32;
  auto reader = TextReader::create(config, 1);
  ReaderTrainOptions options;
  options.minutes = 0.5;  // a safety cap; max_steps ends the run
  options.max_steps = 60;
  options.batch = 8;
  options.synthetic_fraction = 0.5;
  options.learning_rate = 3e-3;
  int calls = 0;
  options.progress_every = 10;
  options.progress = [&](const TrainProgress& p) {
    ++calls;
    EXPECT_GT(p.samples_per_s, 0);
    EXPECT_GE(p.eta_s, 0);
  };
  auto report = train_reader(*reader, options);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_GT(report->steps, 20);
  EXPECT_EQ(report->samples, report->steps * 8);
  EXPECT_GT(calls, 1);
  // CTC loss starts high (tens) on random weights; a few dozen steps must cut it clearly.
  EXPECT_LT(report->final_loss, 0.7 * report->first_loss)
      << "first " << report->first_loss << " final " << report->final_loss;
}

TEST(ReaderTraining, BadOptionsAreRefused) {
  auto reader = TextReader::create({}, 1);
  ReaderTrainOptions options;
  options.optimizer = "sgd-with-vibes";
  EXPECT_EQ(train_reader(*reader, options).status().code(), ErrorCode::kInvalidArgument);
  options.optimizer = "adamw";
  options.batch = 0;
  EXPECT_EQ(train_reader(*reader, options).status().code(), ErrorCode::kInvalidArgument);
}

TEST(ReaderTraining, WebPagesGiveCropsOfReadableLabels) {
  // A page in the docs/web_pages.md format, written without Chromium.
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("hemu-reader-web-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  WebPage page;
  page.seed = 3;
  page.viewport = {200, 100};
  RenderedWebPage rendered;
  rendered.frame = Frame(200, 100);
  rendered.labels.viewport = page.viewport;
  WebLabel a, b, hidden;
  a.element = {ElementClass::kButton, {10, 10, 60, 24}, "Save  now"};
  a.readable = true;
  b.element = {ElementClass::kRow, {10, 50, 150, 20}, "Lyon | $12.50"};
  b.readable = true;
  hidden.element = {ElementClass::kTextArea, {100, 10, 80, 30}, "not drawn on one line"};
  rendered.labels.labels = {a, b, hidden};
  ASSERT_TRUE(write_web_page(dir, page, rendered, /*keep_html=*/false).ok());

  auto crops = make_web_reader_crops(dir, 10, 1);
  ASSERT_TRUE(crops.ok()) << crops.status().to_string();
  ASSERT_EQ(crops->size(), 2u);  // the text area is not readable
  for (const auto& crop : *crops) {
    EXPECT_TRUE(crop.text == "Save now" || crop.text == "Lyon $12.50") << crop.text;
    EXPECT_EQ(crop.frame.height, crop.text == "Save now" ? 24 : 20);
  }
  ReaderSampleStream stream(TextReaderConfig{}, 5, /*synthetic_fraction=*/0.0);
  ASSERT_TRUE(stream.add_web_pages(dir, 1.0).ok());
  for (int i = 0; i < 4; ++i) {
    auto sample = stream.next();
    EXPECT_TRUE(sample.text == "Save now" || sample.text == "Lyon $12.50") << sample.text;
  }
  EXPECT_EQ(stream.add_web_pages(dir + "/missing", 0.5).code(), ErrorCode::kNotFound);
  EXPECT_EQ(make_web_reader_crops(dir + "/missing", 5, 1).status().code(), ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hemu
