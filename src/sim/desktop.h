// Desktop: the embedded synthetic desktop. It owns windows, routes input to widgets, and renders
// everything (wallpaper, windows, popups, taskbar, mouse cursor) into a Frame.
//
// Input arrives as computer-use Actions (apply) or as low-level events (mouse_press, key, ...).
// Rendering is lazy: render() repaints only when something changed since the last render, then
// draws the cursor on a copy. Deterministic: the same construction and inputs give the same pixels.
// Not thread-safe; one thread drives a Desktop (several desktops may live on several threads).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/action.h"
#include "core/frame.h"
#include "core/status.h"
#include "sim/lists.h"
#include "sim/theme.h"
#include "sim/window.h"

namespace hemu {

// Supported screens: 640x480 up to 5120x2880 pixels, UI scale 1 to 2.
inline constexpr Size kMinScreen{640, 480};
inline constexpr Size kMaxScreen{5120, 2880};
Status validate_screen(Size screen, double scale);

// Row bands (bounding boxes of consecutive changed rows) where two same-sized frames differ.
std::vector<Rect> changed_regions(const Frame& before, const Frame& after);

class Desktop {
 public:
  Desktop(Size screen_px, double scale, const Theme& theme);
  ~Desktop();
  Desktop(const Desktop&) = delete;
  Desktop& operator=(const Desktop&) = delete;

  const Style& style() const { return style_; }
  Size screen_size() const { return screen_; }
  double scale() const { return style_.scale; }
  // The screen minus the taskbar: where windows live.
  Rect work_area() const;
  bool show_taskbar = true;
  std::string clock_text = "09:41";  // shown in the taskbar (tasks may set it from the seed)

  // ---- windows ----
  // Creates a window with a client area of `client` pixels, centred in the work area (clamped to
  // fit), raised and active.
  Window* create_window(const std::string& name, const std::string& title, Size client);
  void close_window(Window* window);
  void raise(Window* window);
  Window* active_window() const;
  // Keeps a window inside the work area (shrinking it when it is too large).
  void fit_window(Window* window);
  const std::vector<std::unique_ptr<Window>>& windows() const { return windows_; }
  // A widget by name in any window or the open popup (depth-first, top window first).
  Widget* find(std::string_view name) const;
  template <typename T>
  T* find_as(std::string_view name) const {
    return static_cast<T*>(find(name));
  }
  // The window whose taskbar button is at a point (for experts), and the button's rectangle.
  Rect taskbar_button_rect(const Window* window) const;
  // The window's title as its taskbar button shows it (elided to fit the button).
  std::string taskbar_button_text(const Window* window) const;

  // ---- popups (dropdown lists, menus) ----
  void open_popup(std::unique_ptr<PopupList> popup, const Rect& anchor);
  void close_popup();
  PopupList* popup() const { return popup_.get(); }
  Rect popup_anchor() const { return popup_anchor_; }

  // ---- focus ----
  Widget* focus() const { return focus_; }
  void set_focus(Widget* widget);
  // Moves focus to the next (or previous) focusable, visible widget of the active window.
  void focus_next(bool backwards);

  // ---- input ----
  // Applies one computer-use action. Coordinates outside the screen are refused (nothing happens).
  Status apply(const Action& action);
  void mouse_move(Point position);
  void mouse_press(Point position, MouseButton button, int click_count = 1, bool ctrl = false, bool shift = false);
  void mouse_release(Point position, MouseButton button);
  void wheel(Point position, int notches_down, int notches_right);
  void key(const KeyCombo& combo);
  void text(std::string_view utf8);
  Point cursor() const { return cursor_; }
  // The deepest widget under a screen point (popup first, then windows top-down), or nullptr.
  Widget* widget_at(Point p) const { return hit_test(p); }
  int64_t action_count() const { return action_count_; }

  // ---- output ----
  // Renders the current screen (cursor included) into `frame`, reusing its buffer, and sets
  // frame.damage to what changed since the previous render (whole screen after any repaint).
  void render(Frame& frame);
  void mark_dirty() { dirty_ = true; }
  bool dirty() const { return dirty_; }
  bool show_cursor = true;
  // When true, damage after a repaint is the exact changed region (a diff against the previous
  // frame, about one extra frame read) instead of the whole screen. `hemu desktop` uses it so an
  // X client sees which regions really changed.
  bool exact_damage = false;
  // Where render() draws the pointer sprite when the pointer is at `at`.
  Rect cursor_rect(Point at) const;

  // ---- event log for tasks and tests ("click:ok_button", "menu:File/Save", ...) ----
  void record_event(std::string event) { events_.push_back(std::move(event)); }
  const std::vector<std::string>& events() const { return events_; }

  // True when `widget` (compared by address only) is still in the tree.
  bool alive(const Widget* widget) const;
  // Internal: called when a widget is destroyed so dangling focus/hover/capture pointers clear.
  void forget_widget(Widget* widget);

 private:
  Rect taskbar_button_text_rect(const Rect& button) const { return button.inset(style_.px(6)); }
  Widget* hit_test(Point p) const;
  Window* window_at(Point p) const;
  Window* top_modal() const;
  void paint_tree(Canvas& canvas, Widget* widget, const Rect& clip);
  void paint_taskbar(Canvas& canvas);
  void paint_cursor(Frame& frame) const;
  void update_hover(Point p);
  int taskbar_height_px() const;

  Size screen_;
  Style style_;
  std::vector<std::unique_ptr<Window>> windows_;  // bottom to top
  std::unique_ptr<PopupList> popup_;
  Rect popup_anchor_;
  Widget* focus_ = nullptr;
  Widget* hover_ = nullptr;
  Widget* capture_ = nullptr;
  Point cursor_;
  bool dirty_ = true;
  Frame base_;  // last full render without the cursor
  Frame previous_base_;  // the render before, kept only for exact_damage
  bool has_rendered_ = false;
  Point last_rendered_cursor_;
  std::vector<std::string> events_;
  int64_t action_count_ = 0;
};

}  // namespace hemu
