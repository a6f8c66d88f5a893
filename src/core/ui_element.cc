#include "core/ui_element.h"

namespace hemu {

const char* element_class_name(ElementClass c) {
  switch (c) {
    case ElementClass::kButton: return "button";
    case ElementClass::kLink: return "link";
    case ElementClass::kTextField: return "text_field";
    case ElementClass::kPasswordField: return "password_field";
    case ElementClass::kTextArea: return "text_area";
    case ElementClass::kCheckbox: return "checkbox";
    case ElementClass::kRadio: return "radio";
    case ElementClass::kDropdown: return "dropdown";
    case ElementClass::kRow: return "row";
    case ElementClass::kTab: return "tab";
    case ElementClass::kMenuTitle: return "menu_title";
    case ElementClass::kMenuItem: return "menu_item";
    case ElementClass::kSlider: return "slider";
    case ElementClass::kCard: return "card";
    case ElementClass::kDropZone: return "drop_zone";
    case ElementClass::kText: return "text";
    case ElementClass::kWindowTitle: return "window_title";
    case ElementClass::kTaskbarButton: return "taskbar_button";
  }
  return "?";
}

std::optional<ElementClass> element_class_from_name(const std::string& name) {
  for (int i = 0; i < kElementClassCount; ++i) {
    auto c = static_cast<ElementClass>(i);
    if (name == element_class_name(c)) return c;
  }
  return std::nullopt;
}

}  // namespace hemu
