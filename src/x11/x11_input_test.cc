// Input against a real X client: a window on a private Xvfb reports the events it receives, and
// they must be the ones hemu meant, at the right window coordinates.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "core/clock.h"
#include "x11/testing/x11_test_client.h"
#include "x11/testing/xvfb.h"
#include "x11/testing/xvfb_window_test.h"
#include "x11/x11_screen.h"

namespace hemu {
namespace {

using Kind = TestEvent::Kind;

constexpr int kEventTimeoutMs = 3000;
// X modifier state bits (X.h), as a receiving client sees them.
constexpr unsigned kShiftMask = 1, kControlMask = 4, kMod1Mask = 8, kMod4Mask = 64, kButton1Mask = 256;
// Keysyms (keysymdef.h).
constexpr unsigned long kKeysymReturn = 0xff0d, kKeysymF5 = 0xffc2, kKeysymTab = 0xff09;

class X11InputTest : public XvfbWindowTest {
 protected:
  std::unique_ptr<X11Screen> open(std::optional<Rect> region = {}, std::function<bool()> should_stop = {}) {
    X11ScreenOptions options;
    options.display = xvfb_->display();
    options.region = region;
    options.should_stop = std::move(should_stop);
    auto screen = X11Screen::open(options);
    EXPECT_TRUE(screen.ok()) << screen.status().to_string();
    return screen.ok() ? std::move(*screen) : nullptr;
  }

  TestEvent expect_event(Kind kind) {
    auto event = client_->wait_event(window_, kind, kEventTimeoutMs);
    EXPECT_TRUE(event.ok()) << event.status().to_string();
    return event.ok() ? *event : TestEvent{};
  }

};

TEST_F(X11InputTest, LeftClickArrivesAtTheRightWindowCoordinates) {
  auto screen = open();
  ASSERT_TRUE(screen);
  ASSERT_TRUE(screen->act(Action::left_click({150, 120})).ok());
  TestEvent press = expect_event(Kind::kButtonPress);
  EXPECT_EQ(press.button, 1u);
  EXPECT_EQ(press.position, (Point{50, 40}));
  EXPECT_EQ(press.root_position, (Point{150, 120}));
  TestEvent release = expect_event(Kind::kButtonRelease);
  EXPECT_EQ(release.button, 1u);
  EXPECT_EQ(screen->cursor(), (Point{150, 120}));
}

TEST_F(X11InputTest, RegionOffsetsCoordinatesAndRefusesOutside) {
  const Rect region{100, 80, 400, 300};
  auto screen = open(region);
  ASSERT_TRUE(screen);
  ASSERT_TRUE(screen->act(Action::right_click({10, 20})).ok());
  TestEvent press = expect_event(Kind::kButtonPress);
  EXPECT_EQ(press.button, 3u);
  EXPECT_EQ(press.position, (Point{10, 20}));
  EXPECT_EQ(press.root_position, (Point{110, 100}));
  EXPECT_EQ(screen->cursor(), (Point{10, 20}));

  client_->drop_events();
  Status refused = screen->act(Action::left_click({400, 10}));
  EXPECT_EQ(refused.code(), ErrorCode::kOutOfRange) << refused.to_string();
  EXPECT_FALSE(client_->wait_event(window_, Kind::kButtonPress, 200).ok()) << "a refused action sends nothing";
  EXPECT_EQ(screen->cursor(), (Point{10, 20})) << "the pointer did not move either";
}

TEST_F(X11InputTest, DoubleClickIsTwoPressReleasePairs) {
  auto screen = open();
  ASSERT_TRUE(screen);
  ASSERT_TRUE(screen->act(Action::double_click({300, 200})).ok());
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(expect_event(Kind::kButtonPress).position, (Point{200, 120}));
    EXPECT_EQ(expect_event(Kind::kButtonRelease).button, 1u);
  }
}

TEST_F(X11InputTest, WheelNotchesUseButtonsFourToSeven) {
  auto screen = open();
  ASSERT_TRUE(screen);
  const std::pair<ScrollDirection, unsigned> cases[] = {
      {ScrollDirection::kUp, 4}, {ScrollDirection::kDown, 5}, {ScrollDirection::kLeft, 6}, {ScrollDirection::kRight, 7}};
  for (auto [direction, button] : cases) {
    ASSERT_TRUE(screen->act(Action::scroll({200, 150}, direction, 3)).ok());
    for (int notch = 0; notch < 3; ++notch) {
      TestEvent press = expect_event(Kind::kButtonPress);
      EXPECT_EQ(press.button, button) << scroll_direction_name(direction);
      EXPECT_EQ(press.position, (Point{100, 70}));
    }
    EXPECT_FALSE(client_->wait_event(window_, Kind::kButtonPress, 50).ok()) << "exactly 3 notches";
  }
}

TEST_F(X11InputTest, DragPressesMovesWithTheButtonHeldAndReleases) {
  auto screen = open();
  ASSERT_TRUE(screen);
  ASSERT_TRUE(screen->act(Action::drag({120, 100}, {320, 250})).ok());
  EXPECT_EQ(expect_event(Kind::kButtonPress).position, (Point{20, 20}));
  TestEvent motion = expect_event(Kind::kMotion);
  EXPECT_TRUE(motion.state & kButton1Mask) << "motion while the button is held";
  TestEvent release = expect_event(Kind::kButtonRelease);
  EXPECT_EQ(release.position, (Point{220, 170}));
}

TEST_F(X11InputTest, ClickCarriesHeldModifiers) {
  auto screen = open();
  ASSERT_TRUE(screen);
  Action click = Action::left_click({150, 150});
  click.text = "ctrl+shift";
  ASSERT_TRUE(screen->act(click).ok());
  TestEvent press = expect_event(Kind::kButtonPress);
  EXPECT_EQ(press.state & (kShiftMask | kControlMask), kShiftMask | kControlMask);
  // Modifiers are released afterwards: a plain click has none.
  client_->drop_events();
  ASSERT_TRUE(screen->act(Action::left_click({150, 150})).ok());
  EXPECT_EQ(expect_event(Kind::kButtonPress).state & (kShiftMask | kControlMask), 0u);
}

TEST_F(X11InputTest, KeyCombosReachTheFocusedWindowWithKeysymAndState) {
  ASSERT_TRUE(client_->focus(window_).ok());
  auto screen = open();
  ASSERT_TRUE(screen);
  struct Case {
    const char* combo;
    unsigned long keysym;  // level-1 keysym of the main key
    unsigned state;        // modifiers held when it is pressed
  };
  const Case cases[] = {
      {"ctrl+shift+t", 't', kShiftMask | kControlMask},
      {"Return", kKeysymReturn, 0},
      {"F5", kKeysymF5, 0},
      {"A", 'a', kShiftMask},  // a capital needs Shift
      {"alt+Tab", kKeysymTab, kMod1Mask},
      {"super+e", 'e', kMod4Mask},
      {"ctrl+plus", '=', kShiftMask | kControlMask},  // '+' is Shift+'=' on a US layout
  };
  for (const Case& c : cases) {
    ASSERT_TRUE(screen->act(Action::key(c.combo)).ok()) << c.combo;
    // Modifier presses arrive first as their own KeyPress events: skip to the main key.
    TestEvent press;
    for (int i = 0; i < 5; ++i) {
      press = expect_event(Kind::kKeyPress);
      if (press.keysym == c.keysym) break;
    }
    EXPECT_EQ(press.keysym, c.keysym) << c.combo;
    EXPECT_EQ(press.state & 0xff, c.state) << c.combo;
  }
  client_->drop_events();
  // Everything was released: a plain key now carries no modifier.
  ASSERT_TRUE(screen->act(Action::key("x")).ok());
  TestEvent press = expect_event(Kind::kKeyPress);
  EXPECT_EQ(press.keysym, 'x');
  EXPECT_EQ(press.state & 0xff, 0u);
}

TEST_F(X11InputTest, KeyMissingFromTheLayoutIsBoundToASpareKeycode) {
  ASSERT_TRUE(client_->focus(window_).ok());
  auto screen = open();
  ASSERT_TRUE(screen);
  ASSERT_TRUE(screen->act(Action::key("é")).ok());  // not on a US layout
  TestEvent press = expect_event(Kind::kKeyPress);
  EXPECT_EQ(press.keysym, 0xe9u);
  EXPECT_EQ(press.text, "\xe9") << "Latin-1 text from XLookupString";
}

// Types `text` and returns the keysyms the window saw (modifier keys left out).
std::vector<unsigned long> typed_keysyms(X11Screen& screen, X11TestClient& client, unsigned long window,
                                         const std::string& text, size_t count) {
  EXPECT_TRUE(screen.act(Action::type_text(text)).ok());
  std::vector<unsigned long> out;
  while (out.size() < count) {
    auto press = client.wait_event(window, Kind::kKeyPress, kEventTimeoutMs);
    if (!press.ok()) break;
    const unsigned long k = press->typed_keysym;
    const bool modifier = (k >= 0xffe1 && k <= 0xffee) || k == 0xfe03;  // Shift_L..Hyper_R, ISO_Level3_Shift
    if (!modifier) out.push_back(k);
  }
  return out;
}

TEST_F(X11InputTest, TypingHonoursCapsLock) {
  ASSERT_TRUE(client_->focus(window_).ok());
  auto screen = open();
  ASSERT_TRUE(screen);
  ASSERT_TRUE(screen->act(Action::key("Caps_Lock")).ok());
  client_->drop_events();
  EXPECT_EQ(typed_keysyms(*screen, *client_, window_, "aB1!", 4),
            (std::vector<unsigned long>{'a', 'B', '1', '!'}));
  ASSERT_TRUE(screen->act(Action::key("Caps_Lock")).ok());
}

TEST_F(X11InputTest, TypingTurnsLineBreaksIntoOneReturnEach) {
  ASSERT_TRUE(client_->focus(window_).ok());
  auto screen = open();
  ASSERT_TRUE(screen);
  EXPECT_EQ(typed_keysyms(*screen, *client_, window_, "a\r\nb\nc\td", 7),
            (std::vector<unsigned long>{'a', kKeysymReturn, 'b', kKeysymReturn, 'c', kKeysymTab, 'd'}));
}

TEST_F(X11InputTest, TypingUsesAltGrOnAGermanLayout) {
  ASSERT_TRUE(client_->focus(window_).ok());
  const std::string command = "setxkbmap -display " + xvfb_->display() + " de";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::vector<unsigned long> german = client_->keyboard_mapping();
  auto screen = open();
  ASSERT_TRUE(screen);
  client_->drop_events();
  // '@' and the euro sign are AltGr+q and AltGr+e; umlauts and sharp s have their own keys; 'z'
  // and 'y' swap places.
  EXPECT_EQ(typed_keysyms(*screen, *client_, window_, "@\xe2\x82\xac\xc3\xa4\xc3\x84\xc3\x9fzy", 7),
            (std::vector<unsigned long>{'@', 0x20ac, 0xe4, 0xc4, 0xdf, 'z', 'y'}));
  EXPECT_EQ(client_->keyboard_mapping(), german) << "everything was on the layout: nothing bound";
}

TEST_F(X11InputTest, MovePointerAlongFollowsThePathInTime) {
  auto screen = open(Rect{100, 80, 400, 300});
  ASSERT_TRUE(screen);
  std::vector<PointerSample> path;
  for (int i = 0; i <= 5; ++i) path.push_back({{10 + 20 * i, 10 + 10 * i}, 0.01 * i});
  Stopwatch watch;
  ASSERT_TRUE(screen->move_pointer_along(path).ok());
  EXPECT_GE(watch.elapsed_ms(), 50.0) << "the last sample is due at 50 ms";
  Point last;
  for (int i = 0; i < 6; ++i) last = expect_event(Kind::kMotion).position;
  EXPECT_EQ(last, (Point{110, 60}));
  EXPECT_EQ(screen->cursor(), (Point{110, 60}));
  path.push_back({{400, 10}, 0.06});
  EXPECT_EQ(screen->move_pointer_along(path).code(), ErrorCode::kOutOfRange);
}

TEST_F(X11InputTest, ShouldStopCancelsBetweenEventsAndReleasesHeldKeys) {
  ASSERT_TRUE(client_->focus(window_).ok());
  std::atomic<int> checks{0};
  // Says stop before the 4th low-level event: ctrl, shift and alt are down, 'a' never comes.
  auto screen = open({}, [&] { return ++checks > 3; });
  ASSERT_TRUE(screen);
  Status status = screen->act(Action::key("ctrl+shift+alt+a"));
  EXPECT_EQ(status.code(), ErrorCode::kCancelled) << status.to_string();
  int presses = 0;
  while (client_->wait_event(window_, Kind::kKeyPress, 200).ok()) ++presses;
  EXPECT_EQ(presses, 3) << "ctrl, shift, alt";
  client_->drop_events();
  checks = -1000;  // let input through again
  ASSERT_TRUE(screen->act(Action::key("b")).ok());
  TestEvent press = expect_event(Kind::kKeyPress);
  EXPECT_EQ(press.keysym, 'b');
  EXPECT_EQ(press.state & 0xff, 0u) << "the cancelled action released its modifiers";
}

TEST_F(X11InputTest, WaitAndDoneSendNothing) {
  auto screen = open();
  ASSERT_TRUE(screen);
  Stopwatch watch;
  ASSERT_TRUE(screen->act(Action::wait(0.02)).ok());
  EXPECT_GE(watch.elapsed_ms(), 20.0);
  ASSERT_TRUE(screen->act(Action::done()).ok());
  EXPECT_FALSE(client_->wait_event(window_, Kind::kButtonPress, 50).ok());
}

}  // namespace
}  // namespace hemu
