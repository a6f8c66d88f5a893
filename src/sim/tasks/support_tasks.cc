// Support family: customer-service work on a simplified help desk (think Zendesk or Freshdesk).
//
// Two windows share the desktop. "Support Desk" lists tickets in a queue (views on the left, a
// table of #id, Customer, Subject, Priority, Status, Created); opening a ticket shows the customer,
// their message, a Status dropdown, a reply box, and Send / Save buttons. "Orders" is the shop's
// order system: search by customer name or email, results in a table (Order number, Customer,
// Date, Items, Total, Shipping status). On small screens the windows overlap and the person
// switches between them.
//
// Every task shares one seeded world (SupportWorld): tickets, customers (with look-alike names as
// distractors), and their orders. The ticket at index 0 and its customer at index 0 are the target;
// the display order hides that. Commits (Send, Save) are recorded and judged by each task.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>

#include "sim/expert.h"
#include "sim/layout.h"
#include "sim/task.h"
#include "sim/tasks/task_kit.h"
#include "sim/vocab.h"

namespace hemu {
namespace {

using namespace task_kit;

// ---- calendar: days are day-of-year indices in one (non-leap) year ----

constexpr std::array<int, 12> kMonthDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr std::array<const char*, 12> kMonthShort = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr int kMinutesPerDay = 24 * 60;

enum class DateStyle { kIso, kUs, kEu };

struct MonthDay {
  int month = 0;  // 0..11
  int day = 1;    // 1..31
};

MonthDay month_day(int day_of_year) {
  MonthDay md;
  int d = std::clamp(day_of_year, 0, 364);
  while (d >= kMonthDays[size_t(md.month)]) d -= kMonthDays[size_t(md.month++)];
  md.day = d + 1;
  return md;
}

std::string format_date(DateStyle style, int year, int day_of_year) {
  MonthDay md = month_day(day_of_year);
  switch (style) {
    case DateStyle::kIso: return std::to_string(year) + "-" + two_digits(md.month + 1) + "-" + two_digits(md.day);
    case DateStyle::kUs: return std::string(kMonthShort[size_t(md.month)]) + " " + std::to_string(md.day) + ", " + std::to_string(year);
    case DateStyle::kEu: return std::to_string(md.day) + " " + kMonthShort[size_t(md.month)] + " " + std::to_string(year);
  }
  return {};
}

// `minute` counts from the start of the year (day * 1440 + minute of day).
std::string format_date_time(DateStyle style, int year, int minute) {
  int day = minute / kMinutesPerDay, hour = minute % kMinutesPerDay / 60, min = minute % 60;
  std::string date = format_date(style, year, day);
  switch (style) {
    case DateStyle::kIso: return date + " " + two_digits(hour) + ":" + two_digits(min);
    case DateStyle::kUs:
      return date + " " + std::to_string((hour + 11) % 12 + 1) + ":" + two_digits(min) + (hour < 12 ? " AM" : " PM");
    case DateStyle::kEu: return date + ", " + two_digits(hour) + ":" + two_digits(min);
  }
  return {};
}

// How a customer refers to a day in words, relative to when they write ("last week").
std::string when_in_words(int order_day, int written_day) {
  int ago = written_day - order_day;
  if (ago <= 1) return "yesterday";
  if (ago <= 4) return "a few days ago";
  if (ago <= 12) return "last week";
  if (ago <= 18) return "about two weeks ago";
  MonthDay md = month_day(order_day);
  return "on " + vocab::months()[size_t(md.month)] + " " + std::to_string(md.day);
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(uint8_t(c)));
  return s;
}

bool contains_ci(const std::string& haystack, const std::string& needle) {
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

// True when `token` (digits, maybe with a '.') occurs in `text` without a digit right before or after
// it, so "48213" matches "ORD-48213" but not "148213".
bool contains_number(const std::string& text, const std::string& token) {
  for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) {
    bool digit_before = at > 0 && std::isdigit(uint8_t(text[at - 1]));
    size_t end = at + token.size();
    bool digit_after = end < text.size() && std::isdigit(uint8_t(text[end]));
    if (!digit_before && !digit_after) return true;
  }
  return false;
}

std::string digits_of(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isdigit(uint8_t(c))) out += c;
  return out;
}

std::string first_name(const std::string& full_name) { return full_name.substr(0, full_name.find(' ')); }

// Adds a widget to `panel` with a fixed size in pixels (0 = preferred) and places it with `l`, so
// the layout's row height and right edge account for the real size.
template <typename T, typename... Args>
T* put(Layout& l, Panel* panel, bool inline_row, int width_px, int height_px, Args&&... args) {
  T* w = panel->add<T>(std::forward<Args>(args)...);
  Size preferred = w->preferred_size(l.style());
  w->rect = {0, 0, width_px > 0 ? width_px : preferred.width, height_px > 0 ? height_px : preferred.height};
  l.place(w, inline_row);
  return w;
}

// ---- the world ----

const std::vector<std::string> kStatuses = {"Open", "Pending", "On hold", "Solved", "Closed"};
const std::vector<std::string> kPriorities = {"Low", "Normal", "High", "Urgent"};
const std::vector<std::string> kShipping = {"Processing", "Shipped", "In transit", "Out for delivery",
                                            "Delivered", "Returned", "Cancelled"};

// Columns of the Orders table.
constexpr int kOrderNumberColumn = 0;
constexpr int kDateColumn = 2;
constexpr int kTotalColumn = 4;
constexpr int kShippingColumn = 5;
// Column of the queue table.
constexpr int kCreatedColumn = 5;

struct Customer {
  std::string name;
  std::string email;
};

struct Order {
  std::string number;   // "ORD-48213"
  int customer = 0;
  int day = 0;          // day of year
  std::string product;  // the first item, what a customer mentions
  std::string items;    // "Desk Lamp + 2 more"
  std::string total;    // "$123.45"
  std::string shipping; // one of kShipping
};

struct Ticket {
  int id = 0;
  int customer = 0;
  int created = 0;     // minute of the year
  std::string subject;
  std::string message;
  std::string priority;
  std::string status;
  std::string assignee;
  std::string channel;  // "Email", "Web form", "Chat"
  std::string tags;
  int about_order = -1;  // the order the message talks about, or -1
};

struct SupportWorld {
  int year = 2024;
  int today = 200;  // day of year
  DateStyle date_style = DateStyle::kIso;
  std::vector<Customer> customers;
  std::vector<Order> orders;
  std::vector<Ticket> tickets;  // tickets[0] is the target
  std::vector<std::string> agents;

  std::vector<int> orders_of(int customer) const {
    std::vector<int> out;
    for (size_t i = 0; i < orders.size(); ++i)
      if (orders[i].customer == customer) out.push_back(int(i));
    return out;
  }
  int most_recent_order(int customer) const {
    int best = -1;
    for (int i : orders_of(customer))
      if (best < 0 || orders[size_t(i)].day > orders[size_t(best)].day) best = i;
    return best;
  }
};

// What a task asks of the world generator.
struct WorldSpec {
  // support_ticket: the target is the oldest ticket whose status is "Open" (and older tickets with
  // other statuses exist).
  bool target_oldest_open = false;
  // Status the target must not start with (the status a task asks to set); empty = no constraint.
  std::string target_status_not;
  // The target's status when not oldest-open (empty: Open or Pending).
  std::string target_status;
  // The order the target ticket talks about: the customer's most recent (else a random one).
  bool target_about_most_recent = true;
};

struct MessageTemplate {
  const char* subject;
  const char* body;  // {item} and {when} are replaced
};

const std::vector<MessageTemplate>& order_messages() {
  static const std::vector<MessageTemplate> list = {
      {"Where is my order?", "I ordered a {item} {when} and it still hasn't arrived. Could you check where it is?"},
      {"Order hasn't arrived", "My order placed {when} (the {item}) hasn't arrived yet. Can you tell me what is going on?"},
      {"Damaged item received", "The {item} I ordered {when} arrived damaged. The box was crushed and it does not work. What can I do?"},
      {"Wrong item in my package", "I received my order from {when} but the {item} is not what I ordered. Can you help me sort this out?"},
      {"Refund request", "I would like to return the {item} I bought {when} and get a refund. How do I do that?"},
      {"Change delivery address", "Can I still change the delivery address for the {item} I ordered {when}? I am moving next week."},
      {"Missing item", "My package with the {item} I ordered {when} arrived with a part missing. Please advise."},
      {"Cancel my order", "Please cancel the order I placed {when} for a {item}. I do not need it anymore."},
      {"Delivery taking too long", "It has been a while since I ordered the {item} {when}. When will it be delivered?"},
      {"Tracking link not working", "The tracking link for the {item} I ordered {when} shows an error. Where is my parcel?"},
  };
  return list;
}

const std::vector<MessageTemplate>& other_messages() {
  static const std::vector<MessageTemplate> list = {
      {"Password reset not working", "I asked for a password reset three times but the email never comes. Can you help?"},
      {"Update billing address", "Hello, I need to update the billing address on my account. Where can I do that?"},
      {"Question about warranty", "How long is the warranty on your products, and does it cover accidental damage?"},
      {"Discount code not accepted", "The discount code from your newsletter is rejected at checkout. Is it still valid?"},
      {"Invoice request", "Could you send me an invoice with my company name for my last purchase? Thanks."},
      {"Unsubscribe from emails", "Please remove me from your marketing emails. I get three a day."},
      {"Gift card balance", "How can I check the balance on a gift card I received for my birthday?"},
      {"Account locked", "My account got locked after I typed the wrong password. Can you unlock it?"},
      {"Bulk order question", "We would like to order forty units for our office. Do you offer a volume discount?"},
      {"Feedback on website", "Your new checkout page is great, but the search is slow on my phone."},
  };
  return list;
}

std::string substitute(std::string text, const std::string& key, const std::string& value) {
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
  return text;
}

std::string lower_product(const std::string& product) {
  // "Desk Lamp" -> "desk lamp", but keep acronyms ("USB-C Hub" -> "USB-C hub").
  std::string out;
  size_t start = 0;
  while (start <= product.size()) {
    size_t end = product.find(' ', start);
    if (end == std::string::npos) end = product.size();
    std::string word = product.substr(start, end - start);
    bool acronym = word.size() > 1 && std::isupper(uint8_t(word[1]));
    out += (out.empty() ? "" : " ") + (acronym ? word : lower(word));
    start = end + 1;
  }
  return out;
}

SupportWorld generate_world(Rng& rng, const WorldSpec& spec) {
  SupportWorld w;
  w.year = rng.uniform_int(2023, 2026);
  w.today = rng.uniform_int(110, 350);
  w.date_style = static_cast<DateStyle>(rng.uniform_int(0, 2));
  w.agents = vocab::distinct(rng, vocab::first_names(), 4);

  // Ticket creation times: distinct minutes over the last ten days, 7:00 to 22:59.
  int n_tickets = rng.uniform_int(8, 20);
  std::set<int> minutes;
  while (int(minutes.size()) < n_tickets) {
    int day = w.today - rng.uniform_int(0, 9);
    minutes.insert(day * kMinutesPerDay + rng.uniform_int(7 * 60, 23 * 60 - 1));
  }
  std::vector<int> times(minutes.begin(), minutes.end());  // ascending
  // The target's rank among creation times (0 = oldest).
  int target_rank = spec.target_oldest_open ? rng.uniform_int(1, std::max(1, n_tickets / 3))
                                            : rng.uniform_int(0, n_tickets - 1);
  std::swap(times[0], times[size_t(target_rank)]);
  std::vector<int> rest(times.begin() + 1, times.end());
  rng.shuffle(rest);
  std::copy(rest.begin(), rest.end(), times.begin() + 1);

  // Customers: one per ticket (distinct names), then look-alikes of the target and of a few others,
  // then customers who only have orders.
  std::set<std::string> used;
  auto add_customer = [&](const std::string& name) {
    used.insert(name);
    w.customers.push_back({name, vocab::email_for(name, rng)});
    return int(w.customers.size()) - 1;
  };
  auto fresh_name = [&] {
    for (;;) {
      std::string name = vocab::full_name(rng);
      if (!used.count(name)) return name;
    }
  };
  for (int i = 0; i < n_tickets; ++i) add_customer(fresh_name());
  std::vector<int> look_alikes;  // of the target
  auto look_alike = [&](int of, bool same_first) {
    const std::string& name = w.customers[size_t(of)].name;
    std::string first = name.substr(0, name.find(' ')), last = name.substr(name.find(' ') + 1);
    for (int tries = 0; tries < 50; ++tries) {
      std::string candidate = same_first ? first + " " + rng.pick(vocab::last_names())
                                         : rng.pick(vocab::first_names()) + " " + last;
      if (!used.count(candidate)) return add_customer(candidate);
    }
    return -1;
  };
  for (int k = rng.uniform_int(1, 2); k > 0; --k)
    if (int c = look_alike(0, /*same_first=*/true); c >= 0) look_alikes.push_back(c);
  for (int k = rng.uniform_int(1, 2); k > 0; --k)
    if (int c = look_alike(0, /*same_first=*/false); c >= 0) look_alikes.push_back(c);
  for (int i = 1; i < n_tickets; ++i)
    if (rng.chance(0.2)) look_alike(i, rng.chance(0.5));
  for (int k = rng.uniform_int(1, 4); k > 0; --k) add_customer(fresh_name());
  int n_customers = int(w.customers.size());

  // How many orders each customer has: 15..60 in all, the target at least two.
  std::vector<int> counts(static_cast<size_t>(n_customers), 0);
  counts[0] = rng.uniform_int(2, 4);
  for (int c = 1; c < n_customers; ++c) counts[size_t(c)] = rng.uniform_int(1, 3);
  auto total = [&] {
    int t = 0;
    for (int n : counts) t += n;
    return t;
  };
  for (bool trimmed = true; total() > 60 && trimmed;) {
    trimmed = false;
    for (int c = n_customers - 1; c >= 1 && total() > 60; --c)
      if (counts[size_t(c)] > 1) --counts[size_t(c)], trimmed = true;
  }
  while (total() < 15) ++counts[size_t(rng.uniform_int(1, n_customers - 1))];

  // Order days: before the customer's ticket (when they have one), distinct per customer. The
  // target's latest order is 1..20 days before the ticket; a look-alike may have a later order.
  auto ticket_day = [&](int c) { return c < n_tickets ? times[size_t(c)] / kMinutesPerDay : w.today; };
  std::vector<std::vector<int>> days(static_cast<size_t>(n_customers));
  for (int c = 0; c < n_customers; ++c) {
    int latest = ticket_day(c) - 1;
    std::set<int> chosen;
    if (c == 0) chosen.insert(latest - rng.uniform_int(0, 19));
    while (int(chosen.size()) < counts[size_t(c)]) {
      int day = latest - rng.uniform_int(0, 80);
      if (c == 0 && day >= *chosen.rbegin()) continue;  // keep the first pick the most recent
      chosen.insert(day);
    }
    days[size_t(c)].assign(chosen.begin(), chosen.end());
  }
  if (!look_alikes.empty() && rng.chance(0.6)) {
    // A look-alike ordered more recently than the target: reading the Customer column matters.
    int c = look_alikes[size_t(rng.uniform_int(0, int(look_alikes.size()) - 1))];
    int day = std::min(w.today, days[0].back() + rng.uniform_int(1, 6));
    if (!std::count(days[size_t(c)].begin(), days[size_t(c)].end(), day)) days[size_t(c)].back() = day;
  }

  // Order numbers: one prefix per shop; increasing with date, or not (several warehouses).
  std::string sample = vocab::order_number(rng);
  std::string prefix = sample.substr(0, sample.find_first_of("0123456789"));
  struct Pending {
    int customer, day;
  };
  std::vector<Pending> all;
  for (int c = 0; c < n_customers; ++c)
    for (int d : days[size_t(c)]) all.push_back({c, d});
  std::stable_sort(all.begin(), all.end(), [](const Pending& a, const Pending& b) { return a.day < b.day; });
  std::set<int> numbers;
  while (numbers.size() < all.size()) numbers.insert(rng.uniform_int(10000, 99999));
  std::vector<int> number_list(numbers.begin(), numbers.end());
  if (rng.chance(0.4)) rng.shuffle(number_list);
  for (size_t i = 0; i < all.size(); ++i) {
    Order o;
    o.customer = all[i].customer;
    o.day = all[i].day;
    o.number = prefix + std::to_string(number_list[i]);
    o.product = rng.pick(vocab::products());
    int extra = rng.chance(0.4) ? rng.uniform_int(1, 3) : 0;
    int quantity = extra == 0 && rng.chance(0.25) ? rng.uniform_int(2, 4) : 1;
    o.items = o.product + (quantity > 1 ? " x" + std::to_string(quantity) : "") +
              (extra > 0 ? " + " + std::to_string(extra) + " more" : "");
    o.total = "$" + std::to_string(rng.uniform_int(8, 640)) + "." + two_digits(rng.uniform_int(0, 99));
    int age = w.today - o.day;
    if (age <= 2) o.shipping = rng.pick(std::vector<std::string>{"Processing", "Shipped"});
    else if (age <= 10) o.shipping = rng.pick(std::vector<std::string>{"Shipped", "In transit", "Out for delivery", "Delivered"});
    else o.shipping = rng.pick(std::vector<std::string>{"Delivered", "Delivered", "In transit", "Returned", "Cancelled"});
    w.orders.push_back(o);
  }
  // Keep products distinct within a customer's orders, so "the desk lamp" names one order.
  for (int c = 0; c < n_customers; ++c) {
    std::set<std::string> seen;
    for (int i : w.orders_of(c)) {
      Order& o = w.orders[size_t(i)];
      while (seen.count(o.product)) {
        std::string fresh = rng.pick(vocab::products());
        o.items = substitute(o.items, o.product, fresh);
        o.product = fresh;
      }
      seen.insert(o.product);
    }
  }

  // Tickets.
  static const std::vector<std::string> channels = {"Email", "Web form", "Chat"};
  static const std::vector<std::string> tag_words = {"shipping", "delivery", "refund", "billing", "account",
                                                     "vip", "returns", "damaged", "follow-up", "website"};
  for (int i = 0; i < n_tickets; ++i) {
    Ticket t;
    t.customer = i;
    t.created = times[size_t(i)];
    bool about_order = i == 0 || rng.chance(0.6);
    if (about_order) {
      auto mine = w.orders_of(i);
      t.about_order = i == 0 && spec.target_about_most_recent ? w.most_recent_order(i)
                                                                : mine[size_t(rng.uniform_int(0, int(mine.size()) - 1))];
      const MessageTemplate& m = rng.pick(order_messages());
      const Order& o = w.orders[size_t(t.about_order)];
      t.subject = m.subject;
      t.message = substitute(substitute(m.body, "{item}", lower_product(o.product)), "{when}",
                       when_in_words(o.day, t.created / kMinutesPerDay));
    } else {
      const MessageTemplate& m = rng.pick(other_messages());
      t.subject = m.subject;
      t.message = m.body;
    }
    std::string greeting = rng.pick(std::vector<std::string>{"", "Hi, ", "Hello, ", "Hi there, ", "Good morning, "});
    if (!greeting.empty()) {
      bool pronoun = t.message.rfind("I ", 0) == 0;  // "Hi, I ordered", not "Hi, i ordered"
      t.message = greeting + (pronoun ? t.message[0] : char(std::tolower(uint8_t(t.message[0])))) + t.message.substr(1);
    }
    t.message += "\n\n" + rng.pick(std::vector<std::string>{"Thanks, ", "Best regards, ", "Kind regards, ", "Cheers, ", ""}) +
                 first_name(w.customers[size_t(i)].name);
    int p = rng.uniform_int(0, 9);
    t.priority = kPriorities[size_t(p < 2 ? 0 : p < 6 ? 1 : p < 9 ? 2 : 3)];
    t.assignee = rng.chance(0.35) ? "Unassigned" : rng.pick(w.agents);
    t.channel = rng.pick(channels);
    if (rng.chance(0.6)) {
      auto tags = vocab::distinct(rng, tag_words, rng.uniform_int(1, 2));
      for (const auto& tag : tags) t.tags += (t.tags.empty() ? "" : ", ") + tag;
    }
    w.tickets.push_back(t);
  }

  // Statuses.
  auto random_status = [&](bool allow_open) {
    int r = rng.uniform_int(0, 9);
    if (allow_open && r < 4) return std::string("Open");
    if (r < 6) return std::string("Pending");
    if (r < 7) return std::string("On hold");
    if (r < 9) return std::string("Solved");
    return std::string("Closed");
  };
  if (spec.target_oldest_open) {
    w.tickets[0].status = "Open";
    int open_count = 0;
    for (int i = 1; i < n_tickets; ++i) {
      bool older = w.tickets[size_t(i)].created < w.tickets[0].created;
      w.tickets[size_t(i)].status = random_status(!older);
      open_count += w.tickets[size_t(i)].status == "Open";
    }
    // At least two other open tickets, newer than the target.
    for (int i = 1; i < n_tickets && open_count < 2; ++i)
      if (w.tickets[size_t(i)].created > w.tickets[0].created && w.tickets[size_t(i)].status != "Open") {
        w.tickets[size_t(i)].status = "Open";
        ++open_count;
      }
  } else {
    for (int i = 1; i < n_tickets; ++i) w.tickets[size_t(i)].status = random_status(true);
    std::string s = spec.target_status;
    if (s.empty()) s = rng.chance(0.6) ? "Open" : "Pending";
    while (s == spec.target_status_not) s = rng.pick(std::vector<std::string>{"Open", "Pending", "On hold", "Solved"});
    w.tickets[0].status = s;
  }

  // Ticket ids: increasing with creation time, or scattered (tickets merged from several inboxes).
  std::vector<int> by_time(static_cast<size_t>(n_tickets));
  for (int i = 0; i < n_tickets; ++i) by_time[size_t(i)] = i;
  std::sort(by_time.begin(), by_time.end(),
            [&](int a, int b) { return w.tickets[size_t(a)].created < w.tickets[size_t(b)].created; });
  int id = rng.uniform_int(1000, 8000);
  std::set<int> ids;
  if (rng.chance(0.6)) {
    for (int i : by_time) w.tickets[size_t(i)].id = id += rng.uniform_int(1, 12);
  } else {
    for (auto& t : w.tickets) {
      do t.id = id + rng.uniform_int(0, 300);
      while (ids.count(t.id));
      ids.insert(t.id);
    }
  }
  return w;
}

// ---- the shared help-desk application ----

class SupportTask : public BasicTask {
 public:
  using BasicTask::BasicTask;

  Outcome evaluate(const Desktop&, bool final) const override {
    for (const Commit& c : commits_)
      if (auto verdict = judge(c)) return *verdict;
    return {final, 0.0, commits_.empty() ? "nothing sent or saved" : "the task is not finished"};
  }

 protected:
  // A committed change: Send (reply + status) or Save (status only) on a ticket.
  struct Commit {
    int ticket = 0;
    std::string old_status;
    std::string status;
    std::string reply;
    bool sent = false;
  };

  // Judges one commit: an Outcome ends the episode, nullopt lets it go on.
  virtual std::optional<Outcome> judge(const Commit& commit) const = 0;

  const Customer& target_customer() const { return world_.customers[0]; }
  std::string ticket_label(int t) const { return "#" + std::to_string(world_.tickets[size_t(t)].id); }
  bool changed_something(const Commit& c) const { return c.sent || c.status != c.old_status; }
  std::optional<Outcome> wrong_ticket(const Commit& c) const {
    if (c.ticket == 0) return std::nullopt;
    return Outcome{true, -1.0, std::string(c.sent ? "replied to" : "changed") + " ticket " + ticket_label(c.ticket) +
                                   " instead of " + ticket_label(0)};
  }

  // Builds the desk (and, with `with_orders`, the Orders window) for world_.
  void build_app(Desktop& desktop, Rng& rng, bool with_orders) {
    desktop_ = &desktop;
    cells_seen_.clear();
    std::string company = rng.pick(vocab::companies());
    send_caption_ = rng.pick(std::vector<std::string>{"Send", "Send reply"});
    save_caption_ = rng.pick(std::vector<std::string>{"Save", "Update", "Save changes"});
    use_double_click_ = rng.chance(0.5);
    search_by_email_ = rng.chance(0.3);
    if (with_orders) build_orders_window(desktop, rng, company);
    build_desk_window(desktop, rng, company);
    if (with_orders) {
      // Desk on the left, Orders on the right; they overlap when the screen is narrow.
      Rect area = desktop.work_area();
      desk_->rect.x = area.x + desktop.style().px(rng.uniform_int(0, 30));
      desk_->rect.y = area.y + desktop.style().px(rng.uniform_int(0, 30));
      orders_->rect.x = area.right() - orders_->rect.width - desktop.style().px(rng.uniform_int(0, 30));
      orders_->rect.y = area.y + desktop.style().px(rng.uniform_int(20, 60));
      desktop.fit_window(desk_);
      desktop.fit_window(orders_);
      if (rng.chance(0.3)) desktop.raise(orders_);
    }
  }

  // ---- expert building blocks ----

  // Shows ticket `t` in the desk's ticket view; nullopt when it is already shown. The row is
  // clicked on `column` (the cell a person reads to pick it: "#" or "Created").
  std::optional<Action> expert_open_ticket(Desktop& desktop, int t, int column = 0) {
    if (ticket_panel_->visible && shown_ticket_ == t) return std::nullopt;
    if (ticket_panel_->visible) return expert::click(desktop, back_button_);
    int row = queue_row_of(t);
    if (row < 0) return expert::click_rect(desktop, views_, views_->row_screen_rect(0));  // "All tickets"
    Rect cell = queue_table_->cell_screen_rect(row, column);
    if (use_double_click_) return expert::double_click_rect(desktop, queue_table_, cell);
    if (queue_table_->selected != row) return expert::click_rect(desktop, queue_table_, cell);
    return expert::click(desktop, open_button_);
  }

  // Searches the Orders window for the target customer and selects order `order` in the results
  // by clicking its cell in `column` (the value being read); nullopt when it is selected.
  std::optional<Action> expert_look_up(Desktop& desktop, int order, int column) {
    int row = result_row_of(order);
    if (row < 0 || applied_query_.empty()) {
      if (status_filter_->selected() != 0 || status_filter_->is_open())
        if (auto a = expert::select_option(desktop, status_filter_, 0)) return a;
      // By name: an instruction names the customer, a ticket shows the name on its own (its email
      // in angle brackets would be copied with them). search_by_email_ keeps its draw only so
      // that every episode's world stays what it was.
      (void)search_by_email_;
      if (auto a = expert::set_text(desktop, search_field_, target_customer().name)) return a;
      return expert::click(desktop, search_button_);
    }
    if (orders_table_->selected == row) return std::nullopt;
    return expert::click_rect(desktop, orders_table_, orders_table_->cell_screen_rect(row, column));
  }

  bool order_selected(int order) const {
    return orders_table_->selected >= 0 && orders_table_->selected < int(result_rows_.size()) &&
           result_rows_[size_t(orders_table_->selected)] == order;
  }

  // Whether cell (`row`, `column`) of the orders table is on screen: inside the table's viewport
  // and not under the desk window when the desk is in front (typing a reply raises it).
  bool order_cell_visible(const Desktop& desktop, int row, int column) const {
    if (row < 0 || row >= orders_table_->row_count() || !orders_->visible) return false;
    Rect cell = orders_table_->cell_screen_rect(row, column)
                    .intersect(orders_table_->viewport_screen_rect())
                    .intersect(desktop.work_area());
    if (cell.width < cell_min_px(desktop) || cell.height < cell_min_px(desktop)) return false;
    if (desktop.active_window() != desk_ || !desk_->visible) return true;
    Rect desk = desk_->screen_rect().united(desk_->title_bar_screen_rect());
    return cell.intersect(desk).empty();
  }
  static int cell_min_px(const Desktop& desktop) { return desktop.style().px(6); }

  // Notes that cell (`order`, `column`) is on screen now: a person who saw it remembers it after
  // another window covers it (the decision model's remembered elements, decision_memory.h). Called
  // on every expert step, so it sees what each screen showed.
  void note_cell_seen(const Desktop& desktop, int order, int column) {
    if (order_cell_visible(desktop, result_row_of(order), column)) cells_seen_.insert({order, column});
  }

  // What to type to answer with `column` of order `order`, copied from the screen as a person
  // would: the cell's text while it is in view with the reply box focused, or after it was seen
  // (remembered: typing raises the desk window, which may cover it); else `composed` (a reply the
  // decision model cannot express: text never seen is not copied).
  std::string copied_or(const Desktop& desktop, int order, int column, const std::string& composed) const {
    int row = result_row_of(order);
    if (row < 0) return composed;
    if (!order_cell_visible(desktop, row, column) && !cells_seen_.count({order, column})) return composed;
    return orders_table_->rows[size_t(row)][size_t(column)];
  }

  // Whether Send with `reply` now would be judged a success (a reply that already holds the
  // answer, e.g. a whole table row copied, is not retyped).
  bool reply_would_pass(const std::string& reply, const std::string& status) const {
    if (reply.find_first_not_of(" \t\n") == std::string::npos) return false;
    Commit c;
    c.ticket = 0;
    c.old_status = world_.tickets[0].status;
    c.status = status;
    c.reply = reply;
    c.sent = true;
    auto verdict = judge(c);
    return verdict && verdict->reward > 0;
  }

  // Types the reply (unless the reply box already holds a passing one) and clicks Send.
  Action expert_send_reply(Desktop& desktop, int order, int column, const std::string& composed) {
    if (!reply_would_pass(reply_area_->text(), status_dropdown_->text())) {
      // Focus first: the desk comes to the front, and only then is it known what stays in view.
      if (desktop.focus() != reply_area_) return expert::click(desktop, reply_area_);
      if (auto a = expert::set_text(desktop, reply_area_, copied_or(desktop, order, column, composed))) return *a;
    }
    return expert::click(desktop, send_button_);
  }

  // Sets the status, types the reply (when non-empty) and clicks Send (or Save without a reply).
  Action expert_finish_ticket(Desktop& desktop, const std::string& status, const std::string& reply) {
    if (auto a = expert_open_ticket(desktop, 0)) return *a;
    int index = int(std::find(kStatuses.begin(), kStatuses.end(), status) - kStatuses.begin());
    if (auto a = expert::select_option(desktop, status_dropdown_, index)) return *a;
    if (reply.empty()) return expert::click(desktop, save_button_);  // Save ignores the reply box
    if (auto a = expert::set_text(desktop, reply_area_, reply)) return *a;
    return expert::click(desktop, send_button_);
  }

  SupportWorld world_;
  std::vector<Commit> commits_;
  std::string send_caption_, save_caption_;

 private:
  // Column weights from the widest cell of each column (so dates and names are never elided),
  // each capped at `cap_px`; returns the table's total width.
  static int fit_columns(const Desktop& desktop, Table* table, const std::vector<std::vector<std::string>>& rows,
                         const std::vector<int>& cap_px) {
    const Style& s = desktop.style();
    table->column_weights.clear();
    int total = 0;
    for (size_t c = 0; c < table->columns.size(); ++c) {
      int widest = s.bold.measure(table->columns[c]);
      for (const auto& r : rows) widest = std::max(widest, s.bold.measure(r[c]));  // bold: unread rows
      widest = std::min(widest, cap_px[c]) + s.px(22);
      table->column_weights.push_back(widest);
      total += widest;
    }
    return total + s.px(12) + 2;  // scrollbar and border
  }

  // ---- desk window ----

  static bool in_view(const std::string& status, int view) {
    switch (view) {
      case 0: return true;
      case 1: return status == "Open" || status == "Pending" || status == "On hold";
      case 2: return status == "Open";
      case 3: return status == "Pending";
      default: return status == "Solved" || status == "Closed";
    }
  }

  std::vector<std::string> view_items() const {
    static const std::vector<std::string> names = {"All tickets", "Unsolved tickets", "Open", "Pending", "Recently solved"};
    std::vector<std::string> items;
    for (int v = 0; v < int(names.size()); ++v) {
      int n = 0;
      for (const auto& t : world_.tickets) n += in_view(t.status, v);
      items.push_back(names[size_t(v)] + "  (" + std::to_string(n) + ")");
    }
    return items;
  }

  std::vector<std::string> queue_cells(int t) const {
    const Ticket& k = world_.tickets[size_t(t)];
    return {ticket_label(t), world_.customers[size_t(k.customer)].name, k.subject, k.priority, k.status,
            format_date_time(world_.date_style, world_.year, k.created)};
  }

  void refresh_queue() {
    int view = views_->selected.empty() ? 0 : views_->selected[0];
    int keep = queue_table_->selected >= 0 && queue_table_->selected < int(queue_rows_.size())
                   ? queue_rows_[size_t(queue_table_->selected)]
                   : -1;
    queue_rows_.clear();
    queue_table_->rows.clear();
    queue_table_->row_bold.clear();
    for (int t : display_order_)
      if (in_view(world_.tickets[size_t(t)].status, view)) {
        queue_rows_.push_back(t);
        queue_table_->rows.push_back(queue_cells(t));
        queue_table_->row_bold.push_back(world_.tickets[size_t(t)].status == "Open" && unread_[size_t(t)]);
      }
    queue_table_->selected = queue_row_of(keep);
    queue_table_->scroll_to(std::min(queue_table_->scroll_px(), queue_table_->max_scroll_px()));
    views_->items = view_items();
    static const std::vector<std::string> names = {"All tickets", "Unsolved tickets", "Open tickets", "Pending tickets",
                                                   "Recently solved"};
    view_title_->set_text(names[size_t(view)]);
    count_label_->set_text(std::to_string(queue_rows_.size()) + " tickets");
    if (desktop_ != nullptr) desktop_->mark_dirty();
  }

  int queue_row_of(int t) const {
    for (size_t i = 0; i < queue_rows_.size(); ++i)
      if (queue_rows_[i] == t) return int(i);
    return -1;
  }

  void build_desk_window(Desktop& desktop, Rng& rng, const std::string& company) {
    const Style& s = desktop.style();
    std::string title = rng.chance(0.5) ? "Support Desk" : "Support Desk - " + company;
    desk_ = desktop.create_window("desk", title, {s.px(860), s.px(560)});
    Panel* content = desk_->content();
    unread_.assign(world_.tickets.size(), false);
    for (size_t i = 0; i < unread_.size(); ++i) unread_[i] = rng.chance(0.5);

    // Display order of the queue: newest first, by priority, or by last update (unrelated to Created).
    display_order_.resize(world_.tickets.size());
    for (size_t i = 0; i < display_order_.size(); ++i) display_order_[i] = int(i);
    rng.shuffle(display_order_);
    int sort_mode = rng.uniform_int(0, 2);
    std::string sort_text;
    if (sort_mode == 0) {
      std::stable_sort(display_order_.begin(), display_order_.end(), [&](int a, int b) {
        return world_.tickets[size_t(a)].created > world_.tickets[size_t(b)].created;
      });
      sort_text = "Sorted by: Created (newest first)";
    } else if (sort_mode == 1) {
      auto rank = [&](int t) {
        return int(std::find(kPriorities.begin(), kPriorities.end(), world_.tickets[size_t(t)].priority) - kPriorities.begin());
      };
      std::stable_sort(display_order_.begin(), display_order_.end(), [&](int a, int b) { return rank(a) > rank(b); });
      sort_text = "Sorted by: Priority";
    } else {
      sort_text = "Sorted by: Last updated";
    }

    // ---- queue view ----
    queue_panel_ = content->add<Panel>("queue_view");
    {
      Panel* p = queue_panel_;
      Layout l(desktop, p, rng);
      view_title_ = put<Label>(l, p, false, s.px(190), 0, "view_title", "All tickets", TextRole::kHeading);
      count_label_ = put<Label>(l, p, true, s.px(80), 0, "ticket_count", "00 tickets", TextRole::kMuted);
      put<Label>(l, p, true, 0, 0, "sort_label", sort_text, TextRole::kMuted);
      l.gap(4);
      std::vector<std::vector<std::string>> all_cells;
      for (size_t t = 0; t < world_.tickets.size(); ++t) all_cells.push_back(queue_cells(int(t)));
      int visible_rows = std::min<int>(int(world_.tickets.size()), rng.uniform_int(9, 12));
      int row_h = std::max(s.px(24), s.font.line_height() + s.px(6));
      int table_h = std::max(s.px(26), s.bold.line_height() + s.px(8)) + visible_rows * row_h + 2;
      views_ = put<ListBox>(l, p, false, s.px(150), std::min(table_h, 5 * row_h + 2), "views", view_items());
      views_->selected = {0};
      queue_table_ = p->add<Table>("queue_table",
                                   std::vector<std::string>{"#", "Customer", "Subject", "Priority", "Status", "Created"});
      int table_w = fit_columns(desktop, queue_table_, all_cells, {s.px(80), s.px(180), s.px(220), s.px(80), s.px(80), s.px(200)});
      queue_table_->rect = {0, 0, table_w, table_h};
      l.place(queue_table_, /*inline_row=*/true);
      queue_table_->rect.y = views_->rect.y;
      queue_table_->on_activate = [this](int row) {
        if (row >= 0 && row < int(queue_rows_.size())) show_ticket(queue_rows_[size_t(row)]);
      };
      views_->on_select = [this] {
        queue_table_->selected = -1;
        queue_table_->scroll_to(0);
        refresh_queue();
      };
      l.gap(2);
      open_button_ = put<Button>(l, p, false, 0, 0, "open_ticket", "Open");
      open_button_->primary = true;
      open_button_->on_click = [this] {
        if (queue_table_->selected >= 0 && queue_table_->selected < int(queue_rows_.size()))
          show_ticket(queue_rows_[size_t(queue_table_->selected)]);
      };
      put<Button>(l, p, true, 0, 0, "refresh_queue", "Refresh")->on_click = [this] { refresh_queue(); };
      if (rng.chance(0.5)) put<Button>(l, p, true, 0, 0, "new_ticket", "New ticket");
      put<Label>(l, p, true, 0, 0, "queue_hint", "Double-click a ticket to open it.", TextRole::kMuted);
      Size size = l.size();
      p->rect = {0, 0, size.width, size.height};
    }

    // ---- ticket view ----
    ticket_panel_ = content->add<Panel>("ticket_view");
    ticket_panel_->visible = false;
    {
      Panel* p = ticket_panel_;
      Layout l(desktop, p, rng);
      int width = std::max(s.px(560), queue_panel_->rect.width - s.px(60));
      back_button_ = put<Button>(l, p, false, 0, 0, "back_to_queue", "< Back to queue");
      put<Label>(l, p, true, 0, 0, "ticket_breadcrumb", "Tickets / " + std::string(rng.chance(0.5) ? "Inbox" : "Customer care"),
                 TextRole::kMuted);
      subject_label_ = put<Label>(l, p, false, width - s.px(90), 0, "ticket_subject", "Subject", TextRole::kHeading);
      id_label_ = put<Label>(l, p, true, s.px(70), 0, "ticket_id", "#0000", TextRole::kMuted);
      avatar_ = put<Avatar>(l, p, false, s.px(34), s.px(34), "ticket_avatar", "AB", Color{90, 120, 200, 255});
      customer_label_ = put<Label>(l, p, true, 0, 0, "ticket_customer", "Customer Name", TextRole::kBold);
      email_label_ = put<Label>(l, p, true, 0, 0, "ticket_email", "<customer@example.com>", TextRole::kMuted);
      meta_label_ = put<Label>(l, p, false, width, 0, "ticket_meta", "Created", TextRole::kMuted);
      put<Separator>(l, p, false, width, s.px(6), "ticket_separator");
      // The message: a bordered card as tall as the longest message needs.
      int pad = s.px(10);
      int lines = 1;
      for (const auto& t : world_.tickets)
        lines = std::max<int>(lines, int(wrap_text(s.font, t.message, width - 2 * pad).size()));
      message_card_ = put<Panel>(l, p, false, width, lines * s.font.line_height() + 2 * pad, "message_card");
      message_card_->draw_background = true;
      message_card_->background = Color{0, 0, 0, 0};  // transparent = the theme's list background
      message_card_->draw_border = true;
      message_label_ = message_card_->add<Label>("ticket_message", "");
      message_label_->wrap_width_px = width - 2 * pad;
      message_label_->rect = {pad, pad, width - 2 * pad, lines * s.font.line_height()};
      l.gap(4);
      Dropdown probe("probe", kStatuses, 0);
      int field_h = probe.preferred_size(s).height;
      put<Label>(l, p, false, 0, field_h, "status_caption", "Status", TextRole::kBold);
      status_dropdown_ = put<Dropdown>(l, p, true, std::max(probe.preferred_size(s).width, s.px(130)), 0, "ticket_status",
                                       kStatuses, 0);
      put<Label>(l, p, true, 0, field_h, "assignee_caption", "Assignee", TextRole::kBold);
      std::vector<std::string> assignees = {"Unassigned"};
      for (const auto& a : world_.agents) assignees.push_back(a);
      assignee_dropdown_ = put<Dropdown>(l, p, true, 0, 0, "ticket_assignee", assignees, 0);
      put<Label>(l, p, true, 0, field_h, "tags_caption", "Tags", TextRole::kBold);
      tags_field_ = put<TextField>(l, p, true, s.px(150), 0, "ticket_tags", "Add tags");
      put<Label>(l, p, false, 0, 0, "reply_caption", rng.chance(0.5) ? "Public reply" : "Reply to customer", TextRole::kBold);
      reply_area_ = put<TextArea>(l, p, false, width, s.px(rng.uniform_int(90, 120)), "reply",
                                  rng.chance(0.5) ? "Write your reply..." : "Type a reply to the customer");
      send_button_ = put<Button>(l, p, false, 0, 0, "send_reply", send_caption_);
      send_button_->primary = true;
      send_button_->on_click = [this] { commit(/*send=*/true); };
      save_button_ = put<Button>(l, p, true, 0, 0, "save_ticket", save_caption_);
      save_button_->on_click = [this] { commit(/*send=*/false); };
      feedback_label_ = put<Label>(l, p, true, s.px(320), 0, "ticket_feedback", "", TextRole::kMuted);
      Size size = l.size();
      p->rect = {0, 0, std::max(size.width, queue_panel_->rect.width), size.height};
    }
    // Both views share the window: the queue's table grows to the ticket view's height.
    int grow = ticket_panel_->rect.height - queue_panel_->rect.height;
    if (grow > 0) {
      int table_bottom = queue_table_->rect.bottom();
      for (const auto& child : queue_panel_->children())
        if (child->rect.y >= table_bottom) child->rect.y += grow;
      queue_table_->rect.height += grow;
      queue_panel_->rect.height += grow;
    }
    refresh_queue();
    // The content pane pads its children by 12 logical pixels.
    desk_->set_client_size({std::max(queue_panel_->rect.width, ticket_panel_->rect.width) + s.px(12),
                            std::max(queue_panel_->rect.height, ticket_panel_->rect.height) + s.px(12)});
  }

  void show_ticket(int t) {
    const Ticket& k = world_.tickets[size_t(t)];
    const Customer& c = world_.customers[size_t(k.customer)];
    const Style& s = desktop_->style();
    shown_ticket_ = t;
    unread_[size_t(t)] = false;
    subject_label_->set_text(k.subject);
    id_label_->set_text(ticket_label(t));
    std::string initials = c.name.substr(0, 1) + c.name.substr(c.name.find(' ') + 1, 1);
    uint32_t hash = 2166136261u;
    for (char ch : c.name) hash = (hash ^ uint8_t(ch)) * 16777619u;
    Rect avatar_rect = avatar_->rect;
    ticket_panel_->remove_child(avatar_);
    avatar_ = ticket_panel_->add<Avatar>("ticket_avatar", initials,
                                         Color{uint8_t(60 + hash % 140), uint8_t(80 + hash / 140 % 120), uint8_t(120 + hash / 16800 % 120), 255});
    avatar_->rect = avatar_rect;
    customer_label_->set_text(c.name);
    customer_label_->rect.width = customer_label_->preferred_size(s).width;
    email_label_->set_text("<" + c.email + ">");
    email_label_->rect.x = customer_label_->rect.right() + s.px(8);
    email_label_->rect.width = email_label_->preferred_size(s).width;
    meta_label_->set_text("Created " + format_date_time(world_.date_style, world_.year, k.created) + "   -   via " +
                          k.channel + "   -   Priority: " + k.priority);
    message_label_->set_text(k.message);
    status_dropdown_->select(int(std::find(kStatuses.begin(), kStatuses.end(), k.status) - kStatuses.begin()));
    auto agent = std::find(assignee_dropdown_->options.begin(), assignee_dropdown_->options.end(), k.assignee);
    assignee_dropdown_->select(int(agent - assignee_dropdown_->options.begin()));
    tags_field_->set_text(k.tags);
    reply_area_->set_text("");
    feedback_label_->set_text("");
    queue_panel_->visible = false;
    ticket_panel_->visible = true;
    desk_->scroll_pane()->scroll_to({0, 0});
    desktop_->set_focus(nullptr);
    desktop_->mark_dirty();
  }

  void show_queue() {
    ticket_panel_->visible = false;
    queue_panel_->visible = true;
    shown_ticket_ = -1;
    refresh_queue();
    desk_->scroll_pane()->scroll_to({0, 0});
    desktop_->set_focus(nullptr);
    desktop_->mark_dirty();
  }

  void commit(bool send) {
    if (shown_ticket_ < 0) return;
    Ticket& k = world_.tickets[size_t(shown_ticket_)];
    Commit c;
    c.ticket = shown_ticket_;
    c.old_status = k.status;
    c.status = status_dropdown_->text();
    c.reply = reply_area_->text();
    c.sent = send;
    if (send) {
      bool blank = std::all_of(c.reply.begin(), c.reply.end(), [](char ch) { return std::isspace(uint8_t(ch)); });
      if (blank) {
        feedback_label_->role = TextRole::kDanger;
        feedback_label_->set_text("Write a reply before sending.");
        return;
      }
    } else {
      c.reply.clear();
      if (c.status == c.old_status) {
        feedback_label_->role = TextRole::kMuted;
        feedback_label_->set_text("No changes to save.");
        return;
      }
    }
    commits_.push_back(c);
    desktop_->record_event(std::string(send ? "send:" : "save:") + ticket_label(c.ticket) + ":" + c.status);
    k.status = c.status;
    reply_area_->set_text("");
    feedback_label_->role = TextRole::kSuccess;
    feedback_label_->set_text(send ? "Reply sent. Ticket " + ticket_label(c.ticket) + " is " + c.status + "."
                                   : "Ticket " + ticket_label(c.ticket) + " updated.");
  }

  // ---- orders window ----

  std::vector<std::string> order_cells(int i) const {
    const Order& o = world_.orders[size_t(i)];
    return {o.number, world_.customers[size_t(o.customer)].name, format_date(world_.date_style, world_.year, o.day),
            o.items, o.total, o.shipping};
  }

  bool order_matches(int i) const {
    const Order& o = world_.orders[size_t(i)];
    int filter = status_filter_->selected();
    if (filter > 0 && o.shipping != status_filter_->options[size_t(filter)]) return false;
    std::string q = applied_query_;
    q.erase(0, q.find_first_not_of(' '));
    q.erase(q.find_last_not_of(' ') + 1);
    if (q.empty()) return true;
    const Customer& c = world_.customers[size_t(o.customer)];
    return contains_ci(c.name, q) || contains_ci(c.email, q);
  }

  void run_search() {
    searched_ = true;
    applied_query_ = search_field_->text();
    refresh_results();
  }

  void refresh_results() {
    result_rows_.clear();
    orders_table_->rows.clear();
    orders_table_->selected = -1;
    orders_table_->scroll_to(0);
    if (searched_)
      for (int i : order_display_)
        if (order_matches(i)) {
          result_rows_.push_back(i);
          orders_table_->rows.push_back(order_cells(i));
        }
    std::string q = applied_query_;
    if (!searched_) results_label_->set_text("Search for a customer by name or email.");
    else if (q.find_first_not_of(' ') == std::string::npos)
      results_label_->set_text("Showing all " + std::to_string(result_rows_.size()) + " orders");
    else
      results_label_->set_text(std::to_string(result_rows_.size()) + (result_rows_.size() == 1 ? " order" : " orders") +
                               " matching \"" + q + "\"");
    if (desktop_ != nullptr) desktop_->mark_dirty();
  }

  int result_row_of(int order) const {
    for (size_t i = 0; i < result_rows_.size(); ++i)
      if (result_rows_[i] == order) return int(i);
    return -1;
  }

  void build_orders_window(Desktop& desktop, Rng& rng, const std::string& company) {
    const Style& s = desktop.style();
    std::string title = rng.chance(0.5) ? "Orders" : "Orders - " + company + " Admin";
    orders_ = desktop.create_window("orders", title, {s.px(800), s.px(520)});
    Panel* p = orders_->content();
    Layout l(desktop, p, rng);
    put<Label>(l, p, false, 0, 0, "orders_heading", rng.chance(0.5) ? "Order lookup" : "Customer orders", TextRole::kHeading);
    search_field_ = put<TextField>(l, p, false, s.px(rng.uniform_int(240, 300)), 0, "orders_search",
                                   rng.chance(0.5) ? "Customer name or email" : "Search by name or email");
    search_field_->on_enter = [this] { run_search(); };
    search_button_ = put<Button>(l, p, true, 0, 0, "orders_search_button", "Search");
    search_button_->primary = true;
    search_button_->on_click = [this] { run_search(); };
    orders_->default_button = search_button_;
    put<Button>(l, p, true, 0, 0, "orders_clear", "Clear")->on_click = [this] {
      search_field_->set_text("");
      applied_query_.clear();
      refresh_results();
    };
    std::vector<std::string> filter_options = {"All statuses"};
    for (const auto& st : kShipping) filter_options.push_back(st);
    Dropdown probe("probe", filter_options, 0);
    put<Label>(l, p, true, 0, probe.preferred_size(s).height, "orders_filter_caption", "Status", TextRole::kBold);
    status_filter_ = put<Dropdown>(l, p, true, 0, 0, "orders_status_filter", filter_options, 0);
    status_filter_->on_change = [this](int) {
      if (searched_) refresh_results();
    };
    results_label_ = put<Label>(l, p, false, s.px(420), 0, "orders_results", "", TextRole::kMuted);

    // Result order: newest first, oldest first, or by order number.
    order_display_.resize(world_.orders.size());
    for (size_t i = 0; i < order_display_.size(); ++i) order_display_[i] = int(i);
    int mode = rng.uniform_int(0, 2);
    std::stable_sort(order_display_.begin(), order_display_.end(), [&](int a, int b) {
      const Order& x = world_.orders[size_t(a)];
      const Order& y = world_.orders[size_t(b)];
      if (mode == 0) return x.day > y.day;
      if (mode == 1) return x.day < y.day;
      return x.number < y.number;
    });
    orders_table_ = p->add<Table>(
        "orders_table", std::vector<std::string>{"Order number", "Customer", "Date", "Items", "Total", "Shipping status"});
    std::vector<std::vector<std::string>> all_cells;
    for (size_t i = 0; i < world_.orders.size(); ++i) all_cells.push_back(order_cells(int(i)));
    int table_w = fit_columns(desktop, orders_table_, all_cells,
                              {s.px(110), s.px(180), s.px(130), s.px(190), s.px(90), s.px(130)});
    int row_h = std::max(s.px(24), s.font.line_height() + s.px(6));
    int table_h = std::max(s.px(26), s.bold.line_height() + s.px(8)) + rng.uniform_int(8, 11) * row_h + 2;
    orders_table_->rect = {0, 0, table_w, table_h};
    l.place(orders_table_, false);
    put<Label>(l, p, false, 0, 0, "orders_footer",
               rng.chance(0.5) ? "Orders from the last 90 days." : "Prices include tax and shipping.", TextRole::kMuted);
    searched_ = rng.chance(0.5);  // some shops list every recent order before any search
    refresh_results();
    orders_->set_client_size(l.size());
  }

 protected:
  Desktop* desktop_ = nullptr;
  Window* desk_ = nullptr;
  Window* orders_ = nullptr;
  // Desk.
  Panel* queue_panel_ = nullptr;
  Panel* ticket_panel_ = nullptr;
  Label* view_title_ = nullptr;
  Label* count_label_ = nullptr;
  ListBox* views_ = nullptr;
  Table* queue_table_ = nullptr;
  Button* open_button_ = nullptr;
  Button* back_button_ = nullptr;
  Label* subject_label_ = nullptr;
  Label* id_label_ = nullptr;
  Avatar* avatar_ = nullptr;
  Label* customer_label_ = nullptr;
  Label* email_label_ = nullptr;
  Label* meta_label_ = nullptr;
  Panel* message_card_ = nullptr;
  Label* message_label_ = nullptr;
  Dropdown* status_dropdown_ = nullptr;
  Dropdown* assignee_dropdown_ = nullptr;
  TextField* tags_field_ = nullptr;
  TextArea* reply_area_ = nullptr;
  Button* send_button_ = nullptr;
  Button* save_button_ = nullptr;
  Label* feedback_label_ = nullptr;
  std::vector<int> display_order_;  // all tickets in queue order
  std::vector<int> queue_rows_;     // tickets shown, row by row
  std::vector<bool> unread_;
  int shown_ticket_ = -1;
  // Orders.
  TextField* search_field_ = nullptr;
  Button* search_button_ = nullptr;
  Dropdown* status_filter_ = nullptr;
  Label* results_label_ = nullptr;
  Table* orders_table_ = nullptr;
  std::vector<int> order_display_;  // all orders in result order
  std::vector<int> result_rows_;    // orders shown, row by row
  std::string applied_query_;
  bool searched_ = false;
  // Expert habits (drawn per episode).
  bool use_double_click_ = false;
  bool search_by_email_ = false;
  std::set<std::pair<int, int>> cells_seen_;  // (order, column) cells the expert has seen this episode
};

// ---- support_ticket: the flagship ----

// Open the oldest open ticket, find that customer's most recent order, set the status, reply with
// the order number, send.
class SupportTicketTask : public SupportTask {
 public:
  SupportTicketTask()
      : SupportTask({"support_ticket", "multi-step",
                     "Answer the oldest open help-desk ticket with the customer's latest order number from the Orders window",
                     60, 300, {1280, 800}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    WorldSpec spec;
    spec.target_oldest_open = true;
    world_ = generate_world(rng, spec);
    want_status_ = rng.chance(0.5) ? "Pending" : "Solved";
    build_app(desktop, rng, /*with_orders=*/true);
    order_ = world_.most_recent_order(0);
    const Order& o = world_.orders[size_t(order_)];
    reply_ = "Hi " + first_name(target_customer().name) + ", I checked your order " + o.number + ": it is " +
             lower(o.shipping) + ". " +
             (want_status_ == "Pending" ? "We will follow up as soon as we hear from the carrier."
                                        : "Let us know if you need anything else.");
    instruction_ = "In \"Support Desk\", open the oldest ticket whose status is \"Open\" (see the Created column), "
                   "look up that customer's most recent order in the \"Orders\" window, set the ticket's status to \"" +
                   want_status_ + "\", write a reply that includes the order number, and click \"" + send_caption_ + "\".";
  }

  Action expert_action(Desktop& desktop) override {
    note_cell_seen(desktop, order_, kOrderNumberColumn);
    if (!order_selected(order_)) {
      if (auto a = expert_open_ticket(desktop, 0, kCreatedColumn)) return *a;  // read the ticket first
      if (auto a = expert_look_up(desktop, order_, kDateColumn)) return *a;  // the date says "most recent"
    }
    if (auto a = expert_open_ticket(desktop, 0)) return *a;
    int index = int(std::find(kStatuses.begin(), kStatuses.end(), want_status_) - kStatuses.begin());
    if (auto a = expert::select_option(desktop, status_dropdown_, index)) return *a;
    // The reply copies the order number from the Orders window (the judge wants it contained).
    return expert_send_reply(desktop, order_, kOrderNumberColumn, reply_);
  }

 protected:
  std::optional<Outcome> judge(const Commit& c) const override {
    if (c.ticket != 0) {
      if (!changed_something(c)) return std::nullopt;
      return wrong_ticket(c);
    }
    if (c.status != want_status_)
      return Outcome{true, -1.0, "set ticket " + ticket_label(0) + " to '" + c.status + "' instead of '" + want_status_ + "'"};
    if (!c.sent) return std::nullopt;  // status saved; the reply is still to come
    const Order& o = world_.orders[size_t(order_)];
    for (int i : world_.orders_of(0))
      if (i != order_ && contains_number(c.reply, digits_of(world_.orders[size_t(i)].number)))
        return Outcome{true, -1.0, "the reply names order " + world_.orders[size_t(i)].number + ", not the most recent " + o.number};
    if (!contains_number(c.reply, digits_of(o.number)))
      return Outcome{true, -1.0, "the reply does not include the order number " + o.number};
    return Outcome{true, 1.0, "replied to " + ticket_label(0) + " with " + o.number + " and set it to " + want_status_};
  }

 private:
  std::string want_status_;
  std::string reply_;
  int order_ = -1;
};

// ---- support_lookup_order ----

// Reply to a given ticket with the total or the shipping status of a given order.
class SupportLookupOrderTask : public SupportTask {
 public:
  SupportLookupOrderTask()
      : SupportTask({"support_lookup_order", "multi-step",
                     "Look up an order's total or shipping status in the Orders window and reply to a ticket with it",
                     60, 240, {1280, 800}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    WorldSpec spec;
    spec.target_about_most_recent = rng.chance(0.4);
    world_ = generate_world(rng, spec);
    order_ = world_.tickets[0].about_order;
    ask_total_ = rng.chance(0.5);
    if (!ask_total_) {
      // Any status is equally likely, so "Delivered" cannot be guessed; and another order of the
      // same customer differs, so reading the wrong row gives a wrong answer.
      Order& target_order = world_.orders[size_t(order_)];
      target_order.shipping = rng.pick(kShipping);
      auto mine = world_.orders_of(0);
      bool differs = false;
      for (int i : mine) differs |= world_.orders[size_t(i)].shipping != target_order.shipping;
      for (int i : mine)
        if (!differs && i != order_) {
          while (world_.orders[size_t(i)].shipping == target_order.shipping) world_.orders[size_t(i)].shipping = rng.pick(kShipping);
          differs = true;
        }
    }
    build_app(desktop, rng, /*with_orders=*/true);
    const Order& o = world_.orders[size_t(order_)];
    std::string first = first_name(target_customer().name);
    reply_ = ask_total_ ? "Hi " + first + ", the total of your order " + o.number + " was " + o.total + "."
                        : "Hi " + first + ", your order " + o.number + " is currently: " + o.shipping + ".";
    instruction_ = "Ticket " + ticket_label(0) + " from " + target_customer().name + " is about order " + o.number +
                   ". Find that order in the \"Orders\" window, reply to the ticket with its " +
                   (ask_total_ ? "total" : "shipping status") + ", and click \"" + send_caption_ + "\".";
  }

  Action expert_action(Desktop& desktop) override {
    const int column = ask_total_ ? kTotalColumn : kShippingColumn;
    note_cell_seen(desktop, order_, column);
    if (!order_selected(order_))
      if (auto a = expert_look_up(desktop, order_, column)) return *a;
    if (auto a = expert_open_ticket(desktop, 0)) return *a;
    // The reply copies the total or shipping status from the Orders window.
    return expert_send_reply(desktop, order_, column, reply_);
  }

 protected:
  std::optional<Outcome> judge(const Commit& c) const override {
    if (c.ticket != 0) {
      if (!changed_something(c)) return std::nullopt;
      return wrong_ticket(c);
    }
    if (!c.sent) return std::nullopt;  // a status change alone is not the answer
    const Order& o = world_.orders[size_t(order_)];
    if (ask_total_) {
      std::string amount = o.total.substr(1);  // "$123.45" -> "123.45"
      for (int i : world_.orders_of(0))
        if (i != order_ && world_.orders[size_t(i)].total != o.total &&
            contains_number(c.reply, world_.orders[size_t(i)].total.substr(1)))
          return Outcome{true, -1.0, "the reply gives the total of another order (" + world_.orders[size_t(i)].total + ")"};
      if (!contains_number(c.reply, amount)) return Outcome{true, -1.0, "the reply does not include the total " + o.total};
      return Outcome{true, 1.0, "replied with the total " + o.total};
    }
    for (const auto& st : kShipping)
      if (st != o.shipping && contains_ci(c.reply, st) && !contains_ci(o.shipping, st))
        return Outcome{true, -1.0, "the reply mentions '" + st + "' but the order is '" + o.shipping + "'"};
    if (!contains_ci(c.reply, o.shipping))
      return Outcome{true, -1.0, "the reply does not include the shipping status '" + o.shipping + "'"};
    return Outcome{true, 1.0, "replied with the shipping status " + o.shipping};
  }

 private:
  int order_ = -1;
  bool ask_total_ = false;
  std::string reply_;
};

// ---- support_set_status: the easier curriculum step ----

class SupportSetStatusTask : public SupportTask {
 public:
  SupportSetStatusTask()
      : SupportTask({"support_set_status", "multi-step", "Open a help-desk ticket by number and change its status",
                     36, 120, {1280, 800}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    WorldSpec spec;
    spec.target_about_most_recent = rng.chance(0.5);
    want_status_ = rng.pick(std::vector<std::string>{"Open", "Pending", "On hold", "Solved", "Closed"});
    spec.target_status_not = want_status_;
    spec.target_status = rng.pick(std::vector<std::string>{"Open", "Open", "Pending", "On hold", "Solved"});
    world_ = generate_world(rng, spec);
    build_app(desktop, rng, /*with_orders=*/false);
    instruction_ = "In \"Support Desk\", set the status of ticket " + ticket_label(0) + " from " + target_customer().name +
                   " to \"" + want_status_ + "\" and click \"" + save_caption_ + "\".";
  }

  Action expert_action(Desktop& desktop) override { return expert_finish_ticket(desktop, want_status_, ""); }

 protected:
  std::optional<Outcome> judge(const Commit& c) const override {
    if (c.ticket != 0) {
      if (!changed_something(c)) return std::nullopt;
      return wrong_ticket(c);
    }
    if (c.sent) return Outcome{true, -1.0, "sent a reply to the customer; the task was to change the status only"};
    if (c.status != want_status_)
      return Outcome{true, -1.0, "set ticket " + ticket_label(0) + " to '" + c.status + "' instead of '" + want_status_ + "'"};
    return Outcome{true, 1.0, "set ticket " + ticket_label(0) + " to " + want_status_};
  }

 private:
  std::string want_status_;
};

}  // namespace

void register_support_tasks(std::vector<TaskEntry>& out) {
  out.push_back(make_task_entry<SupportLookupOrderTask>());
  out.push_back(make_task_entry<SupportSetStatusTask>());
  out.push_back(make_task_entry<SupportTicketTask>());
}

}  // namespace hemu
