// Multi-step family: tasks that chain several kinds of step in one window.
//
//   login_navigate    sign in (username, password), then open a section of the app and click a
//                     button there; wrong credentials show an error and stay on the sign-in form.
//   form_five_fields  a realistic form with exactly five inputs of mixed kinds (text, date,
//                     dropdown, radio group, check box) to fill with given values, then submit.
#include <algorithm>
#include <functional>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "sim/expert.h"
#include "sim/layout.h"
#include "sim/task.h"
#include "sim/tasks/task_kit.h"
#include "sim/vocab.h"

namespace hemu {
namespace {

using namespace task_kit;

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(uint8_t(c)));
  return s;
}

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(uint8_t(s[a]))) ++a;
  while (b > a && std::isspace(uint8_t(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

// Size of everything in `panel` plus a margin: a window's client size.
Size bounds_of(const Panel* panel, int margin_px) {
  Rect box;
  for (const auto& c : panel->children())
    if (c->visible) box = box.united(c->rect);
  return {box.right() + margin_px, box.bottom() + margin_px};
}

// Sets a window's client area to show `content` (a panel's size) without scroll bars: the
// window's scroll pane adds 12 logical pixels of padding after its content.
void fit_client(Desktop& desktop, Window* w, Size content) {
  int pad = desktop.style().px(12);
  w->set_client_size({content.width + pad, content.height + pad});
}

// Re-centres a window in the work area after its size changed.
void centre_window(Desktop& desktop, Window* w) {
  Rect area = desktop.work_area();
  w->rect.x = area.x + (area.width - w->rect.width) / 2;
  w->rect.y = area.y + (area.height - w->rect.height) / 2;
  desktop.fit_window(w);
  w->layout();
}

// A row caption in the layout's label column; returns the x where the row's input starts.
int place_caption(Layout& l, Panel* panel, const std::string& name, const std::string& text, int height) {
  Label* caption = panel->add<Label>(name, text);
  Size pref = caption->preferred_size(l.style());
  caption->rect = {0, 0, std::max(pref.width, l.label_column_px() - l.px(8)), height};
  l.place(caption, /*inline_row=*/false);
  return caption->rect.x + std::max(l.label_column_px(), pref.width + l.px(10));
}

// ============================================================================================
// login_navigate
// ============================================================================================

struct SectionSpec {
  const char* name;
  std::vector<std::string> actions;
};

const std::vector<SectionSpec>& section_catalog() {
  static const std::vector<SectionSpec> list = {
      {"Billing", {"Download invoice", "Update card", "Change plan", "View receipts", "Export"}},
      {"Settings", {"Save changes", "Reset defaults", "Change password", "Export data"}},
      {"Team", {"Invite member", "Remove member", "Export", "Manage roles"}},
      {"Reports", {"Generate report", "Download PDF", "Export", "Schedule report"}},
      {"Projects", {"New project", "Archive project", "Share", "Duplicate"}},
      {"Security", {"Enable 2FA", "Sign out everywhere", "View sessions", "Download backup codes"}},
      {"Notifications", {"Mark all read", "Mute all", "Save changes"}},
      {"Integrations", {"Connect Slack", "Add webhook", "Disconnect", "Sync now"}},
      {"Profile", {"Edit profile", "Upload photo", "Save changes"}},
      {"Orders", {"New order", "Export", "Print labels", "Refund"}},
      {"Customers", {"Add customer", "Import", "Export", "Merge duplicates"}},
      {"Inventory", {"Add item", "Reorder", "Export", "Adjust stock"}},
      {"Support", {"New ticket", "Contact us", "View tickets"}},
      {"Analytics", {"Download PDF", "Compare periods", "Export", "Share"}},
      {"Invoices", {"Create invoice", "Download invoice", "Send reminder", "Export"}},
      {"Files", {"Upload file", "New folder", "Share", "Download all"}},
  };
  return list;
}

// Sign in, open a section, click a button there. Success: the button in the right section is
// clicked after signing in; any other action button in the app is a wrong commit (-1).
class LoginNavigateTask : public BasicTask {
 public:
  LoginNavigateTask()
      : BasicTask({"login_navigate", "multi-step", "Sign in, open a section of the app and click a button there", 24,
                   120, {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    desktop_ = &desktop;
    const Style& s = desktop.style();
    static const std::vector<std::string> suffixes = {"Portal", "Console", "Cloud", "Hub", "Workspace", "Online"};
    std::string company = rng.pick(vocab::companies());
    app_name_ = company.substr(0, company.find(' ')) + " " + rng.pick(suffixes);
    std::string first = rng.pick(vocab::first_names()), last = rng.pick(vocab::last_names());
    switch (rng.uniform_int(0, 3)) {
      case 0: username_ = lower(first.substr(0, 1) + last); break;
      case 1: username_ = lower(first + "." + last); break;
      case 2: username_ = lower(first) + std::to_string(rng.uniform_int(10, 99)); break;
      default: username_ = lower(first + "_" + last.substr(0, 1)); break;
    }
    password_ = vocab::password(rng, rng.uniform_int(8, 11));

    window_ = desktop.create_window("app", app_name_ + " - Sign in", {s.px(420), s.px(360)});
    Panel* content = window_->content();
    build_login(desktop, rng, content);
    build_home(desktop, rng, content);
    fit_client(desktop, window_, login_panel_->rect.size());
    centre_window(desktop, window_);

    instruction_ = "Sign in as " + quoted(username_) + " with password " + quoted(password_) + ", then open " +
                   quoted(sections_[size_t(target_section_)].name) + " and click " + quoted(target_caption_) + ".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (clicked_section_ < 0) {
      if (!signed_in_) return {final, 0.0, "not signed in"};
      return {final, 0.0, "signed in but the button was not clicked"};
    }
    if (clicked_section_ == target_section_ && clicked_caption_ == target_caption_)
      return {true, 1.0, "clicked the right button in the right section"};
    return {true, -1.0, "clicked '" + clicked_caption_ + "' in " + sections_[size_t(clicked_section_)].name +
                            " instead of '" + target_caption_ + "' in " + sections_[size_t(target_section_)].name};
  }

  Action expert_action(Desktop& desktop) override {
    if (!signed_in_) {
      if (auto a = expert::set_text(desktop, user_field_, username_)) return *a;
      if (auto a = expert::set_text(desktop, password_field_, password_)) return *a;
      return expert::click(desktop, sign_in_);
    }
    if (current_ != target_section_) {
      if (tabs_ != nullptr)
        if (auto a = expert::select_tab(desktop, tabs_, target_section_)) return *a;
      if (!nav_links_.empty()) return expert::click(desktop, nav_links_[size_t(target_section_)]);
    }
    return expert::click(desktop, target_button_);
  }

 private:
  struct Section {
    std::string name;
    Panel* panel = nullptr;
  };

  void build_login(Desktop& desktop, Rng& rng, Panel* content) {
    login_panel_ = content->add<Panel>("login_panel");
    Layout l(desktop, login_panel_, rng, 24);
    l.add<Label>("login_heading", "Sign in to " + app_name_, TextRole::kHeading);
    if (rng.chance(0.7))
      l.add<Label>("login_intro", rng.chance(0.5) ? "Use your work account to continue." : "Welcome back! Please sign in.",
                   TextRole::kMuted);
    error_ = l.add<Label>("login_error", "Incorrect username or password.", TextRole::kDanger);
    error_->visible = false;
    bool email_style = rng.chance(0.3);
    user_field_ = l.field("username", email_style ? "User name" : "Username", rng.chance(0.5) ? "" : "name", false, 220);
    password_field_ = l.field("password", "Password", "", /*password=*/true, 220);
    std::string remember = rng.chance(0.5) ? "Keep me signed in" : "Remember me";
    bool remembered = rng.chance(0.3);
    l.add<Checkbox>("remember", remember, remembered);
    sign_in_ = l.add<Button>("sign_in", "Sign in");
    sign_in_->primary = true;
    sign_in_->on_click = [this] { try_sign_in(); };
    window_->default_button = sign_in_;
    Link* forgot = rng.chance(0.5) ? l.add_inline<Link>("forgot", "Forgot password?") : l.add<Link>("forgot", "Forgot password?");
    forgot->on_click = [this] {
      error_->set_text("A reset link was sent to your email.");
      show_error();
    };
    if (rng.chance(0.6)) l.add<Link>("create_account", "Create an account");
    Size size = l.size();
    login_panel_->rect = {0, 0, size.width, size.height};
  }

  void build_home(Desktop& desktop, Rng& rng, Panel* content) {
    const Style& s = desktop.style();
    auto px = [&](double v) { return s.px(v); };
    home_panel_ = content->add<Panel>("home_panel");
    home_panel_->visible = false;

    // Sections: 4-6 from the catalog, a plain overview first.
    static const std::vector<std::string> overviews = {"Dashboard", "Overview", "Home", "Summary"};
    int count = rng.uniform_int(3, 5);
    std::vector<int> picks = rng.sample_indices(int(section_catalog().size()), count);
    std::vector<std::vector<std::string>> actions;
    sections_.push_back({rng.pick(overviews)});
    actions.push_back(vocab::distinct(rng, {"Refresh", "Customize", "Export summary", "View all", "Share"}, 2));
    for (int p : picks) {
      const SectionSpec& spec = section_catalog()[size_t(p)];
      sections_.push_back({spec.name});
      int n = std::min(int(spec.actions.size()), rng.uniform_int(2, 4));
      actions.push_back(vocab::distinct(rng, spec.actions, n));
    }
    target_section_ = rng.uniform_int(1, int(sections_.size()) - 1);
    auto& target_actions = actions[size_t(target_section_)];
    target_caption_ = rng.pick(target_actions);
    // Often the same caption sits in another section too, so the section matters.
    if (rng.chance(0.5)) {
      int other = rng.uniform_int(1, int(sections_.size()) - 1);
      auto& list = actions[size_t(other)];
      if (other != target_section_ && std::find(list.begin(), list.end(), target_caption_) == list.end())
        list.insert(list.begin() + rng.uniform_int(0, int(list.size())), target_caption_);
    }

    // Header bar across the top; navigation (tabs, or a sidebar of links) and pages below.
    int margin = px(12);
    int width = px(rng.uniform_int(620, 700));
    Panel* header = home_panel_->add<Panel>("header");
    header->draw_background = true;
    header->background = s.theme.header_bg;
    header->rect = {margin, margin, width, px(44)};
    Label* brand = header->add<Label>("brand", app_name_, TextRole::kHeading);
    Size bs = brand->preferred_size(s);
    brand->rect = {px(14), (header->rect.height - bs.height) / 2, bs.width, bs.height};
    Link* sign_out_link = header->add<Link>("sign_out", "Sign out");
    Size ss = sign_out_link->preferred_size(s);
    sign_out_link->rect = {0, (header->rect.height - ss.height) / 2, ss.width, ss.height};
    sign_out_link->on_click = [this] { sign_out(); };
    Label* who = header->add<Label>("signed_in_as", "Signed in as " + username_, TextRole::kMuted);
    Size ws = who->preferred_size(s);
    who->rect = {0, (header->rect.height - ws.height) / 2, ws.width, ws.height};

    int top = header->rect.bottom() + px(rng.uniform_int(10, 18));
    bool use_tabs = rng.chance(0.5);
    int page_x = margin, page_w = width;
    Panel* side = nullptr;
    if (use_tabs) {
      tabs_ = home_panel_->add<Tabs>("nav_tabs");
      for (size_t i = 0; i < sections_.size(); ++i)
        sections_[i].panel = tabs_->add_page("page_" + std::to_string(i), sections_[i].name);
      tabs_->on_change = [this](int i) { go_to(i); };
    } else {
      int side_w = px(rng.uniform_int(130, 160));
      side = home_panel_->add<Panel>("sidebar");
      side->draw_background = true;
      side->background = s.theme.header_bg.mix(s.theme.window_bg, 0.5);
      nav_highlight_ = side->add<Panel>("nav_highlight");
      nav_highlight_->draw_background = true;
      nav_highlight_->background = s.theme.selection_bg.with_alpha(70);
      int y = px(10);
      for (size_t i = 0; i < sections_.size(); ++i) {
        Link* link = side->add<Link>("nav_" + std::to_string(i), sections_[i].name);
        Size size = link->preferred_size(s);
        link->rect = {px(14), y + (px(30) - size.height) / 2, size.width, size.height};
        link->on_click = [this, i] { go_to(int(i)); };
        nav_links_.push_back(link);
        y += px(30) + px(rng.uniform_int(0, 4));
      }
      side->rect = {margin, top, side_w, y + px(10)};
      page_x = side->rect.right() + px(rng.uniform_int(12, 20));
      page_w = margin + width - page_x;
      for (size_t i = 0; i < sections_.size(); ++i) {
        sections_[i].panel = home_panel_->add<Panel>("page_" + std::to_string(i));
        sections_[i].panel->visible = i == 0;
      }
    }

    // Section pages: title, a line of text, a few facts, the action buttons.
    int page_h = 0;
    for (size_t i = 0; i < sections_.size(); ++i) {
      Panel* page = sections_[i].panel;
      std::string id = std::to_string(i);
      Layout l(desktop, page, rng, 12);
      l.add<Label>("title_" + id, sections_[i].name, TextRole::kHeading);
      Label* intro = page->add<Label>("intro_" + id, section_intro(rng, sections_[i].name), TextRole::kMuted);
      intro->wrap_width_px = page_w - px(40);
      l.place(intro, /*inline_row=*/false);
      int key_w = px(rng.uniform_int(100, 130));
      int value_x = -1;  // one column for the values
      for (int k : rng.sample_indices(kInfoRows, rng.uniform_int(2, 3))) {
        auto [key, value] = info_row(rng, k);
        Label* key_label = page->add<Label>("info_key_" + id + "_" + std::to_string(k), key, TextRole::kBold);
        Size pref = key_label->preferred_size(s);
        key_label->rect = {0, 0, std::max(pref.width, key_w), pref.height};
        l.place(key_label, /*inline_row=*/false);
        Label* value_label = l.add_inline<Label>("info_value_" + id + "_" + std::to_string(k), value);
        if (value_x < 0) value_x = value_label->rect.x;
        value_label->rect.x = value_x;
      }
      l.gap(6);
      const auto& list = actions[i];
      int per_row = rng.uniform_int(2, 4);
      for (size_t k = 0; k < list.size(); ++k) {
        std::string name = "action_" + id + "_" + std::to_string(k);
        Button* b = k % size_t(per_row) == 0 ? l.add<Button>(name, list[k]) : l.add_inline<Button>(name, list[k]);
        b->on_click = [this, i, caption = list[k]] {
          if (clicked_section_ >= 0) return;
          clicked_section_ = int(i);
          clicked_caption_ = caption;
        };
        if (int(i) == target_section_ && list[k] == target_caption_) target_button_ = b;
      }
      Size size = l.size();
      page_h = std::max(page_h, size.height);
      page_w = std::max(page_w, size.width);
    }
    width = std::max(width, page_x + page_w - margin);
    if (use_tabs) {
      tabs_->rect = {margin, top, width, tabs_->header_height_px() + page_h};
      tabs_->layout_pages();
    } else {
      for (auto& sec : sections_) sec.panel->rect = {page_x, top, margin + width - page_x, page_h};
      side->rect.height = std::max(side->rect.height, page_h);
    }
    header->rect.width = width;
    sign_out_link->rect.x = width - px(14) - ss.width;
    who->rect.x = sign_out_link->rect.x - px(16) - ws.width;
    Size home = bounds_of(home_panel_, 0);
    home_panel_->rect = {0, 0, home.width, home.height};
    update_nav();
  }

  static std::string section_intro(Rng& rng, const std::string& section) {
    switch (rng.uniform_int(0, 3)) {
      case 0: return "Manage your " + lower(section) + " and related preferences.";
      case 1: return "Everything about " + lower(section) + " in one place.";
      case 2: return "Changes here apply to your whole " + rng.pick(vocab::words()) + " workspace.";
      default: return vocab::sentence(rng, rng.uniform_int(5, 8));
    }
  }

  static constexpr int kInfoRows = 8;
  static std::pair<std::string, std::string> info_row(Rng& rng, int which) {
    switch (which) {
      case 0: return {"Owner", vocab::full_name(rng)};
      case 1: {
        std::string month = rng.pick(vocab::months());
        return {"Last updated", month + " " + std::to_string(rng.uniform_int(1, 28))};
      }
      case 2: return {"Plan", rng.pick(std::vector<std::string>{"Free", "Starter", "Pro", "Business", "Enterprise"})};
      case 3: return {"Region", rng.pick(vocab::cities())};
      case 4: return {"Members", std::to_string(rng.uniform_int(2, 90))};
      case 5: return {"Balance", "$" + std::to_string(rng.uniform_int(10, 9999)) + ".00"};
      case 6: return {"Status", rng.pick(std::vector<std::string>{"Active", "Pending", "Paused", "Up to date"})};
      default: return {"Reference", vocab::order_number(rng)};
    }
  }

  void show_error() {
    error_->visible = true;
    Size pref = error_->preferred_size(desktop_->style());
    error_->rect.width = pref.width;
    desktop_->mark_dirty();
  }

  void try_sign_in() {
    if (signed_in_) return;
    if (trim(user_field_->text()) != username_ || password_field_->text() != password_) {
      error_->set_text("Incorrect username or password.");
      show_error();
      password_field_->set_text("");
      return;
    }
    signed_in_ = true;
    error_->visible = false;
    login_panel_->visible = false;
    home_panel_->visible = true;
    desktop_->set_focus(nullptr);
    window_->scroll_pane()->scroll_to({0, 0});
    fit_client(*desktop_, window_, home_panel_->rect.size());
    centre_window(*desktop_, window_);
    update_nav();
  }

  void sign_out() {
    if (!signed_in_) return;
    signed_in_ = false;
    home_panel_->visible = false;
    login_panel_->visible = true;
    user_field_->set_text("");
    password_field_->set_text("");
    desktop_->set_focus(nullptr);
    window_->scroll_pane()->scroll_to({0, 0});
    fit_client(*desktop_, window_, login_panel_->rect.size());
    centre_window(*desktop_, window_);
    window_->title = app_name_ + " - Sign in";
  }

  void go_to(int i) {
    current_ = i;
    if (tabs_ == nullptr)
      for (size_t k = 0; k < sections_.size(); ++k) sections_[k].panel->visible = int(k) == i;
    update_nav();
  }

  void update_nav() {
    if (signed_in_) window_->title = sections_[size_t(current_)].name + " - " + app_name_;
    if (nav_highlight_ != nullptr) {
      const Style& s = desktop_->style();
      Link* link = nav_links_[size_t(current_)];
      nav_highlight_->rect = {s.px(4), link->rect.y - s.px(6), link->parent()->rect.width - s.px(8),
                              link->rect.height + s.px(12)};
    }
    desktop_->mark_dirty();
  }

  Desktop* desktop_ = nullptr;
  std::string app_name_, username_, password_;
  Window* window_ = nullptr;
  Panel* login_panel_ = nullptr;
  Panel* home_panel_ = nullptr;
  Label* error_ = nullptr;
  TextField* user_field_ = nullptr;
  TextField* password_field_ = nullptr;
  Button* sign_in_ = nullptr;
  Tabs* tabs_ = nullptr;
  std::vector<Link*> nav_links_;
  Panel* nav_highlight_ = nullptr;
  std::vector<Section> sections_;
  int target_section_ = 1;
  std::string target_caption_;
  Button* target_button_ = nullptr;
  bool signed_in_ = false;
  int current_ = 0;
  int clicked_section_ = -1;
  std::string clicked_caption_;
};

// ============================================================================================
// form_five_fields
// ============================================================================================

enum class InputKind { kText, kDate, kDropdown, kRadio, kCheckbox };

struct FieldDef {
  InputKind kind = InputKind::kText;
  std::string label;                 // row caption (check box: its own text)
  std::string value;                 // text/date: the text; dropdown/radio: the option
  bool checked = false;              // check box: wanted state
  std::vector<std::string> options;  // dropdown/radio
  std::string placeholder;
  std::string decoy;                 // text/date: a wrong value of the same kind
};

struct FormDef {
  std::string title;
  std::string intro;
  std::vector<std::string> submit_captions;
  std::vector<FieldDef> fields;  // candidates in natural order
};

// Value generators draw from the rng one call per statement: the order in which C++ evaluates
// function arguments or the operands of + is unspecified, and seeds must give the same form on
// every compiler.
using TextGen = std::function<std::string()>;

// A typed field: the wanted value and a different decoy of the same kind (the field sometimes
// starts with the decoy, like a form being edited).
FieldDef text_def(std::string label, const TextGen& gen, std::string placeholder = "") {
  FieldDef f{InputKind::kText, std::move(label), gen(), false, {}, std::move(placeholder), ""};
  for (int i = 0; i < 8 && (f.decoy.empty() || f.decoy == f.value); ++i) f.decoy = gen();
  return f;
}

FieldDef choice_def(InputKind kind, std::string label, Rng& rng, std::vector<std::string> options) {
  FieldDef f{kind, std::move(label), "", false, std::move(options), "", ""};
  f.value = rng.pick(f.options);
  return f;
}

FieldDef check_def(std::string label, Rng& rng) {
  return {InputKind::kCheckbox, std::move(label), "", rng.chance(0.5), {}, "", ""};
}

FieldDef date_def(std::string label, Rng& rng) {
  bool us = rng.chance(0.5);
  TextGen gen = [&rng, us] {
    int year = rng.uniform_int(2024, 2027);
    int month = rng.uniform_int(1, 12);
    int day = rng.uniform_int(1, 28);
    auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    if (us) return two(month) + "/" + two(day) + "/" + std::to_string(year);
    return std::to_string(year) + "-" + two(month) + "-" + two(day);
  };
  FieldDef f = text_def(std::move(label), gen, us ? "MM/DD/YYYY" : "YYYY-MM-DD");
  f.kind = InputKind::kDate;
  return f;
}

// Between lo and hi distinct entries of a list (dropdown options; the value is picked among them).
std::vector<std::string> some(Rng& rng, const std::vector<std::string>& list, int lo, int hi) {
  int n = rng.uniform_int(lo, hi);
  return vocab::distinct(rng, list, n);
}

FormDef make_form(Rng& rng) {
  // Name and email belong together: the first call is the wanted person, later ones decoys.
  std::vector<std::string> names;
  TextGen name = [&] {
    names.push_back(vocab::full_name(rng));
    return names.back();
  };
  size_t email_calls = 0;
  TextGen email = [&] {
    std::string n = email_calls < names.size() ? names[email_calls] : vocab::full_name(rng);
    ++email_calls;
    return vocab::email_for(n, rng);
  };
  TextGen company = [&] { return rng.pick(vocab::companies()); };
  TextGen phone = [&] { return vocab::phone(rng); };
  TextGen city = [&] { return rng.pick(vocab::cities()); };
  TextGen street = [&] {
    int number = rng.uniform_int(2, 480);
    return std::to_string(number) + " " + rng.pick(vocab::streets());
  };
  TextGen postal = [&] { return std::to_string(rng.uniform_int(10000, 99999)); };
  TextGen order = [&] { return vocab::order_number(rng); };
  TextGen product = [&] { return rng.pick(vocab::products()); };
  switch (rng.uniform_int(0, 4)) {
    case 0:
      return {"New customer", "Add a customer to your " + rng.pick(vocab::companies()) + " account.",
              {"Create customer", "Save customer", "Submit"},
              {text_def("Full name", name), text_def("Email", email, "name@example.com"), text_def("Company", company),
               text_def("Phone", phone, "555-0100"),
               choice_def(InputKind::kDropdown, "Country", rng, some(rng, vocab::countries(), 6, 12)),
               choice_def(InputKind::kRadio, "Customer type", rng, {"Individual", "Business", "Nonprofit"}),
               choice_def(InputKind::kDropdown, "Account tier", rng, {"Free", "Standard", "Premium", "Enterprise"}),
               check_def("Send welcome email", rng), date_def("Customer since", rng)}};
    case 1:
      return {"Shipping address", "Where should we deliver your order " + vocab::order_number(rng) + "?",
              {"Save address", "Continue", "Submit"},
              {text_def("Recipient", name), text_def("Street address", street), text_def("City", city),
               text_def("Postal code", postal),
               choice_def(InputKind::kDropdown, "Country", rng, some(rng, vocab::countries(), 6, 12)),
               choice_def(InputKind::kRadio, "Delivery speed", rng, {"Standard", "Express", "Overnight"}),
               check_def("Signature required", rng), date_def("Delivery date", rng)}};
    case 2:
      return {"Job application", "Apply for a role at " + rng.pick(vocab::companies()) + ".",
              {"Submit application", "Apply", "Submit"},
              {text_def("Full name", name), text_def("Email", email, "you@example.com"), text_def("Phone", phone),
               choice_def(InputKind::kDropdown, "Department", rng, some(rng, vocab::departments(), 6, 10)),
               choice_def(InputKind::kRadio, "Employment type", rng, {"Full-time", "Part-time", "Contract"}),
               choice_def(InputKind::kDropdown, "Experience", rng,
                          {"Less than 1 year", "1-3 years", "3-5 years", "5-10 years", "More than 10 years"}),
               date_def("Available from", rng), check_def("Willing to relocate", rng)}};
    case 3:
      return {"Event registration", "Register for the " + vocab::capitalise(vocab::phrase(rng, 2)) + " conference.",
              {"Register", "Submit", "Complete registration"},
              {text_def("Attendee name", name), text_def("Email", email), text_def("Organisation", company),
               choice_def(InputKind::kRadio, "Ticket type", rng, {"General", "VIP", "Student"}),
               choice_def(InputKind::kDropdown, "Session", rng,
                          {"Morning keynote", "Afternoon workshop", "Evening panel", "Networking lunch", "Closing talk"}),
               choice_def(InputKind::kDropdown, "Dietary needs", rng,
                          {"None", "Vegetarian", "Vegan", "Gluten-free", "Halal", "Kosher"}),
               date_def("Arrival date", rng), check_def("Join the mailing list", rng)}};
    default:
      return {"Support ticket", "Tell us what went wrong and we will get back to you.",
              {"Submit ticket", "Send", "Submit"},
              {text_def("Your name", name), text_def("Email", email), text_def("Order number", order),
               choice_def(InputKind::kDropdown, "Category", rng, {"Billing", "Shipping", "Returns", "Technical", "Other"}),
               choice_def(InputKind::kRadio, "Priority", rng, {"Low", "Normal", "High", "Urgent"}),
               text_def("Product", product), check_def("Email me updates", rng), date_def("Purchase date", rng)}};
  }
}

// Five inputs of mixed kinds, filled with given values, then Submit: +1 when every input holds
// its value on submit, -1 for a submit with any wrong value or for Cancel.
class FormFiveFieldsTask : public BasicTask {
 public:
  FormFiveFieldsTask()
      : BasicTask({"form_five_fields", "multi-step", "Fill a five-input form (text, dropdown, radio, check box) and submit",
                   36, 180, {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    const Style& s = desktop.style();
    FormDef form = make_form(rng);
    fields_ = choose_fields(rng, form.fields);
    std::string submit_caption = rng.pick(form.submit_captions);

    Window* w = desktop.create_window("form", form.title, {s.px(500), s.px(400)});
    Panel* panel = w->content();
    Layout l(desktop, panel, rng, 18);
    l.add<Label>("form_title", form.title, TextRole::kHeading);
    if (rng.chance(0.8)) l.add<Label>("form_intro", form.intro, TextRole::kMuted);
    l.gap(4);
    int field_h = s.px(28);
    double field_width = rng.uniform_int(210, 260);  // logical, one width for the whole form
    for (size_t i = 0; i < fields_.size(); ++i) {
      FieldDef& f = fields_[i];
      Input in;
      std::string name = "field_" + std::to_string(i);
      switch (f.kind) {
        case InputKind::kText:
        case InputKind::kDate: {
          in.text = l.field(name, f.label, f.placeholder, false, field_width);
          if (rng.chance(0.15)) in.text->set_text(f.decoy);
          break;
        }
        case InputKind::kDropdown: {
          int x = place_caption(l, panel, name + "_label", f.label, field_h);
          int initial = rng.chance(0.5) ? -1 : rng.uniform_int(0, int(f.options.size()) - 1);
          in.dropdown = panel->add<Dropdown>(name, f.options, initial);
          l.place(in.dropdown, /*inline_row=*/true);
          in.dropdown->rect.x = x;
          break;
        }
        case InputKind::kRadio: {
          int x = place_caption(l, panel, name + "_label", f.label, field_h);
          int initial = rng.chance(0.5) ? rng.uniform_int(0, int(f.options.size()) - 1) : -1;
          for (size_t k = 0; k < f.options.size(); ++k) {
            Radio* r = panel->add<Radio>(name + "_" + std::to_string(k), name, f.options[k]);
            l.place(r, /*inline_row=*/true);
            r->rect.x = x;
            x = r->rect.right() + s.px(rng.uniform_int(12, 20));
            if (int(k) == initial) r->select();
            in.radios.push_back(r);
          }
          break;
        }
        case InputKind::kCheckbox: {
          bool initial = rng.chance(0.6) ? !f.checked : f.checked;
          in.checkbox = panel->add<Checkbox>(name, f.label, initial);
          l.place(in.checkbox, /*inline_row=*/false);
          in.checkbox->rect.x = panel->children()[0]->rect.x + l.label_column_px();
          break;
        }
      }
      inputs_.push_back(in);
    }
    if (rng.chance(0.6)) l.add<Label>("required_hint", "All fields are required.", TextRole::kMuted);
    l.gap(8);
    submit_ = nullptr;
    std::vector<int> order{0, 1, 2};
    rng.shuffle(order);
    bool first = true;
    for (int which : order) {
      auto add = [&](const std::string& name, const std::string& caption) {
        Button* b = first ? l.add<Button>(name, caption) : l.add_inline<Button>(name, caption);
        first = false;
        return b;
      };
      if (which == 0) {
        submit_ = add("submit", submit_caption);
        submit_->primary = true;
        submit_->on_click = [this] { submitted_ = true; };
      } else if (which == 1) {
        Button* cancel = add("cancel", "Cancel");
        cancel->on_click = [this] { cancelled_ = true; };
        w->cancel_button = cancel;
      } else if (rng.chance(0.7)) {
        Button* draft = add("save_draft", rng.chance(0.5) ? "Save draft" : "Save for later");
        draft->on_click = [this, &desktop] { desktop.record_event("draft"); };
      }
    }
    w->default_button = submit_;
    if (rng.chance(0.5)) l.add<Link>("privacy", "Privacy policy");
    w->set_client_size(bounds_of(panel, s.px(18)));
    centre_window(desktop, w);

    std::string steps;
    for (size_t i = 0; i < fields_.size(); ++i) {
      const FieldDef& f = fields_[i];
      std::string step;
      switch (f.kind) {
        case InputKind::kText:
        case InputKind::kDate: step = "enter " + quoted(f.value) + " as " + f.label; break;
        case InputKind::kDropdown: step = "select " + quoted(f.value) + " as " + f.label; break;
        case InputKind::kRadio: step = "choose " + quoted(f.value) + " for " + f.label; break;
        case InputKind::kCheckbox: {
          bool initial = inputs_[i].checkbox->checked();
          if (f.checked) step = (initial ? "leave " + quoted(f.label) + " checked" : "check " + quoted(f.label));
          else step = (initial ? "uncheck " + quoted(f.label) : "leave " + quoted(f.label) + " unchecked");
          break;
        }
      }
      steps += (i == 0 ? "" : i + 1 == fields_.size() ? " and " : ", ") + step;
    }
    instruction_ = "Fill in the " + form.title + " form: " + steps + ". Then click " + quoted(submit_caption) + ".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (cancelled_) return {true, -1.0, "cancelled the form"};
    if (!submitted_) return {final, 0.0, "not submitted"};
    for (size_t i = 0; i < fields_.size(); ++i)
      if (!holds(i)) return {true, -1.0, "submitted with a wrong " + fields_[i].label};
    return {true, 1.0, "submitted the right values"};
  }

  Action expert_action(Desktop& desktop) override {
    // The field in hand first: a person finishes the dropdown they opened or the field they clicked
    // into before going back to an earlier one (closing it with Escape taught an odd action when
    // the model filled fields out of order).
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (holds(i)) continue;
      const FieldDef& f = fields_[i];
      const Input& in = inputs_[i];
      if (in.dropdown != nullptr && in.dropdown->is_open())
        if (auto a = expert::select_option(desktop, in.dropdown, option_index(f))) return *a;
      if (in.text != nullptr && desktop.focus() == in.text)
        if (auto a = expert::set_text(desktop, in.text, f.value)) return *a;
    }
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (holds(i)) continue;
      const FieldDef& f = fields_[i];
      const Input& in = inputs_[i];
      std::optional<Action> a;
      switch (f.kind) {
        case InputKind::kText:
        case InputKind::kDate: a = expert::set_text(desktop, in.text, f.value); break;
        case InputKind::kDropdown: a = expert::select_option(desktop, in.dropdown, option_index(f)); break;
        case InputKind::kRadio: a = expert::select_radio(desktop, in.radios[size_t(option_index(f))]); break;
        case InputKind::kCheckbox: a = expert::set_checked(desktop, in.checkbox, f.checked); break;
      }
      if (a) return *a;
    }
    return expert::click(desktop, submit_);
  }

 private:
  struct Input {
    TextField* text = nullptr;
    Dropdown* dropdown = nullptr;
    std::vector<Radio*> radios;
    Checkbox* checkbox = nullptr;
  };

  // Five fields: at least two typed (text or date), one dropdown, one radio or check box.
  static std::vector<FieldDef> choose_fields(Rng& rng, const std::vector<FieldDef>& all) {
    auto typed = [](const FieldDef& f) { return f.kind == InputKind::kText || f.kind == InputKind::kDate; };
    std::vector<int> order(all.size());
    for (size_t i = 0; i < all.size(); ++i) order[i] = int(i);
    rng.shuffle(order);
    std::vector<int> chosen;
    auto take = [&](auto pred, int n) {
      for (int i : order)
        if (n > 0 && pred(all[size_t(i)]) && std::find(chosen.begin(), chosen.end(), i) == chosen.end()) {
          chosen.push_back(i);
          --n;
        }
    };
    take(typed, 2);
    take([](const FieldDef& f) { return f.kind == InputKind::kDropdown; }, 1);
    take([](const FieldDef& f) { return f.kind == InputKind::kRadio || f.kind == InputKind::kCheckbox; }, 1);
    take([](const FieldDef&) { return true; }, 5 - int(chosen.size()));
    std::sort(chosen.begin(), chosen.end());
    std::vector<FieldDef> out;
    for (int i : chosen) out.push_back(all[size_t(i)]);
    return out;
  }

  static int option_index(const FieldDef& f) {
    return int(std::find(f.options.begin(), f.options.end(), f.value) - f.options.begin());
  }

  bool holds(size_t i) const {
    const FieldDef& f = fields_[i];
    const Input& in = inputs_[i];
    switch (f.kind) {
      case InputKind::kText:
      case InputKind::kDate: return trim(in.text->text()) == f.value;
      case InputKind::kDropdown: return in.dropdown->selected() == option_index(f);
      case InputKind::kRadio: return in.radios[size_t(option_index(f))]->checked();
      case InputKind::kCheckbox: return in.checkbox->checked() == f.checked;
    }
    return false;
  }

  std::vector<FieldDef> fields_;
  std::vector<Input> inputs_;
  Button* submit_ = nullptr;
  bool submitted_ = false;
  bool cancelled_ = false;
};

}  // namespace

void register_multistep_tasks(std::vector<TaskEntry>& out) {
  out.push_back(make_task_entry<LoginNavigateTask>());
  out.push_back(make_task_entry<FormFiveFieldsTask>());
}

}  // namespace hemu
