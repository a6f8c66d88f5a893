#include "image/resize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "image/test_frames.h"

namespace hemu {
namespace {

using testing::constant_frame;
using testing::random_frame;

double mean_brightness(const Frame& frame) {
  double sum = 0;
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width * 3; ++x) sum += frame.row(y)[x];
  }
  return sum / (double(frame.width) * frame.height * 3);
}

// Slow reference: exact area average in doubles.
Frame reference_area(const Frame& src, int width, int height) {
  Frame out(width, height);
  const double sx = double(src.width) / width, sy = double(src.height) / height;
  for (int oy = 0; oy < height; ++oy) {
    for (int ox = 0; ox < width; ++ox) {
      double sum[3] = {0, 0, 0};
      for (int y = 0; y < src.height; ++y) {
        const double wy = std::max(0.0, std::min(y + 1.0, (oy + 1) * sy) - std::max(double(y), oy * sy));
        if (wy <= 0) continue;
        for (int x = 0; x < src.width; ++x) {
          const double wx = std::max(0.0, std::min(x + 1.0, (ox + 1) * sx) - std::max(double(x), ox * sx));
          for (int c = 0; c < 3; ++c) sum[c] += wx * wy * src.row(y)[x * 3 + c];
        }
      }
      for (int c = 0; c < 3; ++c) out.row(oy)[ox * 3 + c] = uint8_t(std::lround(sum[c] / (sx * sy)));
    }
  }
  return out;
}

TEST(DownscaleAreaTest, ConstantStaysConstant) {
  const Rgb color{17, 200, 99};
  for (auto [width, height] : {std::pair{10, 10}, {3, 7}, {1, 1}, {33, 17}}) {
    const Frame out = downscale_area(constant_frame(100, 70, color), width, height);
    ASSERT_EQ(out.size(), (Size{width, height}));
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) ASSERT_EQ(out.at(x, y), color);
    }
  }
}

TEST(DownscaleAreaTest, CheckerAtFactorTwoGivesTheMean) {
  Frame checker(8, 6);
  for (int y = 0; y < 6; ++y) {
    for (int x = 0; x < 8; ++x) checker.set(x, y, (x + y) % 2 ? Rgb{200, 0, 255} : Rgb{100, 50, 0});
  }
  const Frame out = downscale_area(checker, 4, 3);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 4; ++x) ASSERT_EQ(out.at(x, y), (Rgb{150, 25, 128}));  // 127.5 rounds up
  }
}

TEST(DownscaleAreaTest, NonIntegerRatioUsesExactBoxWeights) {
  // 3 -> 2: output 0 covers pixel 0 and half of pixel 1.
  Frame row(3, 1);
  row.set(0, 0, {0, 0, 0});
  row.set(1, 0, {90, 90, 90});
  row.set(2, 0, {210, 210, 210});
  const Frame out = downscale_area(row, 2, 1);
  EXPECT_EQ(out.at(0, 0).r, 30);   // (0 * 1 + 90 * 0.5) / 1.5
  EXPECT_EQ(out.at(1, 0).r, 170);  // (90 * 0.5 + 210 * 1) / 1.5
}

TEST(DownscaleAreaTest, MatchesSlowReference) {
  const Frame src = random_frame(37, 29, /*seed=*/4);
  for (auto [width, height] : {std::pair{37, 29}, {10, 10}, {36, 28}, {7, 3}, {1, 29}, {18, 1}}) {
    SCOPED_TRACE(std::to_string(width) + "x" + std::to_string(height));
    const Frame fast = downscale_area(src, width, height);
    const Frame slow = reference_area(src, width, height);
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width * 3; ++x) ASSERT_NEAR(fast.row(y)[x], slow.row(y)[x], 1) << x / 3 << "," << y;
    }
  }
}

TEST(DownscaleAreaTest, NonIntegerRatioPreservesMeanBrightness) {
  const Frame src = random_frame(1920, 1080, /*seed=*/8);
  const Frame out = downscale_area(src, 256, 160);
  EXPECT_NEAR(mean_brightness(out), mean_brightness(src), 1.0);
}

TEST(DownscaleAreaTest, ReadsThroughStridePadding) {
  Frame src = constant_frame(6, 4, {9, 8, 7});
  src.stride_bytes = 6 * 3 + 6;
  std::vector<uint8_t> padded(size_t(src.stride_bytes) * 4, 255);
  for (int y = 0; y < 4; ++y) std::copy_n(src.pixels.data() + y * 18, 18, padded.data() + y * src.stride_bytes);
  src.pixels = padded;
  const Frame out = downscale_area(src, 4, 3);
  EXPECT_EQ(out.stride_bytes, 12);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 4; ++x) ASSERT_EQ(out.at(x, y), (Rgb{9, 8, 7}));
  }
}

TEST(DownscaleAreaTest, FullHdToModelSizeIsFast) {
  const Frame src = random_frame(1920, 1080, /*seed=*/10);
  std::vector<double> ms;
  for (int run = 0; run < 9; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const Frame out = downscale_area(src, 256, 160);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    ASSERT_EQ(out.width, 256);
  }
  std::sort(ms.begin(), ms.end());
  std::printf("[ timing ] downscale_area 1920x1080 -> 256x160: median %.2f ms\n", ms[ms.size() / 2]);
  EXPECT_LT(ms[ms.size() / 2], 50.0);
}

TEST(DownscaleAreaDeathTest, RefusesToEnlarge) {
  EXPECT_DEATH(downscale_area(Frame(4, 4), 5, 4), "resize_bilinear");
}

TEST(ResizeBilinearTest, ConstantStaysConstantAndEdgesClamp) {
  const Rgb color{1, 128, 254};
  const Frame out = resize_bilinear(constant_frame(3, 2, color), 17, 9);
  ASSERT_EQ(out.size(), (Size{17, 9}));
  for (int y = 0; y < 9; ++y) {
    for (int x = 0; x < 17; ++x) ASSERT_EQ(out.at(x, y), color);
  }
}

TEST(ResizeBilinearTest, InterpolatesBetweenPixelCentres) {
  Frame row(2, 1);
  row.set(0, 0, {0, 0, 0});
  row.set(1, 0, {200, 200, 200});
  const Frame out = resize_bilinear(row, 4, 1);
  // Output centres map to source x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
  EXPECT_EQ(out.at(0, 0).r, 0);
  EXPECT_EQ(out.at(1, 0).r, 50);
  EXPECT_EQ(out.at(2, 0).r, 150);
  EXPECT_EQ(out.at(3, 0).r, 200);
}

TEST(CropTest, CopiesTheRectangle) {
  Frame src = random_frame(20, 10, /*seed=*/2);
  src.capture_time_us = 1234;
  src.damage = {{0, 0, 5, 5}};
  const Rect rect{3, 4, 7, 5};
  const Frame out = crop(src, rect);
  ASSERT_EQ(out.size(), rect.size());
  EXPECT_EQ(out.capture_time_us, 1234);
  EXPECT_TRUE(out.damage.empty());
  for (int y = 0; y < rect.height; ++y) {
    for (int x = 0; x < rect.width; ++x) ASSERT_EQ(out.at(x, y), src.at(rect.x + x, rect.y + y));
  }
  EXPECT_EQ(frame_hash(crop(src, src.bounds())), frame_hash(src));
}

TEST(CropDeathTest, RefusesRectanglesOutsideTheFrame) {
  const Frame src(10, 10);
  EXPECT_DEATH(crop(src, {5, 5, 6, 1}), "crop");
  EXPECT_DEATH(crop(src, {-1, 0, 2, 2}), "crop");
  EXPECT_DEATH(crop(src, {0, 0, 0, 2}), "crop");
}

TEST(TileStripTest, LaysOutAGrid) {
  // Five 200x100 frames in 3 columns of 100 px: 2 rows of 50 px tiles.
  std::vector<Frame> frames;
  for (int i = 0; i < 5; ++i) frames.push_back(constant_frame(200, 100, {uint8_t(50 * i), 100, 200}));
  const Frame sheet = tile_strip(frames, /*columns=*/3, /*tile_width=*/100, /*gap_px=*/4);
  EXPECT_EQ(sheet.width, 3 * 100 + 4 * 4);
  EXPECT_EQ(sheet.height, 2 * 50 + 3 * 4);
  EXPECT_EQ(sheet.at(0, 0), kTileStripBackground);
  EXPECT_EQ(sheet.at(4, 4), frames[0].at(0, 0));
  EXPECT_EQ(sheet.at(4 + 104, 4), frames[1].at(0, 0));
  EXPECT_EQ(sheet.at(4 + 99, 4 + 49), frames[0].at(0, 0));  // last pixel of tile 0
  EXPECT_EQ(sheet.at(4 + 104, 4 + 54), frames[4].at(0, 0));   // row 2, column 2
  EXPECT_EQ(sheet.at(4 + 208, 4 + 54), kTileStripBackground);  // row 2 has no third tile
  EXPECT_EQ(sheet.at(4, 4 + 50), kTileStripBackground);        // gap between rows
}

TEST(TileStripTest, MixedSizesAndEnlarging) {
  std::vector<Frame> frames = {constant_frame(40, 40, {1, 2, 3}), constant_frame(400, 100, {4, 5, 6}),
                               constant_frame(1, 1, {7, 8, 9})};
  const Frame sheet = tile_strip(frames, /*columns=*/2, /*tile_width=*/80, /*gap_px=*/0);
  // Row 1: 80x80 (enlarged) and 80x20; row 2: 80x80 (enlarged).
  EXPECT_EQ(sheet.width, 160);
  EXPECT_EQ(sheet.height, 160);
  EXPECT_EQ(sheet.at(79, 79), (Rgb{1, 2, 3}));
  EXPECT_EQ(sheet.at(80, 19), (Rgb{4, 5, 6}));
  EXPECT_EQ(sheet.at(80, 20), kTileStripBackground);
  EXPECT_EQ(sheet.at(40, 120), (Rgb{7, 8, 9}));
}

}  // namespace
}  // namespace hemu
