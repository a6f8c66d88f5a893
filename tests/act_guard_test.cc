// `hemu act` on a private Xvfb through the safety guard: refusals, dry run, audit log, kill switch.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/json.h"
#include "run_hemu.h"
#include "x11/testing/xvfb.h"

namespace {

using ActResult = hemu::testing::CommandResult;

ActResult run(const std::string& args) { return hemu::testing::run_hemu(args); }

class ActGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto xvfb = hemu::XvfbProcess::start({800, 600});
    ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
    xvfb_ = std::move(*xvfb);
    dir_ = std::filesystem::temp_directory_path() / ("hemu_act_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string act(const std::string& flags, const std::string& action) {
    return "act --display " + xvfb_->display() + " " + flags + " '" + action + "'";
  }
  std::unique_ptr<hemu::XvfbProcess> xvfb_;
  std::filesystem::path dir_;
};

TEST_F(ActGuardTest, PointerOutsideTheAllowedRegionIsRefused) {
  ActResult r = run(act("--allowed-region 0,0,100,100", R"({"action":"left_click","coordinate":[500,500]})"));
  // A refusal is bad input for the guard: exit code 2, nothing sent, the point named.
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("outside the allowed region"), std::string::npos) << r.output;
  ActResult inside = run(act("--allowed-region 0,0,100,100", R"({"action":"left_click","coordinate":[50,50]})"));
  EXPECT_EQ(inside.exit_code, 0) << inside.output;
}

TEST_F(ActGuardTest, DefaultBlockedKeysAreRefusedUnlessAllowed) {
  ActResult r = run(act("", R"({"action":"key","text":"ctrl+alt+Delete"})"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("blocked"), std::string::npos) << r.output;
  ActResult custom = run(act("--block-keys ctrl+q", R"({"action":"key","text":"ctrl+q"})"));
  EXPECT_EQ(custom.exit_code, 2) << custom.output;
  ActResult allowed = run(act("", R"({"action":"key","text":"ctrl+a"})"));
  EXPECT_EQ(allowed.exit_code, 0) << allowed.output;
}

TEST_F(ActGuardTest, DryRunWritesTheAuditLogAndSendsNothing) {
  std::string log = (dir_ / "audit.jsonl").string();
  ActResult r = run(act("--dry-run --audit-log " + log, R"({"action":"left_click","coordinate":[10,10]})"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(log);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  auto entry = hemu::Json::parse(line);
  ASSERT_TRUE(entry.ok()) << line;
  ASSERT_NE(entry->find("verdict"), nullptr);
  EXPECT_EQ(entry->find("verdict")->as_string(), "dry_run");
  EXPECT_NE(entry->find("action"), nullptr);
  // The frame the action was decided on is identified by its hash.
  ASSERT_NE(entry->find("frame_hash"), nullptr);
  EXPECT_TRUE(entry->find("frame_hash")->is_string()) << line;
}

TEST_F(ActGuardTest, AnExistingStopFileCancelsEveryAction) {
  std::string stop = (dir_ / "STOP").string();
  std::ofstream(stop) << "stop";
  ActResult r = run(act("--stop-file " + stop, R"({"action":"type","text":"hello"})"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("cancel"), std::string::npos) << r.output;
}

}  // namespace
