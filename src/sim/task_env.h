// TaskEnv: one episode of one task on its own Desktop: build from (task, seed, size, scale),
// step with actions, render frames, and judge. The unit everything above the sim drives
// (play, eval, training data generation). Deterministic: the same EnvConfig and actions give the
// same pixels and outcome. Not thread-safe; one TaskEnv per thread.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "core/frame.h"
#include "screen/screen.h"
#include "sim/task.h"

namespace hemu {

struct EnvConfig {
  std::string task;
  uint64_t seed = 0;
  Size screen{0, 0};   // {0,0}: the task's native size times the scale
  double scale = 1.0;
  std::optional<ThemeFamily> theme;  // default: drawn from the seed
  bool held_out_fonts = false;       // draw the UI font from the held-out families
};

struct StepResult {
  Status status;       // an invalid action (e.g. off-screen) is refused: not applied, still counted
  bool done = false;   // finished (success, failure, limit or `done`)
  double reward = 0.0; // non-zero only when done
};

class TaskEnv {
 public:
  static Result<std::unique_ptr<TaskEnv>> create(const EnvConfig& config);

  const EnvConfig& config() const { return config_; }
  Desktop& desktop() { return *desktop_; }
  Task& task() { return *task_; }
  const std::string& instruction() const { return instruction_; }
  int steps() const { return steps_; }
  bool done() const { return outcome_.finished; }
  const Outcome& outcome() const { return outcome_; }

  StepResult step(const Action& action);
  // Episode time in seconds: `wait` actions add their duration; callers add the time their
  // actions took (the human-like expert its simulated time, an agent its wall time). Passing the
  // task's time limit ends the episode at the next step with reward <= 0.
  double elapsed_s() const { return elapsed_s_; }
  void advance_time(double seconds) { elapsed_s_ += std::max(0.0, seconds); }
  // Ends the episode now (time limit hit by the caller): final judgement of the state.
  const Outcome& finish(const std::string& reason);
  void render(Frame& frame) { desktop_->render(frame); }
  // The scripted expert's next action.
  Action expert_action() { return task_->expert_action(*desktop_); }

 private:
  TaskEnv() = default;
  EnvConfig config_;
  std::unique_ptr<Desktop> desktop_;
  std::unique_ptr<Task> task_;
  std::string instruction_;
  int steps_ = 0;
  double elapsed_s_ = 0;
  Outcome outcome_;
};

// A Screen over a TaskEnv, so code written against Screen (agent, recorder) runs on the sim.
class SimScreen : public Screen {
 public:
  explicit SimScreen(TaskEnv& env) : env_(env) {}
  std::string name() const override { return "sim:" + env_.config().task; }
  Size size() const override { return env_.desktop().screen_size(); }
  double ui_scale() const override { return env_.desktop().scale(); }
  Status capture(Frame& frame) override;
  Status act(const Action& action) override { return env_.step(action).status; }
  Point cursor() const override { return env_.desktop().cursor(); }
  std::optional<Rect> pointer_sprite(Point at) const override;

 private:
  TaskEnv& env_;
};

}  // namespace hemu
