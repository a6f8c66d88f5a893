#include "sim/expert.h"

#include <algorithm>
#include <cmath>

namespace hemu::expert {

Point aim_point(const Rect& rect) { return rect.center(); }

static Rect visible_part(const Widget* widget, const Rect& screen_rect) {
  return screen_rect.intersect(widget->visible_screen_rect());
}

std::optional<Action> reach_window(Desktop& desktop, const Widget* widget, Point point) {
  if (desktop.popup() != nullptr && desktop.popup()->owner != nullptr &&
      !desktop.popup()->rect.contains(point) && widget->kind() != WidgetKind::kPopupList) {
    // A stray open popup would swallow the click: close it first (Escape, like a person).
    return Action::key("Escape");
  }
  Window* window = widget->window();
  if (window == nullptr) return std::nullopt;
  bool covered = false;
  for (auto it = desktop.windows().rbegin(); it != desktop.windows().rend() && it->get() != window; ++it)
    if ((*it)->visible && (*it)->rect.contains(point)) covered = true;
  if (!covered && window == desktop.active_window()) return std::nullopt;
  if (!covered) return std::nullopt;  // clicking an uncovered inactive window raises it and clicks through
  // Prefer the window's title bar where it is uncovered; else its taskbar button.
  Rect bar = window->title_bar_screen_rect().intersect(desktop.work_area());
  for (int i = 1; i < 8; ++i) {
    Point p{bar.x + bar.width * i / 8, bar.y + bar.height / 2};
    bool hidden = false;
    for (auto it = desktop.windows().rbegin(); it != desktop.windows().rend() && it->get() != window; ++it)
      if ((*it)->rect.contains(p)) hidden = true;
    if (!hidden) return Action::left_click(p);
  }
  Rect button = desktop.taskbar_button_rect(window);
  if (!button.empty()) return Action::left_click(button.center());
  return std::nullopt;
}

// A point inside `viewport` where a wheel event reaches `pane` rather than a scrollable child.
static Point wheel_point(const Desktop& desktop, const Widget* pane, const Rect& viewport) {
  for (int gy = 0; gy < 5; ++gy)
    for (int gx = 0; gx < 5; ++gx) {
      Point p{viewport.x + viewport.width * (2 * gx + 1) / 10, viewport.y + viewport.height * (2 * gy + 1) / 10};
      const Widget* w = desktop.widget_at(p);
      bool blocked = false;
      for (; w != nullptr && w != pane; w = w->parent())
        if (w->kind() == WidgetKind::kListBox || w->kind() == WidgetKind::kTable || w->kind() == WidgetKind::kScrollPane)
          blocked = true;
      if (w == pane && !blocked) return p;
    }
  // Lists cover the whole viewport: wheel over the pane's own scroll bar, as people do.
  Rect full = pane->visible_screen_rect();
  Point bars[] = {{(viewport.right() + full.right()) / 2, viewport.y + viewport.height / 2},
                  {viewport.x + viewport.width / 2, (viewport.bottom() + full.bottom()) / 2}};
  if (viewport.right() < full.right() && desktop.widget_at(bars[0]) == pane) return bars[0];
  if (viewport.bottom() < full.bottom() && desktop.widget_at(bars[1]) == pane) return bars[1];
  return aim_point(viewport);
}

std::optional<Action> scroll_into_view(Desktop& desktop, const Widget* widget, const Rect& screen_rect) {
  Rect target = screen_rect;
  // Row lists scroll their own rows: a row outside the list's viewport needs the list's wheel.
  if (widget->kind() == WidgetKind::kListBox || widget->kind() == WidgetKind::kTable ||
      widget->kind() == WidgetKind::kPopupList) {
    auto* list = static_cast<const RowList*>(widget);
    Rect viewport = list->viewport_screen_rect();
    if (!viewport.contains(target)) {
      Rect seen = viewport.intersect(list->visible_screen_rect());
      if (seen.height >= list->row_height_px()) {
        int step = list->row_height_px() * 3 / 2;
        int delta = target.y < viewport.y ? target.y - viewport.y : target.bottom() - viewport.bottom();
        int notches = std::clamp(int(std::ceil(std::abs(delta) / double(step))), 1, 10);
        return Action::scroll(aim_point(seen), delta < 0 ? ScrollDirection::kUp : ScrollDirection::kDown, notches);
      }
      target = list->screen_rect();  // bring the list itself into view first
    }
  }
  for (const Widget* scroller = widget->parent(); scroller != nullptr; scroller = scroller->parent()) {
    if (scroller->kind() != WidgetKind::kScrollPane) continue;
    auto* pane = static_cast<const ScrollPane*>(scroller);
    Rect viewport = pane->viewport_screen_rect().intersect(pane->visible_screen_rect());
    if (viewport.empty()) continue;
    int step = pane->wheel_step_px();
    Rect want = target;
    // Aim for the whole target, or as much of it as fits with a wheel step to spare: a target
    // wider than that would need an exact scroll position and the wheel would oscillate around it.
    want.height = std::min(want.height, std::max(1, viewport.height - step));
    want.width = std::min(want.width, std::max(1, viewport.width - step));
    Point max = pane->max_scroll_px();
    if (want.y < viewport.y || want.bottom() > viewport.bottom()) {
      int delta = want.y < viewport.y ? want.y - viewport.y : want.bottom() - viewport.bottom();
      int notches = std::clamp(int(std::ceil(std::abs(delta) / double(step))), 1, 10);
      ScrollDirection dir = delta < 0 ? ScrollDirection::kUp : ScrollDirection::kDown;
      if ((delta > 0 && pane->scroll_px().y < max.y) || (delta < 0 && pane->scroll_px().y > 0))
        return Action::scroll(wheel_point(desktop, pane, viewport), dir, notches);
    }
    if (want.x < viewport.x || want.right() > viewport.right()) {
      int delta = want.x < viewport.x ? want.x - viewport.x : want.right() - viewport.right();
      int notches = std::clamp(int(std::ceil(std::abs(delta) / double(step))), 1, 10);
      ScrollDirection dir = delta < 0 ? ScrollDirection::kLeft : ScrollDirection::kRight;
      if ((delta > 0 && pane->scroll_px().x < max.x) || (delta < 0 && pane->scroll_px().x > 0))
        return Action::scroll(wheel_point(desktop, pane, viewport), dir, notches);
    }
  }
  return std::nullopt;
}

Action click_rect(Desktop& desktop, const Widget* widget, const Rect& screen_rect) {
  if (auto a = scroll_into_view(desktop, widget, screen_rect)) {
    // Scrolling needs the pointer over the pane; reach its window first if covered.
    if (auto r = reach_window(desktop, widget, a->coordinate)) return *r;
    return *a;
  }
  Rect seen = visible_part(widget, screen_rect);
  Point p = aim_point(seen.empty() ? screen_rect : seen);
  if (auto r = reach_window(desktop, widget, p)) return *r;
  return Action::left_click(p);
}

Action double_click_rect(Desktop& desktop, const Widget* widget, const Rect& screen_rect) {
  Action a = click_rect(desktop, widget, screen_rect);
  Rect seen = visible_part(widget, screen_rect);
  if (a.type == ActionType::kLeftClick && a.coordinate == aim_point(seen.empty() ? screen_rect : seen))
    a.type = ActionType::kDoubleClick;
  return a;
}

Action click(Desktop& desktop, const Widget* widget) {
  if (widget->kind() == WidgetKind::kCheckbox)
    return click_rect(desktop, widget, static_cast<const Checkbox*>(widget)->box_screen_rect(desktop.style()));
  if (widget->kind() == WidgetKind::kTextField || widget->kind() == WidgetKind::kTextArea) {
    // Aim near the end of the field's text, so the caret lands at the end.
    return click_rect(desktop, widget, widget->screen_rect());
  }
  return click_rect(desktop, widget, widget->screen_rect());
}

std::optional<Action> set_text(Desktop& desktop, TextField* field, const std::string& value) {
  if (field->text() == value) return std::nullopt;
  if (desktop.focus() != field) return click(desktop, field);
  const std::string current = field->text();
  bool prefix = value.compare(0, current.size(), current) == 0;
  if (field->has_selection()) {
    if (field->selected_text() == current && !current.empty()) return Action::type_text(value);
    return Action::key("End");
  }
  if (!current.empty() && !prefix) return Action::key("ctrl+a");
  if (field->caret() != current.size()) return Action::key("End");
  return Action::type_text(value.substr(current.size()));
}

std::optional<Action> set_checked(Desktop& desktop, Checkbox* box, bool checked) {
  if (box->checked() == checked) return std::nullopt;
  return click(desktop, box);
}

std::optional<Action> select_radio(Desktop& desktop, Radio* radio) {
  if (radio->checked()) return std::nullopt;
  Rect r = radio->screen_rect();
  int d = desktop.style().px(15);
  return click_rect(desktop, radio, {r.x + desktop.style().px(2), r.y + (r.height - d) / 2, d, d});
}

std::optional<Action> select_option(Desktop& desktop, Dropdown* dropdown, int index) {
  if (dropdown->selected() == index && !dropdown->is_open()) return std::nullopt;
  if (dropdown->is_open()) {
    PopupList* popup = desktop.popup();
    return click_rect(desktop, popup, popup->row_screen_rect(index));
  }
  return click(desktop, dropdown);
}

std::optional<Action> select_row(Desktop& desktop, ListBox* list, int row) {
  if (list->selected.size() == 1 && list->selected[0] == row) return std::nullopt;
  return click_rect(desktop, list, list->row_screen_rect(row));
}

std::optional<Action> select_table_row(Desktop& desktop, Table* table, int row) {
  if (table->selected == row) return std::nullopt;
  return click_rect(desktop, table, table->row_screen_rect(row));
}

std::optional<Action> select_rows(Desktop& desktop, ListBox* list, const std::vector<int>& rows) {
  std::vector<int> want = rows;
  std::sort(want.begin(), want.end());
  if (list->selected == want) return std::nullopt;
  // First click selects one row alone; later ctrl+clicks toggle the differences. A click that lands
  // on the row is a ctrl+click even when the row is partly clipped (a list wider than its window).
  if (list->selected.empty() || (!want.empty() && !list->is_selected(want[0]) && list->selected.size() > want.size()))
    return click_rect(desktop, list, list->row_screen_rect(want.empty() ? 0 : want[0]));
  for (int r : want)
    if (!list->is_selected(r)) {
      Action a = click_rect(desktop, list, list->row_screen_rect(r));
      if (a.type == ActionType::kLeftClick && list->row_screen_rect(r).contains(a.coordinate)) a.text = "ctrl";
      return a;
    }
  for (int r : list->selected)
    if (!std::binary_search(want.begin(), want.end(), r)) {
      Action a = click_rect(desktop, list, list->row_screen_rect(r));
      if (a.type == ActionType::kLeftClick && list->row_screen_rect(r).contains(a.coordinate)) a.text = "ctrl";
      return a;
    }
  return std::nullopt;
}

std::optional<Action> set_slider(Desktop& desktop, Slider* slider, int value) {
  if (slider->value() == value) return std::nullopt;
  Rect r = slider->screen_rect();
  if (auto a = scroll_into_view(desktop, slider, r)) return *a;
  int cy = r.y + r.height / 2;
  Point from{slider->x_for_value(slider->value()), cy};
  Point to{slider->x_for_value(value), cy};
  if (auto reach = reach_window(desktop, slider, from)) return *reach;
  return Action::drag(from, to);
}

std::optional<Action> select_tab(Desktop& desktop, Tabs* tabs, int index) {
  if (tabs->selected() == index) return std::nullopt;
  return click_rect(desktop, tabs, tabs->tab_screen_rect(index));
}

Action choose_menu_item(Desktop& desktop, MenuBar* bar, int menu, int item) {
  if (bar->open_menu() == menu && desktop.popup() != nullptr)
    return click_rect(desktop, desktop.popup(), desktop.popup()->row_screen_rect(item));
  return click_rect(desktop, bar, bar->title_screen_rect(menu));
}

Action drag_onto(Desktop& desktop, Draggable* item, const Widget* zone) {
  Rect from_rect = item->screen_rect();
  if (auto a = scroll_into_view(desktop, item, from_rect)) return *a;
  Rect to_rect = zone->screen_rect();
  if (auto a = scroll_into_view(desktop, zone, to_rect)) {
    // Both must be visible at once; if the zone needs scrolling the item may scroll away, which
    // the next call handles.
    return *a;
  }
  Point from = aim_point(item->visible_screen_rect());
  if (auto reach = reach_window(desktop, item, from)) return *reach;
  return Action::drag(from, aim_point(zone->visible_screen_rect()));
}

}  // namespace hemu::expert
