// select family (being written).
#include "sim/task.h"

namespace hemu {
void register_select_tasks(std::vector<TaskEntry>& out) {}
}  // namespace hemu
