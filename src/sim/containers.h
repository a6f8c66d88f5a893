// Containers: scrollable panes, tab views and menu bars.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/widget.h"

namespace hemu {

// A viewport onto `content()`, a Panel as large as its children need. Scroll bars appear only when
// the content is larger than the viewport; the wheel scrolls 3 text lines per notch, the thumb can
// be dragged, a press on the track pages.
class ScrollPane : public Widget {
 public:
  explicit ScrollPane(std::string name);
  Panel* content() const { return content_; }
  // Content size: the bounding box of content()'s children plus padding.
  Size content_size() const;
  Point scroll_px() const { return scroll_; }
  Point max_scroll_px() const;
  void scroll_to(Point px);
  int wheel_step_px() const;
  // Viewport rectangle in screen pixels (excluding scroll bars).
  Rect viewport_screen_rect() const;

  Point content_offset() const override { return {-scroll_.x, -scroll_.y}; }
  Rect child_clip() const override;
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  void on_mouse_drag(const MouseEvent& event) override;
  bool on_wheel(Point position, int notches_down, int notches_right) override;

 private:
  int bar_px() const;
  bool needs_vertical() const;
  bool needs_horizontal() const;
  Panel* content_;
  Point scroll_;
  int drag_grab_ = -1;  // pixel offset of the grab within the vertical thumb, -1 when not dragging
};

// Tabs along the top; each tab owns a page Panel, only the selected page is visible.
class Tabs : public Widget {
 public:
  explicit Tabs(std::string name) : Widget(WidgetKind::kTabs, std::move(name)) {}
  // Adds a page; lay its children out in page coordinates (origin at the page's top-left).
  Panel* add_page(const std::string& page_name, const std::string& title);
  int selected() const { return selected_; }
  void select(int index);
  int tab_count() const { return int(titles_.size()); }
  const std::string& title(int i) const { return titles_[size_t(i)]; }
  Panel* page(int i) const { return pages_[size_t(i)]; }
  Rect tab_screen_rect(int i) const;
  int header_height_px() const;
  std::function<void(int)> on_change;
  // Lays pages out below the header; call after setting rect.
  void layout_pages();

  std::string text() const override;
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;

 private:
  std::vector<std::string> titles_;
  std::vector<Panel*> pages_;
  int selected_ = 0;
};

// A row of menu titles; pressing one opens its items in a popup below.
class MenuBar : public Widget {
 public:
  explicit MenuBar(std::string name) : Widget(WidgetKind::kMenuBar, std::move(name)) {}
  struct Menu {
    std::string title;
    std::vector<std::string> items;
  };
  std::vector<Menu> menus;
  // Called with (menu index, item index) when an item is chosen.
  std::function<void(int, int)> on_item;
  Rect title_screen_rect(int i) const;
  int open_menu() const;  // index of the menu whose popup is open, or -1

  Size preferred_size(const Style& style) const override;
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;

 private:
  void open(int i);
};

}  // namespace hemu
