#include "sim/task_env.h"

#include <cmath>

#include "core/clock.h"

namespace hemu {

Result<std::unique_ptr<TaskEnv>> TaskEnv::create(const EnvConfig& config) {
  const TaskEntry* entry = find_task(config.task);
  if (entry == nullptr) {
    std::string names;
    for (const auto& n : task_names()) names += (names.empty() ? "" : ", ") + n;
    return not_found("unknown task '" + config.task + "' (known: " + names + ")");
  }
  if (!std::isfinite(config.scale) || config.scale < 1.0 || config.scale > 2.0)
    return out_of_range("UI scale " + std::to_string(config.scale) + " is outside the supported 1.0 .. 2.0");
  Size screen = config.screen;
  if (screen.width == 0 && screen.height == 0)
    screen = {int(entry->info.native_size.width * config.scale), int(entry->info.native_size.height * config.scale)};
  HEMU_RETURN_IF_ERROR(validate_screen(screen, config.scale));

  std::unique_ptr<TaskEnv> env(new TaskEnv());
  env->config_ = config;
  env->config_.screen = screen;
  // Separate streams for looks and content, so a theme change never changes the task's words.
  Rng root(config.seed * 0x9E3779B97F4A7C15ull + 0x5EED);
  Rng look_rng = root.fork("look");
  Rng task_rng = root.fork("task:" + config.task);
  ThemeFamily family = config.theme.value_or(
      static_cast<ThemeFamily>(look_rng.uniform_int(0, 2)));
  Theme theme = make_theme(family, look_rng, config.held_out_fonts);
  env->desktop_ = std::make_unique<Desktop>(screen, config.scale, theme);
  // One draw per statement: the order of operands of + is unspecified in C++.
  int hour = look_rng.uniform_int(7, 18);
  int minute = look_rng.uniform_int(10, 59);
  env->desktop_->clock_text = std::to_string(hour) + ":" + std::to_string(minute);
  env->task_ = entry->make();
  env->task_->build(*env->desktop_, task_rng);
  env->instruction_ = env->task_->instruction();
  // Start with the pointer somewhere neutral but seeded, like a person's last position.
  Size s = env->desktop_->screen_size();
  env->desktop_->mouse_move({look_rng.uniform_int(s.width / 8, s.width * 7 / 8),
                             look_rng.uniform_int(s.height / 8, s.height * 7 / 8)});
  env->desktop_->mark_dirty();
  return env;
}

StepResult TaskEnv::step(const Action& action) {
  StepResult result;
  if (outcome_.finished) {
    result.status = invalid_argument("episode already finished: " + outcome_.reason);
    result.done = true;
    return result;
  }
  ++steps_;
  if (action.type == ActionType::kDone) {
    outcome_ = task_->evaluate(*desktop_, /*final=*/true);
    outcome_.finished = true;
    if (outcome_.reward > 0 && !outcome_.success()) outcome_.reward = 0;
  } else {
    result.status = desktop_->apply(action);
    if (action.type == ActionType::kWait && result.status.ok()) elapsed_s_ += action.duration_s;
    outcome_ = task_->evaluate(*desktop_, /*final=*/false);
    if (!outcome_.finished && elapsed_s_ > task_->info().time_limit_s) {
      outcome_ = task_->evaluate(*desktop_, /*final=*/true);
      if (!outcome_.success()) {
        outcome_.reward = std::min(outcome_.reward, 0.0);
        char limit[64];
        std::snprintf(limit, sizeof limit, "time limit (%.0f s) reached: ", task_->info().time_limit_s);
        outcome_.reason = limit + outcome_.reason;
      }
      outcome_.finished = true;
    }
    if (!outcome_.finished && steps_ >= task_->info().max_steps) {
      outcome_ = task_->evaluate(*desktop_, /*final=*/true);
      if (!outcome_.success()) {
        outcome_.reward = std::min(outcome_.reward, 0.0);
        outcome_.reason = "step limit (" + std::to_string(task_->info().max_steps) + ") reached: " + outcome_.reason;
      }
      outcome_.finished = true;
    }
  }
  result.done = outcome_.finished;
  result.reward = outcome_.finished ? outcome_.reward : 0.0;
  return result;
}

const Outcome& TaskEnv::finish(const std::string& reason) {
  if (outcome_.finished) return outcome_;
  outcome_ = task_->evaluate(*desktop_, /*final=*/true);
  if (!outcome_.success()) {
    outcome_.reward = std::min(outcome_.reward, 0.0);
    outcome_.reason = reason + ": " + outcome_.reason;
  }
  outcome_.finished = true;
  return outcome_;
}

Status SimScreen::capture(Frame& frame) {
  env_.render(frame);
  frame.capture_time_us = monotonic_us();
  return Status();
}

std::optional<Rect> SimScreen::pointer_sprite(Point at) const {
  if (!env_.desktop().show_cursor) return std::nullopt;
  return env_.desktop().cursor_rect(at);
}

}  // namespace hemu
