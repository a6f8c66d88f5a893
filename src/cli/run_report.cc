#include "cli/run_report.h"

#include <cmath>
#include <cstdio>

#include "core/stats.h"

namespace hemu::cli {
namespace {
std::string format(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}
std::string quoted(const std::string& text) {
  std::string t = text.size() > 40 ? text.substr(0, 37) + "..." : text;
  return "\"" + t + "\"";
}
}  // namespace

std::string describe_action(const Action& a) {
  const std::string name = action_type_name(a.type);
  switch (a.type) {
    case ActionType::kLeftClick:
    case ActionType::kDoubleClick:
    case ActionType::kRightClick:
    case ActionType::kMouseMove:
      return format("%s (%d,%d)", name.c_str(), a.coordinate.x, a.coordinate.y);
    case ActionType::kLeftClickDrag:
      return format("drag (%d,%d)->(%d,%d)", a.start_coordinate.x, a.start_coordinate.y, a.coordinate.x,
                    a.coordinate.y);
    case ActionType::kScroll:
      return format("scroll %s %d at (%d,%d)", scroll_direction_name(a.scroll_direction), a.scroll_amount,
                    a.coordinate.x, a.coordinate.y);
    case ActionType::kType: return "type " + quoted(a.text);
    case ActionType::kKey: return "key " + a.text;
    case ActionType::kWait: return format("wait %.1f s", a.duration_s);
    case ActionType::kDone: return "done";
  }
  return name;
}

std::string step_line(const StepRecord& r) {
  const char* verdict = !r.refused.empty()               ? "refused"
                        : !r.changed.has_value()         ? ""
                        : *r.changed                     ? "changed"
                                                         : "NO EFFECT";
  const StageTimings& t = r.timings;
  return format("step %3d  %-34s %-9s parse %5.1f  decide %4.1f  act %5.1f  settle %5.1f ms", r.index,
                describe_action(r.action).c_str(), verdict, t.preprocess_us / 1e3, t.decide_us / 1e3,
                t.act_us / 1e3, t.settle_us / 1e3);
}

void RunTable::add(const SimRun& run) {
  auto [it, fresh] = rows_.emplace(run.task, Row{});
  if (fresh) order_.push_back(run.task);
  Row& r = it->second;
  r.episodes++;
  r.successes += run.success();
  r.steps += run.result.steps;
  r.seconds += run.result.seconds;
  r.human_s += run.human_reference_s;
  if (run.success()) {
    r.success_seconds += run.result.seconds;
    r.success_human_s += run.human_reference_s;
  }
  records_.insert(records_.end(), run.result.records.begin(), run.result.records.end());
}

double RunTable::success_rate() const {
  int n = 0, s = 0;
  for (const auto& [task, r] : rows_) n += r.episodes, s += r.successes;
  return n > 0 ? double(s) / n : 0;
}

double RunTable::mean_speedup() const {
  double sum = 0;
  for (const auto& [task, r] : rows_) sum += r.speedup();
  const int n = tasks_with_speed();
  return n == 0 ? 0 : sum / n;
}

int RunTable::tasks_with_speed() const {
  int n = 0;
  for (const auto& [task, r] : rows_) n += r.successes > 0;
  return n;
}

std::string RunTable::render() const {
  std::string out = "| task | episodes | success | mean steps | agent s | human s | speed x |\n"
                    "|---|---:|---:|---:|---:|---:|---:|\n";
  int episodes = 0;
  for (const std::string& task : order_) {
    const Row& r = rows_.at(task);
    episodes += r.episodes;
    const std::string speed = r.successes > 0 ? format("%.0f", r.speedup()) : "-";
    out += format("| %s | %d | %.1f %% | %.1f | %.3f | %.1f | %s |\n", task.c_str(), r.episodes,
                  100.0 * r.successes / r.episodes, r.steps / r.episodes, r.seconds / r.episodes,
                  r.human_s / r.episodes, speed.c_str());
  }
  out += format("| **all** | %d | %.1f %% | | | | %.0f (mean of %d tasks) |\n", episodes, 100.0 * success_rate(),
                mean_speedup(), tasks_with_speed());
  out += format("\ncompute per step (capture to action sent): p50 %.1f ms, p90 %.1f ms over %zu steps\n",
                compute_ms(0.5), compute_ms(0.9), records_.size());
  return out;
}

double RunTable::compute_ms(double q) const {
  std::vector<double> v;
  for (const StepRecord& r : records_) v.push_back(r.compute_us() / 1e3);
  return percentile(v, q);
}

double RunTable::whole_step_ms(double q) const {
  std::vector<double> v;
  for (const StepRecord& r : records_) v.push_back((r.compute_us() + r.timings.settle_us + r.timings.verify_us) / 1e3);
  return percentile(v, q);
}

Json RunTable::to_json() const {
  Json tasks = Json::array();
  for (const std::string& task : order_) {
    const Row& r = rows_.at(task);
    Json j = Json::object();
    j["task"] = task;
    j["episodes"] = r.episodes;
    j["success"] = double(r.successes) / r.episodes;
    j["mean_steps"] = r.steps / r.episodes;
    j["mean_agent_s"] = r.seconds / r.episodes;
    j["mean_human_s"] = r.human_s / r.episodes;
    j["speedup"] = r.successes > 0 ? Json(r.speedup()) : Json();  // successful episodes only
    tasks.push_back(j);
  }
  Json out = Json::object();
  out["tasks"] = tasks;
  out["success"] = success_rate();
  out["mean_speedup"] = mean_speedup();
  out["stages_ms"] = stage_summary_json(records_);
  return out;
}

}  // namespace hemu::cli
