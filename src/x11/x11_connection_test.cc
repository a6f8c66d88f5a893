// Connections that fail: no display, a display that died mid-session, and X protocol errors,
// which must come back as Status values instead of ending the process.
#include <gtest/gtest.h>

#include <cstdlib>

#include "x11/testing/xvfb.h"
#include "x11/x11_connection.h"
#include "x11/x11_screen.h"
// Last: Xlib's macros must not touch the headers above.
#include "x11/x11_headers.h"

namespace hemu {
namespace {

TEST(X11Connection, DisplayWithNoServerIsUnavailable) {
  // No server uses display 99999999 (its socket would be /tmp/.X11-unix/X99999999). A display of
  // our own stopped Xvfb would not do: under `ctest -j` another test's Xvfb may take its number.
  const std::string display = ":99999999";
  X11ScreenOptions options;
  options.display = display;
  auto screen = X11Screen::open(options);
  ASSERT_FALSE(screen.ok());
  EXPECT_EQ(screen.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(screen.status().message().find("cannot open X display " + display), std::string::npos)
      << screen.status().message();
}

TEST(X11Connection, NoDisplayAndNoEnvironmentIsUnavailable) {
  const char* saved = std::getenv("DISPLAY");
  const std::string saved_value = saved ? saved : "";
  unsetenv("DISPLAY");
  auto screen = X11Screen::open(X11ScreenOptions{});
  if (saved) setenv("DISPLAY", saved_value.c_str(), 1);
  ASSERT_FALSE(screen.ok());
  EXPECT_EQ(screen.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(screen.status().message().find("$DISPLAY is not set"), std::string::npos) << screen.status().message();
}

TEST(X11Connection, ServerDyingMidSessionGivesErrorsNotExit) {
  auto xvfb = XvfbProcess::start({320, 200});
  ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
  X11ScreenOptions options;
  options.display = (*xvfb)->display();
  auto screen = X11Screen::open(options);
  ASSERT_TRUE(screen.ok()) << screen.status().to_string();
  Frame frame;
  ASSERT_TRUE((*screen)->capture(frame).ok());
  (*xvfb)->kill_now();
  Status captured = (*screen)->capture(frame);
  EXPECT_EQ(captured.code(), ErrorCode::kUnavailable) << captured.to_string();
  EXPECT_NE(captured.message().find("lost"), std::string::npos) << captured.message();
  EXPECT_EQ((*screen)->act(Action::left_click({10, 10})).code(), ErrorCode::kUnavailable);
  EXPECT_EQ((*screen)->wait_for_settle(10, 100).status().code(), ErrorCode::kUnavailable);
  screen->reset();  // destroying a screen on a dead display must not crash either
}

TEST(X11Connection, ProtocolErrorsBecomeStatusesNamingTheRequest) {
  auto xvfb = XvfbProcess::start({320, 200});
  ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
  auto connection = X11Connection::open((*xvfb)->display());
  ASSERT_TRUE(connection.ok());
  XImage* image = XGetImage((*connection)->display(), /*bogus window=*/0x1234567, 0, 0, 4, 4, AllPlanes, ZPixmap);
  EXPECT_EQ(image, nullptr);
  Status status = (*connection)->sync_and_check("read a window that does not exist");
  EXPECT_EQ(status.code(), ErrorCode::kInternal);
  EXPECT_NE(status.message().find("read a window that does not exist: X error BadDrawable"), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("X_GetImage"), std::string::npos) << status.message();
  EXPECT_TRUE((*connection)->sync_and_check("next").ok()) << "errors are cleared once reported";
}

TEST(X11Connection, RegionAndMonitorOptionsAreChecked) {
  auto xvfb = XvfbProcess::start({320, 200});
  ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
  X11ScreenOptions options;
  options.display = (*xvfb)->display();
  options.region = Rect{300, 0, 40, 40};
  EXPECT_EQ(X11Screen::open(options).status().code(), ErrorCode::kOutOfRange);
  options.monitor = "left";
  EXPECT_EQ(X11Screen::open(options).status().code(), ErrorCode::kInvalidArgument);
  options.region.reset();
  auto unknown = X11Screen::open(options);
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(unknown.status().message().find("monitors: screen"), std::string::npos) << unknown.status().message();
}

TEST(X11Connection, CapabilitiesOfXvfb) {
  auto xvfb = XvfbProcess::start({320, 200});
  ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
  X11ScreenOptions options;
  options.display = (*xvfb)->display();
  auto screen = X11Screen::open(options);
  ASSERT_TRUE(screen.ok());
  const X11Capabilities c = (*screen)->capabilities();
  EXPECT_TRUE(c.shm);
  EXPECT_TRUE(c.shm_note.empty());
  EXPECT_TRUE(c.xtest);
  EXPECT_TRUE(c.damage);
  EXPECT_TRUE(c.randr);
  EXPECT_EQ(c.pixel_format, "32 bpp BGRX little-endian");
  EXPECT_EQ((*screen)->name(), "x11:" + (*xvfb)->display());
  options.use_shm = false;
  auto no_shm = X11Screen::open(options);
  ASSERT_TRUE(no_shm.ok());
  EXPECT_FALSE((*no_shm)->using_shm());
  EXPECT_NE((*no_shm)->capabilities().shm_note.find("disabled"), std::string::npos);
}

}  // namespace
}  // namespace hemu
