#include "sim/controls.h"

#include <algorithm>
#include <cmath>

#include "sim/desktop.h"
#include "sim/window.h"

namespace hemu {
namespace {

// Draws a push-button face; shared by buttons and dropdowns.
void paint_button_face(Painter& p, bool primary, bool pressed, bool enabled) {
  const Theme& t = p.style.theme;
  Color bg = primary ? t.accent : (pressed ? t.button_pressed : (p.hovered ? t.button_hover : t.button_bg));
  if (!enabled) bg = bg.mix(t.window_bg, 0.5);
  if (t.bevel) {
    p.canvas.fill_rect(p.rect, bg);
    Color light{255, 255, 255, 255}, dark{64, 64, 64, 255};
    if (pressed) std::swap(light, dark);
    int w = std::max(1, p.style.px(1));
    p.canvas.fill_rect({p.rect.x, p.rect.y, p.rect.width, w}, light);
    p.canvas.fill_rect({p.rect.x, p.rect.y, w, p.rect.height}, light);
    p.canvas.fill_rect({p.rect.x, p.rect.bottom() - w, p.rect.width, w}, dark);
    p.canvas.fill_rect({p.rect.right() - w, p.rect.y, w, p.rect.height}, dark);
  } else {
    int r = t.corner_radius;
    p.canvas.fill_rounded_rect(p.rect, r, primary ? bg : t.button_border);
    if (!primary) p.canvas.fill_rounded_rect(p.rect.inset(std::max(1, p.style.px(1))), std::max(0, r - 1), bg);
  }
  if (p.focused) {
    Rect ring = p.rect.inset(std::max(2, p.style.px(3)));
    p.canvas.stroke_rect(ring, (primary ? t.accent_text : t.accent).with_alpha(140));
  }
}

void for_each_widget(Widget* root, const std::function<void(Widget*)>& fn) {
  fn(root);
  for (auto& child : root->children()) for_each_widget(child.get(), fn);
}

}  // namespace

// ---- Button ----

Size Button::preferred_size(const Style& s) const {
  return {std::max(s.px(72), s.font.measure(caption_) + s.px(28)), s.px(28)};
}

void Button::paint(Painter& p) {
  paint_button_face(p, primary, pressed_, enabled);
  const Theme& t = p.style.theme;
  Color color = primary ? t.accent_text : t.button_text;
  if (!enabled) color = color.mix(t.window_bg, 0.5);
  Rect inner = p.rect.inset(p.style.px(4));
  if (pressed_ && t.bevel) inner = inner.translated({1, 1});
  draw_text_in(p.canvas, primary ? p.style.bold : p.style.font, inner, caption_, color, /*centre=*/true);
}

bool Button::on_mouse_down(const MouseEvent& e) {
  if (!enabled || e.button != MouseButton::kLeft) return enabled;
  pressed_ = true;
  changed();
  return true;
}

void Button::on_mouse_up(const MouseEvent& e) {
  if (!pressed_) return;
  pressed_ = false;
  changed();
  // Like real toolkits: releasing outside the button cancels the click.
  if (screen_rect().contains(e.position)) activate();
}

bool Button::on_key(const KeyCombo& key) {
  if (!enabled) return false;
  if (key.key == "space" || key.key == "Return") {
    activate();
    return true;
  }
  return false;
}

void Button::activate() {
  if (!enabled) return;
  ++click_count;
  changed();
  if (Desktop* d = desktop()) d->record_event("click:" + name());
  // The callback may close this button's window and destroy the button (and on_click with it):
  // call a copy, and touch nothing afterwards.
  if (auto callback = on_click) callback();
}

// ---- Link ----

Size Link::preferred_size(const Style& s) const { return {s.font.measure(caption_), s.font.line_height()}; }

void Link::paint(Painter& p) {
  const Theme& t = p.style.theme;
  Color color = visited ? t.link_visited : t.link;
  draw_text_in(p.canvas, p.style.font, p.rect, caption_, color);
  int w = std::min(p.rect.width, p.style.font.measure(caption_));
  int baseline = centred_baseline(p.style.font, p.rect);
  if (p.hovered || t.family == ThemeFamily::kClassic || p.focused)
    p.canvas.fill_rect({p.rect.x, baseline + std::max(1, p.style.px(1.5)), w, std::max(1, p.style.px(1))}, color);
}

bool Link::on_mouse_down(const MouseEvent& e) {
  if (e.button == MouseButton::kLeft) activate();
  return true;
}

bool Link::on_key(const KeyCombo& key) {
  if (key.key != "Return") return false;
  activate();
  return true;
}

void Link::activate() {
  ++click_count;
  visited = true;
  changed();
  if (Desktop* d = desktop()) d->record_event("click:" + name());
  if (auto callback = on_click) callback();
}

// ---- Checkbox ----

Size Checkbox::preferred_size(const Style& s) const {
  return {s.px(24) + s.font.measure(label_), std::max(s.px(22), s.font.line_height())};
}

Rect Checkbox::box_screen_rect(const Style& s) const {
  Rect r = screen_rect();
  int box = s.px(15);
  return {r.x + s.px(2), r.y + (r.height - box) / 2, box, box};
}

void Checkbox::set_checked(bool checked) {
  if (checked_ == checked) return;
  checked_ = checked;
  changed();
  if (on_toggle) on_toggle(checked_);
}

void Checkbox::paint(Painter& p) {
  const Theme& t = p.style.theme;
  const Style& s = p.style;
  int size = s.px(15);
  Rect box{p.rect.x + s.px(2), p.rect.y + (p.rect.height - size) / 2, size, size};
  int radius = t.bevel ? 0 : std::max(0, t.corner_radius / 2);
  if (checked_ && !t.bevel) {
    p.canvas.fill_rounded_rect(box, radius, t.accent);
  } else {
    p.canvas.fill_rounded_rect(box, radius, p.focused ? t.field_focus : t.field_border);
    p.canvas.fill_rounded_rect(box.inset(std::max(1, s.px(1))), std::max(0, radius - 1), t.field_bg);
  }
  if (checked_) {
    Color mark = t.bevel ? t.text : t.accent_text;
    double th = std::max(1.5, s.scale * 2.0);
    p.canvas.draw_line(box.x + size * 0.22, box.y + size * 0.52, box.x + size * 0.42, box.y + size * 0.72, mark, th);
    p.canvas.draw_line(box.x + size * 0.42, box.y + size * 0.72, box.x + size * 0.78, box.y + size * 0.28, mark, th);
  }
  Rect text_box{box.right() + s.px(7), p.rect.y, p.rect.right() - box.right() - s.px(7), p.rect.height};
  draw_text_in(p.canvas, s.font, text_box, label_, enabled ? t.text : t.text_muted);
}

bool Checkbox::on_mouse_down(const MouseEvent& e) {
  if (enabled && e.button == MouseButton::kLeft) set_checked(!checked_);
  return true;
}

bool Checkbox::on_key(const KeyCombo& key) {
  if (key.key != "space") return false;
  set_checked(!checked_);
  return true;
}

// ---- Radio ----

Size Radio::preferred_size(const Style& s) const {
  return {s.px(24) + s.font.measure(label_), std::max(s.px(22), s.font.line_height())};
}

void Radio::select() {
  if (checked_) return;
  Widget* root = window() != nullptr ? static_cast<Widget*>(window()) : parent();
  if (root != nullptr) {
    for_each_widget(root, [&](Widget* w) {
      if (w->kind() == WidgetKind::kRadio && w != this) {
        auto* other = static_cast<Radio*>(w);
        if (other->group == group) other->checked_ = false;
      }
    });
  }
  checked_ = true;
  changed();
  if (on_select) on_select();
}

void Radio::paint(Painter& p) {
  const Theme& t = p.style.theme;
  const Style& s = p.style;
  double r = s.px(15) / 2.0;
  double cx = p.rect.x + s.px(2) + r, cy = p.rect.y + p.rect.height / 2.0;
  p.canvas.fill_circle(cx, cy, r, p.focused ? t.field_focus : (checked_ && !t.bevel ? t.accent : t.field_border));
  p.canvas.fill_circle(cx, cy, r - std::max(1.0, s.scale), t.field_bg);
  if (checked_) p.canvas.fill_circle(cx, cy, r * 0.45, t.bevel ? t.text : t.accent);
  Rect text_box{p.rect.x + s.px(24), p.rect.y, p.rect.width - s.px(24), p.rect.height};
  draw_text_in(p.canvas, s.font, text_box, label_, enabled ? t.text : t.text_muted);
}

bool Radio::on_mouse_down(const MouseEvent& e) {
  if (enabled && e.button == MouseButton::kLeft) select();
  return true;
}

bool Radio::on_key(const KeyCombo& key) {
  if (key.key != "space") return false;
  select();
  return true;
}

// ---- Slider ----

Slider::Slider(std::string name, int minimum, int maximum, int value, int step)
    : Widget(WidgetKind::kSlider, std::move(name)), minimum_(minimum), maximum_(maximum), value_(value), step_(step) {
  HEMU_CHECK(minimum < maximum && step > 0) << "slider range " << minimum << ".." << maximum << " step " << step;
  value_ = std::clamp(value, minimum, maximum);
}

Size Slider::preferred_size(const Style& s) const { return {s.px(220), s.px(24)}; }

int Slider::thumb_radius_px() const {
  Desktop* d = desktop();
  return d != nullptr ? d->style().px(7) : thumb_radius_px_;
}

Rect Slider::track_screen_rect() const {
  Rect r = screen_rect();
  int pad = thumb_radius_px() + 1;
  return {r.x + pad, r.y + r.height / 2 - 2, std::max(1, r.width - 2 * pad), 4};
}

int Slider::x_for_value(int value) const {
  Rect track = track_screen_rect();
  double f = double(value - minimum_) / double(maximum_ - minimum_);
  return track.x + int(std::lround(f * (track.width - 1)));
}

int Slider::value_from_x(int x) const {
  Rect track = track_screen_rect();
  double f = std::clamp(double(x - track.x) / double(std::max(1, track.width - 1)), 0.0, 1.0);
  double raw = minimum_ + f * (maximum_ - minimum_);
  int snapped = minimum_ + int(std::lround((raw - minimum_) / step_)) * step_;
  return std::clamp(snapped, minimum_, maximum_);
}

void Slider::set_value(int value) {
  value = std::clamp(value, minimum_, maximum_);
  if (value == value_) return;
  value_ = value;
  changed();
  if (on_change) on_change(value_);
}

void Slider::paint(Painter& p) {
  const Theme& t = p.style.theme;
  Rect track = track_screen_rect();
  track.y = p.rect.y + p.rect.height / 2 - p.style.px(2);
  track.height = std::max(2, p.style.px(4));
  p.canvas.fill_rounded_rect(track, track.height / 2, t.scrollbar_track.mix(t.text, 0.15));
  int x = x_for_value(value_);
  p.canvas.fill_rounded_rect({track.x, track.y, x - track.x, track.height}, track.height / 2, t.accent);
  double cy = p.rect.y + p.rect.height / 2.0;
  p.canvas.fill_circle(x, cy, thumb_radius_px(), p.focused ? t.accent : t.button_border);
  p.canvas.fill_circle(x, cy, thumb_radius_px() - std::max(1, p.style.px(1.5)), t.field_bg);
}

bool Slider::on_mouse_down(const MouseEvent& e) {
  if (!enabled) return true;
  set_value(value_from_x(e.position.x));
  return true;
}

void Slider::on_mouse_drag(const MouseEvent& e) { set_value(value_from_x(e.position.x)); }

int Slider::page() const {
  int steps = int(std::lround((maximum_ - minimum_) / 10.0 / step_));
  return std::max(1, steps) * step_;
}

bool Slider::on_key(const KeyCombo& key) {
  if (key.key == "Left" || key.key == "Down") set_value(value_ - step_);
  else if (key.key == "Right" || key.key == "Up") set_value(value_ + step_);
  else if (key.key == "Page_Down") set_value(value_ - page());
  else if (key.key == "Page_Up") set_value(value_ + page());
  else if (key.key == "Home") set_value(minimum_);
  else if (key.key == "End") set_value(maximum_);
  else return false;
  return true;
}

// ---- ProgressBar ----

void ProgressBar::paint(Painter& p) {
  const Theme& t = p.style.theme;
  p.canvas.fill_rounded_rect(p.rect, t.corner_radius / 2, t.scrollbar_track);
  Rect done = p.rect;
  done.width = int(std::lround(std::clamp(fraction, 0.0, 1.0) * p.rect.width));
  p.canvas.fill_rounded_rect(done, t.corner_radius / 2, t.accent);
}

// ---- Draggable / DropZone ----

Size Draggable::preferred_size(const Style& s) const { return {s.font.measure(caption_) + s.px(24), s.px(30)}; }

void Draggable::paint(Painter& p) {
  const Theme& t = p.style.theme;
  Color bg = dragging_ ? t.selection_bg : t.button_bg;
  p.canvas.fill_rounded_rect(p.rect, t.corner_radius, t.button_border);
  p.canvas.fill_rounded_rect(p.rect.inset(std::max(1, p.style.px(1))), t.corner_radius, bg);
  // A grip of three dots on the left says "you can drag me".
  for (int i = 0; i < 3; ++i)
    p.canvas.fill_circle(p.rect.x + p.style.px(8), p.rect.y + p.rect.height / 2.0 + (i - 1) * p.style.px(5),
                         std::max(1.0, p.style.scale * 1.3), t.text_muted);
  Rect text_box = p.rect;
  text_box.x += p.style.px(16);
  text_box.width -= p.style.px(18);
  draw_text_in(p.canvas, p.style.font, text_box, caption_, dragging_ ? t.selection_text : t.text);
}

bool Draggable::on_mouse_down(const MouseEvent& e) {
  if (e.button != MouseButton::kLeft) return true;
  dragging_ = true;
  home_ = rect;
  Rect r = screen_rect();
  grab_offset_ = {e.position.x - r.x, e.position.y - r.y};
  changed();
  return true;
}

void Draggable::on_mouse_drag(const MouseEvent& e) {
  if (!dragging_) return;
  Rect r = screen_rect();
  rect.x += e.position.x - grab_offset_.x - r.x;
  rect.y += e.position.y - grab_offset_.y - r.y;
  changed();
}

void Draggable::on_mouse_up(const MouseEvent& e) {
  if (!dragging_) return;
  dragging_ = false;
  std::string zone_name;
  Widget* root = window();
  if (root != nullptr) {
    for_each_widget(root, [&](Widget* w) {
      if (w->kind() == WidgetKind::kDropZone && w->visible && w->visible_screen_rect().contains(e.position))
        zone_name = w->name();
    });
    for_each_widget(root, [&](Widget* w) {
      if (w->kind() != WidgetKind::kDropZone) return;
      auto* zone = static_cast<DropZone*>(w);
      zone->contents.erase(std::remove(zone->contents.begin(), zone->contents.end(), name()), zone->contents.end());
      if (zone->name() == zone_name) zone->contents.push_back(name());
    });
  }
  if (zone_name.empty()) rect = home_;  // snap back, like most drag-and-drop UIs
  dropped_on = zone_name;
  changed();
  if (Desktop* d = desktop()) d->record_event("drop:" + name() + ":" + zone_name);
  if (on_drop) on_drop(zone_name);
}

void DropZone::paint(Painter& p) {
  const Theme& t = p.style.theme;
  Color edge = t.text_muted;
  p.canvas.fill_rounded_rect(p.rect, t.corner_radius, t.list_alt_row);
  // Dashed border: the common "drop here" look.
  int dash = p.style.px(6), w = std::max(1, p.style.px(1.5));
  for (int x = p.rect.x; x < p.rect.right(); x += 2 * dash) {
    int len = std::min(dash, p.rect.right() - x);
    p.canvas.fill_rect({x, p.rect.y, len, w}, edge);
    p.canvas.fill_rect({x, p.rect.bottom() - w, len, w}, edge);
  }
  for (int y = p.rect.y; y < p.rect.bottom(); y += 2 * dash) {
    int len = std::min(dash, p.rect.bottom() - y);
    p.canvas.fill_rect({p.rect.x, y, w, len}, edge);
    p.canvas.fill_rect({p.rect.right() - w, y, w, len}, edge);
  }
  Rect caption_box{p.rect.x, p.rect.y + p.style.px(4), p.rect.width, p.style.font.line_height()};
  draw_text_in(p.canvas, p.style.bold, caption_box, caption_, t.text_muted, /*centre=*/true);
}

}  // namespace hemu
