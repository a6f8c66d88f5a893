// Cards stacked in a column, told apart by their lines of text at native resolution.
//
// On a board, cards are 30 px tall with 10 px between them. The detector, working at half the UI
// size, often answers a column of cards with one tall "card" box (on drag_to_target's first
// screens, seeds 10, 13 and 23: a box over three cards, and the cards below the first one missed),
// so the card the instruction names was not there to drag. Each card holds one line of text; in a
// tall card box, lines of text further apart than a line's height belong to different cards.
#pragma once

#include <vector>

#include "core/frame.h"
#include "core/ui_element.h"

namespace hemu {

// The lines of text in `box` (inside the frame) as row ranges [top, bottom), top to bottom: runs
// of rows with ink in the box's middle three quarters, where a row inked across most of that span
// (a card's border) is not text.
std::vector<std::pair<int, int>> text_line_rows(const Frame& frame, const Rect& box);

// Every card box holding two or more lines of text more than a line height apart becomes one card
// per line (centred on it, as tall as the gap between lines allows, the box's width), with the
// box's score. Then of two cards where each holds the other's centre, the taller is dropped (a
// split card and the detector's own box for the same card). Other elements are untouched; the new
// cards take the split box's place in the order.
void split_stacked_cards(const Frame& frame, std::vector<UiElement>& elements);

}  // namespace hemu
