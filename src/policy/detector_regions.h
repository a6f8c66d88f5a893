// Where the element detector runs when it does not run over the whole frame:
//  - content_regions(): the non-flat part of a screen. A desktop is mostly flat (a plain colour or a
//    vertical gradient) with a few windows and a taskbar on it; the detector finds nothing on flat
//    areas, so a first frame needs the network over the content only. Each window's border and text
//    make its whole bounding box one region, so flat areas inside a window (text areas, drop zones,
//    empty rows) are covered: their elements' centres lie far from any edge.
//  - detector_patches(): regions (screen px) -> the crops the network runs on, in model px: an inner
//    rect whose outputs are kept (aligned to the output stride) and a context rect the network sees
//    (the inner grown by a margin, aligned to the stride-32 grid so the crop's cells line up with a
//    full pass). Used by the first frame (content regions) and by incremental detection (changed
//    regions) alike.
// Pure functions on pixels and rectangles (no torch); thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/frame.h"

namespace hemu {

struct ContentRegionOptions {
  int tile_px = 32;      // tile side in screen px (the detector uses 16 model px)
  int margin_tiles = 1;  // each group of non-flat tiles grows by this many tiles before its box is taken
  // More non-flat tiles than this share of all tiles: the screen is busy (wallpaper, full-screen
  // page) and the answer is {frame.bounds()}; scanning stops there, so a busy screen costs little.
  double max_share = 0.6;
  // A flat tile's rows are each one colour exactly, and differ from the tile's first row by at most
  // this much per channel (a vertical gradient changes by ~1-2 levels per 32 rows; text, borders and
  // icons differ by far more).
  int row_tolerance = 8;
};

// Bounding rectangles (screen px, on the tile grid, clipped to the frame) of the groups of non-flat
// tiles, each group grown by options.margin_tiles (tiles up to 2 * margin_tiles + 1 apart are one
// group); rectangles that overlap are merged. Empty for a flat screen; {frame.bounds()} for a busy one.
std::vector<Rect> content_regions(const Frame& frame, const ContentRegionOptions& options);

// Groups the marked tiles (marks[t] == 1 on a tiles_w x tiles_h grid, row-major; they are set to 2)
// by flood fill, tiles up to `gap` apart (Chebyshev) being neighbours: each group's bounding box in
// tile units. Shared by content_regions (non-flat tiles) and incremental detection (changed tiles).
std::vector<Rect> group_marked_tiles(std::vector<uint8_t>& marks, int tiles_w, int tiles_h, int gap);

// One crop of the detector's input, model px.
struct DetectorPatch {
  Rect inner;    // outputs kept: the region grown by inner_margin, aligned to the output stride
  Rect context;  // the network's input: inner grown by context_margin, aligned to the stride-32 grid
};

// Screen-px regions -> patches, with `screen_px_per_model_px` (an integer) and the model input
// padded to `padded` (both multiples of 32). Patches are merged where one crop over both costs no
// more pixels than the two (a crop has a fixed overhead too); overlapping contexts with separate
// inners stay apart, each writing its own inner.
std::vector<DetectorPatch> detector_patches(const std::vector<Rect>& regions, int screen_px_per_model_px, Size padded,
                                            int inner_margin, int context_margin, int stride, int align);

// Grows each patch's context to a multiple of `multiple` model px in width and height (a multiple
// of the stride-32 grid, so the cells still line up), to the right and down, or left and up where
// the padded input ends; a side longer than the input becomes the input's. The inner is unchanged:
// the network sees more real pixels around it. Why: libtorch's conv2d builds a oneDNN kernel for
// every new input shape (~1.7 ms over the detector's layers), and crops of a few sizes reuse them.
void round_patch_contexts(std::vector<DetectorPatch>& patches, int multiple, Size padded);

// Sum of the patches' context areas (model px): what the network runs on.
int64_t detector_patch_pixels(const std::vector<DetectorPatch>& patches);

}  // namespace hemu
