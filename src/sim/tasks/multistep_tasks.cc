// multistep family (being written).
#include "sim/task.h"

namespace hemu {
void register_multistep_tasks(std::vector<TaskEntry>& out) {}
}  // namespace hemu
