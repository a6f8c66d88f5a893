#include "train/pixel_dagger.h"

#include <chrono>

#include "core/rng.h"
#include "policy/decision_model.h"
#include "sim/task_env.h"

namespace hemu {
namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

PixelRollout play_pixel_dagger(const std::string& task, uint64_t seed, const ScreenParser& parse,
                               DecisionModel& model, Rng& rng, const PixelRolloutOptions& options,
                               std::map<std::string, int64_t>* why) {
  PixelRollout out;
  EnvConfig config;
  config.task = task;
  config.seed = seed;
  config.scale = options.scale;
  auto env = TaskEnv::create(config);
  if (!env.ok()) return out;
  model.reset();
  const std::string instruction = (*env)->instruction();
  const double ui_scale = (*env)->desktop().scale();
  std::vector<Action> past;
  Frame frame;
  for (int step = 0; step < options.max_steps && !(*env)->done(); ++step) {
    const auto t = Clock::now();
    (*env)->render(frame);
    const auto t_parse = Clock::now();
    std::vector<UiElement> elements = parse(frame, ui_scale);
    out.parse_seconds += seconds_since(t_parse);
    // Exactly what NeuralPolicy::decide builds (the evaluation never sets avoid_elements).
    DecisionInput input = make_decision_input(instruction, std::move(elements), {frame.width, frame.height});
    set_history(input, past);
    const ActionChoice choice = model.decide(input);
    const double agent_s = seconds_since(t);  // the time the policy would have taken

    const Action expert = (*env)->expert_action();
    std::string reason;
    std::optional<ActionChoice> target = encode_action(input, expert, &reason);
    if (!target) {
      out.episode.unencodable++;
      if (why != nullptr) (*why)[reason]++;
    }
    Action act = expert;
    if (rng.chance(options.model_share)) {
      Result<Action> decoded = decode_choice(input, choice);
      if (decoded.ok()) {
        act = *decoded;
        out.model_actions++;
      } else {
        out.decode_failures++;
      }
    }
    out.episode.inputs.push_back(std::move(input));
    out.episode.targets.push_back(std::move(target));
    (*env)->step(act);
    past.push_back(act);
    // The episode clock counts the policy's time, as in the evaluation (time limits apply to it).
    (*env)->advance_time(agent_s);
  }
  out.success = (*env)->done() && (*env)->outcome().success();
  model.reset();
  return out;
}

}  // namespace hemu
