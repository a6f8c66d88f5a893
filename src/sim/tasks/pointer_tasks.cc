// pointer family (being written).
#include "sim/task.h"

namespace hemu {
void register_pointer_tasks(std::vector<TaskEntry>& out) {}
}  // namespace hemu
