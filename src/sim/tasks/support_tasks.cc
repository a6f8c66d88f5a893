// support family (being written).
#include "sim/task.h"

namespace hemu {
void register_support_tasks(std::vector<TaskEntry>& out) {}
}  // namespace hemu
