// Pointer family: precise mouse work: set a slider to a value, drag a card onto a column, scroll a
// long page or list to find one item.
//
// Each task commits with one act (a button, a drop, a double click) that ends the episode: +1 when
// it was the right act on the right thing, -1 otherwise. The experts derive every step from the
// current state (scroll positions, slider values, selections), so they recover from a stray wheel
// notch or an off-by-one drag.
#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "sim/expert.h"
#include "sim/layout.h"
#include "sim/task.h"
#include "sim/vocab.h"

namespace hemu {
namespace {

// The client size for a layout, widened for widgets placed by hand.
Size client_size(const Layout& l, const Panel* panel) {
  Size size = l.size();
  for (const auto& child : panel->children()) {
    size.width = std::max(size.width, child->rect.right() + l.px(16));
    size.height = std::max(size.height, child->rect.bottom() + l.px(16));
  }
  return size;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(uint8_t(c)));
  return s;
}

// ---- slider_value ----

struct SliderSpec {
  const char* label;
  int minimum, maximum, step;
  const char* prefix;
  const char* suffix;
};

const std::vector<SliderSpec>& slider_specs() {
  static const std::vector<SliderSpec> list = {
      {"Volume", 0, 100, 1, "", "%"},         {"Brightness", 0, 100, 1, "", "%"},
      {"Contrast", 0, 100, 5, "", "%"},       {"Font size", 8, 48, 1, "", " pt"},
      {"Zoom", 50, 200, 10, "", "%"},         {"Temperature", 16, 30, 1, "", " °C"},
      {"Screen timeout", 0, 60, 5, "", " min"}, {"Bass", 0, 12, 1, "+", " dB"},
      {"Treble", 0, 12, 1, "+", " dB"},       {"Mouse speed", 1, 20, 1, "", ""},
      {"Opacity", 0, 100, 10, "", "%"},       {"Image quality", 10, 100, 5, "", "%"},
      {"Upload limit", 1, 100, 1, "", " MB"}, {"Reminder", 5, 120, 5, "", " min before"},
      {"Price limit", 0, 500, 25, "$", ""},   {"Line spacing", 10, 30, 1, "", " px"},
      {"Saturation", 0, 100, 1, "", "%"},     {"Playback speed", 50, 200, 25, "", "%"},
      {"Microphone gain", 0, 100, 1, "", "%"}, {"Auto-save every", 1, 30, 1, "", " min"},
  };
  return list;
}

// "Set Brightness to 65%": one to three labelled sliders, each with a live value label; move the
// named one to the value and apply. The others must keep their values.
class SliderValueTask : public BasicTask {
 public:
  SliderValueTask()
      : BasicTask({"slider_value", "pointer",
                   "Set the named slider (reading its live value label) to an exact value and apply", 30, 60,
                   {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    static const std::vector<std::string> titles = {"Display settings", "Sound", "Preferences", "Accessibility",
                                                    "Camera settings", "Thermostat", "Editor settings", "Playback"};
    static const std::vector<std::string> applies = {"Apply", "OK", "Save", "Done", "Save changes"};
    int count = rng.uniform_int(1, 3);
    std::vector<int> specs = rng.sample_indices(int(slider_specs().size()), count);
    target_ = rng.uniform_int(0, count - 1);
    std::string title = rng.pick(titles);
    window_ = desktop.create_window("settings", title, {400, 300});
    Layout l(desktop, window_->content(), rng);
    if (rng.chance(0.7)) l.add<Label>("heading", title, TextRole::kHeading);
    if (rng.chance(0.4)) l.add<Label>("intro", vocab::sentence(rng, rng.uniform_int(4, 7)), TextRole::kMuted);
    double width = rng.uniform_int(190, 250);
    for (int i = 0; i < count; ++i) {
      const SliderSpec& spec = slider_specs()[size_t(specs[size_t(i)])];
      int values = (spec.maximum - spec.minimum) / spec.step;
      int initial = spec.minimum + spec.step * rng.uniform_int(0, values);
      std::string id = std::to_string(i);
      Label* caption = window_->content()->add<Label>("label_" + id, spec.label);
      caption->rect = {0, 0, std::max(l.label_column_px(), caption->preferred_size(l.style()).width + l.px(10)),
                       l.px(24)};
      l.place(caption, false);
      Slider* slider = l.add_inline<Slider>("slider_" + id, spec.minimum, spec.maximum, initial, spec.step);
      l.set_width(slider, width);
      std::string widest = format(spec, spec.maximum);
      Label* value = window_->content()->add<Label>("value_" + id, format(spec, initial), TextRole::kBold);
      value->rect = {0, 0, l.style().bold.measure(widest + "0"), l.px(24)};
      l.place(value, true);
      slider->on_change = [value, spec](int v) { value->set_text(format(spec, v)); };
      sliders_.push_back(slider);
      initial_.push_back(initial);
      specs_.push_back(spec);
    }
    const SliderSpec& spec = specs_[size_t(target_)];
    int values = (spec.maximum - spec.minimum) / spec.step;
    do value_ = spec.minimum + spec.step * rng.uniform_int(0, values);
    while (std::abs(value_ - initial_[size_t(target_)]) < 2 * spec.step);
    if (rng.chance(0.5)) {
      static const std::vector<std::string> boxes = {"Apply to all profiles", "Show advanced options",
                                                     "Sync across devices", "Enable shortcuts"};
      l.add<Checkbox>("option", rng.pick(boxes), rng.chance(0.5));
    }
    l.gap(rng.uniform_int(4, 12));
    bool apply_first = rng.chance(0.5);
    std::string apply_caption = rng.pick(applies);
    auto add_apply = [&](bool first) {
      apply_ = first ? l.add<Button>("apply", apply_caption) : l.add_inline<Button>("apply", apply_caption);
      apply_->primary = true;
      apply_->on_click = [this] { commit(Commit::kApply); };
    };
    auto add_cancel = [&](bool first) {
      cancel_ = first ? l.add<Button>("cancel", "Cancel") : l.add_inline<Button>("cancel", "Cancel");
      cancel_->on_click = [this] { commit(Commit::kCancel); };
    };
    if (apply_first) add_apply(true), add_cancel(false);
    else add_cancel(true), add_apply(false);
    if (rng.chance(0.4)) {
      Button* reset = l.add_inline<Button>("reset", "Restore defaults");
      reset->on_click = [this] {
        for (size_t i = 0; i < sliders_.size(); ++i) sliders_[i]->set_value(initial_[i]);
      };
    }
    window_->default_button = apply_;
    window_->cancel_button = cancel_;
    window_->set_client_size(client_size(l, window_->content()));

    std::string name = "\"" + std::string(spec.label) + "\"", v = format(spec, value_);
    std::string apply = "\"" + apply_caption + "\"";
    switch (rng.uniform_int(0, 2)) {
      case 0: instruction_ = "Set " + name + " to " + v + " and click " + apply + "."; break;
      case 1: instruction_ = "Move the " + name + " slider until it reads " + v + ", then click " + apply + "."; break;
      default: instruction_ = "Adjust " + name + " to exactly " + v + " and press " + apply + "."; break;
    }
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (commit_ == Commit::kCancel) return {true, -1.0, "clicked 'Cancel' instead of applying"};
    if (commit_ == Commit::kNone) return {final, 0.0, "settings not applied"};
    for (size_t i = 0; i < sliders_.size(); ++i)
      if (int(i) != target_ && sliders_[i]->value() != initial_[i])
        return {true, -1.0, std::string("changed '") + specs_[i].label + "', which was to stay " +
                                format(specs_[i], initial_[i])};
    int got = sliders_[size_t(target_)]->value();
    if (got != value_)
      return {true, -1.0, std::string("applied '") + specs_[size_t(target_)].label + "' at " +
                              format(specs_[size_t(target_)], got) + " instead of " +
                              format(specs_[size_t(target_)], value_)};
    return {true, 1.0, "applied the right value"};
  }

  Action expert_action(Desktop& desktop) override {
    for (size_t i = 0; i < sliders_.size(); ++i)
      if (int(i) != target_)
        if (auto a = restore_slider(desktop, sliders_[i], initial_[i])) return *a;
    if (auto a = key_slider(desktop, sliders_[size_t(target_)], value_)) return *a;
    return expert::click(desktop, apply_);
  }

 private:
  enum class Commit { kNone, kApply, kCancel };

  static std::string format(const SliderSpec& spec, int v) { return spec.prefix + std::to_string(v) + spec.suffix; }

  void commit(Commit c) {
    if (commit_ == Commit::kNone) commit_ = c;
  }

  // The other sliders go back to their start values by a drag (only a stray action moves them).
  std::optional<Action> restore_slider(Desktop& desktop, Slider* slider, int value) {
    if (slider->value() == value) return std::nullopt;
    return expert::set_slider(desktop, slider, value);
  }

  // The named slider is set with the keyboard, the way its value label can guide it: a policy
  // sees the label's number and whether it is below or above the instruction's number, but not
  // the slider's range, so it cannot aim a drag at an exact value (the model's drags landed in
  // the middle of the track). The expert clicks the slider's thumb (focus), presses Home (value =
  // minimum), then Page_Up while the label reads less than the goal and Left while it reads more
  // (after the overshoot of the last page). Each decision depends on what the screen shows and
  // on the previous action (a click on the slider is followed by Home); the click needs no exact
  // point, unlike a first version that clicked the track's left end (the model's clicks missed).
  std::optional<Action> key_slider(Desktop& desktop, Slider* slider, int value) {
    if (slider->value() == value) return std::nullopt;
    bool focused = desktop.focus() == slider && desktop.active_window() == window_;
    if (slider->value() == slider->minimum()) home_pending_ = false;
    // Home after the click, and again when the value is far above the goal (a stray drag).
    if (focused && (home_pending_ || slider->value() - value > slider->page())) return Action::key("Home");
    if (focused) return Action::key(slider->value() < value ? "Page_Up" : "Left");
    Rect r = slider->screen_rect();
    if (auto a = expert::scroll_into_view(desktop, slider, r)) return *a;
    Point thumb{slider->x_for_value(slider->value()), r.y + r.height / 2};
    if (auto reach = expert::reach_window(desktop, slider, thumb)) return *reach;
    home_pending_ = true;  // stays until the value is the minimum: asking twice gives one answer
    return Action::left_click(thumb);
  }

  Window* window_ = nullptr;
  std::vector<Slider*> sliders_;
  std::vector<int> initial_;
  std::vector<SliderSpec> specs_;
  int target_ = 0;
  int value_ = 0;
  bool home_pending_ = false;  // the expert clicked the slider: Home comes next
  Button* apply_ = nullptr;
  Button* cancel_ = nullptr;
  Commit commit_ = Commit::kNone;
};

// ---- drag_to_target ----

std::string card_title(Rng& rng) {
  std::string word = rng.pick(vocab::words());
  std::string company = rng.pick(vocab::companies());
  company = company.substr(0, company.find(' '));
  switch (rng.uniform_int(0, 11)) {
    case 0: return "Fix " + word + " bug";
    case 1: return "Update " + word + " page";
    case 2: return "Call " + rng.pick(vocab::first_names());
    case 3: return "Email " + rng.pick(vocab::first_names());
    case 4: return "Review " + word + " plan";
    case 5: return "Plan " + rng.pick(vocab::cities()) + " trip";
    case 6: return "Book " + rng.pick(vocab::cities()) + " hotel";
    case 7: return "Draft " + word + " memo";
    case 8: return "Test " + word + " form";
    case 9: return "Pay " + company + " invoice";
    case 10: return "Order " + lower(rng.pick(vocab::colors())) + " " + word;
    default: return vocab::capitalise(rng.pick(vocab::departments())) + " sync";
  }
}

// A small kanban board: 2-4 columns (drop zones) holding cards; drag the named card onto the named
// column. The first drop onto another column ends the episode; dropping a card back on its own
// column puts it back and changes nothing.
class DragToTargetTask : public BasicTask {
 public:
  DragToTargetTask()
      : BasicTask({"drag_to_target", "pointer", "Drag the named card onto the named column of a kanban board", 12,
                   60, {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    static const std::vector<std::string> column_names = {"To do", "In progress", "Done", "Review", "Blocked",
                                                          "Backlog", "Testing", "Ideas", "Waiting", "Next week"};
    static const std::vector<std::string> boards = {"Sprint board", "Team tasks", "Launch plan", "Release checklist",
                                                    "Home projects", "Marketing board", "Support queue"};
    const Style& s = desktop.style();
    int wanted_columns = rng.uniform_int(2, 4);
    int column_w = s.px(rng.uniform_int(150, 175)), gap = s.px(rng.uniform_int(10, 18));
    // On small screens keep every card within one drag of every column (no auto-scroll while
    // dragging): the distance across the board must fit the window with a wheel step to spare.
    int viewport_w = desktop.work_area().width - s.px(2) - s.px(12);
    int reach_w = viewport_w - s.px(48) - s.px(24);
    int columns = wanted_columns;
    while (columns > 2 && (columns - 1) * (column_w + gap) > reach_w) --columns;
    std::vector<int> names = rng.sample_indices(int(column_names.size()), columns);

    std::string board = rng.pick(boards);
    window_ = desktop.create_window("board", board, {600, 400});
    Layout l(desktop, window_->content(), rng);
    l.add<Label>("heading", board, TextRole::kHeading);
    if (rng.chance(0.6))
      l.add<Label>("subtitle", rng.chance(0.5) ? "Drag cards between columns to update their status."
                                              : vocab::sentence(rng, rng.uniform_int(4, 7)),
                   TextRole::kMuted);
    // Cards per column, then the columns' common height.
    std::vector<int> per_column(static_cast<size_t>(columns));
    int total = 0;
    for (int& n : per_column) total += (n = rng.uniform_int(0, 3));
    if (total < 2) per_column[0] += 2 - total, total = 2;
    int most = *std::max_element(per_column.begin(), per_column.end());
    int card_h = s.px(30), card_gap = s.px(rng.uniform_int(6, 10)), header = s.px(30), pad = s.px(8);
    int column_h = header + std::max(most + 1, 3) * (card_h + card_gap) + pad;
    card_pad_ = pad, card_top_ = header, card_pitch_ = card_h + card_gap;

    Panel* row = window_->content()->add<Panel>("columns");
    row->rect = {0, 0, columns * column_w + (columns - 1) * gap, column_h};
    l.place(row, false);
    std::set<std::string> used;
    for (int c = 0; c < columns; ++c) {
      DropZone* zone = window_->content()->add<DropZone>("zone_" + std::to_string(c), column_names[size_t(names[size_t(c)])]);
      zone->rect = {row->rect.x + c * (column_w + gap), row->rect.y, column_w, column_h};
      zones_.push_back(zone);
    }
    // Cards after the zones, so they paint on top and take the clicks.
    int text_w = column_w - 2 * pad - s.px(24);
    for (int c = 0; c < columns; ++c) {
      for (int k = 0; k < per_column[size_t(c)]; ++k) {
        std::string title;
        for (int tries = 0; tries < 100; ++tries) {
          title = card_title(rng);
          if (!used.count(title) && s.font.measure(title) <= text_w) break;
        }
        used.insert(title);
        Draggable* card = window_->content()->add<Draggable>("card_" + std::to_string(cards_.size()), title);
        card->rect = {zones_[size_t(c)]->rect.x + pad, zones_[size_t(c)]->rect.y + header + k * (card_h + card_gap),
                      column_w - 2 * pad, card_h};
        zones_[size_t(c)]->contents.push_back(card->name());
        int index = int(cards_.size());
        card->on_drop = [this, index](const std::string& zone) { dropped(index, zone); };
        cards_.push_back(card);
        home_zone_.push_back(c);
        home_rect_.push_back(card->rect);
      }
    }
    if (rng.chance(0.5)) {
      Button* add = l.add<Button>("add_card", "+ Add card");
      add->on_click = [] {};
      if (rng.chance(0.5)) l.add_inline<Button>("filter", "Filter");
    }
    window_->set_client_size(client_size(l, window_->content()));

    target_card_ = rng.uniform_int(0, int(cards_.size()) - 1);
    do target_zone_ = rng.uniform_int(0, columns - 1);
    while (target_zone_ == home_zone_[size_t(target_card_)]);
    std::string card = "\"" + cards_[size_t(target_card_)]->text() + "\"";
    std::string zone = "\"" + zones_[size_t(target_zone_)]->text() + "\"";
    switch (rng.uniform_int(0, 2)) {
      case 0: instruction_ = "Drag the card " + card + " to the " + zone + " column."; break;
      case 1: instruction_ = "Move " + card + " into " + zone + " by dragging it."; break;
      default: instruction_ = "On the board, drag " + card + " onto the " + zone + " column."; break;
    }
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (moved_card_ < 0) return {final, 0.0, "no card moved to another column"};
    std::string what = "'" + cards_[size_t(moved_card_)]->text() + "' onto '" + zones_[size_t(moved_zone_)]->text() + "'";
    if (moved_card_ == target_card_ && moved_zone_ == target_zone_) return {true, 1.0, "dropped " + what};
    return {true, -1.0, "dropped " + what + " instead of '" + cards_[size_t(target_card_)]->text() + "' onto '" +
                            zones_[size_t(target_zone_)]->text() + "'"};
  }

  Action expert_action(Desktop& desktop) override {
    Draggable* card = cards_[size_t(target_card_)];
    const DropZone* zone = zones_[size_t(target_zone_)];
    const Style& s = desktop.style();
    Rect c = card->screen_rect(), z = zone->screen_rect();
    Rect viewport = window_->scroll_pane()->viewport_screen_rect();
    int limit = viewport.width - s.px(48);
    // Drop in the column's middle when card and middle fit on screen together; else just inside
    // its near edge.
    int y = std::clamp(c.y + c.height / 2, z.y + s.px(34), z.bottom() - s.px(10));
    Point drop{z.x + z.width / 2, y};
    auto span = [&](Point p) { return c.united({p.x - s.px(4), p.y - s.px(4), s.px(8), s.px(8)}); };
    if (span(drop).width > limit) drop.x = z.x > c.x ? z.x + s.px(14) : z.right() - s.px(14);
    if (auto a = expert::scroll_into_view(desktop, card, span(drop))) {
      if (auto r = expert::reach_window(desktop, card, a->coordinate)) return *r;
      return *a;
    }
    Point from = expert::aim_point(card->visible_screen_rect());
    if (auto r = expert::reach_window(desktop, card, from)) return *r;
    return Action::drag(from, drop);
  }

 private:
  void dropped(int card, const std::string& zone_name) {
    int zone = -1;
    for (size_t i = 0; i < zones_.size(); ++i)
      if (zones_[i]->name() == zone_name) zone = int(i);
    if (zone < 0) return;  // released outside every column: the card snapped back
    if (zone == home_zone_[size_t(card)]) {
      cards_[size_t(card)]->rect = home_rect_[size_t(card)];  // back in its slot
      return;
    }
    if (moved_card_ < 0) {
      moved_card_ = card;
      moved_zone_ = zone;
    }
    // Settle into the column's first free slot, as boards do.
    int slot = 0;
    for (size_t i = 0; i < cards_.size(); ++i)
      if (int(i) != card && home_zone_[i] == zone) ++slot;
    const Rect& z = zones_[size_t(zone)]->rect;
    cards_[size_t(card)]->rect = {z.x + card_pad_, z.y + card_top_ + slot * card_pitch_, home_rect_[size_t(card)].width,
                                  home_rect_[size_t(card)].height};
    home_zone_[size_t(card)] = zone;
    home_rect_[size_t(card)] = cards_[size_t(card)]->rect;
  }

  Window* window_ = nullptr;
  std::vector<DropZone*> zones_;
  std::vector<Draggable*> cards_;
  std::vector<int> home_zone_;
  std::vector<Rect> home_rect_;
  int card_pad_ = 0, card_top_ = 0, card_pitch_ = 0;  // card slots inside a column
  int target_card_ = 0, target_zone_ = 0;
  int moved_card_ = -1, moved_zone_ = -1;
};

// ---- scroll_find_click ----

// A long page of rows (store items, articles, people, files), each with a button; the named row
// is far down. Scroll to it and click its button. Any other button is -1.
class ScrollFindClickTask : public BasicTask {
 public:
  ScrollFindClickTask()
      : BasicTask({"scroll_find_click", "pointer",
                   "Scroll a long page to the named item and click the given button on its row", 25, 90,
                   {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    int variant = rng.uniform_int(0, 3);
    int count = rng.uniform_int(30, 60);
    std::vector<std::string> titles, details;
    std::string page, primary, secondary;
    std::set<std::string> seen;
    auto add_unique = [&](const std::string& t, const std::string& detail) {
      if (!seen.insert(t).second) return;
      titles.push_back(t);
      details.push_back(detail);
    };
    switch (variant) {
      case 0: {
        std::string company = rng.pick(vocab::companies());
        page = company.substr(0, company.find(' ')) + " Shop";
        primary = rng.chance(0.5) ? "Buy" : "Add to cart";
        secondary = "Details";
        count = std::min(count, int(vocab::products().size()) - 5);
        for (int i : rng.sample_indices(int(vocab::products().size()), count))
          add_unique(vocab::products()[size_t(i)],
                     "$" + std::to_string(rng.uniform_int(4, 400)) + "." + (rng.chance(0.5) ? "99" : "49"));
        break;
      }
      case 1:
        page = "Reading list";
        primary = rng.chance(0.5) ? "Open" : "Read";
        secondary = "Save";
        for (int tries = 0; tries < 400 && int(titles.size()) < count; ++tries)
          add_unique(vocab::capitalise(vocab::phrase(rng, rng.uniform_int(2, 4))),
                     "by " + vocab::full_name(rng) + " · " + std::to_string(rng.uniform_int(2, 25)) + " min");
        break;
      case 2:
        page = "People directory";
        primary = rng.chance(0.5) ? "Message" : "Call";
        secondary = "Profile";
        for (int tries = 0; tries < 400 && int(titles.size()) < count; ++tries)
          add_unique(vocab::full_name(rng), rng.pick(vocab::departments()) + ", " + rng.pick(vocab::cities()));
        break;
      default: {
        static const std::vector<std::string> exts = {".pdf", ".xlsx", ".docx", ".zip", ".csv", ".png"};
        page = "Downloads";
        primary = "Download";
        secondary = "Preview";
        for (int tries = 0; tries < 400 && int(titles.size()) < count; ++tries)
          add_unique(rng.pick(vocab::words()) + "_" + rng.pick(vocab::words()) + rng.pick(exts),
                     std::to_string(rng.uniform_int(12, 980)) + (rng.chance(0.5) ? " KB" : " MB"));
        break;
      }
    }
    if (variant == 2 || variant == 3) {
      // Directories and file lists are sorted, like the real ones.
      std::vector<int> order(titles.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
      std::sort(order.begin(), order.end(), [&](int a, int b) { return titles[size_t(a)] < titles[size_t(b)]; });
      std::vector<std::string> t2, d2;
      for (int i : order) t2.push_back(titles[size_t(i)]), d2.push_back(details[size_t(i)]);
      titles.swap(t2);
      details.swap(d2);
    }
    count = int(titles.size());
    bool two_buttons = rng.chance(0.35);
    target_ = rng.uniform_int(count / 2, count - 1);
    target_primary_ = !two_buttons || rng.chance(0.7);

    window_ = desktop.create_window("page", page, {600, 400});
    Layout l(desktop, window_->content(), rng);
    const Style& s = l.style();
    l.add<Label>("heading", page, TextRole::kHeading);
    l.add<Label>("count", std::to_string(count) + " items", TextRole::kMuted);
    l.gap(6);
    Size top = l.size();
    int x0 = l.px(rng.uniform_int(14, 22)), y0 = top.height - l.px(4);
    int title_w = 0, detail_w = 0;
    for (int i = 0; i < count; ++i) {
      title_w = std::max(title_w, s.bold.measure(titles[size_t(i)]));
      detail_w = std::max(detail_w, s.font.measure(details[size_t(i)]));
    }
    int col1 = x0 + title_w + l.px(rng.uniform_int(16, 30));
    int col2 = col1 + detail_w + l.px(rng.uniform_int(16, 30));
    int pitch = l.px(rng.uniform_int(36, 44));
    std::vector<std::string> captions = {primary};
    if (two_buttons) captions.insert(captions.begin(), secondary);
    int buttons_w = 0;
    for (const auto& c : captions) buttons_w += Button("probe", c).preferred_size(s).width + l.px(8);
    // Narrow screens get the mobile layout (title, detail, then the buttons, stacked), so a row's
    // title and buttons are on screen together without sideways scrolling.
    bool stacked = col2 + buttons_w + l.px(16) + l.px(14) > desktop.work_area().width;
    int line_h = s.bold.line_height(), detail_h = s.font.line_height(), button_h = s.px(28);
    if (stacked) pitch = line_h + detail_h + button_h + l.px(rng.uniform_int(16, 22));
    Panel* content = window_->content();
    for (int i = 0; i < count; ++i) {
      std::string id = std::to_string(i);
      int y = y0 + i * pitch;
      Label* title = content->add<Label>("title_" + id, titles[size_t(i)], TextRole::kBold);
      Label* detail = content->add<Label>("detail_" + id, details[size_t(i)], TextRole::kMuted);
      int x = col2, button_y = y + (pitch - button_h) / 2;
      if (stacked) {
        title->rect = {x0, y + l.px(6), title_w, line_h};
        detail->rect = {x0, title->rect.bottom() + l.px(2), detail_w, detail_h};
        x = x0;
        button_y = detail->rect.bottom() + l.px(6);
      } else {
        title->rect = {x0, y, title_w, pitch};
        detail->rect = {col1, y, detail_w, pitch};
      }
      int right = std::max(title->rect.right(), detail->rect.right());
      for (size_t k = 0; k < captions.size(); ++k) {
        Button* b = content->add<Button>("button_" + id + "_" + std::to_string(k), captions[k]);
        Size bs = b->preferred_size(s);
        b->rect = {x, button_y, bs.width, bs.height};
        x = b->rect.right() + l.px(8);
        right = std::max(right, b->rect.right());
        bool is_primary = captions[k] == primary;
        b->on_click = [this, i, is_primary] {
          if (clicked_row_ < 0) clicked_row_ = i, clicked_primary_ = is_primary;
        };
        if (i == target_ && is_primary == target_primary_) {
          target_button_ = b;
          target_label_ = title;
        }
      }
      if (i + 1 < count) {
        Separator* line = content->add<Separator>("line_" + id);
        line->rect = {x0, y + pitch - l.px(1), right - x0, l.px(2)};
      }
    }
    Size full = client_size(l, content);
    // The window shows only a screenful: the page scrolls.
    window_->set_client_size({full.width + l.px(12), std::min(full.height, l.px(rng.uniform_int(360, 440)))});

    std::string name = "\"" + titles[size_t(target_)] + "\"";
    std::string button = "\"" + (target_primary_ ? primary : secondary) + "\"";
    if (rng.chance(0.5))
      instruction_ = "Scroll down to " + name + " and click its " + button + " button.";
    else
      instruction_ = "Find " + name + " in the list and click " + button + " on that row.";
    target_title_ = titles[size_t(target_)];
    titles_ = titles;
    captions_ = {primary, secondary};
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (clicked_row_ < 0) return {final, 0.0, "no button clicked"};
    std::string what = "'" + captions_[clicked_primary_ ? 0 : 1] + "' on '" + titles_[size_t(clicked_row_)] + "'";
    if (clicked_row_ == target_ && clicked_primary_ == target_primary_) return {true, 1.0, "clicked " + what};
    return {true, -1.0, "clicked " + what + " instead of '" + captions_[target_primary_ ? 0 : 1] + "' on '" +
                            target_title_ + "'"};
  }

  Action expert_action(Desktop& desktop) override {
    // Bring the whole row (its title too, as a person reads it) into view, then click.
    Rect row = target_label_->screen_rect().united(target_button_->screen_rect());
    if (auto a = expert::scroll_into_view(desktop, target_label_, row)) return *a;
    return expert::click(desktop, target_button_);
  }

 private:
  Window* window_ = nullptr;
  Button* target_button_ = nullptr;
  Label* target_label_ = nullptr;
  std::vector<std::string> titles_;
  std::vector<std::string> captions_;
  std::string target_title_;
  int target_ = 0;
  bool target_primary_ = true;
  int clicked_row_ = -1;
  bool clicked_primary_ = true;
};

// ---- scroll_list_find ----

// A long list box or table (50-200 rows, sorted, with near-duplicates of the target); find the
// named row and open it: double-click it, or select it and click the open button.
class ScrollListFindTask : public BasicTask {
 public:
  ScrollListFindTask()
      : BasicTask({"scroll_list_find", "pointer",
                   "Scroll a long list or table to the named row and open it (double-click, or select and Open)",
                   45, 90, {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    int variant = rng.uniform_int(0, 2);  // 0 files (list box), 1 contacts (table), 2 orders (table)
    int count = rng.uniform_int(50, 200);
    std::set<std::string> seen;
    std::vector<std::vector<std::string>> rows;  // first column is the key
    auto add_row = [&](std::vector<std::string> row) {
      if (seen.insert(row[0]).second) rows.push_back(std::move(row));
    };
    std::string title, open_caption, noun;
    if (variant == 0) {
      static const std::vector<std::string> exts = {".pdf", ".xlsx", ".docx", ".txt", ".csv", ".pptx"};
      title = "Open file";
      open_caption = "Open";
      noun = "file";
      auto name = [&] {
        return rng.pick(vocab::words()) + (rng.chance(0.5) ? "_" + rng.pick(vocab::words()) : "") +
               (rng.chance(0.4) ? "_" + std::to_string(rng.uniform_int(2015, 2025)) : "") + rng.pick(exts);
      };
      for (int tries = 0; tries < 2000 && int(rows.size()) < count; ++tries) add_row({name()});
    } else if (variant == 1) {
      title = "Contacts";
      open_caption = rng.chance(0.5) ? "Open" : "View";
      noun = "contact";
      for (int tries = 0; tries < 2000 && int(rows.size()) < count; ++tries) {
        std::string n = vocab::full_name(rng);
        add_row({n, vocab::email_for(n, rng), vocab::phone(rng)});
      }
    } else {
      static const std::vector<std::string> statuses = {"Paid", "Shipped", "Pending", "Refunded", "Delivered"};
      title = "Orders";
      open_caption = rng.chance(0.5) ? "Open" : "Details";
      noun = "order";
      std::string prefix = rng.pick(std::vector<std::string>{"ORD-", "SO-", "PO-"});
      for (int tries = 0; tries < 2000 && int(rows.size()) < count; ++tries)
        add_row({prefix + std::to_string(rng.uniform_int(10000, 99999)), vocab::full_name(rng),
                 "$" + std::to_string(rng.uniform_int(5, 2000)) + "." + std::to_string(rng.uniform_int(10, 99)),
                 rng.pick(statuses)});
    }
    std::sort(rows.begin(), rows.end());
    // The target is below the first screenful; near-duplicates sit beside it so it must be read.
    target_key_ = rows[size_t(rng.uniform_int(std::min(15, int(rows.size()) - 1), int(rows.size()) - 1))][0];
    for (int k = rng.uniform_int(1, 3); k > 0; --k) {
      std::vector<std::string> twin = rows[size_t(rng.uniform_int(0, int(rows.size()) - 1))];
      if (variant == 0) {
        static const std::vector<std::string> exts = {".pdf", ".xlsx", ".docx", ".txt", ".csv", ".pptx", ".bak"};
        twin[0] = target_key_.substr(0, target_key_.rfind('.')) + rng.pick(exts);
      } else if (variant == 1) {
        twin[0] = target_key_.substr(0, target_key_.find(' ')) + " " + rng.pick(vocab::last_names());
      } else {
        size_t dash = target_key_.find('-');
        int number = std::stoi(target_key_.substr(dash + 1)) + rng.uniform_int(-9, 9);
        twin[0] = target_key_.substr(0, dash + 1) + std::to_string(number);
      }
      add_row(twin);
    }
    std::sort(rows.begin(), rows.end());
    count = int(rows.size());
    for (int i = 0; i < count; ++i)
      if (rows[size_t(i)][0] == target_key_) target_ = i;
    double_click_ = rng.chance(0.5);

    window_ = desktop.create_window("list_window", title, {500, 400});
    Layout l(desktop, window_->content(), rng);
    if (variant == 0) {
      l.add<Label>("look_in", "Look in: " + vocab::capitalise(rng.pick(vocab::words())) + " / Documents", TextRole::kMuted);
    } else {
      l.add<Label>("heading", title, TextRole::kHeading);
      l.add<Label>("count", std::to_string(count) + " " + noun + "s, sorted by " + (variant == 1 ? "name" : "number"),
                   TextRole::kMuted);
    }
    int list_h = l.px(rng.uniform_int(230, 300));
    if (variant == 0) {
      std::vector<std::string> items;
      for (const auto& r : rows) items.push_back(r[0]);
      list_ = window_->content()->add<ListBox>("files", items);
      list_->rect = {0, 0, l.px(rng.uniform_int(240, 300)), list_h};
      l.place(list_, false);
      list_->on_select = [this] { open_->enabled = !list_->selected.empty(); };
      list_->on_activate = [this](int row) { open(row); };
    } else {
      std::vector<std::string> columns = variant == 1 ? std::vector<std::string>{"Name", "Email", "Phone"}
                                                      : std::vector<std::string>{"Order", "Customer", "Total", "Status"};
      std::vector<double> weights = variant == 1 ? std::vector<double>{1.3, 2.0, 1.0}
                                                 : std::vector<double>{1.0, 1.4, 0.9, 0.9};
      table_ = window_->content()->add<Table>("table", columns, weights);
      table_->rows = rows;
      table_->rect = {0, 0, l.px(variant == 1 ? 520 : 460), list_h};
      l.place(table_, false);
      table_->on_select = [this](int) { open_->enabled = table_->selected >= 0; };
      table_->on_activate = [this](int row) { open(row); };
    }
    bool open_first = rng.chance(0.5);
    auto add_open = [&](bool first) {
      open_ = first ? l.add<Button>("open", open_caption) : l.add_inline<Button>("open", open_caption);
      open_->primary = true;
      open_->enabled = false;
      open_->on_click = [this] { open(selected()); };
    };
    auto add_cancel = [&](bool first) {
      cancel_ = first ? l.add<Button>("cancel", "Cancel") : l.add_inline<Button>("cancel", "Cancel");
      cancel_->on_click = [this] {
        if (!cancelled_ && opened_ < 0) cancelled_ = true;
      };
    };
    if (open_first) add_open(true), add_cancel(false);
    else add_cancel(true), add_open(false);
    window_->default_button = open_;
    window_->cancel_button = cancel_;
    window_->set_client_size(client_size(l, window_->content()));

    std::string key = "\"" + target_key_ + "\"";
    std::string button = "\"" + open_caption + "\"";
    if (rng.chance(0.5))
      instruction_ = "Open the " + noun + " " + key + ": find it in the list and double-click it (or select it and click " +
                     button + ").";
    else
      instruction_ = "Scroll to the " + noun + " " + key + ", select it and click " + button + ".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (cancelled_) return {true, -1.0, "clicked 'Cancel'"};
    if (opened_ < 0) return {final, 0.0, "nothing opened"};
    if (opened_ == target_) return {true, 1.0, "opened '" + target_key_ + "'"};
    return {true, -1.0, "opened '" + key_of(opened_) + "' instead of '" + target_key_ + "'"};
  }

  Action expert_action(Desktop& desktop) override {
    if (double_click_) {
      RowList* rows = list_ != nullptr ? static_cast<RowList*>(list_) : table_;
      return expert::double_click_rect(desktop, rows, rows->row_screen_rect(target_));
    }
    if (list_ != nullptr) {
      if (auto a = expert::select_row(desktop, list_, target_)) return *a;
    } else if (auto a = expert::select_table_row(desktop, table_, target_)) {
      return *a;
    }
    return expert::click(desktop, open_);
  }

 private:
  int selected() const {
    if (list_ != nullptr) return list_->selected.size() == 1 ? list_->selected[0] : -1;
    return table_->selected;
  }
  std::string key_of(int row) const { return list_ != nullptr ? list_->items[size_t(row)] : table_->rows[size_t(row)][0]; }
  void open(int row) {
    if (row >= 0 && opened_ < 0 && !cancelled_) opened_ = row;
  }

  Window* window_ = nullptr;
  ListBox* list_ = nullptr;
  Table* table_ = nullptr;
  Button* open_ = nullptr;
  Button* cancel_ = nullptr;
  std::string target_key_;
  int target_ = 0;
  int opened_ = -1;
  bool cancelled_ = false;
  bool double_click_ = false;
};

}  // namespace

void register_pointer_tasks(std::vector<TaskEntry>& out) {
  out.push_back(make_task_entry<SliderValueTask>());
  out.push_back(make_task_entry<DragToTargetTask>());
  out.push_back(make_task_entry<ScrollFindClickTask>());
  out.push_back(make_task_entry<ScrollListFindTask>());
}

}  // namespace hemu
