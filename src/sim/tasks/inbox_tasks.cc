// Inbox family: tasks in an email client.
//
// One InboxApp serves every task: a main window with folders (Inbox, Starred, Sent, Drafts,
// Trash) on the left, a message table (star, From, Subject, Date; unread rows in bold) and a
// reading pane with Reply, Forward, Delete, Star and Mark unread; Reply, Forward and New message
// open a compose window (To, Cc, Subject prefilled "Re: ..." / "Fwd: ...", a body, Send). A task
// seeds the mailbox (generate), bends it to its needs (a sender with exactly two messages, a
// look-alike name), builds the UI (show) and judges what the app recorded: messages sent, deleted,
// starred, folders opened. Experts drive the app through expert_show() and the expert.h helpers.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>
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

// ---- small text helpers ----

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(uint8_t(s[a]))) ++a;
  while (b > a && std::isspace(uint8_t(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(uint8_t(c)));
  return s;
}

std::string first_name(const std::string& full) { return full.substr(0, full.find(' ')); }

const std::vector<std::string>& weekdays() {
  static const std::vector<std::string> list = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
  return list;
}

// True when a recipient field names `address` ("a@b.c", "Name <a@b.c>", any case, spaces).
bool names_address(const std::string& field, const std::string& address) {
  std::string f = lower(trim(field)), a = lower(address);
  if (f == a) return true;
  return f.size() > a.size() + 2 && f.back() == '>' && f.compare(f.size() - a.size() - 2, a.size() + 2, "<" + a + ">") == 0 &&
         f.find(',') == std::string::npos;
}

// ---- the mailbox ----

struct Person {
  std::string name;
  std::string address;
};

enum class Folder { kInbox, kSent, kTrash, kGone };

struct Message {
  Person from;
  Person to;
  std::string subject;
  std::string body;
  std::string date_short;  // table column: "10:42", "Yesterday", "Mar 12"
  std::string date_long;   // reading pane: "Mar 12, 10:42"
  int order = 0;           // larger is newer
  Folder folder = Folder::kInbox;
  bool unread = false;
  bool starred = false;
};

enum class ComposeMode { kNew, kReply, kForward };

struct SentMail {
  ComposeMode mode = ComposeMode::kNew;
  int source = -1;  // the message replied to or forwarded
  std::string to, cc, subject, body;
};

// A 5-point star centred at c, outer radius r.
void paint_star(Canvas& canvas, Point c, double r, bool filled, Color fill, Color outline) {
  double xs[10], ys[10];
  for (int k = 0; k < 10; ++k) {
    double angle = -1.5707963267948966 + k * 0.6283185307179586;
    double radius = k % 2 == 0 ? r : r * 0.45;
    xs[k] = c.x + radius * std::cos(angle);
    ys[k] = c.y + radius * std::sin(angle);
  }
  for (int k = 0; k < 10; ++k) {
    int n = (k + 1) % 10;
    if (filled) canvas.fill_triangle(c.x, c.y, xs[k], ys[k], xs[n], ys[n], fill);
    canvas.draw_line(xs[k], ys[k], xs[n], ys[n], filled ? fill : outline, 1.0);
  }
}

// The message list: a Table whose first (narrow) column shows a star for starred messages.
class MessageTable : public Table {
 public:
  using Table::Table;
  std::vector<bool> row_starred;

  void paint(Painter& p) override {
    Table::paint(p);
    if (columns.empty()) return;
    const Theme& t = p.style.theme;
    p.canvas.push_clip(viewport_screen_rect().inset(1));
    int h = row_height_px();
    int first = scroll_px() / h, last = std::min(row_count() - 1, (scroll_px() + p.rect.height) / h);
    for (int i = std::max(0, first); i <= last; ++i) {
      Rect cell = cell_screen_rect(i, 0);
      bool on = size_t(i) < row_starred.size() && row_starred[size_t(i)];
      double r = std::min(cell.width, cell.height) * 0.32;
      paint_star(p.canvas, cell.center(), r, on, Color{236, 172, 32, 255}, t.text_muted.with_alpha(110));
    }
    p.canvas.pop_clip();
  }
};

class InboxApp {
 public:
  static constexpr int kInboxRow = 0;

  // ---- content: tasks may edit people and messages between generate() and show() ----
  Person me;
  std::vector<Person> people;
  std::vector<Message> messages;  // id = index; inbox newest first, then the sent ones

  // A person whose name differs from everyone's so far.
  Person new_person(Rng& rng) {
    for (;;) {
      std::string name = vocab::full_name(rng);
      bool taken = name == me.name;
      for (const auto& p : people) taken = taken || p.name == name;
      if (!taken) return {name, vocab::email_for(name, rng)};
    }
  }

  std::string new_subject(Rng& rng) {
    for (;;) {
      std::string s = make_subject(rng);
      bool taken = false;
      for (const auto& m : messages) taken = taken || lower(m.subject) == lower(s);
      if (!taken) return s;
    }
  }

  std::string make_body(Rng& rng, const Person& from, const Person& to) const {
    static const std::vector<std::string> greetings = {"Hi", "Hello", "Dear", "Hey", "Good morning"};
    static const std::vector<std::string> closings = {"Thanks,", "Best,", "Regards,", "Cheers,", "Kind regards,",
                                                      "Many thanks,"};
    std::string text = rng.pick(greetings) + " " + first_name(to.name) + ",\n\n";
    int n = rng.uniform_int(2, 3);
    std::vector<int> kinds = rng.sample_indices(kSentenceKinds, n);  // no sentence twice
    for (int i = 0; i < n; ++i) text += (i ? " " : "") + make_sentence(rng, kinds[size_t(i)]);
    text += "\n\n" + rng.pick(closings) + "\n" + first_name(from.name);
    return text;
  }

  // Fills the mailbox with `inbox_count` received messages (newest first) and a few sent ones.
  void generate(Rng& rng, int inbox_count) {
    me = new_person(rng);
    int n_people = std::max(5, inbox_count * 2 / 3);
    for (int i = 0; i < n_people; ++i) people.push_back(new_person(rng));
    month_ = rng.uniform_int(0, 11);
    day_ = rng.uniform_int(8, 28);
    int minute = rng.uniform_int(8 * 60 + 5, 17 * 60 + 50);
    int days_back = 0;
    for (int i = 0; i < inbox_count; ++i) {
      if (i > 0) {
        minute -= rng.uniform_int(12, 420);
        while (minute < 7 * 60) {
          ++days_back;
          minute += rng.uniform_int(9 * 60, 11 * 60);
        }
      }
      Message m;
      m.from = rng.pick(people);
      m.to = me;
      m.subject = new_subject(rng);
      m.body = make_body(rng, m.from, m.to);
      set_date(m, days_back, minute);
      m.order = 2 * (inbox_count - i) + 10;
      m.unread = rng.chance(i < inbox_count / 3 ? 0.6 : 0.15);
      m.starred = rng.chance(0.12);
      messages.push_back(m);
    }
    int n_sent = rng.uniform_int(2, 4);
    for (int k = 0; k < n_sent; ++k) {
      const Message& near = messages[size_t(rng.uniform_int(1, inbox_count - 1))];
      Message m;
      m.from = me;
      m.to = rng.pick(people);
      m.subject = new_subject(rng);
      m.body = make_body(rng, me, m.to);
      m.date_short = near.date_short;
      m.date_long = near.date_long;
      m.order = near.order - 1;
      m.folder = Folder::kSent;
      messages.push_back(m);
    }
  }

  // Number of messages from `name` in the Inbox.
  int count_from(const std::string& name) const {
    int n = 0;
    for (const auto& m : messages) n += m.folder == Folder::kInbox && m.from.name == name;
    return n;
  }

  // ---- UI ----

  void show(Desktop& desktop, Rng& rng) {
    desktop_ = &desktop;
    compose_rng_ = rng.fork("compose");
    static const std::vector<std::string> app_names = {"Mail", "Webmail", "Mailbox", "Post", "Messages"};
    app_name_ = rng.pick(app_names);
    folder_names_ = {"Inbox", "Starred", "Sent", "Drafts", "Trash"};
    if (rng.chance(0.4)) folder_names_.insert(folder_names_.begin() + 4, rng.chance(0.5) ? "Spam" : "Archive");

    const Style& s = desktop.style();
    auto px = [&](double v) { return s.px(v); };
    Size client{px(rng.uniform_int(940, 990)), px(rng.uniform_int(640, 690))};
    main_ = desktop.create_window("mail", "", client);
    Panel* c = main_->content();
    int m = px(rng.uniform_int(12, 16));  // >= the scroll pane's padding, so nothing scrolls at native size

    // Toolbar: New message, Refresh, (message actions), search, account.
    int x = m, y = m;
    auto tool = [&](const std::string& name, const std::string& caption) {
      Button* b = c->add<Button>(name, caption);
      Size size = b->preferred_size(s);
      b->rect = {x, y, size.width, size.height};
      x += size.width + px(rng.uniform_int(6, 12));
      return b;
    };
    Button* compose = tool("new_message", rng.chance(0.5) ? "New message" : "Compose");
    compose->on_click = [this] { open_compose(ComposeMode::kNew, -1); };
    tool("refresh", "Refresh")->on_click = [this] { desktop_->mark_dirty(); };
    actions_in_toolbar_ = rng.chance(0.4);
    if (actions_in_toolbar_) {
      x += px(rng.uniform_int(6, 20));
      make_action_buttons(tool);
    }
    search_ = c->add<TextField>("search", rng.chance(0.5) ? "Search mail" : "Search");
    int search_w = px(rng.uniform_int(180, 240));
    search_->rect = {client.width - m - search_w, y, search_w, px(28)};
    search_->on_change = [this](const std::string&) { refresh(); };
    if (search_->rect.x < x + px(10)) {  // no room beside the buttons: a row of its own
      search_->rect.x = client.width - m - search_w;
      y += px(36);
      search_->rect.y = y;
    }
    int top = y + px(28) + px(rng.uniform_int(10, 16));

    // Sidebar: account, folders, storage.
    int sidebar_w = px(rng.uniform_int(150, 180));
    Label* account = c->add<Label>("account", me.address, TextRole::kSmall);
    account->rect = {m, top, sidebar_w, s.small.line_height()};
    folders_ = c->add<ListBox>("folders", folder_names_);
    int list_top = account->rect.bottom() + px(8);
    folders_->rect = {m, list_top, sidebar_w, 0};
    folders_->rect.height = int(folder_names_.size()) * folders_->row_height_px() + 2;
    folders_->selected = {kInboxRow};
    folders_->on_select = [this] { folder_chosen(); };
    const int storage_percent = rng.uniform_int(11, 89);  // the label and the bar show the same figure
    Label* storage = c->add<Label>("storage", "Storage: " + std::to_string(storage_percent) + "% used",
                                   TextRole::kMuted);
    storage->rect = {m, folders_->rect.bottom() + px(16), sidebar_w, s.small.line_height()};
    ProgressBar* bar = c->add<ProgressBar>("storage_bar", storage_percent / 100.0);
    bar->rect = {m, storage->rect.bottom() + px(4), sidebar_w, px(6)};

    // Message table.
    int main_x = m + sidebar_w + px(rng.uniform_int(10, 16));
    int main_w = client.width - main_x - m;
    table_ = c->add<MessageTable>("messages", std::vector<std::string>{"", "From", "Subject", "Date"},
                                  std::vector<double>{0.32, 2.0 + rng.uniform(0, 0.4), 4.2, 1.2});
    int rows_visible = rng.uniform_int(8, 10);
    table_->rect = {main_x, top, main_w, 0};
    table_->rect.height = table_->header_height_px() + rows_visible * table_->row_height_px() + 2;
    table_->on_select = [this](int row) { open_row(row); };
    table_->on_activate = [this](int row) { open_row(row); };

    // Reading pane.
    pane_ = c->add<Panel>("reading_pane");
    pane_->draw_background = true;
    pane_->background = Color{0, 0, 0, 0};  // the theme's list background
    pane_->draw_border = true;
    int pane_y = table_->rect.bottom() + px(rng.uniform_int(8, 14));
    pane_->rect = {main_x, pane_y, main_w, std::max(px(240), client.height - pane_y - m)};
    pane_min_height_ = pane_->rect.height;
    int pad = px(12);
    if (!actions_in_toolbar_) {
      int bx = pad, by = pad;
      auto pane_tool = [&](const std::string& name, const std::string& caption) {
        Button* b = pane_->add<Button>(name, caption);
        Size size = b->preferred_size(s);
        b->rect = {bx, by, size.width, size.height};
        bx += size.width + px(rng.uniform_int(6, 10));
        return b;
      };
      make_action_buttons(pane_tool);
    }
    pane_empty_ = pane_->add<Label>("pane_empty", "Select a message to read it.", TextRole::kMuted);
    pane_subject_ = pane_->add<Label>("pane_subject", "", TextRole::kHeading);
    pane_from_ = pane_->add<Label>("pane_from", "", TextRole::kBold);
    pane_to_ = pane_->add<Label>("pane_to", "", TextRole::kSmall);
    pane_date_ = pane_->add<Label>("pane_date", "", TextRole::kMuted);
    pane_sep_ = pane_->add<Separator>("pane_separator");
    pane_body_ = pane_->add<Label>("pane_body", "");
    main_->shortcuts["Delete"] = [this] { delete_displayed(); };

    refresh();
    layout_pane();
  }

  // ---- recorded state ----
  int displayed() const { return displayed_; }
  const std::vector<int>& deleted() const { return deleted_; }
  const std::vector<SentMail>& sent() const { return sent_; }
  int folder() const { return folder_; }
  // Times a folder was chosen in the folder list, by name.
  int opens_of(const std::string& folder_name) const {
    return int(std::count(folders_opened_.begin(), folders_opened_.end(), folder_name));
  }
  bool composing(ComposeMode mode, int source) const {
    return compose_ != nullptr && compose_mode_ == mode && compose_source_ == source;
  }
  Window* compose_window() const { return compose_; }
  TextField* compose_to() const { return to_; }
  TextField* compose_subject() const { return subject_; }
  TextArea* compose_body() const { return body_; }

  Button* reply_button() const { return reply_; }
  Button* forward_button() const { return forward_; }
  Button* delete_button() const { return delete_; }
  Button* star_button() const { return star_; }
  Button* send_button() const { return send_; }
  Button* discard_button() const { return discard_; }

  // ---- expert helpers ----

  // Next action toward the reading pane showing message `id` (nullopt when it does).
  std::optional<Action> expert_show(Desktop& desktop, int id) {
    if (displayed_ == id) return std::nullopt;
    int row = row_of(id);
    if (row < 0) {
      if (!search_->text().empty()) return expert::set_text(desktop, search_, "");
      return expert::click_rect(desktop, folders_, folders_->row_screen_rect(kInboxRow));
    }
    if (auto a = expert::select_table_row(desktop, table_, row)) return a;
    return expert::click_rect(desktop, table_, table_->row_screen_rect(row));
  }
  // Next action toward opening the folder named `name`.
  Action expert_open_folder(Desktop& desktop, const std::string& name) {
    int row = int(std::find(folder_names_.begin(), folder_names_.end(), name) - folder_names_.begin());
    return expert::click_rect(desktop, folders_, folders_->row_screen_rect(row));
  }

 private:
  static constexpr int kSentenceKinds = 12;
  static std::string make_sentence(Rng& rng, int kind) {
    std::string w = rng.pick(vocab::words()), w2 = rng.pick(vocab::words());
    std::string day = rng.pick(weekdays());
    int hour = rng.uniform_int(9, 16);
    std::string time = std::to_string(hour) + (rng.chance(0.5) ? ":00" : ":30");
    switch (kind) {
      case 0: return "Could you take a look at the " + w + " " + w2 + " before " + day + "?";
      case 1: return "I have attached the latest " + w + " notes for your review.";
      case 2: return "The " + w + " " + w2 + " meeting has moved to " + day + " at " + time + ".";
      case 3: return "Let me know if the " + w + " plan works for you.";
      case 4: return "We still need a decision on the " + w + " budget.";
      case 5: return "Please confirm the " + w + " details by the end of the week.";
      case 6: return "Here is a quick update on the " + w + " " + w2 + " project.";
      case 7: return "The team finished the " + w + " review yesterday.";
      case 8: return "I can join the call on " + day + " after " + time + ".";
      case 9: return "The " + w + " numbers look better than last month.";
      case 10: return "Thanks again for your help with the " + w + " " + w2 + ".";
      default: return vocab::sentence(rng, rng.uniform_int(5, 8));
    }
  }

  static std::string make_subject(Rng& rng) {
    std::string p = vocab::phrase(rng, 2);
    std::string cap = vocab::capitalise(p);
    switch (rng.uniform_int(0, 14)) {
      case 0: return cap + " update";
      case 1: return "Question about the " + p;
      case 2: return cap + " meeting notes";
      case 3: return "Invoice " + vocab::order_number(rng);
      case 4: return "Reminder: " + p + " on " + rng.pick(weekdays());
      case 5: return cap + " for " + rng.pick(vocab::months());
      case 6: return "Draft " + p + " proposal";
      case 7: return "Weekly " + p + " report";
      case 8: return cap + " schedule";
      case 9: return "Your " + rng.pick(vocab::products()) + " order";
      case 10: return "Lunch on " + rng.pick(weekdays()) + "?";
      case 11: return "Welcome to " + rng.pick(vocab::companies());
      case 12: return "Feedback on the " + p;
      case 13: return rng.pick(vocab::departments()) + " " + p + " plan";
      default: return cap;
    }
  }

  void set_date(Message& m, int days_back, int minute) const {
    std::string clock = std::to_string(minute / 60) + ":" + two_digits(minute % 60);
    int month = month_, day = day_ - days_back;
    while (day < 1) {
      month = (month + 11) % 12;
      day += 30;
    }
    std::string date = vocab::months()[size_t(month)].substr(0, 3) + " " + std::to_string(day);
    m.date_short = days_back == 0 ? clock : days_back == 1 ? "Yesterday" : date;
    m.date_long = date + ", " + clock;
  }

  template <typename MakeButton>
  void make_action_buttons(MakeButton&& make) {
    reply_ = make("reply", "Reply");
    reply_->on_click = [this] { open_compose(ComposeMode::kReply, displayed_); };
    forward_ = make("forward", "Forward");
    forward_->on_click = [this] { open_compose(ComposeMode::kForward, displayed_); };
    delete_ = make("delete", "Delete");
    delete_->on_click = [this] { delete_displayed(); };
    star_ = make("star", "Star");
    star_->on_click = [this] { toggle_star(); };
    mark_unread_ = make("mark_unread", "Mark unread");
    mark_unread_->on_click = [this] { mark_unread(); };
  }

  bool in_view(const Message& m) const {
    const std::string& name = folder_names_[size_t(folder_)];
    bool in = false;
    if (name == "Inbox") in = m.folder == Folder::kInbox;
    else if (name == "Starred") in = m.starred && (m.folder == Folder::kInbox || m.folder == Folder::kSent);
    else if (name == "Sent") in = m.folder == Folder::kSent;
    else if (name == "Trash") in = m.folder == Folder::kTrash;
    if (!in) return false;
    std::string query = lower(trim(search_->text()));
    if (query.empty()) return true;
    return lower(m.from.name).find(query) != std::string::npos || lower(m.subject).find(query) != std::string::npos ||
           lower(m.to.name).find(query) != std::string::npos;
  }

  int row_of(int id) const {
    auto it = std::find(view_.begin(), view_.end(), id);
    return it == view_.end() ? -1 : int(it - view_.begin());
  }

  // Rebuilds the table from the current folder and search, and the buttons from the state.
  void refresh() {
    view_.clear();
    for (int i = 0; i < int(messages.size()); ++i)
      if (in_view(messages[size_t(i)])) view_.push_back(i);
    std::stable_sort(view_.begin(), view_.end(),
                     [&](int a, int b) { return messages[size_t(a)].order > messages[size_t(b)].order; });
    bool sent_folder = folder_names_[size_t(folder_)] == "Sent";
    table_->columns[1] = sent_folder ? "To" : "From";
    table_->rows.clear();
    table_->row_bold.clear();
    table_->row_starred.clear();
    for (int id : view_) {
      const Message& msg = messages[size_t(id)];
      table_->rows.push_back({"", sent_folder ? msg.to.name : msg.from.name, msg.subject, msg.date_short});
      table_->row_bold.push_back(msg.unread);
      table_->row_starred.push_back(msg.starred);
    }
    table_->selected = row_of(displayed_);
    table_->scroll_to(table_->scroll_px());
    int unread = 0;
    for (const auto& msg : messages) unread += msg.folder == Folder::kInbox && msg.unread;
    folders_->items[kInboxRow] = unread > 0 ? "Inbox (" + std::to_string(unread) + ")" : "Inbox";
    bool has = displayed_ >= 0;
    for (Button* b : {reply_, forward_, delete_, star_, mark_unread_}) b->enabled = has;
    star_->set_caption(has && messages[size_t(displayed_)].starred ? "Unstar" : "Star");
    main_->title = folder_names_[size_t(folder_)] + " - " + me.address + " - " + app_name_;
    desktop_->mark_dirty();
  }

  void layout_pane() {
    const Style& s = desktop_->style();
    auto px = [&](double v) { return s.px(v); };
    int pad = px(12);
    int width = pane_->rect.width - 2 * pad;
    int y = pad;
    if (!actions_in_toolbar_) y = reply_->rect.bottom() + px(12);
    bool has = displayed_ >= 0;
    for (Widget* w : std::initializer_list<Widget*>{pane_subject_, pane_from_, pane_to_, pane_date_, pane_sep_, pane_body_})
      w->visible = has;
    pane_empty_->visible = !has;
    if (avatar_ != nullptr) {
      pane_->remove_child(avatar_);
      avatar_ = nullptr;
    }
    auto fit = [&](Label* label, int x, int top, int max_width) {
      Size size = label->preferred_size(s);
      label->rect = {x, top, std::min(size.width, max_width), size.height};
    };
    if (!has) {
      fit(pane_empty_, pad, y + px(20), width);
      pane_->rect.height = pane_min_height_;
      desktop_->mark_dirty();
      return;
    }
    const Message& msg = messages[size_t(displayed_)];
    pane_subject_->set_text(msg.subject);
    fit(pane_subject_, pad, y, width);
    y = pane_subject_->rect.bottom() + px(10);
    static const Color palette[] = {{66, 133, 244, 255}, {219, 68, 55, 255}, {15, 157, 88, 255}, {171, 71, 188, 255},
                                    {255, 112, 67, 255}, {0, 137, 123, 255}, {92, 107, 192, 255}, {141, 110, 99, 255}};
    uint32_t hash = 0;
    for (char ch : msg.from.name) hash = hash * 31 + uint8_t(ch);
    std::string initials = msg.from.name.substr(0, 1);
    if (auto sp = msg.from.name.find(' '); sp != std::string::npos) initials += msg.from.name.substr(sp + 1, 1);
    avatar_ = pane_->add<Avatar>("pane_avatar", initials, palette[hash % 8]);
    avatar_->rect = {pad, y, px(36), px(36)};
    int text_x = pad + px(46);
    pane_date_->set_text(msg.date_long);
    Size date_size = pane_date_->preferred_size(s);
    pane_date_->rect = {pad + width - date_size.width, y, date_size.width, date_size.height};
    pane_from_->set_text(msg.from.name + " <" + msg.from.address + ">");
    fit(pane_from_, text_x, y, pane_date_->rect.x - text_x - px(8));
    pane_to_->set_text("To: " + msg.to.name + " <" + msg.to.address + ">");
    fit(pane_to_, text_x, pane_from_->rect.bottom() + px(2), width - px(46));
    y = std::max(avatar_->rect.bottom(), pane_to_->rect.bottom()) + px(10);
    pane_sep_->rect = {pad, y, width, px(2)};
    y += px(12);
    pane_body_->wrap_width_px = width;
    pane_body_->set_text(msg.body);
    fit(pane_body_, pad, y, width);
    pane_->rect.height = std::max(pane_min_height_, pane_body_->rect.bottom() + pad);
    desktop_->mark_dirty();
  }

  void open_row(int row) {
    if (row < 0 || row >= int(view_.size())) return;
    displayed_ = view_[size_t(row)];
    messages[size_t(displayed_)].unread = false;
    desktop_->record_event("open:" + std::to_string(displayed_));
    refresh();
    layout_pane();
  }

  void folder_chosen() {
    if (folders_->selected.empty()) return;
    folder_ = folders_->selected[0];
    folders_opened_.push_back(folder_names_[size_t(folder_)]);
    displayed_ = -1;
    table_->scroll_to(0);
    if (!search_->text().empty()) search_->set_text("");  // refreshes
    refresh();
    layout_pane();
  }

  void delete_displayed() {
    if (displayed_ < 0) return;
    Message& msg = messages[size_t(displayed_)];
    msg.folder = msg.folder == Folder::kTrash ? Folder::kGone : Folder::kTrash;
    deleted_.push_back(displayed_);
    desktop_->record_event("delete:" + std::to_string(displayed_));
    displayed_ = -1;
    refresh();
    layout_pane();
  }

  void toggle_star() {
    if (displayed_ < 0) return;
    messages[size_t(displayed_)].starred = !messages[size_t(displayed_)].starred;
    refresh();
  }

  void mark_unread() {
    if (displayed_ < 0) return;
    messages[size_t(displayed_)].unread = true;
    refresh();
  }

  // ---- compose window ----

  void open_compose(ComposeMode mode, int source) {
    if (mode != ComposeMode::kNew && source < 0) return;
    close_compose();
    const Style& s = desktop_->style();
    std::string to, subject, body, title = "New message";
    std::string quote;
    if (mode == ComposeMode::kReply) {
      const Message& msg = messages[size_t(source)];
      to = msg.from.address;
      subject = "Re: " + msg.subject;
      title = subject;
      quote = "On " + msg.date_long + ", " + msg.from.name + " wrote:";
    } else if (mode == ComposeMode::kForward) {
      const Message& msg = messages[size_t(source)];
      subject = "Fwd: " + msg.subject;
      title = subject;
      body = "\n\n---------- Forwarded message ----------\nFrom: " + msg.from.name + " <" + msg.from.address +
             ">\nDate: " + msg.date_long + "\nSubject: " + msg.subject + "\nTo: " + msg.to.name + " <" +
             msg.to.address + ">\n\n" + msg.body;
    }
    Rng& rng = compose_rng_;
    compose_ = desktop_->create_window("mail_compose", title, {s.px(520), s.px(420)});
    Layout l(*desktop_, compose_->content(), rng);
    to_ = l.field("compose_to", "To", "Recipients", false, 380);
    to_->set_text(to);
    TextField* cc = l.field("compose_cc", "Cc", "", false, 380);
    (void)cc;
    subject_ = l.field("compose_subject", "Subject", "", false, 380);
    subject_->set_text(subject);
    body_ = compose_->content()->add<TextArea>("compose_body", "Write your message...");
    body_->rect = {0, 0, l.label_column_px() + s.px(380), s.px(rng.uniform_int(150, 190))};
    l.place(body_, /*inline_row=*/false);
    body_->set_text(body);
    if (!quote.empty()) {
      const Message& msg = messages[size_t(source)];
      for (const auto& line : wrap_text(s.small, msg.body, body_->rect.width - s.px(16))) quote += "\n> " + line;
      Label* q = compose_->content()->add<Label>("compose_quote", quote, TextRole::kMuted);
      q->wrap_width_px = body_->rect.width;
      l.place(q, /*inline_row=*/false);
    }
    send_ = l.add<Button>("send", "Send");
    send_->primary = true;
    send_->on_click = [this] { send(); };
    discard_ = l.add_inline<Button>("discard", "Discard");
    discard_->on_click = [this] { close_compose(); };
    l.add_inline<Button>("attach", "Attach file")->on_click = [this] { desktop_->mark_dirty(); };
    compose_->set_client_size(l.size());
    compose_->rect.x = main_->rect.x + s.px(rng.uniform_int(60, 260));
    compose_->rect.y = main_->rect.y + s.px(rng.uniform_int(30, 140));
    desktop_->fit_window(compose_);
    compose_mode_ = mode;
    compose_source_ = source;
    desktop_->set_focus(mode == ComposeMode::kForward ? static_cast<Widget*>(to_) : nullptr);
  }

  void send() {
    SentMail mail{compose_mode_, compose_source_, to_->text(), compose_->find("compose_cc")->text(),
                  subject_->text(), body_->text()};
    sent_.push_back(mail);
    desktop_->record_event("send:" + mail.to);
    Message m;
    m.from = me;
    m.to = {trim(mail.to), trim(mail.to)};
    m.subject = mail.subject;
    m.body = mail.body;
    m.date_short = messages.empty() ? "" : messages[0].date_short;
    m.date_long = messages.empty() ? "" : messages[0].date_long;
    int newest = 0;
    for (const auto& msg : messages) newest = std::max(newest, msg.order);
    m.order = newest + 1;
    m.folder = Folder::kSent;
    messages.push_back(m);
    refresh();
    close_compose();  // last: this destroys the Send button whose click is running
  }

  void close_compose() {
    if (compose_ == nullptr) return;
    Window* w = compose_;
    compose_ = nullptr;
    to_ = subject_ = nullptr;
    body_ = nullptr;
    send_ = discard_ = nullptr;
    desktop_->close_window(w);
  }

  Desktop* desktop_ = nullptr;
  Rng compose_rng_{0};
  std::string app_name_;
  std::vector<std::string> folder_names_;
  int month_ = 0, day_ = 1;
  bool actions_in_toolbar_ = false;

  Window* main_ = nullptr;
  TextField* search_ = nullptr;
  ListBox* folders_ = nullptr;
  MessageTable* table_ = nullptr;
  Panel* pane_ = nullptr;
  int pane_min_height_ = 0;
  Label *pane_empty_ = nullptr, *pane_subject_ = nullptr, *pane_from_ = nullptr, *pane_to_ = nullptr,
        *pane_date_ = nullptr, *pane_body_ = nullptr;
  Separator* pane_sep_ = nullptr;
  Avatar* avatar_ = nullptr;
  Button *reply_ = nullptr, *forward_ = nullptr, *delete_ = nullptr, *star_ = nullptr, *mark_unread_ = nullptr;

  Window* compose_ = nullptr;
  ComposeMode compose_mode_ = ComposeMode::kNew;
  int compose_source_ = -1;
  TextField *to_ = nullptr, *subject_ = nullptr;
  TextArea* body_ = nullptr;
  Button *send_ = nullptr, *discard_ = nullptr;

  int folder_ = 0;
  int displayed_ = -1;
  std::vector<int> view_;  // message ids of the table's rows
  std::vector<int> deleted_;
  std::vector<SentMail> sent_;
  std::vector<std::string> folders_opened_;
};

// ---- tasks ----

constexpr Size kInboxScreen{1024, 768};

// Shared parts: the app, a target message, and the verdict on side effects no task asks for.
class InboxTask : public BasicTask {
 public:
  using BasicTask::BasicTask;

 protected:
  // Picks an inbox message as the target and makes sure its sender also wrote another message
  // and that a look-alike sender (same first name) exists, so both must be read.
  int pick_target(Rng& rng) {
    int inbox = 0;
    for (const auto& m : app_.messages) inbox += m.folder == Folder::kInbox;
    int target = rng.uniform_int(0, inbox - 1);
    Message& t = app_.messages[size_t(target)];
    if (app_.count_from(t.from.name) < 2 && rng.chance(0.7)) {
      int other = (target + rng.uniform_int(1, inbox - 1)) % inbox;
      app_.messages[size_t(other)].from = t.from;
      app_.messages[size_t(other)].body = app_.make_body(rng, t.from, app_.me);
    }
    add_look_alike(rng, t.from, target);
    return target;
  }

  // Gives one message other than `keep` (and not from `person`) a sender with the same first name.
  void add_look_alike(Rng& rng, const Person& person, int keep) {
    int inbox = 0;
    for (const auto& m : app_.messages) inbox += m.folder == Folder::kInbox;
    for (int tries = 0; tries < 20; ++tries) {
      int i = rng.uniform_int(0, inbox - 1);
      Message& m = app_.messages[size_t(i)];
      if (i == keep || m.from.name == person.name) continue;
      std::string name = first_name(person.name) + " " + rng.pick(vocab::last_names());
      bool taken = name == person.name || name == app_.me.name;
      for (const auto& p : app_.people) taken = taken || p.name == name;
      if (taken) continue;
      m.from = {name, vocab::email_for(name, rng)};
      m.body = app_.make_body(rng, m.from, app_.me);
      return;
    }
  }

  // -1 for a message sent or deleted when the task asks for neither.
  std::optional<Outcome> unwanted_commit(bool send_ok, bool delete_ok) const {
    if (!send_ok && !app_.sent().empty()) return Outcome{true, -1.0, "sent a message the task did not ask for"};
    if (!delete_ok && !app_.deleted().empty())
      return Outcome{true, -1.0, "deleted \"" + app_.messages[size_t(app_.deleted()[0])].subject + "\""};
    return std::nullopt;
  }

  std::string target_from() const { return app_.messages[size_t(target_)].from.name; }
  std::string target_subject() const { return app_.messages[size_t(target_)].subject; }

  InboxApp app_;
  int target_ = 0;
};

// "Open the email from X with the subject Y": +1 as soon as the reading pane shows it; opening
// other messages is harmless; sending or deleting anything is -1.
class EmailOpenTask : public InboxTask {
 public:
  EmailOpenTask()
      : InboxTask({"email_open", "multi-step", "Open the email with a given sender and subject in a mail client", 8,
                   60, kInboxScreen}) {}

  void build(Desktop& desktop, Rng& rng) override {
    app_.generate(rng, rng.uniform_int(8, 25));
    target_ = pick_target(rng);
    app_.show(desktop, rng);
    instruction_ = "Open the email from " + target_from() + " with the subject \"" + target_subject() + "\".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (auto bad = unwanted_commit(false, false)) return *bad;
    if (app_.displayed() == target_) return {true, 1.0, "opened the right email"};
    return {final, 0.0, app_.displayed() < 0 ? "no email open" : "a different email is open"};
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = app_.expert_show(desktop, target_)) return *a;
    return Action::done();
  }
};

// "Reply to the email from X about Y with the text T": the first Send ends the episode; +1 when
// it went to X with subject "Re: Y" and the body holds T.
class EmailReplyTask : public InboxTask {
 public:
  EmailReplyTask()
      : InboxTask({"email_reply", "multi-step", "Reply to an email with a given text and send it", 24, 120,
                   kInboxScreen}) {}

  void build(Desktop& desktop, Rng& rng) override {
    app_.generate(rng, rng.uniform_int(8, 25));
    target_ = pick_target(rng);
    app_.show(desktop, rng);
    text_ = reply_text(rng, first_name(target_from()));
    instruction_ = "Reply to the email from " + target_from() + " about \"" + target_subject() + "\" with the text \"" +
                   text_ + "\" and send it.";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (auto bad = unwanted_commit(true, false)) return *bad;
    if (app_.sent().empty()) return {final, 0.0, "nothing sent"};
    const SentMail& mail = app_.sent()[0];
    const Message& t = app_.messages[size_t(target_)];
    if (!names_address(mail.to, t.from.address))
      return {true, -1.0, "sent to '" + mail.to + "' instead of " + t.from.address};
    if (lower(trim(mail.subject)) != lower("Re: " + t.subject))
      return {true, -1.0, "subject '" + mail.subject + "' instead of 'Re: " + t.subject + "'"};
    if (mail.body.find(text_) == std::string::npos) return {true, -1.0, "the reply does not contain the text"};
    return {true, 1.0, "replied with the right text"};
  }

  Action expert_action(Desktop& desktop) override {
    const Message& t = app_.messages[size_t(target_)];
    if (app_.composing(ComposeMode::kReply, target_)) {
      if (app_.compose_body()->text().find(text_) == std::string::npos)
        if (auto a = expert::set_text(desktop, app_.compose_body(), text_)) return *a;
      if (!names_address(app_.compose_to()->text(), t.from.address))
        if (auto a = expert::set_text(desktop, app_.compose_to(), t.from.address)) return *a;
      if (auto a = expert::set_text(desktop, app_.compose_subject(), "Re: " + t.subject)) return *a;
      return expert::click(desktop, app_.send_button());
    }
    if (app_.compose_window() != nullptr) return expert::click(desktop, app_.discard_button());
    if (auto a = app_.expert_show(desktop, target_)) return *a;
    return expert::click(desktop, app_.reply_button());
  }

 private:
  static std::string reply_text(Rng& rng, const std::string& name) {
    std::string w = rng.pick(vocab::words()), w2 = rng.pick(vocab::words());
    std::string day = rng.pick(weekdays());
    switch (rng.uniform_int(0, 7)) {
      case 0: return "Thanks " + name + ", I will review the " + w + " " + w2 + " by " + day + ".";
      case 1: return "Sounds good. Let's talk on " + day + " at " + std::to_string(rng.uniform_int(9, 16)) + ":00.";
      case 2: return "Got it, I will update the " + w + " notes today.";
      case 3: return "Can we move the " + w + " call to " + day + "?";
      case 4: return "Yes, please send the " + w + " draft to the team.";
      case 5: return "Thank you, the " + w + " " + w2 + " looks fine to me.";
      case 6: return "I am out until " + day + ", so let's pick this up then.";
      default: return "Great news about the " + w + ". Count me in.";
    }
  }

  std::string text_;
};

// "Forward the email about Y to address A": the first Send ends the episode; +1 when it forwards
// that message to A with subject "Fwd: Y".
class EmailForwardTask : public InboxTask {
 public:
  EmailForwardTask()
      : InboxTask({"email_forward", "multi-step", "Forward an email to a given address and send it", 20, 90,
                   kInboxScreen}) {}

  void build(Desktop& desktop, Rng& rng) override {
    app_.generate(rng, rng.uniform_int(8, 25));
    target_ = pick_target(rng);
    recipient_ = app_.new_person(rng);
    app_.show(desktop, rng);
    bool with_sender = rng.chance(0.5);
    instruction_ = "Forward the email" + (with_sender ? " from " + target_from() : std::string()) + " about \"" +
                   target_subject() + "\" to " + recipient_.address + " and send it.";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (auto bad = unwanted_commit(true, false)) return *bad;
    if (app_.sent().empty()) return {final, 0.0, "nothing sent"};
    const SentMail& mail = app_.sent()[0];
    if (mail.mode != ComposeMode::kForward || mail.source != target_)
      return {true, -1.0, "sent '" + mail.subject + "', not a forward of the right email"};
    if (!names_address(mail.to, recipient_.address))
      return {true, -1.0, "forwarded to '" + mail.to + "' instead of " + recipient_.address};
    std::string subject = lower(trim(mail.subject));
    if (subject.find(lower(target_subject())) == std::string::npos)
      return {true, -1.0, "the subject lost the original subject"};
    return {true, 1.0, "forwarded the right email"};
  }

  Action expert_action(Desktop& desktop) override {
    if (app_.composing(ComposeMode::kForward, target_)) {
      if (!names_address(app_.compose_to()->text(), recipient_.address))
        if (auto a = expert::set_text(desktop, app_.compose_to(), recipient_.address)) return *a;
      return expert::click(desktop, app_.send_button());
    }
    if (app_.compose_window() != nullptr) return expert::click(desktop, app_.discard_button());
    if (auto a = app_.expert_show(desktop, target_)) return *a;
    return expert::click(desktop, app_.forward_button());
  }

 private:
  Person recipient_;
};

// "Delete the email from X about Y": the first delete ends the episode (+1 right one, -1 other).
class EmailDeleteTask : public InboxTask {
 public:
  EmailDeleteTask()
      : InboxTask({"email_delete", "multi-step", "Delete the email with a given sender and subject", 12, 60,
                   kInboxScreen}) {}

  void build(Desktop& desktop, Rng& rng) override {
    app_.generate(rng, rng.uniform_int(8, 25));
    target_ = pick_target(rng);
    app_.show(desktop, rng);
    instruction_ = "Delete the email from " + target_from() + " about \"" + target_subject() + "\".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (auto bad = unwanted_commit(false, true)) return *bad;
    if (app_.deleted().empty()) return {final, 0.0, "nothing deleted"};
    int first = app_.deleted()[0];
    if (first == target_) return {true, 1.0, "deleted the right email"};
    return {true, -1.0, "deleted \"" + app_.messages[size_t(first)].subject + "\" instead"};
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = app_.expert_show(desktop, target_)) return *a;
    return expert::click(desktop, app_.delete_button());
  }
};

// "Star the emails from X, then open the Starred folder": opening Starred commits; +1 when every
// message from X is starred and no other message's star changed.
class EmailStarTask : public InboxTask {
 public:
  EmailStarTask()
      : InboxTask({"email_star", "multi-step", "Star every email from a sender, then open the Starred folder", 30, 90,
                   kInboxScreen}) {}

  void build(Desktop& desktop, Rng& rng) override {
    app_.generate(rng, rng.uniform_int(8, 25));
    int inbox = 0;
    for (const auto& m : app_.messages) inbox += m.folder == Folder::kInbox;
    // A new correspondent who wrote exactly 1 or 2 of the messages.
    sender_ = app_.new_person(rng);
    int count = rng.uniform_int(1, 2);
    for (int i : rng.sample_indices(inbox, count)) {
      Message& m = app_.messages[size_t(i)];
      m.from = sender_;
      m.body = app_.make_body(rng, sender_, app_.me);
      m.starred = false;
      targets_.push_back(i);
    }
    std::sort(targets_.begin(), targets_.end());
    add_look_alike(rng, sender_, targets_[0]);
    for (const auto& m : app_.messages) initially_starred_.push_back(m.starred);
    app_.show(desktop, rng);
    instruction_ = count == 1 ? "Star the email from " + sender_.name + ", then open the Starred folder."
                              : "Star both emails from " + sender_.name + ", then open the Starred folder.";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (auto bad = unwanted_commit(false, false)) return *bad;
    if (app_.opens_of("Starred") == 0) return {final, 0.0, "the Starred folder was not opened"};
    for (int t : targets_)
      if (!app_.messages[size_t(t)].starred)
        return {true, -1.0, "opened Starred before starring \"" + app_.messages[size_t(t)].subject + "\""};
    for (size_t i = 0; i < initially_starred_.size(); ++i)
      if (!std::binary_search(targets_.begin(), targets_.end(), int(i)) &&
          app_.messages[i].starred != initially_starred_[i])
        return {true, -1.0, "changed the star of \"" + app_.messages[i].subject + "\""};
    return {true, 1.0, "starred the right emails"};
  }

  Action expert_action(Desktop& desktop) override {
    for (int t : targets_) {
      if (app_.messages[size_t(t)].starred) continue;
      if (auto a = app_.expert_show(desktop, t)) return *a;
      return expert::click(desktop, app_.star_button());
    }
    return app_.expert_open_folder(desktop, "Starred");
  }

 private:
  Person sender_;
  std::vector<int> targets_;
  std::vector<bool> initially_starred_;
};

}  // namespace

void register_inbox_tasks(std::vector<TaskEntry>& out) {
  out.push_back(make_task_entry<EmailOpenTask>());
  out.push_back(make_task_entry<EmailReplyTask>());
  out.push_back(make_task_entry<EmailForwardTask>());
  out.push_back(make_task_entry<EmailDeleteTask>());
  out.push_back(make_task_entry<EmailStarTask>());
}

}  // namespace hemu
