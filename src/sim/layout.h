// Layout: places widgets in a window's content panel top to bottom, in rows, with seeded jitter
// in spacing and indentation so no two episodes share exact positions.
//
//   Layout l(desktop, window->content(), rng);
//   l.add<Label>("title", "Sign in", TextRole::kHeading);
//   auto* user = l.field("user", "Username");            // label + text field on one row
//   auto* ok = l.add<Button>("ok", "Sign in");
//   l.add_inline<Button>("cancel", "Cancel");            // same row, to the right
//   window->set_client_size(l.size());
#pragma once

#include <algorithm>
#include <string>

#include "core/rng.h"
#include "sim/desktop.h"
#include "sim/text_field.h"
#include "sim/widget.h"

namespace hemu {

class Layout {
 public:
  Layout(Desktop& desktop, Panel* panel, Rng& rng, double margin_logical = 16);

  int px(double logical) const { return style_.px(logical); }
  const Style& style() const { return style_; }

  // New row, widget at its preferred size (or `width_logical` wide when > 0).
  template <typename T, typename... Args>
  T* add(Args&&... args) {
    T* w = panel_->add<T>(std::forward<Args>(args)...);
    place(w, /*inline_row=*/false);
    return w;
  }
  // Same row as the previous widget, to its right.
  template <typename T, typename... Args>
  T* add_inline(Args&&... args) {
    T* w = panel_->add<T>(std::forward<Args>(args)...);
    place(w, /*inline_row=*/true);
    return w;
  }
  // Places an existing child of the panel (e.g. one whose size was set by hand).
  void place(Widget* widget, bool inline_row);
  // Sets a widget's width in logical pixels (keeps height) and re-places it on its row.
  void set_width(Widget* widget, double width_logical);
  // A label in the left column and a text field to its right, on a new row.
  TextField* field(const std::string& name, const std::string& label, const std::string& placeholder = "",
                   bool password = false, double field_width_logical = 220);
  // Vertical space before the next row.
  void gap(double logical) { y_ += px(logical); }
  // Width reserved for row labels (the first column of forms), in pixels.
  int label_column_px() const { return label_column_px_; }
  // Bounding size of everything placed, plus margins: the window's client size.
  Size size() const;

 private:
  Desktop& desktop_;
  const Style& style_;
  Panel* panel_;
  Rng& rng_;
  int margin_px_;
  int x_ = 0, y_ = 0;          // next row origin
  int row_y_ = 0, row_h_ = 0;  // current row
  int row_right_ = 0;
  int max_right_ = 0;
  int label_column_px_;
};

}  // namespace hemu
