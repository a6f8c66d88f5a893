// Capture against a real X client's pixels: a second connection draws a known pattern into a
// window on a private Xvfb, and the capture must match it exactly.
#include <gtest/gtest.h>

#include "core/rng.h"
#include "x11/testing/x11_test_client.h"
#include "x11/testing/x11_test_util.h"
#include "x11/testing/xvfb.h"
#include "x11/x11_screen.h"

namespace hemu {
namespace {

using testing::compare_frame;
using testing::x11_test_pattern;

struct Desk {
  std::unique_ptr<XvfbProcess> xvfb;
  std::unique_ptr<X11TestClient> client;
  unsigned long window = 0;
};

// Starts Xvfb at `size`, covers `window_rect` with a window showing the test pattern.
Desk make_desk(Size size, Rect window_rect, int depth = 24) {
  Desk desk;
  auto xvfb = XvfbProcess::start(size, depth);
  EXPECT_TRUE(xvfb.ok()) << xvfb.status().to_string();
  if (!xvfb.ok()) return desk;
  desk.xvfb = std::move(*xvfb);
  auto client = X11TestClient::open(desk.xvfb->display());
  EXPECT_TRUE(client.ok()) << client.status().to_string();
  if (!client.ok()) return desk;
  desk.client = std::move(*client);
  auto window = desk.client->create_window(window_rect);
  EXPECT_TRUE(window.ok()) << window.status().to_string();
  if (!window.ok()) return desk;
  desk.window = *window;
  Status drawn = desk.client->put_pattern(desk.window, window_rect.size(), x11_test_pattern);
  EXPECT_TRUE(drawn.ok()) << drawn.to_string();
  return desk;
}

std::unique_ptr<X11Screen> open_screen(const std::string& display, bool use_shm, std::optional<Rect> region = {}) {
  X11ScreenOptions options;
  options.display = display;
  options.use_shm = use_shm;
  options.region = region;
  auto screen = X11Screen::open(options);
  EXPECT_TRUE(screen.ok()) << screen.status().to_string();
  return screen.ok() ? std::move(*screen) : nullptr;
}

class CaptureBothPaths : public ::testing::TestWithParam<bool> {};

TEST_P(CaptureBothPaths, WholeScreenIsPixelExact) {
  const bool shm = GetParam();
  const Rect window{40, 30, 700, 500};
  Desk desk = make_desk({800, 600}, window);
  ASSERT_TRUE(desk.client);
  auto screen = open_screen(desk.xvfb->display(), shm);
  ASSERT_TRUE(screen);
  EXPECT_EQ(screen->using_shm(), shm);
  EXPECT_EQ(screen->size(), (Size{800, 600}));
  Frame frame;
  ASSERT_TRUE(screen->capture(frame).ok());
  ASSERT_EQ(frame.size(), (Size{800, 600}));
  EXPECT_EQ(frame.stride_bytes, 800 * 3);
  EXPECT_EQ(compare_frame(frame, window, x11_test_pattern), "");
}

TEST_P(CaptureBothPaths, RegionIsPixelExactAndRelative) {
  const bool shm = GetParam();
  const Rect window{40, 30, 700, 500};
  Desk desk = make_desk({800, 600}, window);
  ASSERT_TRUE(desk.client);
  const Rect region{123, 77, 301, 211};  // odd sizes: no SIMD-friendly widths
  auto screen = open_screen(desk.xvfb->display(), shm, region);
  ASSERT_TRUE(screen);
  EXPECT_EQ(screen->size(), region.size());
  EXPECT_EQ(screen->name(), "x11:" + desk.xvfb->display() + "[123,77,301,211]");
  Frame frame;
  ASSERT_TRUE(screen->capture(frame).ok());
  ASSERT_EQ(frame.size(), region.size());
  EXPECT_EQ(compare_frame(frame, frame.bounds(),
                          [&](int x, int y) {
                            return x11_test_pattern(x + region.x - window.x, y + region.y - window.y);
                          }),
            "");
}

INSTANTIATE_TEST_SUITE_P(ShmAndGetImage, CaptureBothPaths, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? std::string("Shm") : std::string("GetImage"); });

class CaptureSizes : public ::testing::TestWithParam<Size> {};

TEST_P(CaptureSizes, FullScreenPatternMatches) {
  const Size size = GetParam();
  Desk desk = make_desk(size, {0, 0, size.width, size.height});
  ASSERT_TRUE(desk.client);
  for (bool shm : {true, false}) {
    auto screen = open_screen(desk.xvfb->display(), shm);
    ASSERT_TRUE(screen);
    Frame frame;
    ASSERT_TRUE(screen->capture(frame).ok());
    ASSERT_EQ(frame.size(), size);
    EXPECT_EQ(compare_frame(frame, frame.bounds(), x11_test_pattern), "") << (shm ? "shm" : "XGetImage");
    ASSERT_EQ(frame.damage.size(), 1u) << "first capture reports the whole screen";
    EXPECT_EQ(frame.damage[0], frame.bounds());
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, CaptureSizes,
                         ::testing::Values(Size{800, 600}, Size{1920, 1080}, Size{3840, 2160}),
                         [](const auto& info) {
                           return std::to_string(info.param.width) + "x" + std::to_string(info.param.height);
                         });

TEST(X11Capture, ReusesTheFrameBufferAndTracksDamage) {
  const Rect window{0, 0, 400, 300};
  Desk desk = make_desk({640, 480}, window);
  ASSERT_TRUE(desk.client);
  auto screen = open_screen(desk.xvfb->display(), true, Rect{100, 50, 400, 300});
  ASSERT_TRUE(screen);
  Frame frame;
  ASSERT_TRUE(screen->capture(frame).ok());
  const uint8_t* buffer = frame.pixels.data();
  ASSERT_TRUE(screen->capture(frame).ok());
  EXPECT_EQ(frame.pixels.data(), buffer) << "same size: buffer reused";
  EXPECT_TRUE(frame.damage.empty()) << "nothing drew since the previous capture";

  // The client draws at window (150, 100) = root (150, 100) = region (50, 50).
  ASSERT_TRUE(desk.client->fill_rect(desk.window, {150, 100, 20, 10}, {255, 0, 0}).ok());
  const int64_t before = frame.capture_time_us;
  ASSERT_TRUE(screen->capture(frame).ok());
  EXPECT_GT(frame.capture_time_us, before);
  ASSERT_EQ(frame.damage.size(), 1u);
  EXPECT_EQ(frame.damage[0], (Rect{50, 50, 20, 10}));
  EXPECT_EQ(frame.at(50, 50), (Rgb{255, 0, 0}));
  EXPECT_EQ(frame.at(69, 59), (Rgb{255, 0, 0}));
  EXPECT_NE(frame.at(70, 60), (Rgb{255, 0, 0}));

  // Drawing outside the region is not the region's damage.
  ASSERT_TRUE(desk.client->fill_rect(desk.window, {0, 0, 30, 30}, {0, 255, 0}).ok());
  ASSERT_TRUE(screen->capture(frame).ok());
  EXPECT_TRUE(frame.damage.empty());
}

// Damage-driven capture keeps a copy of the screen and fetches only what changed: after any mix of
// small and large draws it must equal a fresh full capture, pixel for pixel.
TEST(X11Capture, DamageDrivenCaptureEqualsAFullCapture) {
  const Rect window{0, 0, 640, 480};
  Desk desk = make_desk({640, 480}, window);
  ASSERT_TRUE(desk.client);
  for (bool shm : {true, false}) {
    auto screen = open_screen(desk.xvfb->display(), shm, Rect{30, 20, 577, 401});
    ASSERT_TRUE(screen);
    Frame frame, reference;
    ASSERT_TRUE(screen->capture(frame).ok());
    EXPECT_EQ(screen->last_capture_rects(), 0) << "the first capture copies everything";
    Rng rng(/*seed=*/7);
    int incremental = 0;
    for (int round = 0; round < 40; ++round) {
      const int draws = rng.uniform_int(0, 4);
      for (int i = 0; i < draws; ++i) {
        const bool large = rng.chance(0.1);
        const int w = large ? rng.uniform_int(300, 640) : rng.uniform_int(1, 60);
        const int h = large ? rng.uniform_int(200, 480) : rng.uniform_int(1, 40);
        const Rect r{rng.uniform_int(-20, 639), rng.uniform_int(-20, 479), w, h};
        const Rgb color{uint8_t(rng.uniform_int(0, 255)), uint8_t(rng.uniform_int(0, 255)),
                        uint8_t(rng.uniform_int(0, 255))};
        ASSERT_TRUE(desk.client->fill_rect(desk.window, r, color).ok());
      }
      ASSERT_TRUE(screen->capture(frame).ok());
      incremental += screen->last_capture_rects() > 0;
      auto fresh = open_screen(desk.xvfb->display(), shm, Rect{30, 20, 577, 401});
      ASSERT_TRUE(fresh);
      ASSERT_TRUE(fresh->capture(reference).ok());
      ASSERT_EQ(testing::compare_frame(frame, frame.bounds(), [&](int x, int y) { return reference.at(x, y); }), "")
          << "round " << round << (shm ? " shm" : " XGetImage");
    }
    EXPECT_GT(incremental, 10) << "most rounds changed little and fetched only that";
  }
}

TEST(X11Capture, SixteenBitDisplayIsReadThroughItsMasks) {
  const Rect window{0, 0, 320, 200};
  Desk desk = make_desk({320, 200}, window, /*depth=*/16);
  ASSERT_TRUE(desk.client);
  for (bool shm : {true, false}) {
    auto screen = open_screen(desk.xvfb->display(), shm);
    ASSERT_TRUE(screen);
    EXPECT_EQ(screen->capabilities().pixel_format, "16 bpp r0xf800 g0x7e0 b0x1f little-endian");
    Frame frame;
    ASSERT_TRUE(screen->capture(frame).ok());
    EXPECT_EQ(compare_frame(frame, window,
                            [&](int x, int y) { return desk.client->displayed(x11_test_pattern(x, y)); }),
              "");
    EXPECT_EQ(desk.client->displayed({255, 255, 255}), (Rgb{255, 255, 255}));
  }
}

TEST(X11Capture, PaletteDisplayIsRefusedClearly) {
  auto xvfb = XvfbProcess::start({320, 200}, /*depth=*/8);
  ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
  auto screen = open_screen((*xvfb)->display(), true);
  ASSERT_TRUE(screen) << "the screen opens (input still works); capture refuses";
  Frame frame;
  Status status = screen->capture(frame);
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_NE(status.message().find("PseudoColor"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("TrueColor"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace hemu
