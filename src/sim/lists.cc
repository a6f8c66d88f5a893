#include "sim/lists.h"

#include <algorithm>

#include "sim/desktop.h"

namespace hemu {

// ---- RowList ----

int RowList::row_height_px() const {
  const Style& s = style_of(this);
  return std::max(s.px(24), s.font.line_height() + s.px(6));
}

int RowList::max_scroll_px() const {
  int content = row_count() * row_height_px();
  return std::max(0, content - (rect.height - header_height_px()));
}

void RowList::scroll_to(int px) {
  int clamped = std::clamp(px, 0, max_scroll_px());
  if (clamped != scroll_px_) {
    scroll_px_ = clamped;
    changed();
  }
}

Rect RowList::viewport_screen_rect() const {
  Rect r = screen_rect();
  int scrollbar = max_scroll_px() > 0 ? style_of(this).px(12) : 0;
  return {r.x, r.y + header_height_px(), r.width - scrollbar, r.height - header_height_px()};
}

Rect RowList::row_screen_rect(int i) const {
  Rect v = viewport_screen_rect();
  int h = row_height_px();
  return {v.x, v.y + i * h - scroll_px_, v.width, h};
}

bool RowList::row_fully_visible(int i) const {
  return viewport_screen_rect().intersect(visible_screen_rect()).contains(row_screen_rect(i));
}

int RowList::row_at(Point p) const {
  Rect v = viewport_screen_rect();
  if (!v.contains(p)) return -1;
  int i = (p.y - v.y + scroll_px_) / row_height_px();
  return i < row_count() ? i : -1;
}

bool RowList::on_wheel(Point, int notches_down, int) {
  if (max_scroll_px() == 0) return false;
  int before = scroll_px_;
  scroll_to(scroll_px_ + notches_down * row_height_px() * 3 / 2);
  return scroll_px_ != before;
}

void RowList::paint_scrollbar(Painter& p) const {
  if (max_scroll_px() == 0) return;
  const Theme& t = p.style.theme;
  int w = p.style.px(12);
  Rect track{p.rect.right() - w, p.rect.y + header_height_px(), w, p.rect.height - header_height_px()};
  p.canvas.fill_rect(track, t.scrollbar_track);
  int content = row_count() * row_height_px();
  int thumb_h = std::max(p.style.px(20), track.height * track.height / std::max(1, content));
  int thumb_y = track.y + (track.height - thumb_h) * scroll_px_ / std::max(1, max_scroll_px());
  p.canvas.fill_rounded_rect({track.x + p.style.px(2), thumb_y, w - p.style.px(4), thumb_h}, p.style.px(4),
                             t.scrollbar_thumb);
}

// ---- ListBox ----

bool ListBox::is_selected(int i) const { return std::binary_search(selected.begin(), selected.end(), i); }

Size ListBox::preferred_size(const Style& s) const {
  int widest = 0;
  for (const auto& item : items) widest = std::max(widest, s.font.measure(item));
  int rows = std::min<int>(int(items.size()), 8);
  return {std::max(s.px(180), widest + s.px(32)), rows * std::max(s.px(24), s.font.line_height() + s.px(6)) + 2};
}

void ListBox::paint(Painter& p) {
  const Theme& t = p.style.theme;
  p.canvas.fill_rect(p.rect, t.field_border);
  p.canvas.fill_rect(p.rect.inset(1), t.list_bg);
  p.canvas.push_clip(viewport_screen_rect().inset(1));
  int h = row_height_px();
  int first = scroll_px_ / h, last = std::min(row_count() - 1, (scroll_px_ + p.rect.height) / h);
  for (int i = first; i <= last; ++i) {
    Rect row = row_screen_rect(i);
    bool sel = is_selected(i);
    if (sel) p.canvas.fill_rect(row, t.selection_bg);
    else if (i % 2 == 1) p.canvas.fill_rect(row, t.list_alt_row);
    Rect text_box{row.x + p.style.px(8), row.y, row.width - p.style.px(12), row.height};
    draw_text_in(p.canvas, p.style.font, text_box, items[size_t(i)], sel ? t.selection_text : t.text);
    if (p.focused && i == cursor_) p.canvas.stroke_rect(row, t.accent.with_alpha(160));
  }
  p.canvas.pop_clip();
  paint_scrollbar(p);
}

bool ListBox::on_mouse_down(const MouseEvent& e) {
  int i = row_at(e.position);
  if (i < 0) return true;
  if (multi_select && e.ctrl) {
    auto it = std::lower_bound(selected.begin(), selected.end(), i);
    if (it != selected.end() && *it == i) selected.erase(it);
    else selected.insert(it, i);
  } else if (multi_select && e.shift && cursor_ >= 0) {
    selected.clear();
    for (int k = std::min(cursor_, i); k <= std::max(cursor_, i); ++k) selected.push_back(k);
  } else {
    selected = {i};
  }
  cursor_ = i;
  changed();
  if (on_select) on_select();
  if (e.click_count >= 2 && on_activate) on_activate(i);
  return true;
}

bool ListBox::on_key(const KeyCombo& k) {
  if (row_count() == 0) return false;
  int next = cursor_;
  if (k.key == "Down") next = std::min(row_count() - 1, cursor_ + 1);
  else if (k.key == "Up") next = std::max(0, cursor_ - 1);
  else if (k.key == "Return" && cursor_ >= 0 && on_activate) return on_activate(cursor_), true;
  else if (k.key == "space" && multi_select && cursor_ >= 0) {
    MouseEvent toggle;
    toggle.position = row_screen_rect(cursor_).center();
    toggle.ctrl = true;
    return on_mouse_down(toggle);
  } else return false;
  cursor_ = next;
  if (!k.ctrl) selected = {next};
  if (!row_fully_visible(next)) scroll_to(next * row_height_px() - (rect.height - row_height_px()) / 2);
  changed();
  if (on_select) on_select();
  return true;
}

// ---- PopupList ----

PopupList::PopupList(std::vector<std::string> items_in, std::function<void(int)> choose)
    : RowList(WidgetKind::kPopupList, "popup"), items(std::move(items_in)), on_choose(std::move(choose)) {}

void PopupList::paint(Painter& p) {
  const Theme& t = p.style.theme;
  // A soft shadow, then the border and rows.
  int dx = p.style.px(2), dy = p.style.px(3);
  p.canvas.fill_rect({p.rect.right(), p.rect.y + dy, dx, p.rect.height}, Color{0, 0, 0, 60});
  p.canvas.fill_rect({p.rect.x + dx, p.rect.bottom(), p.rect.width - dx, dy}, Color{0, 0, 0, 60});
  p.canvas.fill_rect(p.rect, t.window_border);
  p.canvas.fill_rect(p.rect.inset(1), t.list_bg);
  p.canvas.push_clip(viewport_screen_rect().inset(1));
  int h = row_height_px();
  int first = scroll_px_ / h, last = std::min(row_count() - 1, (scroll_px_ + p.rect.height) / h);
  for (int i = first; i <= last; ++i) {
    Rect row = row_screen_rect(i);
    bool hi = i == highlighted;
    if (hi) p.canvas.fill_rect(row, t.selection_bg);
    Rect text_box{row.x + p.style.px(8), row.y, row.width - p.style.px(12), row.height};
    draw_text_in(p.canvas, p.style.font, text_box, items[size_t(i)], hi ? t.selection_text : t.text);
  }
  p.canvas.pop_clip();
  paint_scrollbar(p);
}

bool PopupList::on_mouse_down(const MouseEvent& e) {
  int i = row_at(e.position);
  if (i >= 0 && on_choose) {
    auto choose = on_choose;  // the desktop destroys this popup when it closes
    if (desktop_ != nullptr) desktop_->close_popup();
    choose(i);
  }
  return true;
}

bool PopupList::on_key(const KeyCombo& k) {
  if (k.key == "Down") highlighted = std::min(row_count() - 1, highlighted + 1);
  else if (k.key == "Up") highlighted = std::max(0, highlighted - 1);
  else if (k.key == "Return" && highlighted >= 0) {
    auto choose = on_choose;
    int i = highlighted;
    if (desktop_ != nullptr) desktop_->close_popup();
    if (choose) choose(i);
    return true;
  } else if (k.key == "Escape") {
    if (desktop_ != nullptr) desktop_->close_popup();
    return true;
  } else return false;
  if (highlighted >= 0 && !row_fully_visible(highlighted)) scroll_to(highlighted * row_height_px());
  changed();
  return true;
}

// ---- Dropdown ----

std::string Dropdown::text() const {
  return selected_ >= 0 && selected_ < int(options.size()) ? options[size_t(selected_)] : std::string();
}

void Dropdown::select(int index) {
  if (index < -1 || index >= int(options.size()) || index == selected_) return;
  selected_ = index;
  changed();
  if (on_change) on_change(index);
}

bool Dropdown::is_open() const {
  Desktop* d = desktop();
  return d != nullptr && d->popup() != nullptr && d->popup()->owner == this;
}

Size Dropdown::preferred_size(const Style& s) const {
  int widest = s.font.measure(placeholder);
  for (const auto& o : options) widest = std::max(widest, s.font.measure(o));
  return {widest + s.px(44), s.px(28)};
}

void Dropdown::paint(Painter& p) {
  const Theme& t = p.style.theme;
  const Style& s = p.style;
  int radius = t.bevel ? 0 : t.corner_radius;
  p.canvas.fill_rounded_rect(p.rect, radius, p.focused || is_open() ? t.field_focus : t.field_border);
  p.canvas.fill_rounded_rect(p.rect.inset(std::max(1, s.px(1))), std::max(0, radius - 1), t.field_bg);
  Rect text_box{p.rect.x + s.px(8), p.rect.y, p.rect.width - s.px(34), p.rect.height};
  bool has = selected_ >= 0;
  draw_text_in(p.canvas, s.font, text_box, has ? options[size_t(selected_)] : placeholder, has ? t.text : t.placeholder);
  double cx = p.rect.right() - s.px(15), cy = p.rect.y + p.rect.height / 2.0, a = s.px(4);
  p.canvas.fill_triangle(cx - a, cy - a / 2, cx + a, cy - a / 2, cx, cy + a / 2, t.text_muted);
}

void Dropdown::open() {
  Desktop* d = desktop();
  if (d == nullptr || !enabled) return;
  auto popup = std::make_unique<PopupList>(options, [this](int i) { select(i); });
  popup->highlighted = selected_;
  popup->owner = this;
  d->open_popup(std::move(popup), screen_rect());
}

bool Dropdown::on_mouse_down(const MouseEvent& e) {
  if (e.button != MouseButton::kLeft) return true;
  if (is_open()) desktop()->close_popup();
  else open();
  return true;
}

bool Dropdown::on_key(const KeyCombo& k) {
  if (k.key == "Down" && k.alt) return open(), true;
  if (k.key == "space" || k.key == "Return") return open(), true;
  if (k.key == "Down") return select(std::min(int(options.size()) - 1, selected_ + 1)), true;
  if (k.key == "Up") return select(std::max(0, selected_ - 1)), true;
  return false;
}

// ---- Table ----

int Table::header_height_px() const {
  const Style& s = style_of(this);
  return std::max(s.px(26), s.bold.line_height() + s.px(8));
}

std::vector<int> Table::column_x_px(int width) const {
  std::vector<int> edges{0};
  double total = 0;
  for (size_t c = 0; c < columns.size(); ++c) total += c < column_weights.size() ? column_weights[c] : 1.0;
  double acc = 0;
  for (size_t c = 0; c < columns.size(); ++c) {
    acc += c < column_weights.size() ? column_weights[c] : 1.0;
    edges.push_back(int(acc / total * width));
  }
  return edges;
}

Rect Table::cell_screen_rect(int i, int c) const {
  Rect row = row_screen_rect(i);
  auto edges = column_x_px(row.width);
  return {row.x + edges[size_t(c)], row.y, edges[size_t(c) + 1] - edges[size_t(c)], row.height};
}

Size Table::preferred_size(const Style& s) const { return {s.px(480), s.px(240)}; }

void Table::paint(Painter& p) {
  const Theme& t = p.style.theme;
  const Style& s = p.style;
  p.canvas.fill_rect(p.rect, t.field_border);
  p.canvas.fill_rect(p.rect.inset(1), t.list_bg);
  Rect view = viewport_screen_rect();
  auto edges = column_x_px(view.width);
  Rect header{p.rect.x + 1, p.rect.y + 1, p.rect.width - 2, header_height_px() - 1};
  p.canvas.fill_rect(header, t.header_bg);
  for (size_t c = 0; c < columns.size(); ++c) {
    Rect cell{view.x + edges[c] + s.px(8), header.y, edges[c + 1] - edges[c] - s.px(10), header.height};
    draw_text_in(p.canvas, s.bold, cell, columns[c], t.text);
  }
  p.canvas.fill_rect({header.x, header.bottom() - 1, header.width, 1}, t.grid_line);
  p.canvas.push_clip(view.inset(1));
  int h = row_height_px();
  int first = scroll_px_ / h, last = std::min(row_count() - 1, (scroll_px_ + p.rect.height) / h);
  for (int i = first; i <= last; ++i) {
    Rect row = row_screen_rect(i);
    bool sel = i == selected;
    if (sel) p.canvas.fill_rect(row, t.selection_bg);
    else if (i % 2 == 1) p.canvas.fill_rect(row, t.list_alt_row);
    bool bold = size_t(i) < row_bold.size() && row_bold[size_t(i)];
    for (size_t c = 0; c < columns.size() && c < rows[size_t(i)].size(); ++c) {
      Rect cell{row.x + edges[c] + s.px(8), row.y, edges[c + 1] - edges[c] - s.px(10), row.height};
      draw_text_in(p.canvas, bold ? s.bold : s.font, cell, rows[size_t(i)][c], sel ? t.selection_text : t.text);
    }
    p.canvas.fill_rect({row.x, row.bottom() - 1, row.width, 1}, t.grid_line.with_alpha(120));
  }
  p.canvas.pop_clip();
  paint_scrollbar(p);
}

bool Table::on_mouse_down(const MouseEvent& e) {
  int i = row_at(e.position);
  if (i < 0) return true;
  if (selected != i) {
    selected = i;
    changed();
    if (on_select) on_select(i);
  }
  if (e.click_count >= 2 && on_activate) on_activate(i);
  return true;
}

bool Table::on_key(const KeyCombo& k) {
  if (row_count() == 0) return false;
  if (k.key == "Return" && selected >= 0 && on_activate) return on_activate(selected), true;
  int next = selected;
  if (k.key == "Down") next = std::min(row_count() - 1, selected + 1);
  else if (k.key == "Up") next = std::max(0, selected - 1);
  else return false;
  selected = next;
  if (!row_fully_visible(next)) scroll_to(next * row_height_px());
  changed();
  if (on_select) on_select(next);
  return true;
}

}  // namespace hemu
