// Task: an instruction plus a way to judge success, on the embedded desktop.
//
// Each task has a seeded generator (build), an instruction in plain English, a judge (evaluate)
// returning a reward in [-1, 1], step and time limits, and a scripted expert that may read the
// desktop's internal state (it only makes demonstrations). Rewards (docs/tasks.md):
//   +1   the task was completed correctly;
//   -1   a wrong result was committed (wrong button, wrong form submitted, wrong mail deleted);
//    0   not finished (step or time limit, or `done` declared before finishing).
// Tasks are created through the TaskRegistry. A Task object serves one episode; not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/action.h"
#include "core/rng.h"
#include "sim/desktop.h"

namespace hemu {

struct TaskInfo {
  std::string name;         // "click_button"
  std::string family;       // click | type | select | pointer | multi-step
  std::string description;  // one line for `hemu tasks`
  int max_steps = 20;       // clean-expert steps needed are far fewer; the limit leaves room
  double time_limit_s = 60; // wall-clock (or human-time for the humanised expert)
  Size native_size{800, 600};  // the task's own screen size at scale 1 (`hemu play` default)
};

struct Outcome {
  bool finished = false;
  double reward = 0.0;  // in [-1, 1]
  std::string reason;   // "submitted the right values", "clicked 'Cancel' instead of 'OK'"
  bool success() const { return finished && reward >= 1.0 - 1e-9; }
};

class Task {
 public:
  virtual ~Task() = default;
  virtual const TaskInfo& info() const = 0;
  // Creates the task's windows and widgets on `desktop`, drawing every choice from `rng`.
  virtual void build(Desktop& desktop, Rng& rng) = 0;
  virtual std::string instruction() const = 0;
  // Judges the current state. `final` is true when the policy declared `done` or a limit was hit:
  // a task then returns finished=true with its verdict on the state as it stands.
  virtual Outcome evaluate(const Desktop& desktop, bool final) const = 0;
  // The scripted expert's next action from the current state (Action::done() when it believes the
  // task is complete). Deterministic given the desktop state.
  virtual Action expert_action(Desktop& desktop) = 0;
};

struct TaskEntry {
  TaskInfo info;
  std::function<std::unique_ptr<Task>()> make;
};

// All tasks, in a fixed order (family, then name).
const std::vector<TaskEntry>& task_registry();
const TaskEntry* find_task(std::string_view name);
std::vector<std::string> task_names();

// Families register their tasks here (one function per family file in sim/tasks/).
void register_click_tasks(std::vector<TaskEntry>& out);
void register_type_tasks(std::vector<TaskEntry>& out);
void register_select_tasks(std::vector<TaskEntry>& out);
void register_pointer_tasks(std::vector<TaskEntry>& out);
void register_multistep_tasks(std::vector<TaskEntry>& out);
void register_inbox_tasks(std::vector<TaskEntry>& out);
void register_support_tasks(std::vector<TaskEntry>& out);

// Helper for task implementations: a Task whose info is fixed at construction.
class BasicTask : public Task {
 public:
  explicit BasicTask(TaskInfo info) : info_(std::move(info)) {}
  const TaskInfo& info() const override { return info_; }
  std::string instruction() const override { return instruction_; }

 protected:
  TaskInfo info_;
  std::string instruction_;
};

// Builds a TaskEntry from a Task subclass with a default constructor.
template <typename T>
TaskEntry make_task_entry() {
  T probe;
  return TaskEntry{probe.info(), [] { return std::make_unique<T>(); }};
}

}  // namespace hemu
