// Test helper: a UiElement of a class, box and text, the rest default (what unit tests of the
// parser and the decision features build their screens from). Header only; tests include it.
#pragma once

#include <string>
#include <utility>

#include "core/ui_element.h"

namespace hemu {

inline UiElement element(ElementClass c, Rect r, std::string text = "") {
  UiElement e;
  e.element_class = c;
  e.rect = r;
  e.text = std::move(text);
  return e;
}

}  // namespace hemu
