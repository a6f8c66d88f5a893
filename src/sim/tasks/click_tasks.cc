// Click family: find the right thing by its text and click it (buttons, links, check boxes, radio
// buttons, tabs, menu items, dialog buttons).
#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "sim/expert.h"
#include "sim/layout.h"
#include "sim/task.h"
#include "sim/vocab.h"

namespace hemu {
namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// "\"A\"", "\"A\" and \"B\"", "\"A\", \"B\" and \"C\"".
std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += quoted(items[i]);
  }
  return out;
}

std::string lowercase(std::string s) {
  for (char& c : s) c = char(std::tolower(uint8_t(c)));
  return s;
}

// `n` distinct entries of `pool` in their order within the pool (keeps ordered lists ordered).
std::vector<std::string> ordered_subset(Rng& rng, const std::vector<std::string>& pool, int n) {
  std::vector<int> picks = rng.sample_indices(int(pool.size()), std::min(n, int(pool.size())));
  std::sort(picks.begin(), picks.end());
  std::vector<std::string> out;
  for (int i : picks) out.push_back(pool[size_t(i)]);
  return out;
}

// A captioned group box: children are laid out with its own Layout, then the box is placed by the
// outer layout. Usage: auto box = GroupBox(...); box.layout.add<...>(...); box.finish(outer, inline).
struct GroupBox {
  GroupBox(Desktop& desktop, Panel* parent, const std::string& name, const std::string& caption, Rng& rng)
      : panel(parent->add<Panel>(name)), layout(desktop, panel, rng, 12) {
    panel->draw_border = true;
    panel->caption = caption;
    caption_width_px = desktop.style().bold.measure(caption) + desktop.style().px(32);
    layout.gap(10);
  }
  void finish(Layout& outer, bool inline_row) {
    Size s = layout.size();
    panel->rect = {0, 0, std::max(s.width, caption_width_px), s.height};
    outer.place(panel, inline_row);
  }
  Panel* panel;
  Layout layout;
  int caption_width_px = 0;
};

// Adds the commit and cancel buttons on one row in a seeded order; returns {commit, cancel}.
std::pair<Button*, Button*> add_commit_row(Layout& l, Window* w, const std::string& commit_caption, Rng& rng,
                                           const std::string& cancel_caption = "Cancel") {
  Button* commit = nullptr;
  Button* cancel = nullptr;
  if (rng.chance(0.5)) {
    commit = l.add<Button>("commit", commit_caption);
    cancel = l.add_inline<Button>("cancel", cancel_caption);
  } else {
    cancel = l.add<Button>("cancel", cancel_caption);
    commit = l.add_inline<Button>("commit", commit_caption);
  }
  commit->primary = true;
  w->default_button = commit;
  w->cancel_button = cancel;
  return {commit, cancel};
}

// "Click the button labelled X": 3-8 buttons with distinct captions in a few rows; clicking any
// button ends the episode (+1 for the right one, -1 for another).
class ClickButtonTask : public BasicTask {
 public:
  ClickButtonTask()
      : BasicTask({"click_button", "click", "Click the button with the given label among several", 6, 30, {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    int count = rng.uniform_int(3, 8);
    auto captions = vocab::distinct(rng, vocab::verbs(), count);
    target_ = rng.uniform_int(0, count - 1);
    Window* w = desktop.create_window("main", vocab::capitalise(rng.pick(vocab::words())) + " actions", {300, 200});
    Layout l(desktop, w->content(), rng);
    if (rng.chance(0.6)) l.add<Label>("intro", vocab::sentence(rng, rng.uniform_int(3, 6)), TextRole::kMuted);
    int per_row = rng.uniform_int(1, 4);
    for (int i = 0; i < count; ++i) {
      auto make = [&](auto&&... a) { return i % per_row == 0 ? l.add<Button>(a...) : l.add_inline<Button>(a...); };
      Button* b = make("button_" + std::to_string(i), captions[size_t(i)]);
      b->on_click = [this, i] { clicked_ = i; };
      buttons_.push_back(b);
    }
    w->set_client_size(l.size());
    instruction_ = "Click the \"" + captions[size_t(target_)] + "\" button.";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (clicked_ < 0) return {final, 0.0, "no button clicked"};
    if (clicked_ == target_) return {true, 1.0, "clicked the right button"};
    return {true, -1.0, "clicked '" + buttons_[size_t(clicked_)]->text() + "' instead of '" +
                            buttons_[size_t(target_)]->text() + "'"};
  }

  Action expert_action(Desktop& desktop) override { return expert::click(desktop, buttons_[size_t(target_)]); }

 private:
  std::vector<Button*> buttons_;
  int target_ = 0;
  int clicked_ = -1;
};

// ---------------------------------------------------------------------------------------------
// click_link: a web page (address bar, site navigation, an article with inline links, a
// "related" sidebar and a footer); clicking any link ends the episode.

const std::vector<std::string>& nav_link_pool() {
  static const std::vector<std::string> list = {
    "Home", "Products", "Pricing", "Solutions", "Blog", "Docs", "Support", "Community", "Careers", "About",
    "Contact", "Partners", "Events", "Store", "News", "Downloads", "Customers", "Resources", "Learn",
    "Developers", "Enterprise", "Integrations", "Status", "Help", "Features", "Showcase", "Webinars",
  };
  return list;
}

const std::vector<std::string>& footer_link_pool() {
  static const std::vector<std::string> list = {
    "Privacy", "Terms", "Cookies", "Accessibility", "Sitemap", "Press", "Investors", "Legal", "Security",
    "Trademarks", "Newsroom", "Affiliates", "Contact us", "Jobs", "Cookie preferences", "Do not sell my data",
    "Imprint", "Report abuse", "Brand assets", "Modern slavery statement", "Supplier code", "Gift card terms",
  };
  return list;
}

const std::vector<std::string>& inline_link_pool() {
  static const std::vector<std::string> list = {
    "privacy policy", "terms of service", "shipping rates", "return policy", "warranty information",
    "setup guide", "release notes", "troubleshooting tips", "community forum", "status page", "billing FAQ",
    "accessibility statement", "cookie settings", "developer documentation", "price list", "gift cards",
    "order tracking", "size guide", "store locator", "user manual", "contact form", "live chat",
    "video tutorials", "payment options", "delivery times", "account settings", "security advisories",
    "system requirements", "installation steps", "recycling program", "student discount", "bulk pricing",
    "loyalty program", "trade-in offer", "extended warranty", "compatibility list", "support ticket",
    "download page", "known issues", "press kit", "care instructions", "spare parts", "repair service",
  };
  return list;
}

struct TextRun {
  std::string text;
  int link = -1;  // index into the task's links, or -1 for plain text
};

class ClickLinkTask : public BasicTask {
 public:
  ClickLinkTask()
      : BasicTask({"click_link", "click",
                   "Click the named link on a web page with navigation, inline, sidebar and footer links", 15, 40,
                   {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    const Style& s = desktop.style();
    const std::string company = rng.pick(vocab::companies());
    const std::string product = rng.pick(vocab::products());
    const std::string city = rng.pick(vocab::cities());
    const std::string country = rng.pick(vocab::countries());
    std::string site = company.substr(0, company.find(' '));

    const std::vector<std::string> titles = {
      "Shipping and delivery", "Getting started with the " + product, "Returns and refunds",
      "Caring for your " + product, "Visiting our " + city + " store", "Ordering from " + country,
      "Frequently asked questions", "What's new this " + rng.pick(vocab::months()),
    };
    const std::string title = rng.pick(titles);
    Window* w = desktop.create_window("browser", title + " - " + site, {s.px(760), s.px(520)});
    page_ = w->content();

    int margin = s.px(14 + rng.uniform_int(-2, 6));
    int y = s.px(8 + rng.uniform_int(0, 4));
    int line_h = s.font.line_height();
    int page_w = s.px(700 + rng.uniform_int(0, 60));

    // Address bar.
    {
      Panel* bar = page_->add<Panel>("address_bar");
      bar->draw_background = true;
      bar->draw_border = true;
      int h = s.px(26);
      bar->rect = {margin, y, page_w, h};
      std::string path = lowercase(title.substr(0, title.find(' ')));
      auto* url = bar->add<Label>("url", "https://www." + lowercase(site) + ".com/" + path + "/" +
                                             std::to_string(rng.uniform_int(100, 9999)),
                                  TextRole::kMuted);
      url->rect = {s.px(10), 0, page_w - s.px(20), h};
      y += h + s.px(12 + rng.uniform_int(0, 6));
    }

    // Site header: name, navigation links, sign-in button.
    {
      auto* name = page_->add<Label>("site_name", site, TextRole::kHeading);
      int name_h = s.heading.line_height();
      name->rect = {margin, y, s.heading.measure(site), name_h};
      int x = name->rect.right() + s.px(28 + rng.uniform_int(0, 16));
      int row_h = std::max(name_h, s.px(28));
      int count = rng.uniform_int(4, 7);
      for (const auto& text : pick_unique(rng, nav_link_pool(), count)) {
        Link* link = add_link(text, kNav);
        int lw = s.font.measure(text);
        link->rect = {x, y + (row_h - line_h) / 2, lw, line_h};
        x += lw + s.px(16 + rng.uniform_int(0, 10));
      }
      name->rect.y = y + (row_h - name_h) / 2;
      if (rng.chance(0.7)) {
        auto* sign_in = page_->add<Button>("sign_in", rng.chance(0.5) ? "Sign in" : "Log in");
        Size b = sign_in->preferred_size(s);
        sign_in->rect = {std::max(x + s.px(12), margin + page_w - b.width), y + (row_h - b.height) / 2, b.width,
                         b.height};
      }
      y += row_h + s.px(8);
      auto* sep = page_->add<Separator>("header_rule");
      sep->rect = {margin, y, page_w, s.px(6)};
      y += s.px(16 + rng.uniform_int(0, 8));
    }

    // Article column and sidebar.
    int main_w = s.px(440 + rng.uniform_int(0, 70));
    int top = y;
    {
      auto* heading = page_->add<Label>("title", title, TextRole::kHeading);
      heading->rect = {margin, y, s.heading.measure(title), s.heading.line_height()};
      y += heading->rect.height + s.px(4);
      auto* meta = page_->add<Label>("meta",
                                     "Updated " + rng.pick(vocab::months()) + " " +
                                         std::to_string(rng.uniform_int(1, 28)) + ", " +
                                         std::to_string(rng.uniform_int(2019, 2025)) + " - " +
                                         std::to_string(rng.uniform_int(2, 9)) + " min read",
                                     TextRole::kMuted);
      meta->rect = {margin, y, s.small.measure(meta->text()), s.small.line_height()};
      y += meta->rect.height + s.px(12);
      int paragraphs = rng.uniform_int(2, 3);
      for (int p = 0; p < paragraphs; ++p) {
        auto runs = paragraph(rng, company, product, city, country);
        y = flow_text(desktop, runs, margin, y, main_w, "p" + std::to_string(p) + "_");
        y += s.px(10 + rng.uniform_int(0, 6));
      }
    }
    int sidebar_bottom = top;
    {
      int x = margin + main_w + s.px(36 + rng.uniform_int(0, 20));
      int sy = top + s.px(rng.uniform_int(0, 8));
      const std::string caption = rng.pick(std::vector<std::string>{"Related articles", "See also", "Popular topics"});
      sidebar_caption_ = caption;
      auto* head = page_->add<Label>("sidebar_title", caption, TextRole::kBold);
      head->rect = {x, sy, s.bold.measure(caption), s.bold.line_height()};
      sy += head->rect.height + s.px(8);
      std::vector<std::string> pool = {
        "Setting up your " + product, "Cleaning the " + product, "Shipping to " + country, product + " FAQ",
        "Our " + city + " store", "Returning a " + product, "Comparing " + product + " models",
        "Paying from " + rng.pick(vocab::countries()), "Gift ideas for " + rng.pick(vocab::months()),
        "Events in " + rng.pick(vocab::cities()), rng.pick(vocab::products()) + " buying guide",
        "Why we moved to " + rng.pick(vocab::cities()),
      };
      int count = rng.uniform_int(3, 5);
      for (const auto& text : pick_unique(rng, pool, count)) {
        Link* link = add_link(text, kSidebar);
        link->rect = {x, sy, s.font.measure(text), line_h};
        sy += line_h + s.px(8 + rng.uniform_int(0, 4));
      }
      sidebar_bottom = sy;
    }
    y = std::max(y, sidebar_bottom) + s.px(8);

    // Footer.
    {
      auto* sep = page_->add<Separator>("footer_rule");
      sep->rect = {margin, y, page_w, s.px(6)};
      y += s.px(14);
      int x = margin;
      int count = rng.uniform_int(4, 7);
      for (const auto& text : pick_unique(rng, footer_link_pool(), count)) {
        Link* link = add_link(text, kFooter);
        int lw = s.font.measure(text);
        if (x + lw > margin + page_w) {
          x = margin;
          y += line_h + s.px(6);
        }
        link->rect = {x, y, lw, line_h};
        x += lw + s.px(18 + rng.uniform_int(0, 8));
      }
      y += line_h + s.px(8);
      auto* copyright = page_->add<Label>("copyright",
                                          "(c) " + std::to_string(rng.uniform_int(2020, 2026)) + " " + company +
                                              ". All rights reserved.",
                                          TextRole::kMuted);
      copyright->rect = {margin, y, s.small.measure(copyright->text()), s.small.line_height()};
      y += copyright->rect.height;
    }

    int right = 0;
    for (const auto& c : page_->children()) right = std::max(right, c->rect.right());
    w->set_client_size({right + margin, y + margin});

    target_ = rng.uniform_int(0, int(links_.size()) - 1);
    const std::string& text = links_[size_t(target_)]->text();
    std::string where;
    if (rng.chance(0.4)) {
      switch (regions_[size_t(target_)]) {
        case kNav: where = " in the navigation bar at the top"; break;
        case kArticle: where = " in the article text"; break;
        case kSidebar: where = " under " + quoted(sidebar_caption_); break;
        case kFooter: where = " in the footer"; break;
      }
    }
    instruction_ = "Click the " + quoted(text) + " link" + where + ".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (clicked_ < 0) return {final, 0.0, "no link clicked"};
    if (clicked_ == target_) return {true, 1.0, "clicked the right link"};
    return {true, -1.0,
            "clicked '" + links_[size_t(clicked_)]->text() + "' instead of '" + links_[size_t(target_)]->text() + "'"};
  }

  Action expert_action(Desktop& desktop) override { return expert::click(desktop, links_[size_t(target_)]); }

 private:
  enum Region { kNav, kArticle, kSidebar, kFooter };

  // Up to `n` entries of `pool` whose lowercase text is not yet used by another link.
  std::vector<std::string> pick_unique(Rng& rng, std::vector<std::string> pool, int n) {
    rng.shuffle(pool);
    std::vector<std::string> out;
    for (const auto& p : pool) {
      if (int(out.size()) == n) break;
      if (used_.count(lowercase(p)) == 0) {
        used_.insert(lowercase(p));
        out.push_back(p);
      }
    }
    return out;
  }

  Link* add_link(const std::string& text, Region region) {
    int i = int(links_.size());
    Link* link = page_->add<Link>("link_" + std::to_string(i), text);
    link->on_click = [this, i] {
      if (clicked_ < 0) clicked_ = i;
    };
    links_.push_back(link);
    regions_.push_back(region);
    return link;
  }

  // A paragraph of 2-4 sentences, one or two of which carry a link.
  std::vector<TextRun> paragraph(Rng& rng, const std::string& company, const std::string& product,
                                 const std::string& city, const std::string& country) {
    const std::string number = std::to_string(rng.uniform_int(2, 9));
    std::vector<std::string> plain = {
      company + " ships the " + product + " to most addresses in " + country + " within " + number +
          " business days.",
      "Orders placed before noon usually leave our " + city + " warehouse the same day.",
      "Every " + product + " is checked by hand before it is packed.",
      "Prices include tax where it applies, and delivery is free on orders over " + number + "0 euros.",
      "Our support team answers most questions within one working day.",
      "If something arrives damaged, keep the packaging and take a photo of the label.",
      "Many customers in " + city + " pick up their orders in person.",
      "The " + product + " comes with a " + number + "-year warranty as standard.",
      "You will get an email with a tracking number as soon as your parcel ships.",
      "We update this page whenever our " + rng.pick(vocab::words()) + " and " + rng.pick(vocab::words()) +
          " ranges change.",
    };
    // {before, after}: the link text goes between.
    std::vector<std::pair<std::string, std::string>> linked = {
      {"For details, read our ", "."},
      {"You can find answers to common questions in the ", "."},
      {"See the ", " before you send anything back."},
      {"If you live outside " + country + ", check the ", " first."},
      {"The ", " explains each step with pictures."},
      {"Still stuck? Try the ", " or write to us."},
      {"Customers in " + city + " can also use the ", "."},
      {"More information is on the ", " page."},
      {"Before you start, have a look at the ", " for the " + product + "."},
    };
    std::vector<std::string> link_texts = {
      product + " manual", "shipping to " + country, "our " + city + " office", product + " accessories",
      rng.pick(vocab::products()) + " specifications",
    };
    for (const auto& t : inline_link_pool()) link_texts.push_back(t);

    rng.shuffle(plain);
    rng.shuffle(linked);
    int sentences = rng.uniform_int(2, 4);
    int with_links = rng.uniform_int(1, 2);
    std::vector<int> order(size_t(sentences), 0);
    for (int i = 0; i < with_links; ++i) order[size_t(i)] = 1;
    rng.shuffle(order);
    std::vector<TextRun> runs;
    size_t next_plain = 0, next_linked = 0;
    for (int kind : order) {
      std::string lead = runs.empty() ? "" : " ";
      if (kind == 0 || next_linked >= linked.size()) {
        runs.push_back({lead + plain[next_plain++ % plain.size()], -1});
        continue;
      }
      auto texts = pick_unique(rng, link_texts, 1);
      if (texts.empty()) {
        runs.push_back({lead + plain[next_plain++ % plain.size()], -1});
        continue;
      }
      const auto& [before, after] = linked[next_linked++];
      runs.push_back({lead + before, -1});
      add_link(texts[0], kArticle);
      runs.push_back({texts[0], int(links_.size()) - 1});
      runs.push_back({after, -1});
    }
    return runs;
  }

  // Lays `runs` out as word-wrapped text from (x, y) within `width` pixels: plain words become
  // labels (one per line segment), links keep their widget and are never split. Returns the y
  // below the last line.
  int flow_text(Desktop& desktop, const std::vector<TextRun>& runs, int x, int y, int width,
                const std::string& prefix) {
    const Style& s = desktop.style();
    const Font& font = s.font;
    int space = std::max(1, font.measure("a a") - font.measure("aa"));
    int line_h = font.line_height();
    int advance = line_h + s.px(5);
    struct Token {
      std::string text;
      int link;
      bool space_before;
    };
    std::vector<Token> tokens;
    bool pending_space = false;
    for (const auto& run : runs) {
      if (run.link >= 0) {
        tokens.push_back({run.text, run.link, pending_space});
        pending_space = false;
        continue;
      }
      size_t i = 0;
      while (i < run.text.size()) {
        if (run.text[i] == ' ') {
          pending_space = true;
          ++i;
          continue;
        }
        size_t end = run.text.find(' ', i);
        if (end == std::string::npos) end = run.text.size();
        tokens.push_back({run.text.substr(i, end - i), -1, pending_space});
        pending_space = false;
        i = end;
      }
    }
    int cx = x;
    bool line_start = true;
    std::string segment;
    int segment_x = x;
    int labels = 0;
    auto flush = [&] {
      if (segment.empty()) return;
      auto* label = page_->add<Label>(prefix + std::to_string(labels++), segment);
      label->rect = {segment_x, y, font.measure(segment), line_h};
      segment.clear();
    };
    for (const auto& token : tokens) {
      int gap = token.space_before && !line_start ? space : 0;
      int tw = font.measure(token.text);
      if (!line_start && cx + gap + tw > x + width) {
        flush();
        y += advance;
        cx = x;
        gap = 0;
      }
      if (token.link >= 0) {
        flush();
        links_[size_t(token.link)]->rect = {cx + gap, y, tw, line_h};
        cx += gap + tw;
      } else {
        if (segment.empty()) {
          segment_x = cx + gap;
          segment = token.text;
        } else {
          segment += (gap > 0 ? " " : "") + token.text;
        }
        cx += gap + tw;
      }
      line_start = false;
    }
    flush();
    return y + advance;
  }

  Panel* page_ = nullptr;
  std::vector<Link*> links_;
  std::vector<Region> regions_;
  std::set<std::string> used_;  // lowercase link texts already on the page
  std::string sidebar_caption_;
  int target_ = 0;
  int clicked_ = -1;
};

// ---------------------------------------------------------------------------------------------
// click_checkboxes: tick exactly the named 1-3 boxes among 4-8 (some start ticked), then commit.

struct CheckboxContext {
  std::string title;
  std::string prompt;
  std::vector<std::string> pool;
  std::vector<std::string> commit_captions;
};

std::vector<CheckboxContext> checkbox_contexts(Rng& rng) {
  std::vector<std::string> people;
  for (int i = 0; i < 12; ++i) people.push_back(vocab::full_name(rng));
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  return {
    {"Order pizza", "Choose your toppings",
     {"Mushrooms", "Olives", "Peppers", "Onions", "Ham", "Pineapple", "Extra cheese", "Basil", "Spinach",
      "Tomatoes", "Jalapenos", "Anchovies", "Bacon", "Sweetcorn", "Artichokes", "Garlic", "Rocket", "Chicken",
      "Feta", "Pepperoni"},
     {"Add to order", "Continue", "Submit"}},
    {"Email preferences", "Send me emails about",
     {"Product updates", "Special offers", "Event invitations", "Weekly digest", "Security alerts",
      "Tips and tutorials", "Partner news", "Surveys", "Billing reminders", "Community highlights", "Job openings",
      "Release notes", "Webinars", "Price drops", "Back in stock"},
     {"Save preferences", "Save", "Submit"}},
    {vocab::capitalise(rng.pick(vocab::words())) + " Setup", "Components to install",
     {"Desktop shortcut", "Start menu entry", "Command-line tools", "Spell checker", "Sample files", "Offline help",
      "Browser extension", "Language packs", "Automatic updates", "File associations", "Developer headers",
      "Plug-in SDK", "Extra fonts", "Templates", "Themes"},
     {"Install", "Next", "Continue"}},
    {"Hotels in " + rng.pick(vocab::cities()), "Amenities",
     {"Free Wi-Fi", "Parking", "Breakfast included", "Swimming pool", "Fitness center", "Airport shuttle",
      "Pet friendly", "Spa", "Air conditioning", "Kitchenette", "Balcony", "Sea view", "Late checkout", "Laundry",
      "Bicycle rental"},
     {"Search", "Apply filters", "Show results"}},
    {"Export contacts", "Fields to include",
     {"Name", "Email address", "Phone number", "Company", "Job title", "Street address", "City", "Country",
      "Birthday", "Notes", "Tags", "Created date", "Last contacted", "Website", "Account owner"},
     {"Export", "Submit", "Continue"}},
    {"Share \"" + vocab::capitalise(vocab::phrase(rng, 2)) + "\"", "Notify these people", people,
     {"Share", "Send", "Submit"}},
    {"Sales report", "Offices to include", vocab::cities(), {"Generate report", "Submit", "Apply"}},
    {"Compare products", "Products to compare", vocab::products(), {"Compare", "Submit", "Continue"}},
    {"Access request", "Teams that need access", vocab::departments(), {"Request access", "Submit", "Send"}},
    {"Availability", "Days you can work",
     {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
     {"Save", "Submit", "Update"}},
    {"Colour filter", "Show items in", vocab::colors(), {"Apply", "Filter", "Done"}},
  };
}

class ClickCheckboxesTask : public BasicTask {
 public:
  ClickCheckboxesTask()
      : BasicTask({"click_checkboxes", "click",
                   "Tick exactly the named check boxes (untick the others), then submit the form", 30, 60,
                   {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    auto contexts = checkbox_contexts(rng);
    const CheckboxContext& ctx = contexts[size_t(rng.uniform_int(0, int(contexts.size()) - 1))];
    int count = std::min(rng.uniform_int(4, 8), int(ctx.pool.size()));
    std::vector<std::string> labels = ctx.pool.size() <= 7 ? ordered_subset(rng, ctx.pool, count)
                                                            : vocab::distinct(rng, ctx.pool, count);
    int named = rng.uniform_int(1, std::min(3, count - 1));
    want_.assign(size_t(count), false);
    for (int i : rng.sample_indices(count, named)) want_[size_t(i)] = true;
    std::vector<bool> start(size_t(count));
    for (int i = 0; i < count; ++i) start[size_t(i)] = rng.chance(0.3);
    if (start == want_) {
      int flip = rng.uniform_int(0, count - 1);
      start[size_t(flip)] = !start[size_t(flip)];
    }

    Window* w = desktop.create_window("form", ctx.title, {300, 200});
    Layout l(desktop, w->content(), rng);
    if (rng.chance(0.5)) l.add<Label>("heading", ctx.title, TextRole::kHeading);
    if (rng.chance(0.3)) l.add<Label>("intro", "You can change these choices later.", TextRole::kMuted);
    if (rng.chance(0.3)) {
      TextField* f = l.field("reference", rng.chance(0.5) ? "Reference" : "Note", "Optional");
      if (rng.chance(0.5)) f->set_text(vocab::capitalise(vocab::phrase(rng, 2)));
    }
    std::optional<GroupBox> box;
    if (rng.chance(0.6)) box.emplace(desktop, w->content(), "options", ctx.prompt, rng);
    else l.add<Label>("prompt", ctx.prompt + ":", TextRole::kBold);
    Layout& inner = box ? box->layout : l;
    if (rng.chance(0.5)) {
      Link* all = inner.add<Link>("select_all", "Select all");
      Link* none = inner.add_inline<Link>("clear_all", "Clear all");
      all->on_click = [this] { for (Checkbox* c : boxes_) c->set_checked(true); };
      none->on_click = [this] { for (Checkbox* c : boxes_) c->set_checked(false); };
    }
    // One or two columns; each column is a borderless panel with its own layout.
    int columns = count >= 6 && rng.chance(0.4) ? 2 : 1;
    Panel* parent = box ? box->panel : w->content();
    int per_column = (count + columns - 1) / columns;
    for (int c = 0; c < columns; ++c) {
      Panel* column = parent->add<Panel>("column_" + std::to_string(c));
      Layout cl(desktop, column, rng, 6);
      for (int i = c * per_column; i < std::min(count, (c + 1) * per_column); ++i)
        boxes_.push_back(cl.add<Checkbox>("check_" + std::to_string(i), labels[size_t(i)], start[size_t(i)]));
      Size size = cl.size();
      column->rect = {0, 0, size.width, size.height};
      if (c > 0) column->rect.width += desktop.style().px(rng.uniform_int(10, 30));
      inner.place(column, /*inline_row=*/c > 0);
    }
    if (box) box->finish(l, false);
    commit_caption_ = rng.pick(ctx.commit_captions);
    auto [commit, cancel] = add_commit_row(l, w, commit_caption_, rng);
    commit_ = commit;
    commit->on_click = [this] { committed_ = true; };
    cancel->on_click = [this] { cancelled_ = true; };
    w->set_client_size(l.size());

    std::vector<std::string> names;
    for (int i = 0; i < count; ++i)
      if (want_[size_t(i)]) names.push_back(labels[size_t(i)]);
    instruction_ = rng.chance(0.5) ? "Tick only " + quoted_list(names) + " (untick all the others), then click " +
                                         quoted(commit_caption_) + "."
                                   : "Make sure " + quoted_list(names) + (names.size() == 1 ? " is" : " are") +
                                         " the only checked " + (names.size() == 1 ? "option" : "options") +
                                         ", then click " + quoted(commit_caption_) + ".";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (cancelled_) return {true, -1.0, "clicked Cancel"};
    if (!committed_) return {final, 0.0, "form not submitted"};
    for (size_t i = 0; i < boxes_.size(); ++i)
      if (boxes_[i]->checked() != want_[i])
        return {true, -1.0, "submitted with '" + boxes_[i]->text() + "' " + (want_[i] ? "unticked" : "ticked")};
    return {true, 1.0, "submitted exactly the named boxes"};
  }

  Action expert_action(Desktop& desktop) override {
    for (size_t i = 0; i < boxes_.size(); ++i)
      if (auto a = expert::set_checked(desktop, boxes_[i], want_[i])) return *a;
    return expert::click(desktop, commit_);
  }

 private:
  std::vector<Checkbox*> boxes_;
  std::vector<bool> want_;
  Button* commit_ = nullptr;
  std::string commit_caption_;
  bool committed_ = false;
  bool cancelled_ = false;
};

}  // namespace

void register_click_tasks(std::vector<TaskEntry>& out) {
  out.push_back(make_task_entry<ClickButtonTask>());
  out.push_back(make_task_entry<ClickLinkTask>());
  out.push_back(make_task_entry<ClickCheckboxesTask>());
}

}  // namespace hemu
