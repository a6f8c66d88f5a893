// Element labels: what is on the screen, read from the widget tree, for TRAINING ONLY.
//
// The brain's screen parser (docs/brain.md) learns to find UI elements in pixels; these labels are
// its supervision: one entry per visible, interactive or text-bearing element (list and table rows
// and open popup rows included), with its visible rectangle in screen pixels, class, state and
// text. Policies never see this at run time: they get pixels only.
#pragma once

#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/json.h"
#include "core/ui_element.h"
#include "sim/desktop.h"

namespace hemu {

// Where one piece of a label's text is drawn: a table cell, a window's title.
struct TextPart {
  Rect rect;  // screen pixels
  std::string text;
};

struct ElementLabel {
  ElementClass element_class = ElementClass::kText;
  Rect rect;            // visible part, screen pixels
  std::string text;     // caption / value / row text (cells joined by " | "); passwords are masked
  bool checked = false;   // checkbox, radio
  bool selected = false;  // rows, tabs
  bool focused = false;
  bool enabled = true;
  std::string name;     // the widget's name (debugging only; never a model input)
  // The text's pieces where they are known (table rows: one per cell; window titles: the title),
  // so a label cut by a window in front can say only the text left in sight.
  std::vector<TextPart> text_parts;
};

// Every element at least `min_visible_px` pixels tall and wide, in paint order (bottom window
// first; popup rows last). Covered parts of lower windows are not subtracted (train/
// detector_training.h: visible_element_labels does). Texts are as drawn: window titles and
// taskbar buttons elided with "…" when they do not fit.
std::vector<ElementLabel> element_labels(const Desktop& desktop, int min_visible_px = 4);

Json element_label_json(const ElementLabel& label);

// The label as the policy's element type (drops the debug name).
UiElement to_ui_element(const ElementLabel& label);

}  // namespace hemu
