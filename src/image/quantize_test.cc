#include "image/quantize.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "image/test_frames.h"

namespace hemu {
namespace {

using testing::TestRandom;

Rgb palette_color(const IndexedImage& image, int x, int y) {
  const uint8_t index = image.indices[size_t(y) * image.width + x];
  EXPECT_LT(index, image.palette.size());
  return image.palette[index];
}

int max_channel_error(Rgb a, Rgb b) {
  return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}

// A UI-like test card: flat panels, plus a smooth ramp standing in for antialiased edges.
Frame ui_card(int width, int height) {
  Frame frame(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      Rgb c = y < height / 4 ? Rgb{245, 245, 245} : x < width / 3 ? Rgb{30, 60, 200} : Rgb{250, 250, 250};
      if (y > height / 2) c = {uint8_t(x * 255 / width), uint8_t(y * 255 / height), uint8_t((x + y) & 255)};
      frame.set(x, y, c);
    }
  }
  return frame;
}

TEST(QuantizerTest, FewColoursAreExact) {
  // 200 distinct colours, many of them in the same 5-5-5 bins (differences of 1).
  Frame frame(40, 20);
  TestRandom rng(/*seed=*/1);
  std::vector<Rgb> colors;
  for (int i = 0; i < 200; ++i) colors.push_back({uint8_t(100 + i % 7), uint8_t(i), uint8_t(255 - i % 3)});
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width; ++x) frame.set(x, y, colors[size_t(rng.uniform_int(0, 199))]);
  }
  Quantizer quantizer;
  IndexedImage image;
  quantizer.quantize(frame, frame.bounds(), &image);
  EXPECT_LE(image.palette.size(), 200u);
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width; ++x) ASSERT_EQ(palette_color(image, x, y), frame.at(x, y));
  }
}

TEST(QuantizerTest, ManyColoursKeepFlatColoursExactAndRampsClose) {
  const Frame frame = ui_card(320, 240);
  Quantizer quantizer;
  IndexedImage image;
  quantizer.quantize(frame, frame.bounds(), &image);
  EXPECT_EQ(image.palette.size(), size_t(kMaxPaletteColors));
  EXPECT_EQ(palette_color(image, 5, 5), (Rgb{245, 245, 245}));
  EXPECT_EQ(palette_color(image, 5, 100), (Rgb{30, 60, 200}));
  EXPECT_EQ(palette_color(image, 300, 100), (Rgb{250, 250, 250}));
  double total_error = 0;
  int worst = 0;
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width; ++x) {
      const int error = max_channel_error(palette_color(image, x, y), frame.at(x, y));
      total_error += error;
      worst = std::max(worst, error);
    }
  }
  const double mean_error = total_error / (frame.width * frame.height);
  EXPECT_LT(mean_error, 6.0);
  EXPECT_LT(worst, 40);
  ::testing::Test::RecordProperty("mean_error_x100", int(mean_error * 100));
}

TEST(QuantizerTest, RegionAndReuse) {
  Frame frame = ui_card(64, 64);
  Quantizer quantizer;
  IndexedImage image;
  quantizer.quantize(frame, frame.bounds(), &image);  // many colours first, to dirty the buffers
  const Rect region{10, 2, 7, 5};                     // inside the flat top band
  quantizer.quantize(frame, region, &image);
  EXPECT_EQ(image.width, 7);
  EXPECT_EQ(image.height, 5);
  ASSERT_EQ(image.indices.size(), 35u);
  ASSERT_EQ(image.palette.size(), 1u);
  EXPECT_EQ(image.palette[0], (Rgb{245, 245, 245}));
}

TEST(QuantizerTest, NoiseUsesTheWholePalette) {
  const Frame frame = testing::random_frame(128, 128, /*seed=*/9);
  Quantizer quantizer;
  IndexedImage image;
  quantizer.quantize(frame, frame.bounds(), &image);
  EXPECT_EQ(image.palette.size(), size_t(kMaxPaletteColors));
  double total_error = 0;
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width; ++x) total_error += max_channel_error(palette_color(image, x, y), frame.at(x, y));
  }
  // 256 boxes tile the RGB cube in cells about 40 levels wide, so the error is well below that.
  EXPECT_LT(total_error / (128 * 128), 20.0);
}

}  // namespace
}  // namespace hemu
