#include "policy/slider_track.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <tuple>

#include "policy/choice_shape.h"
#include "policy/element_list.h"

namespace hemu {
namespace {

int colour_distance(const uint8_t* a, const uint8_t* b) {
  return std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]);
}

// Along a band its colour is flat (a wallpaper's gradient drifts past this within a few pixels
// of a run's start, so it never makes a long run of one colour).
constexpr int kRunTolerance = 6;
// The band against the rows above and below it: the classic theme's grey track on its grey
// window is the faintest, 18 (183 against 189 in each of R, G, B).
constexpr int kEdgeContrast = 12;
// The thumb's outline against the window above the band.
constexpr int kThumbContrast = 36;

struct Segment {
  int x0 = 0, x1 = 0;        // columns [x0, x1)
  int top = 0, bottom = 0;   // rows, inclusive
};

}  // namespace

std::vector<Rect> find_slider_boxes(const Frame& frame, double ui_scale, Rect area) {
  area = area.empty() ? frame.bounds() : area.intersect(frame.bounds());
  const double s = std::clamp(ui_scale, 1.0, 3.0);
  const int max_band = std::max(3, int(std::lround(7 * s)));
  const int min_segment = std::max(6, int(std::lround(6 * s)));
  const int min_track = int(std::lround(100 * s));
  const int radius = std::max(3, int(std::lround(7 * s)));
  const int max_gap = 2 * radius + 16;  // the thumb, and the pointer that may sit beside it
  const int w = frame.width, h = frame.height;
  auto px = [&](int x, int y) { return frame.row(y) + size_t(x) * 3; };

  // A run of one colour along a row whose column is that colour for 2..max_band rows, with other
  // colours right above and below, measured the same at a quarter, half and three quarters.
  auto band_rows = [&](int x, int y, const uint8_t* c, int& top, int& bottom) {
    top = y, bottom = y;
    while (top > 0 && y - top <= max_band && colour_distance(px(x, top - 1), c) <= kRunTolerance) --top;
    while (bottom + 1 < h && bottom - y <= max_band && colour_distance(px(x, bottom + 1), c) <= kRunTolerance)
      ++bottom;
    const int height = bottom - top + 1;
    return height >= 2 && height <= max_band && top > 0 && bottom + 1 < h &&
           colour_distance(px(x, top - 1), c) >= kEdgeContrast && colour_distance(px(x, bottom + 1), c) >= kEdgeContrast;
  };
  std::vector<Segment> segments;
  // Bands are at least 2 rows thick at scale 1 (4 in the sim): every other row finds them.
  const int scan_right = area.right();
  for (int y = std::max(1, area.y | 1); y + 1 < std::min(h, area.bottom() + 1); y += 2)
    for (int x0 = area.x; x0 < scan_right;) {
      const uint8_t* c = px(x0, y);
      // Most of a window's row is runs of one exact colour: those go 8 pixels per compare against
      // the colour repeated, the same runs as the per-pixel distance below (which alone made this
      // search ~0.55 ms of every 1080p frame, ~0.45 ms with the skip).
      uint8_t same[24];
      for (int k = 0; k < 8; ++k) std::memcpy(same + 3 * k, c, 3);
      int x1 = x0 + 1;
      for (;;) {
        while (x1 + 8 <= scan_right && std::memcmp(px(x1, y), same, sizeof same) == 0) x1 += 8;
        if (x1 < scan_right && colour_distance(px(x1, y), c) <= kRunTolerance) {
          ++x1;
          continue;
        }
        break;
      }
      const int length = x1 - x0;
      if (length >= min_segment) {
        Segment seg{x0, x1, 0, 0};
        int top[3], bottom[3];
        const int xs[3] = {x0 + length / 4, x0 + length / 2, x1 - 1 - length / 4};
        bool band = true;
        for (int k = 0; k < 3 && band; ++k) band = band_rows(xs[k], y, c, top[k], bottom[k]);
        if (band && top[0] == top[1] && top[1] == top[2] && bottom[0] == bottom[1] && bottom[1] == bottom[2]) {
          seg.top = top[1], seg.bottom = bottom[1];
          segments.push_back(seg);
        }
      }
      x0 = x1;
    }
  std::sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) {
    return std::tie(a.top, a.bottom, a.x0) < std::tie(b.top, b.bottom, b.x0);
  });

  std::vector<Rect> boxes;
  for (size_t i = 0; i < segments.size();) {
    // One band: segments on the same rows, each starting within a thumb (and pointer) of the last.
    size_t j = i + 1;
    int x_first = segments[i].x0, x_last = segments[i].x1, longest = int(i);
    for (; j < segments.size() && segments[j].top == segments[i].top && segments[j].bottom == segments[i].bottom &&
           segments[j].x0 - x_last <= max_gap;
         ++j) {
      x_last = std::max(x_last, segments[j].x1);
      if (segments[j].x1 - segments[j].x0 > segments[size_t(longest)].x1 - segments[size_t(longest)].x0)
        longest = int(j);
    }
    const Segment band{x_first, x_last, segments[i].top, segments[i].bottom};
    i = j;
    if (band.x1 - band.x0 < min_track) continue;
    const double cy = (band.top + band.bottom) / 2.0;
    const int thumb_top = int(std::lround(cy - radius));
    if (thumb_top - 3 < 0 || int(std::lround(cy + radius)) >= h) continue;
    // The thumb: a run of columns inked a little above the band (its outline) and clear above its
    // top, about its diameter wide, on the band or just past one of its ends.
    const Segment& ref = segments[size_t(longest)];
    const uint8_t* window = px((ref.x0 + ref.x1) / 2, band.top - 3 >= thumb_top ? thumb_top - 2 : band.top - 3);
    auto inked = [&](int x, int y0, int y1) {
      for (int y = y0; y <= y1; ++y)
        if (colour_distance(px(x, y), window) >= kThumbContrast) return true;
      return false;
    };
    int thumb_x = -1;
    const int from = std::max(0, band.x0 - 2 * radius - 2), to = std::min(w - 1, band.x1 + 2 * radius + 2);
    for (int x = from; x <= to && thumb_x < 0;) {
      if (!(inked(x, thumb_top + 1, band.top - 2) && !inked(x, thumb_top - 3, thumb_top - 2))) {
        ++x;
        continue;
      }
      int end = x;
      while (end + 1 <= to && inked(end + 1, thumb_top + 1, band.top - 2) && !inked(end + 1, thumb_top - 3, thumb_top - 2))
        ++end;
      const int width = end - x + 1;
      // Round, on a band drawn on the window: its lower outline is inked below the band too (the
      // pointer may cover its right half), while beside it the window shows above, and below on
      // at least one side (the pointer may hide the other; a window's bottom edge, with the
      // desktop under it, is a band with buttons above it).
      const int below0 = band.bottom + 2, below1 = int(std::lround(cy + radius)) - 1;
      if (width >= 2 * radius - 6 && width <= 2 * radius + 3 && x - 2 >= 0 && end + 2 < w && below1 < h &&
          inked((x + end) / 2 - radius / 2, below0, below1) && !inked(x - 2, thumb_top + 1, band.top - 2) &&
          !inked(end + 2, thumb_top + 1, band.top - 2) &&
          (!inked(x - 2, below0, below1) || !inked(end + 2, below0, below1)))
        thumb_x = (x + end) / 2;
      x = end + 1;
    }
    if (thumb_x < 0) continue;
    const int track_left = std::min(band.x0, thumb_x), track_right = std::max(band.x1 - 1, thumb_x);
    const int half = int(std::lround(12 * s));
    boxes.push_back(Rect{track_left - radius - 1, int(std::lround(cy)) - half, track_right - track_left + 2 * radius + 3,
                         2 * half}
                        .intersect(frame.bounds()));
  }
  std::sort(boxes.begin(), boxes.end(), [](const Rect& a, const Rect& b) { return std::tie(a.y, a.x) < std::tie(b.y, b.x); });
  return boxes;
}

void fit_sliders_to_tracks(const Frame& frame, double ui_scale, std::vector<UiElement>& elements) {
  Rect area;
  for (const auto& e : elements)
    if (e.element_class != ElementClass::kTaskbarButton) area = area.united(e.rect);
  if (area.empty()) return;
  const int margin = int(std::lround(120 * std::clamp(ui_scale, 1.0, 3.0)));
  area = Rect{area.x - margin, area.y - margin, area.width + 2 * margin, area.height + 2 * margin};
  const std::vector<Rect> boxes = find_slider_boxes(frame, ui_scale, area);
  if (boxes.empty()) return;
  auto centre_in = [](const Rect& r, const Rect& box) {
    const int cx = r.x + r.width / 2, cy = r.y + r.height / 2;
    return cx >= box.x && cx < box.right() && cy >= box.y && cy < box.bottom();
  };
  auto on_track = [](const UiElement& e, const Rect& box) {
    const int overlap = std::min(e.rect.right(), box.right()) - std::max(e.rect.x, box.x);
    const int cy = e.rect.y + e.rect.height / 2;
    return cy >= box.y && cy < box.bottom() && overlap * 3 >= std::min(e.rect.width, box.width);
  };
  std::vector<bool> dropped(elements.size(), false);
  std::vector<UiElement> added;
  for (const Rect& box : boxes) {
    int best = -1;
    for (size_t i = 0; i < elements.size(); ++i) {
      UiElement& e = elements[i];
      // A thumb read as a radio (or check box) sits on the track; so does a track read as a field.
      if (((e.element_class == ElementClass::kRadio || e.element_class == ElementClass::kCheckbox) &&
           centre_in(e.rect, box)) ||
          (e.element_class != ElementClass::kSlider && rect_iou(e.rect, box) >= 0.5))
        dropped[i] = true;
      // The value label beside it read as a choice ("11" as a checked radio): no glyph there.
      const int cy = e.rect.y + e.rect.height / 2;
      if ((e.element_class == ElementClass::kRadio || e.element_class == ElementClass::kCheckbox) && !dropped[i] &&
          cy >= box.y && cy < box.bottom() && e.rect.x >= box.right() - box.height &&
          e.rect.x <= box.right() + 4 * box.height && choice_shape(frame, e.rect) == ChoiceShape::kUnknown) {
        e.element_class = ElementClass::kText;
        e.checked = false;
      }
      if (e.element_class != ElementClass::kSlider || dropped[i] || !on_track(e, box)) continue;
      // Of two detections of one slider the better-scoring one stays.
      if (best < 0 || e.score > elements[size_t(best)].score) {
        if (best >= 0) dropped[size_t(best)] = true;
        best = int(i);
      } else {
        dropped[i] = true;
      }
    }
    if (best >= 0) {
      elements[size_t(best)].rect = box;
      continue;
    }
    UiElement slider;
    slider.element_class = ElementClass::kSlider;
    slider.rect = box;
    slider.score = 0.5f;
    added.push_back(std::move(slider));
  }
  erase_dropped(elements, dropped);
  for (auto& e : added) elements.push_back(std::move(e));
}

}  // namespace hemu
