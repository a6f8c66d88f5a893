// Canvas: 2-D drawing onto a Frame (RGB) with a clip rectangle. The embedded desktop paints every
// widget through it. Colours may carry alpha (0..255) and are blended over what is there.
//
// Drawing is clipped to the intersection of the frame bounds and the current clip (push_clip /
// pop_clip nest). Not thread-safe; one Canvas per thread.
#pragma once

#include <cstdint>
#include <vector>

#include "core/frame.h"
#include "core/geometry.h"

namespace hemu {

struct Color {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Color&, const Color&) = default;
  static Color rgb(uint32_t hex, uint8_t alpha = 255) {
    return {uint8_t(hex >> 16), uint8_t(hex >> 8), uint8_t(hex), alpha};
  }
  Color with_alpha(uint8_t alpha) const { return {r, g, b, alpha}; }
  // Linear mix: t=0 gives *this, t=1 gives other.
  Color mix(Color other, double t) const;
};

// An 8-bit coverage mask (e.g. a rendered glyph). Row-major, `width` bytes per row.
struct AlphaMask {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> coverage;
};

class Canvas {
 public:
  explicit Canvas(Frame& frame);

  Frame& frame() { return frame_; }
  Rect clip() const { return clip_; }
  // Intersects the current clip with `rect`; pop_clip restores the previous clip.
  void push_clip(const Rect& rect);
  void pop_clip();

  void clear(Color color);
  void fill_rect(const Rect& rect, Color color);
  // A 1-or-more pixel border drawn inside `rect`.
  void stroke_rect(const Rect& rect, Color color, int thickness = 1);
  // Filled rectangle with antialiased rounded corners of `radius` pixels.
  void fill_rounded_rect(const Rect& rect, int radius, Color color);
  // Border of a rounded rectangle, antialiased, drawn inside `rect`.
  void stroke_rounded_rect(const Rect& rect, int radius, Color color, int thickness = 1);
  // Vertical gradient from `top` to `bottom` colour.
  void fill_vertical_gradient(const Rect& rect, Color top, Color bottom);
  // Antialiased filled circle / ring centred at (cx, cy) in pixel units (sub-pixel centres allowed).
  void fill_circle(double cx, double cy, double radius, Color color);
  void stroke_circle(double cx, double cy, double radius, Color color, double thickness = 1.0);
  // Antialiased line of the given thickness with round-ish ends.
  void draw_line(double x0, double y0, double x1, double y1, Color color, double thickness = 1.0);
  // Filled triangle (antialiased edges), e.g. dropdown arrows.
  void fill_triangle(double x0, double y0, double x1, double y1, double x2, double y2, Color color);
  // Blends `color` through an 8-bit coverage mask whose top-left lands at (x, y).
  void draw_mask(int x, int y, const AlphaMask& mask, Color color);
  // Copies an RGB image (e.g. a cursor sprite) with a per-pixel alpha mask.
  void blend_pixel(int x, int y, Color color);

 private:
  Frame& frame_;
  Rect clip_;
  std::vector<Rect> clip_stack_;
};

}  // namespace hemu
