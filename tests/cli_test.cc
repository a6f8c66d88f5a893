// Drives the built `hemu` binary the way a user does.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/json.h"
#include "image/gif.h"
#include "image/png.h"
#include "run_hemu.h"

namespace {

using hemu::testing::CommandResult;

CommandResult hemu(const std::string& args, const std::string& stdin_text = "") {
  return hemu::testing::run_hemu(args, stdin_text);
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hemu_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(CliTest, HelpListsCommandsAndUnknownCommandFails) {
  CommandResult help = hemu("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* cmd : {"tasks", "show", "play", "demo", "bench"}) EXPECT_NE(help.output.find(cmd), std::string::npos);
  CommandResult show_help = hemu("show --help");
  EXPECT_EQ(show_help.exit_code, 0);
  EXPECT_NE(show_help.output.find("--scale"), std::string::npos);
  CommandResult bad = hemu("frobnicate");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("unknown command"), std::string::npos);
}

TEST_F(CliTest, TasksListsTheSuite) {
  CommandResult r = hemu("tasks");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("click_button"), std::string::npos);
  CommandResult json = hemu("tasks --json");
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_NE(json.output.find("\"family\":\"click\""), std::string::npos);
  EXPECT_EQ(hemu("tasks --family nonsense").exit_code, 2);
}

TEST_F(CliTest, ShowWritesAPngOfTheRequestedSize) {
  CommandResult r = hemu("show click_button --seed 3 --size 1920x1080 --scale 1.5 --out " + path("a.png"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Click"), std::string::npos) << "prints the instruction";
  auto frame = hemu::png_read(path("a.png"));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  EXPECT_EQ(frame->width, 1920);
  EXPECT_EQ(frame->height, 1080);
}

TEST_F(CliTest, ShowRejectsUnsupportedSizesClearly) {
  CommandResult small = hemu("show click_button --size 320x200 --out " + path("b.png"));
  EXPECT_EQ(small.exit_code, 2);
  EXPECT_NE(small.output.find("640x480"), std::string::npos) << small.output;
  CommandResult garbage = hemu("show click_button --size big --out " + path("b.png"));
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_NE(garbage.output.find("WIDTHxHEIGHT"), std::string::npos) << garbage.output;
  CommandResult unknown = hemu("show no_such_task");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(path("b.png")));
}

TEST_F(CliTest, PlayReportsAndWritesGifAndStrip) {
  CommandResult r = hemu("play click_button --episodes 3 --gif " + path("e.gif") + " --strip " + path("s.png"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("100.0%"), std::string::npos) << r.output;
  auto gif = hemu::gif_inspect(path("e.gif"));
  ASSERT_TRUE(gif.ok()) << gif.status().to_string();
  EXPECT_GE(gif->frame_count, 2);
  EXPECT_TRUE(hemu::png_read(path("s.png")).ok());
  EXPECT_EQ(hemu("play click_button --policy telepathy").exit_code, 2);
}

TEST_F(CliTest, ReplayedActionsAreJudgedAndBadJsonNamesTheLine) {
  // A click far from every button: the episode does not succeed.
  std::ofstream(path("miss.jsonl")) << R"({"action":"left_click","coordinate":[2,2]})" << "\n"
                                    << R"({"action":"done"})" << "\n";
  CommandResult miss = hemu("play click_button --seed 1 --actions " + path("miss.jsonl"));
  EXPECT_EQ(miss.exit_code, 1) << miss.output;
  EXPECT_NE(miss.output.find("failure"), std::string::npos);
  CommandResult bad = hemu("play click_button --actions -", "{\"action\":\"done\"}\n");
  EXPECT_EQ(bad.exit_code, 1);
  CommandResult malformed = hemu("play click_button --actions -", "\n{\"action\":\"left_click\",\"coordinate\":[1]}\n");
  EXPECT_EQ(malformed.exit_code, 2) << malformed.output;
  EXPECT_NE(malformed.output.find(":2"), std::string::npos) << "names the line: " << malformed.output;
  EXPECT_NE(malformed.output.find("coordinate"), std::string::npos) << malformed.output;
}

TEST_F(CliTest, ExpertActionsReplayedFromJsonSucceed) {
  // The JSON form carries everything: the expert's own actions, written out and replayed, succeed.
  CommandResult json = hemu("play click_button --seed 4 --episodes 1 --json --size 640x480 --scale 2");
  ASSERT_EQ(json.exit_code, 0);
  auto episode = hemu::Json::parse(json.output);
  ASSERT_TRUE(episode.ok()) << json.output;
  ASSERT_NE(episode->find("actions"), nullptr);
  std::ofstream out(path("expert.jsonl"));
  for (const auto& action : episode->find("actions")->as_array()) out << action.dump() << "\n";
  out.close();
  CommandResult replay = hemu("play click_button --seed 4 --size 640x480 --scale 2 --actions " + path("expert.jsonl"));
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  EXPECT_NE(replay.output.find("success"), std::string::npos) << replay.output;
}

}  // namespace
