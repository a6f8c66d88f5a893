// Resampling, cropping and contact sheets of Frames.
//
// downscale_area is the one to use for shrinking screenshots before a model sees them: every
// output pixel is the exact area-weighted mean of the source pixels it covers, so thin text and
// 1-px lines fade instead of aliasing away. resize_bilinear is for enlarging. All functions return
// new Frames with stride_bytes == width * 3, keep capture_time_us and clear `damage` (its
// coordinates would no longer match). Pure functions, safe to call from any thread.
#pragma once

#include <vector>

#include "core/frame.h"
#include "core/geometry.h"

namespace hemu {

// Area-average downscale to width x height. HEMU_CHECKs 0 < width <= src.width and
// 0 < height <= src.height. Integer ratios take a faster path with identical results.
Frame downscale_area(const Frame& src, int width, int height);

// Bilinear resize (pixel centres aligned, edges clamped). Any positive size; meant for enlarging,
// since shrinking by more than 2x skips source pixels.
Frame resize_bilinear(const Frame& src, int width, int height);

// Copies `rect` of `src`. HEMU_CHECKs that rect is non-empty and inside src.
Frame crop(const Frame& src, const Rect& rect);

// Background of tile_strip: dark gray, so light and dark screenshots both stand out.
inline constexpr Rgb kTileStripBackground = {32, 32, 32};

// A contact sheet: each frame scaled to tile_width (keeping its aspect ratio) and laid out left to
// right, top to bottom in `columns` columns, with gap_px of background around every tile. A row is
// as tall as its tallest tile. HEMU_CHECKs frames non-empty, columns > 0, tile_width > 0,
// gap_px >= 0.
Frame tile_strip(const std::vector<Frame>& frames, int columns, int tile_width, int gap_px = 4);

}  // namespace hemu
