#include "policy/detector_regions.h"

#include <gtest/gtest.h>

#include "core/rng.h"

namespace hemu {
namespace {

// A desktop: a vertical gradient (as the sim's wallpapers), each row one colour.
Frame gradient_desktop(int width, int height) {
  Frame frame(width, height);
  for (int y = 0; y < height; ++y) {
    const uint8_t v = uint8_t(190 - 60 * y / height);
    for (int x = 0; x < width; ++x) frame.set(x, y, {uint8_t(v / 2), v, uint8_t(v + 20)});
  }
  return frame;
}

// A window: a 1-px border, a title bar, a few lines of "text", and a large empty body below them
// (a text area or drop zone would be such a flat inside).
void draw_window(Frame& frame, const Rect& r) {
  for (int y = r.y; y < r.bottom(); ++y)
    for (int x = r.x; x < r.right(); ++x) {
      const bool border = x == r.x || y == r.y || x == r.right() - 1 || y == r.bottom() - 1;
      frame.set(x, y, border ? Rgb{60, 60, 60} : y < r.y + 24 ? Rgb{40, 80, 160} : Rgb{245, 245, 245});
    }
  for (int line = 0; line < 3; ++line)
    for (int x = r.x + 12; x < r.x + 120; x += 3) frame.set(x, r.y + 40 + 18 * line, {20, 20, 20});
}

int64_t area(const std::vector<Rect>& rects) {
  int64_t a = 0;
  for (const Rect& r : rects) a += int64_t(r.width) * r.height;
  return a;
}

TEST(ContentRegions, FlatScreenHasNone) {
  Frame plain(640, 480);
  for (int y = 0; y < 480; ++y)
    for (int x = 0; x < 640; ++x) plain.set(x, y, {30, 90, 140});
  EXPECT_TRUE(content_regions(plain, {}).empty());
  EXPECT_TRUE(content_regions(gradient_desktop(1920, 1080), {}).empty());
}

TEST(ContentRegions, WindowGivesItsBoundingBoxPlusOneTile) {
  Frame frame = gradient_desktop(1920, 1080);
  const Rect window{700, 300, 500, 400};
  draw_window(frame, window);
  ContentRegionOptions options;  // 32 px tiles, one tile of margin
  const auto regions = content_regions(frame, options);
  ASSERT_EQ(regions.size(), 1u);
  // The tiles the window touches (x 672..1216, y 288..704), one more tile on each side.
  EXPECT_EQ(regions[0], (Rect{640, 256, 608, 480})) << regions[0].to_string();
  EXPECT_TRUE(regions[0].contains(window));
  // Without a margin: just the touched tiles.
  options.margin_tiles = 0;
  EXPECT_EQ(content_regions(frame, options), (std::vector<Rect>{{672, 288, 544, 416}}));
}

TEST(ContentRegions, FarApartWindowsAreTwoRegionsAndNearOnesOne) {
  Frame frame = gradient_desktop(1920, 1080);
  draw_window(frame, {100, 100, 300, 200});
  draw_window(frame, {1300, 600, 400, 300});
  EXPECT_EQ(content_regions(frame, {}).size(), 2u);
  draw_window(frame, {430, 100, 200, 200});  // 30 px right of the first: one group with it
  const auto regions = content_regions(frame, {});
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_TRUE(regions[0].contains(Rect{100, 100, 530, 200}) || regions[1].contains(Rect{100, 100, 530, 200}));
}

TEST(ContentRegions, BusyScreenIsTheWholeFrame) {
  // A photo-like wallpaper: noise everywhere.
  Frame frame(1280, 800);
  Rng rng(5);
  for (int y = 0; y < 800; ++y)
    for (int x = 0; x < 1280; ++x)
      frame.set(x, y, {uint8_t(rng.uniform_int(0, 255)), uint8_t(rng.uniform_int(0, 255)), 40});
  EXPECT_EQ(content_regions(frame, {}), (std::vector<Rect>{frame.bounds()}));
  // A gradient along x (each row changes every pixel) is not flat either.
  for (int y = 0; y < 800; ++y)
    for (int x = 0; x < 1280; ++x) frame.set(x, y, {uint8_t(x / 6), 100, 100});
  EXPECT_EQ(content_regions(frame, {}), (std::vector<Rect>{frame.bounds()}));
}

TEST(ContentRegions, AlignedAndInsideTheFrameAtOddSizes) {
  const Size sizes[] = {{640, 480}, {1366, 768}, {1001, 701}, {1920, 1080}, {2560, 1440}, {5120, 2880}};
  for (Size size : sizes) {
    Frame frame = gradient_desktop(size.width, size.height);
    // Windows at the corners (partial tiles at the right and bottom edges) and one in the middle.
    draw_window(frame, {0, 0, 200, 150});
    draw_window(frame, {size.width - 210, size.height - 170, 210, 170});
    draw_window(frame, {size.width / 2 - 90, size.height / 2 - 60, 180, 120});
    ContentRegionOptions options;
    options.tile_px = size.width >= 3000 ? 64 : 32;
    const auto regions = content_regions(frame, options);
    ASSERT_FALSE(regions.empty()) << size.width << "x" << size.height;
    for (const Rect& r : regions) {
      EXPECT_TRUE(frame.bounds().contains(r)) << r.to_string() << " in " << size.width << "x" << size.height;
      EXPECT_EQ(r.x % options.tile_px, 0);
      EXPECT_EQ(r.y % options.tile_px, 0);
      EXPECT_TRUE(r.width % options.tile_px == 0 || r.right() == size.width) << r.to_string();
      EXPECT_TRUE(r.height % options.tile_px == 0 || r.bottom() == size.height) << r.to_string();
    }
    for (size_t i = 0; i < regions.size(); ++i)
      for (size_t j = i + 1; j < regions.size(); ++j) EXPECT_TRUE(regions[i].intersect(regions[j]).empty());
    // Every window is inside one region; the regions skip most of the screen.
    for (const Rect& w : {Rect{0, 0, 200, 150}, Rect{size.width - 210, size.height - 170, 210, 170}}) {
      bool inside = false;
      for (const Rect& r : regions) inside = inside || r.contains(w);
      EXPECT_TRUE(inside) << w.to_string() << " at " << size.width << "x" << size.height;
    }
    if (size.width >= 1366) {  // on small screens the three windows are one group
      EXPECT_LT(area(regions), int64_t(size.width) * size.height * 7 / 10) << size.width << "x" << size.height;
    }
  }
}

TEST(DetectorPatches, InnerAlignedInsideContextWithTheMargin) {
  const Size padded{960, 544};
  // A window region (screen px, factor 2) and a taskbar far below it: contexts touch, two crops.
  const std::vector<Rect> regions = {{640, 256, 608, 480}, {0, 1024, 1920, 56}};
  const auto patches = detector_patches(regions, 2, padded, /*inner_margin=*/0, /*context_margin=*/64, 4, 32);
  ASSERT_EQ(patches.size(), 2u);
  for (const auto& p : patches) {
    EXPECT_TRUE(p.context.contains(p.inner));
    EXPECT_TRUE((Rect{0, 0, padded.width, padded.height}).contains(p.context));
    EXPECT_EQ(p.inner.x % 4, 0);
    EXPECT_EQ(p.inner.width % 4, 0);
    EXPECT_EQ(p.context.x % 32, 0);
    EXPECT_EQ(p.context.y % 32, 0);
    EXPECT_EQ(p.context.width % 32, 0);
    EXPECT_EQ(p.context.height % 32, 0);
    // The margin, unless clipped by the input's edge.
    EXPECT_TRUE(p.inner.x - p.context.x >= 64 || p.context.x == 0);
    EXPECT_TRUE(p.context.right() - p.inner.right() >= 64 || p.context.right() == padded.width);
  }
  EXPECT_EQ(patches[0].inner, (Rect{320, 128, 304, 240}));
  EXPECT_EQ(patches[0].context, (Rect{256, 64, 448, 384}));
  EXPECT_EQ(patches[1].context, (Rect{0, 448, 960, 96}));
  // About half of a full pass: the 1080p first frame of `hemu bench policy` looks like this.
  EXPECT_EQ(detector_patch_pixels(patches), 448 * 384 + 960 * 96);
  // Rounded to multiples of 64 model px (one oneDNN kernel set per crop size): the window's crop
  // already is; the taskbar's grows to 128 rows, upwards since the input ends below it.
  auto rounded = patches;
  round_patch_contexts(rounded, 64, padded);
  EXPECT_EQ(rounded[0].context, (Rect{256, 64, 448, 384}));
  EXPECT_EQ(rounded[1].context, (Rect{0, 416, 960, 128}));
  EXPECT_EQ(rounded[1].inner, patches[1].inner);
  // Any region: the rounded context holds the old one, stays on the grid and inside the input.
  for (int x = 0; x < 1920; x += 170)
    for (int y = 0; y < 1080; y += 130) {
      auto one = detector_patches({{x, y, 90 + x / 7, 40 + y / 5}}, 2, padded, 8, 64, 4, 32);
      auto grown = one;
      round_patch_contexts(grown, 64, padded);
      ASSERT_EQ(grown.size(), 1u);
      const Rect& c = grown[0].context;
      EXPECT_TRUE(c.contains(one[0].context)) << c.to_string() << " " << one[0].context.to_string();
      EXPECT_TRUE((Rect{0, 0, padded.width, padded.height}).contains(c)) << c.to_string();
      EXPECT_TRUE(c.width % 64 == 0 || c.width == padded.width) << c.to_string();
      EXPECT_TRUE(c.height % 64 == 0 || c.height == padded.height) << c.to_string();
      EXPECT_EQ(c.x % 32, 0);
      EXPECT_EQ(c.y % 32, 0);
      EXPECT_EQ(grown[0].inner, one[0].inner);
    }
  // Two nearby changes: one crop over both is smaller than the two.
  const auto near = detector_patches({{100, 100, 20, 20}, {180, 100, 20, 20}}, 2, padded, 8, 64, 4, 32);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_TRUE(near[0].inner.contains(Rect{50, 50, 50, 10}));
}

}  // namespace
}  // namespace hemu
