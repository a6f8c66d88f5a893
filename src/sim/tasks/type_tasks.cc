// type family (being written).
#include "sim/task.h"

namespace hemu {
void register_type_tasks(std::vector<TaskEntry>& out) {}
}  // namespace hemu
