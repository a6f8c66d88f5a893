// Drives `hemu play --record` and `hemu data` the way a user does.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/json.h"
#include "data/trace_reader.h"
#include "run_hemu.h"

namespace {

using hemu::testing::CommandResult;

CommandResult hemu_run(const std::string& args) { return hemu::testing::run_hemu(args); }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs a shell command, returning its exit code and output.
CommandResult shell(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class DataCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hemu_data_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(DataCliTest, PlayRecordsEpisodesThatStatsCounts) {
  CommandResult play = hemu_run("play click_button --episodes 3 --record " + path("D"));
  ASSERT_EQ(play.exit_code, 0) << play.output;
  for (int seed = 0; seed < 3; ++seed) {
    auto trace = hemu::TraceReader::open(path("D/click_button-" + std::to_string(seed)), {.decode_frames = true});
    ASSERT_TRUE(trace.ok()) << trace.status().to_string();
    const auto steps = (*trace)->steps();
    ASSERT_FALSE(steps.empty());
    // A frame before every step (the observation) and one after the last.
    EXPECT_EQ((*trace)->frame_count(), int64_t(steps.size()) + 1);
    for (size_t i = 0; i < steps.size(); ++i) {
      EXPECT_EQ(steps[i].frame_index, int64_t(i));
      EXPECT_TRUE(steps[i].has_timings);
    }
    EXPECT_EQ((*trace)->meta().task, "click_button");
    EXPECT_EQ((*trace)->meta().seed, uint64_t(seed));
    EXPECT_FALSE((*trace)->meta().instruction.empty());
    ASSERT_TRUE((*trace)->outcome().has_value());
  }
  CommandResult stats = hemu_run("data stats " + path("D"));
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_NE(stats.output.find("traces     3 (3 episodes, 0 recordings)"), std::string::npos) << stats.output;
  EXPECT_NE(stats.output.find("success    100.0 %"), std::string::npos) << stats.output;
  EXPECT_NE(stats.output.find("problems   0"), std::string::npos) << stats.output;
  CommandResult json = hemu_run("data stats --json " + path("D"));
  auto parsed = hemu::Json::parse(json.output);
  ASSERT_TRUE(parsed.ok()) << json.output;
  EXPECT_EQ(parsed->find("episodes")->as_int(), 3);
  EXPECT_EQ(parsed->find("success_rate")->as_number(), 1.0);
  EXPECT_EQ(hemu_run("data check " + path("D")).exit_code, 0);
  // The human-like expert records too (without per-step timings).
  CommandResult human = hemu_run("play click_button --policy human --episodes 2 --record " + path("H"));
  ASSERT_EQ(human.exit_code, 0) << human.output;
  EXPECT_NE(hemu_run("data stats " + path("H")).output.find("2 episodes"), std::string::npos);
  // Recording again into the same place is refused rather than overwriting.
  EXPECT_NE(hemu_run("play click_button --episodes 1 --record " + path("D")).exit_code, 0);
}

TEST_F(DataCliTest, CheckAndStatsReportDamagePrecisely) {
  ASSERT_EQ(hemu_run("play click_button --episodes 1 --record " + path("D")).exit_code, 0);
  const std::string frames = path("D/click_button-0/frames.bin");
  std::filesystem::resize_file(frames, std::filesystem::file_size(frames) - 10);
  CommandResult check = hemu_run("data check " + path("D"));
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.output.find("frames.bin: record 1 at byte "), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("truncated payload"), std::string::npos) << check.output;
  CommandResult stats = hemu_run("data stats " + path("D"));
  EXPECT_EQ(stats.exit_code, 0);
  EXPECT_NE(stats.output.find("problems   "), std::string::npos);
  EXPECT_NE(stats.output.find("truncated payload"), std::string::npos) << stats.output;
  // Damaged traces stay out of datasets until repaired.
  EXPECT_NE(hemu_run("data merge " + path("M") + " " + path("D")).output.find("added 0 traces"), std::string::npos);
  CommandResult repair = hemu_run("data repair " + path("D"));
  EXPECT_EQ(repair.exit_code, 0) << repair.output;
  EXPECT_NE(repair.output.find("repaired (1 frames"), std::string::npos) << repair.output;
  EXPECT_EQ(hemu_run("data check " + path("D")).exit_code, 0);
  EXPECT_NE(hemu_run("data merge " + path("M") + " " + path("D")).output.find("added 1 traces"), std::string::npos);
}

TEST_F(DataCliTest, MergeAndSplitAreDeterministic) {
  ASSERT_EQ(hemu_run("play click_button,click_link --episodes 4 --record " + path("A")).exit_code, 0);
  ASSERT_EQ(hemu_run("play type_text --episodes 4 --record " + path("B")).exit_code, 0);
  CommandResult merge = hemu_run("data merge " + path("M1") + " " + path("A") + " " + path("B"));
  ASSERT_EQ(merge.exit_code, 0) << merge.output;
  EXPECT_NE(merge.output.find("added 12 traces"), std::string::npos) << merge.output;
  ASSERT_EQ(hemu_run("data merge --copy " + path("M2") + " " + path("A") + " " + path("B")).exit_code, 0);
  EXPECT_EQ(read_file(path("M1/dataset.json")), read_file(path("M2/dataset.json")));
  EXPECT_NE(read_file(path("M1/dataset.json")).find("\"path\": \"click_link-3\""), std::string::npos);
  CommandResult split = hemu_run("data split " + path("M1") + " --train 0.75 --seed 5");
  ASSERT_EQ(split.exit_code, 0) << split.output;
  ASSERT_EQ(hemu_run("data split " + path("M2") + " --train 0.75 --seed 5").exit_code, 0);
  EXPECT_EQ(read_file(path("M1/train.json")), read_file(path("M2/train.json")));
  EXPECT_EQ(read_file(path("M1/val.json")), read_file(path("M2/val.json")));
  EXPECT_NE(split.output.find("train:"), std::string::npos);
  CommandResult stats = hemu_run("data stats " + path("M1"));
  EXPECT_NE(stats.output.find("traces     12"), std::string::npos) << stats.output;
  EXPECT_EQ(hemu_run("data split " + path("M1") + " --train 2").exit_code, 2);
}

TEST_F(DataCliTest, ExportWritesAPlayableVideo) {
  ASSERT_EQ(hemu_run("play click_button --episodes 1 --record " + path("D")).exit_code, 0);
  // Two frames at 10 fps, each shown at least 500 ms, the last held 1 s: 5 + 10 video frames.
  CommandResult out = hemu_run("data export " + path("D/click_button-0") + " " + path("e.mp4") +
                               " --fps 10 --min-frame-ms 500 --hold-last-ms 1000");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  CommandResult probe = shell("ffprobe -v error -show_entries stream=nb_frames,width,height -of default=noprint_wrappers=1 " +
                              path("e.mp4"));
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_NE(probe.output.find("width=640"), std::string::npos) << probe.output;
  EXPECT_NE(probe.output.find("height=480"), std::string::npos) << probe.output;
  EXPECT_NE(probe.output.find("nb_frames=15"), std::string::npos) << probe.output;
  // Without ffmpeg: a clear error, not a crash.
  CommandResult missing = shell("PATH=/nonexistent " + std::string(HEMU_BINARY) + " data export " +
                                path("D/click_button-0") + " " + path("f.mp4"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("ffmpeg not found on PATH"), std::string::npos) << missing.output;
  EXPECT_FALSE(std::filesystem::exists(path("f.mp4")));
}

}  // namespace
