// Integer screen geometry: Point, Size, Rect. Screen pixels unless a name says otherwise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

namespace hemu {

struct Point {
  int x = 0;
  int y = 0;
  friend bool operator==(const Point&, const Point&) = default;
  Point operator+(Point o) const { return {x + o.x, y + o.y}; }
  Point operator-(Point o) const { return {x - o.x, y - o.y}; }
};

struct Size {
  int width = 0;
  int height = 0;
  friend bool operator==(const Size&, const Size&) = default;
  bool empty() const { return width <= 0 || height <= 0; }
};

struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
  friend bool operator==(const Rect&, const Rect&) = default;

  int left() const { return x; }
  int top() const { return y; }
  int right() const { return x + width; }    // exclusive
  int bottom() const { return y + height; }  // exclusive
  bool empty() const { return width <= 0 || height <= 0; }
  Point center() const { return {x + width / 2, y + height / 2}; }
  Size size() const { return {width, height}; }
  bool contains(Point p) const { return p.x >= x && p.y >= y && p.x < right() && p.y < bottom(); }
  bool contains(const Rect& r) const {
    return r.x >= x && r.y >= y && r.right() <= right() && r.bottom() <= bottom();
  }
  Rect translated(Point d) const { return {x + d.x, y + d.y, width, height}; }
  Rect inset(int d) const { return {x + d, y + d, std::max(0, width - 2 * d), std::max(0, height - 2 * d)}; }
  Rect intersect(const Rect& r) const {
    int l = std::max(x, r.x), t = std::max(y, r.y);
    int rr = std::min(right(), r.right()), b = std::min(bottom(), r.bottom());
    if (rr <= l || b <= t) return {l, t, 0, 0};
    return {l, t, rr - l, b - t};
  }
  Rect united(const Rect& r) const {
    if (empty()) return r;
    if (r.empty()) return *this;
    int l = std::min(x, r.x), t = std::min(y, r.y);
    return {l, t, std::max(right(), r.right()) - l, std::max(bottom(), r.bottom()) - t};
  }
  std::string to_string() const {
    return std::to_string(x) + "," + std::to_string(y) + "," + std::to_string(width) + "x" +
           std::to_string(height);
  }
};

// Intersection over union of two rectangles (0 when either is empty or they do not overlap).
inline double rect_iou(const Rect& a, const Rect& b) {
  const Rect i = a.intersect(b);
  if (i.empty()) return 0;
  const double inter = double(i.width) * i.height;
  return inter / (double(a.width) * a.height + double(b.width) * b.height - inter);
}

}  // namespace hemu
