// Where to read a detected element's text: its box, snapped sideways to the ink of its line.
//
// The detector's boxes are found at half the UI size from a limited receptive field, so their
// left and right ends are often a letter off (a static text reads "ppointment date", a wide window
// title loses its first 100 px: "rles.graham@corp.test - Mail") or take in the neighbour's mark (a
// field's border, a label's last letter: "e DD.MM.YYYY"). Vertically they are right to a pixel.
// Text is ink on a flat background with gaps between words far narrower than the gaps between
// elements, so the columns of the box's band that hold ink, joined over word-sized gaps, say where
// the line of text really begins and ends. Pixels only: no labels are involved.
#pragma once

#include <string>
#include <vector>

#include "core/frame.h"
#include "core/ui_element.h"

namespace hemu {

// Classes whose reading rect is snapped (the rest are read from their box as detected: buttons
// and tabs are boxed well, taskbar buttons are framed).
bool snaps_reading_rect(ElementClass element_class);

// The rect to read `element`'s text from: `element.rect` with its left and right ends moved to the
// run of ink (words joined over gaps narrower than ~0.6 x the text height, vertical lines such as a
// field's border ending a run) that overlaps the box most. Unchanged for other classes, for boxes
// with no ink, or when the run found is implausible. Never extends more than a few box heights.
Rect reading_rect(const Frame& frame, const UiElement& element);

// A slider has no text of its own: a person reads its value from the label beside it on its line
// ("25 °C"). Sets each slider's text to the number that the nearest static text with one to its
// right on its line starts with (value_label_number; within a few slider heights); sliders without
// one keep what the reader saw. That label's number is written back with digits for the letters
// the reader gave ("6S min before" -> "65 min before"): the decision part compares it too.
void read_slider_values(std::vector<UiElement>& elements);

// The number a slider's value label starts with, with the letters the reader gives for digits
// mapped back ("6S min before" -> "65", "S min" -> "5", "$300" -> "300", "-3 dB" -> "-3"); "" when
// the label has none.
std::string value_label_number(const std::string& text);

}  // namespace hemu
