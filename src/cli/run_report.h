// What `hemu run`, `hemu demo` and `hemu bench agent` print about agent runs: a live line per
// step, a one-paragraph summary of a run, and a per-task table (success, steps, time, speed as a
// multiple of the KLM human reference) with the stage percentiles.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "agent/agent_loop.h"
#include "agent/sim_agent.h"

namespace hemu::cli {

// "step  3  left_click (412,230)   changed   parse 41.2  decide 1.8  act 0.1  settle 0.0 ms"
std::string step_line(const StepRecord& record);
// A short human-readable description of an action: "left_click (412,230)", "type \"alice\"".
std::string describe_action(const Action& action);

class RunTable {
 public:
  void add(const SimRun& run);
  // Markdown: task | episodes | success | mean steps | agent s | human s | speed x, plus "all"
  // (speed of all = mean of the per-task multiples) and a line with compute/step p50 and p90.
  std::string render() const;
  Json to_json() const;
  double success_rate() const;
  double mean_speedup() const;  // mean over tasks of (mean human s / mean agent s)
  const std::vector<StepRecord>& records() const { return records_; }

 private:
  struct Row {
    int episodes = 0, successes = 0;
    double steps = 0, seconds = 0, human_s = 0;
    double speedup() const { return seconds > 0 ? human_s / seconds : 0; }
  };
  std::vector<std::string> order_;
  std::map<std::string, Row> rows_;
  std::vector<StepRecord> records_;
};

}  // namespace hemu::cli
