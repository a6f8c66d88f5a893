// Simple controls of the embedded desktop: buttons, links, check boxes, radio buttons, sliders,
// progress bars, and draggable cards with drop zones. See widget.h for the common contract.
#pragma once

#include <functional>
#include <string>

#include "sim/widget.h"

namespace hemu {

class Button : public Widget {
 public:
  Button(std::string name, std::string caption) : Widget(WidgetKind::kButton, std::move(name)), caption_(std::move(caption)) {}
  std::string text() const override { return caption_; }
  void set_caption(std::string caption) { caption_ = std::move(caption); changed(); }
  bool primary = false;   // drawn in the accent colour (the window's default action)
  int click_count = 0;    // times activated
  std::function<void()> on_click;

  Size preferred_size(const Style& style) const override;
  bool focusable() const override { return enabled; }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  void on_mouse_up(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;  // space / Return activate
  void activate();

 private:
  std::string caption_;
  bool pressed_ = false;
};

class Link : public Widget {
 public:
  Link(std::string name, std::string caption) : Widget(WidgetKind::kLink, std::move(name)), caption_(std::move(caption)) {}
  std::string text() const override { return caption_; }
  int click_count = 0;
  bool visited = false;
  std::function<void()> on_click;

  Size preferred_size(const Style& style) const override;
  bool focusable() const override { return true; }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;
  void activate();

 private:
  std::string caption_;
};

// A check box with its label; clicking the box or the label toggles it.
class Checkbox : public Widget {
 public:
  Checkbox(std::string name, std::string label, bool checked = false)
      : Widget(WidgetKind::kCheckbox, std::move(name)), label_(std::move(label)), checked_(checked) {}
  std::string text() const override { return label_; }
  bool checked() const { return checked_; }
  void set_checked(bool checked);
  std::function<void(bool)> on_toggle;
  // Screen rectangle of the box itself (what a person aims at).
  Rect box_screen_rect(const Style& style) const;

  Size preferred_size(const Style& style) const override;
  bool focusable() const override { return enabled; }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;

 private:
  std::string label_;
  bool checked_;
};

// A radio button. Radios with the same `group` under the same window are mutually exclusive.
class Radio : public Widget {
 public:
  Radio(std::string name, std::string group, std::string label)
      : Widget(WidgetKind::kRadio, std::move(name)), group(std::move(group)), label_(std::move(label)) {}
  std::string text() const override { return label_; }
  std::string group;
  bool checked() const { return checked_; }
  void select();  // checks this one, unchecks the group's others
  std::function<void()> on_select;

  Size preferred_size(const Style& style) const override;
  bool focusable() const override { return enabled; }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;

 private:
  friend class Desktop;
  std::string label_;
  bool checked_ = false;
};

// A horizontal slider over [minimum, maximum] in steps; shows no number itself (tasks put a label
// beside it). Press on the thumb and drag, press on the track to jump, arrow keys step, Page_Up /
// Page_Down move a page (a tenth of the range, in whole steps), Home / End go to the ends.
class Slider : public Widget {
 public:
  Slider(std::string name, int minimum, int maximum, int value, int step = 1);
  int value() const { return value_; }
  int minimum() const { return minimum_; }
  int maximum() const { return maximum_; }
  int step() const { return step_; }
  // What Page_Up / Page_Down move: a tenth of the range rounded to whole steps, at least one step.
  int page() const;
  void set_value(int value);
  std::function<void(int)> on_change;
  // Screen x of the thumb centre for a value (what an expert aims at), and the track rectangle.
  int x_for_value(int value) const;
  Rect track_screen_rect() const;
  int thumb_radius_px() const;

  Size preferred_size(const Style& style) const override;
  bool focusable() const override { return enabled; }
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  void on_mouse_drag(const MouseEvent& event) override;
  bool on_key(const KeyCombo& key) override;

 private:
  int value_from_x(int x) const;
  int minimum_, maximum_, value_, step_;
  int thumb_radius_px_ = 7;
};

class ProgressBar : public Widget {
 public:
  explicit ProgressBar(std::string name, double fraction = 0.0)
      : Widget(WidgetKind::kProgress, std::move(name)), fraction(fraction) {}
  double fraction;
  void paint(Painter& painter) override;
};

// A card that can be dragged with the mouse and dropped anywhere; it snaps back when released
// outside every DropZone of its window. `dropped_on` names the zone it was last dropped on.
class Draggable : public Widget {
 public:
  Draggable(std::string name, std::string caption)
      : Widget(WidgetKind::kDraggable, std::move(name)), caption_(std::move(caption)) {}
  std::string text() const override { return caption_; }
  std::string dropped_on;
  std::function<void(const std::string& zone)> on_drop;
  Size preferred_size(const Style& style) const override;
  void paint(Painter& painter) override;
  bool on_mouse_down(const MouseEvent& event) override;
  void on_mouse_drag(const MouseEvent& event) override;
  void on_mouse_up(const MouseEvent& event) override;

 private:
  std::string caption_;
  Rect home_;
  Point grab_offset_;
  bool dragging_ = false;
};

class DropZone : public Widget {
 public:
  DropZone(std::string name, std::string caption)
      : Widget(WidgetKind::kDropZone, std::move(name)), caption_(std::move(caption)) {}
  std::string text() const override { return caption_; }
  std::vector<std::string> contents;  // names of draggables dropped here
  void paint(Painter& painter) override;

 private:
  std::string caption_;
};

}  // namespace hemu
