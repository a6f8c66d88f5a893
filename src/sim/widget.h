// Widget: the retained widget tree of the embedded desktop.
//
// Every widget has a name (unique within its task, used by experts and tests — never shown to a
// policy), a kind, a rectangle in pixels relative to its parent's content origin, and children.
// Widgets paint themselves through a Painter and react to mouse and keyboard events that the
// Desktop routes to them. Coordinates passed to event handlers are screen pixels.
// Ownership: a parent owns its children (unique_ptr); raw pointers to widgets stay valid for the
// life of the Desktop unless the widget is removed explicitly. Not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/action.h"
#include "core/geometry.h"
#include "sim/canvas.h"
#include "sim/theme.h"

namespace hemu {

class Desktop;
class Window;

enum class WidgetKind {
  kPanel, kLabel, kButton, kLink, kTextField, kTextArea, kCheckbox, kRadio, kDropdown, kListBox,
  kTable, kTabs, kMenuBar, kPopupList, kSlider, kScrollPane, kWindow, kDraggable, kDropZone,
  kProgress, kAvatar, kSeparator,
};
const char* widget_kind_name(WidgetKind kind);

enum class MouseButton { kLeft = 1, kMiddle = 2, kRight = 3 };

struct MouseEvent {
  Point position;      // screen pixels
  MouseButton button = MouseButton::kLeft;
  int click_count = 1; // 2 for the second press of a double click
  bool ctrl = false;
  bool shift = false;
};

// What a widget paints with: the canvas, the style, and its own rectangle on screen.
struct Painter {
  Canvas& canvas;
  const Style& style;
  Rect rect;           // the widget's rectangle in screen pixels
  bool focused = false;
  bool hovered = false;
};

// The style of the desktop `widget` is attached to (HEMU_CHECKs that it is attached).
const Style& style_of(const class Widget* widget);

// Text helpers shared by widgets.
// Baseline y that centres `font`'s line box vertically in `box`.
int centred_baseline(const Font& font, const Rect& box);
// `text` as draw_text_in shows it in a box `width_px` wide: whole, or elided with "…" when too wide.
std::string fitted_text(const Font& font, std::string_view text, int width_px);
// Draws `text` vertically centred in `box`, left-aligned at box.x (or centred when `centre`).
void draw_text_in(Canvas& canvas, const Font& font, const Rect& box, std::string_view text, Color color,
                  bool centre = false);
// Word-wraps `text` to `width_px`; honours '\n'.
std::vector<std::string> wrap_text(const Font& font, std::string_view text, int width_px);

class Widget {
 public:
  Widget(WidgetKind kind, std::string name);
  virtual ~Widget();
  Widget(const Widget&) = delete;
  Widget& operator=(const Widget&) = delete;

  WidgetKind kind() const { return kind_; }
  const std::string& name() const { return name_; }

  Rect rect;             // pixels, relative to the parent's content origin
  bool visible = true;
  bool enabled = true;

  Widget* parent() const { return parent_; }
  const std::vector<std::unique_ptr<Widget>>& children() const { return children_; }
  template <typename T, typename... Args>
  T* add(Args&&... args) {
    auto child = std::make_unique<T>(std::forward<Args>(args)...);
    T* raw = child.get();
    adopt(std::move(child));
    return raw;
  }
  void adopt(std::unique_ptr<Widget> child);
  void remove_child(Widget* child);
  void clear_children();

  // The Desktop this widget is attached to (through its window), or nullptr.
  Desktop* desktop() const;
  Window* window() const;

  // Rectangle on screen (ancestors' positions and scroll offsets applied).
  Rect screen_rect() const;
  // The part of screen_rect() not clipped away by ancestors (scroll panes, window bounds).
  Rect visible_screen_rect() const;
  // True when visible, all ancestors visible, and at least `min_fraction` of it is unclipped.
  bool shown(double min_fraction = 0.999) const;
  // Depth-first search by name (this widget included).
  Widget* find(std::string_view name);

  // Text this widget shows (label, button caption, field value); empty for containers.
  virtual std::string text() const { return {}; }
  // Natural size in pixels for layout helpers.
  virtual Size preferred_size(const Style& style) const { return rect.size(); }
  virtual bool focusable() const { return false; }
  // Child content origin offset (scroll panes return minus their scroll position).
  virtual Point content_offset() const { return {0, 0}; }
  // Area children are clipped to, relative to this widget's rect origin; empty = no clipping.
  virtual Rect child_clip() const { return {}; }

  virtual void paint(Painter& painter) {}
  // Events return true when handled (unhandled wheel events bubble to the parent).
  virtual bool on_mouse_down(const MouseEvent& event) { return false; }
  virtual void on_mouse_up(const MouseEvent& event) {}
  // Pointer moved while this widget holds the mouse capture (a button is down after on_mouse_down).
  virtual void on_mouse_drag(const MouseEvent& event) {}
  virtual bool on_wheel(Point position, int notches_down, int notches_right) { return false; }
  virtual bool on_key(const KeyCombo& key) { return false; }
  virtual bool on_text(std::string_view utf8) { return false; }
  virtual void on_focus_changed(bool focused) {}

 protected:
  // Called when a value changes so the desktop repaints (and tasks observing it can react).
  void changed();

 private:
  friend class Desktop;
  WidgetKind kind_;
  std::string name_;
  Widget* parent_ = nullptr;
  std::vector<std::unique_ptr<Widget>> children_;
};

// A plain container; optionally draws a background and border (group boxes, cards).
class Panel : public Widget {
 public:
  explicit Panel(std::string name = "") : Widget(WidgetKind::kPanel, std::move(name)) {}
  bool draw_background = false;
  bool draw_border = false;
  Color background{0, 0, 0, 0};  // used when draw_background; alpha 0 means the theme's list_bg
  std::string caption;  // group-box caption drawn on the top border
  void paint(Painter& painter) override;
};

enum class TextRole { kBody, kBold, kSmall, kHeading, kMuted, kMono, kDanger, kSuccess };

class Label : public Widget {
 public:
  Label(std::string name, std::string text, TextRole role = TextRole::kBody)
      : Widget(WidgetKind::kLabel, std::move(name)), role(role), text_(std::move(text)) {}
  std::string text() const override { return text_; }
  void set_text(std::string text) { text_ = std::move(text); changed(); }
  TextRole role;
  int wrap_width_px = 0;  // > 0: wrap to this width
  Size preferred_size(const Style& style) const override;
  void paint(Painter& painter) override;
  static const Font& font_for(const Style& style, TextRole role);
  static Color color_for(const Style& style, TextRole role);

 private:
  std::string text_;
};

class Separator : public Widget {
 public:
  explicit Separator(std::string name = "") : Widget(WidgetKind::kSeparator, std::move(name)) {}
  void paint(Painter& painter) override;
};

// A coloured circle with initials (contact pictures: distractors with no text to read).
class Avatar : public Widget {
 public:
  Avatar(std::string name, std::string initials, Color color)
      : Widget(WidgetKind::kAvatar, std::move(name)), initials_(std::move(initials)), color_(color) {}
  void paint(Painter& painter) override;

 private:
  std::string initials_;
  Color color_;
};

}  // namespace hemu
