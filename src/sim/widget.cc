#include "sim/widget.h"

#include <algorithm>

#include "sim/desktop.h"
#include "sim/window.h"

namespace hemu {

const char* widget_kind_name(WidgetKind kind) {
  switch (kind) {
    case WidgetKind::kPanel: return "panel";
    case WidgetKind::kLabel: return "label";
    case WidgetKind::kButton: return "button";
    case WidgetKind::kLink: return "link";
    case WidgetKind::kTextField: return "text_field";
    case WidgetKind::kTextArea: return "text_area";
    case WidgetKind::kCheckbox: return "checkbox";
    case WidgetKind::kRadio: return "radio";
    case WidgetKind::kDropdown: return "dropdown";
    case WidgetKind::kListBox: return "list";
    case WidgetKind::kTable: return "table";
    case WidgetKind::kTabs: return "tabs";
    case WidgetKind::kMenuBar: return "menu_bar";
    case WidgetKind::kPopupList: return "popup";
    case WidgetKind::kSlider: return "slider";
    case WidgetKind::kScrollPane: return "scroll_pane";
    case WidgetKind::kWindow: return "window";
    case WidgetKind::kDraggable: return "draggable";
    case WidgetKind::kDropZone: return "drop_zone";
    case WidgetKind::kProgress: return "progress";
    case WidgetKind::kAvatar: return "avatar";
    case WidgetKind::kSeparator: return "separator";
  }
  return "?";
}

const Style& style_of(const Widget* w) {
  Desktop* d = w->desktop();
  HEMU_CHECK(d != nullptr) << "widget '" << w->name() << "' is not attached to a desktop";
  return d->style();
}

int centred_baseline(const Font& font, const Rect& box) {
  int line = font.ascent() + font.descent();
  return box.y + (box.height - line) / 2 + font.ascent();
}

std::string fitted_text(const Font& font, std::string_view text, int width_px) {
  return font.measure(text) > width_px ? font.elide(text, width_px) : std::string(text);
}

void draw_text_in(Canvas& canvas, const Font& font, const Rect& box, std::string_view text, Color color,
                  bool centre) {
  std::string shown = fitted_text(font, text, box.width);
  int x = box.x;
  if (centre) x = box.x + (box.width - font.measure(shown)) / 2;
  canvas.push_clip(box);
  font.draw(canvas, x, centred_baseline(font, box), shown, color);
  canvas.pop_clip();
}

std::vector<std::string> wrap_text(const Font& font, std::string_view text, int width_px) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view paragraph = text.substr(start, end - start);
    std::string line;
    size_t i = 0;
    while (i < paragraph.size()) {
      size_t space = paragraph.find(' ', i);
      if (space == std::string_view::npos) space = paragraph.size();
      std::string word(paragraph.substr(i, space - i));
      std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && font.measure(candidate) > width_px) {
        lines.push_back(line);
        line = word;
      } else {
        line = candidate;
      }
      i = space + 1;
    }
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

Widget::Widget(WidgetKind kind, std::string name) : kind_(kind), name_(std::move(name)) {}
Widget::~Widget() = default;

void Widget::adopt(std::unique_ptr<Widget> child) {
  HEMU_CHECK(child != nullptr) << "adopt(nullptr)";
  child->parent_ = this;
  children_.push_back(std::move(child));
  changed();
}

void Widget::remove_child(Widget* child) {
  if (Desktop* d = desktop()) d->forget_widget(child);
  auto it = std::find_if(children_.begin(), children_.end(),
                         [&](const std::unique_ptr<Widget>& c) { return c.get() == child; });
  if (it != children_.end()) children_.erase(it);
  changed();
}

void Widget::clear_children() {
  while (!children_.empty()) remove_child(children_.back().get());
}

Window* Widget::window() const {
  const Widget* w = this;
  while (w != nullptr && w->kind_ != WidgetKind::kWindow && w->kind_ != WidgetKind::kPopupList)
    w = w->parent_;
  if (w == nullptr || w->kind_ != WidgetKind::kWindow) return nullptr;
  return const_cast<Window*>(static_cast<const Window*>(w));
}

Desktop* Widget::desktop() const {
  const Widget* w = this;
  while (w->parent_ != nullptr) w = w->parent_;
  if (w->kind_ == WidgetKind::kWindow) return static_cast<const Window*>(w)->desktop_;
  if (w->kind_ == WidgetKind::kPopupList) return static_cast<const PopupList*>(w)->desktop_;
  return nullptr;
}

void Widget::changed() {
  if (Desktop* d = desktop()) d->mark_dirty();
}

Rect Widget::screen_rect() const {
  Rect r = rect;
  for (const Widget* p = parent_; p != nullptr; p = p->parent_) {
    Point offset = p->content_offset();
    r.x += p->rect.x + offset.x;
    r.y += p->rect.y + offset.y;
  }
  return r;
}

Rect Widget::visible_screen_rect() const {
  Rect r = screen_rect();
  for (const Widget* p = parent_; p != nullptr; p = p->parent_) {
    Rect clip = p->child_clip();
    if (!clip.empty()) {
      Rect parent_screen = p->screen_rect();
      r = r.intersect(clip.translated({parent_screen.x, parent_screen.y}));
    }
  }
  if (Desktop* d = desktop()) r = r.intersect(d->work_area());
  return r;
}

bool Widget::shown(double min_fraction) const {
  for (const Widget* w = this; w != nullptr; w = w->parent_)
    if (!w->visible) return false;
  Rect full = screen_rect();
  if (full.empty()) return false;
  Rect seen = visible_screen_rect();
  double fraction = double(seen.width) * seen.height / (double(full.width) * full.height);
  return fraction >= min_fraction;
}

Widget* Widget::find(std::string_view name) {
  if (name_ == name) return this;
  for (auto& c : children_)
    if (Widget* w = c->find(name)) return w;
  return nullptr;
}

void Panel::paint(Painter& p) {
  const Theme& t = p.style.theme;
  if (draw_background) {
    Color bg = background.a == 0 ? t.list_bg : background;
    if (t.corner_radius > 0) p.canvas.fill_rounded_rect(p.rect, t.corner_radius, bg);
    else p.canvas.fill_rect(p.rect, bg);
  }
  if (draw_border) {
    Rect border = p.rect;
    int caption_h = 0;
    if (!caption.empty()) {
      caption_h = p.style.bold.line_height();
      border.y += caption_h / 2;
      border.height -= caption_h / 2;
    }
    if (t.corner_radius > 0) p.canvas.stroke_rounded_rect(border, t.corner_radius, t.grid_line.mix(t.text, 0.15));
    else p.canvas.stroke_rect(border, t.grid_line.mix(t.text, 0.3));
    if (!caption.empty()) {
      int w = p.style.bold.measure(caption);
      Rect box{p.rect.x + p.style.px(8), p.rect.y, w + p.style.px(8), caption_h};
      p.canvas.fill_rect(box, t.window_bg);
      draw_text_in(p.canvas, p.style.bold, box.inset(0).translated({p.style.px(4), 0}), caption, t.text);
    }
  }
}

const Font& Label::font_for(const Style& style, TextRole role) {
  switch (role) {
    case TextRole::kBold: return style.bold;
    case TextRole::kSmall: return style.small;
    case TextRole::kHeading: return style.heading;
    case TextRole::kMono: return style.mono;
    case TextRole::kMuted: return style.small;
    default: return style.font;
  }
}

Color Label::color_for(const Style& style, TextRole role) {
  switch (role) {
    case TextRole::kMuted: return style.theme.text_muted;
    case TextRole::kDanger: return style.theme.danger;
    case TextRole::kSuccess: return style.theme.success;
    default: return style.theme.text;
  }
}

Size Label::preferred_size(const Style& style) const {
  const Font& font = font_for(style, role);
  if (wrap_width_px > 0) {
    auto lines = wrap_text(font, text_, wrap_width_px);
    return {wrap_width_px, int(lines.size()) * font.line_height()};
  }
  return {font.measure(text_), font.line_height()};
}

void Label::paint(Painter& p) {
  const Font& font = font_for(p.style, role);
  Color color = color_for(p.style, role);
  if (wrap_width_px > 0) {
    int y = p.rect.y + font.ascent();
    for (const auto& line : wrap_text(font, text_, p.rect.width)) {
      font.draw(p.canvas, p.rect.x, y, line, color);
      y += font.line_height();
    }
    return;
  }
  draw_text_in(p.canvas, font, p.rect, text_, color);
}

void Separator::paint(Painter& p) {
  Rect line{p.rect.x, p.rect.y + p.rect.height / 2, p.rect.width, std::max(1, p.style.px(1))};
  p.canvas.fill_rect(line, p.style.theme.grid_line);
}

void Avatar::paint(Painter& p) {
  double r = std::min(p.rect.width, p.rect.height) / 2.0;
  p.canvas.fill_circle(p.rect.x + p.rect.width / 2.0, p.rect.y + p.rect.height / 2.0, r, color_);
  draw_text_in(p.canvas, p.style.small, p.rect, initials_, Color{255, 255, 255, 255}, /*centre=*/true);
}

}  // namespace hemu
