// Damage tracking and waiting for the screen to settle, against a real client drawing on Xvfb.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/clock.h"
#include "x11/testing/x11_test_client.h"
#include "x11/testing/xvfb.h"
#include "x11/testing/xvfb_window_test.h"
#include "x11/x11_screen.h"

namespace hemu {
namespace {

class X11DamageTest : public XvfbWindowTest {
 protected:
  std::unique_ptr<X11Screen> open(std::optional<Rect> region = {}) {
    X11ScreenOptions options;
    options.display = xvfb_->display();
    options.region = region;
    auto screen = X11Screen::open(options);
    EXPECT_TRUE(screen.ok()) << screen.status().to_string();
    if (!screen.ok()) return nullptr;
    EXPECT_TRUE((*screen)->capabilities().damage);
    return std::move(*screen);
  }

  // Draws a 4x4 square every `period_ms` for `duration_ms` from another connection and thread.
  std::thread draw_for(int duration_ms, int period_ms, int first_delay_ms = 0) {
    auto painter = X11TestClient::open(xvfb_->display());
    EXPECT_TRUE(painter.ok());
    return std::thread([this, painter = std::shared_ptr<X11TestClient>(std::move(*painter)), duration_ms, period_ms,
                        first_delay_ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(first_delay_ms));
      const int64_t end = monotonic_us() + int64_t(duration_ms) * 1000;
      for (int i = 0; monotonic_us() < end; ++i) {
        EXPECT_TRUE(painter->fill_rect(window_, {(i * 4) % 200, 0, 4, 4}, {uint8_t(i), 0, 0}).ok());
        std::this_thread::sleep_for(std::chrono::milliseconds(period_ms));
      }
    });
  }

};

TEST_F(X11DamageTest, ReportsExactlyTheRectangleAClientDrew) {
  auto screen = open();
  ASSERT_TRUE(screen);
  ASSERT_TRUE(client_->fill_rect(window_, {10, 20, 30, 40}, {0, 0, 255}).ok());
  auto rects = screen->wait_for_settle(/*quiet_ms=*/20, /*timeout_ms=*/2000);
  ASSERT_TRUE(rects.ok()) << rects.status().to_string();
  EXPECT_EQ(*rects, (std::vector<Rect>{{110, 100, 30, 40}}));
  EXPECT_FALSE(screen->settle_timed_out());
}

TEST_F(X11DamageTest, RectanglesAreRegionRelativeAndClipped) {
  auto screen = open(Rect{120, 100, 200, 100});
  ASSERT_TRUE(screen);
  ASSERT_TRUE(client_->fill_rect(window_, {10, 10, 30, 40}, {0, 0, 255}).ok());  // root 110,90 .. 140,130
  ASSERT_TRUE(client_->fill_rect(window_, {300, 250, 10, 10}, {0, 0, 255}).ok());  // outside the region
  auto rects = screen->wait_for_settle(20, 2000);
  ASSERT_TRUE(rects.ok());
  EXPECT_EQ(*rects, (std::vector<Rect>{{0, 0, 20, 30}}));
}

TEST_F(X11DamageTest, NothingDrawnSettlesAfterTheQuietTime) {
  // Also: creating the damage object (which the server answers with the whole screen) is not change.
  auto screen = open();
  ASSERT_TRUE(screen);
  Stopwatch watch;
  auto rects = screen->wait_for_settle(30, 2000);
  ASSERT_TRUE(rects.ok());
  EXPECT_TRUE(rects->empty());
  EXPECT_GE(watch.elapsed_ms(), 30.0);
  EXPECT_FALSE(screen->settle_timed_out());
}

TEST_F(X11DamageTest, SettleWaitsUntilDrawingStops) {
  auto screen = open();
  ASSERT_TRUE(screen);
  std::thread painter = draw_for(/*duration_ms=*/150, /*period_ms=*/5);
  Stopwatch watch;
  auto rects = screen->wait_for_settle(/*quiet_ms=*/60, /*timeout_ms=*/5000);
  const double waited_ms = watch.elapsed_ms();
  painter.join();
  ASSERT_TRUE(rects.ok());
  EXPECT_FALSE(screen->settle_timed_out());
  EXPECT_GE(waited_ms, 150.0) << "returned while the client was still drawing";
  EXPECT_FALSE(rects->empty());
  for (const Rect& r : *rects) EXPECT_TRUE(kWindow.contains(r)) << r.to_string();
}

TEST_F(X11DamageTest, SettleGivesUpAtTheTimeout) {
  auto screen = open();
  ASSERT_TRUE(screen);
  std::thread painter = draw_for(/*duration_ms=*/400, /*period_ms=*/5);
  Stopwatch watch;
  auto rects = screen->wait_for_settle(/*quiet_ms=*/100, /*timeout_ms=*/120);
  const double waited_ms = watch.elapsed_ms();
  painter.join();
  ASSERT_TRUE(rects.ok());
  EXPECT_TRUE(screen->settle_timed_out());
  EXPECT_GE(waited_ms, 120.0);
  EXPECT_LT(waited_ms, 350.0);
  EXPECT_FALSE(rects->empty());
}

TEST_F(X11DamageTest, WaitForDamageReturnsWhenTheFirstDrawArrives) {
  auto screen = open();
  ASSERT_TRUE(screen);
  std::thread painter = draw_for(/*duration_ms=*/1, /*period_ms=*/1, /*first_delay_ms=*/40);
  Stopwatch watch;
  auto rects = screen->wait_for_damage(5000);
  const double waited_ms = watch.elapsed_ms();
  painter.join();
  ASSERT_TRUE(rects.ok());
  ASSERT_FALSE(rects->empty());
  EXPECT_EQ((*rects)[0], (Rect{100, 80, 4, 4}));
  EXPECT_GE(waited_ms, 35.0);
  EXPECT_LT(waited_ms, 4000.0);
  // Not consumed: the next settle still reports it.
  auto settled = screen->wait_for_settle(10, 1000);
  ASSERT_TRUE(settled.ok());
  EXPECT_FALSE(settled->empty());
}

TEST_F(X11DamageTest, WaitForDamageTimesOutEmpty) {
  auto screen = open();
  ASSERT_TRUE(screen);
  Stopwatch watch;
  auto rects = screen->wait_for_damage(50);
  ASSERT_TRUE(rects.ok());
  EXPECT_TRUE(rects->empty());
  EXPECT_GE(watch.elapsed_ms(), 50.0);
}

}  // namespace
}  // namespace hemu
