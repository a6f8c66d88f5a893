// Lists of choices: list boxes (single or multi-select), dropdowns with their popup, and tables.
//
// Rows are painted by the widget itself (not child widgets) so long lists stay cheap. Each keeps a
// scroll offset in pixels; the mouse wheel scrolls it. For experts and tests, every list can tell
// where row i is on screen and whether it is fully visible.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/widget.h"

namespace hemu {

// Shared scrolling-rows logic.
class RowList : public Widget {
 public:
  RowList(WidgetKind kind, std::string name) : Widget(kind, std::move(name)) {}
  virtual int row_count() const = 0;
  // Height of one row in pixels, first row's top relative to the widget (below any header).
  int row_height_px() const;
  virtual int header_height_px() const { return 0; }
  int scroll_px() const { return scroll_px_; }
  int max_scroll_px() const;
  void scroll_to(int px);
  // Screen rectangle of row i (may lie outside the visible area).
  Rect row_screen_rect(int i) const;
  bool row_fully_visible(int i) const;
  // Row under a screen point, or -1.
  int row_at(Point p) const;
  // Screen rectangle of the rows viewport (below the header, left of the scrollbar).
  Rect viewport_screen_rect() const;
  bool on_wheel(Point position, int notches_down, int notches_right) override;

 protected:
  void paint_scrollbar(Painter& p) const;
  int scroll_px_ = 0;
};

class ListBox : public RowList {
 public:
  ListBox(std::string name, std::vector<std::string> items, bool multi_select = false)
      : RowList(WidgetKind::kListBox, std::move(name)), items(std::move(items)), multi_select(multi_select) {}
  std::vector<std::string> items;
  bool multi_select;
  std::vector<int> selected;  // sorted indices
  bool is_selected(int i) const;
  std::function<void()> on_select;
  std::function<void(int)> on_activate;  // double click or Return

  int row_count() const override { return int(items.size()); }
  Size preferred_size(const Style& style) const override;
  bool focusable() const override { return true; }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;

 private:
  int cursor_ = -1;
};

// The floating list a dropdown or menu opens. Owned by the Desktop while open.
class PopupList : public RowList {
 public:
  PopupList(std::vector<std::string> items, std::function<void(int)> on_choose);
  std::vector<std::string> items;
  int highlighted = -1;
  std::function<void(int)> on_choose;  // called with the index; the desktop closes the popup
  Widget* owner = nullptr;             // the dropdown or menu bar that opened it

  int row_count() const override { return int(items.size()); }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;

 private:
  friend class Widget;
  friend class Desktop;
  Desktop* desktop_ = nullptr;
};

class Dropdown : public Widget {
 public:
  Dropdown(std::string name, std::vector<std::string> options, int selected = -1, std::string placeholder = "Select…")
      : Widget(WidgetKind::kDropdown, std::move(name)), options(std::move(options)), placeholder(std::move(placeholder)),
        selected_(selected) {}
  std::vector<std::string> options;
  std::string placeholder;
  int selected() const { return selected_; }
  std::string text() const override;
  void select(int index);
  std::function<void(int)> on_change;
  bool is_open() const;

  Size preferred_size(const Style& style) const override;
  bool focusable() const override { return enabled; }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;

 private:
  void open();
  int selected_;
};

class Table : public RowList {
 public:
  Table(std::string name, std::vector<std::string> columns, std::vector<double> column_weights = {})
      : RowList(WidgetKind::kTable, std::move(name)), columns(std::move(columns)), column_weights(std::move(column_weights)) {}
  std::vector<std::string> columns;
  std::vector<double> column_weights;          // relative widths; empty = equal
  std::vector<std::vector<std::string>> rows;  // rows[i][column]
  std::vector<bool> row_bold;                  // e.g. unread messages
  int selected = -1;
  std::function<void(int)> on_select;
  std::function<void(int)> on_activate;        // double click or Return on a row

  int row_count() const override { return int(rows.size()); }
  int header_height_px() const override;
  // Screen rectangle of a cell (row i, column c).
  Rect cell_screen_rect(int i, int c) const;
  Size preferred_size(const Style& style) const override;
  bool focusable() const override { return true; }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;

 private:
  std::vector<int> column_x_px(int width) const;  // columns+1 edges relative to the widget
};

}  // namespace hemu
