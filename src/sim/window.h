// Window: a top-level window on the embedded desktop, with a title bar and a scrollable client
// area. Tasks add their widgets to content(); when the content is larger than the window (small
// screens, large UI scale) the client area scrolls, so every task stays solvable at every size.
// Windows are owned by the Desktop.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "sim/containers.h"
#include "sim/controls.h"

namespace hemu {

class Window : public Widget {
 public:
  Window(std::string name, std::string title);

  std::string title;
  bool modal = false;              // blocks input to the windows below while open
  Button* default_button = nullptr;  // Return activates it when the focus does not take Return
  Button* cancel_button = nullptr;   // Escape activates it
  // Window-level keyboard shortcuts by canonical combo ("ctrl+s", "Delete").
  std::map<std::string, std::function<void()>> shortcuts;

  ScrollPane* scroll_pane() const { return scroll_; }
  Panel* content() const { return scroll_->content(); }
  int title_bar_height_px() const;
  Rect title_bar_screen_rect() const;
  // Where the title is drawn, and the title as drawn there (elided when the bar is too narrow).
  Rect title_text_screen_rect() const;
  std::string title_shown() const;
  Rect client_screen_rect() const;
  bool active() const;
  // Resizes the client area to `client` pixels (the desktop clamps the window to its work area)
  // and lays out the scroll pane.
  void set_client_size(Size client);
  void layout();

  std::string text() const override { return title; }
  Rect child_clip() const override;
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  void on_mouse_drag(const MouseEvent& event) override;

 private:
  friend class Widget;
  friend class Desktop;
  Desktop* desktop_ = nullptr;
  ScrollPane* scroll_;
  Point drag_grab_{-1, -1};
};

}  // namespace hemu
