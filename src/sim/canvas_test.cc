#include "sim/canvas.h"

#include <gtest/gtest.h>

#include <cmath>

namespace hemu {
namespace {

const Rgb kWhite{255, 255, 255};
const Rgb kBlack{0, 0, 0};

// A frame filled with `background`.
Frame blank(int w, int h, Rgb background = kBlack) {
  Frame frame(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) frame.set(x, y, background);
  return frame;
}

// Sum of the red channel / 255 over the frame: the painted area when drawing white on black.
double covered_area(const Frame& frame) {
  double sum = 0;
  for (int y = 0; y < frame.height; ++y)
    for (int x = 0; x < frame.width; ++x) sum += frame.at(x, y).r / 255.0;
  return sum;
}

// True when every pixel outside `inside` still has colour `untouched`.
bool untouched_outside(const Frame& frame, const Rect& inside, Rgb untouched) {
  for (int y = 0; y < frame.height; ++y)
    for (int x = 0; x < frame.width; ++x)
      if (!inside.contains(Point{x, y}) && !(frame.at(x, y) == untouched)) return false;
  return true;
}

TEST(CanvasTest, FillRectIsExactAndClippedToTheFrame) {
  Frame frame = blank(20, 10);
  Canvas canvas(frame);
  canvas.fill_rect({-5, 3, 12, 4}, Color::rgb(0x102030));
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 20; ++x) {
      bool inside = x < 7 && y >= 3 && y < 7;
      EXPECT_EQ(frame.at(x, y), inside ? (Rgb{0x10, 0x20, 0x30}) : kBlack) << x << "," << y;
    }
  canvas.fill_rect({100, 100, 5, 5}, Color::rgb(0xffffff));  // fully outside: no effect, no crash
  canvas.fill_rect({2, 2, 0, 5}, Color::rgb(0xffffff));      // empty
  EXPECT_TRUE(untouched_outside(frame, {0, 3, 7, 4}, kBlack));
}

TEST(CanvasTest, FillRectHonoursAStrideWiderThanTheRow) {
  Frame frame(5, 3);
  frame.stride_bytes = 5 * 3 + 7;
  frame.pixels.assign(size_t(frame.stride_bytes) * 3, 0xAB);
  Canvas canvas(frame);
  canvas.clear(Color::rgb(0x000000));
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 5; ++x) EXPECT_EQ(frame.at(x, y), kBlack);
    for (int i = 15; i < frame.stride_bytes; ++i) EXPECT_EQ(frame.row(y)[i], 0xAB) << "padding";
  }
}

TEST(CanvasTest, PushClipIntersectsAndPopRestores) {
  Frame frame = blank(30, 30);
  Canvas canvas(frame);
  canvas.push_clip({5, 5, 20, 20});
  canvas.push_clip({0, 0, 10, 10});  // nests: effective clip is 5,5 5x5
  EXPECT_EQ(canvas.clip(), (Rect{5, 5, 5, 5}));
  canvas.fill_rect({0, 0, 30, 30}, Color::rgb(0xffffff));
  EXPECT_TRUE(untouched_outside(frame, {5, 5, 5, 5}, kBlack));
  EXPECT_EQ(frame.at(5, 5), kWhite);
  EXPECT_EQ(frame.at(9, 9), kWhite);
  canvas.pop_clip();
  EXPECT_EQ(canvas.clip(), (Rect{5, 5, 20, 20}));
  canvas.pop_clip();
  EXPECT_EQ(canvas.clip(), frame.bounds());
  canvas.clear(Color::rgb(0xffffff));
  EXPECT_EQ(covered_area(frame), 900.0);
}

TEST(CanvasTest, EveryPrimitiveStaysInsideTheClip) {
  Frame frame = blank(40, 40);
  Canvas canvas(frame);
  Rect clip{10, 12, 15, 9};
  canvas.push_clip(clip);
  Color white = Color::rgb(0xffffff);
  canvas.clear(Color::rgb(0x000000));
  canvas.fill_rounded_rect({0, 0, 40, 40}, 8, white);
  canvas.stroke_rounded_rect({2, 2, 36, 36}, 6, white, 3);
  canvas.stroke_rect({1, 1, 38, 38}, white, 2);
  canvas.fill_vertical_gradient({0, 0, 40, 40}, white, white);
  canvas.fill_circle(20, 20, 30, white);
  canvas.stroke_circle(15, 15, 10, white, 4);
  canvas.draw_line(-10, -10, 50, 50, white, 5);
  canvas.fill_triangle(0, 0, 40, 5, 10, 40, white);
  AlphaMask mask{40, 40, std::vector<uint8_t>(1600, 255)};
  canvas.draw_mask(0, 0, mask, white);
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 40; ++x) canvas.blend_pixel(x, y, white);
  EXPECT_TRUE(untouched_outside(frame, clip, kBlack));
  EXPECT_EQ(frame.at(10, 12), kWhite);
}

TEST(CanvasDeathTest, PopClipWithoutPushIsABug) {
  Frame frame = blank(4, 4);
  Canvas canvas(frame);
  EXPECT_DEATH(canvas.pop_clip(), "pop_clip without a matching push_clip");
}

TEST(CanvasTest, AlphaBlendingIsRoundedIntegerOver) {
  Frame frame = blank(4, 1, kWhite);
  Canvas canvas(frame);
  canvas.fill_rect({0, 0, 1, 1}, Color::rgb(0x000000, 128));
  canvas.fill_rect({1, 0, 1, 1}, Color::rgb(0xff0000, 51));
  canvas.blend_pixel(2, 0, Color::rgb(0x000000, 128));
  canvas.fill_rect({3, 0, 1, 1}, Color::rgb(0x000000, 0));
  EXPECT_EQ(frame.at(0, 0), (Rgb{127, 127, 127}));  // 255 * 127 / 255
  EXPECT_EQ(frame.at(1, 0), (Rgb{255, 204, 204}));  // 255 * (255 - 51) / 255 = 204
  EXPECT_EQ(frame.at(2, 0), frame.at(0, 0)) << "blend_pixel blends like fill_rect";
  EXPECT_EQ(frame.at(3, 0), kWhite) << "alpha 0 paints nothing";

  // Exhaustive against the reference formula on a few destination values.
  for (int a = 0; a <= 255; ++a) {
    for (int dst : {0, 77, 255}) {
      Frame one = blank(1, 1, Rgb{uint8_t(dst), uint8_t(dst), uint8_t(dst)});
      Canvas c(one);
      c.fill_rect({0, 0, 1, 1}, Color{200, 10, 255, uint8_t(a)});
      auto expected = [&](int src) { return int(std::lround((src * a + dst * (255 - a)) / 255.0)); };
      EXPECT_EQ(one.at(0, 0).r, expected(200)) << "a=" << a << " dst=" << dst;
      EXPECT_EQ(one.at(0, 0).g, expected(10));
      EXPECT_EQ(one.at(0, 0).b, expected(255));
    }
  }
}

TEST(CanvasTest, ClearCopiesRgbIgnoringAlpha) {
  Frame frame = blank(3, 3, kWhite);
  Canvas canvas(frame);
  canvas.clear(Color::rgb(0x336699, 10));
  EXPECT_EQ(frame.at(1, 1), (Rgb{0x33, 0x66, 0x99}));
}

TEST(CanvasTest, ColorMixInterpolatesAndClamps) {
  Color a = Color::rgb(0x000000, 0), b = Color::rgb(0xff8040, 255);
  EXPECT_EQ(a.mix(b, 0.0), a);
  EXPECT_EQ(a.mix(b, 1.0), b);
  EXPECT_EQ(a.mix(b, 0.5), (Color{128, 64, 32, 128}));
  EXPECT_EQ(a.mix(b, -3.0), a);
  EXPECT_EQ(a.mix(b, 7.0), b);
}

TEST(CanvasTest, StrokeRectDrawsInsideWithoutDoubleBlendingCorners) {
  Frame frame = blank(12, 10);
  Canvas canvas(frame);
  canvas.stroke_rect({1, 1, 10, 8}, Color::rgb(0xffffff, 128), 2);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 12; ++x) {
      bool in_rect = Rect{1, 1, 10, 8}.contains(Point{x, y});
      bool in_hole = Rect{3, 3, 6, 4}.contains(Point{x, y});
      EXPECT_EQ(frame.at(x, y).r, in_rect && !in_hole ? 128 : 0) << x << "," << y;
    }
  // A border thicker than half the rect is a fill.
  canvas.stroke_rect({0, 0, 4, 4}, Color::rgb(0xffffff), 2);
  EXPECT_EQ(frame.at(1, 1), kWhite);
  EXPECT_EQ(frame.at(2, 2), kWhite);
}

TEST(CanvasTest, RoundedRectIsFullInsideAndSymmetricAtTheCorners) {
  Frame frame = blank(40, 30);
  Canvas canvas(frame);
  Rect rect{5, 5, 30, 20};
  canvas.fill_rounded_rect(rect, 6, Color::rgb(0xffffff));
  EXPECT_TRUE(untouched_outside(frame, rect, kBlack));
  EXPECT_EQ(frame.at(20, 15), kWhite);
  EXPECT_EQ(frame.at(20, 5), kWhite) << "straight edges are crisp";
  EXPECT_EQ(frame.at(5, 15), kWhite);
  EXPECT_EQ(frame.at(5, 5), kBlack) << "corner pixel lies outside the arc";
  EXPECT_GT(frame.at(6, 7).r, 0);
  EXPECT_LT(frame.at(6, 7).r, 255) << "arc pixels are antialiased";
  for (int dy = 0; dy < 20; ++dy)
    for (int dx = 0; dx < 30; ++dx) {
      Rgb p = frame.at(5 + dx, 5 + dy);
      EXPECT_EQ(p, frame.at(34 - dx, 5 + dy)) << dx << "," << dy;
      EXPECT_EQ(p, frame.at(5 + dx, 24 - dy)) << dx << "," << dy;
    }
  double area = 30 * 20 - (4 - M_PI) * 36;  // rect minus the four corner cut-outs
  EXPECT_NEAR(covered_area(frame), area, 1.0);
}

TEST(CanvasTest, StrokeRoundedRectLeavesTheInteriorAlone) {
  Frame frame = blank(40, 30);
  Canvas canvas(frame);
  Rect rect{5, 5, 30, 20};
  canvas.stroke_rounded_rect(rect, 6, Color::rgb(0xffffff), 2);
  EXPECT_TRUE(untouched_outside(frame, rect, kBlack));
  EXPECT_EQ(frame.at(20, 5), kWhite);
  EXPECT_EQ(frame.at(20, 6), kWhite);
  EXPECT_EQ(frame.at(20, 7), kBlack);
  EXPECT_EQ(frame.at(34, 15), kWhite);
  EXPECT_EQ(frame.at(32, 15), kBlack);
  EXPECT_EQ(frame.at(20, 15), kBlack);
  for (int dy = 0; dy < 20; ++dy)
    for (int dx = 0; dx < 30; ++dx) EXPECT_EQ(frame.at(5 + dx, 5 + dy), frame.at(34 - dx, 24 - dy));
  // Perimeter band area: outer rounded rect minus inner (26x16, radius 4).
  double outer = 30 * 20 - (4 - M_PI) * 36, inner = 26 * 16 - (4 - M_PI) * 16;
  EXPECT_NEAR(covered_area(frame), outer - inner, 1.5);
}

TEST(CanvasTest, VerticalGradientRunsFromTopToBottom) {
  Frame frame = blank(3, 11);
  Canvas canvas(frame);
  canvas.fill_vertical_gradient({0, 0, 3, 11}, Color::rgb(0x000000), Color::rgb(0xffffff));
  EXPECT_EQ(frame.at(1, 0), kBlack);
  EXPECT_EQ(frame.at(1, 10), kWhite);
  EXPECT_NEAR(frame.at(1, 5).r, 128, 1);
  for (int y = 1; y < 11; ++y) EXPECT_GT(frame.at(0, y).r, frame.at(0, y - 1).r);
}

TEST(CanvasTest, CircleIsSymmetricFullInTheMiddleAndHasTheRightArea) {
  Frame frame = blank(40, 40);
  Canvas canvas(frame);
  canvas.fill_circle(20, 20, 9.5, Color::rgb(0xffffff));
  EXPECT_EQ(frame.at(20, 20), kWhite);
  EXPECT_EQ(frame.at(19, 19), kWhite);
  EXPECT_EQ(frame.at(12, 20), kWhite);
  EXPECT_EQ(frame.at(20, 30), kBlack);
  EXPECT_TRUE(untouched_outside(frame, {10, 10, 20, 20}, kBlack));
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 40; ++x) {
      EXPECT_EQ(frame.at(x, y), frame.at(39 - x, y)) << x << "," << y;
      EXPECT_EQ(frame.at(x, y), frame.at(y, x)) << x << "," << y;
    }
  EXPECT_NEAR(covered_area(frame), M_PI * 9.5 * 9.5, 1.0);
}

TEST(CanvasTest, CircleAtASubpixelCentreShiftsItsCoverage) {
  Frame frame = blank(20, 20);
  Canvas canvas(frame);
  canvas.fill_circle(10.5, 10.5, 3, Color::rgb(0xffffff));
  EXPECT_EQ(frame.at(10, 10), kWhite);
  EXPECT_EQ(frame.at(7, 10), frame.at(13, 10)) << "symmetric about pixel 10's centre";
  EXPECT_NEAR(covered_area(frame), M_PI * 9, 0.6);
}

TEST(CanvasTest, StrokeCircleIsARingCentredOnTheRadius) {
  Frame frame = blank(40, 40);
  Canvas canvas(frame);
  canvas.stroke_circle(20, 20, 10, Color::rgb(0xffffff), 2);
  EXPECT_EQ(frame.at(20, 20), kBlack);
  EXPECT_EQ(frame.at(29, 20), kWhite);  // centre 29.5: distance 9.5..10.5 lies in the ring
  EXPECT_EQ(frame.at(10, 20), kWhite);
  EXPECT_EQ(frame.at(20, 14), kBlack);
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 40; ++x) EXPECT_EQ(frame.at(x, y), frame.at(39 - x, 39 - y));
  EXPECT_NEAR(covered_area(frame), M_PI * (11 * 11 - 9 * 9), 1.5);
}

TEST(CanvasTest, HorizontalLineCoversItsRowBetweenRoundEnds) {
  Frame frame = blank(30, 10);
  Canvas canvas(frame);
  canvas.draw_line(5, 4.5, 20, 4.5, Color::rgb(0xffffff));
  for (int x = 5; x < 20; ++x) EXPECT_EQ(frame.at(x, 4), kWhite) << x;
  EXPECT_EQ(frame.at(4, 4).r, 128) << "half a pixel of round cap before the start";
  EXPECT_EQ(frame.at(20, 4).r, 128) << "and after the end";
  EXPECT_TRUE(untouched_outside(frame, {4, 4, 17, 1}, kBlack));
}

TEST(CanvasTest, ThickDiagonalLineIsSymmetricAndHasTheRightArea) {
  Frame frame = blank(40, 40);
  Canvas canvas(frame);
  canvas.draw_line(10, 10, 30, 30, Color::rgb(0xffffff), 3);
  EXPECT_EQ(frame.at(10, 10), kWhite) << "start point";
  EXPECT_EQ(frame.at(29, 29), kWhite) << "end point";
  EXPECT_EQ(frame.at(32, 32), kBlack) << "beyond the end cap";
  EXPECT_EQ(frame.at(6, 6), kBlack) << "before the start cap";
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 40; ++x) {
      EXPECT_EQ(frame.at(x, y), frame.at(y, x)) << x << "," << y;
      EXPECT_EQ(frame.at(x, y), frame.at(39 - x, 39 - y)) << x << "," << y;
    }
  double length = 20 * std::sqrt(2.0);
  EXPECT_NEAR(covered_area(frame), length * 3 + M_PI * 1.5 * 1.5, 2.0);
}

TEST(CanvasTest, HairlineIsFainterThanAOnePixelLine) {
  Frame frame = blank(20, 4);
  Canvas canvas(frame);
  canvas.draw_line(2, 1.5, 18, 1.5, Color::rgb(0xffffff), 0.5);
  EXPECT_EQ(frame.at(10, 1).r, 128);
  canvas.draw_line(5.5, 3.5, 5.5, 3.5, Color::rgb(0xffffff), 1);  // a point: a dot, no crash
  EXPECT_EQ(frame.at(5, 3), kWhite);
}

TEST(CanvasTest, TriangleCoversItsAreaRegardlessOfWinding) {
  Frame cw = blank(30, 30), ccw = blank(30, 30);
  Canvas(cw).fill_triangle(5, 5, 25, 5, 15, 25, Color::rgb(0xffffff));
  Canvas(ccw).fill_triangle(5, 5, 15, 25, 25, 5, Color::rgb(0xffffff));
  EXPECT_EQ(frame_hash(cw), frame_hash(ccw));
  EXPECT_EQ(cw.at(15, 10), kWhite);
  EXPECT_EQ(cw.at(15, 4), kBlack);
  EXPECT_EQ(cw.at(5, 20), kBlack);
  EXPECT_EQ(cw.at(10, 5), kWhite) << "top edge lies on a pixel boundary: crisp";
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 30; ++x) EXPECT_EQ(cw.at(x, y), cw.at(30 - 1 - x, y)) << x << "," << y;
  EXPECT_NEAR(covered_area(cw), 0.5 * 20 * 20, 2.0);
  Frame degenerate = blank(10, 10);
  Canvas(degenerate).fill_triangle(1, 1, 5, 5, 9, 9, Color::rgb(0xffffff));
  EXPECT_EQ(covered_area(degenerate), 0.0);
}

TEST(CanvasTest, DrawMaskBlendsCoverageAndClips) {
  Frame frame = blank(6, 4);
  Canvas canvas(frame);
  AlphaMask mask{3, 2, {0, 128, 255, 255, 255, 255}};
  canvas.draw_mask(4, 1, mask, Color::rgb(0xffffff));  // third column falls off the frame
  EXPECT_EQ(frame.at(4, 1), kBlack);
  EXPECT_EQ(frame.at(5, 1).r, 128);
  EXPECT_EQ(frame.at(4, 2), kWhite);
  EXPECT_EQ(frame.at(5, 2), kWhite);
  canvas.draw_mask(0, 0, mask, Color::rgb(0xffffff, 128));
  EXPECT_EQ(frame.at(1, 0).r, 64);  // 128 coverage * 128 alpha
  EXPECT_EQ(frame.at(2, 0).r, 128);
  canvas.draw_mask(-3, -2, mask, Color::rgb(0xffffff));  // entirely outside
  EXPECT_TRUE(untouched_outside(frame, {0, 0, 6, 3}, kBlack));
}

}  // namespace
}  // namespace hemu
