// Widget and desktop behaviour: what a person's clicks and keys do.
#include <gtest/gtest.h>

#include "sim/desktop.h"
#include "sim/expert.h"
#include "sim/layout.h"
#include "sim/text_field.h"

namespace hemu {
namespace {

class DesktopTest : public ::testing::Test {
 protected:
  DesktopTest() : rng_(1) {
    Rng look(2);
    desktop_ = std::make_unique<Desktop>(Size{800, 600}, 1.0, make_theme(ThemeFamily::kLight, look));
    window_ = desktop_->create_window("main", "Test", {400, 300});
  }
  Point centre(const Widget* w) { return w->visible_screen_rect().center(); }
  void click(const Widget* w) { ASSERT_TRUE(desktop_->apply(Action::left_click(centre(w))).ok()); }
  void key(const std::string& combo) { ASSERT_TRUE(desktop_->apply(Action::key(combo)).ok()); }
  void type(const std::string& text) { ASSERT_TRUE(desktop_->apply(Action::type_text(text)).ok()); }
  template <typename T, typename... Args>
  T* add(Rect rect, Args&&... args) {
    T* w = window_->content()->add<T>(std::forward<Args>(args)...);
    w->rect = rect;
    return w;
  }

  Rng rng_;
  std::unique_ptr<Desktop> desktop_;
  Window* window_;
};

TEST_F(DesktopTest, ButtonClickRunsCallbackOnceAndRecordsEvent) {
  auto* b = add<Button>({10, 10, 80, 28}, "ok", "OK");
  int clicks = 0;
  b->on_click = [&] { ++clicks; };
  click(b);
  EXPECT_EQ(clicks, 1);
  EXPECT_EQ(desktop_->events().back(), "click:ok");
}

TEST_F(DesktopTest, PressOnButtonReleaseElsewhereDoesNotClick) {
  auto* b = add<Button>({10, 10, 80, 28}, "ok", "OK");
  desktop_->mouse_press(centre(b), MouseButton::kLeft);
  desktop_->mouse_release({700, 500}, MouseButton::kLeft);
  EXPECT_EQ(b->click_count, 0);
}

TEST_F(DesktopTest, TextFieldEditing) {
  auto* f = add<TextField>({10, 10, 200, 28}, "name");
  click(f);
  EXPECT_EQ(desktop_->focus(), f);
  type("Hello wörld");
  EXPECT_EQ(f->text(), "Hello wörld");
  key("BackSpace");
  key("BackSpace");
  EXPECT_EQ(f->text(), "Hello wör");
  key("Home");
  type(">");
  EXPECT_EQ(f->text(), ">Hello wör");
  key("ctrl+a");
  EXPECT_EQ(f->selected_text(), ">Hello wör");
  type("new");
  EXPECT_EQ(f->text(), "new");
  key("shift+Left");
  key("Delete");
  EXPECT_EQ(f->text(), "ne");
}

TEST_F(DesktopTest, PasswordFieldStoresTextButNeverDrawsIt) {
  auto* f = add<TextField>({10, 10, 200, 28}, "pw", "", /*password=*/true);
  click(f);
  type("secret");
  EXPECT_EQ(f->text(), "secret");
  Frame masked, plain;
  desktop_->render(masked);
  f->password = false;
  desktop_->mark_dirty();
  desktop_->render(plain);
  EXPECT_NE(frame_hash(masked), frame_hash(plain));
}

TEST_F(DesktopTest, CheckboxRadioAndGroups) {
  auto* c = add<Checkbox>({10, 10, 150, 22}, "c", "Remember me");
  auto* r1 = add<Radio>({10, 40, 150, 22}, "r1", "size", "Small");
  auto* r2 = add<Radio>({10, 70, 150, 22}, "r2", "size", "Large");
  click(c);
  EXPECT_TRUE(c->checked());
  click(c);
  EXPECT_FALSE(c->checked());
  click(r1);
  click(r2);
  EXPECT_FALSE(r1->checked());
  EXPECT_TRUE(r2->checked());
}

TEST_F(DesktopTest, DropdownOpensPopupAndChooses) {
  auto* d = add<Dropdown>({10, 10, 160, 28}, "city", std::vector<std::string>{"Oslo", "Riga", "Lima"});
  click(d);
  ASSERT_NE(desktop_->popup(), nullptr);
  EXPECT_TRUE(d->is_open());
  Rect row = desktop_->popup()->row_screen_rect(2);
  ASSERT_TRUE(desktop_->apply(Action::left_click(row.center())).ok());
  EXPECT_EQ(d->text(), "Lima");
  EXPECT_EQ(desktop_->popup(), nullptr);
  // Clicking outside an open popup closes it without choosing.
  click(d);
  ASSERT_TRUE(desktop_->apply(Action::left_click({790, 10})).ok());
  EXPECT_EQ(desktop_->popup(), nullptr);
  EXPECT_EQ(d->text(), "Lima");
}

TEST_F(DesktopTest, WheelScrollsTheWindowContentWhenItOverflows) {
  auto* far = add<Button>({10, 900, 80, 28}, "far", "Far");
  window_->layout();
  EXPECT_FALSE(far->shown());
  Point inside = window_->client_screen_rect().center();
  ASSERT_TRUE(desktop_->apply(Action::scroll(inside, ScrollDirection::kDown, 20)).ok());
  EXPECT_TRUE(far->shown());
  click(far);
  EXPECT_EQ(far->click_count, 1);
}

TEST_F(DesktopTest, ModalDialogBlocksTheWindowBelow) {
  auto* b = add<Button>({10, 10, 80, 28}, "below", "Below");
  Point p = centre(b);
  Window* dialog = desktop_->create_window("dialog", "Confirm", {200, 100});
  dialog->modal = true;
  dialog->rect.x = 500;
  dialog->rect.y = 300;
  ASSERT_TRUE(desktop_->apply(Action::left_click(p)).ok());
  EXPECT_EQ(b->click_count, 0);
  desktop_->close_window(dialog);
  ASSERT_TRUE(desktop_->apply(Action::left_click(p)).ok());
  EXPECT_EQ(b->click_count, 1);
}

TEST_F(DesktopTest, TabMovesFocusAndReturnActivatesDefaultButton) {
  auto* a = add<TextField>({10, 10, 200, 28}, "a");
  auto* b = add<TextField>({10, 50, 200, 28}, "b");
  auto* ok = add<Button>({10, 90, 80, 28}, "ok", "OK");
  window_->default_button = ok;
  click(a);
  key("Tab");
  EXPECT_EQ(desktop_->focus(), b);
  key("shift+Tab");
  EXPECT_EQ(desktop_->focus(), a);
  key("Return");
  EXPECT_EQ(ok->click_count, 1);
}

TEST_F(DesktopTest, SliderFollowsDragAndArrowKeys) {
  auto* s = add<Slider>({10, 10, 220, 24}, "volume", 0, 100, 50);
  Frame f;
  desktop_->render(f);  // the thumb radius comes from the style at paint time
  Point from{s->x_for_value(50), s->screen_rect().center().y};
  Point to{s->x_for_value(80), from.y};
  ASSERT_TRUE(desktop_->apply(Action::drag(from, to)).ok());
  EXPECT_EQ(s->value(), 80);
  key("Left");
  EXPECT_EQ(s->value(), 79);
}

// A real slider pages with Page_Up / Page_Down (a tenth of the range) and jumps with Home / End:
// slider_value's expert finishes with these keys.
TEST_F(DesktopTest, SliderPagesAndJumpsWithKeys) {
  auto* s = add<Slider>({10, 10, 220, 24}, "contrast", 0, 100, 50, 5);
  Frame f;
  desktop_->render(f);
  ASSERT_TRUE(desktop_->apply(Action::left_click({s->x_for_value(50), s->screen_rect().center().y})).ok());
  EXPECT_EQ(s->page(), 10);
  key("Page_Up");
  EXPECT_EQ(s->value(), 60);
  key("Page_Down");
  key("Page_Down");
  EXPECT_EQ(s->value(), 40);
  key("End");
  EXPECT_EQ(s->value(), 100);
  key("Page_Up");
  EXPECT_EQ(s->value(), 100);
  key("Home");
  EXPECT_EQ(s->value(), 0);
  // A small range pages by one step.
  auto* bass = add<Slider>({10, 50, 220, 24}, "bass", 0, 12, 6);
  EXPECT_EQ(bass->page(), 1);
}

TEST_F(DesktopTest, ListMultiSelectWithCtrlClick) {
  auto* list = add<ListBox>({10, 10, 200, 200}, "l", std::vector<std::string>{"a", "b", "c", "d"}, true);
  ASSERT_TRUE(desktop_->apply(Action::left_click(list->row_screen_rect(1).center())).ok());
  Action ctrl_click = Action::left_click(list->row_screen_rect(3).center());
  ctrl_click.text = "ctrl";
  ASSERT_TRUE(desktop_->apply(ctrl_click).ok());
  EXPECT_EQ(list->selected, (std::vector<int>{1, 3}));
}

TEST_F(DesktopTest, DragCardOntoZone) {
  auto* card = add<Draggable>({10, 10, 120, 30}, "card", "Fix login");
  auto* zone = add<DropZone>({200, 10, 150, 150}, "done", "Done");
  ASSERT_TRUE(desktop_->apply(Action::drag(centre(card), centre(zone))).ok());
  EXPECT_EQ(card->dropped_on, "done");
  EXPECT_EQ(zone->contents, std::vector<std::string>{"card"});
}

TEST_F(DesktopTest, CoveredWindowIsRaisedByTheExpertBeforeClicking) {
  auto* b = add<Button>({10, 10, 80, 28}, "target", "Target");
  Window* cover = desktop_->create_window("cover", "Cover", {500, 400});
  cover->rect.x = window_->rect.x;
  cover->rect.y = window_->rect.y;
  ASSERT_EQ(desktop_->active_window(), cover);
  for (int i = 0; i < 4 && b->click_count == 0; ++i) ASSERT_TRUE(desktop_->apply(expert::click(*desktop_, b)).ok());
  EXPECT_EQ(b->click_count, 1);
}

TEST_F(DesktopTest, RenderIsDeterministicAndShowsTheCursor) {
  add<Button>({10, 10, 80, 28}, "ok", "OK");
  Frame a, b;
  desktop_->render(a);
  desktop_->render(b);
  EXPECT_EQ(frame_hash(a), frame_hash(b));
  desktop_->mouse_move({100, 100});
  desktop_->render(b);
  EXPECT_NE(frame_hash(a), frame_hash(b));
}

TEST(ScreenLimits, ValidateScreen) {
  EXPECT_TRUE(validate_screen({640, 480}, 1.0).ok());
  EXPECT_TRUE(validate_screen({5120, 2880}, 2.0).ok());
  EXPECT_FALSE(validate_screen({639, 480}, 1.0).ok());
  EXPECT_FALSE(validate_screen({5121, 2880}, 1.0).ok());
  EXPECT_FALSE(validate_screen({1920, 1080}, 0.5).ok());
  EXPECT_FALSE(validate_screen({1920, 1080}, 2.5).ok());
}

}  // namespace
}  // namespace hemu

namespace hemu {
namespace {

TEST(DesktopDamage, CursorOnlyMovesDamageTwoSmallRects) {
  Rng look(2);
  Desktop desktop({800, 600}, 1.0, make_theme(ThemeFamily::kDark, look));
  desktop.create_window("w", "W", {300, 200});
  Frame frame;
  desktop.render(frame);
  ASSERT_EQ(frame.damage.size(), 1u);
  EXPECT_EQ(frame.damage[0], (Rect{0, 0, 800, 600}));
  Frame before = frame;
  desktop.mouse_move({10, 500});  // over the wallpaper: no hover change, no repaint
  desktop.render(frame);
  ASSERT_EQ(frame.damage.size(), 2u);
  // Every changed pixel lies inside the reported damage.
  for (int y = 0; y < 600; ++y)
    for (int x = 0; x < 800; ++x)
      if (!(frame.at(x, y) == before.at(x, y))) {
        ASSERT_TRUE(frame.damage[0].contains(Point{x, y}) || frame.damage[1].contains(Point{x, y})) << x << "," << y;
      }
  desktop.render(frame);
  EXPECT_TRUE(frame.damage.empty()) << "nothing changed";
}

}  // namespace
}  // namespace hemu

namespace hemu {
namespace {

TEST(DesktopDamage, ExactDamageCoversEveryChangedPixelAndLittleElse) {
  Rng look(3);
  Desktop desktop({800, 600}, 1.0, make_theme(ThemeFamily::kLight, look));
  desktop.exact_damage = true;
  Window* w = desktop.create_window("w", "W", {300, 200});
  auto* field = w->content()->add<TextField>("f");
  field->rect = {10, 10, 200, 28};
  Frame frame;
  desktop.render(frame);
  ASSERT_TRUE(desktop.apply(Action::left_click(field->screen_rect().center())).ok());
  desktop.render(frame);
  Frame before = frame;
  ASSERT_TRUE(desktop.apply(Action::type_text("x")).ok());
  desktop.render(frame);
  ASSERT_FALSE(frame.damage.empty());
  int damaged_area = 0;
  for (const Rect& r : frame.damage) damaged_area += r.width * r.height;
  EXPECT_LT(damaged_area, 200 * 28) << "typing one character damages part of the field only";
  for (int y = 0; y < 600; ++y)
    for (int x = 0; x < 800; ++x)
      if (!(frame.at(x, y) == before.at(x, y))) {
        bool covered = false;
        for (const Rect& r : frame.damage) covered |= r.contains(Point{x, y});
        ASSERT_TRUE(covered) << x << "," << y;
      }
}

}  // namespace
}  // namespace hemu
