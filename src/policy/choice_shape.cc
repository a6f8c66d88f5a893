#include "policy/choice_shape.h"

#include <algorithm>
#include <cstdlib>

#include "policy/element_list.h"
#include "policy/ink.h"

namespace hemu {
namespace {

// A glyph's outline is a light grey line one pixel wide (~55 grey levels from the background at
// full coverage), and anti-aliasing halves that where the circle runs flat at its top and bottom:
// a lower threshold than the reader's keeps the outline closed. Backgrounds here are flat.
constexpr int kOutlineContrast = 20;
constexpr int kFaintContrast = 6;

struct Blob {
  int left = 0, right = 0, top = 0, bottom = 0;  // inclusive
};

}  // namespace

ChoiceShape choice_shape(const Frame& frame, const Rect& box) {
  const int h = box.height;
  if (h < 8) return ChoiceShape::kUnknown;
  const Rect window = Rect{box.x - h, box.y, 2 * h + h / 4, h}.intersect(frame.bounds());
  if (window.width < h / 2 || window.height < 8) return ChoiceShape::kUnknown;
  const int w = window.width, wh = window.height;
  auto grey = [&](int x, int y) { return grey_level(frame.row(y) + size_t(x) * 3); };
  const int background = background_grey(frame, window);
  std::vector<uint8_t> contrast(size_t(w) * wh);
  for (int y = 0; y < wh; ++y)
    for (int x = 0; x < w; ++x)
      contrast[size_t(y) * w + x] = uint8_t(std::min(255, std::abs(grey(window.x + x, window.y + y) - background)));
  auto at = [&](int x, int y, int threshold = kOutlineContrast) {
    return x >= 0 && y >= 0 && x < w && y < wh && contrast[size_t(y) * w + x] > threshold;
  };

  // Column runs of ink (a blank column ends a run): the glyph, then the caption's letters.
  std::vector<Blob> blobs;
  for (int x = 0; x < w;) {
    int y_top = wh, y_bottom = -1;
    for (int y = 0; y < wh; ++y)
      if (at(x, y)) y_top = std::min(y_top, y), y_bottom = std::max(y_bottom, y);
    if (y_bottom < 0) {
      ++x;
      continue;
    }
    Blob b{x, x, y_top, y_bottom};
    for (++x; x < w; ++x) {
      int t = wh, bo = -1;
      for (int y = 0; y < wh; ++y)
        if (at(x, y)) t = std::min(t, y), bo = std::max(bo, y);
      if (bo < 0) break;
      b.right = x, b.top = std::min(b.top, t), b.bottom = std::max(b.bottom, bo);
    }
    // A dark theme's circle is so faint where it runs flat that its two sides part: rejoin
    // runs a few columns apart that span the same rows.
    if (!blobs.empty()) {
      Blob& last = blobs.back();
      if (b.left - last.right - 1 <= std::max(3, h / 6) && std::abs(b.top - last.top) <= 2 &&
          std::abs(b.bottom - last.bottom) <= 2) {
        last.right = b.right, last.top = std::min(last.top, b.top), last.bottom = std::max(last.bottom, b.bottom);
        continue;
      }
    }
    blobs.push_back(b);
  }
  auto any_ink = [&](int x0, int y0, int x1, int y1, int threshold = kOutlineContrast) {
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x)
        if (at(x, y, threshold)) return true;
    return false;
  };
  // The glyph is the tallest glyph-like blob (a caption's letters are shorter: a neighbouring
  // option's last letter can be in the window); ties go to the one nearest the box's left end.
  const Blob* glyph = nullptr;
  const int box_left = box.x - window.x;
  for (const Blob& b : blobs) {
    const int bw = b.right - b.left + 1, bh = b.bottom - b.top + 1;
    // About square, 45-100 % of the box's height.
    if (bh < h * 45 / 100 || bh > h || bw * 10 < bh * 7 || bw * 10 > bh * 14) continue;
    // Its outline (or fill) crosses the middle of all four sides (where a faint circle runs flat,
    // its line is fainter still: any trace counts there).
    const int mx = (b.left + b.right) / 2, my = (b.top + b.bottom) / 2;
    if (!any_ink(mx - 1, b.top, mx + 1, b.top + 1, kFaintContrast) ||
        !any_ink(mx - 1, b.bottom - 1, mx + 1, b.bottom, kFaintContrast) || !any_ink(b.left, my - 1, b.left + 1, my + 1) ||
        !any_ink(b.right - 1, my - 1, b.right, my + 1))
      continue;
    const int height = b.bottom - b.top, best_height = glyph == nullptr ? -1 : glyph->bottom - glyph->top;
    if (glyph == nullptr || height > best_height ||
        (height == best_height && std::abs(b.left - box_left) < std::abs(glyph->left - box_left)))
      glyph = &b;
  }
  if (glyph == nullptr) return ChoiceShape::kUnknown;
  const Blob& b = *glyph;
  const int c = std::max(1, (std::min(b.right - b.left, b.bottom - b.top) * 15 + 65) / 100);  // corner patch side
  const int corners = int(any_ink(b.left, b.top, b.left + c - 1, b.top + c - 1)) +
                      int(any_ink(b.right - c + 1, b.top, b.right, b.top + c - 1)) +
                      int(any_ink(b.left, b.bottom - c + 1, b.left + c - 1, b.bottom)) +
                      int(any_ink(b.right - c + 1, b.bottom - c + 1, b.right, b.bottom));
  if (corners >= 3) return ChoiceShape::kSquare;
  if (corners <= 1) return ChoiceShape::kRound;
  return ChoiceShape::kUnknown;
}

void resolve_choice_shapes(const Frame& frame, std::vector<UiElement>& elements) {
  auto is_choice = [](const UiElement& e) {
    return e.element_class == ElementClass::kCheckbox || e.element_class == ElementClass::kRadio;
  };
  for (auto& e : elements) {
    if (!is_choice(e)) continue;
    const ChoiceShape shape = choice_shape(frame, e.rect);
    if (shape == ChoiceShape::kSquare) e.element_class = ElementClass::kCheckbox;
    if (shape == ChoiceShape::kRound) e.element_class = ElementClass::kRadio;
  }
  std::vector<bool> dropped(elements.size(), false);
  for (size_t i = 0; i < elements.size(); ++i)
    for (size_t j = i + 1; j < elements.size(); ++j) {
      if (dropped[i] || dropped[j] || !is_choice(elements[i]) ||
          elements[i].element_class != elements[j].element_class || rect_iou(elements[i].rect, elements[j].rect) < 0.4)
        continue;
      dropped[elements[i].score >= elements[j].score ? j : i] = true;
    }
  erase_dropped(elements, dropped);
}

}  // namespace hemu
