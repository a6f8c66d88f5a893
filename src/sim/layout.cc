#include "sim/layout.h"

namespace hemu {

Layout::Layout(Desktop& desktop, Panel* panel, Rng& rng, double margin_logical)
    : desktop_(desktop), style_(desktop.style()), panel_(panel), rng_(rng) {
  margin_px_ = px(margin_logical + rng_.uniform_int(-4, 6));
  x_ = margin_px_;
  y_ = margin_px_;
  label_column_px_ = px(100 + rng_.uniform_int(0, 30));
}

void Layout::place(Widget* w, bool inline_row) {
  Size size = w->rect.empty() ? w->preferred_size(style_) : w->rect.size();
  if (inline_row && row_h_ > 0) {
    int gap = px(8 + rng_.uniform_int(0, 8));
    w->rect = {row_right_ + gap, row_y_, size.width, size.height};
    // Vertically centre against the row.
    if (size.height < row_h_) w->rect.y += (row_h_ - size.height) / 2;
    row_h_ = std::max(row_h_, size.height);
    row_right_ = w->rect.right();
  } else {
    if (row_h_ > 0) y_ = row_y_ + row_h_ + px(8 + rng_.uniform_int(0, 6));
    int indent = px(rng_.uniform_int(0, 6));
    row_y_ = y_;
    row_h_ = size.height;
    w->rect = {x_ + indent, row_y_, size.width, size.height};
    row_right_ = w->rect.right();
  }
  max_right_ = std::max(max_right_, row_right_);
}

void Layout::set_width(Widget* w, double width_logical) {
  int delta = px(width_logical) - w->rect.width;
  w->rect.width = px(width_logical);
  if (w->rect.right() - delta == row_right_) row_right_ = w->rect.right();
  max_right_ = std::max(max_right_, w->rect.right());
}

TextField* Layout::field(const std::string& name, const std::string& label, const std::string& placeholder,
                         bool password, double field_width_logical) {
  Label* caption = add<Label>(name + "_label", label);
  TextField* field = panel_->add<TextField>(name, placeholder, password);
  field->rect = {0, 0, px(field_width_logical), field->preferred_size(style_).height};
  caption->rect.height = field->rect.height;
  caption->rect.width = std::max(caption->rect.width, label_column_px_ - px(8));
  place(field, /*inline_row=*/true);
  // Align all fields of a form in one column.
  int column_x = caption->rect.x + std::max(label_column_px_, caption->preferred_size(style_).width + px(10));
  field->rect.x = column_x;
  field->rect.y = row_y_;
  row_right_ = field->rect.right();
  max_right_ = std::max(max_right_, row_right_);
  return field;
}

Size Layout::size() const {
  int bottom = row_y_ + row_h_;
  return {max_right_ + margin_px_, bottom + margin_px_};
}

}  // namespace hemu
