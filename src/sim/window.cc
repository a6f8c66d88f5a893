#include "sim/window.h"

#include <algorithm>

#include "sim/desktop.h"

namespace hemu {

Window::Window(std::string name, std::string title_text)
    : Widget(WidgetKind::kWindow, std::move(name)), title(std::move(title_text)) {
  scroll_ = add<ScrollPane>(this->name() + ".scroll");
}

int Window::title_bar_height_px() const {
  const Style& s = desktop_->style();
  return std::max(s.px(28), s.title.line_height() + s.px(10));
}

Rect Window::title_bar_screen_rect() const {
  return {rect.x, rect.y, rect.width, title_bar_height_px()};
}

Rect Window::title_text_screen_rect() const {
  const Style& s = desktop_->style();
  Rect bar = title_bar_screen_rect().inset(std::max(1, s.px(1)));
  return {bar.x + s.px(10), bar.y, bar.width - s.px(60), title_bar_height_px() - std::max(1, s.px(1))};
}

std::string Window::title_shown() const {
  return fitted_text(desktop_->style().title, title, title_text_screen_rect().width);
}

Rect Window::client_screen_rect() const { return scroll_->screen_rect(); }

bool Window::active() const { return desktop_ != nullptr && desktop_->active_window() == this; }

void Window::layout() {
  int border = std::max(1, desktop_->style().px(1));
  int title_h = title_bar_height_px();
  scroll_->rect = {border, title_h, rect.width - 2 * border, rect.height - title_h - border};
}

void Window::set_client_size(Size client) {
  int border = std::max(1, desktop_->style().px(1));
  rect.width = client.width + 2 * border;
  rect.height = client.height + title_bar_height_px() + border;
  desktop_->fit_window(this);
  layout();
  changed();
}

Rect Window::child_clip() const { return {0, 0, rect.width, rect.height}; }

void Window::paint(Painter& p) {
  const Theme& t = p.style.theme;
  const Style& s = p.style;
  bool is_active = active();
  // Drop shadow for modern themes.
  if (!t.bevel) {
    // Only the strips the window does not cover: blending the whole rectangle would cost a
    // full-window alpha pass per repaint.
    int dx = s.px(3), dy = s.px(4);
    p.canvas.fill_rect({p.rect.right(), p.rect.y + dy, dx, p.rect.height}, Color{0, 0, 0, 50});
    p.canvas.fill_rect({p.rect.x + dx, p.rect.bottom(), p.rect.width - dx, dy}, Color{0, 0, 0, 50});
  }
  // Border then background, without painting the window's area twice.
  int border = std::max(1, s.px(1));
  p.canvas.stroke_rect(p.rect, t.window_border, border);
  p.canvas.fill_rect(p.rect.inset(border), t.window_bg);
  Rect bar = title_bar_screen_rect().inset(std::max(1, s.px(1)));
  bar.height = title_bar_height_px() - std::max(1, s.px(1));
  if (t.bevel && is_active) p.canvas.fill_vertical_gradient(bar, t.title_active, t.title_active.mix(Color{255, 255, 255, 255}, 0.35));
  else p.canvas.fill_rect(bar, is_active ? t.title_active : t.title_inactive);
  p.canvas.fill_rect({bar.x, bar.bottom(), bar.width, 1}, t.window_border.with_alpha(90));
  draw_text_in(p.canvas, s.title, title_text_screen_rect(), title, is_active ? t.title_text : t.title_text_inactive);
  // Decorative window controls (they do nothing: tasks never need them).
  double cy = bar.y + bar.height / 2.0, r = s.px(5);
  for (int i = 0; i < 3; ++i) {
    double cx = bar.right() - s.px(14) - i * s.px(18);
    Color c = t.bevel ? t.window_bg : t.text_muted.with_alpha(110);
    if (t.bevel) p.canvas.fill_rect({int(cx - r), int(cy - r), int(2 * r), int(2 * r)}, c);
    else p.canvas.fill_circle(cx, cy, r, c);
  }
}

bool Window::on_mouse_down(const MouseEvent& e) {
  if (title_bar_screen_rect().contains(e.position)) {
    drag_grab_ = {e.position.x - rect.x, e.position.y - rect.y};
    return true;
  }
  drag_grab_ = {-1, -1};
  return true;  // presses on the window background are absorbed
}

void Window::on_mouse_drag(const MouseEvent& e) {
  if (drag_grab_.x < 0) return;
  rect.x = e.position.x - drag_grab_.x;
  rect.y = e.position.y - drag_grab_.y;
  desktop_->fit_window(this);
  changed();
}

}  // namespace hemu
