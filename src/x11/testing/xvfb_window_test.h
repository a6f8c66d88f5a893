// XvfbWindowTest: a GoogleTest fixture with a private 640x480 Xvfb and a second, real X client
// that owns one mapped window at kWindow. Shared by the x11 tests that watch what a real window
// receives (input) or draws (damage). Test-only: includes GoogleTest.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "x11/testing/x11_test_client.h"
#include "x11/testing/xvfb.h"

namespace hemu {

class XvfbWindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto xvfb = XvfbProcess::start({640, 480});
    ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
    xvfb_ = std::move(*xvfb);
    auto client = X11TestClient::open(xvfb_->display());
    ASSERT_TRUE(client.ok()) << client.status().to_string();
    client_ = std::move(*client);
    auto window = client_->create_window(kWindow);
    ASSERT_TRUE(window.ok()) << window.status().to_string();
    window_ = *window;
  }

  static constexpr Rect kWindow{100, 80, 400, 300};
  std::unique_ptr<XvfbProcess> xvfb_;
  std::unique_ptr<X11TestClient> client_;
  unsigned long window_ = 0;
};

}  // namespace hemu
