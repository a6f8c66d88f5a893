#include "policy/select_before_typing.h"

namespace hemu {

bool should_select_before_typing(const std::vector<UiElement>& elements, const std::vector<Action>& past,
                                 const Action& next) {
  if (next.type != ActionType::kType || past.empty()) return false;
  const Action& last = past.back();
  if (last.type != ActionType::kLeftClick && last.type != ActionType::kDoubleClick) return false;
  for (const UiElement& e : elements) {
    if (e.element_class != ElementClass::kTextField && e.element_class != ElementClass::kPasswordField) continue;
    if (!e.rect.contains(last.coordinate)) continue;
    return e.text.find_first_not_of(" \t") != std::string::npos;
  }
  return false;
}

}  // namespace hemu
