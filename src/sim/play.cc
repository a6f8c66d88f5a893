#include "sim/play.h"

#include <algorithm>

#include "core/clock.h"
#include "sim/humanize.h"
#include "sim/lists.h"

namespace hemu {

Result<SimPolicy> sim_policy_from_name(const std::string& name) {
  if (name == "expert") return SimPolicy::kExpert;
  if (name == "human") return SimPolicy::kHumanExpert;
  if (name == "random") return SimPolicy::kRandom;
  return invalid_argument("unknown policy '" + name + "' (expected expert, human or random)");
}

const char* sim_policy_name(SimPolicy policy) {
  switch (policy) {
    case SimPolicy::kExpert: return "expert";
    case SimPolicy::kHumanExpert: return "human";
    case SimPolicy::kRandom: return "random";
  }
  return "?";
}

int target_size_at(const Desktop& desktop, Point p) {
  const Widget* w = desktop.widget_at(p);
  if (w == nullptr) return 24;
  if (w->kind() == WidgetKind::kListBox || w->kind() == WidgetKind::kTable || w->kind() == WidgetKind::kPopupList)
    return static_cast<const RowList*>(w)->row_height_px();
  if (w->kind() == WidgetKind::kCheckbox || w->kind() == WidgetKind::kRadio) return desktop.style().px(15);
  if (w->kind() == WidgetKind::kSlider) return desktop.style().px(12);
  Rect r = w->visible_screen_rect();
  return std::clamp(std::min(r.width, r.height), 8, 60);
}

namespace {

Action random_action(const Desktop& desktop, Rng& rng) {
  Size s = desktop.screen_size();
  auto point = [&] { return Point{rng.uniform_int(0, s.width - 1), rng.uniform_int(0, s.height - 1)}; };
  static const std::vector<std::string> keys = {"Return", "Tab", "BackSpace", "ctrl+a", "Escape", "space",
                                                "Down", "Up"};
  double r = rng.uniform();
  if (r < 0.45) return Action::left_click(point());
  if (r < 0.55) return Action::double_click(point());
  if (r < 0.70) {
    std::string text;
    int n = rng.uniform_int(1, 8);
    for (int i = 0; i < n; ++i) text += char('a' + rng.uniform_int(0, 25));
    return Action::type_text(text);
  }
  if (r < 0.80) return Action::key(rng.pick(keys));
  if (r < 0.90)
    return Action::scroll(point(), rng.chance(0.5) ? ScrollDirection::kDown : ScrollDirection::kUp,
                          rng.uniform_int(1, 5));
  if (r < 0.98) return Action::drag(point(), point());
  return Action::done();
}

}  // namespace

Result<double> human_reference_seconds(const EnvConfig& config) {
  auto env = TaskEnv::create(config);
  HEMU_RETURN_IF_ERROR(env.status());
  std::vector<Action> actions;
  while (!(*env)->done()) {
    Action a = (*env)->expert_action();
    actions.push_back(a);
    (*env)->step(a);
  }
  return klm_seconds(actions);
}

Result<EpisodeReport> play_episode(const EnvConfig& config, SimPolicy policy, const PlayOptions& options) {
  auto created = TaskEnv::create(config);
  HEMU_RETURN_IF_ERROR(created.status());
  TaskEnv& env = **created;
  EpisodeReport report;
  report.task = config.task;
  report.seed = config.seed;
  report.instruction = env.instruction();
  Rng rng(config.seed ^ 0xA5A5A5A5ull);
  HumanProfile person = HumanProfile::sample(rng);
  Frame frame;
  if (options.keep_frames) {
    env.render(frame);
    report.frames.push_back(frame);
  }
  Stopwatch wall;
  double human_clock_s = 0;
  Frame observed;
  while (!env.done()) {
    PlayStep step;
    step.index = int(report.actions.size());
    step.time_s = policy == SimPolicy::kHumanExpert ? human_clock_s : wall.elapsed_us() / 1e6;
    Stopwatch stage;
    if (options.capture_every_step) env.render(observed);
    step.capture_us = stage.elapsed_us();
    stage.reset();
    Action action = policy == SimPolicy::kRandom ? random_action(env.desktop(), rng) : env.expert_action();
    step.decide_us = stage.elapsed_us();
    stage.reset();
    if (policy == SimPolicy::kHumanExpert && action.type != ActionType::kDone) {
      int target = action.has_coordinate() ? target_size_at(env.desktop(), action.coordinate) : 0;
      if (action.type == ActionType::kLeftClickDrag) target = target_size_at(env.desktop(), action.start_coordinate);
      auto timeline = humanize(action, human_clock_s, env.desktop().cursor(), target, person, rng);
      // Every sub-action but the last goes straight to the desktop; the last is the episode step.
      for (size_t i = 0; i + 1 < timeline.size(); ++i) (void)env.desktop().apply(timeline[i].action);
      Action last = timeline.back().action;
      env.advance_time(timeline.back().time_s - human_clock_s);
      human_clock_s = timeline.back().time_s;
      // The humanised click lands near, not on, the expert's point: judge with what was pressed.
      step.status = env.step(last).status;
    } else {
      step.status = env.step(action).status;
    }
    step.act_us = stage.elapsed_us();
    report.actions.push_back(action);
    if (options.on_step) {
      step.observed = options.capture_every_step ? &observed : nullptr;
      step.action = action;
      HEMU_RETURN_IF_ERROR(options.on_step(step));
    }
    if (options.keep_frames) {
      env.render(frame);
      report.frames.push_back(frame);
    }
  }
  report.wall_s = wall.elapsed_us() / 1e6;
  report.outcome = env.outcome();
  report.steps = env.steps();
  report.human_like_s = human_clock_s;
  if (policy == SimPolicy::kExpert) {
    // The clean expert's actions are the reference's actions: no need to play the episode again.
    report.human_reference_s = klm_seconds(report.actions);
  } else {
    auto reference = human_reference_seconds(config);
    HEMU_RETURN_IF_ERROR(reference.status());
    report.human_reference_s = *reference;
  }
  return report;
}

}  // namespace hemu
