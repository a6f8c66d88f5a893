// The agent loop through the command line: `hemu run` in process (expert and model) writes a
// readable episode, the kill switch stops a run, `hemu agent --jsonl` answers every line and
// survives malformed ones, and a run through `hemu desktop` on a private Xvfb scores like the same
// run in process.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json.h"
#include "data/trace_reader.h"
#include "run_hemu.h"
#include "x11/testing/xvfb.h"

namespace hemu {
namespace {

using hemu::testing::run_hemu;
namespace fs = std::filesystem;

class TempRoot {
 public:
  explicit TempRoot(const std::string& name) : path_(fs::temp_directory_path() / ("hemu_agent_" + std::to_string(::getpid()) + "_" + name)) {
    fs::remove_all(path_);
  }
  ~TempRoot() { fs::remove_all(path_); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

Json parse_json_line(const std::string& text) {
  auto json = Json::parse(text.substr(0, text.find_last_not_of("\n") + 1));
  EXPECT_TRUE(json.ok()) << json.status().to_string() << "\n" << text;
  return json.ok() ? *json : Json::object();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// The one trace directory under `root`, opened.
std::unique_ptr<TraceReader> only_episode(const std::string& root) {
  std::vector<fs::path> dirs;
  if (fs::exists(root)) {
    for (const auto& e : fs::directory_iterator(root)) dirs.push_back(e.path());
  }
  EXPECT_EQ(dirs.size(), 1u) << root;
  if (dirs.size() != 1) return nullptr;
  auto trace = TraceReader::open(dirs[0].string());
  EXPECT_TRUE(trace.ok()) << trace.status().to_string();
  return trace.ok() ? std::move(*trace) : nullptr;
}

TEST(Run, ExpertRunWritesAReadableEpisode) {
  TempRoot root("expert");
  auto r = run_hemu("run --task login_navigate --seed 5 --policy expert --json --quiet --out " + root.str(), "", false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Json result = parse_json_line(r.output);
  EXPECT_TRUE(result.find("success")->as_bool());
  const int steps = int(result.find("steps")->as_int());
  EXPECT_GT(steps, 3);
  EXPECT_GT(result.find("speedup")->as_number(), 1.0);
  auto trace = only_episode(root.str());
  ASSERT_NE(trace, nullptr);
  EXPECT_TRUE(trace->problems().empty());
  EXPECT_TRUE(trace->meta().complete);
  EXPECT_EQ(trace->meta().task, "login_navigate");
  EXPECT_FALSE(trace->meta().instruction.empty());
  EXPECT_GT(trace->meta().screen.width, 0);
  EXPECT_EQ(int(trace->steps().size()), steps);
  EXPECT_EQ(trace->meta().frame_count, steps + 1);
  ASSERT_TRUE(trace->outcome().has_value());
  EXPECT_TRUE(trace->outcome()->success);
  auto last = trace->frame(trace->meta().frame_count - 1);
  ASSERT_TRUE(last.ok()) << last.status().to_string();
  EXPECT_EQ(last->width, trace->meta().screen.width);
}

TEST(Run, ModelRunFromPixelsCompletesWithStageTimings) {
  TempRoot root("model");
  auto r = run_hemu("run --task click_button --seed 1 --json --quiet --out " + root.str(), "", false);
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.output;  // success is the model's business
  Json result = parse_json_line(r.output);
  EXPECT_GE(result.find("steps")->as_int(), 1);
  EXPECT_TRUE(result.find("success")->is_bool());
  const Json* stages = result.find("stages_ms");
  ASSERT_NE(stages, nullptr);
  EXPECT_GT(stages->find("preprocess")->find("p50")->as_number(), 0);
  EXPECT_GT(stages->find("compute")->find("p90")->as_number(), 0);
  auto trace = only_episode(root.str());
  ASSERT_NE(trace, nullptr);
  EXPECT_TRUE(trace->problems().empty());
  ASSERT_FALSE(trace->steps().empty());
  EXPECT_GT(trace->steps()[0].timings.preprocess_us, 0);
}

TEST(Run, KillSwitchStopsTheRunAndBadInputIsAClearError) {
  TempRoot root("kill");
  const std::string stop = root.str() + ".stop";
  std::ofstream(stop) << "";
  auto r = run_hemu("run --task form_five_fields --policy expert --json --quiet --no-record --stop-file " + stop, "", false);
  fs::remove(stop);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  Json result = parse_json_line(r.output);
  EXPECT_EQ(result.find("stop")->as_string(), "kill_switch");
  EXPECT_EQ(result.find("steps")->as_int(), 0);
  EXPECT_FALSE(result.find("success")->as_bool());

  auto bad_model = run_hemu("run --task click_button --model /nonexistent/x.hemu --out " + root.str());
  EXPECT_EQ(bad_model.exit_code, 2) << bad_model.output;
  EXPECT_NE(bad_model.output.find("/nonexistent/x.hemu"), std::string::npos) << bad_model.output;
  EXPECT_FALSE(fs::exists(root.str())) << "no episode is started for a run that cannot start";
  auto no_task = run_hemu("run --task no_such_task");
  EXPECT_EQ(no_task.exit_code, 2) << no_task.output;
  auto expert_on_display = run_hemu("run --display :0 --instruction x --policy expert");
  EXPECT_EQ(expert_on_display.exit_code, 2) << expert_on_display.output;
}

TEST(Demo, TheMainJobRunsTheModelAndWritesTableJsonAndGif) {
  TempRoot root("demo");
  fs::create_directories(root.str());
  const std::string gif = root.str() + "/demo.gif", json = root.str() + "/demo.json";
  auto r = run_hemu("demo click_button click_tab --episodes 2 --gif " + gif + " --json " + json);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* text : {"| click_button | 2 |", "| click_tab | 2 |", "compute per step", "(pixels only)"}) {
    EXPECT_NE(r.output.find(text), std::string::npos) << text << "\n" << r.output;
  }
  std::ifstream in(json);
  auto doc = Json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  ASSERT_TRUE(doc.ok()) << doc.status().to_string();
  ASSERT_EQ(doc->find("tasks")->size(), 2u);
  // The shipped model solves click_button from pixels (90 % in eval): a GIF of a success exists.
  EXPECT_GT(doc->find("success")->as_number(), 0.0);
  EXPECT_TRUE(fs::exists(gif)) << r.output;
  EXPECT_GT(fs::file_size(gif), 1000u);
}

TEST(Agent, AnswersEveryLineAndSurvivesMalformedInput) {
  const std::string input =
      "{\"id\":1,\"task\":\"click_button\",\"seed\":2}\n"
      "not json at all\n"
      "\n"
      "{\"id\":\"b\",\"task\":\"no_such_task\"}\n"
      "{\"id\":3,\"task\":\"click_link\",\"bogus\":true}\n"
      "[1,2,3]\n"
      "{\"id\":4,\"instruction\":\"click OK\"}\n"
      "{\"id\":5,\"task\":\"type_text\",\"seed\":1,\"max_steps\":0}\n"
      "{\"id\":6,\"task\":\"click_link\",\"seed\":4,\"max_steps\":3}\n";
  auto r = run_hemu("agent --jsonl", input, false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> out = lines(r.output);
  ASSERT_EQ(out.size(), 8u) << r.output;  // one per non-empty line
  const bool expect_ok[] = {true, false, false, false, false, false, false, true};
  const char* expect_id[] = {"1", "null", "\"b\"", "3", "null", "4", "5", "6"};
  for (size_t i = 0; i < out.size(); ++i) {
    Json j = parse_json_line(out[i]);
    EXPECT_EQ(j.find("ok")->as_bool(), expect_ok[i]) << out[i];
    EXPECT_EQ(j.find("id")->dump(), expect_id[i]) << out[i];
    if (expect_ok[i]) {
      EXPECT_GE(j.find("steps")->as_int(), 1) << out[i];
      EXPECT_NE(j.find("stages_ms"), nullptr) << out[i];
      EXPECT_LE(j.find("steps")->as_int(), 3) << out[i];
    } else {
      EXPECT_FALSE(j.find("error")->as_string().empty()) << out[i];
    }
  }
  EXPECT_NE(out[2].find("no_such_task"), std::string::npos);
  EXPECT_NE(out[3].find("bogus"), std::string::npos);
  EXPECT_NE(out[5].find("display"), std::string::npos);
  EXPECT_NE(out[6].find("max_steps"), std::string::npos);
}

TEST(Agent, NeedsTheJsonlFlag) {
  auto r = run_hemu("agent");
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

// The same episodes in process (frames without the pointer sprite, as X11 capture sees them) and
// through X11 on a `hemu desktop` window. The model sees the same first screen on both paths, but
// not always the same later frames: over X11 a frame can be taken while the desktop is still
// drawing a typed string, and the detector's incremental pass depends on the frames before. So
// single episodes may differ; the scores must not: successes within one, and most episodes with
// the same outcome and step count.
TEST(RunOnX11, ScoresLikeTheInProcessRun) {
  auto xvfb = XvfbProcess::start({1024, 768});
  ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
  const std::string display = (*xvfb)->display();
  int local_successes = 0, x11_successes = 0, same = 0, episodes = 0;
  std::string log;
  for (const char* task : {"click_button", "click_link", "click_tab", "type_text", "select_dropdown"}) {
    for (int seed : {0, 1}) {
      const std::string common = std::string("run --task ") + task + " --seed " + std::to_string(seed) +
                                 " --json --quiet --no-record";
      auto local = run_hemu(common + " --no-pointer", "", false);
      auto x11 = run_hemu(common + " --display " + display, "", false);
      ASSERT_TRUE(local.exit_code == 0 || local.exit_code == 1) << local.output;
      ASSERT_TRUE(x11.exit_code == 0 || x11.exit_code == 1) << x11.output;
      Json a = parse_json_line(local.output), b = parse_json_line(x11.output);
      const bool sa = a.find("success")->as_bool(), sb = b.find("success")->as_bool();
      local_successes += sa;
      x11_successes += sb;
      same += sa == sb && a.find("steps")->as_int() == b.find("steps")->as_int();
      ++episodes;
      log += std::string(task) + " " + std::to_string(seed) + ": in process " + (sa ? "ok" : "fail") + " " +
             std::to_string(a.find("steps")->as_int()) + " steps, X11 " + (sb ? "ok" : "fail") + " " +
             std::to_string(b.find("steps")->as_int()) + " steps\n";
      if (sb) {
        EXPECT_GT(b.find("speedup")->as_number(), 0);
      }
    }
  }
  EXPECT_LE(std::abs(local_successes - x11_successes), 1) << log;
  EXPECT_GE(same, episodes - 2) << log;
  EXPECT_GT(x11_successes, 0) << "the shipped model solves none of these through X11\n" << log;
}

}  // namespace
}  // namespace hemu
