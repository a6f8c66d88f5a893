#include "policy/detector_regions.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace hemu {

namespace {

// Rectangles that overlap are merged until none do (a few regions per screen: quadratic is fine).
void merge_overlapping(std::vector<Rect>& rects) {
  for (bool merged = true; merged;) {
    merged = false;
    for (size_t i = 0; i < rects.size() && !merged; ++i)
      for (size_t j = i + 1; j < rects.size() && !merged; ++j) {
        if (rects[i].intersect(rects[j]).empty()) continue;
        rects[i] = rects[i].united(rects[j]);
        rects.erase(rects.begin() + long(j));
        merged = true;
      }
  }
}

}  // namespace

std::vector<Rect> group_marked_tiles(std::vector<uint8_t>& marks, int tiles_w, int tiles_h, int gap) {
  std::vector<Rect> boxes;
  std::vector<int> stack;
  for (int start = 0; start < tiles_w * tiles_h; ++start) {
    if (marks[size_t(start)] != 1) continue;
    int x0 = tiles_w, y0 = tiles_h, x1 = -1, y1 = -1;
    stack.push_back(start);
    marks[size_t(start)] = 2;
    while (!stack.empty()) {
      const int t = stack.back();
      stack.pop_back();
      const int tx = t % tiles_w, ty = t / tiles_w;
      x0 = std::min(x0, tx), y0 = std::min(y0, ty), x1 = std::max(x1, tx), y1 = std::max(y1, ty);
      for (int ny = std::max(0, ty - gap); ny <= std::min(tiles_h - 1, ty + gap); ++ny)
        for (int nx = std::max(0, tx - gap); nx <= std::min(tiles_w - 1, tx + gap); ++nx) {
          uint8_t& v = marks[size_t(ny) * tiles_w + nx];
          if (v == 1) {
            v = 2;
            stack.push_back(ny * tiles_w + nx);
          }
        }
    }
    boxes.push_back({x0, y0, x1 + 1 - x0, y1 + 1 - y0});
  }
  return boxes;
}

std::vector<Rect> content_regions(const Frame& frame, const ContentRegionOptions& options) {
  const int tile = std::max(1, options.tile_px);
  const int tiles_w = (frame.width + tile - 1) / tile, tiles_h = (frame.height + tile - 1) / tile;
  const int max_busy = int(options.max_share * tiles_w * tiles_h);
  // Per tile: 0 flat so far, 1 not flat. The reference colour is the tile's first row's.
  std::vector<uint8_t> busy(size_t(tiles_w) * tiles_h, 0);
  std::vector<uint8_t> reference(size_t(tiles_w) * 3);
  int busy_count = 0;
  for (int y = 0; y < frame.height; ++y) {
    const int ty = y / tile;
    const bool first_row = y % tile == 0;
    const uint8_t* row = frame.row(y);
    uint8_t* b = busy.data() + size_t(ty) * tiles_w;
    for (int tx = 0; tx < tiles_w; ++tx) {
      if (b[tx]) continue;
      const int x0 = tx * tile, n = std::min(tile, frame.width - x0);
      const uint8_t* p = row + size_t(x0) * 3;
      // One colour along the row: the row equals itself shifted by one pixel.
      bool flat = std::memcmp(p, p + 3, size_t(n - 1) * 3) == 0;
      uint8_t* r = reference.data() + size_t(tx) * 3;
      if (first_row) {
        std::memcpy(r, p, 3);
      } else if (flat) {
        for (int c = 0; c < 3; ++c) flat = flat && std::abs(int(p[c]) - int(r[c])) <= options.row_tolerance;
      }
      if (flat) continue;
      b[tx] = 1;
      if (++busy_count > max_busy) return {frame.bounds()};
    }
  }
  // Group: flood fill where busy tiles up to 2 * margin + 1 apart (Chebyshev) are neighbours (their
  // grown boxes touch), then each group's bounding box grown by the margin.
  const int margin = std::max(0, options.margin_tiles), gap = 2 * margin + 1;
  std::vector<Rect> regions;
  for (const Rect& box : group_marked_tiles(busy, tiles_w, tiles_h, gap)) {
    const int x0 = std::max(0, box.x - margin), y0 = std::max(0, box.y - margin);
    const int x1 = std::min(tiles_w - 1, box.right() - 1 + margin), y1 = std::min(tiles_h - 1, box.bottom() - 1 + margin);
    regions.push_back(Rect{x0 * tile, y0 * tile, (x1 + 1 - x0) * tile, (y1 + 1 - y0) * tile}.intersect(frame.bounds()));
  }
  // A group's box may take in another group (a taskbar button beside a window's corner): one region.
  merge_overlapping(regions);
  return regions;
}

namespace {

Rect align_out(const Rect& r, int multiple, int max_w, int max_h) {
  const int x0 = std::max(0, r.x / multiple * multiple), y0 = std::max(0, r.y / multiple * multiple);
  const int x1 = std::min(max_w, (r.right() + multiple - 1) / multiple * multiple);
  const int y1 = std::min(max_h, (r.bottom() + multiple - 1) / multiple * multiple);
  return {x0, y0, x1 - x0, y1 - y0};
}

Rect grow(const Rect& r, int d) { return {r.x - d, r.y - d, r.width + 2 * d, r.height + 2 * d}; }

int64_t area(const Rect& r) { return int64_t(r.width) * r.height; }

}  // namespace

std::vector<DetectorPatch> detector_patches(const std::vector<Rect>& regions, int screen_px_per_model_px, Size padded,
                                            int inner_margin, int context_margin, int stride, int align) {
  const int k = std::max(1, screen_px_per_model_px);
  std::vector<DetectorPatch> patches;
  for (const Rect& r : regions) {
    Rect model{r.x / k, r.y / k, (r.right() + k - 1) / k - r.x / k, (r.bottom() + k - 1) / k - r.y / k};
    Rect inner = align_out(grow(model, inner_margin), stride, padded.width, padded.height);
    Rect context = align_out(grow(inner, context_margin), align, padded.width, padded.height);
    if (!inner.empty()) patches.push_back({inner, context});
  }
  // Merge two patches when one crop over both is no larger than the two crops (their overlap would
  // run twice). A window and a taskbar whose contexts merely touch stay two crops.
  for (bool merged = true; merged;) {
    merged = false;
    for (size_t i = 0; i < patches.size() && !merged; ++i)
      for (size_t j = i + 1; j < patches.size() && !merged; ++j) {
        const Rect both = patches[i].context.united(patches[j].context);
        if (area(both) > area(patches[i].context) + area(patches[j].context)) continue;
        patches[i].inner = patches[i].inner.united(patches[j].inner);
        patches[i].context = both;
        patches.erase(patches.begin() + long(j));
        merged = true;
      }
  }
  return patches;
}

namespace {

// [start, start + length) grown to `length_wanted` inside [0, limit): to the end first, then back.
void grow_span(int& start, int& length, int length_wanted, int limit) {
  length = std::min(length_wanted, limit);
  start = std::clamp(start, 0, limit - length);
}

}  // namespace

void round_patch_contexts(std::vector<DetectorPatch>& patches, int multiple, Size padded) {
  if (multiple <= 0) return;
  auto round_up = [multiple](int v) { return (v + multiple - 1) / multiple * multiple; };
  for (DetectorPatch& p : patches) {
    grow_span(p.context.x, p.context.width, round_up(p.context.width), padded.width);
    grow_span(p.context.y, p.context.height, round_up(p.context.height), padded.height);
  }
}

int64_t detector_patch_pixels(const std::vector<DetectorPatch>& patches) {
  int64_t pixels = 0;
  for (const DetectorPatch& p : patches) pixels += area(p.context);
  return pixels;
}

}  // namespace hemu
