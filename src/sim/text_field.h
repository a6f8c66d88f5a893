// Text entry: single-line fields (plain or password) and multi-line areas.
//
// Editing follows common toolkits: a caret and a selection anchor (byte offsets into UTF-8 text,
// always on code-point boundaries); typing replaces the selection; BackSpace/Delete; Left/Right/
// Home/End move (with shift they extend the selection); ctrl+a selects all; a click places the
// caret, a double click selects all. Enter in a single-line field activates the window's default
// button (through the Desktop).
#pragma once

#include <functional>
#include <string>

#include "sim/widget.h"

namespace hemu {

class TextField : public Widget {
 public:
  TextField(std::string name, std::string placeholder = "", bool password = false)
      : Widget(WidgetKind::kTextField, std::move(name)), placeholder(std::move(placeholder)), password(password) {}

  std::string text() const override { return text_; }
  void set_text(std::string text);
  std::string placeholder;
  bool password;
  size_t max_length = 256;   // in code points
  std::function<void(const std::string&)> on_change;
  std::function<void()> on_enter;  // when set, Return calls it instead of the default button

  size_t caret() const { return caret_; }
  bool has_selection() const { return anchor_ != caret_; }
  std::string selected_text() const;

  Size preferred_size(const Style& style) const override;
  bool focusable() const override { return enabled; }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  void on_mouse_drag(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;
  bool on_text(std::string_view utf8) override;

 protected:
  // What is drawn: the text, or one bullet per code point for passwords.
  std::string display_text() const;
  size_t caret_from_x(int x) const;
  void replace_selection(std::string_view with);
  void set_caret(size_t caret, bool extend);

  std::string text_;
  size_t caret_ = 0;
  size_t anchor_ = 0;
  int scroll_px_ = 0;            // horizontal scroll so the caret stays visible
};

// Multi-line text (email bodies, replies). Return inserts a newline; lines wrap at the width.
class TextArea : public TextField {
 public:
  explicit TextArea(std::string name, std::string placeholder = "");
  Size preferred_size(const Style& style) const override;
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;
  bool on_text(std::string_view utf8) override;
};

// UTF-8 helpers used by text widgets.
size_t utf8_next(std::string_view text, size_t i);
size_t utf8_prev(std::string_view text, size_t i);
size_t utf8_length(std::string_view text);

}  // namespace hemu
