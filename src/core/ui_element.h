// UI elements: what a screen parser finds on a screen and what the decision model reasons over.
//
// Shared by the sim (which labels elements from its widget tree, for training only) and the policy
// (which finds them in pixels at run time), so both speak one vocabulary.
#pragma once

#include <optional>
#include <string>

#include "core/geometry.h"

namespace hemu {

enum class ElementClass {
  kButton, kLink, kTextField, kPasswordField, kTextArea, kCheckbox, kRadio, kDropdown, kRow, kTab, kMenuTitle,
  kMenuItem, kSlider, kCard, kDropZone, kText, kWindowTitle, kTaskbarButton,
};
inline constexpr int kElementClassCount = 18;
const char* element_class_name(ElementClass c);
std::optional<ElementClass> element_class_from_name(const std::string& name);

// One element: class, visible rectangle in screen pixels, text and state.
struct UiElement {
  ElementClass element_class = ElementClass::kText;
  Rect rect;              // visible part, screen pixels
  std::string text;       // caption / value / row text; empty when unknown
  bool checked = false;   // checkbox, radio
  bool selected = false;  // rows, tabs
  bool focused = false;
  bool enabled = true;
  float score = 1.0f;     // detector confidence (1 for labels)
};

}  // namespace hemu
