// Check box or radio button: told apart by the shape of the glyph, at native resolution.
//
// The detector works at half the UI size, where a 15-px square with rounded corners and a 15-px
// circle differ by a pixel or two, so it fires both classes on most choices (on 60 task screens,
// 34 such pairs among 89 choice elements) or the wrong one. The decision part then sees two
// elements with one caption, or a radio where a box must be ticked. At full resolution the glyph's
// corners say it: a square's outline reaches its bounding box's corners, a circle's stays away.
#pragma once

#include <vector>

#include "core/frame.h"
#include "core/ui_element.h"

namespace hemu {

enum class ChoiceShape { kUnknown, kSquare, kRound };

// The shape of the choice glyph at the left end of `box` (the detector's box may start inside
// the glyph or a little before it). kUnknown when no glyph-like blob is found or its corners are
// ambiguous.
ChoiceShape choice_shape(const Frame& frame, const Rect& box);

// For every check box and radio: the class its glyph's shape says (when it says one); then of two
// choice elements that overlap (IoU >= 0.4) and now share a class, the lower-scoring one is
// dropped. Elements of other classes are untouched; order is kept.
void resolve_choice_shapes(const Frame& frame, std::vector<UiElement>& elements);

}  // namespace hemu
