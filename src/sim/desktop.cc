#include "sim/desktop.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "screen/screen.h"
#include "sim/text_field.h"

namespace hemu {

Status validate_screen(Size screen, double scale) {
  if (screen.width < kMinScreen.width || screen.height < kMinScreen.height || screen.width > kMaxScreen.width ||
      screen.height > kMaxScreen.height)
    return out_of_range("screen " + std::to_string(screen.width) + "x" + std::to_string(screen.height) +
                        " is outside the supported 640x480 .. 5120x2880");
  if (!(scale >= 1.0 && scale <= 2.0))
    return out_of_range("UI scale " + std::to_string(scale) + " is outside the supported 1.0 .. 2.0");
  return Status();
}

Desktop::Desktop(Size screen_px, double scale, const Theme& theme)
    : screen_(screen_px), style_(make_style(theme, scale)) {
  HEMU_CHECK(validate_screen(screen_px, scale).ok()) << validate_screen(screen_px, scale).to_string();
  cursor_ = {screen_.width / 2, screen_.height / 2};
}

Desktop::~Desktop() = default;

int Desktop::taskbar_height_px() const { return show_taskbar ? style_.px(32) : 0; }

Rect Desktop::work_area() const { return {0, 0, screen_.width, screen_.height - taskbar_height_px()}; }

// ---- windows ----

Window* Desktop::create_window(const std::string& name, const std::string& title, Size client) {
  auto window = std::make_unique<Window>(name, title);
  window->desktop_ = this;
  Window* raw = window.get();
  windows_.push_back(std::move(window));
  raw->set_client_size(client);
  Rect area = work_area();
  raw->rect.x = area.x + (area.width - raw->rect.width) / 2;
  raw->rect.y = area.y + (area.height - raw->rect.height) / 2;
  fit_window(raw);
  raw->layout();
  raise(raw);
  return raw;
}

void Desktop::fit_window(Window* w) {
  Rect area = work_area();
  w->rect.width = std::min(w->rect.width, area.width);
  w->rect.height = std::min(w->rect.height, area.height);
  w->rect.x = std::clamp(w->rect.x, area.x, area.right() - w->rect.width);
  w->rect.y = std::clamp(w->rect.y, area.y, area.bottom() - w->rect.height);
}

void Desktop::close_window(Window* window) {
  forget_widget(window);
  if (popup_ && popup_->owner != nullptr && popup_->owner->window() == window) close_popup();
  auto it = std::find_if(windows_.begin(), windows_.end(), [&](const auto& w) { return w.get() == window; });
  if (it != windows_.end()) windows_.erase(it);
  if (!windows_.empty()) raise(windows_.back().get());
  dirty_ = true;
}

void Desktop::raise(Window* window) {
  auto it = std::find_if(windows_.begin(), windows_.end(), [&](const auto& w) { return w.get() == window; });
  HEMU_CHECK(it != windows_.end()) << "raise: window not on this desktop";
  if (it + 1 != windows_.end()) std::rotate(it, it + 1, windows_.end());
  if (focus_ != nullptr && focus_->window() != window) focus_ = nullptr;
  dirty_ = true;
}

Window* Desktop::active_window() const { return windows_.empty() ? nullptr : windows_.back().get(); }

Widget* Desktop::find(std::string_view name) const {
  if (popup_)
    if (Widget* w = popup_->find(name)) return w;
  for (auto it = windows_.rbegin(); it != windows_.rend(); ++it)
    if (Widget* w = (*it)->find(name)) return w;
  return nullptr;
}

Rect Desktop::taskbar_button_rect(const Window* window) const {
  if (!show_taskbar) return {};
  int h = taskbar_height_px();
  int gap = style_.px(4);
  // Buttons share the bar left of the clock, at most 150 logical pixels each.
  int available = screen_.width - style_.small.measure(clock_text) - style_.px(24);
  int count = std::max<int>(1, int(windows_.size()));
  int width = std::max(style_.px(40), std::min(style_.px(150), available / count - gap));
  // Buttons are ordered by window name so a button never moves when windows are raised.
  std::vector<const Window*> ordered;
  for (const auto& w : windows_) ordered.push_back(w.get());
  std::sort(ordered.begin(), ordered.end(), [](const Window* a, const Window* b) { return a->name() < b->name(); });
  for (size_t i = 0; i < ordered.size(); ++i)
    if (ordered[i] == window)
      return {style_.px(6) + int(i) * (width + gap), screen_.height - h + style_.px(3), width, h - style_.px(6)};
  return {};
}

// ---- popups ----

void Desktop::open_popup(std::unique_ptr<PopupList> popup, const Rect& anchor) {
  popup->desktop_ = this;
  popup_anchor_ = anchor;
  int row = std::max(style_.px(24), style_.font.line_height() + style_.px(6));
  int widest = 0;
  for (const auto& item : popup->items) widest = std::max(widest, style_.font.measure(item));
  Rect area = work_area();
  // Dropdown lists show 8 rows and scroll; menus show every item that fits on the screen.
  int max_rows = 8;
  if (popup->owner != nullptr && popup->owner->kind() == WidgetKind::kMenuBar)
    max_rows = std::max(8, (area.bottom() - anchor.bottom()) / std::max(1, row) - 1);
  int visible_rows = std::min<int>(int(popup->items.size()), max_rows);
  int scrollbar = int(popup->items.size()) > visible_rows ? style_.px(12) : 0;
  int width = std::max(anchor.width, widest + style_.px(24) + scrollbar);
  int height = std::max(1, visible_rows) * row + 2;
  int y = anchor.bottom();
  if (y + height > area.bottom()) y = std::max(area.y, anchor.y - height);  // open upward
  int x = std::clamp(anchor.x, area.x, std::max(area.x, area.right() - width));
  popup->rect = {x, y, std::min(width, area.width), std::min(height, area.height)};
  if (popup->highlighted >= 0) popup->scroll_to(popup->highlighted * row - (height - row) / 2);
  popup_ = std::move(popup);
  dirty_ = true;
}

void Desktop::close_popup() {
  if (!popup_) return;
  if (hover_ == popup_.get()) hover_ = nullptr;
  if (capture_ == popup_.get()) capture_ = nullptr;
  // Ownership moves to a local so a popup closing itself from its own handler stays alive until
  // the handler returns.
  static thread_local std::vector<std::unique_ptr<PopupList>> graveyard;
  graveyard.clear();
  graveyard.push_back(std::move(popup_));
  dirty_ = true;
}

// ---- focus ----

void Desktop::set_focus(Widget* widget) {
  if (widget == focus_) return;
  Widget* old = focus_;
  focus_ = widget;
  if (old != nullptr) old->on_focus_changed(false);
  if (widget != nullptr) widget->on_focus_changed(true);
  dirty_ = true;
}

static void collect_focusable(Widget* w, std::vector<Widget*>& out) {
  if (!w->visible) return;
  if (w->focusable() && w->enabled) out.push_back(w);
  for (auto& c : w->children()) collect_focusable(c.get(), out);
}

void Desktop::focus_next(bool backwards) {
  Window* active = active_window();
  if (active == nullptr) return;
  std::vector<Widget*> order;
  collect_focusable(active, order);
  if (order.empty()) return;
  auto it = std::find(order.begin(), order.end(), focus_);
  int i = it == order.end() ? (backwards ? 0 : -1) : int(it - order.begin());
  int n = int(order.size());
  set_focus(order[size_t(((backwards ? i - 1 : i + 1) % n + n) % n)]);
}

void Desktop::forget_widget(Widget* widget) {
  auto inside = [&](Widget* w) {
    for (; w != nullptr; w = w->parent())
      if (w == widget) return true;
    return false;
  };
  if (inside(focus_)) focus_ = nullptr;
  if (inside(hover_)) hover_ = nullptr;
  if (inside(capture_)) capture_ = nullptr;
  if (popup_ && inside(popup_->owner)) close_popup();
}

// ---- input ----

static bool contains_widget(const Widget* root, const Widget* w) {
  if (root == w) return true;
  for (const auto& c : root->children())
    if (contains_widget(c.get(), w)) return true;
  return false;
}

bool Desktop::alive(const Widget* widget) const {
  if (popup_ && contains_widget(popup_.get(), widget)) return true;
  for (const auto& window : windows_)
    if (contains_widget(window.get(), widget)) return true;
  return false;
}

Window* Desktop::window_at(Point p) const {
  for (auto it = windows_.rbegin(); it != windows_.rend(); ++it)
    if ((*it)->visible && (*it)->rect.contains(p)) return it->get();
  return nullptr;
}

Window* Desktop::top_modal() const {
  for (auto it = windows_.rbegin(); it != windows_.rend(); ++it)
    if ((*it)->modal) return it->get();
  return nullptr;
}

static Widget* hit_in(Widget* w, Point p) {
  Rect clip = w->child_clip();
  Rect screen = w->screen_rect();
  bool in_clip = clip.empty() || clip.translated({screen.x, screen.y}).contains(p);
  if (in_clip) {
    const auto& kids = w->children();
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) {
      Widget* c = it->get();
      // A scroll pane's content panel is as large as its content; the pane's clip bounds it.
      bool pane_content = c->kind() == WidgetKind::kPanel && w->kind() == WidgetKind::kScrollPane;
      if (c->visible && (pane_content || c->screen_rect().contains(p)))
        if (Widget* hit = hit_in(c, p)) return hit;
    }
  }
  return w;
}

Widget* Desktop::hit_test(Point p) const {
  if (popup_ && popup_->rect.contains(p)) return popup_.get();
  Window* w = window_at(p);
  return w == nullptr ? nullptr : hit_in(w, p);
}

void Desktop::update_hover(Point p) {
  Widget* now = hit_test(p);
  if (now != hover_) {
    hover_ = now;
    dirty_ = true;
  }
}

void Desktop::mouse_move(Point position) {
  if (position != cursor_) {
    cursor_ = position;
    if (capture_ != nullptr) {
      MouseEvent e;
      e.position = position;
      capture_->on_mouse_drag(e);
    }
    update_hover(position);
  }
}

void Desktop::mouse_press(Point position, MouseButton button, int click_count, bool ctrl, bool shift) {
  mouse_move(position);
  MouseEvent e{position, button, click_count, ctrl, shift};
  if (popup_) {
    if (popup_->rect.contains(position)) {
      capture_ = popup_.get();
      popup_->on_mouse_down(e);
      return;
    }
    Widget* owner = popup_->owner;
    close_popup();
    // Pressing the owner again closes its popup without reopening it.
    if (owner != nullptr && owner->screen_rect().contains(position)) return;
  }
  if (show_taskbar && position.y >= screen_.height - taskbar_height_px()) {
    for (const auto& w : windows_)
      if (taskbar_button_rect(w.get()).contains(position) && (top_modal() == nullptr || top_modal() == w.get())) {
        raise(w.get());
        return;
      }
    return;
  }
  Window* window = window_at(position);
  if (window == nullptr) return;
  if (Window* modal = top_modal(); modal != nullptr && modal != window) return;  // blocked by a dialog
  if (window != active_window()) raise(window);
  Widget* target = hit_in(window, position);
  for (Widget* f = target; f != nullptr; f = f->parent())
    if (f->focusable() && f->enabled) {
      set_focus(f);
      break;
    }
  for (Widget* w = target; w != nullptr; w = w->parent()) {
    if (!w->enabled) continue;
    if (w->on_mouse_down(e)) {
      // The handler may have closed the window and destroyed `w`: capture it only if it still
      // exists (compared by address, never dereferenced).
      capture_ = alive(w) ? w : nullptr;
      break;
    }
  }
  dirty_ = true;
}

void Desktop::mouse_release(Point position, MouseButton button) {
  mouse_move(position);
  dirty_ = true;  // handlers may change widgets without calling changed()
  if (capture_ != nullptr) {
    Widget* w = capture_;
    capture_ = nullptr;
    MouseEvent e{position, button, 1, false, false};
    w->on_mouse_up(e);
  }
}

void Desktop::wheel(Point position, int notches_down, int notches_right) {
  mouse_move(position);
  Widget* target = hit_test(position);
  if (popup_ && target != popup_.get()) close_popup();
  if (Window* modal = top_modal(); modal != nullptr && window_at(position) != modal) return;
  for (Widget* w = target; w != nullptr; w = w->parent())
    if (w->on_wheel(position, notches_down, notches_right)) break;
  update_hover(position);
}

void Desktop::key(const KeyCombo& combo) {
  dirty_ = true;  // handlers (shortcuts, task callbacks) may change widgets without changed()
  if (popup_ && popup_->on_key(combo)) return;
  if (popup_ && combo.key == "Escape") return close_popup();
  Window* active = active_window();
  if (combo.key == "Tab" && !combo.ctrl && !combo.alt) return focus_next(combo.shift);
  if (focus_ != nullptr && focus_->enabled && focus_->on_key(combo)) return;
  if (active == nullptr) return;
  if (auto it = active->shortcuts.find(key_combo_to_string(combo)); it != active->shortcuts.end()) {
    auto fn = it->second;  // may close the window
    record_event("shortcut:" + key_combo_to_string(combo));
    fn();
    return;
  }
  bool plain = !combo.ctrl && !combo.alt && !combo.shift;
  if (plain && combo.key == "Return" && active->default_button != nullptr && active->default_button->enabled &&
      active->default_button->shown(0.01))
    return active->default_button->activate();
  if (plain && combo.key == "Escape" && active->cancel_button != nullptr) return active->cancel_button->activate();
}

void Desktop::text(std::string_view utf8) {
  dirty_ = true;
  if (focus_ != nullptr && focus_->enabled) focus_->on_text(utf8);
}

Status Desktop::apply(const Action& action) {
  HEMU_RETURN_IF_ERROR(validate_action(action));
  HEMU_RETURN_IF_ERROR(check_action_in_bounds(action, screen_));
  ++action_count_;
  auto modifiers = [&](bool& ctrl, bool& shift) {
    ctrl = shift = false;
    if (action.text.empty()) return;
    auto combo = parse_key_combo(action.text + "+a");
    if (combo.ok()) ctrl = combo->ctrl, shift = combo->shift;
  };
  bool ctrl = false, shift = false;
  switch (action.type) {
    case ActionType::kMouseMove:
      mouse_move(action.coordinate);
      break;
    case ActionType::kLeftClick:
      modifiers(ctrl, shift);
      mouse_press(action.coordinate, MouseButton::kLeft, 1, ctrl, shift);
      mouse_release(action.coordinate, MouseButton::kLeft);
      break;
    case ActionType::kDoubleClick:
      mouse_press(action.coordinate, MouseButton::kLeft, 1);
      mouse_release(action.coordinate, MouseButton::kLeft);
      mouse_press(action.coordinate, MouseButton::kLeft, 2);
      mouse_release(action.coordinate, MouseButton::kLeft);
      break;
    case ActionType::kRightClick:
      mouse_press(action.coordinate, MouseButton::kRight, 1);
      mouse_release(action.coordinate, MouseButton::kRight);
      break;
    case ActionType::kLeftClickDrag: {
      mouse_press(action.start_coordinate, MouseButton::kLeft, 1);
      // Intermediate motion, as a real pointer would report it.
      constexpr int kSteps = 8;
      for (int i = 1; i <= kSteps; ++i) {
        Point p{action.start_coordinate.x + (action.coordinate.x - action.start_coordinate.x) * i / kSteps,
                action.start_coordinate.y + (action.coordinate.y - action.start_coordinate.y) * i / kSteps};
        mouse_move(p);
      }
      mouse_release(action.coordinate, MouseButton::kLeft);
      break;
    }
    case ActionType::kScroll: {
      int n = action.scroll_amount;
      switch (action.scroll_direction) {
        case ScrollDirection::kDown: wheel(action.coordinate, n, 0); break;
        case ScrollDirection::kUp: wheel(action.coordinate, -n, 0); break;
        case ScrollDirection::kRight: wheel(action.coordinate, 0, n); break;
        case ScrollDirection::kLeft: wheel(action.coordinate, 0, -n); break;
      }
      break;
    }
    case ActionType::kType: {
      std::string_view s = action.text;
      for (size_t i = 0; i < s.size();) {
        size_t next = utf8_next(s, i);
        std::string_view ch = s.substr(i, next - i);
        if (ch == "\r" && next < s.size() && s[next] == '\n') {
          // "\r\n" is one line break, as on X11.
        } else if (ch == "\n" || ch == "\r") key(KeyCombo{false, false, false, false, "Return"});
        else if (ch == "\t") key(KeyCombo{false, false, false, false, "Tab"});
        else text(ch);
        i = next;
      }
      break;
    }
    case ActionType::kKey: {
      auto combo = parse_key_combo(action.text);
      HEMU_RETURN_IF_ERROR(combo.status());
      key(*combo);
      break;
    }
    case ActionType::kWait:
    case ActionType::kDone:
      break;
  }
  return Status();
}

// ---- rendering ----

void Desktop::paint_tree(Canvas& canvas, Widget* widget, const Rect& clip) {
  if (!widget->visible) return;
  Rect r = widget->screen_rect();
  if (r.intersect(clip).empty() && widget->kind() != WidgetKind::kWindow) return;
  canvas.push_clip(clip);
  Painter painter{canvas, style_, r, widget == focus_, widget == hover_};
  widget->paint(painter);
  canvas.pop_clip();
  Rect child_clip = clip;
  Rect own = widget->child_clip();
  if (!own.empty()) child_clip = clip.intersect(own.translated({r.x, r.y}));
  for (auto& c : widget->children()) paint_tree(canvas, c.get(), child_clip);
}

std::string Desktop::taskbar_button_text(const Window* window) const {
  return fitted_text(style_.small, window->title, taskbar_button_text_rect(taskbar_button_rect(window)).width);
}

void Desktop::paint_taskbar(Canvas& canvas) {
  if (!show_taskbar) return;
  const Theme& t = style_.theme;
  int h = taskbar_height_px();
  Rect bar{0, screen_.height - h, screen_.width, h};
  canvas.fill_rect(bar, t.taskbar_bg);
  for (const auto& w : windows_) {
    Rect b = taskbar_button_rect(w.get());
    bool active = w.get() == active_window();
    canvas.fill_rounded_rect(b, t.corner_radius, active ? t.taskbar_active : t.taskbar_bg.mix(t.taskbar_text, 0.08));
    draw_text_in(canvas, style_.small, taskbar_button_text_rect(b), w->title, t.taskbar_text);
  }
  int clock_w = style_.small.measure(clock_text);
  draw_text_in(canvas, style_.small, {bar.right() - clock_w - style_.px(12), bar.y, clock_w, bar.height}, clock_text,
               t.taskbar_text);
}

void Desktop::paint_cursor(Frame& frame) const {
  Canvas canvas(frame);
  // A classic arrow pointer: black outline, white fill, tip at the cursor position.
  double s = style_.scale, x = cursor_.x, y = cursor_.y;
  const double shape[][2] = {{0, 0}, {0, 16}, {4, 12}, {7, 18}, {9.5, 17}, {6.5, 11}, {11.5, 11}};
  Color black{0, 0, 0, 255}, white{255, 255, 255, 255};
  canvas.fill_triangle(x, y, x, y + 16 * s, x + 11.5 * s, y + 11 * s, white);
  canvas.fill_triangle(x + 4 * s, y + 12 * s, x + 7 * s, y + 18 * s, x + 6.5 * s, y + 11 * s, white);
  canvas.fill_triangle(x + 7 * s, y + 18 * s, x + 9.5 * s, y + 17 * s, x + 6.5 * s, y + 11 * s, white);
  for (int i = 0; i < 7; ++i) {
    const double* a = shape[i];
    const double* b = shape[(i + 1) % 7];
    canvas.draw_line(x + a[0] * s, y + a[1] * s, x + b[0] * s, y + b[1] * s, black, std::max(1.0, s));
  }
}

// Appends the parts of `a` outside `b` (up to four rectangles) to `out`.
static void subtract_rect(const Rect& a, const Rect& b, std::vector<Rect>& out) {
  Rect overlap = a.intersect(b);
  if (overlap.empty()) {
    out.push_back(a);
    return;
  }
  if (overlap.y > a.y) out.push_back({a.x, a.y, a.width, overlap.y - a.y});
  if (overlap.bottom() < a.bottom()) out.push_back({a.x, overlap.bottom(), a.width, a.bottom() - overlap.bottom()});
  if (overlap.x > a.x) out.push_back({a.x, overlap.y, overlap.x - a.x, overlap.height});
  if (overlap.right() < a.right()) out.push_back({overlap.right(), overlap.y, a.right() - overlap.right(), overlap.height});
}

std::vector<Rect> changed_regions(const Frame& before, const Frame& after) {
  HEMU_CHECK(before.size() == after.size()) << "changed_regions: frames differ in size";
  std::vector<Rect> bands;
  Rect band;
  size_t row_bytes = size_t(after.width) * 3;
  for (int y = 0; y < after.height; ++y) {
    const uint8_t* a = before.row(y);
    const uint8_t* b = after.row(y);
    if (std::memcmp(a, b, row_bytes) == 0) {
      if (!band.empty()) bands.push_back(band), band = {};
      continue;
    }
    size_t first = 0, last = row_bytes;
    while (a[first] == b[first]) ++first;
    while (a[last - 1] == b[last - 1]) --last;
    Rect row{int(first / 3), y, int((last + 2) / 3) - int(first / 3), 1};
    band = band.empty() ? row : band.united(row);
  }
  if (!band.empty()) bands.push_back(band);
  return bands;
}

Rect Desktop::cursor_rect(Point at) const {
  // The arrow sprite spans about 12 x 19 logical pixels from its tip, plus line width.
  return Rect{at.x - 2, at.y - 2, style_.px(14) + 4, style_.px(21) + 4}.intersect({0, 0, screen_.width, screen_.height});
}

void Desktop::render(Frame& frame) {
  bool repainted = false;
  bool had_base = base_.width == screen_.width && base_.height == screen_.height;
  if (exact_damage && dirty_ && had_base) previous_base_ = base_;  // to diff after the repaint
  if (dirty_ || base_.width != screen_.width) {
    if (base_.width != screen_.width || base_.height != screen_.height) base_ = Frame(screen_.width, screen_.height);
    Canvas canvas(base_);
    // Wallpaper only where no window covers it: windows are opaque rectangles, and painting the
    // screen twice costs more than anything else in a repaint.
    std::vector<Rect> uncovered{work_area()};
    for (const auto& w : windows_) {
      if (!w->visible) continue;
      std::vector<Rect> next;
      for (const Rect& r : uncovered) subtract_rect(r, w->rect, next);
      uncovered.swap(next);
    }
    for (const Rect& r : uncovered) {
      canvas.push_clip(r);
      canvas.fill_vertical_gradient(work_area(), style_.theme.wallpaper_top, style_.theme.wallpaper_bottom);
      canvas.pop_clip();
    }
    Rect all{0, 0, screen_.width, screen_.height};
    for (auto& w : windows_) paint_tree(canvas, w.get(), all);
    if (popup_) paint_tree(canvas, popup_.get(), all);
    paint_taskbar(canvas);
    dirty_ = false;
    repainted = true;
  }
  if (frame.width != base_.width || frame.height != base_.height || frame.stride_bytes != base_.stride_bytes) {
    frame = base_;
  } else {
    std::copy(base_.pixels.begin(), base_.pixels.end(), frame.pixels.begin());
  }
  // Damage since the previous render: everything after a repaint, else where the cursor moved.
  frame.damage.clear();
  if (repainted && has_rendered_ && exact_damage && had_base) {
    frame.damage = changed_regions(previous_base_, base_);
    if (show_cursor && cursor_ != last_rendered_cursor_) {
      frame.damage.push_back(cursor_rect(last_rendered_cursor_));
      frame.damage.push_back(cursor_rect(cursor_));
    }
  } else if (repainted || !has_rendered_) {
    frame.damage.push_back({0, 0, screen_.width, screen_.height});
  } else if (show_cursor && cursor_ != last_rendered_cursor_) {
    frame.damage.push_back(cursor_rect(last_rendered_cursor_));
    frame.damage.push_back(cursor_rect(cursor_));
  }
  has_rendered_ = true;
  last_rendered_cursor_ = cursor_;
  if (show_cursor) paint_cursor(frame);
}

}  // namespace hemu
