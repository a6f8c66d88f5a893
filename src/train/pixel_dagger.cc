#include "train/pixel_dagger.h"

#include "core/clock.h"
#include "core/rng.h"
#include "policy/decision_memory.h"
#include "policy/decision_model.h"
#include "sim/task_env.h"

namespace hemu {

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
  ScreenMemory memory;
  Frame frame;
  for (int step = 0; step < options.max_steps && !(*env)->done(); ++step) {
    const Stopwatch step_clock;
    (*env)->render(frame);
    const Stopwatch parse_clock;
    std::vector<UiElement> elements = parse(frame, ui_scale);
    out.parse_seconds += double(parse_clock.elapsed_us()) / 1e6;
    // Exactly what NeuralPolicy::decide builds (the evaluation never sets avoid_elements).
    DecisionInput input = make_decision_input(instruction, std::move(elements), {frame.width, frame.height}, memory,
                                              reads_remembered(model.config().feature_version));
    set_history(input, past);
    // With model_share 0 the expert always acts: the model's choice would go unused.
    const ActionChoice choice = options.model_share > 0 ? model.decide(input) : ActionChoice{};
    const double agent_s = double(step_clock.elapsed_us()) / 1e6;  // the time the policy would have taken

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
