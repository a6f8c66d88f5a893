#include "x11/x11_pixels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace hemu {
namespace {

Rgb pattern(int x, int y) { return {uint8_t(x * 7 + y * 3), uint8_t(x ^ (y * 5)), uint8_t(x * 13 + y * 29 + 17)}; }

// Encodes pattern() in `layout` (the inverse of what the server does when it hands out an image).
std::vector<uint8_t> encode(const PixelLayout& layout, int width, int height, int stride) {
  std::vector<uint8_t> bytes(size_t(stride) * height, 0xAB);  // padding is garbage on purpose
  auto channel = [](uint8_t v, uint32_t mask) {
    const int shift = __builtin_ctz(mask), bits = __builtin_popcount(mask);
    return (bits >= 8 ? uint32_t(v) << (bits - 8) : uint32_t(v) >> (8 - bits)) << shift;
  };
  const int n = layout.bits_per_pixel / 8;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const Rgb c = pattern(x, y);
      const uint32_t pixel = channel(c.r, layout.red_mask) | channel(c.g, layout.green_mask) |
                             channel(c.b, layout.blue_mask);
      uint8_t* p = bytes.data() + size_t(y) * stride + size_t(x) * n;
      for (int i = 0; i < n; ++i) p[layout.msb_first ? n - 1 - i : i] = uint8_t(pixel >> (8 * i));
    }
  }
  return bytes;
}

uint8_t expand(uint8_t v, int bits) {
  const uint32_t max = (1u << bits) - 1, q = bits >= 8 ? uint32_t(v) << (bits - 8) : uint32_t(v) >> (8 - bits);
  return uint8_t((q * 255 + max / 2) / max);
}

void expect_converted(const PixelLayout& layout, int width, int height, int bits_r, int bits_g, int bits_b) {
  const int stride = width * layout.bits_per_pixel / 8 + 8;
  const std::vector<uint8_t> bytes = encode(layout, width, height, stride);
  ASSERT_TRUE(check_pixel_layout(layout).ok()) << check_pixel_layout(layout).to_string();
  Frame frame(width, height);
  convert_to_rgb(bytes.data(), stride, width, height, layout, frame);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const Rgb c = pattern(x, y);
      const Rgb want{expand(c.r, bits_r), expand(c.g, bits_g), expand(c.b, bits_b)};
      ASSERT_EQ(frame.at(x, y), want) << describe_pixel_layout(layout) << " width " << width << " at " << x << ","
                                      << y;
    }
  }
}

TEST(X11Pixels, BgrxLittleEndianEveryWidthAroundTheSimdBlocks) {
  for (int width = 1; width <= 41; ++width) expect_converted(PixelLayout{}, width, 3, 8, 8, 8);
  expect_converted(PixelLayout{}, 1920, 2, 8, 8, 8);
}

TEST(X11Pixels, XrgbBigEndian) {
  PixelLayout layout;
  layout.msb_first = true;
  for (int width : {1, 5, 6, 17, 18, 33, 640}) expect_converted(layout, width, 2, 8, 8, 8);
}

TEST(X11Pixels, RgbxMasksSwapped) {
  PixelLayout layout{32, false, 0x0000ff, 0x00ff00, 0xff0000};
  expect_converted(layout, 37, 3, 8, 8, 8);
}

TEST(X11Pixels, Rgb565BothByteOrders) {
  expect_converted(PixelLayout{16, false, 0xf800, 0x07e0, 0x001f}, 33, 4, 5, 6, 5);
  expect_converted(PixelLayout{16, true, 0xf800, 0x07e0, 0x001f}, 33, 4, 5, 6, 5);
}

TEST(X11Pixels, Packed24Bit) {
  expect_converted(PixelLayout{24, false, 0xff0000, 0x00ff00, 0x0000ff}, 19, 3, 8, 8, 8);
  expect_converted(PixelLayout{24, true, 0xff0000, 0x00ff00, 0x0000ff}, 19, 3, 8, 8, 8);
}

TEST(X11Pixels, TenBitChannels) {
  expect_converted(PixelLayout{32, false, 0x3ff00000, 0x000ffc00, 0x000003ff}, 21, 2, 10, 10, 10);
}

TEST(X11Pixels, ChannelScalingHitsBothEnds) {
  // 5-bit 31 must become 255 and 0 stay 0: white stays white on 16-bit displays.
  const PixelLayout layout{16, false, 0xf800, 0x07e0, 0x001f};
  const uint8_t white[2] = {0xff, 0xff}, black[2] = {0, 0};
  Frame frame(1, 1);
  convert_to_rgb(white, 2, 1, 1, layout, frame);
  EXPECT_EQ(frame.at(0, 0), (Rgb{255, 255, 255}));
  convert_to_rgb(black, 2, 1, 1, layout, frame);
  EXPECT_EQ(frame.at(0, 0), (Rgb{0, 0, 0}));
}

TEST(X11Pixels, ConvertsIntoARectangleWithoutTouchingItsNeighbours) {
  for (const PixelLayout& layout : {PixelLayout{}, PixelLayout{16, false, 0xf800, 0x07e0, 0x001f}}) {
    const int width = 23, height = 5, stride = width * layout.bits_per_pixel / 8;
    const std::vector<uint8_t> bytes = encode(layout, width, height, stride);
    Frame frame(40, 12);
    std::fill(frame.pixels.begin(), frame.pixels.end(), 0x5A);
    const Point at{9, 4};
    convert_to_rgb(bytes.data(), stride, width, height, layout, frame, at);
    const Rect inside{at.x, at.y, width, height};
    Frame reference(width, height);
    convert_to_rgb(bytes.data(), stride, width, height, layout, reference);
    for (int y = 0; y < frame.height; ++y) {
      for (int x = 0; x < frame.width; ++x) {
        const Rgb want = inside.contains(Point{x, y}) ? reference.at(x - at.x, y - at.y) : Rgb{0x5A, 0x5A, 0x5A};
        ASSERT_EQ(frame.at(x, y), want) << describe_pixel_layout(layout) << " at " << x << "," << y;
      }
    }
  }
}

TEST(X11Pixels, RefusesWhatItCannotRead) {
  EXPECT_EQ(check_pixel_layout({12, false, 0xf00, 0x0f0, 0x00f}).code(), ErrorCode::kUnavailable);
  EXPECT_EQ(check_pixel_layout({32, false, 0xff00ff, 0x00ff00, 0x0000ff}).code(), ErrorCode::kUnavailable)
      << "a mask with a hole";
  EXPECT_EQ(check_pixel_layout({16, false, 0xff0000, 0x00ff00, 0x0000ff}).code(), ErrorCode::kUnavailable)
      << "a mask outside the pixel";
  EXPECT_EQ(check_pixel_layout({32, false, 0, 0x00ff00, 0x0000ff}).code(), ErrorCode::kUnavailable);
  EXPECT_NE(check_pixel_layout({12, false, 0xf00, 0x0f0, 0x00f}).message().find("12 bits per pixel"),
            std::string::npos);
}

TEST(X11Pixels, DescribesLayouts) {
  EXPECT_EQ(describe_pixel_layout(PixelLayout{}), "32 bpp BGRX little-endian");
  EXPECT_EQ(describe_pixel_layout(PixelLayout{16, true, 0xf800, 0x07e0, 0x001f}),
            "16 bpp r0xf800 g0x7e0 b0x1f big-endian");
}

}  // namespace
}  // namespace hemu
