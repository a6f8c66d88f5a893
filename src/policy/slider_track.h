// Sliders found by their track at native resolution, for the ones the detector misses.
//
// The detector misses sliders on about half the slider_value screens (no slider at all on the
// first screen of seeds 14 and 26, and the one just clicked while the pointer covers its thumb:
// the decision part then clicks the other slider). A slider is drawn as a thin flat band (4 px at
// UI scale 1: the accent colour left of the thumb, grey right of it) broken by a round thumb that
// stands out above the band by about its radius. Few other things are a band 2-8 px thick and
// 100+ px long with such a knob on it.
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <vector>

#include "core/frame.h"
#include "core/ui_element.h"

namespace hemu {

// The boxes of the sliders drawn in `frame` (as the sim lays a slider out: the track plus the
// thumb's radius each side, 24 px tall at scale 1, centred on the track). `ui_scale` (1-2) sets
// the thumb's size and the shortest track. Reading order. Only bands on rows and columns of `area`
// are looked for (the frame when empty).
std::vector<Rect> find_slider_boxes(const Frame& frame, double ui_scale, Rect area = {});

// Fits the sliders to the found tracks: a detected slider on a found track takes the track's box
// (the detector's ends are often 10-20 px off, and a slider starting inside its caption's box
// loses that caption: the decision part then moves another slider); of two on one track the
// better-scoring one stays; a track with none gets a new slider (score 0.5, no text); a check box
// or radio centred on a track goes (the detector reads a thumb as a radio). Detected sliders on
// no found track are kept as they are. Order of the kept elements is kept; new sliders are
// appended. Tracks are looked for only around the detected elements (their span, taskbar buttons
// left out, grown by a track's length): a slider sits among captions, its value and its window's
// title, and scanning a whole 1080p frame cost ~1.4 ms a frame (session 9, `hemu bench policy`).
void fit_sliders_to_tracks(const Frame& frame, double ui_scale, std::vector<UiElement>& elements);

}  // namespace hemu
