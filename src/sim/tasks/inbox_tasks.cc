// inbox family (being written).
#include "sim/task.h"

namespace hemu {
void register_inbox_tasks(std::vector<TaskEntry>& out) {}
}  // namespace hemu
