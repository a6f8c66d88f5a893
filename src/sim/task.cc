#include "sim/task.h"

#include <algorithm>
#include <set>

namespace hemu {

const std::vector<TaskEntry>& task_registry() {
  static const std::vector<TaskEntry> registry = [] {
    std::vector<TaskEntry> all;
    register_click_tasks(all);
    register_type_tasks(all);
    register_select_tasks(all);
    register_pointer_tasks(all);
    register_multistep_tasks(all);
    register_inbox_tasks(all);
    register_support_tasks(all);
    std::set<std::string> seen;
    for (const auto& e : all) HEMU_CHECK(seen.insert(e.info.name).second) << "duplicate task name " << e.info.name;
    return all;
  }();
  return registry;
}

const TaskEntry* find_task(std::string_view name) {
  for (const auto& e : task_registry())
    if (e.info.name == name) return &e;
  return nullptr;
}

std::vector<std::string> task_names() {
  std::vector<std::string> names;
  for (const auto& e : task_registry()) names.push_back(e.info.name);
  return names;
}

}  // namespace hemu
