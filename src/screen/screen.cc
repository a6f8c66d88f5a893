#include "screen/screen.h"

namespace hemu {

Status check_action_in_bounds(const Action& action, Size size) {
  Rect bounds{0, 0, size.width, size.height};
  auto outside = [&](const char* field, Point p) {
    return out_of_range(std::string("action ") + action_type_name(action.type) + ": " + field + " [" +
                        std::to_string(p.x) + ", " + std::to_string(p.y) + "] is outside the " +
                        std::to_string(size.width) + "x" + std::to_string(size.height) + " screen");
  };
  if (action.has_coordinate() && !bounds.contains(action.coordinate))
    return outside("coordinate", action.coordinate);
  if (action.type == ActionType::kLeftClickDrag && !bounds.contains(action.start_coordinate))
    return outside("start_coordinate", action.start_coordinate);
  return Status();
}

}  // namespace hemu
