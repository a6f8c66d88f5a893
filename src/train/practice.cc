#include "train/practice.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <optional>

#include "policy/decision_features.h"
#include "policy/decision_model.h"
#include "policy/decision_net.h"
#include "policy/neural_policy.h"
#include "policy/torch_util.h"
#include "sim/task_env.h"
#include "train/episode_fit.h"
#include "train/optimizer.h"
#include "train/policy_eval.h"

namespace hemu {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Plays one episode from pixels; returns it when the task judged it solved.
std::optional<DecisionEpisode> play_from_pixels(NeuralPolicy& policy, const std::string& task, uint64_t seed) {
  EnvConfig config;
  config.task = task;
  config.seed = seed;
  auto env = TaskEnv::create(config);
  if (!env.ok()) return std::nullopt;
  const std::string instruction = (*env)->instruction();
  policy.begin(instruction, (*env)->desktop().scale());
  Frame frame;
  std::vector<std::vector<UiElement>> seen;
  std::vector<Action> actions;
  while (!(*env)->done()) {
    const auto t = Clock::now();
    (*env)->render(frame);
    Result<Action> action = policy.decide(frame);
    if (!action.ok()) return std::nullopt;  // pointed at nothing: a failed episode
    seen.push_back(policy.last_elements());
    actions.push_back(*action);
    (*env)->step(*action);
    (*env)->advance_time(seconds_since(t));
  }
  if (!(*env)->outcome().success()) return std::nullopt;
  return make_decision_episode(instruction, seen, {frame.width, frame.height}, actions);
}

Result<PracticeRound> evaluate_round(NeuralPolicy& policy, const PracticeOptions& options, int round) {
  auto agent = make_pixel_agent(policy);
  EvalOptions eo;
  eo.tasks = options.tasks;
  eo.seeds = options.eval_seeds;
  auto episodes = evaluate_agent(*agent, eo);
  HEMU_RETURN_IF_ERROR(episodes.status());
  PracticeRound r;
  r.round = round;
  double sum = 0;
  for (const EvalTaskRow& row : summarise(*episodes)) {
    r.eval_success[row.task] = row.success_rate();
    sum += row.success_rate();
  }
  r.mean_eval_success = options.tasks.empty() ? 0 : sum / double(options.tasks.size());
  return r;
}

}  // namespace

Result<std::vector<PracticeRound>> practice(NeuralPolicy& policy, const PracticeOptions& options_in) {
  PracticeOptions options = options_in;
  if (options.tasks.empty()) return invalid_argument("practice: no tasks");
  if (options.rounds < 1) return invalid_argument("practice: rounds must be >= 1");
  if (options.eval_seeds.empty()) {
    for (uint64_t s = 0; s < 10; ++s) options.eval_seeds.push_back(s);
  }
  auto log = [&](const std::string& m) { if (options.log) options.log(m); };
  set_torch_threads(options.threads);
  torch::manual_seed(options.seed);
  DecisionModel& model = policy.decision_model();
  OptimizerOptions oo;
  oo.name = "adamw";
  oo.learning_rate = options.learning_rate;
  oo.weight_decay = 0.01;
  auto optimizer = make_optimizer(model.net().parameters(), oo);
  HEMU_RETURN_IF_ERROR(optimizer.status());

  std::map<std::string, std::deque<DecisionEpisode>> buffer;
  std::vector<PracticeRound> rows;
  uint64_t next_seed = kFirstPracticeSeed + options.seed * 100'000;
  int64_t total_steps = 0;
  const auto t0 = Clock::now();
  for (int round = 0; round < options.rounds; ++round) {
    auto row = evaluate_round(policy, options, round);
    HEMU_RETURN_IF_ERROR(row.status());
    char percent[32];
    std::snprintf(percent, sizeof percent, "%.1f %%", 100 * row->mean_eval_success);
    log("round " + std::to_string(round) + ": eval success " + percent);

    // Play and keep what succeeded.
    for (const std::string& task : options.tasks) {
      for (int i = 0; i < options.episodes_per_task; ++i) {
        row->practice_episodes++;
        std::optional<DecisionEpisode> solved = play_from_pixels(policy, task, next_seed++);
        if (!solved) continue;
        row->practice_successes++;
        auto& kept = buffer[task];
        kept.push_back(std::move(*solved));
        while (int(kept.size()) > options.buffer_per_task) kept.pop_front();
      }
    }
    std::map<std::string, std::vector<const DecisionEpisode*>> groups;
    for (const auto& [task, kept] : buffer) {
      row->buffered_episodes += int64_t(kept.size());
      for (const DecisionEpisode& e : kept) groups[task].push_back(&e);
    }
    log("round " + std::to_string(round) + ": solved " + std::to_string(row->practice_successes) + " of " +
        std::to_string(row->practice_episodes) + " practice episodes; buffer " + std::to_string(row->buffered_episodes));

    // Fine-tune on the buffer (nothing to learn from when nothing was ever solved).
    double loss_sum = 0;
    if (row->buffered_episodes > 0 && options.steps_per_round > 0) {
      FitOptions fo;
      fo.steps = options.steps_per_round;
      fo.batch_episodes = options.batch_episodes;
      fo.seed = options.seed * 1000 + uint64_t(round);
      fo.on_step = [&](int64_t, double loss) {
        loss_sum += loss;
        row->steps++;
        ++total_steps;
        if (options.progress) {
          TrainProgress p;
          p.step = total_steps;
          p.steps_total = int64_t(options.rounds) * options.steps_per_round;
          p.loss = loss_sum / double(row->steps);
          p.elapsed_s = seconds_since(t0);
          options.progress(p);
        }
      };
      auto fitted = fit_decision(model, **optimizer, groups, fo);
      HEMU_RETURN_IF_ERROR(fitted.status());
    }
    row->loss = row->steps > 0 ? loss_sum / double(row->steps) : 0;
    rows.push_back(std::move(*row));
  }
  auto last = evaluate_round(policy, options, options.rounds);
  HEMU_RETURN_IF_ERROR(last.status());
  rows.push_back(std::move(*last));
  return rows;
}

std::string practice_markdown(const std::vector<PracticeRound>& rounds) {
  if (rounds.empty()) return "";
  std::string out = "| round | practice solved | buffer | loss |";
  std::string rule = "|---:|---:|---:|---:|";
  for (const auto& [task, s] : rounds.front().eval_success) {
    out += " " + task + " |";
    rule += "---:|";
  }
  out += " mean |\n" + rule + "---:|\n";
  char buf[128];
  for (const PracticeRound& r : rounds) {
    if (r.practice_episodes > 0) {
      std::snprintf(buf, sizeof buf, "| %d | %d / %d | %lld | %.3f |", r.round, r.practice_successes,
                    r.practice_episodes, (long long)r.buffered_episodes, r.loss);
    } else {
      std::snprintf(buf, sizeof buf, "| %d (final) | | | |", r.round);
    }
    out += buf;
    for (const auto& [task, s] : r.eval_success) {
      std::snprintf(buf, sizeof buf, " %.0f %% |", 100 * s);
      out += buf;
    }
    std::snprintf(buf, sizeof buf, " **%.1f %%** |\n", 100 * r.mean_eval_success);
    out += buf;
  }
  return out;
}

}  // namespace hemu
