#include "train/practice.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <deque>

#include "core/clock.h"
#include "core/rng.h"
#include "policy/decision_features.h"
#include "policy/decision_memory.h"
#include "policy/decision_model.h"
#include "policy/decision_net.h"
#include "policy/neural_policy.h"
#include "policy/torch_util.h"
#include "train/episode_fit.h"
#include "train/optimizer.h"
#include "train/pixel_dagger.h"
#include "train/policy_eval.h"

namespace hemu {
namespace {

// The policy as an evaluation agent that remembers what it saw and did in the current episode, so
// a solved episode can be learnt from. With a temperature it explores (samples its actions, a
// fresh sampling seed per episode); the destructor makes the policy greedy again, as evaluation
// and everything after practice must be.
class PracticeAgent : public EpisodeAgent {
 public:
  explicit PracticeAgent(NeuralPolicy& policy) : policy_(policy) {}
  ~PracticeAgent() override { policy_.decision_model().set_exploration(0, 0); }
  void explore(double temperature, uint64_t seed) {
    temperature_ = temperature;
    sampling_seed_ = seed;
  }
  void begin(const std::string& instruction, double ui_scale) override {
    instruction_ = instruction;
    seen_.clear();
    actions_.clear();
    policy_.begin(instruction, ui_scale);
    policy_.decision_model().set_exploration(temperature_, sampling_seed_++);
  }
  Result<Action> act(const Frame& frame, TaskEnv&) override {
    Result<Action> action = policy_.decide(frame);
    if (action.ok()) {
      seen_.push_back(policy_.last_elements());
      actions_.push_back(*action);
      screen_ = {frame.width, frame.height};
    }
    return action;
  }
  DecisionEpisode episode() const {
    return make_decision_episode(instruction_, seen_, screen_, actions_,
                                 reads_remembered(policy_.decision_model().config().feature_version));
  }

 private:
  NeuralPolicy& policy_;
  double temperature_ = 0;
  uint64_t sampling_seed_ = 0;
  std::string instruction_;
  std::vector<std::vector<UiElement>> seen_;
  std::vector<Action> actions_;
  Size screen_;
};

Result<PracticeRound> evaluate_round(NeuralPolicy& policy, const PracticeOptions& options, int round) {
  auto rows = evaluate_from_pixels(policy, options.tasks, options.eval_seeds);
  HEMU_RETURN_IF_ERROR(rows.status());
  PracticeRound r;
  r.round = round;
  double sum = 0;
  for (const EvalTaskRow& row : *rows) {
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
  if (options.explore_share < 0 || options.explore_share > 1) return invalid_argument("practice: explore_share must be in [0, 1]");
  if (options.explore_temperature <= 0 || options.explore_temperature > 10) {
    return invalid_argument("practice: explore_temperature must be in (0, 10]");
  }
  if (options.anchor_episodes_per_task < 0 || options.buffer_per_task < 0 || options.episodes_per_task < 1) {
    return invalid_argument("practice: anchor and buffer sizes must be >= 0, episodes per task >= 1");
  }
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
  std::map<std::string, std::vector<DecisionEpisode>> anchor;
  if (options.anchor_episodes_per_task > 0) {
    // The scripted expert works the task; each frame goes through the model's own parser.
    const ScreenParser parse = [&policy](const Frame& frame, double ui_scale) { return policy.parse(frame, ui_scale); };
    PixelRolloutOptions expert_only;
    expert_only.model_share = 0;
    Rng rng(options.seed);
    uint64_t anchor_seed = kFirstAnchorSeed + options.seed * 10'000;
    for (const std::string& task : options.tasks) {
      for (int i = 0; i < options.anchor_episodes_per_task; ++i) {
        PixelRollout demo = play_pixel_dagger(task, anchor_seed++, parse, policy.decision_model(), rng, expert_only);
        anchor[task].push_back(std::move(demo.episode));
      }
    }
    log("anchor: " + std::to_string(options.anchor_episodes_per_task) + " expert demonstrations per task, parsed from pixels");
  }
  std::vector<PracticeRound> rows;
  uint64_t next_seed = kFirstPracticeSeed + options.seed * 100'000;
  int64_t total_steps = 0;
  const Stopwatch clock;
  for (int round = 0; round < options.rounds; ++round) {
    auto row = evaluate_round(policy, options, round);
    HEMU_RETURN_IF_ERROR(row.status());
    char percent[32];
    std::snprintf(percent, sizeof percent, "%.1f %%", 100 * row->mean_eval_success);
    log("round " + std::to_string(round) + ": eval success " + percent);

    // Play (the first share of each task's episodes exploring) and keep what succeeded.
    PracticeAgent agent(policy);
    const int exploring = int(std::lround(options.explore_share * options.episodes_per_task));
    for (const std::string& task : options.tasks) {
      for (const bool explore : {true, false}) {
        const int n = explore ? exploring : options.episodes_per_task - exploring;
        if (n <= 0) continue;
        EvalOptions play;
        play.tasks = {task};
        for (int i = 0; i < n; ++i) play.seeds.push_back(next_seed++);
        agent.explore(explore ? options.explore_temperature : 0.0, play.seeds.front());
        play.progress = [&](const EvalEpisode& e, int, int) {
          row->practice_episodes++;
          if (!e.success) return;
          row->practice_successes++;
          row->explored_successes += explore;
          auto& kept = buffer[task];
          kept.push_back(agent.episode());
          while (int(kept.size()) > options.buffer_per_task) kept.pop_front();
        };
        HEMU_RETURN_IF_ERROR(evaluate_agent(agent, play).status());
      }
    }
    // Groups are sampled uniformly by fit_decision: each task's own episodes, and (with an anchor)
    // each task's expert demonstrations as a group of its own. With T tasks of which k have solved
    // episodes, T/(T+k) of the windows are anchor (half once every task has a success).
    std::map<std::string, std::vector<const DecisionEpisode*>> groups;
    for (const auto& [task, kept] : buffer) {
      row->buffered_episodes += int64_t(kept.size());
      for (const DecisionEpisode& e : kept) groups[task].push_back(&e);
    }
    for (const auto& [task, demos] : anchor) {
      for (const DecisionEpisode& e : demos) groups["anchor:" + task].push_back(&e);
    }
    log("round " + std::to_string(round) + ": solved " + std::to_string(row->practice_successes) + " of " +
        std::to_string(row->practice_episodes) + " practice episodes (" + std::to_string(row->explored_successes) +
        " while exploring); buffer " + std::to_string(row->buffered_episodes));

    // Fine-tune on the buffer and the anchor (nothing to learn from when neither has an episode).
    double loss_sum = 0;
    if ((row->buffered_episodes > 0 || !anchor.empty()) && options.steps_per_round > 0) {
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
          p.elapsed_s = double(clock.elapsed_us()) / 1e6;
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
  std::string out = "| round | practice solved | solved exploring | buffer | loss |";
  std::string rule = "|---:|---:|---:|---:|---:|";
  for (const auto& [task, s] : rounds.front().eval_success) {
    out += " " + task + " |";
    rule += "---:|";
  }
  out += " mean |\n" + rule + "---:|\n";
  char buf[128];
  for (const PracticeRound& r : rounds) {
    if (r.practice_episodes > 0) {
      std::snprintf(buf, sizeof buf, "| %d | %d / %d | %d | %lld | %.3f |", r.round, r.practice_successes,
                    r.practice_episodes, r.explored_successes, (long long)r.buffered_episodes, r.loss);
    } else {
      std::snprintf(buf, sizeof buf, "| %d (final) | | | | |", r.round);
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
