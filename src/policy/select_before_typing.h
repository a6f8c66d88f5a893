// Select a field's old text before typing over it.
//
// A person who clicks into a filled one-line field and means to replace its value selects the old
// value first (ctrl+a); the expert does the same (sim/expert.cc, set_text). The decision part
// often types straight away after the click, so the value is appended ("ORD-46195PO-92213", 8 of
// the 30 type-task failures on seeds 10-39 in session 9). This rule runs on what the parser read,
// pixels only: when the last action clicked a text or password field whose reading is not empty
// and the model now chooses to type, ctrl+a comes first and the model decides again on the next
// screen, where the old value is selected. Text areas are left alone: there typing may add to what
// is there. A placeholder ("MM/DD/YYYY") also reads as text; selecting it costs one keystroke and
// changes nothing.
#pragma once

#include <vector>

#include "core/action.h"
#include "core/ui_element.h"

namespace hemu {

// True when `next` types into a one-line field that `past.back()` clicked and that shows text on
// this screen (`elements`).
bool should_select_before_typing(const std::vector<UiElement>& elements, const std::vector<Action>& past,
                                 const Action& next);

}  // namespace hemu
