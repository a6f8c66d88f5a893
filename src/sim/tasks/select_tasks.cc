// Select family: choose values from dropdowns and list boxes (single and multiple selection),
// then commit the form.
#include <algorithm>
#include <set>

#include "sim/expert.h"
#include "sim/layout.h"
#include "sim/task.h"
#include "sim/tasks/task_kit.h"
#include "sim/vocab.h"

namespace hemu {
namespace {

using namespace task_kit;

// A list of choices with a name: what a dropdown or list box offers.
struct ChoiceDomain {
  std::string label;  // "Country"
  std::vector<std::string> options;
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

const std::vector<std::string>& languages() {
  static const std::vector<std::string> list = {
    "Arabic", "Bengali", "Chinese", "Czech", "Danish", "Dutch", "English", "Estonian", "Finnish", "French",
    "German", "Greek", "Hebrew", "Hindi", "Hungarian", "Icelandic", "Indonesian", "Italian", "Japanese",
    "Korean", "Latvian", "Lithuanian", "Malay", "Norwegian", "Polish", "Portuguese", "Romanian", "Russian",
    "Serbian", "Slovak", "Spanish", "Swahili", "Swedish", "Tamil", "Thai", "Turkish", "Ukrainian", "Urdu",
    "Vietnamese", "Welsh",
  };
  return list;
}

const std::vector<std::string>& time_zones() {
  static const std::vector<std::string> list = {
    "UTC-10:00 Hawaii", "UTC-09:00 Alaska", "UTC-08:00 Pacific Time", "UTC-07:00 Mountain Time",
    "UTC-06:00 Central Time", "UTC-05:00 Eastern Time", "UTC-04:00 Atlantic Time", "UTC-03:00 Buenos Aires",
    "UTC-03:00 Sao Paulo", "UTC-01:00 Azores", "UTC+00:00 London", "UTC+00:00 Lisbon", "UTC+01:00 Berlin",
    "UTC+01:00 Paris", "UTC+01:00 Lagos", "UTC+02:00 Athens", "UTC+02:00 Cairo", "UTC+02:00 Helsinki",
    "UTC+03:00 Istanbul", "UTC+03:00 Nairobi", "UTC+04:00 Dubai", "UTC+05:00 Karachi", "UTC+05:30 Mumbai",
    "UTC+06:00 Dhaka", "UTC+07:00 Bangkok", "UTC+08:00 Singapore", "UTC+08:00 Perth", "UTC+09:00 Tokyo",
    "UTC+09:00 Seoul", "UTC+10:00 Sydney", "UTC+12:00 Auckland",
  };
  return list;
}

const std::vector<std::string>& font_names() {
  static const std::vector<std::string> list = {
    "Arial", "Avenir", "Baskerville", "Bodoni", "Calibri", "Cambria", "Candara", "Century Gothic", "Consolas",
    "Courier New", "Didot", "Franklin Gothic", "Futura", "Garamond", "Georgia", "Gill Sans", "Helvetica",
    "Lucida Console", "Myriad", "Optima", "Palatino", "Rockwell", "Segoe UI", "Tahoma", "Times New Roman",
    "Trebuchet MS", "Verdana", "Open Sans", "Roboto", "Lato", "Merriweather", "Source Serif", "Fira Sans",
    "Inter", "Noto Sans", "Ubuntu",
  };
  return list;
}

const std::vector<std::string>& currencies() {
  static const std::vector<std::string> list = {
    "AUD - Australian Dollar", "BRL - Brazilian Real", "CAD - Canadian Dollar", "CHF - Swiss Franc",
    "CNY - Chinese Yuan", "CZK - Czech Koruna", "DKK - Danish Krone", "EUR - Euro", "GBP - British Pound",
    "HKD - Hong Kong Dollar", "INR - Indian Rupee", "JPY - Japanese Yen", "KRW - South Korean Won",
    "MXN - Mexican Peso", "NOK - Norwegian Krone", "NZD - New Zealand Dollar", "PLN - Polish Zloty",
    "SEK - Swedish Krona", "SGD - Singapore Dollar", "USD - US Dollar", "ZAR - South African Rand",
  };
  return list;
}

std::vector<std::string> number_range(int from, int to, const std::string& suffix = "") {
  std::vector<std::string> out;
  for (int i = from; i <= to; ++i) out.push_back(std::to_string(i) + suffix);
  return out;
}

std::vector<std::string> people(Rng& rng, int n) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  while (int(out.size()) < n)
    if (std::string name = vocab::full_name(rng); seen.insert(name).second) out.push_back(name);
  return out;
}

// Dropdown domains with 5-30 options, in a natural order.
std::vector<ChoiceDomain> dropdown_domains(Rng& rng) {
  int n = rng.uniform_int(5, 30);
  int year = rng.uniform_int(1990, 2015);
  return {
    {"Country", sorted(vocab::distinct(rng, vocab::countries(), n))},
    {"City", sorted(vocab::distinct(rng, vocab::cities(), n))},
    {"Month", vocab::months()},
    {"Department", sorted(vocab::distinct(rng, vocab::departments(), std::min(n, 20)))},
    {"Colour", sorted(vocab::distinct(rng, vocab::colors(), n))},
    {"Product", sorted(vocab::distinct(rng, vocab::products(), n))},
    {"Size", {"XXS", "XS", "S", "M", "L", "XL", "XXL", "3XL"}},
    {"Language", ordered_subset(rng, languages(), n)},
    {"Time zone", ordered_subset(rng, time_zones(), n)},
    {"Year", number_range(year, year + n - 1)},
    {"Quantity", number_range(1, std::max(5, n))},
    {"Priority", {"Lowest", "Low", "Normal", "High", "Highest", "Urgent"}},
    {"Currency", ordered_subset(rng, currencies(), std::min(n, 21))},
    {"Shipping", {"Economy", "Standard", "Express", "Overnight", "Same day", "Store pickup"}},
    {"Assignee", sorted(people(rng, n))},
    {"Font", ordered_subset(rng, font_names(), n)},
    {"Reminder", {"None", "At start time", "5 minutes before", "10 minutes before", "15 minutes before",
                  "30 minutes before", "1 hour before", "2 hours before", "1 day before", "2 days before",
                  "1 week before"}},
    {"Category", sorted(vocab::distinct(rng, vocab::words(), n))},
  };
}

// A list box of `rows` visible rows, placed on its own row by `l`.
ListBox* add_list(Desktop& desktop, Layout& l, Panel* panel, const std::string& name,
                  const std::vector<std::string>& items, bool multi, int rows, int min_width_logical) {
  ListBox* list = panel->add<ListBox>(name, items, multi);
  Size preferred = list->preferred_size(desktop.style());
  list->rect = {0, 0, std::max(preferred.width, l.px(min_width_logical)), rows * list->row_height_px() + 2};
  l.place(list, false);
  return list;
}

// ---------------------------------------------------------------------------------------------
// select_dropdown: a form with 1-3 labelled dropdowns; set the named one to the named value (the
// popup may need scrolling), leave the others alone, then submit.

class SelectDropdownTask : public BasicTask {
 public:
  SelectDropdownTask()
      : BasicTask({"select_dropdown", "select",
                   "Set the named dropdown of a form to the named value (the list may scroll), then submit", 24, 45,
                   {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    const Style& s = desktop.style();
    auto domains = dropdown_domains(rng);
    int count = rng.uniform_int(1, 3);
    std::vector<int> chosen = rng.sample_indices(int(domains.size()), count);

    const std::vector<std::string> titles = {"Details", "Edit record", "Preferences", "Settings", "Filters",
                                             "New entry", "Options", "Form"};
    const std::string title = rng.pick(titles);
    Window* w = desktop.create_window("form", title, {300, 200});
    Panel* content = w->content();
    Layout l(desktop, content, rng);
    if (rng.chance(0.5)) l.add<Label>("heading", title, TextRole::kHeading);
    // Text fields as distractors, some already filled in.
    int fields = rng.uniform_int(0, 2);
    const std::vector<std::string> field_labels = {"Name", "Email", "Phone", "Reference"};
    std::vector<int> field_picks = rng.sample_indices(int(field_labels.size()), fields);
    std::sort(field_picks.begin(), field_picks.end());
    std::string person = vocab::full_name(rng);
    for (int f : field_picks) {
      TextField* field = l.field("field_" + std::to_string(f), field_labels[size_t(f)]);
      if (!rng.chance(0.7)) continue;
      switch (f) {
        case 0: field->set_text(person); break;
        case 1: field->set_text(vocab::email_for(person, rng)); break;
        case 2: field->set_text(vocab::phone(rng)); break;
        default: field->set_text(vocab::order_number(rng)); break;
      }
    }
    int right = 0;
    for (int d = 0; d < count; ++d) {
      const ChoiceDomain& domain = domains[size_t(chosen[size_t(d)])];
      std::string name = "dropdown_" + std::to_string(d);
      Label* caption = content->add<Label>(name + "_label", domain.label);
      int start = rng.chance(0.6) ? rng.uniform_int(0, int(domain.options.size()) - 1) : -1;
      Dropdown* dd = content->add<Dropdown>(name, domain.options, start);
      Size dd_size = dd->preferred_size(s);
      dd_size.width = std::max(dd_size.width, s.px(160 + rng.uniform_int(0, 60)));
      caption->rect = {0, 0, s.font.measure(domain.label), dd_size.height};
      l.place(caption, false);
      dd->rect = {0, 0, dd_size.width, dd_size.height};
      l.place(dd, true);
      // Align with the text fields' column, as Layout::field does.
      dd->rect.x = caption->rect.x + std::max(l.label_column_px(), caption->rect.width + l.px(10));
      right = std::max(right, dd->rect.right());
      dropdowns_.push_back(dd);
      initial_.push_back(start);
    }
    target_ = rng.uniform_int(0, count - 1);
    Dropdown* target = dropdowns_[size_t(target_)];
    value_ = rng.uniform_int(0, int(target->options.size()) - 1);
    if (value_ == target->selected()) value_ = (value_ + 1 + rng.uniform_int(0, int(target->options.size()) - 2)) %
                                               int(target->options.size());
    l.gap(4);
    const std::vector<std::string> commits = {"Submit", "Save", "OK", "Apply", "Continue", "Update"};
    auto [commit, cancel] = add_commit_row(l, w, rng.pick(commits), rng);
    commit_ = commit;
    commit->on_click = [this] { committed_ = true; };
    cancel->on_click = [this] { cancelled_ = true; };
    Size size = l.size();
    size.width = std::max(size.width, right + l.px(18));
    w->set_client_size(size);

    const std::string label = domains[size_t(chosen[size_t(target_)])].label;
    const std::string value = target->options[size_t(value_)];
    instruction_ = rng.chance(0.5) ? "Set " + quoted(label) + " to " + quoted(value) + ", then click " +
                                         quoted(commit->text()) + "."
                                   : "Choose " + quoted(value) + " from the " + quoted(label) + " dropdown and click " +
                                         quoted(commit->text()) + ".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (cancelled_) return {true, -1.0, "clicked Cancel"};
    if (!committed_) return {final, 0.0, "form not submitted"};
    for (size_t d = 0; d < dropdowns_.size(); ++d) {
      int want = int(d) == target_ ? value_ : initial_[d];
      if (dropdowns_[d]->selected() != want)
        return {true, -1.0, "submitted with dropdown " + std::to_string(d) + " set to '" + dropdowns_[d]->text() + "'"};
    }
    return {true, 1.0, "submitted the right value"};
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = expert::select_option(desktop, dropdowns_[size_t(target_)], value_)) return *a;
    return expert::click(desktop, commit_);
  }

 private:
  std::vector<Dropdown*> dropdowns_;
  std::vector<int> initial_;
  int target_ = 0;
  int value_ = 0;
  Button* commit_ = nullptr;
  bool committed_ = false;
  bool cancelled_ = false;
};

// ---------------------------------------------------------------------------------------------
// select_list_item: a single-select list box (8-40 items, may scroll); select the named item and
// click OK (a double click on an item also confirms it).

struct ListContext {
  std::string title;
  std::string prompt;
  std::vector<std::string> items;
};

std::vector<ListContext> list_contexts(Rng& rng, int n) {
  std::vector<std::string> printers;
  const std::vector<std::string> brands = {"LaserJet", "OfficeJet", "ColorPro", "PageWide", "EcoTank", "ImageClass"};
  std::set<std::string> seen;
  while (int(printers.size()) < n) {
    std::string p = rng.pick(brands) + " " + std::to_string(rng.uniform_int(100, 999)) + " - " +
                    rng.pick(vocab::departments());
    if (seen.insert(p).second) printers.push_back(p);
  }
  std::sort(printers.begin(), printers.end());
  std::vector<std::string> projects;
  for (const auto& w : vocab::distinct(rng, vocab::words(), n)) projects.push_back("Project " + vocab::capitalise(w));
  std::sort(projects.begin(), projects.end());
  return {
    {"Choose a city", "Select the city for the new office:", sorted(vocab::distinct(rng, vocab::cities(), n))},
    {"Select country", "Country or region:", sorted(vocab::distinct(rng, vocab::countries(), n))},
    {"Add product", "Pick a product to add to the order:", sorted(vocab::distinct(rng, vocab::products(), n))},
    {"Assign task", "Assign this task to:", sorted(people(rng, n))},
    {"Font", "Choose a font:", ordered_subset(rng, font_names(), n)},
    {"Time zone", "Select your time zone:", ordered_subset(rng, time_zones(), n)},
    {"Language", "Display language:", ordered_subset(rng, languages(), n)},
    {"Print", "Select a printer:", printers},
    {"Open project", "Recent projects:", projects},
    {"Currency", "Billing currency:", ordered_subset(rng, currencies(), std::min(n, 21))},
  };
}

class SelectListItemTask : public BasicTask {
 public:
  SelectListItemTask()
      : BasicTask({"select_list_item", "select",
                   "Select the named item in a single-select list (may need scrolling), then click OK", 18, 40,
                   {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    int n = rng.uniform_int(8, 40);
    auto contexts = list_contexts(rng, n);
    const ListContext& ctx = contexts[size_t(rng.uniform_int(0, int(contexts.size()) - 1))];
    n = int(ctx.items.size());
    Window* w = desktop.create_window("chooser", ctx.title, {300, 200});
    Layout l(desktop, w->content(), rng);
    l.add<Label>("prompt", ctx.prompt);
    int rows = std::min(n, rng.uniform_int(5, 10));
    list_ = add_list(desktop, l, w->content(), "list", ctx.items, /*multi=*/false, rows, 220 + rng.uniform_int(0, 80));
    target_ = rng.uniform_int(0, n - 1);
    if (rng.chance(0.5)) {
      int start = rng.uniform_int(0, n - 1);
      if (start != target_) {
        list_->selected = {start};
        list_->scroll_to(start * list_->row_height_px() - list_->rect.height / 3);
      }
    }
    list_->on_activate = [this](int i) {
      if (chosen_ < 0 && !cancelled_) chosen_ = i;
    };
    if (rng.chance(0.4)) l.add<Label>("hint", "Double-click an item to choose it.", TextRole::kMuted);
    auto [ok, cancel] = add_commit_row(l, w, rng.chance(0.7) ? "OK" : "Select", rng);
    ok_ = ok;
    ok->on_click = [this] {
      if (chosen_ < 0 && !cancelled_) chosen_ = list_->selected.empty() ? kNothing : list_->selected[0];
    };
    cancel->on_click = [this] { cancelled_ = chosen_ < 0; };
    w->set_client_size(l.size());
    const std::string& item = ctx.items[size_t(target_)];
    instruction_ = rng.chance(0.5) ? "Select " + quoted(item) + " in the list, then click " + quoted(ok->text()) + "."
                                   : "Choose " + quoted(item) + " and confirm with " + quoted(ok->text()) + ".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (cancelled_) return {true, -1.0, "clicked Cancel"};
    if (chosen_ == kNothing) return {true, -1.0, "confirmed with nothing selected"};
    if (chosen_ < 0) return {final, 0.0, "nothing confirmed"};
    if (chosen_ == target_) return {true, 1.0, "chose the right item"};
    return {true, -1.0, "chose '" + list_->items[size_t(chosen_)] + "' instead of '" + list_->items[size_t(target_)] + "'"};
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = expert::select_row(desktop, list_, target_)) return *a;
    return expert::click(desktop, ok_);
  }

 private:
  static constexpr int kNothing = -2;
  ListBox* list_ = nullptr;
  Button* ok_ = nullptr;
  int target_ = 0;
  int chosen_ = -1;
  bool cancelled_ = false;
};

// ---------------------------------------------------------------------------------------------
// select_multi: a multi-select list (ctrl+click adds to the selection); select exactly the 2-4
// named items, then commit.

class SelectMultiTask : public BasicTask {
 public:
  SelectMultiTask()
      : BasicTask({"select_multi", "select",
                   "Select exactly the named 2-4 items in a multi-select list (ctrl+click), then submit", 45, 60,
                   {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    int n = rng.uniform_int(8, 30);
    struct Context {
      std::string title, prompt, commit;
      std::vector<std::string> items;
    };
    std::vector<std::string> tags;
    for (const auto& t : vocab::distinct(rng, vocab::words(), n)) tags.push_back(vocab::capitalise(t));
    std::vector<Context> contexts = {
      {"Invite people", "Choose who to invite:", "Invite", sorted(people(rng, n))},
      {"Compare cities", "Cities to compare:", "Compare", sorted(vocab::distinct(rng, vocab::cities(), n))},
      {"Edit tags", "Tags for this note:", "Apply", sorted(tags)},
      {"Bundle", "Products in the bundle:", "Add to bundle", sorted(vocab::distinct(rng, vocab::products(), n))},
      {"Shipping zones", "Countries we ship to:", "Save", sorted(vocab::distinct(rng, vocab::countries(), n))},
      {"Subtitles", "Subtitle languages to download:", "Download", ordered_subset(rng, languages(), n)},
      {"Share report", "Teams that can see this report:", "Share",
       sorted(vocab::distinct(rng, vocab::departments(), std::min(n, 20)))},
      {"Choose colours", "Colours for the chart:", "Submit", sorted(vocab::distinct(rng, vocab::colors(), n))},
    };
    const Context& ctx = contexts[size_t(rng.uniform_int(0, int(contexts.size()) - 1))];
    n = int(ctx.items.size());
    int named = rng.uniform_int(2, 4);
    want_ = rng.sample_indices(n, named);
    std::sort(want_.begin(), want_.end());

    Window* w = desktop.create_window("picker", ctx.title, {300, 200});
    Layout l(desktop, w->content(), rng);
    l.add<Label>("prompt", ctx.prompt);
    int rows = std::min(n, rng.uniform_int(6, 10));
    list_ = add_list(desktop, l, w->content(), "list", ctx.items, /*multi=*/true, rows, 220 + rng.uniform_int(0, 80));
    if (rng.chance(0.4)) {
      // A stale selection from before: one or two items, not necessarily wanted.
      std::vector<int> start = rng.sample_indices(n, rng.uniform_int(1, 2));
      std::sort(start.begin(), start.end());
      if (start != want_) list_->selected = start;
    }
    count_ = w->content()->add<Label>("count", "", TextRole::kMuted);
    count_->rect = {0, 0, desktop.style().small.measure("88 items selected"), desktop.style().small.line_height()};
    l.place(count_, false);
    if (rng.chance(0.6)) l.add_inline<Label>("hint", "Hold Ctrl to select more than one.", TextRole::kMuted);
    update_count();
    list_->on_select = [this] { update_count(); };
    commit_caption_ = rng.chance(0.6) ? ctx.commit : "Submit";
    auto [commit, cancel] = add_commit_row(l, w, commit_caption_, rng);
    commit_ = commit;
    commit->on_click = [this] {
      if (!cancelled_ && submitted_.empty()) submitted_ = list_->selected, committed_ = true;
    };
    cancel->on_click = [this] { cancelled_ = !committed_; };
    w->set_client_size(l.size());

    std::vector<std::string> names;
    for (int i : want_) names.push_back(ctx.items[size_t(i)]);
    rng.shuffle(names);
    instruction_ = rng.chance(0.5) ? "Select exactly " + quoted_list(names) + " in the list, then click " +
                                         quoted(commit_caption_) + "."
                                   : "Select " + quoted_list(names) + " (and nothing else), then click " +
                                         quoted(commit_caption_) + ".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (cancelled_) return {true, -1.0, "clicked Cancel"};
    if (!committed_) return {final, 0.0, "selection not submitted"};
    if (submitted_ == want_) return {true, 1.0, "submitted exactly the named items"};
    return {true, -1.0, "submitted " + std::to_string(submitted_.size()) + " items, not the " +
                            std::to_string(want_.size()) + " named ones"};
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = expert::select_rows(desktop, list_, want_)) return *a;
    return expert::click(desktop, commit_);
  }

 private:
  void update_count() {
    size_t k = list_->selected.size();
    count_->set_text(std::to_string(k) + (k == 1 ? " item selected" : " items selected"));
  }

  ListBox* list_ = nullptr;
  Label* count_ = nullptr;
  Button* commit_ = nullptr;
  std::string commit_caption_;
  std::vector<int> want_;
  std::vector<int> submitted_;
  bool committed_ = false;
  bool cancelled_ = false;
};

}  // namespace

void register_select_tasks(std::vector<TaskEntry>& out) {
  out.push_back(make_task_entry<SelectDropdownTask>());
  out.push_back(make_task_entry<SelectListItemTask>());
  out.push_back(make_task_entry<SelectMultiTask>());
}

}  // namespace hemu
