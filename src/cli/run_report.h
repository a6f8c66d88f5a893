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
  // and a line with compute/step p50 and p90. Speed counts successful episodes only (a fast
  // failure is no speed): KLM human time / agent time over them; "-" for a task with none; the
  // "all" row is the mean over tasks that have one.
  std::string render() const;
  Json to_json() const;
  double success_rate() const;
  double mean_speedup() const;  // mean over tasks with a success of (human s / agent s) on successes
  int tasks_with_speed() const;
  const std::vector<StepRecord>& records() const { return records_; }
  // Percentiles over every step added, ms: compute (capture to action sent), and the whole step
  // (compute + settle + verify).
  double compute_ms(double q) const;
  double whole_step_ms(double q) const;

 private:
  struct Row {
    int episodes = 0, successes = 0;
    double steps = 0, seconds = 0, human_s = 0;
    double success_seconds = 0, success_human_s = 0;  // over successful episodes
    double speedup() const { return success_seconds > 0 ? success_human_s / success_seconds : 0; }
  };
  std::vector<std::string> order_;
  std::map<std::string, Row> rows_;
  std::vector<StepRecord> records_;
};

}  // namespace hemu::cli
