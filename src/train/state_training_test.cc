#include "train/state_training.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hemu {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(StateTraining, TasksWithGlyphsAreTheCheckboxAndRadioTasks) {
  const std::vector<std::string> trained = tasks_with_state_glyphs(false);
  EXPECT_TRUE(contains(trained, "click_checkboxes"));
  EXPECT_TRUE(contains(trained, "click_radio"));
  EXPECT_FALSE(contains(trained, "click_button"));
  const std::vector<std::string> all = tasks_with_state_glyphs(true);
  EXPECT_GE(all.size(), trained.size());
}

TEST(StateTraining, RejectsBadOptions) {
  auto reader = StateReader::create(StateReaderConfig{}, 1);
  StateTrainOptions options;
  options.batch = 0;
  EXPECT_EQ(train_state_reader(*reader, options).status().code(), ErrorCode::kInvalidArgument);
  options.batch = 8;
  options.minutes = 0;
  EXPECT_EQ(train_state_reader(*reader, options).status().code(), ErrorCode::kInvalidArgument);
  options.minutes = 1;
  options.web_share = 0.5;
  options.web_pages_dir = "/nonexistent/pages";
  EXPECT_FALSE(train_state_reader(*reader, options).ok());
}

// A short run learns ticks well above chance on held-out seeds and fonts (an untrained reader
// answers one class for nearly everything: ~50-60 %).
TEST(StateTraining, ShortRunLearnsTicks) {
  auto reader = StateReader::create(StateReaderConfig{}, 1);
  const StateEvalReport before = evaluate_state_reader(*reader, /*held_out_fonts=*/true, 24, 3);
  StateTrainOptions options;
  options.minutes = 10;  // a safety cap only (a loaded machine): max_steps ends the run
  options.max_steps = 80;
  options.batch = 32;
  options.seed = 4;
  auto report = train_state_reader(*reader, options);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->steps, 80);
  EXPECT_LT(report->final_loss, report->first_loss * 0.7);
  const StateEvalReport after = evaluate_state_reader(*reader, /*held_out_fonts=*/true, 24, 3);
  ASSERT_GT(after.total, 30);
  EXPECT_EQ(after.total, before.total);  // the same glyphs
  EXPECT_GT(after.accuracy(), 0.8) << after.to_text();
  EXPECT_GT(after.accuracy(), before.accuracy() + 0.1) << before.to_text() << after.to_text();
}

}  // namespace
}  // namespace hemu
