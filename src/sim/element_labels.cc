#include "sim/element_labels.h"

#include <algorithm>

#include "sim/containers.h"
#include "sim/controls.h"
#include "sim/lists.h"
#include "sim/text_field.h"
#include "sim/window.h"

namespace hemu {

UiElement to_ui_element(const ElementLabel& label) {
  UiElement e;
  e.element_class = label.element_class;
  e.rect = label.rect;
  e.text = label.text;
  e.checked = label.checked;
  e.selected = label.selected;
  e.focused = label.focused;
  e.enabled = label.enabled;
  return e;
}

namespace {

struct Collector {
  const Desktop& desktop;
  int min_px;
  std::vector<ElementLabel> out;

  void add(ElementClass c, const Rect& visible, std::string text, const Widget* w) {
    if (visible.width < min_px || visible.height < min_px) return;
    ElementLabel label;
    label.element_class = c;
    label.rect = visible;
    label.text = std::move(text);
    label.focused = w != nullptr && desktop.focus() == w;
    label.enabled = w == nullptr || w->enabled;
    label.name = w != nullptr ? w->name() : "";
    out.push_back(std::move(label));
  }

  void rows(const RowList* list, const std::vector<std::string>& texts, const std::vector<bool>& selected,
            ElementClass c, const Table* table = nullptr) {
    Rect clip = list->viewport_screen_rect().intersect(list->visible_screen_rect());
    for (int i = 0; i < list->row_count(); ++i) {
      Rect r = list->row_screen_rect(i).intersect(clip);
      if (r.empty()) continue;
      size_t before = out.size();
      add(c, r, texts[size_t(i)], list);
      if (out.size() == before) continue;
      out.back().selected = selected[size_t(i)];
      out.back().focused = false;
      if (table == nullptr) continue;
      const auto& cells = table->rows[size_t(i)];
      for (int k = 0; k < int(cells.size()); ++k) out.back().text_parts.push_back({table->cell_screen_rect(i, k), cells[size_t(k)]});
    }
  }

  void visit(const Widget* w) {
    if (!w->visible) return;
    Rect seen = w->visible_screen_rect();
    switch (w->kind()) {
      case WidgetKind::kButton: add(ElementClass::kButton, seen, w->text(), w); break;
      case WidgetKind::kLink: add(ElementClass::kLink, seen, w->text(), w); break;
      case WidgetKind::kTextField: {
        auto* f = static_cast<const TextField*>(w);
        add(f->password ? ElementClass::kPasswordField : ElementClass::kTextField, seen,
            f->password ? std::string(utf8_length(f->text()), '*') : (f->text().empty() ? f->placeholder : f->text()),
            w);
        break;
      }
      case WidgetKind::kTextArea: add(ElementClass::kTextArea, seen, w->text(), w); break;
      case WidgetKind::kCheckbox:
        add(ElementClass::kCheckbox, seen, w->text(), w);
        if (!out.empty() && out.back().name == w->name()) out.back().checked = static_cast<const Checkbox*>(w)->checked();
        break;
      case WidgetKind::kRadio:
        add(ElementClass::kRadio, seen, w->text(), w);
        if (!out.empty() && out.back().name == w->name()) out.back().checked = static_cast<const Radio*>(w)->checked();
        break;
      case WidgetKind::kDropdown: add(ElementClass::kDropdown, seen, w->text(), w); break;
      case WidgetKind::kSlider: add(ElementClass::kSlider, seen, std::to_string(static_cast<const Slider*>(w)->value()), w); break;
      case WidgetKind::kDraggable: add(ElementClass::kCard, seen, w->text(), w); break;
      case WidgetKind::kDropZone: add(ElementClass::kDropZone, seen, w->text(), w); break;
      case WidgetKind::kLabel: add(ElementClass::kText, seen, w->text(), w); break;
      case WidgetKind::kListBox: {
        auto* list = static_cast<const ListBox*>(w);
        std::vector<bool> sel;
        for (int i = 0; i < list->row_count(); ++i) sel.push_back(list->is_selected(i));
        rows(list, list->items, sel, ElementClass::kRow);
        break;
      }
      case WidgetKind::kTable: {
        auto* table = static_cast<const Table*>(w);
        std::vector<std::string> texts;
        std::vector<bool> sel;
        for (int i = 0; i < table->row_count(); ++i) {
          std::string joined;
          for (const auto& cell : table->rows[size_t(i)]) joined += (joined.empty() ? "" : " | ") + cell;
          texts.push_back(joined);
          sel.push_back(table->selected == i);
        }
        rows(table, texts, sel, ElementClass::kRow, table);
        break;
      }
      case WidgetKind::kTabs: {
        auto* tabs = static_cast<const Tabs*>(w);
        for (int i = 0; i < tabs->tab_count(); ++i) {
          add(ElementClass::kTab, tabs->tab_screen_rect(i).intersect(seen), tabs->title(i), w);
          if (!out.empty() && out.back().name == w->name()) out.back().selected = tabs->selected() == i;
        }
        break;
      }
      case WidgetKind::kMenuBar: {
        auto* bar = static_cast<const MenuBar*>(w);
        for (int i = 0; i < int(bar->menus.size()); ++i)
          add(ElementClass::kMenuTitle, bar->title_screen_rect(i).intersect(seen), bar->menus[size_t(i)].title, w);
        break;
      }
      case WidgetKind::kWindow: {
        auto* window = static_cast<const Window*>(w);
        std::string shown = window->title_shown();
        Rect text_rect = window->title_text_screen_rect();
        text_rect.width = std::min(text_rect.width, desktop.style().title.measure(shown));
        size_t before = out.size();
        add(ElementClass::kWindowTitle, window->title_bar_screen_rect().intersect(desktop.work_area()), shown, w);
        if (out.size() > before) out.back().text_parts.push_back({text_rect, shown});
        break;
      }
      default: break;
    }
    for (const auto& child : w->children()) visit(child.get());
  }
};

}  // namespace

std::vector<ElementLabel> element_labels(const Desktop& desktop, int min_visible_px) {
  Collector c{desktop, min_visible_px, {}};
  for (const auto& window : desktop.windows()) c.visit(window.get());
  if (const PopupList* popup = desktop.popup()) {
    std::vector<bool> sel;
    for (int i = 0; i < popup->row_count(); ++i) sel.push_back(popup->highlighted == i);
    bool menu = popup->owner != nullptr && popup->owner->kind() == WidgetKind::kMenuBar;
    c.rows(popup, popup->items, sel, menu ? ElementClass::kMenuItem : ElementClass::kRow);
  }
  for (const auto& window : desktop.windows()) {
    Rect button = desktop.taskbar_button_rect(window.get());
    if (!button.empty()) c.add(ElementClass::kTaskbarButton, button, desktop.taskbar_button_text(window.get()), nullptr);
  }
  return std::move(c.out);
}

Json element_label_json(const ElementLabel& label) {
  Json j = Json::object();
  j["class"] = element_class_name(label.element_class);
  Json box = Json::array();
  for (int v : {label.rect.x, label.rect.y, label.rect.width, label.rect.height}) box.push_back(v);
  j["box"] = box;
  j["text"] = label.text;
  if (label.checked) j["checked"] = true;
  if (label.selected) j["selected"] = true;
  if (label.focused) j["focused"] = true;
  if (!label.enabled) j["enabled"] = false;
  return j;
}

}  // namespace hemu
