#include "sim/text_field.h"

#include <algorithm>

#include "sim/desktop.h"

namespace hemu {

size_t utf8_next(std::string_view text, size_t i) {
  if (i >= text.size()) return text.size();
  ++i;
  while (i < text.size() && (uint8_t(text[i]) & 0xC0) == 0x80) ++i;
  return i;
}

size_t utf8_prev(std::string_view text, size_t i) {
  if (i == 0) return 0;
  --i;
  while (i > 0 && (uint8_t(text[i]) & 0xC0) == 0x80) --i;
  return i;
}

size_t utf8_length(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); i = utf8_next(text, i)) ++n;
  return n;
}

void TextField::set_text(std::string text) {
  text_ = std::move(text);
  caret_ = anchor_ = text_.size();
  changed();
  if (on_change) on_change(text_);
}

std::string TextField::selected_text() const {
  size_t a = std::min(anchor_, caret_), b = std::max(anchor_, caret_);
  return text_.substr(a, b - a);
}

std::string TextField::display_text() const {
  if (!password) return text_;
  std::string bullets;
  for (size_t i = 0; i < utf8_length(text_); ++i) bullets += "\xE2\x80\xA2";  // U+2022
  return bullets;
}

Size TextField::preferred_size(const Style& s) const { return {s.px(200), s.px(28)}; }

// Maps a byte offset in text_ to a byte offset in display_text() (they differ for passwords).
static size_t display_offset(const std::string& text, size_t offset, bool password) {
  if (!password) return offset;
  return utf8_length(std::string_view(text).substr(0, offset)) * 3;
}

void TextField::paint(Painter& p) {
  const Theme& t = p.style.theme;
  const Style& s = p.style;
  int radius = t.bevel ? 0 : t.corner_radius;
  Color border = p.focused ? t.field_focus : t.field_border;
  p.canvas.fill_rounded_rect(p.rect, radius, border);
  int bw = std::max(1, s.px(p.focused && !t.bevel ? 1.5 : 1));
  p.canvas.fill_rounded_rect(p.rect.inset(bw), std::max(0, radius - 1), enabled ? t.field_bg : t.window_bg);
  Rect inner = p.rect.inset(s.px(6));
  inner.y = p.rect.y;
  inner.height = p.rect.height;

  std::string shown = display_text();
  if (shown.empty() && !p.focused) {
    draw_text_in(p.canvas, s.font, inner, placeholder, t.placeholder);
    return;
  }
  auto carets = s.font.caret_positions(shown);
  // Keep the caret in view: scroll the text horizontally when it runs past the right edge.
  size_t caret_cp = utf8_length(std::string_view(shown).substr(0, display_offset(text_, caret_, password)));
  int caret_x = carets[std::min(caret_cp, carets.size() - 1)];
  if (caret_x - scroll_px_ > inner.width - 2) scroll_px_ = caret_x - inner.width + 2;
  if (caret_x - scroll_px_ < 0) scroll_px_ = caret_x;
  int baseline = centred_baseline(s.font, inner);
  p.canvas.push_clip(inner);
  if (has_selection()) {
    size_t a = std::min(anchor_, caret_), b = std::max(anchor_, caret_);
    size_t a_cp = utf8_length(std::string_view(shown).substr(0, display_offset(text_, a, password)));
    size_t b_cp = utf8_length(std::string_view(shown).substr(0, display_offset(text_, b, password)));
    int x0 = carets[a_cp] - scroll_px_, x1 = carets[b_cp] - scroll_px_;
    int h = s.font.line_height();
    p.canvas.fill_rect({inner.x + x0, baseline - s.font.ascent(), x1 - x0, h},
                       p.focused ? t.selection_bg : t.selection_bg.mix(t.field_bg, 0.5));
  }
  s.font.draw(p.canvas, inner.x - scroll_px_, baseline, shown, t.text);
  if (p.focused && !has_selection()) {
    p.canvas.fill_rect({inner.x + caret_x - scroll_px_, baseline - s.font.ascent(), std::max(1, s.px(1)),
                        s.font.ascent() + s.font.descent()},
                       t.text);
  }
  p.canvas.pop_clip();
}

size_t TextField::caret_from_x(int x) const {
  Desktop* d = desktop();
  if (d == nullptr) return text_.size();
  const Style& s = d->style();
  int local = x - (screen_rect().x + s.px(6)) + scroll_px_;
  auto carets = s.font.caret_positions(display_text());
  size_t best = 0;
  for (size_t i = 0; i < carets.size(); ++i)
    if (std::abs(carets[i] - local) < std::abs(carets[best] - local)) best = i;
  // Code point index -> byte offset in text_.
  size_t offset = 0;
  for (size_t i = 0; i < best && offset < text_.size(); ++i) offset = utf8_next(text_, offset);
  return offset;
}

void TextField::set_caret(size_t caret, bool extend) {
  caret_ = std::min(caret, text_.size());
  if (!extend) anchor_ = caret_;
  changed();
}

void TextField::replace_selection(std::string_view with) {
  size_t a = std::min(anchor_, caret_), b = std::max(anchor_, caret_);
  std::string next = text_.substr(0, a) + std::string(with) + text_.substr(b);
  if (utf8_length(next) > max_length) return;
  text_ = std::move(next);
  caret_ = anchor_ = a + with.size();
  changed();
  if (on_change) on_change(text_);
}

bool TextField::on_mouse_down(const MouseEvent& e) {
  if (!enabled) return true;
  if (e.click_count >= 2) {
    anchor_ = 0;
    caret_ = text_.size();
    changed();
    return true;
  }
  set_caret(caret_from_x(e.position.x), e.shift);
  return true;
}

void TextField::on_mouse_drag(const MouseEvent& e) { set_caret(caret_from_x(e.position.x), /*extend=*/true); }

bool TextField::on_key(const KeyCombo& k) {
  bool plain = !k.ctrl && !k.alt && !k.super;
  if (k.ctrl && !k.alt && k.key == "a") {
    anchor_ = 0;
    caret_ = text_.size();
    changed();
    return true;
  }
  if (!plain) return false;
  if (k.key == "BackSpace") {
    if (!has_selection()) anchor_ = utf8_prev(text_, caret_);
    replace_selection("");
    return true;
  }
  if (k.key == "Delete") {
    if (!has_selection()) anchor_ = utf8_next(text_, caret_);
    replace_selection("");
    return true;
  }
  if (k.key == "Left") {
    set_caret(has_selection() && !k.shift ? std::min(anchor_, caret_) : utf8_prev(text_, caret_), k.shift);
    return true;
  }
  if (k.key == "Right") {
    set_caret(has_selection() && !k.shift ? std::max(anchor_, caret_) : utf8_next(text_, caret_), k.shift);
    return true;
  }
  if (k.key == "Home") return set_caret(0, k.shift), true;
  if (k.key == "End") return set_caret(text_.size(), k.shift), true;
  if (k.key == "Return" && on_enter) {
    on_enter();
    return true;
  }
  return false;
}

bool TextField::on_text(std::string_view utf8) {
  if (!enabled) return false;
  replace_selection(utf8);
  return true;
}

// ---- TextArea ----

TextArea::TextArea(std::string name, std::string placeholder) : TextField(std::move(name), std::move(placeholder)) {
  max_length = 4000;
}

Size TextArea::preferred_size(const Style& s) const { return {s.px(320), s.px(110)}; }

void TextArea::paint(Painter& p) {
  const Theme& t = p.style.theme;
  const Style& s = p.style;
  int radius = t.bevel ? 0 : t.corner_radius;
  p.canvas.fill_rounded_rect(p.rect, radius, p.focused ? t.field_focus : t.field_border);
  p.canvas.fill_rounded_rect(p.rect.inset(std::max(1, s.px(1))), std::max(0, radius - 1), t.field_bg);
  Rect inner = p.rect.inset(s.px(6));
  p.canvas.push_clip(inner);
  auto lines = wrap_text(s.font, text_.empty() ? placeholder : text_, inner.width);
  Color color = text_.empty() ? t.placeholder : t.text;
  int line_h = s.font.line_height();
  // Show the last lines when the text is taller than the box (the caret stays at the end).
  int visible = std::max(1, inner.height / line_h);
  int first = std::max(0, int(lines.size()) - visible);
  int y = inner.y + s.font.ascent();
  for (size_t i = size_t(first); i < lines.size(); ++i, y += line_h) s.font.draw(p.canvas, inner.x, y, lines[i], color);
  if (p.focused) {
    const std::string& last = text_.empty() ? std::string() : lines.back();
    int caret_line = text_.empty() ? 0 : int(lines.size()) - 1 - first;
    int x = inner.x + s.font.measure(last);
    p.canvas.fill_rect({x, inner.y + caret_line * line_h, std::max(1, s.px(1)), line_h}, t.text);
  }
  p.canvas.pop_clip();
}

bool TextArea::on_mouse_down(const MouseEvent& e) {
  // Simplification: clicks put the caret at the end (replies are appended, not edited mid-text).
  if (e.click_count >= 2) {
    anchor_ = 0;
    caret_ = text_.size();
  } else {
    caret_ = anchor_ = text_.size();
  }
  changed();
  return true;
}

bool TextArea::on_key(const KeyCombo& k) {
  if (k.key == "Return" && !k.ctrl && !k.alt) {
    replace_selection("\n");
    return true;
  }
  return TextField::on_key(k);
}

bool TextArea::on_text(std::string_view utf8) { return TextField::on_text(utf8); }

}  // namespace hemu
