// Parser steps that drop some of the detected elements (duplicates, look-alikes) and keep the
// rest in order.
#pragma once

#include <vector>

#include "core/ui_element.h"

namespace hemu {

// Keeps the elements whose `dropped` entry is false, in their order.
inline void erase_dropped(std::vector<UiElement>& elements, const std::vector<bool>& dropped) {
  size_t kept = 0;
  for (size_t i = 0; i < elements.size(); ++i)
    if (!dropped[i]) {
      if (kept != i) elements[kept] = std::move(elements[i]);  // (a self-move would clear the text)
      ++kept;
    }
  elements.resize(kept);
}

}  // namespace hemu
