// Type family: read what a form asks for, type the right text into the right field, commit.
//
// Every task here is a form in one window with a primary commit button (the window's default
// button, so Return in a field submits too), a cancel button, and distractors: other fields,
// pre-filled values that must be replaced or kept, placeholder examples that look like values.
// Committing ends the episode: +1 when every field reads what it should, -1 otherwise; cancelling
// is -1. The expert fixes fields one at a time from the current state, then submits.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <optional>

#include "sim/expert.h"
#include "sim/layout.h"
#include "sim/task.h"
#include "sim/tasks/task_kit.h"
#include "sim/vocab.h"

namespace hemu {
namespace {

using namespace task_kit;

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(uint8_t(s[b]))) ++b;
  while (e > b && std::isspace(uint8_t(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(uint8_t(c)));
  return s;
}

// Parses a non-negative integer made only of digits (1..max_digits of them); -1 otherwise.
int parse_digits(std::string_view s, size_t max_digits = 9) {
  if (s.empty() || s.size() > max_digits) return -1;
  int v = 0;
  for (char c : s) {
    if (!std::isdigit(uint8_t(c))) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == separator) {
      parts.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

// The client size for a layout, widened for widgets moved by hand after they were placed.
Size client_size(const Layout& l, const Panel* panel) {
  Size size = l.size();
  for (const auto& child : panel->children()) {
    size.width = std::max(size.width, child->rect.right() + l.px(16));
    size.height = std::max(size.height, child->rect.bottom() + l.px(16));
  }
  return size;
}

const std::vector<std::string>& submit_captions() {
  static const std::vector<std::string> list = {"Submit", "Save", "Save changes", "Update", "Apply", "OK",
                                                "Continue", "Confirm", "Done"};
  return list;
}

// ---- FormTask: the commit/cancel machinery shared by the family ----

class FormTask : public BasicTask {
 public:
  using BasicTask::BasicTask;

  Outcome evaluate(const Desktop&, bool final) const override {
    if (commit_ == Commit::kCancel) return {true, -1.0, "clicked '" + cancel_->text() + "' instead of submitting"};
    if (commit_ == Commit::kNone) return {final, 0.0, "form not submitted"};
    for (const auto& kept : kept_)
      if (trim(kept.field->text()) != trim(kept.value))
        return {true, -1.0, "changed the '" + kept.label + "' field to '" + kept.field->text() + "'; it was to stay '" +
                                kept.value + "'"};
    std::string problem = check_submission();
    if (!problem.empty()) return {true, -1.0, "submitted with " + problem};
    return {true, 1.0, "submitted the right values"};
  }

 protected:
  enum class Commit { kNone, kSubmit, kCancel };
  struct KeptField {
    TextField* field;
    std::string label;
    std::string value;
  };

  // What is wrong with the submitted form ("the Email field reading 'x'"), or empty when right.
  // Kept fields are checked before this is called.
  virtual std::string check_submission() const = 0;

  Window* make_window(Desktop& desktop, const std::string& title) {
    window_ = desktop.create_window("form", title, {400, 300});
    return window_;
  }

  // The button row: the primary commit button (also the window's default and Return target), a
  // cancel button, and sometimes a harmless "Reset"/"Help" distractor, in a seeded order.
  void add_buttons(Layout& l, Rng& rng, const std::string& submit_caption) {
    static const std::vector<std::string> cancels = {"Cancel", "Discard", "Close"};
    l.gap(rng.uniform_int(4, 14));
    bool submit_first = rng.chance(0.5);
    int extra = rng.uniform_int(0, 2);  // 0 none, 1 Reset, 2 Help
    bool first = true;
    auto add = [&](const std::string& name, const std::string& caption) {
      Button* b = first ? l.add<Button>(name, caption) : l.add_inline<Button>(name, caption);
      first = false;
      return b;
    };
    auto add_submit = [&] {
      submit_ = add("submit", submit_caption);
      submit_->primary = true;
      submit_->on_click = [this] {
        if (commit_ == Commit::kNone) commit_ = Commit::kSubmit;
      };
    };
    auto add_cancel = [&] {
      cancel_ = add("cancel", rng.pick(cancels));
      cancel_->on_click = [this] {
        if (commit_ == Commit::kNone) commit_ = Commit::kCancel;
      };
    };
    if (extra == 1) {
      Button* reset = add("reset", rng.chance(0.5) ? "Reset" : "Clear changes");
      reset->on_click = [this] {
        for (const auto& r : resets_) r.first->set_text(r.second);
      };
    }
    if (submit_first) add_submit(), add_cancel();
    else add_cancel(), add_submit();
    if (extra == 2) add("help", "Help");
    window_->default_button = submit_;
    window_->cancel_button = cancel_;
    keyboard_submit_ = rng.chance(0.3);
  }

  // Remembers a field's current value as what "Reset" restores.
  void remember_initial(TextField* field) { resets_.push_back({field, field->text()}); }
  // A field that must still read its current value when the form is submitted.
  void keep(TextField* field, const std::string& label) { kept_.push_back({field, label, field->text()}); }

  // Expert: puts back any kept field that was changed; nullopt when all are intact.
  std::optional<Action> restore_kept(Desktop& desktop) {
    for (auto& kept : kept_)
      if (trim(kept.field->text()) != trim(kept.value)) return expert::set_text(desktop, kept.field, kept.value);
    return std::nullopt;
  }
  // Expert: submits, by Return in a focused field (some episodes) or by clicking the button.
  Action submit_action(Desktop& desktop) const {
    Widget* focus = desktop.focus();
    if (keyboard_submit_ && focus != nullptr && focus->kind() == WidgetKind::kTextField &&
        focus->window() == window_ && desktop.active_window() == window_ && submit_->shown(0.01))
      return Action::key("Return");
    return expert::click(desktop, submit_);
  }

  // A heading and an optional muted line of instructions at the top of the form.
  static void add_header(Layout& l, Rng& rng, const std::string& heading) {
    if (rng.chance(0.7)) l.add<Label>("heading", heading, TextRole::kHeading);
    if (rng.chance(0.5)) {
      Label* intro = l.add<Label>("intro", vocab::sentence(rng, rng.uniform_int(5, 9)), TextRole::kMuted);
      intro->wrap_width_px = l.px(340);
      Size size = intro->preferred_size(l.style());
      intro->rect.width = size.width;
      intro->rect.height = size.height;
    }
  }
  // An unrelated check box (never judged).
  static void maybe_add_checkbox(Layout& l, Rng& rng) {
    static const std::vector<std::string> options = {
        "Send me a copy", "Remember these details", "Subscribe to the newsletter", "Mark as urgent",
        "Notify my manager", "Keep me signed in", "Share with my team", "Make this my default"};
    if (rng.chance(0.5)) l.add<Checkbox>("option", rng.pick(options), rng.chance(0.4));
  }

  Window* window_ = nullptr;
  Button* submit_ = nullptr;
  Button* cancel_ = nullptr;
  Commit commit_ = Commit::kNone;
  bool keyboard_submit_ = false;
  std::vector<KeptField> kept_;
  std::vector<std::pair<TextField*, std::string>> resets_;
};

// ---- type_text ----

struct TextKind {
  const char* label;
  std::string (*make)(Rng&);
};

const std::vector<TextKind>& text_kinds() {
  static const std::vector<TextKind> kinds = {
      {"First name", [](Rng& r) { return r.pick(vocab::first_names()); }},
      {"Last name", [](Rng& r) { return r.pick(vocab::last_names()); }},
      {"Full name", [](Rng& r) { return vocab::full_name(r); }},
      {"Email", [](Rng& r) { return vocab::email_for(vocab::full_name(r), r); }},
      {"Company", [](Rng& r) { return r.pick(vocab::companies()); }},
      {"City", [](Rng& r) { return r.pick(vocab::cities()); }},
      {"Country", [](Rng& r) { return r.pick(vocab::countries()); }},
      {"Street address", [](Rng& r) { return std::to_string(r.uniform_int(1, 480)) + " " + r.pick(vocab::streets()); }},
      {"Phone", [](Rng& r) { return vocab::phone(r); }},
      {"Department", [](Rng& r) { return r.pick(vocab::departments()); }},
      {"Project name", [](Rng& r) { return vocab::capitalise(vocab::phrase(r, 2)); }},
      {"Username", [](Rng& r) { return lower(r.pick(vocab::first_names())) + std::to_string(r.uniform_int(10, 99)); }},
      {"Order number", [](Rng& r) { return vocab::order_number(r); }},
      {"Product", [](Rng& r) { return r.pick(vocab::products()); }},
      {"Website", [](Rng& r) { return "www." + r.pick(vocab::words()) + r.pick(vocab::words()) + ".com"; }},
      {"Reference", [](Rng& r) { return "REF-" + std::to_string(r.uniform_int(1000, 9999)); }},
  };
  return kinds;
}

const std::vector<std::string>& form_titles() {
  static const std::vector<std::string> list = {
      "Contact details", "Edit profile", "Shipping address", "New customer", "Account settings", "Registration",
      "Supplier record", "Edit employee", "Billing details", "Member information", "Vendor details",
      "Update record"};
  return list;
}

// "Enter X in the Y field": 2-4 labelled text fields, some pre-filled, some showing "e.g." examples.
class TypeTextTask : public FormTask {
 public:
  TypeTextTask()
      : FormTask({"type_text", "type",
                  "Type the given text into the named field of a form (replacing any old text) and submit", 20, 60,
                  {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    int count = rng.uniform_int(2, 4);
    std::vector<int> kinds = rng.sample_indices(int(text_kinds().size()), count);
    target_ = rng.uniform_int(0, count - 1);
    std::string title = rng.pick(form_titles());
    make_window(desktop, title);
    Layout l(desktop, window_->content(), rng);
    add_header(l, rng, title);
    std::string colon = rng.chance(0.4) ? ":" : "";
    for (int i = 0; i < count; ++i) {
      const TextKind& kind = text_kinds()[size_t(kinds[size_t(i)])];
      std::string value = rng.chance(i == target_ ? 0.5 : 0.6) ? kind.make(rng) : "";
      std::string placeholder = value.empty() && rng.chance(0.35) ? "e.g. " + kind.make(rng) : "";
      TextField* f = l.field("field_" + std::to_string(i), kind.label + colon, placeholder, false,
                             rng.uniform_int(200, 250));
      f->set_text(value);
      fields_.push_back(f);
      labels_.push_back(kind.label);
      remember_initial(f);
    }
    const TextKind& target_kind = text_kinds()[size_t(kinds[size_t(target_)])];
    TextField* target = fields_[size_t(target_)];
    value_ = target_kind.make(rng);
    for (int tries = 0; tries < 50 && (value_ == target->text() || "e.g. " + value_ == target->placeholder); ++tries)
      value_ = target_kind.make(rng);
    maybe_add_checkbox(l, rng);
    add_buttons(l, rng, rng.pick(submit_captions()));
    window_->set_client_size(client_size(l, window_->content()));
    for (int i = 0; i < count; ++i)
      if (i != target_) keep(fields_[size_t(i)], labels_[size_t(i)]);

    const std::string& label = labels_[size_t(target_)];
    const std::string submit = "\"" + submit_->text() + "\"";
    switch (rng.uniform_int(0, 2)) {
      case 0: instruction_ = "Enter \"" + value_ + "\" in the \"" + label + "\" field, then click " + submit + "."; break;
      case 1: instruction_ = "Type \"" + value_ + "\" into the " + label + " field and click " + submit + "."; break;
      default: instruction_ = "Set " + label + " to \"" + value_ + "\" and submit the form with " + submit + "."; break;
    }
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = restore_kept(desktop)) return *a;
    if (auto a = expert::set_text(desktop, fields_[size_t(target_)], value_)) return *a;
    return submit_action(desktop);
  }

 protected:
  std::string check_submission() const override {
    const TextField* f = fields_[size_t(target_)];
    if (trim(f->text()) == value_) return "";
    return "'" + labels_[size_t(target_)] + "' reading '" + f->text() + "' instead of '" + value_ + "'";
  }

 private:
  std::vector<TextField*> fields_;
  std::vector<std::string> labels_;
  int target_ = 0;
  std::string value_;
};

// ---- type_password ----

// A change-password, sign-up or reset form: the new password goes into a masked field and its
// confirmation; other fields (user name, current password) stay as they are.
class TypePasswordTask : public FormTask {
 public:
  TypePasswordTask()
      : FormTask({"type_password", "type",
                  "Type a given password into the password and confirm-password fields (masked) and submit", 25, 75,
                  {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    static const std::vector<std::string> confirm_labels = {"Confirm password", "Repeat password",
                                                            "Re-enter password", "Verify password"};
    static const std::vector<std::string> hints = {
        "At least 8 characters, with a number and a symbol.", "Use 8 or more characters. Avoid common words.",
        "Passwords are case-sensitive.", "Choose a password you do not use elsewhere."};
    int variant = rng.uniform_int(0, 2);  // 0 sign-up, 1 change, 2 reset
    password_ = vocab::password(rng, rng.uniform_int(8, 12));
    std::string title = variant == 0 ? (rng.chance(0.5) ? "Create account" : "Sign up")
                        : variant == 1 ? (rng.chance(0.5) ? "Change password" : "Security settings")
                                       : "Reset password";
    make_window(desktop, title);
    Layout l(desktop, window_->content(), rng);
    if (rng.chance(0.8)) l.add<Label>("heading", title, TextRole::kHeading);
    std::string colon = rng.chance(0.4) ? ":" : "";
    std::string name = vocab::full_name(rng);
    std::string password_label = variant == 0 ? "Password" : "New password";
    std::string confirm_label = rng.pick(confirm_labels);
    if (variant == 1 && rng.chance(0.5)) confirm_label = "Confirm new password";

    auto add_kept = [&](const std::string& field_name, const std::string& label, const std::string& value,
                        bool masked) {
      TextField* f = l.field(field_name, label + colon, "", masked, 230);
      f->set_text(value);
      remember_initial(f);
      keep(f, label);
      return f;
    };
    if (variant == 0) {
      add_kept("full_name", "Full name", name, false);
      add_kept("email", "Email", vocab::email_for(name, rng), false);
    } else {
      std::string user = rng.chance(0.5) ? vocab::email_for(name, rng)
                                         : lower(name.substr(0, name.find(' '))) + std::to_string(rng.uniform_int(1, 99));
      add_kept("username", rng.chance(0.5) ? "Username" : "Account", user, false);
      if (variant == 1) add_kept("current", "Current password", vocab::password(rng, rng.uniform_int(8, 11)), true);
    }
    password_field_ = l.field("password", password_label + colon, "", true, 230);
    // A decoy: some forms pre-fill the new password with the browser's suggestion.
    if (rng.chance(0.25)) password_field_->set_text(vocab::password(rng, 10));
    remember_initial(password_field_);
    confirm_field_ = l.field("confirm", confirm_label + colon, "", true, 230);
    remember_initial(confirm_field_);
    password_label_ = password_label;
    confirm_label_ = confirm_label;

    // The strength meter sits right of the password field, like most sign-up forms.
    strength_ = window_->content()->add<Label>("strength", "", TextRole::kSmall);
    strength_->rect = {password_field_->rect.right() + l.px(10), password_field_->rect.y,
                       l.style().small.measure("Strength: medium") + l.px(4), password_field_->rect.height};
    password_field_->on_change = [this](const std::string& text) { update_strength(text); };
    update_strength(password_field_->text());
    if (rng.chance(0.6)) {
      Label* hint = l.add<Label>("hint", rng.pick(hints), TextRole::kMuted);
      hint->rect.x = confirm_field_->rect.x;
    }
    if (rng.chance(0.5)) {
      // "Show password" unmasks both new-password fields, as real forms do.
      Checkbox* show = l.add<Checkbox>("show_password", rng.chance(0.5) ? "Show password" : "Show characters");
      show->rect.x = confirm_field_->rect.x;
      show->on_toggle = [this](bool on) {
        password_field_->password = !on;
        confirm_field_->password = !on;
      };
    }
    if (variant == 0 && rng.chance(0.5)) l.add<Checkbox>("newsletter", "Email me product news", rng.chance(0.3));
    static const std::vector<std::string> commits[3] = {
        {"Create account", "Sign up", "Register"}, {"Change password", "Save", "Update password"},
        {"Reset password", "Set password", "Continue"}};
    add_buttons(l, rng, rng.pick(commits[variant]));
    window_->set_client_size(client_size(l, window_->content()));

    const std::string submit = "\"" + submit_->text() + "\"";
    if (rng.chance(0.5))
      instruction_ = "Enter the password \"" + password_ + "\" in both the \"" + password_label + "\" and \"" +
                     confirm_label + "\" fields, then click " + submit + ".";
    else
      instruction_ = "Set the " + lower(password_label) + " to \"" + password_ + "\" (type it in \"" +
                     password_label + "\" and again in \"" + confirm_label + "\") and click " + submit + ".";
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = restore_kept(desktop)) return *a;
    if (auto a = expert::set_text(desktop, password_field_, password_)) return *a;
    if (auto a = expert::set_text(desktop, confirm_field_, password_)) return *a;
    return submit_action(desktop);
  }

 protected:
  std::string check_submission() const override {
    if (password_field_->text() != password_)
      return "'" + password_label_ + "' not reading the given password";
    if (confirm_field_->text() != password_) return "'" + confirm_label_ + "' not matching the given password";
    return "";
  }

 private:
  void update_strength(const std::string& text) {
    if (text.empty()) return strength_->set_text("");
    bool digit = std::any_of(text.begin(), text.end(), [](char c) { return std::isdigit(uint8_t(c)); });
    bool symbol = std::any_of(text.begin(), text.end(), [](char c) { return std::ispunct(uint8_t(c)); });
    int score = int(text.size() >= 8) + int(text.size() >= 11) + int(digit) + int(symbol);
    strength_->set_text(std::string("Strength: ") + (score >= 4 ? "strong" : score >= 2 ? "medium" : "weak"));
    strength_->role = score >= 4 ? TextRole::kSuccess : score >= 2 ? TextRole::kMuted : TextRole::kDanger;
  }

  TextField* password_field_ = nullptr;
  TextField* confirm_field_ = nullptr;
  Label* strength_ = nullptr;
  std::string password_, password_label_, confirm_label_;
};

// ---- type_search ----

struct SearchDomain {
  const char* site;                       // "{}" is replaced by a company name
  const char* field_placeholder;
  const char* section_column;             // table variant's second column
  std::vector<std::string> sections;
  std::vector<std::string> templates;     // "{Q}" = the query as is, "{q}" = lowercased
  const std::vector<std::string>& (*topics)();
};

const std::vector<SearchDomain>& search_domains() {
  static const std::vector<SearchDomain> list = {
      {"{} Help Center", "Search help articles", "Section",
       {"Getting started", "Troubleshooting", "Orders", "Warranty", "Accessories", "Care"},
       {"{Q} setup guide", "Troubleshooting your {q}", "{Q} warranty terms", "Cleaning the {q}",
        "Returning a {q}", "{Q} firmware update", "Accessories for the {q}", "{Q} user manual",
        "Is the {q} waterproof?", "{Q} battery life", "Replacement parts for the {q}", "Resetting the {q}"},
       &vocab::products},
      {"{} Travel Guides", "Search destinations", "Category",
       {"Itineraries", "Food", "Transport", "Culture", "Budget", "Family"},
       {"Weekend in {Q}", "{Q} on a budget", "Food markets of {Q}", "Getting around {Q}", "{Q} museum pass",
        "Day trips from {Q}", "Where to stay in {Q}", "{Q} with kids", "Best views in {Q}", "{Q} in winter",
        "Cycling routes around {Q}", "Night life in {Q}"},
       &vocab::cities},
      {"{} Newsroom", "Search news", "Type",
       {"Press release", "Interview", "Report", "Careers", "Event"},
       {"{Q} quarterly results", "{Q} opens a new office", "Careers at {Q}", "{Q} press kit",
        "Interview with the {Q} founders", "{Q} annual report", "{Q} product recall notice",
        "{Q} sustainability goals", "{Q} names a new CEO", "{Q} at the spring trade fair"},
       &vocab::companies},
  };
  return list;
}

std::string fill_template(const std::string& t, const std::string& query) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 2 < t.size() && t[i + 2] == '}' && (t[i + 1] == 'Q' || t[i + 1] == 'q')) {
      out += t[i + 1] == 'Q' ? query : lower(query);
      i += 2;
    } else {
      out += t[i];
    }
  }
  return out;
}

// A search box over a small article collection: type the query, press Enter or click Search, and
// open the named result (a link, or a table row opened by double-click). Opening another article
// (a result or a "Popular" link) is -1.
class TypeSearchTask : public BasicTask {
 public:
  TypeSearchTask()
      : BasicTask({"type_search", "type",
                   "Type a query into a search box, run the search, and open the result with the given title", 24,
                   90, {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    const SearchDomain& domain = rng.pick(search_domains());
    // The query's topic and three others whose articles fill the collection (no topic contains another).
    std::vector<std::string> topics;
    for (int tries = 0; tries < 200 && topics.size() < 4; ++tries) {
      const std::string& t = rng.pick(domain.topics());
      bool clash = false;
      for (const auto& u : topics)
        if (lower(u).find(lower(t)) != std::string::npos || lower(t).find(lower(u)) != std::string::npos) clash = true;
      if (!clash) topics.push_back(t);
    }
    query_ = topics[0];
    int target_articles = rng.uniform_int(3, 6);
    for (size_t k = 0; k < topics.size(); ++k) {
      int n = k == 0 ? target_articles : rng.uniform_int(2, 4);
      for (int idx : rng.sample_indices(int(domain.templates.size()), n))
        articles_.push_back({fill_template(domain.templates[size_t(idx)], topics[k]), rng.pick(domain.sections),
                             std::to_string(rng.uniform_int(1, 28)) + " " + rng.pick(vocab::months()).substr(0, 3) +
                                 " " + std::to_string(rng.uniform_int(2019, 2025)),
                             vocab::sentence(rng, rng.uniform_int(7, 11))});
    }
    target_ = rng.uniform_int(0, target_articles - 1);
    target_title_ = articles_[size_t(target_)].title;
    std::vector<int> order(articles_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    rng.shuffle(order);
    order_ = order;
    use_table_ = rng.chance(0.4);

    std::string site = fill_site(domain.site, rng);
    window_ = desktop.create_window("search", site, {560, 420});
    Layout l(desktop, window_->content(), rng);
    l.add<Label>("site", site, TextRole::kHeading);
    if (rng.chance(0.5)) l.add<Label>("tagline", vocab::sentence(rng, rng.uniform_int(4, 7)), TextRole::kMuted);
    field_ = l.add<TextField>("query", rng.chance(0.7) ? std::string(domain.field_placeholder) + "…" : "");
    l.set_width(field_, rng.uniform_int(230, 300));
    search_button_ = l.add_inline<Button>("search_button", rng.chance(0.7) ? "Search" : "Go");
    search_button_->primary = rng.chance(0.6);
    search_button_->on_click = [this] { run_search(); };
    window_->default_button = search_button_;
    field_->on_enter = [this] { run_search(); };  // a search box searches on Return wherever its button is
    keyboard_search_ = rng.chance(0.5);
    status_ = l.add<Label>("status", "Popular articles", TextRole::kBold);
    status_->rect.width = l.px(480);

    if (use_table_) {
      table_ = window_->content()->add<Table>(
          "results", std::vector<std::string>{"Title", domain.section_column, "Updated"},
          std::vector<double>{3.0, 1.4, 1.2});
      // Sized by hand (room for every result without scrolling), then placed.
      table_->rect = {0, 0, l.px(540), table_->header_height_px() + table_->row_height_px() * kMaxResults + l.px(4)};
      l.place(table_, false);
      table_->on_activate = [this](int row) {
        if (row >= 0 && row < int(shown_.size())) open(shown_[size_t(row)]);
      };
    } else {
      results_ = window_->content()->add<Panel>("results");
      results_->rect = {0, 0, l.px(540), kMaxResults * result_pitch_px(l.style())};
      l.place(results_, false);
    }
    window_->set_client_size(client_size(l, window_->content()));
    // Before the first search: three popular articles from other topics.
    std::vector<int> popular;
    for (int i : order_)
      if (!matches(articles_[size_t(i)].title, query_) && popular.size() < 3) popular.push_back(i);
    show_results(popular);

    std::string title = "\"" + target_title_ + "\"";
    if (use_table_)
      instruction_ = "Search for \"" + query_ + "\", then open the result " + title + " by double-clicking it.";
    else if (rng.chance(0.5))
      instruction_ = "Search for \"" + query_ + "\" and click the result titled " + title + ".";
    else
      instruction_ = "Use the search box to find \"" + query_ + "\", then open the article " + title + ".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (opened_ < 0) return {final, 0.0, "no result opened"};
    if (opened_ == target_) return {true, 1.0, "opened the right result"};
    return {true, -1.0, "opened '" + articles_[size_t(opened_)].title + "' instead of '" + target_title_ + "'"};
  }

  Action expert_action(Desktop& desktop) override {
    int row = -1;
    for (size_t i = 0; i < shown_.size(); ++i)
      if (shown_[i] == target_) row = int(i);
    if (row >= 0) {
      if (use_table_) return expert::double_click_rect(desktop, table_, table_->row_screen_rect(row));
      return expert::click(desktop, links_[size_t(row)]);
    }
    if (auto a = expert::set_text(desktop, field_, query_)) return *a;
    if (keyboard_search_ && desktop.focus() == field_ && desktop.active_window() == window_) return Action::key("Return");
    return expert::click(desktop, search_button_);
  }

 private:
  static constexpr int kMaxResults = 8;
  struct Article {
    std::string title, section, updated, snippet;
  };

  static std::string fill_site(const std::string& pattern, Rng& rng) {
    std::string company = rng.pick(vocab::companies());
    company = company.substr(0, company.find(' '));  // "Acme Inc" -> "Acme"
    std::string out = pattern;
    out.replace(out.find("{}"), 2, company);
    return out;
  }
  static bool matches(const std::string& title, const std::string& query) {
    std::string q = lower(trim(query));
    return !q.empty() && lower(title).find(q) != std::string::npos;
  }
  int result_pitch_px(const Style& s) const { return s.font.line_height() + s.small.line_height() + s.px(14); }

  void run_search() {
    std::string q = trim(field_->text());
    std::vector<int> hits;
    for (int i : order_)
      if (matches(articles_[size_t(i)].title, q) && int(hits.size()) < kMaxResults) hits.push_back(i);
    if (q.empty()) status_->set_text("Type something to search for.");
    else if (hits.empty()) status_->set_text("No results for \"" + q + "\"");
    else status_->set_text(std::to_string(hits.size()) + (hits.size() == 1 ? " result" : " results") + " for \"" + q + "\"");
    show_results(hits);
  }

  void show_results(const std::vector<int>& items) {
    shown_ = items;
    if (use_table_) {
      table_->rows.clear();
      for (int i : items) {
        const Article& a = articles_[size_t(i)];
        table_->rows.push_back({a.title, a.section, a.updated});
      }
      table_->selected = -1;
      table_->scroll_to(0);
      if (Desktop* d = window_->desktop()) d->mark_dirty();
      return;
    }
    results_->clear_children();
    links_.clear();
    const Style& s = window_->desktop()->style();
    int y = 0;
    for (size_t k = 0; k < items.size(); ++k) {
      const Article& a = articles_[size_t(items[k])];
      Link* link = results_->add<Link>("result_" + std::to_string(k), a.title);
      Size ls = link->preferred_size(s);
      link->rect = {0, y, ls.width, ls.height};
      int index = items[k];
      link->on_click = [this, index] { open(index); };
      Label* snippet = results_->add<Label>("snippet_" + std::to_string(k), a.updated + " · " + a.snippet,
                                            TextRole::kSmall);
      Size ss = snippet->preferred_size(s);
      snippet->rect = {0, y + ls.height + s.px(2), std::min(ss.width, results_->rect.width), ss.height};
      links_.push_back(link);
      y += result_pitch_px(s);
    }
    if (Desktop* d = window_->desktop()) d->mark_dirty();
  }

  void open(int index) {
    if (opened_ < 0) opened_ = index;
  }

  std::vector<Article> articles_;
  std::vector<int> order_;
  std::vector<int> shown_;  // article index per shown result
  std::string query_, target_title_;
  int target_ = 0;
  int opened_ = -1;
  bool use_table_ = false;
  bool keyboard_search_ = false;
  Window* window_ = nullptr;
  TextField* field_ = nullptr;
  Button* search_button_ = nullptr;
  Label* status_ = nullptr;
  Table* table_ = nullptr;
  Panel* results_ = nullptr;
  std::vector<Link*> links_;
};


// ---- type_date / type_time ----

struct DateFormat {
  const char* pattern;  // what the form shows: "DD/MM/YYYY"
  char separator;
  char order[3];        // 'Y', 'M', 'D' in field order
};

const std::vector<DateFormat>& date_formats() {
  static const std::vector<DateFormat> list = {
      {"YYYY-MM-DD", '-', {'Y', 'M', 'D'}}, {"DD/MM/YYYY", '/', {'D', 'M', 'Y'}},
      {"MM/DD/YYYY", '/', {'M', 'D', 'Y'}}, {"DD.MM.YYYY", '.', {'D', 'M', 'Y'}}};
  return list;
}

struct Date {
  int year = 0, month = 0, day = 0;
  friend bool operator==(const Date&, const Date&) = default;
};

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

Date random_date(Rng& rng, int min_year, int max_year) {
  Date d;
  d.year = rng.uniform_int(min_year, max_year);
  d.month = rng.uniform_int(1, 12);
  d.day = rng.uniform_int(1, days_in_month(d.year, d.month));
  return d;
}

std::string format_date(const DateFormat& f, const Date& d) {
  std::string out;
  for (int i = 0; i < 3; ++i) {
    if (i > 0) out += f.separator;
    out += f.order[i] == 'Y' ? std::to_string(d.year) : two_digits(f.order[i] == 'M' ? d.month : d.day);
  }
  return out;
}

// Reads a date typed in format `f`; day and month may drop their leading zero ("5/3/2024").
std::optional<Date> parse_date(const DateFormat& f, const std::string& text) {
  std::vector<std::string> parts = split(trim(text), f.separator);
  if (parts.size() != 3) return std::nullopt;
  Date d;
  for (int i = 0; i < 3; ++i) {
    const std::string& p = parts[size_t(i)];
    if (f.order[i] == 'Y') {
      if (p.size() != 4) return std::nullopt;
      d.year = parse_digits(p, 4);
    } else {
      int v = parse_digits(p, 2);
      (f.order[i] == 'M' ? d.month : d.day) = v;
    }
  }
  if (d.year < 0 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
    return std::nullopt;
  return d;
}

std::string date_in_words(const Date& d, bool day_first) {
  const std::string& month = vocab::months()[size_t(d.month - 1)];
  if (day_first) return std::to_string(d.day) + " " + month + " " + std::to_string(d.year);
  return month + " " + std::to_string(d.day) + ", " + std::to_string(d.year);
}

// Reads "HH:MM" or "H:MM" (24-hour); -1 when it is not a time.
int parse_time_minutes(const std::string& text) {
  std::vector<std::string> parts = split(trim(text), ':');
  if (parts.size() != 2 || parts[1].size() != 2) return -1;
  int h = parse_digits(parts[0], 2), m = parse_digits(parts[1], 2);
  if (h < 0 || h > 23 || m < 0 || m > 59) return -1;
  return h * 60 + m;
}

std::string format_time_24h(int minutes) { return two_digits(minutes / 60) + ":" + two_digits(minutes % 60); }

std::string format_time_12h(int minutes) {
  int h = minutes / 60, m = minutes % 60;
  int h12 = h % 12 == 0 ? 12 : h % 12;
  return std::to_string(h12) + ":" + two_digits(m) + (h < 12 ? " AM" : " PM");
}

// Shared by the date and time forms: one target field in a stated format, a second field of the
// same kind (kept), and a pre-filled name or reference field (kept).
class FormattedFieldTask : public FormTask {
 public:
  using FormTask::FormTask;

  Action expert_action(Desktop& desktop) override {
    if (auto a = restore_kept(desktop)) return *a;
    if (auto a = expert::set_text(desktop, target_field_, expected_)) return *a;
    return submit_action(desktop);
  }

 protected:
  struct Spec {
    std::vector<std::string> titles;
    std::vector<std::string> labels;  // the target and the distractor field draw from these
    std::string format;               // shown in the placeholder and sometimes the label
    std::string format_note;          // label suffix: " (DD/MM/YYYY)"
  };

  // Lays the form out; `make_value` gives a random value already in the field's format.
  void build_form(Desktop& desktop, Rng& rng, const Spec& spec, const std::function<std::string(Rng&)>& make_value) {
    std::string title = rng.pick(spec.titles);
    make_window(desktop, title);
    Layout l(desktop, window_->content(), rng);
    add_header(l, rng, title);
    std::string colon = rng.chance(0.4) ? ":" : "";
    std::vector<int> picks = rng.sample_indices(int(spec.labels.size()), 2);
    target_label_ = spec.labels[size_t(picks[0])];
    bool target_filled = rng.chance(0.35);
    bool note_in_label = target_filled || rng.chance(0.4);
    bool hint_below = !note_in_label;
    int other_position = rng.uniform_int(0, 2);  // before the target, after it, or absent
    int name_position = rng.uniform_int(0, 1);

    auto add_name = [&] {
      bool person = rng.chance(0.5);
      std::string label = person ? "Name" : "Reference";
      std::string value = person ? vocab::full_name(rng) : vocab::order_number(rng);
      TextField* f = l.field("name", label + colon, "", false, 230);
      f->set_text(value);
      remember_initial(f);
      keep(f, label);
    };
    auto add_other = [&] {
      std::string label = spec.labels[size_t(picks[1])];
      TextField* f = l.field("other", label + (note_in_label ? spec.format_note : "") + colon, spec.format, false,
                             160);
      if (rng.chance(0.6)) f->set_text(make_value(rng));
      remember_initial(f);
      keep(f, label);
    };
    if (name_position == 0) add_name();
    if (other_position == 0) add_other();
    target_field_ = l.field("target", target_label_ + (note_in_label ? spec.format_note : "") + colon, spec.format,
                            false, 160);
    if (target_filled) target_field_->set_text(make_value(rng));
    remember_initial(target_field_);
    if (hint_below) {
      Label* hint = l.add<Label>("format_hint", "Format: " + spec.format, TextRole::kSmall);
      hint->rect.x = target_field_->rect.x;
    }
    if (other_position == 1) add_other();
    if (name_position == 1) add_name();
    if (rng.chance(0.4)) {
      TextField* notes = l.field("notes", std::string("Notes") + colon, "Optional", false, 240);
      remember_initial(notes);
      keep(notes, "Notes");
    }
    maybe_add_checkbox(l, rng);
    static const std::vector<std::string> commits = {"Submit", "Save", "Book", "Confirm", "Schedule", "OK"};
    add_buttons(l, rng, rng.pick(commits));
    window_->set_client_size(client_size(l, window_->content()));
  }

  TextField* target_field_ = nullptr;
  std::string target_label_;
  std::string expected_;  // what the expert types
};

// "Enter March 5, 2024 as the Start date": the field's format (YYYY-MM-DD, DD/MM/YYYY, ...) is on
// screen only; the instruction says the date in words.
class TypeDateTask : public FormattedFieldTask {
 public:
  TypeDateTask()
      : FormattedFieldTask({"type_date", "type",
                            "Type a date given in words into a date field, in the format the form shows, and submit",
                            20, 60, {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    format_ = rng.pick(date_formats());
    Spec spec{{"Book appointment", "Travel request", "Leave request", "New invoice", "Event details",
               "Delivery options", "Passport renewal", "Project milestone"},
              {"Start date", "End date", "Due date", "Date of birth", "Departure date", "Return date",
               "Check-in date", "Delivery date", "Appointment date", "Invoice date"},
              format_.pattern,
              std::string(" (") + format_.pattern + ")"};
    build_form(desktop, rng, spec, [this](Rng& r) { return format_date(format_, random_date(r, 1990, 2030)); });
    bool birth = target_label_ == "Date of birth";
    do date_ = birth ? random_date(rng, 1950, 2005) : random_date(rng, 2020, 2030);
    while (format_date(format_, date_) == target_field_->text());
    expected_ = format_date(format_, date_);
    std::string words = date_in_words(date_, rng.chance(0.4));
    std::string submit = "\"" + submit_->text() + "\"";
    if (rng.chance(0.5))
      instruction_ = "Enter " + words + " as the " + target_label_ + " and click " + submit + ".";
    else
      instruction_ = "Set the \"" + target_label_ + "\" field to " + words + " (in the format the form asks for), then click " +
                     submit + ".";
  }

 protected:
  std::string check_submission() const override {
    auto typed = parse_date(format_, target_field_->text());
    if (!typed) return "'" + target_label_ + "' reading '" + target_field_->text() + "', not a " + format_.pattern + " date";
    if (!(*typed == date_)) return "'" + target_label_ + "' reading '" + target_field_->text() + "' instead of " + expected_;
    return "";
  }

 private:
  DateFormat format_;
  Date date_;
};

// "Set the Start time to 3:45 PM": the field takes 24-hour HH:MM.
class TypeTimeTask : public FormattedFieldTask {
 public:
  TypeTimeTask()
      : FormattedFieldTask({"type_time", "type",
                            "Type a time (often given as AM/PM) into an HH:MM 24-hour field and submit", 20, 60,
                            {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    static const std::vector<std::string> notes = {" (HH:MM, 24-hour)", " (24h, HH:MM)", " (HH:MM)"};
    auto random_minutes = [](Rng& r) { return r.uniform_int(0, 23) * 60 + 5 * r.uniform_int(0, 11); };
    Spec spec{{"Schedule meeting", "Set reminder", "Shift details", "Pickup request", "Room booking", "Call back",
               "Class schedule", "Delivery slot"},
              {"Start time", "End time", "Reminder time", "Pickup time", "Departure time", "Meeting time",
               "Arrival time", "Check-in time"},
              "HH:MM",
              rng.pick(notes)};
    build_form(desktop, rng, spec, [&](Rng& r) { return format_time_24h(random_minutes(r)); });
    // Afternoons and evenings (where 12- and 24-hour differ) are the common case.
    do {
      minutes_ = rng.chance(0.7) ? rng.uniform_int(12, 23) * 60 + rng.uniform_int(0, 59) : rng.uniform_int(0, 1439);
    } while (format_time_24h(minutes_) == target_field_->text());
    expected_ = format_time_24h(minutes_);
    std::string spoken = rng.chance(0.75) ? format_time_12h(minutes_) : expected_;
    std::string submit = "\"" + submit_->text() + "\"";
    if (rng.chance(0.5))
      instruction_ = "Set the " + target_label_ + " to " + spoken + " and click " + submit + ".";
    else
      instruction_ = "Enter " + spoken + " in the \"" + target_label_ + "\" field using the format shown, then click " +
                     submit + ".";
  }

 protected:
  std::string check_submission() const override {
    int typed = parse_time_minutes(target_field_->text());
    if (typed < 0) return "'" + target_label_ + "' reading '" + target_field_->text() + "', not an HH:MM time";
    if (typed != minutes_) return "'" + target_label_ + "' reading '" + target_field_->text() + "' instead of " + expected_;
    return "";
  }

 private:
  int minutes_ = 0;
};

// ---- type_number ----

// Reads a whole number, allowing "36.0"; -1 otherwise.
long parse_whole_number(const std::string& text) {
  std::string t = trim(text);
  size_t dot = t.find('.');
  std::string whole = t.substr(0, dot);
  if (dot != std::string::npos) {
    std::string frac = t.substr(dot + 1);
    if (frac.empty() || frac.find_first_not_of('0') != std::string::npos) return -1;
  }
  return parse_digits(whole, 7);
}

// A quantity, guest count, hours or amount field; the number is given directly or (a third of
// episodes) through a small multiplication or division a person does in their head.
class TypeNumberTask : public FormTask {
 public:
  TypeNumberTask()
      : FormTask({"type_number", "type",
                  "Type a number (given directly or by a small sum) into a quantity or amount field and submit", 20,
                  60, {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    int context = rng.uniform_int(0, 3);
    bool compute = rng.chance(0.35);
    std::string colon = rng.chance(0.4) ? ":" : "";
    std::string explanation;
    std::string title, commit, field_label;
    switch (context) {
      case 0: {  // shop
        std::string product = rng.pick(vocab::products());
        title = product;
        field_label = "Quantity";
        commit = rng.chance(0.5) ? "Add to cart" : "Buy now";
        if (compute) {
          int boxes = rng.uniform_int(2, 9), per = rng.pick(std::vector<int>{6, 10, 12, 20, 24});
          value_ = boxes * per;
          explanation = "You need " + std::to_string(boxes) + " boxes of " + std::to_string(per) +
                        " items each. Enter the total number of items in \"Quantity\"";
        } else {
          value_ = rng.uniform_int(2, 60);
        }
        make_window(desktop, rng.chance(0.5) ? "Product details" : rng.pick(vocab::companies()) + " store");
        Layout l(desktop, window_->content(), rng);
        l.add<Label>("product", product, TextRole::kHeading);
        l.add<Label>("price", "$" + std::to_string(rng.uniform_int(3, 240)) + "." + two_digits(rng.pick(std::vector<int>{0, 49, 95, 99})),
                     TextRole::kBold);
        if (rng.chance(0.6)) l.add<Label>("stock", rng.chance(0.5) ? "In stock" : "Ships in 2-3 days", TextRole::kSuccess);
        if (rng.chance(0.5)) l.add<Label>("blurb", vocab::sentence(rng, rng.uniform_int(6, 10)), TextRole::kMuted);
        field_ = l.field("quantity", field_label + colon, "", false, 90);
        field_->set_text("1");
        remember_initial(field_);
        l.add<Label>("limit", "Limit 300 per order", TextRole::kSmall)->rect.x = field_->rect.x;
        if (rng.chance(0.5)) {
          TextField* coupon = l.field("coupon", std::string("Coupon code") + colon, "Optional", false, 160);
          remember_initial(coupon);
          keep(coupon, "Coupon code");
        }
        if (rng.chance(0.5)) l.add<Checkbox>("gift", "Gift wrap (+$4)", rng.chance(0.3));
        finish(l, rng, commit);
        break;
      }
      case 1: {  // event registration
        std::string event = vocab::capitalise(rng.pick(vocab::words())) + " " +
                            rng.pick(std::vector<std::string>{"workshop", "dinner", "conference", "meetup", "gala"});
        title = "Register: " + event;
        field_label = "Number of guests";
        commit = rng.chance(0.5) ? "Register" : "RSVP";
        if (compute) {
          int colleagues = rng.uniform_int(2, 9);
          value_ = colleagues + 1;
          explanation = "You are coming with " + std::to_string(colleagues) +
                        " colleagues. Enter the number of guests, yourself included, in \"Number of guests\"";
        } else {
          value_ = rng.uniform_int(2, 25);
        }
        make_window(desktop, title);
        Layout l(desktop, window_->content(), rng);
        l.add<Label>("event", event, TextRole::kHeading);
        l.add<Label>("when", std::to_string(rng.uniform_int(1, 28)) + " " + rng.pick(vocab::months()) + ", " +
                                 rng.pick(vocab::cities()), TextRole::kMuted);
        std::string name = vocab::full_name(rng);
        TextField* n = l.field("name", std::string("Name") + colon, "", false, 220);
        n->set_text(name);
        remember_initial(n);
        keep(n, "Name");
        field_ = l.field("guests", field_label + colon, "", false, 90);
        if (rng.chance(0.5)) field_->set_text("1");
        remember_initial(field_);
        if (rng.chance(0.5)) l.add<Label>("capacity", std::to_string(rng.uniform_int(30, 90)) + " seats left", TextRole::kSmall)->rect.x = field_->rect.x;
        if (rng.chance(0.5)) l.add<Checkbox>("diet", "Vegetarian meals", rng.chance(0.3));
        finish(l, rng, commit);
        break;
      }
      case 2: {  // timesheet
        title = "Timesheet";
        field_label = "Hours worked";
        commit = rng.chance(0.5) ? "Submit timesheet" : "Save";
        if (compute) {
          int days = rng.uniform_int(2, 6), hours = rng.uniform_int(4, 9);
          value_ = days * hours;
          explanation = "You worked " + std::to_string(days) + " days of " + std::to_string(hours) +
                        " hours. Enter the total in \"Hours worked\"";
        } else {
          value_ = rng.uniform_int(4, 60);
        }
        make_window(desktop, title + " - " + vocab::full_name(rng));
        Layout l(desktop, window_->content(), rng);
        l.add<Label>("week", "Week " + std::to_string(rng.uniform_int(1, 52)) + ", " + rng.pick(vocab::departments()),
                     TextRole::kHeading);
        TextField* project = l.field("project", std::string("Project") + colon, "", false, 220);
        project->set_text(vocab::capitalise(vocab::phrase(rng, 2)));
        remember_initial(project);
        keep(project, "Project");
        field_ = l.field("hours", field_label + colon, "", false, 90);
        if (rng.chance(0.5)) field_->set_text("0");
        remember_initial(field_);
        TextField* overtime = l.field("overtime", std::string("Overtime hours") + colon, "", false, 90);
        overtime->set_text(std::to_string(rng.uniform_int(0, 6)));
        remember_initial(overtime);
        keep(overtime, "Overtime hours");
        finish(l, rng, commit);
        break;
      }
      default: {  // payment / transfer
        title = rng.chance(0.5) ? "Send money" : "Make a payment";
        field_label = "Amount";
        commit = rng.chance(0.5) ? "Send" : "Pay";
        if (compute) {
          int people = rng.uniform_int(2, 6), share = 5 * rng.uniform_int(3, 40);
          value_ = share;
          explanation = "Split a bill of " + std::to_string(share * people) + " equally among " + std::to_string(people) +
                        " people. Enter one person's share in \"Amount\"";
        } else {
          value_ = rng.uniform_int(5, 900);
        }
        make_window(desktop, title);
        Layout l(desktop, window_->content(), rng);
        l.add<Label>("heading", title, TextRole::kHeading);
        l.add<Label>("balance", "Available balance: $" + std::to_string(rng.uniform_int(1000, 9000)) + ".00",
                     TextRole::kMuted);
        std::string name = vocab::full_name(rng);
        TextField* to = l.field("recipient", std::string("To") + colon, "", false, 220);
        to->set_text(name);
        remember_initial(to);
        keep(to, "To");
        field_ = l.field("amount", field_label + " (USD)" + colon, "0.00", false, 110);
        remember_initial(field_);
        TextField* ref = l.field("reference", std::string("Reference") + colon, "Optional", false, 220);
        if (rng.chance(0.5)) ref->set_text(vocab::capitalise(vocab::phrase(rng, 2)));
        remember_initial(ref);
        keep(ref, "Reference");
        finish(l, rng, commit);
        break;
      }
    }
    const std::string submit = "\"" + submit_->text() + "\"";
    if (compute) {
      instruction_ = explanation + ", then click " + submit + ".";
    } else if (rng.chance(0.5)) {
      instruction_ = "Enter " + std::to_string(value_) + " in the \"" + field_label + "\" field and click " + submit + ".";
    } else {
      instruction_ = "Set " + lower(field_label) + " to " + std::to_string(value_) + ", then click " + submit + ".";
    }
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = restore_kept(desktop)) return *a;
    long typed = parse_whole_number(field_->text());
    if (typed != value_)
      if (auto a = expert::set_text(desktop, field_, std::to_string(value_))) return *a;
    return submit_action(desktop);
  }

 protected:
  std::string check_submission() const override {
    if (parse_whole_number(field_->text()) == value_) return "";
    return "the number field reading '" + field_->text() + "' instead of " + std::to_string(value_);
  }

 private:
  void finish(Layout& l, Rng& rng, const std::string& commit) {
    add_buttons(l, rng, commit);
    window_->set_client_size(client_size(l, window_->content()));
  }

  TextField* field_ = nullptr;
  long value_ = 0;
};

}  // namespace

void register_type_tasks(std::vector<TaskEntry>& out) {
  out.push_back(make_task_entry<TypeTextTask>());
  out.push_back(make_task_entry<TypePasswordTask>());
  out.push_back(make_task_entry<TypeSearchTask>());
  out.push_back(make_task_entry<TypeDateTask>());
  out.push_back(make_task_entry<TypeTimeTask>());
  out.push_back(make_task_entry<TypeNumberTask>());
}

}  // namespace hemu
