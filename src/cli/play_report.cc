#include "cli/play_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/json.h"
#include "image/gif.h"
#include "image/resize.h"

namespace hemu::cli {

double policy_seconds(const EpisodeReport& e, SimPolicy policy) {
  return policy == SimPolicy::kHumanExpert ? e.human_like_s : e.wall_s;
}

std::string episode_json(const EpisodeReport& e, SimPolicy policy) {
  Json j = Json::object();
  j["task"] = e.task;
  j["seed"] = int64_t(e.seed);
  j["policy"] = sim_policy_name(policy);
  j["success"] = e.outcome.success();
  j["reward"] = e.outcome.reward;
  j["reason"] = e.outcome.reason;
  j["steps"] = e.steps;
  j["seconds"] = policy_seconds(e, policy);
  j["human_reference_s"] = e.human_reference_s;
  j["instruction"] = e.instruction;
  Json actions = Json::array();
  for (const auto& a : e.actions) actions.push_back(*Json::parse(action_to_json(a)));
  j["actions"] = actions;
  return j.dump();
}

void PlayTable::add(const EpisodeReport& e, SimPolicy policy) {
  if (!rows_.count(e.task)) order_.push_back(e.task);
  Row& r = rows_[e.task];
  ++r.episodes;
  r.successes += e.outcome.success() ? 1 : 0;
  r.reward += e.outcome.reward;
  r.steps += e.steps;
  r.seconds += policy_seconds(e, policy);
  r.reference_s += e.human_reference_s;
}

double PlayTable::overall_success() const {
  int n = 0, s = 0;
  for (const auto& [task, r] : rows_) n += r.episodes, s += r.successes;
  return n == 0 ? 0 : double(s) / n;
}

static std::string format_multiple(double x) {
  char buf[32];
  if (x >= 1000) std::snprintf(buf, sizeof buf, "%.0fx", x);
  else std::snprintf(buf, sizeof buf, "%.1fx", x);
  return buf;
}

static std::string format_seconds(double s) {
  char buf[32];
  if (s < 0.001) std::snprintf(buf, sizeof buf, "%.3f ms", s * 1000);
  else if (s < 0.01) std::snprintf(buf, sizeof buf, "%.2f ms", s * 1000);
  else if (s < 1) std::snprintf(buf, sizeof buf, "%.0f ms", s * 1000);
  else std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

std::string PlayTable::render() const {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "| %-26s | %4s | %8s | %6s | %5s | %9s | %9s | %9s |\n", "task", "runs", "success",
                "reward", "steps", "time", "human", "speed");
  out += line;
  out += "|----------------------------|------|----------|--------|-------|-----------|-----------|-----------|\n";
  Row total;
  for (const auto& task : order_) {
    const Row& r = rows_.at(task);
    double n = r.episodes;
    double time = r.seconds / n, reference = r.reference_s / n;
    std::snprintf(line, sizeof line, "| %-26s | %4d | %7.1f%% | %+6.2f | %5.1f | %9s | %9s | %9s |\n", task.c_str(),
                  r.episodes, 100.0 * r.successes / n, r.reward / n, r.steps / n, format_seconds(time).c_str(),
                  format_seconds(reference).c_str(), format_multiple(time > 0 ? reference / time : 0.0).c_str());
    out += line;
    total.episodes += r.episodes, total.successes += r.successes, total.reward += r.reward;
    total.steps += r.steps, total.seconds += r.seconds, total.reference_s += r.reference_s;
  }
  if (order_.size() > 1) {
    double n = total.episodes;
    std::snprintf(line, sizeof line, "| %-26s | %4d | %7.1f%% | %+6.2f | %5.1f | %9s | %9s | %9s |\n",
                  ("all (" + policy_name_ + ")").c_str(), total.episodes, 100.0 * total.successes / n,
                  total.reward / n, total.steps / n, format_seconds(total.seconds / n).c_str(),
                  format_seconds(total.reference_s / n).c_str(),
                  format_multiple(total.seconds > 0 ? total.reference_s / total.seconds : 0.0).c_str());
    out += line;
  }
  return out;
}

Status write_frames_gif(const std::vector<Frame>& frames, const std::string& path, int max_width) {
  if (frames.empty()) return invalid_argument("no frames recorded");
  const Frame& first = frames.front();
  int width = std::min(first.width, max_width);
  int height = int(std::lround(double(first.height) * width / first.width));
  auto gif = GifWriter::open(path, width, height);
  HEMU_RETURN_IF_ERROR(gif.status());
  for (size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = frames[i];
    Frame scaled = f.width == width ? f : downscale_area(f, width, height);
    bool last = i + 1 == frames.size();
    HEMU_RETURN_IF_ERROR((*gif)->add_frame(scaled, last ? 2000 : 700));
  }
  return (*gif)->close();
}

}  // namespace hemu::cli
