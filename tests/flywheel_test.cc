// The flywheel through the command line:
//  - a model whose decision part learned only from recorded X11 sessions of a task succeeds on
//    that task: a "person" (separate `hemu act` processes injecting XTest input) works
//    `hemu desktop` windows on a private Xvfb while `hemu record` records; `hemu imitate
//    --from-scratch` learns from the recordings (labelled on the fly) and `hemu eval` judges it;
//  - `hemu flywheel` runs generate -> learn -> evaluate -> practise and writes its report and models.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/child_process.h"
#include "core/json.h"
#include "run_hemu.h"
#include "sim/task_env.h"
#include "x11/testing/xvfb.h"

namespace hemu {
namespace {

using hemu::testing::run_hemu;
namespace fs = std::filesystem;

// The base model whose perception parses the frames ($HEMU_TEST_MODEL to try another one).
std::string base_model() {
  const char* env = std::getenv("HEMU_TEST_MODEL");
  return env != nullptr && *env != '\0' ? env : "models/default.hemu";
}

std::string temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("hemu_flywheel_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(p);
  return p.string();
}

// One recorded session: the desktop shows click_button (seed), the recorder runs, the person
// clicks where the task's expert would (what a person who read the instruction does).
void record_session(const std::string& display, uint64_t seed, const std::string& out) {
  auto desktop = ChildProcess::spawn({HEMU_BINARY, "desktop", "--display", display, "click_button", "--seed",
                                      std::to_string(seed)}, /*quiet=*/true);
  ASSERT_TRUE(desktop.ok()) << desktop.status().to_string();
  std::optional<std::string> instruction = (*desktop)->read_line(20000);
  ASSERT_TRUE(instruction.has_value() && !instruction->empty()) << "hemu desktop showed no task";
  auto recorder = ChildProcess::spawn({HEMU_BINARY, "record", "--display", display, "--out", out, "--seconds", "2.5",
                                       "--instruction", *instruction}, /*quiet=*/true);
  ASSERT_TRUE(recorder.ok()) << recorder.status().to_string();
  for (int i = 0; i < 400 && !fs::exists(out); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(fs::exists(out)) << "hemu record did not start";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a person reads before acting

  EnvConfig config;
  config.task = "click_button";
  config.seed = seed;
  auto env = TaskEnv::create(config);
  ASSERT_TRUE(env.ok());
  ASSERT_EQ((*env)->instruction(), *instruction);
  const Action click = (*env)->expert_action();
  auto acted = run_hemu("act --display " + display + " '" + action_to_json(click) + "'");
  ASSERT_EQ(acted.exit_code, 0) << acted.output;
  std::optional<std::string> outcome = (*desktop)->read_line(10000);
  ASSERT_TRUE(outcome.has_value()) << "the desktop did not judge the click";
  EXPECT_NE(outcome->find("\"success\":true"), std::string::npos) << *outcome;
  EXPECT_EQ((*recorder)->wait_exit(20000), std::optional<int>(0));
}

TEST(Flywheel, AModelTrainedOnlyOnRecordedX11SessionsSucceedsOnThatTask) {
  auto xvfb = XvfbProcess::start({800, 600});
  ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
  const std::string root = temp_dir("recordings");
  const int sessions = 12;
  for (int i = 0; i < sessions; ++i) {
    record_session((*xvfb)->display(), 4'000'000 + uint64_t(i), root + "/session-" + std::to_string(i));
    if (HasFatalFailure()) return;
  }
  const std::string model = temp_dir("recorded.hemu");
  auto learned = run_hemu("imitate " + root + " --model " + base_model() + " --from-scratch --steps 200 --threads 2 --out " + model);
  ASSERT_EQ(learned.exit_code, 0) << learned.output;
  EXPECT_NE(learned.output.find(std::to_string(sessions) + " used"), std::string::npos) << learned.output;
  const std::string json = temp_dir("eval.json");
  auto eval = run_hemu("eval --model " + model + " --tasks click_button --seeds 0-9 --chart '' --json " + json);
  ASSERT_EQ(eval.exit_code, 0) << eval.output;
  std::ifstream in(json);
  auto doc = Json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  ASSERT_TRUE(doc.ok()) << doc.status().to_string();
  // click_button shows 3-6 buttons: chance is at most 1/3.
  EXPECT_GE(doc->find("overall")->find("success")->as_number(), 0.5) << eval.output;
  fs::remove_all(root);
  fs::remove(model);
  fs::remove(json);
}

TEST(Flywheel, OneCommandGeneratesLearnsEvaluatesPractisesAndReports) {
  const std::string out = temp_dir("run");
  auto r = run_hemu("flywheel click_button --model " + base_model() + " --out " + out + " --episodes 3 --imitate-steps 5 --practice-rounds 1 "
                    "--practice-episodes 2 --practice-steps 2 --seeds 0-1 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* file : {"report.md", "imitated.hemu", "practised.hemu"}) {
    EXPECT_TRUE(fs::exists(out + "/" + file)) << file << "\n" << r.output;
  }
  for (const char* text : {"## 1. Data", "3 human-like demonstrations", "## 3. Success", "| click_button |",
                           "## 4. Practice", "(final)"}) {
    EXPECT_NE(r.output.find(text), std::string::npos) << text << "\n" << r.output;
  }
  auto info = run_hemu("model info " + out + "/practised.hemu");
  EXPECT_EQ(info.exit_code, 0) << info.output;
  auto bad = run_hemu("flywheel --traces /nonexistent/traces --out " + out);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("/nonexistent/traces"), std::string::npos) << bad.output;
  fs::remove_all(out);
}

}  // namespace
}  // namespace hemu
