// Expert toolkit: the building blocks of scripted experts.
//
// Each function looks at the desktop's internal state and returns the single next action that
// moves toward a goal ("click this widget", "make this field read X"), or nullopt when the goal
// already holds. Experts are reactive: called again after every action, they recover from
// surprises (a popup that closed, a pane that scrolled). They take care of what a person does
// without thinking: bringing a covered window to the front, scrolling a target into view,
// replacing a field's old text. Experts read internal state; they only make demonstrations.
#pragma once

#include <optional>
#include <string>

#include "core/action.h"
#include "sim/containers.h"
#include "sim/controls.h"
#include "sim/desktop.h"
#include "sim/lists.h"
#include "sim/text_field.h"

namespace hemu::expert {

// The point a person aims at: the centre of the visible part of a rectangle.
Point aim_point(const Rect& rect);

// Brings `widget`'s window to the front (title bar or taskbar click) when it is not the active
// window or is covered where we want to click; nullopt when it is already reachable at `point`.
std::optional<Action> reach_window(Desktop& desktop, const Widget* widget, Point point);
// Scrolls the nearest scrolling ancestor so `screen_rect` (inside `widget`) becomes fully visible;
// nullopt when it already is (or nothing can scroll further).
std::optional<Action> scroll_into_view(Desktop& desktop, const Widget* widget, const Rect& screen_rect);

// Click somewhere inside a widget (or a sub-rectangle of it, e.g. a table row), doing the reach
// and scroll steps first. Always returns an action.
Action click(Desktop& desktop, const Widget* widget);
Action click_rect(Desktop& desktop, const Widget* widget, const Rect& screen_rect);
Action double_click_rect(Desktop& desktop, const Widget* widget, const Rect& screen_rect);

// Makes a text field read `value`: focus it, select old text, type. nullopt when it already does.
std::optional<Action> set_text(Desktop& desktop, TextField* field, const std::string& value);
std::optional<Action> set_checked(Desktop& desktop, Checkbox* box, bool checked);
std::optional<Action> select_radio(Desktop& desktop, Radio* radio);
std::optional<Action> select_option(Desktop& desktop, Dropdown* dropdown, int index);
// Single-select list or table row: scroll to it and click it.
std::optional<Action> select_row(Desktop& desktop, ListBox* list, int row);
std::optional<Action> select_table_row(Desktop& desktop, Table* table, int row);
// Multi-select list: make the selection exactly `rows` (ctrl+click toggles).
std::optional<Action> select_rows(Desktop& desktop, ListBox* list, const std::vector<int>& rows);
std::optional<Action> set_slider(Desktop& desktop, Slider* slider, int value);
std::optional<Action> select_tab(Desktop& desktop, Tabs* tabs, int index);
// Opens `menu` and chooses `item`; returns the next action of that two-step sequence.
Action choose_menu_item(Desktop& desktop, MenuBar* bar, int menu, int item);
// Drags a card onto a drop zone.
Action drag_onto(Desktop& desktop, Draggable* item, const Widget* zone);

}  // namespace hemu::expert
