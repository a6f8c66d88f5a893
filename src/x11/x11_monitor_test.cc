// Multi-monitor: two RandR monitors side by side on one Xvfb; a screen opened on one of them
// captures only it and maps action coordinates into it.
#include <gtest/gtest.h>

#include "x11/testing/x11_test_client.h"
#include "x11/testing/x11_test_util.h"
#include "x11/testing/xvfb.h"
#include "x11/x11_screen.h"

namespace hemu {
namespace {

class X11MonitorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto xvfb = XvfbProcess::start({1600, 600});
    ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
    xvfb_ = std::move(*xvfb);
    auto client = X11TestClient::open(xvfb_->display());
    ASSERT_TRUE(client.ok()) << client.status().to_string();
    client_ = std::move(*client);
    ASSERT_TRUE(client_->add_monitor("left", kLeft, /*primary=*/true).ok());
    ASSERT_TRUE(client_->add_monitor("right", kRight, /*primary=*/false).ok());
  }

  static constexpr Rect kLeft{0, 0, 800, 600}, kRight{800, 0, 800, 600};
  std::unique_ptr<XvfbProcess> xvfb_;
  std::unique_ptr<X11TestClient> client_;
};

TEST_F(X11MonitorTest, ListsBothMonitors) {
  X11ScreenOptions options;
  options.display = xvfb_->display();
  auto screen = X11Screen::open(options);
  ASSERT_TRUE(screen.ok()) << screen.status().to_string();
  auto monitors = (*screen)->monitors();
  ASSERT_TRUE(monitors.ok()) << monitors.status().to_string();
  const MonitorInfo* left = nullptr;
  const MonitorInfo* right = nullptr;
  for (const MonitorInfo& m : *monitors) {
    if (m.name == "left") left = &m;
    if (m.name == "right") right = &m;
  }
  ASSERT_TRUE(left && right) << monitors->size() << " monitors";
  EXPECT_EQ(left->rect, kLeft);
  EXPECT_TRUE(left->primary);
  EXPECT_EQ(right->rect, kRight);
  EXPECT_FALSE(right->primary);
  EXPECT_EQ((*screen)->size(), (Size{1600, 600})) << "the whole root without a monitor";
}

TEST_F(X11MonitorTest, ScreenOnOneMonitorCapturesAndActsThere) {
  const Rect window{700, 100, 300, 200};  // straddles both monitors
  auto created = client_->create_window(window);
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(client_->put_pattern(*created, window.size(), testing::x11_test_pattern).ok());

  X11ScreenOptions options;
  options.display = xvfb_->display();
  options.monitor = "right";
  auto screen = X11Screen::open(options);
  ASSERT_TRUE(screen.ok()) << screen.status().to_string();
  EXPECT_EQ((*screen)->size(), kRight.size());
  EXPECT_EQ((*screen)->region(), kRight);
  EXPECT_EQ((*screen)->name(), "x11:" + xvfb_->display() + "[800,0,800,600]");

  Frame frame;
  ASSERT_TRUE((*screen)->capture(frame).ok());
  ASSERT_EQ(frame.size(), kRight.size());
  // The window's part on the right monitor: root x 800..1000 = monitor x 0..200, window x 100..300.
  EXPECT_EQ(testing::compare_frame(frame, {0, 100, 200, 200},
                                   [](int x, int y) { return testing::x11_test_pattern(x + 100, y); }),
            "");

  ASSERT_TRUE((*screen)->act(Action::left_click({50, 150})).ok());
  auto press = client_->wait_event(*created, TestEvent::Kind::kButtonPress, 3000);
  ASSERT_TRUE(press.ok()) << press.status().to_string();
  EXPECT_EQ(press->root_position, (Point{850, 150}));
  EXPECT_EQ(press->position, (Point{150, 50}));
  EXPECT_EQ((*screen)->cursor(), (Point{50, 150}));
  EXPECT_EQ((*screen)->act(Action::left_click({800, 10})).code(), ErrorCode::kOutOfRange)
      << "x = 800 is the left edge of nothing on this monitor";
}

}  // namespace
}  // namespace hemu
