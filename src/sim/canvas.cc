// Canvas implementation. Two rules keep it fast enough for a 1920x1080 desktop at well over 60 fps
// on one core:
//   - rectangles are row loops; an opaque fill writes one row and memcpy's it to the others;
//   - antialiased shapes evaluate an analytic signed distance (1-px linear ramp at pixel centres),
//     only over the shape's bounding box ∩ clip, and spans that are fully inside are filled as rows.
// Blending is 8-bit integer "over": dst = (src * a + dst * (255 - a)) / 255, rounded.
#include "sim/canvas.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/check.h"

namespace hemu {
namespace {

// round(x / 255) for x in [0, 255 * 255], exact, without a division.
inline uint32_t div255(uint32_t x) {
  x += 128;
  return (x + (x >> 8)) >> 8;
}

inline double clamp01(double v) { return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v); }

// Alpha of `color` scaled by a coverage in [0, 1], rounded to 0..255.
inline uint32_t covered_alpha(Color color, double coverage) {
  return uint32_t(color.a * coverage + 0.5);
}

inline void blend_rgb(uint8_t* p, Color c, uint32_t alpha) {
  if (alpha == 0) return;
  if (alpha >= 255) {
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
    return;
  }
  uint32_t inverse = 255 - alpha;
  p[0] = uint8_t(div255(c.r * alpha + p[0] * inverse));
  p[1] = uint8_t(div255(c.g * alpha + p[1] * inverse));
  p[2] = uint8_t(div255(c.b * alpha + p[2] * inverse));
}

// Blends `color` (its own alpha) over pixels [x0, x1) of row y. The caller has clipped.
void blend_span(Frame& frame, int y, int x0, int x1, Color color) {
  if (x1 <= x0 || color.a == 0) return;
  uint8_t* p = frame.row(y) + size_t(x0) * 3;
  int n = x1 - x0;
  if (color.a == 255) {
    // Seed up to 16 pixels, then double the written prefix: a handful of memcpy calls per row.
    int seeded = std::min(n, 16);
    for (int i = 0; i < seeded; ++i) p[3 * i] = color.r, p[3 * i + 1] = color.g, p[3 * i + 2] = color.b;
    size_t done = size_t(seeded) * 3, total = size_t(n) * 3;
    while (done < total) {
      size_t chunk = std::min(done, total - done);
      std::memcpy(p + done, p, chunk);
      done += chunk;
    }
    return;
  }
  // Translucent: the same "over" per byte, with the premultiplied source (plus rounding bias) laid
  // out as a 3-periodic pattern of 16 pixels so the fixed-size inner loop vectorises. Every
  // intermediate fits in 16 bits: c*a + d*(255-a) + 128 <= 65153.
  constexpr int kBlock = 48;  // bytes: 16 RGB pixels
  uint16_t pattern[kBlock];
  const uint8_t channels[3] = {color.r, color.g, color.b};
  for (int k = 0; k < kBlock; ++k) pattern[k] = uint16_t(channels[k % 3] * color.a + 128);
  const uint16_t inverse = uint16_t(255 - color.a);
  size_t total = size_t(n) * 3, i = 0;
  for (; i + kBlock <= total; i += kBlock) {
    uint8_t* block = p + i;
    for (int k = 0; k < kBlock; ++k) {
      uint16_t v = uint16_t(pattern[k] + block[k] * inverse);
      block[k] = uint8_t((v + (v >> 8)) >> 8);
    }
  }
  for (int k = 0; i < total; ++i, ++k) {
    uint16_t v = uint16_t(pattern[k] + p[i] * inverse);
    p[i] = uint8_t((v + (v >> 8)) >> 8);
  }
}

// Signed distance (negative inside) from (px, py) to a rounded box given by its centre, half
// extents and corner radius (radius <= both half extents).
struct RoundedBox {
  double cx = 0, cy = 0, half_w = 0, half_h = 0, radius = 0;
  bool empty = true;

  static RoundedBox of(const Rect& rect, double radius) {
    RoundedBox box;
    if (rect.empty()) return box;
    box.half_w = rect.width / 2.0;
    box.half_h = rect.height / 2.0;
    box.cx = rect.x + box.half_w;
    box.cy = rect.y + box.half_h;
    box.radius = std::clamp(radius, 0.0, std::min(box.half_w, box.half_h));
    box.empty = false;
    return box;
  }
  double distance(double px, double py) const {
    double qx = std::abs(px - cx) - (half_w - radius);
    double qy = std::abs(py - cy) - (half_h - radius);
    double ox = std::max(qx, 0.0), oy = std::max(qy, 0.0);
    double outside = std::sqrt(ox * ox + oy * oy);
    double inside = std::min(std::max(qx, qy), 0.0);
    return outside + inside - radius;
  }
  // Fraction of pixel (x, y) inside, from the distance at its centre.
  double coverage(int x, int y) const {
    if (empty) return 0.0;
    return clamp01(0.5 - distance(x + 0.5, y + 0.5));
  }
};

// Pixel columns whose centres lie within `half_width` of `centre_x`, as [first, last + 1).
inline void centre_span(double centre_x, double half_width, int* first, int* end) {
  *first = int(std::ceil(centre_x - half_width - 0.5));
  *end = int(std::floor(centre_x + half_width - 0.5)) + 1;
}

}  // namespace

Color Color::mix(Color other, double t) const {
  t = clamp01(t);
  auto lerp = [t](uint8_t a, uint8_t b) { return uint8_t(std::lround(a + (double(b) - a) * t)); };
  return {lerp(r, other.r), lerp(g, other.g), lerp(b, other.b), lerp(a, other.a)};
}

Canvas::Canvas(Frame& frame) : frame_(frame), clip_(frame.bounds()) {
  HEMU_CHECK(frame.stride_bytes >= frame.width * 3 &&
             frame.pixels.size() >= size_t(frame.stride_bytes) * frame.height)
      << "canvas on a malformed frame " << frame.width << "x" << frame.height;
}

void Canvas::push_clip(const Rect& rect) {
  clip_stack_.push_back(clip_);
  clip_ = clip_.intersect(rect);
}

void Canvas::pop_clip() {
  HEMU_CHECK(!clip_stack_.empty()) << "pop_clip without a matching push_clip";
  clip_ = clip_stack_.back();
  clip_stack_.pop_back();
}

// Frames have no alpha channel, so "clear" copies the colour's RGB (alpha ignored) over the clip:
// the usual meaning of clearing, and what callers starting a fresh screen expect.
void Canvas::clear(Color color) { fill_rect(clip_, color.with_alpha(255)); }

void Canvas::fill_rect(const Rect& rect, Color color) {
  Rect r = rect.intersect(clip_);
  if (r.empty() || color.a == 0) return;
  blend_span(frame_, r.y, r.x, r.right(), color);
  if (color.a == 255) {
    const uint8_t* first = frame_.row(r.y) + size_t(r.x) * 3;
    for (int y = r.y + 1; y < r.bottom(); ++y) {
      std::memcpy(frame_.row(y) + size_t(r.x) * 3, first, size_t(r.width) * 3);
    }
    return;
  }
  for (int y = r.y + 1; y < r.bottom(); ++y) blend_span(frame_, y, r.x, r.right(), color);
}

void Canvas::stroke_rect(const Rect& rect, Color color, int thickness) {
  if (rect.empty() || thickness <= 0) return;
  if (2 * thickness >= rect.width || 2 * thickness >= rect.height) {
    fill_rect(rect, color);
    return;
  }
  // Four non-overlapping bands, so translucent borders do not double-blend at the corners.
  fill_rect({rect.x, rect.y, rect.width, thickness}, color);
  fill_rect({rect.x, rect.bottom() - thickness, rect.width, thickness}, color);
  int inner_height = rect.height - 2 * thickness;
  fill_rect({rect.x, rect.y + thickness, thickness, inner_height}, color);
  fill_rect({rect.right() - thickness, rect.y + thickness, thickness, inner_height}, color);
}

void Canvas::fill_rounded_rect(const Rect& rect, int radius, Color color) {
  // A fill is a stroke whose thickness swallows the interior.
  stroke_rounded_rect(rect, radius, color, std::max(rect.width, rect.height));
}

void Canvas::stroke_rounded_rect(const Rect& rect, int radius, Color color, int thickness) {
  if (rect.empty() || thickness <= 0 || color.a == 0) return;
  radius = std::clamp(radius, 0, std::min(rect.width, rect.height) / 2);
  if (radius == 0) {
    stroke_rect(rect, color, thickness);
    return;
  }
  Rect area = rect.intersect(clip_);
  if (area.empty()) return;
  // Coverage = outer shape minus the inner shape (the rect inset by the thickness, with the
  // concentric radius), so corners of any thickness stay smooth.
  RoundedBox outer = RoundedBox::of(rect, radius);
  RoundedBox inner = RoundedBox::of(rect.inset(thickness), std::max(radius - thickness, 0));
  bool hollow = !inner.empty;
  // Rows and columns within `band` of an edge may cross a curved corner; everything else is
  // straight (full bars or full interior) and is filled as spans.
  int band = hollow ? std::max(radius, thickness) : radius;
  int curved_left = std::min(rect.x + band, rect.right());
  int curved_right = std::max(rect.right() - band, curved_left);
  auto blend_covered = [&](int x, int y) {
    double coverage = outer.coverage(x, y) - (hollow ? inner.coverage(x, y) : 0.0);
    if (coverage > 0.0) blend_rgb(frame_.row(y) + size_t(x) * 3, color, covered_alpha(color, coverage));
  };
  // Between the top and bottom bands every row is the same: plain rectangles (row memcpy).
  int straight_top = rect.y + band, straight_height = rect.height - 2 * band;
  if (straight_height > 0) {
    if (!hollow) {
      fill_rect({rect.x, straight_top, rect.width, straight_height}, color);
    } else {
      fill_rect({rect.x, straight_top, thickness, straight_height}, color);
      fill_rect({rect.right() - thickness, straight_top, thickness, straight_height}, color);
    }
  }
  for (int y = area.y; y < area.bottom(); ++y) {
    if (y >= straight_top && y < straight_top + straight_height) continue;
    for (int x = area.x; x < std::min(curved_left, area.right()); ++x) blend_covered(x, y);
    // Between the corners the coverage depends on the row only: evaluate it once.
    int mid_x0 = std::max(curved_left, area.x), mid_x1 = std::min(curved_right, area.right());
    if (mid_x0 < mid_x1) {
      double coverage = outer.coverage(mid_x0, y) - (hollow ? inner.coverage(mid_x0, y) : 0.0);
      uint32_t alpha = covered_alpha(color, std::max(coverage, 0.0));
      blend_span(frame_, y, mid_x0, mid_x1, color.with_alpha(uint8_t(alpha)));
    }
    for (int x = std::max(curved_right, area.x); x < area.right(); ++x) blend_covered(x, y);
  }
}

void Canvas::fill_vertical_gradient(const Rect& rect, Color top, Color bottom) {
  Rect r = rect.intersect(clip_);
  if (r.empty()) return;
  // Integer interpolation per row, anchored at the unclipped rect so clipping does not shift it.
  int span = std::max(rect.height - 1, 1);
  auto lerp = [span](int a, int b, int i) { return uint8_t((a * (span - i) + b * i + span / 2) / span); };
  for (int y = r.y; y < r.bottom(); ++y) {
    int i = std::min(y - rect.y, span);
    Color c{lerp(top.r, bottom.r, i), lerp(top.g, bottom.g, i), lerp(top.b, bottom.b, i),
            lerp(top.a, bottom.a, i)};
    blend_span(frame_, y, r.x, r.right(), c);
  }
}

void Canvas::fill_circle(double cx, double cy, double radius, Color color) {
  if (radius <= 0.0 || color.a == 0) return;
  int y0 = std::max(int(std::floor(cy - radius - 1)), clip_.y);
  int y1 = std::min(int(std::ceil(cy + radius + 1)), clip_.bottom());
  double outer2 = (radius + 0.5) * (radius + 0.5);
  double inner2 = radius > 0.5 ? (radius - 0.5) * (radius - 0.5) : -1.0;
  for (int y = y0; y < y1; ++y) {
    double dy = y + 0.5 - cy, dy2 = dy * dy;
    if (dy2 >= outer2) continue;
    // Centres within radius - 0.5 are fully covered; only the ramp at either end needs a sqrt.
    int first, end, full_first = 0, full_end = 0;
    centre_span(cx, std::sqrt(outer2 - dy2), &first, &end);
    if (dy2 < inner2) centre_span(cx, std::sqrt(inner2 - dy2), &full_first, &full_end);
    if (full_end <= full_first) full_first = full_end = end;
    first = std::max(first, clip_.x), end = std::min(end, clip_.right());
    uint8_t* row = frame_.row(y);
    for (int x = first; x < end; ++x) {
      if (x == full_first) {
        int stop = std::min(full_end, end);
        blend_span(frame_, y, x, stop, color);
        x = stop - 1;
        continue;
      }
      double dx = x + 0.5 - cx;
      double coverage = clamp01(radius + 0.5 - std::sqrt(dx * dx + dy2));
      blend_rgb(row + size_t(x) * 3, color, covered_alpha(color, coverage));
    }
  }
}

// The ring covers distances [radius - thickness/2, radius + thickness/2] from the centre: the
// stroke is centred on the circle, as in Cairo and Skia.
void Canvas::stroke_circle(double cx, double cy, double radius, Color color, double thickness) {
  if (radius <= 0.0 || thickness <= 0.0 || color.a == 0) return;
  double r_out = radius + thickness / 2, r_in = radius - thickness / 2;
  int y0 = std::max(int(std::floor(cy - r_out - 1)), clip_.y);
  int y1 = std::min(int(std::ceil(cy + r_out + 1)), clip_.bottom());
  double outer2 = (r_out + 0.5) * (r_out + 0.5);
  // Centres closer than r_in - 0.5 get no coverage: skip that hole row by row.
  double hole2 = r_in > 0.5 ? (r_in - 0.5) * (r_in - 0.5) : -1.0;
  for (int y = y0; y < y1; ++y) {
    double dy = y + 0.5 - cy, dy2 = dy * dy;
    if (dy2 >= outer2) continue;
    int first, end, hole_first = 0, hole_end = 0;
    centre_span(cx, std::sqrt(outer2 - dy2), &first, &end);
    if (dy2 < hole2) centre_span(cx, std::sqrt(hole2 - dy2), &hole_first, &hole_end);
    first = std::max(first, clip_.x), end = std::min(end, clip_.right());
    uint8_t* row = frame_.row(y);
    for (int x = first; x < end; ++x) {
      if (x >= hole_first && x < hole_end) {
        x = hole_end - 1;
        continue;
      }
      double dx = x + 0.5 - cx, d = std::sqrt(dx * dx + dy2);
      double coverage = clamp01(r_out + 0.5 - d) - clamp01(r_in + 0.5 - d);
      if (coverage > 0.0) blend_rgb(row + size_t(x) * 3, color, covered_alpha(color, coverage));
    }
  }
}

void Canvas::draw_line(double x0, double y0, double x1, double y1, Color color, double thickness) {
  if (thickness <= 0.0 || color.a == 0) return;
  // Hairlines are drawn 1 px wide at proportionally lower alpha: a distance ramp narrower than a
  // pixel would otherwise overstate their weight.
  if (thickness < 1.0) {
    color.a = uint8_t(color.a * thickness + 0.5);
    thickness = 1.0;
  }
  // Capsule: coverage from the distance to the segment, so ends are round.
  double half = thickness / 2, reach = half + 0.5;
  double dx = x1 - x0, dy = y1 - y0, length2 = dx * dx + dy * dy;
  double length = std::sqrt(length2);
  double inverse_length2 = length2 > 0.0 ? 1.0 / length2 : 0.0;  // a point draws a dot
  // Squared distances beyond which coverage is 0, and within which it is 1.
  double reach2 = reach * reach, full2 = (reach - 1) * (reach - 1);
  int row0 = std::max(int(std::floor(std::min(y0, y1) - reach)), clip_.y);
  int row1 = std::min(int(std::ceil(std::max(y0, y1) + reach)) + 1, clip_.bottom());
  double min_x = std::min(x0, x1) - reach, max_x = std::max(x0, x1) + reach;
  for (int y = row0; y < row1; ++y) {
    double py = y + 0.5;
    // Columns this row can touch: the bounding box, narrowed to the band around the infinite line.
    double lo = min_x, hi = max_x;
    if (std::abs(dy) > 1e-9) {
      double x_at = x0 + (py - y0) * dx / dy, band = reach * length / std::abs(dy);
      lo = std::max(lo, x_at - band), hi = std::min(hi, x_at + band);
    }
    int first = std::max(int(std::floor(lo - 0.5)), clip_.x);
    int end = std::min(int(std::ceil(hi - 0.5)) + 1, clip_.right());
    uint8_t* row = frame_.row(y);
    for (int x = first; x < end; ++x) {
      double px = x + 0.5;
      double t = clamp01(((px - x0) * dx + (py - y0) * dy) * inverse_length2);
      double ex = px - (x0 + t * dx), ey = py - (y0 + t * dy), d2 = ex * ex + ey * ey;
      if (d2 >= reach2) continue;
      double coverage = d2 <= full2 ? 1.0 : reach - std::sqrt(d2);
      blend_rgb(row + size_t(x) * 3, color, covered_alpha(color, coverage));
    }
  }
}

void Canvas::fill_triangle(double x0, double y0, double x1, double y1, double x2, double y2,
                           Color color) {
  if (color.a == 0) return;
  double area2 = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
  if (std::abs(area2) < 1e-9) return;
  // Each edge as a unit-normal line equation a*x + b*y + c, positive inside. Coverage is the
  // smallest edge distance through a 1-px ramp; it is linear along a row, so it is stepped.
  double vx[3] = {x0, x1, x2}, vy[3] = {y0, y1, y2};
  double a[3], b[3], c[3];
  double orientation = area2 > 0 ? 1.0 : -1.0;
  for (int i = 0; i < 3; ++i) {
    int j = (i + 1) % 3;
    double ex = vx[j] - vx[i], ey = vy[j] - vy[i], len = std::hypot(ex, ey);
    a[i] = -ey / len * orientation;
    b[i] = ex / len * orientation;
    c[i] = -(a[i] * vx[i] + b[i] * vy[i]);
  }
  Rect box{int(std::floor(std::min({x0, x1, x2}) - 1)), int(std::floor(std::min({y0, y1, y2}) - 1)),
           0, 0};
  box.width = int(std::ceil(std::max({x0, x1, x2}) + 1)) - box.x;
  box.height = int(std::ceil(std::max({y0, y1, y2}) + 1)) - box.y;
  box = box.intersect(clip_);
  if (box.empty()) return;
  for (int y = box.y; y < box.bottom(); ++y) {
    double px = box.x + 0.5, py = y + 0.5;
    double d[3];
    for (int i = 0; i < 3; ++i) d[i] = a[i] * px + b[i] * py + c[i];
    uint8_t* p = frame_.row(y) + size_t(box.x) * 3;
    for (int x = box.x; x < box.right(); ++x, p += 3) {
      double coverage = clamp01(std::min({d[0], d[1], d[2]}) + 0.5);
      if (coverage > 0.0) blend_rgb(p, color, covered_alpha(color, coverage));
      d[0] += a[0], d[1] += a[1], d[2] += a[2];
    }
  }
}

void Canvas::draw_mask(int x, int y, const AlphaMask& mask, Color color) {
  HEMU_CHECK(mask.coverage.size() >= size_t(mask.width) * std::max(mask.height, 0))
      << "mask " << mask.width << "x" << mask.height << " has " << mask.coverage.size() << " bytes";
  Rect r = Rect{x, y, mask.width, mask.height}.intersect(clip_);
  if (r.empty() || color.a == 0) return;
  for (int row = r.y; row < r.bottom(); ++row) {
    const uint8_t* m = mask.coverage.data() + size_t(row - y) * mask.width + (r.x - x);
    uint8_t* p = frame_.row(row) + size_t(r.x) * 3;
    for (int i = 0; i < r.width; ++i, p += 3) {
      uint32_t coverage = m[i];
      if (coverage == 0) continue;
      blend_rgb(p, color, color.a == 255 ? coverage : div255(coverage * color.a));
    }
  }
}

void Canvas::blend_pixel(int x, int y, Color color) {
  if (!clip_.contains(Point{x, y})) return;
  blend_rgb(frame_.row(y) + size_t(x) * 3, color, color.a);
}

}  // namespace hemu
