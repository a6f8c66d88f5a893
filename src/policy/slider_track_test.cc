#include "policy/slider_track.h"

#include <cmath>

#include <gtest/gtest.h>

namespace hemu {
namespace {

// Synthetic sliders drawn as the sim draws them at scale 1: a 4-px band (accent left of the thumb,
// grey right of it) and a thumb of radius 7 (a 1.5-px ring around a white fill).
constexpr Rgb kWindow{240, 240, 240}, kAccent{40, 120, 200}, kTrack{200, 200, 200}, kRing{120, 120, 120},
    kFill{255, 255, 255};

void fill(Frame& f, const Rect& r, Rgb c) {
  const Rect in = r.intersect(f.bounds());
  for (int y = in.y; y < in.bottom(); ++y)
    for (int x = in.x; x < in.right(); ++x) f.set(x, y, c);
}

Frame window_frame(int w = 400, int h = 120) {
  Frame f(w, h);
  fill(f, f.bounds(), kWindow);
  return f;
}

// A slider whose track spans columns [left, left + length) on rows [cy - 2, cy + 2), thumb at
// `thumb_x`; returns the box the sim gives the slider.
Rect draw_slider(Frame& f, int left, int length, int cy, int thumb_x, Rgb track = kTrack) {
  fill(f, {left, cy - 2, length, 4}, track);
  fill(f, {left, cy - 2, thumb_x - left, 4}, kAccent);
  for (int y = cy - 8; y <= cy + 8; ++y)
    for (int x = thumb_x - 8; x <= thumb_x + 8; ++x) {
      const double d = std::hypot(x + 0.5 - thumb_x, y + 0.5 - cy);
      if (d <= 5.5) f.set(x, y, kFill);
      else if (d <= 7.0) f.set(x, y, kRing);
    }
  return {left - 8, cy - 12, length + 16, 24};
}

void expect_near(const Rect& got, const Rect& want, int tolerance = 3) {
  EXPECT_NEAR(got.x, want.x, tolerance) << "box " << got.x << "," << got.y << " " << got.width << "x" << got.height;
  EXPECT_NEAR(got.right(), want.right(), tolerance);
  EXPECT_NEAR(got.y, want.y, 1);
  EXPECT_EQ(got.height, want.height);
}

TEST(SliderTrack, FindsASliderWithItsThumbAnywhere) {
  for (int thumb : {60, 150, 259}) {  // the track's left end, the middle, the right end
    Frame f = window_frame();
    const Rect want = draw_slider(f, 60, 200, 50, thumb);
    const auto boxes = find_slider_boxes(f, 1.0);
    ASSERT_EQ(boxes.size(), 1u) << "thumb at " << thumb;
    expect_near(boxes[0], want);
  }
}

TEST(SliderTrack, FindsAFaintTrackAndOneUnderThePointer) {
  // The classic theme: a grey track 6 levels off its grey window.
  Frame f = window_frame();
  fill(f, f.bounds(), {189, 189, 189});
  const Rect faint = draw_slider(f, 60, 200, 30, 200, {183, 183, 183});
  // A pointer (a dark wedge from the thumb's centre down and to the right) over the thumb.
  const Rect covered = draw_slider(f, 60, 200, 80, 120);
  for (int k = 0; k < 18; ++k) fill(f, {120, 80 + k, 1 + k * 2 / 3, 1}, {10, 10, 10});
  const auto boxes = find_slider_boxes(f, 1.0);
  ASSERT_EQ(boxes.size(), 2u);
  expect_near(boxes[0], faint);
  expect_near(boxes[1], covered);
}

TEST(SliderTrack, FindsOneWithThePointerOnItsLowerLeft) {
  // The thumb moved a few steps right of where it was clicked: the pointer's wedge crosses the
  // column just left of the thumb below the band.
  Frame f = window_frame();
  const Rect want = draw_slider(f, 60, 200, 50, 132);
  for (int k = 0; k < 18; ++k) fill(f, {120, 50 + k, 1 + k * 2 / 3, 1}, {10, 10, 10});
  const auto boxes = find_slider_boxes(f, 1.0);
  ASSERT_EQ(boxes.size(), 1u);
  expect_near(boxes[0], want);
}

TEST(SliderTrack, AWindowsBottomEdgeWithButtonsAboveIsNoSlider) {
  // A window (kWindow) whose last rows are a 3-px border over a darker desktop, with a button's
  // lower part just above the edge: a band with a knob-sized blob on it, but desktop below it.
  Frame f(400, 120);
  fill(f, f.bounds(), {60, 40, 80});
  fill(f, {20, 0, 360, 60}, kWindow);
  fill(f, {20, 60, 360, 3}, {90, 90, 90});
  fill(f, {150, 54, 14, 6}, kRing);
  EXPECT_TRUE(find_slider_boxes(f, 1.0).empty());
}

TEST(SliderTrack, BandsWithoutAThumbOrTooShortAreNoSliders) {
  Frame f = window_frame();
  fill(f, {40, 20, 300, 4}, kAccent);   // a stripe (a tab's underline, a progress bar)
  fill(f, {40, 50, 300, 1}, kRing);     // a separator line
  draw_slider(f, 100, 60, 90, 130);     // a knob on a 60-px band: shorter than any slider
  EXPECT_TRUE(find_slider_boxes(f, 1.0).empty());
}

UiElement element(ElementClass c, Rect r, std::string text = "", float score = 0.9f) {
  UiElement e;
  e.element_class = c;
  e.rect = r;
  e.text = std::move(text);
  e.score = score;
  return e;
}

TEST(SliderTrack, SlidersAreFittedAddedAndTheirLookAlikesDropped) {
  Frame f = window_frame(400, 160);
  const Rect first = draw_slider(f, 60, 200, 30, 150);
  const Rect second = draw_slider(f, 60, 200, 80, 100);
  const Rect third = draw_slider(f, 60, 200, 130, 230);
  std::vector<UiElement> elements = {
      element(ElementClass::kText, {0, 18, 60, 24}, "Volume"),
      element(ElementClass::kSlider, {40, 19, 200, 22}, "7"),     // starts 12 px early, ends 40 px short
      element(ElementClass::kSlider, {60, 20, 190, 20}, "", 0.4f),  // the same slider again
      element(ElementClass::kRadio, {92, 72, 40, 18}),            // the second one's thumb
      element(ElementClass::kRadio, {290, 70, 30, 20}, "11"),     // its value label: no glyph there
      element(ElementClass::kTextField, {52, 118, 214, 24}),      // the third one's track
  };
  fit_sliders_to_tracks(f, 1.0, elements);
  ASSERT_EQ(elements.size(), 5u);
  EXPECT_EQ(elements[0].text, "Volume");
  EXPECT_EQ(elements[1].element_class, ElementClass::kSlider);
  EXPECT_EQ(elements[1].text, "7");
  expect_near(elements[1].rect, first);
  EXPECT_EQ(elements[2].element_class, ElementClass::kText);
  EXPECT_EQ(elements[2].text, "11");
  EXPECT_FALSE(elements[2].checked);
  // New sliders are appended for the tracks no detection covered.
  EXPECT_EQ(elements[3].element_class, ElementClass::kSlider);
  expect_near(elements[3].rect, second);
  EXPECT_EQ(elements[4].element_class, ElementClass::kSlider);
  expect_near(elements[4].rect, third);
}

TEST(SliderTrack, AScreenWithoutSlidersIsLeftAlone) {
  Frame f = window_frame();
  std::vector<UiElement> elements = {element(ElementClass::kRadio, {20, 20, 80, 20}, "Red"),
                                     element(ElementClass::kSlider, {100, 60, 200, 24}, "3")};
  fit_sliders_to_tracks(f, 1.0, elements);
  ASSERT_EQ(elements.size(), 2u);
  EXPECT_EQ(elements[1].rect, (Rect{100, 60, 200, 24}));
}

}  // namespace
}  // namespace hemu
