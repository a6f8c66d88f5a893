#include "train/policy_eval.h"

#include <chrono>
#include <cstdio>
#include <map>

#include "sim/play.h"
#include "sim/task_env.h"
#include "train/task_split.h"

namespace hemu {
namespace {
using Clock = std::chrono::steady_clock;

// Mean over tasks of the success rate, for tasks on one side of the split (training tasks or
// never-trained ones); `tasks` receives how many; -1 when there is none.
double mean_task_success(const std::vector<EvalTaskRow>& rows, bool held_out, int* tasks) {
  double sum = 0;
  *tasks = 0;
  for (const auto& r : rows) {
    if (is_held_out_task(r.task) != held_out) continue;
    sum += r.success_rate();
    ++*tasks;
  }
  return *tasks > 0 ? sum / *tasks : -1;
}
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

Result<std::vector<EvalEpisode>> evaluate_agent(EpisodeAgent& agent, const EvalOptions& options) {
  std::vector<EvalEpisode> out;
  const int total = int(options.tasks.size() * options.seeds.size());
  for (const auto& task : options.tasks) {
    for (uint64_t seed : options.seeds) {
      EnvConfig config;
      config.task = task;
      config.seed = seed;
      config.scale = options.scale;
      config.held_out_fonts = options.held_out_fonts;
      auto env = TaskEnv::create(config);
      HEMU_RETURN_IF_ERROR(env.status());
      auto human = human_reference_seconds(config);
      HEMU_RETURN_IF_ERROR(human.status());
      EvalEpisode e;
      e.task = task;
      e.seed = seed;
      e.human_s = *human;
      agent.begin((*env)->instruction(), (*env)->desktop().scale());
      Frame frame;
      while (!(*env)->done()) {
        auto t0 = Clock::now();
        (*env)->render(frame);
        auto t1 = Clock::now();
        Result<Action> action = agent.act(frame, **env);
        e.decide_s += since(t1);
        if (!action.ok()) {
          (*env)->finish("the policy failed: " + action.status().message());
          break;
        }
        (*env)->step(*action);
        e.agent_s += since(t0);
        // The episode clock counts the agent's time (time limits apply to it).
        (*env)->advance_time(since(t0));
      }
      const Outcome& o = (*env)->outcome();
      e.success = o.success();
      e.reward = o.reward;
      e.reason = o.reason;
      e.steps = (*env)->steps();
      out.push_back(e);
      if (options.progress) options.progress(out.back(), int(out.size()), total);
    }
  }
  return out;
}

std::vector<EvalTaskRow> summarise(const std::vector<EvalEpisode>& episodes) {
  std::vector<EvalTaskRow> rows;
  std::map<std::string, size_t> index;
  for (const auto& e : episodes) {
    auto [it, fresh] = index.emplace(e.task, rows.size());
    if (fresh) rows.push_back(EvalTaskRow{e.task});
    EvalTaskRow& r = rows[it->second];
    r.episodes++;
    r.successes += e.success;
    r.mean_steps += e.steps;
    r.mean_agent_s += e.agent_s;
    r.mean_human_s += e.human_s;
  }
  for (auto& r : rows) {
    r.mean_steps /= r.episodes;
    r.mean_agent_s /= r.episodes;
    r.mean_human_s /= r.episodes;
    r.speedup = r.mean_agent_s > 0 ? r.mean_human_s / r.mean_agent_s : 0;
  }
  return rows;
}

Json eval_json(const std::vector<EvalTaskRow>& rows) {
  Json j = Json::object();
  Json list = Json::array();
  int episodes = 0, successes = 0;
  double speed_sum = 0;
  for (const auto& r : rows) {
    Json t = Json::object();
    t["task"] = r.task;
    t["episodes"] = r.episodes;
    t["success"] = r.success_rate();
    t["mean_steps"] = r.mean_steps;
    t["mean_agent_s"] = r.mean_agent_s;
    t["mean_human_s"] = r.mean_human_s;
    t["speedup"] = r.speedup;
    list.push_back(std::move(t));
    episodes += r.episodes;
    successes += r.successes;
    speed_sum += r.speedup;
  }
  j["tasks"] = std::move(list);
  j["overall"]["episodes"] = episodes;
  j["overall"]["success"] = episodes > 0 ? double(successes) / episodes : 0.0;
  double mean_task = 0;
  for (const auto& r : rows) mean_task += r.success_rate();
  j["overall"]["mean_task_success"] = rows.empty() ? 0.0 : mean_task / double(rows.size());
  j["overall"]["mean_speedup"] = rows.empty() ? 0.0 : speed_sum / double(rows.size());
  for (const bool held_out : {false, true}) {
    int tasks = 0;
    const double mean = mean_task_success(rows, held_out, &tasks);
    if (tasks == 0) continue;
    Json side = Json::object();
    side["tasks"] = tasks;
    side["mean_task_success"] = mean;
    j["split"][held_out ? "never_trained" : "trained"] = std::move(side);
  }
  return j;
}

std::string eval_markdown(const std::vector<EvalTaskRow>& rows) {
  std::string s = "| task | episodes | success | mean steps | agent s | human s | speed x |\n|---|---:|---:|---:|---:|---:|---:|\n";
  char buf[256];
  int episodes = 0, successes = 0;
  for (const auto& r : rows) {
    std::snprintf(buf, sizeof(buf), "| %s | %d | %.1f %% | %.1f | %.4f | %.1f | %.0f |\n", r.task.c_str(), r.episodes,
                  100 * r.success_rate(), r.mean_steps, r.mean_agent_s, r.mean_human_s, r.speedup);
    s += buf;
    episodes += r.episodes;
    successes += r.successes;
  }
  std::snprintf(buf, sizeof(buf), "| **all** | %d | %.1f %% | | | | |\n", episodes,
                episodes > 0 ? 100.0 * successes / episodes : 0.0);
  s += buf;
  // The two targets: training tasks on held-out seeds, and never-trained tasks.
  for (const bool held_out : {false, true}) {
    int tasks = 0;
    const double mean = mean_task_success(rows, held_out, &tasks);
    if (tasks == 0) continue;
    std::snprintf(buf, sizeof(buf), "| **%s (mean of %d tasks)** | | %.1f %% | | | | |\n",
                  held_out ? "never-trained tasks" : "trained tasks", tasks, 100 * mean);
    s += buf;
  }
  return s;
}

}  // namespace hemu

#include "policy/decision_memory.h"
#include "policy/decision_model.h"
#include "train/detector_training.h"

namespace hemu {
namespace {

class LabelPerceptionAgent final : public EpisodeAgent {
 public:
  explicit LabelPerceptionAgent(DecisionModel& model) : model_(model) {}
  void begin(const std::string& instruction, double) override {
    instruction_ = instruction;
    past_.clear();
    memory_.clear();
    model_.reset();
  }
  Result<Action> act(const Frame& frame, TaskEnv& env) override {
    DecisionInput input = make_decision_input(instruction_, visible_element_labels(env.desktop()),
                                              {frame.width, frame.height}, memory_,
                                              reads_remembered(model_.config().feature_version));
    set_history(input, past_);
    auto action = decode_choice(input, model_.decide(input));
    if (action.ok()) past_.push_back(*action);
    return action;
  }

 private:
  DecisionModel& model_;
  std::string instruction_;
  std::vector<Action> past_;
  ScreenMemory memory_;  // as NeuralPolicy keeps it
};

}  // namespace

std::unique_ptr<EpisodeAgent> make_label_perception_agent(DecisionModel& model) {
  return std::make_unique<LabelPerceptionAgent>(model);
}

}  // namespace hemu

#include "policy/neural_policy.h"

namespace hemu {
namespace {

class PixelAgent final : public EpisodeAgent {
 public:
  explicit PixelAgent(NeuralPolicy& policy) : policy_(policy) {}
  void begin(const std::string& instruction, double ui_scale) override { policy_.begin(instruction, ui_scale); }
  Result<Action> act(const Frame& frame, TaskEnv&) override { return policy_.decide(frame); }

 private:
  NeuralPolicy& policy_;
};

}  // namespace

std::unique_ptr<EpisodeAgent> make_pixel_agent(NeuralPolicy& policy) { return std::make_unique<PixelAgent>(policy); }

Result<std::vector<EvalTaskRow>> evaluate_from_pixels(NeuralPolicy& policy, const std::vector<std::string>& tasks,
                                                      const std::vector<uint64_t>& seeds) {
  auto agent = make_pixel_agent(policy);
  EvalOptions options;
  options.tasks = tasks;
  options.seeds = seeds;
  auto episodes = evaluate_agent(*agent, options);
  HEMU_RETURN_IF_ERROR(episodes.status());
  return summarise(*episodes);
}

}  // namespace hemu
