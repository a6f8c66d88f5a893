#include "sim/containers.h"

#include <algorithm>

#include "sim/desktop.h"
#include "sim/lists.h"

namespace hemu {

// ---- ScrollPane ----

ScrollPane::ScrollPane(std::string name) : Widget(WidgetKind::kScrollPane, std::move(name)) {
  content_ = add<Panel>(this->name() + ".content");
}

Size ScrollPane::content_size() const {
  Rect box;
  for (const auto& c : content_->children())
    if (c->visible) box = box.united(c->rect);
  int pad = desktop() != nullptr ? style_of(this).px(12) : 12;
  // Padding below the last row only: a full-width row must not force a horizontal scroll bar.
  return {box.right(), box.bottom() + pad};
}

int ScrollPane::bar_px() const { return style_of(this).px(12); }

bool ScrollPane::needs_vertical() const { return content_size().height > rect.height; }
bool ScrollPane::needs_horizontal() const {
  int width = rect.width - (needs_vertical() ? bar_px() : 0);
  return content_size().width > width;
}

Rect ScrollPane::child_clip() const {
  return {0, 0, rect.width - (needs_vertical() ? bar_px() : 0), rect.height - (needs_horizontal() ? bar_px() : 0)};
}

Rect ScrollPane::viewport_screen_rect() const {
  Rect r = screen_rect();
  Rect clip = child_clip();
  return {r.x, r.y, clip.width, clip.height};
}

Point ScrollPane::max_scroll_px() const {
  Size content = content_size();
  Rect clip = child_clip();
  return {std::max(0, content.width - clip.width), std::max(0, content.height - clip.height)};
}

void ScrollPane::scroll_to(Point px) {
  Point max = max_scroll_px();
  Point next{std::clamp(px.x, 0, max.x), std::clamp(px.y, 0, max.y)};
  if (next == scroll_) return;
  scroll_ = next;
  changed();
}

int ScrollPane::wheel_step_px() const { return style_of(this).px(48); }

void ScrollPane::paint(Painter& p) {
  // The content_ panel paints nothing; the window background shows through.
  content_->rect = {0, 0, std::max(rect.width, content_size().width), std::max(rect.height, content_size().height)};
  const Theme& t = p.style.theme;
  int bar = bar_px();
  if (needs_vertical()) {
    Rect track{p.rect.right() - bar, p.rect.y, bar, child_clip().height};
    p.canvas.fill_rect(track, t.scrollbar_track);
    int content_h = content_size().height;
    int thumb_h = std::max(p.style.px(24), track.height * track.height / std::max(1, content_h));
    int thumb_y = track.y + (track.height - thumb_h) * scroll_.y / std::max(1, max_scroll_px().y);
    p.canvas.fill_rounded_rect({track.x + p.style.px(2), thumb_y, bar - p.style.px(4), thumb_h}, p.style.px(4),
                               t.scrollbar_thumb);
  }
  if (needs_horizontal()) {
    Rect track{p.rect.x, p.rect.bottom() - bar, child_clip().width, bar};
    p.canvas.fill_rect(track, t.scrollbar_track);
    int content_w = content_size().width;
    int thumb_w = std::max(p.style.px(24), track.width * track.width / std::max(1, content_w));
    int thumb_x = track.x + (track.width - thumb_w) * scroll_.x / std::max(1, max_scroll_px().x);
    p.canvas.fill_rounded_rect({thumb_x, track.y + p.style.px(2), thumb_w, bar - p.style.px(4)}, p.style.px(4),
                               t.scrollbar_thumb);
  }
}

bool ScrollPane::on_mouse_down(const MouseEvent& e) {
  Rect r = screen_rect();
  Rect clip = child_clip();
  if (needs_vertical() && e.position.x >= r.x + clip.width && e.position.y < r.y + clip.height) {
    int track_h = clip.height;
    int content_h = content_size().height;
    int thumb_h = std::max(style_of(this).px(24), track_h * track_h / std::max(1, content_h));
    int thumb_y = r.y + (track_h - thumb_h) * scroll_.y / std::max(1, max_scroll_px().y);
    if (e.position.y >= thumb_y && e.position.y < thumb_y + thumb_h) {
      drag_grab_ = e.position.y - thumb_y;
    } else {
      // Page up or down toward the press, like most toolkits.
      int page = clip.height * 9 / 10;
      scroll_to({scroll_.x, scroll_.y + (e.position.y < thumb_y ? -page : page)});
    }
    return true;
  }
  if (needs_horizontal() && e.position.y >= r.y + clip.height) {
    int page = clip.width * 9 / 10;
    int content_w = content_size().width;
    int thumb_x = r.x + (clip.width - std::max(1, clip.width * clip.width / std::max(1, content_w))) * scroll_.x /
                            std::max(1, max_scroll_px().x);
    scroll_to({scroll_.x + (e.position.x < thumb_x ? -page : page), scroll_.y});
    return true;
  }
  return false;
}

void ScrollPane::on_mouse_drag(const MouseEvent& e) {
  if (drag_grab_ < 0) return;
  Rect r = screen_rect();
  int track_h = child_clip().height;
  int content_h = content_size().height;
  int thumb_h = std::max(style_of(this).px(24), track_h * track_h / std::max(1, content_h));
  int travel = std::max(1, track_h - thumb_h);
  int thumb_y = e.position.y - drag_grab_ - r.y;
  scroll_to({scroll_.x, int(int64_t(thumb_y) * max_scroll_px().y / travel)});
}

bool ScrollPane::on_wheel(Point, int notches_down, int notches_right) {
  Point before = scroll_;
  scroll_to({scroll_.x + notches_right * wheel_step_px(), scroll_.y + notches_down * wheel_step_px()});
  return scroll_ != before;
}

// ---- Tabs ----

Panel* Tabs::add_page(const std::string& page_name, const std::string& title) {
  titles_.push_back(title);
  Panel* page = add<Panel>(page_name);
  page->visible = pages_.empty();
  pages_.push_back(page);
  return page;
}

int Tabs::header_height_px() const {
  const Style& s = style_of(this);
  return std::max(s.px(30), s.font.line_height() + s.px(12));
}

void Tabs::layout_pages() {
  int h = header_height_px();
  for (Panel* page : pages_) page->rect = {0, h, rect.width, rect.height - h};
}

std::string Tabs::text() const { return titles_.empty() ? "" : titles_[size_t(selected_)]; }

void Tabs::select(int index) {
  if (index < 0 || index >= tab_count() || index == selected_) return;
  selected_ = index;
  for (int i = 0; i < tab_count(); ++i) pages_[size_t(i)]->visible = i == selected_;
  changed();
  if (Desktop* d = desktop()) d->record_event("tab:" + name() + ":" + titles_[size_t(index)]);
  if (on_change) on_change(index);
}

Rect Tabs::tab_screen_rect(int i) const {
  const Style& s = style_of(this);
  Rect r = screen_rect();
  int x = r.x;
  for (int k = 0; k < i; ++k) x += s.font.measure(titles_[size_t(k)]) + s.px(28);
  return {x, r.y, s.font.measure(titles_[size_t(i)]) + s.px(28), header_height_px()};
}

void Tabs::paint(Painter& p) {
  const Theme& t = p.style.theme;
  int h = header_height_px();
  p.canvas.fill_rect({p.rect.x, p.rect.y + h - 1, p.rect.width, std::max(1, p.style.px(1))}, t.window_border);
  for (int i = 0; i < tab_count(); ++i) {
    Rect tab = tab_screen_rect(i);
    bool sel = i == selected_;
    if (sel) {
      p.canvas.fill_rect(tab, t.window_bg);
      p.canvas.stroke_rect(tab, t.window_border);
      p.canvas.fill_rect({tab.x + 1, tab.bottom() - 1, tab.width - 2, std::max(1, p.style.px(1))}, t.window_bg);
      if (!t.bevel) p.canvas.fill_rect({tab.x, tab.y, tab.width, std::max(2, p.style.px(3))}, t.accent);
    } else {
      p.canvas.fill_rect(tab.inset(1), t.header_bg);
    }
    draw_text_in(p.canvas, sel ? p.style.bold : p.style.font, tab, titles_[size_t(i)], sel ? t.text : t.text_muted,
                 /*centre=*/true);
  }
}

bool Tabs::on_mouse_down(const MouseEvent& e) {
  for (int i = 0; i < tab_count(); ++i)
    if (tab_screen_rect(i).contains(e.position)) {
      select(i);
      return true;
    }
  return false;
}

// ---- MenuBar ----

Size MenuBar::preferred_size(const Style& s) const { return {s.px(400), std::max(s.px(26), s.font.line_height() + s.px(8))}; }

Rect MenuBar::title_screen_rect(int i) const {
  const Style& s = style_of(this);
  Rect r = screen_rect();
  int x = r.x + s.px(4);
  for (int k = 0; k < i; ++k) x += s.font.measure(menus[size_t(k)].title) + s.px(20);
  return {x, r.y, s.font.measure(menus[size_t(i)].title) + s.px(20), r.height};
}

int MenuBar::open_menu() const {
  Desktop* d = desktop();
  if (d == nullptr || d->popup() == nullptr || d->popup()->owner != this) return -1;
  for (int i = 0; i < int(menus.size()); ++i)
    if (d->popup()->items == menus[size_t(i)].items && d->popup_anchor().x == title_screen_rect(i).x) return i;
  return -1;
}

void MenuBar::paint(Painter& p) {
  const Theme& t = p.style.theme;
  p.canvas.fill_rect(p.rect, t.header_bg);
  p.canvas.fill_rect({p.rect.x, p.rect.bottom() - 1, p.rect.width, 1}, t.grid_line);
  int open = open_menu();
  for (int i = 0; i < int(menus.size()); ++i) {
    Rect title = title_screen_rect(i);
    if (i == open) p.canvas.fill_rect(title, t.selection_bg);
    draw_text_in(p.canvas, p.style.font, title, menus[size_t(i)].title, i == open ? t.selection_text : t.text,
                 /*centre=*/true);
  }
}

void MenuBar::open(int i) {
  Desktop* d = desktop();
  auto popup = std::make_unique<PopupList>(menus[size_t(i)].items, [this, i](int item) {
    if (Desktop* dd = desktop())
      dd->record_event("menu:" + menus[size_t(i)].title + "/" + menus[size_t(i)].items[size_t(item)]);
    if (on_item) on_item(i, item);
  });
  popup->owner = this;
  d->open_popup(std::move(popup), title_screen_rect(i));
}

bool MenuBar::on_mouse_down(const MouseEvent& e) {
  for (int i = 0; i < int(menus.size()); ++i)
    if (title_screen_rect(i).contains(e.position)) {
      if (open_menu() == i) desktop()->close_popup();
      else open(i);
      return true;
    }
  return true;
}

}  // namespace hemu
