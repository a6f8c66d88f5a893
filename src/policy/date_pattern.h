// The date pattern a form shows ("DD.MM.YYYY", "YYYY-MM-DD", ...), found in texts read from pixels.
//
// The reader often gets a light grey placeholder a letter wrong ("OD.MM.YYYY", "DD-AM/YYYY",
// "DD.MM.Y Y Y Y"), and one wrong letter made the exact search for "YYYY" fail, so a date typed
// "in the format the form asks for" had no format. Every order of day, month and year with each
// common separator is matched approximately against every text, and the closest wins.
#pragma once

#include <string>
#include <vector>

#include "core/ui_element.h"

namespace hemu {

// The canonical pattern (DD, MM, YYYY in some order, one separator of . / -) that some element's
// text shows within a few misread characters; the closest match over all texts (ties: the first
// element). "" when no text is close to any pattern.
std::string screen_date_pattern(const std::vector<UiElement>& elements);

// Edit distance between `pattern` and the substring of `text` closest to it (0 when `text`
// contains it). Exposed for tests.
int substring_edit_distance(const std::string& pattern, const std::string& text);

}  // namespace hemu
