#include "train/task_split.h"

#include <algorithm>

#include "sim/task.h"

namespace hemu {

const std::vector<std::string>& held_out_tasks() {
  static const std::vector<std::string> tasks = {"click_link", "click_tab", "type_password", "email_delete",
                                                 "scroll_find_click"};
  return tasks;
}

bool is_held_out_task(const std::string& task) {
  const auto& h = held_out_tasks();
  return std::find(h.begin(), h.end(), task) != h.end();
}

std::vector<std::string> training_tasks() {
  std::vector<std::string> out;
  for (const auto& name : task_names()) {
    if (!is_held_out_task(name)) out.push_back(name);
  }
  return out;
}

}  // namespace hemu
