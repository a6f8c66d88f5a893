// Typing into real programs: xterm running `cat > FILE` must write exactly the text hemu typed,
// including characters the keyboard layout does not have.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/clock.h"
#include "x11/testing/x11_test_client.h"
#include "x11/testing/xvfb.h"
#include "x11/x11_screen.h"

namespace hemu {
namespace {

// A program started for a test, ended by its PID only.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      setenv("LC_ALL", "C.UTF-8", 1);  // xterm must write UTF-8 to the pty
      execvp(argv[0], argv.data());
      _exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  // Waits for the program to exit by itself; false after `timeout_ms`.
  bool wait_exit(int timeout_ms) {
    const int64_t deadline = monotonic_us() + int64_t(timeout_ms) * 1000;
    while (monotonic_us() < deadline) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

 private:
  pid_t pid_ = -1;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class X11TypeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto xvfb = XvfbProcess::start({800, 600});
    ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
    xvfb_ = std::move(*xvfb);
    auto client = X11TestClient::open(xvfb_->display());
    ASSERT_TRUE(client.ok()) << client.status().to_string();
    client_ = std::move(*client);
  }

  std::unique_ptr<X11Screen> open(std::function<bool()> should_stop = {}) {
    X11ScreenOptions options;
    options.display = xvfb_->display();
    options.should_stop = std::move(should_stop);
    auto screen = X11Screen::open(options);
    EXPECT_TRUE(screen.ok()) << screen.status().to_string();
    return screen.ok() ? std::move(*screen) : nullptr;
  }

  std::unique_ptr<XvfbProcess> xvfb_;
  std::unique_ptr<X11TestClient> client_;
};

TEST_F(X11TypeTest, XtermWritesExactlyWhatWasTyped) {
  const std::string file = ::testing::TempDir() + "hemu_x11_type_" + std::to_string(getpid()) + ".txt";
  std::remove(file.c_str());
  const std::vector<unsigned long> keymap_before = client_->keyboard_mapping();
  ASSERT_TRUE(client_->watch_toplevels().ok());
  Child xterm({"xterm", "-display", xvfb_->display(), "-u8", "-geometry", "80x24+0+0", "-e", "sh", "-c",
               "cat > '" + file + "'"});
  ASSERT_TRUE(client_->wait_toplevel_mapped(10000).ok()) << "xterm did not open a window";
  {
    auto screen = open();
    ASSERT_TRUE(screen);
    // Let xterm finish its first paint, then point at it: with no window manager the keyboard
    // follows the pointer (PointerRoot focus).
    ASSERT_TRUE(screen->wait_for_settle(/*quiet_ms=*/100, /*timeout_ms=*/5000).ok());
    ASSERT_TRUE(screen->act(Action::mouse_move({100, 100})).ok());

    const std::string text = "Hello, World! ~`\"'\t\xc3\xbcmlaut caf\xc3\xa9 \xc3\x9f \xe2\x82\xac\n"
                             "{}|<>?@#$%^&*()_+ \xc3\x9c\xc3\x96 \xce\xbb \xd0\x96\n";
    ASSERT_TRUE(screen->act(Action::type_text(text)).ok());
    ASSERT_TRUE(screen->act(Action::key("ctrl+d")).ok());  // EOF at the start of a line: cat exits
    EXPECT_TRUE(xterm.wait_exit(10000)) << "cat did not see end of file; file holds: " << read_file(file);
    EXPECT_EQ(read_file(file), text);
  }
  // The screen is gone: every spare keycode it bound is back to NoSymbol.
  EXPECT_EQ(client_->keyboard_mapping(), keymap_before);
  std::remove(file.c_str());
}

TEST_F(X11TypeTest, ShouldStopCancelsALongTypeMidway) {
  auto window = client_->create_window({0, 0, 800, 600});
  ASSERT_TRUE(window.ok());
  ASSERT_TRUE(client_->focus(*window).ok());
  std::atomic<int> events{0};
  auto screen = open([&] { return ++events > 100; });
  ASSERT_TRUE(screen);
  const std::string text(200, 'x');  // press + release per character, no Shift
  Status status = screen->act(Action::type_text(text));
  EXPECT_EQ(status.code(), ErrorCode::kCancelled);
  EXPECT_NE(status.message().find("typed 50 of 200 characters"), std::string::npos) << status.message();
  int presses = 0;
  while (client_->wait_event(*window, TestEvent::Kind::kKeyPress, 200).ok()) ++presses;
  EXPECT_EQ(presses, 50);
}

TEST_F(X11TypeTest, ControlCharactersAreRefusedBeforeAnythingIsSent) {
  auto window = client_->create_window({0, 0, 800, 600});
  ASSERT_TRUE(window.ok());
  ASSERT_TRUE(client_->focus(*window).ok());
  auto screen = open();
  ASSERT_TRUE(screen);
  Status status = screen->act(Action::type_text("abc\x01" "def"));
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.message().find("U+0001"), std::string::npos) << status.message();
  EXPECT_FALSE(client_->wait_event(*window, TestEvent::Kind::kKeyPress, 100).ok());
}

}  // namespace
}  // namespace hemu
