// Click family: find the right thing by its text and click it (buttons, links, check boxes, radio
// buttons, tabs, menu items, dialog buttons).
#include <algorithm>
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
      bar->background = s.theme.field_bg;
      bar->draw_border = true;
      int h = s.px(26);
      bar->rect = {margin, y, page_w, h};
      std::string path;
      for (char c : lowercase(title))
        if (std::isalnum(uint8_t(c))) path += c;
        else if (c == ' ' && !path.empty() && path.back() != '-') path += '-';
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
      prepare_sentences(rng, company, product, city, country);
      int paragraphs = rng.uniform_int(2, 3);
      for (int p = 0; p < paragraphs; ++p) {
        auto runs = paragraph(rng);
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

  // The article's sentences, shuffled once per page so no sentence repeats.
  void prepare_sentences(Rng& rng, const std::string& company, const std::string& product, const std::string& city,
                         const std::string& country) {
    const std::string number = std::to_string(rng.uniform_int(2, 9));
    const std::string range_a = rng.pick(vocab::words());
    const std::string range_b = rng.pick(vocab::words());
    plain_ = {
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
      "We update this page whenever our " + range_a + " and " + range_b + " ranges change.",
      "Gift wrapping is available for a small fee at checkout.",
      "Opening hours in " + city + " are listed on the store page and change on public holidays.",
    };
    linked_ = {
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
    link_texts_ = {
      product + " manual", "shipping to " + country, "our " + city + " office", product + " accessories",
      rng.pick(vocab::products()) + " specifications",
    };
    for (const auto& t : inline_link_pool()) link_texts_.push_back(t);
    rng.shuffle(plain_);
    rng.shuffle(linked_);
  }

  // A paragraph of 2-4 sentences, one or two of which carry a link.
  std::vector<TextRun> paragraph(Rng& rng) {
    int sentences = rng.uniform_int(2, 4);
    int with_links = rng.uniform_int(1, 2);
    std::vector<int> order(size_t(sentences), 0);
    for (int i = 0; i < with_links; ++i) order[size_t(i)] = 1;
    rng.shuffle(order);
    std::vector<TextRun> runs;
    for (int kind : order) {
      std::string lead = runs.empty() ? "" : " ";
      auto texts = kind == 1 && next_linked_ < linked_.size() ? pick_unique(rng, link_texts_, 1)
                                                              : std::vector<std::string>{};
      if (texts.empty()) {
        if (next_plain_ < plain_.size()) runs.push_back({lead + plain_[next_plain_++], -1});
        continue;
      }
      const auto& [before, after] = linked_[next_linked_++];
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
  std::vector<std::string> plain_;
  std::vector<std::pair<std::string, std::string>> linked_;
  std::vector<std::string> link_texts_;
  size_t next_plain_ = 0, next_linked_ = 0;
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
                   "Tick exactly the named check boxes (untick the others), then submit the form", 36, 60,
                   {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    auto contexts = checkbox_contexts(rng);
    const CheckboxContext& ctx = contexts[size_t(rng.uniform_int(0, int(contexts.size()) - 1))];
    int count = std::min(rng.uniform_int(4, 8), int(ctx.pool.size()));
    std::vector<std::string> labels = ctx.pool.size() <= 7 ? ordered_subset(rng, ctx.pool, count)
                                                            : vocab::distinct(rng, ctx.pool, count);
    int named = rng.uniform_int(1, std::min(3, count - 1));
    want_.assign(size_t(count), false);
    for (int i : rng.sample_indices(count, named)) want_[size_t(i)] = true;
    std::vector<bool> start(size_t(count), false);
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
    int columns = count >= 6 && rng.chance(0.5) ? 2 : 1;
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

// ---------------------------------------------------------------------------------------------
// click_radio: pick the named option of the named radio group (one or two groups on screen, which
// may share their option labels), then commit. The other group must keep its value.

struct RadioGroupDef {
  std::string title;
  std::vector<std::string> options;
};

std::vector<RadioGroupDef> single_radio_groups(Rng& rng) {
  return {
    {"Shipping method", {"Standard", "Express", "Overnight", "Economy", "Store pickup", "Same day"}},
    {"Payment method", {"Credit card", "Debit card", "PayPal", "Bank transfer", "Invoice", "Gift card"}},
    {"Size", {"XS", "S", "M", "L", "XL", "XXL"}},
    {"Colour", vocab::distinct(rng, vocab::colors(), 6)},
    {"Theme", {"Light", "Dark", "System default", "High contrast", "Sepia"}},
    {"Priority", {"Lowest", "Low", "Normal", "High", "Urgent"}},
    {"Language", {"English", "Deutsch", "Francais", "Espanol", "Italiano", "Portugues", "Nederlands", "Polski"}},
    {"Meal", {"Standard", "Vegetarian", "Vegan", "Gluten free", "Halal", "Kosher"}},
    {"Team", vocab::distinct(rng, vocab::departments(), 6)},
    {"Office", vocab::distinct(rng, vocab::cities(), 6)},
    {"Start month", ordered_subset(rng, vocab::months(), 6)},
    {"Billing cycle", {"Monthly", "Quarterly", "Every six months", "Yearly"}},
    {"Delivery time", {"Morning", "Midday", "Afternoon", "Evening", "Any time"}},
    {"Plan", {"Free", "Basic", "Standard", "Premium", "Enterprise"}},
  };
}

// Pairs of groups with the same options: only the group title tells them apart.
std::vector<std::pair<std::pair<std::string, std::string>, std::vector<std::string>>> paired_radio_groups() {
  return {
    {{"Email notifications", "Push notifications"}, {"Never", "Daily", "Weekly", "Monthly", "Real time"}},
    {{"Outbound flight", "Return flight"}, {"Window", "Aisle", "Middle", "No preference"}},
    {{"Upload quality", "Download quality"}, {"Low", "Medium", "High", "Original"}},
    {{"Primary monitor", "Secondary monitor"}, {"Landscape", "Portrait", "Landscape (flipped)", "Portrait (flipped)"}},
    {{"Weekday alarm", "Weekend alarm"}, {"Off", "6:00", "6:30", "7:00", "7:30", "8:00", "9:00"}},
    {{"Starter", "Main course"}, {"Vegetarian", "Vegan", "Fish", "Meat", "Gluten free"}},
    {{"Work phone", "Home phone"}, {"Ring", "Vibrate", "Silent", "Forward to voicemail"}},
  };
}

class ClickRadioTask : public BasicTask {
 public:
  ClickRadioTask()
      : BasicTask({"click_radio", "click",
                   "Select the named option in the named radio group (one or two groups), then submit", 20, 40,
                   {640, 480}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    std::vector<RadioGroupDef> groups;
    if (rng.chance(0.35)) {
      auto pairs = paired_radio_groups();
      const auto& pair = pairs[size_t(rng.uniform_int(0, int(pairs.size()) - 1))];
      int n = rng.uniform_int(3, int(pair.second.size()));
      auto options = ordered_subset(rng, pair.second, n);
      groups.push_back({pair.first.first, options});
      groups.push_back({pair.first.second, options});
    } else {
      auto pool = single_radio_groups(rng);
      int count = rng.chance(0.6) ? 2 : 1;
      for (int i : rng.sample_indices(int(pool.size()), count)) {
        const auto& def = pool[size_t(i)];
        int n = rng.uniform_int(3, std::min(6, int(def.options.size())));
        groups.push_back({def.title, ordered_subset(rng, def.options, n)});
      }
    }
    target_group_ = rng.uniform_int(0, int(groups.size()) - 1);

    const std::vector<std::string> titles = {"Checkout", "Preferences", "Booking details", "New order",
                                             "Account settings", "Options", "Your choices"};
    Window* w = desktop.create_window("form", rng.pick(titles), {300, 200});
    Layout l(desktop, w->content(), rng);
    if (rng.chance(0.5)) l.add<Label>("heading", w->title, TextRole::kHeading);
    if (rng.chance(0.3)) l.field("customer", "Customer")->set_text(vocab::full_name(rng));
    bool side_by_side = groups.size() == 2 && rng.chance(0.4);
    for (size_t g = 0; g < groups.size(); ++g) {
      const auto& def = groups[g];
      GroupBox box(desktop, w->content(), "group_" + std::to_string(g), def.title, rng);
      bool horizontal = def.options.size() <= 4 && rng.chance(0.3);
      std::vector<Radio*> radios;
      for (size_t o = 0; o < def.options.size(); ++o) {
        std::string name = "radio_" + std::to_string(g) + "_" + std::to_string(o);
        std::string group = "group_" + std::to_string(g);
        Radio* r = horizontal && o > 0 ? box.layout.add_inline<Radio>(name, group, def.options[o])
                                       : box.layout.add<Radio>(name, group, def.options[o]);
        radios.push_back(r);
      }
      box.finish(l, side_by_side && g > 0);
      radios_.push_back(radios);
    }
    // Starting values: some groups have a default; never the target already.
    target_option_ = rng.uniform_int(0, int(radios_[size_t(target_group_)].size()) - 1);
    for (size_t g = 0; g < radios_.size(); ++g) {
      int n = int(radios_[g].size());
      int start = rng.chance(0.6) ? rng.uniform_int(0, n - 1) : -1;
      if (int(g) == target_group_ && start == target_option_) start = (start + 1) % n;
      if (start >= 0) radios_[g][size_t(start)]->select();
      initial_.push_back(start);
    }
    const std::vector<std::string> commits = {"Continue", "Submit", "Save", "Next", "Confirm", "Apply"};
    const std::string commit_caption = rng.pick(commits);
    const char* cancel_caption = rng.chance(0.7) ? "Cancel" : "Back";
    auto [commit, cancel] = add_commit_row(l, w, commit_caption, rng, cancel_caption);
    commit_ = commit;
    commit->on_click = [this] { committed_ = true; };
    cancel->on_click = [this] { cancelled_ = true; };
    w->set_client_size(l.size());

    const std::string option = groups[size_t(target_group_)].options[size_t(target_option_)];
    const std::string group = groups[size_t(target_group_)].title;
    switch (rng.uniform_int(0, 2)) {
      case 0:
        instruction_ = "In the " + quoted(group) + " group, select " + quoted(option) + ", then click " +
                       quoted(commit->text()) + ".";
        break;
      case 1:
        instruction_ = "Choose " + quoted(option) + " for " + quoted(group) + " and click " + quoted(commit->text()) + ".";
        break;
      default:
        instruction_ = "Set " + quoted(group) + " to " + quoted(option) + ", then click " + quoted(commit->text()) + ".";
        break;
    }
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (cancelled_) return {true, -1.0, "clicked Cancel"};
    if (!committed_) return {final, 0.0, "form not submitted"};
    for (size_t g = 0; g < radios_.size(); ++g) {
      int checked = checked_index(int(g));
      int want = int(g) == target_group_ ? target_option_ : initial_[g];
      if (checked != want)
        return {true, -1.0, "submitted with group " + std::to_string(g) + " set to option " + std::to_string(checked) +
                                " instead of " + std::to_string(want)};
    }
    return {true, 1.0, "submitted the right option"};
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = expert::select_radio(desktop, radios_[size_t(target_group_)][size_t(target_option_)])) return *a;
    return expert::click(desktop, commit_);
  }

 private:
  int checked_index(int g) const {
    for (size_t o = 0; o < radios_[size_t(g)].size(); ++o)
      if (radios_[size_t(g)][o]->checked()) return int(o);
    return -1;
  }

  std::vector<std::vector<Radio*>> radios_;
  std::vector<int> initial_;
  int target_group_ = 0;
  int target_option_ = 0;
  Button* commit_ = nullptr;
  bool committed_ = false;
  bool cancelled_ = false;
};

// ---------------------------------------------------------------------------------------------
// click_tab: a tabbed settings window; go to the named tab and click the named button there.
// A caption may appear on several tabs ("Restore defaults"), so the tab matters.

struct SettingsTabDef {
  std::string title;
  std::vector<std::string> checkboxes;
  std::string dropdown_label;
  std::vector<std::string> dropdown_options;
  std::vector<std::string> buttons;
};

std::vector<SettingsTabDef> settings_tabs() {
  return {
    {"General", {"Open at login", "Check for updates automatically", "Show tips at startup", "Confirm before quitting"},
     "Language", {"English", "Deutsch", "Francais", "Espanol", "Italiano"},
     {"Set as default app", "Import data", "Reset window layout"}},
    {"Privacy", {"Send usage statistics", "Block third-party cookies", "Send do-not-track requests"},
     "Keep history for", {"1 day", "1 week", "1 month", "1 year", "Forever"},
     {"Clear history", "Clear cookies", "Manage exceptions", "Clear cache"}},
    {"Appearance", {"Show status bar", "Use compact mode", "Show icons in menus"},
     "Theme", {"Light", "Dark", "System", "High contrast"},
     {"Choose font", "Reset colors", "Customize toolbar"}},
    {"Notifications", {"Play a sound", "Show message previews", "Badge the app icon"},
     "Show banners for", {"All messages", "Mentions only", "Nothing"},
     {"Send test notification", "Mute all", "Manage senders"}},
    {"Accounts", {"Sign in automatically", "Remember my devices"}, "", {},
     {"Add account", "Remove account", "Sign out", "Change password"}},
    {"Advanced", {"Enable hardware acceleration", "Developer mode", "Show hidden files"},
     "Log level", {"Errors", "Warnings", "Info", "Debug"},
     {"Open log folder", "Export settings", "Import settings", "Reset all settings"}},
    {"Sync", {"Sync bookmarks", "Sync passwords", "Sync open tabs"}, "Sync every",
     {"5 minutes", "15 minutes", "Hour", "Day"}, {"Sync now", "Turn off sync", "Manage synced data"}},
    {"Downloads", {"Ask where to save each file", "Open files after downloading"}, "", {},
     {"Change folder", "Open downloads folder", "Clear download list"}},
    {"Updates", {"Install updates automatically", "Include beta versions"}, "Update channel",
     {"Stable", "Beta", "Nightly"}, {"Check for updates", "View release notes", "Roll back update"}},
    {"Security", {"Require password on wake", "Lock after inactivity"}, "Lock after",
     {"1 minute", "5 minutes", "15 minutes", "1 hour"},
     {"Set up two-factor", "View active sessions", "Sign out everywhere", "Change PIN"}},
    {"Storage", {"Empty trash automatically", "Keep offline copies"}, "", {},
     {"Free up space", "Empty cache", "Move library"}},
    {"Backup", {"Back up automatically", "Include system files"}, "Back up every",
     {"Hour", "Day", "Week", "Month"}, {"Back up now", "Restore from backup", "Choose backup disk"}},
    {"Keyboard", {"Use function keys as standard keys", "Enable key repeat"}, "Layout",
     {"US", "UK", "German", "French", "Spanish"}, {"Edit shortcuts", "Reset shortcuts", "Input sources"}},
    {"Audio", {"Play sound effects", "Mute on headphone disconnect"}, "Output device",
     {"Speakers", "Headphones", "HDMI", "USB Audio"}, {"Test speakers", "Calibrate microphone"}},
  };
}

class ClickTabTask : public BasicTask {
 public:
  ClickTabTask()
      : BasicTask({"click_tab", "click", "In a tabbed settings window, open the named tab and click the named button",
                   15, 40, {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    const Style& s = desktop.style();
    auto defs = settings_tabs();
    int count = rng.uniform_int(3, 6);
    std::vector<int> chosen = rng.sample_indices(int(defs.size()), count);
    const std::vector<std::string> shared = {"Restore defaults", "Reset to defaults", "Learn more"};
    const std::string shared_caption = rng.pick(shared);

    const std::vector<std::string> apps = {"Settings", "Preferences", "Options"};
    std::string app = vocab::capitalise(rng.pick(vocab::words()));
    Window* w = desktop.create_window("settings", app + " " + rng.pick(apps), {400, 300});
    Layout l(desktop, w->content(), rng);
    tabs_ = w->content()->add<Tabs>("tabs");
    int page_w = 0, page_h = 0;
    for (int t = 0; t < count; ++t) {
      const SettingsTabDef& def = defs[size_t(chosen[size_t(t)])];
      Panel* page = tabs_->add_page("page_" + std::to_string(t), def.title);
      Layout pl(desktop, page, rng, 14);
      int boxes = rng.uniform_int(1, std::min(3, int(def.checkboxes.size())));
      for (const auto& c : ordered_subset(rng, def.checkboxes, boxes))
        pl.add<Checkbox>("check_" + std::to_string(t) + "_" + std::to_string(page->children().size()), c,
                         rng.chance(0.5));
      if (!def.dropdown_label.empty() && rng.chance(0.7)) {
        std::string base = "choice_" + std::to_string(t);
        Label* caption = pl.add<Label>(base + "_label", def.dropdown_label);
        Dropdown* dd = pl.add_inline<Dropdown>(base, def.dropdown_options,
                                               rng.uniform_int(0, int(def.dropdown_options.size()) - 1));
        caption->rect.height = dd->rect.height;
        dd->rect.y = caption->rect.y;
      }
      pl.gap(4);
      int n = rng.uniform_int(2, std::min(3, int(def.buttons.size())));
      std::vector<std::string> captions = ordered_subset(rng, def.buttons, n);
      if (rng.chance(0.45)) captions.push_back(shared_caption);
      bool one_row = rng.chance(0.5);
      for (size_t b = 0; b < captions.size(); ++b) {
        std::string name = "button_" + std::to_string(t) + "_" + std::to_string(b);
        Button* button = one_row && b > 0 ? pl.add_inline<Button>(name, captions[b]) : pl.add<Button>(name, captions[b]);
        int id = int(page_buttons_.size());
        button->on_click = [this, id] {
          if (clicked_ < 0) clicked_ = id;
        };
        page_buttons_.push_back(button);
        button_tab_.push_back(t);
      }
      Size size = pl.size();
      page_w = std::max(page_w, size.width);
      page_h = std::max(page_h, size.height);
    }
    int header_w = 0;
    for (int t = 0; t < count; ++t) header_w += s.font.measure(tabs_->title(t)) + s.px(28);
    tabs_->rect = {0, 0, std::max(page_w, header_w + s.px(rng.uniform_int(10, 60))), tabs_->header_height_px() + page_h};
    l.place(tabs_, false);
    tabs_->layout_pages();

    // The target: a page button, never on the tab that starts selected.
    target_ = rng.uniform_int(0, int(page_buttons_.size()) - 1);
    int start = rng.uniform_int(0, count - 1);
    if (start == button_tab_[size_t(target_)]) start = (start + 1 + rng.uniform_int(0, count - 2)) % count;
    tabs_->select(start);

    // Dialog buttons: OK and Cancel close the window (a wrong result); Apply does nothing here.
    bool with_apply = rng.chance(0.5);
    Button* ok = l.add<Button>("ok", "OK");
    Button* cancel = l.add_inline<Button>("cancel", "Cancel");
    if (with_apply) l.add_inline<Button>("apply", "Apply");
    ok->primary = true;
    w->default_button = ok;
    w->cancel_button = cancel;
    ok->on_click = [this] { closed_with_ = "OK"; };
    cancel->on_click = [this] { closed_with_ = "Cancel"; };
    w->set_client_size(l.size());

    const std::string tab = tabs_->title(button_tab_[size_t(target_)]);
    const std::string button = page_buttons_[size_t(target_)]->text();
    instruction_ = rng.chance(0.5) ? "On the " + quoted(tab) + " tab, click " + quoted(button) + "."
                                   : "Go to the " + quoted(tab) + " tab and click the " + quoted(button) + " button.";
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (!closed_with_.empty()) return {true, -1.0, "closed the window with " + closed_with_};
    if (clicked_ < 0) return {final, 0.0, "no button clicked"};
    if (clicked_ == target_) return {true, 1.0, "clicked the right button on the right tab"};
    return {true, -1.0,
            "clicked '" + page_buttons_[size_t(clicked_)]->text() + "' on tab '" +
                tabs_->title(button_tab_[size_t(clicked_)]) + "'"};
  }

  Action expert_action(Desktop& desktop) override {
    if (auto a = expert::select_tab(desktop, tabs_, button_tab_[size_t(target_)])) return *a;
    return expert::click(desktop, page_buttons_[size_t(target_)]);
  }

 private:
  Tabs* tabs_ = nullptr;
  std::vector<Button*> page_buttons_;
  std::vector<int> button_tab_;
  int target_ = 0;
  int clicked_ = -1;
  std::string closed_with_;
};

// ---------------------------------------------------------------------------------------------
// click_menu_item: an application window with a menu bar; choose the named item from the named
// menu. Choosing any item ends the episode.

struct AppMenus {
  std::string app;
  std::string document;  // title prefix ("report.txt")
  std::vector<MenuBar::Menu> menus;
};

std::vector<AppMenus> app_menus(Rng& rng) {
  const std::string word = rng.pick(vocab::words());
  const MenuBar::Menu help{"Help", {"Documentation", "Keyboard Shortcuts", "Report a Problem", "Check for Updates",
                                    "About"}};
  const MenuBar::Menu edit{"Edit", {"Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select All", "Find...",
                                    "Replace..."}};
  return {
    {"TextPad", word + "_notes.txt",
     {{"File", {"New", "Open...", "Save", "Save As...", "Page Setup...", "Print...", "Close"}},
      edit,
      {"View", {"Zoom In", "Zoom Out", "Actual Size", "Word Wrap", "Status Bar", "Full Screen"}},
      {"Format", {"Bold", "Italic", "Underline", "Font...", "Align Left", "Center", "Align Right"}},
      {"Tools", {"Spelling...", "Word Count", "Sort Lines", "Options..."}},
      help}},
    {"Sheets", vocab::capitalise(word) + " budget.xlsx",
     {{"File", {"New", "Open...", "Save", "Save As...", "Export as PDF", "Print...", "Close"}},
      edit,
      {"View", {"Freeze Top Row", "Gridlines", "Formula Bar", "Zoom In", "Zoom Out"}},
      {"Insert", {"Row Above", "Row Below", "Column Left", "Column Right", "Chart", "Comment", "Function..."}},
      {"Data", {"Sort A to Z", "Sort Z to A", "Filter", "Remove Duplicates", "Data Validation...", "Refresh All"}},
      help}},
    {"PhotoLab", word + ".png",
     {{"File", {"New...", "Open...", "Save", "Export...", "Print...", "Close"}},
      {"Edit", {"Undo", "Redo", "Cut", "Copy", "Paste", "Clear", "Preferences..."}},
      {"Image", {"Resize...", "Crop", "Rotate Left", "Rotate Right", "Flip Horizontal", "Flip Vertical"}},
      {"Adjust", {"Brightness...", "Contrast...", "Levels...", "Grayscale", "Invert Colors", "Auto Color"}},
      {"Filter", {"Blur", "Sharpen", "Noise", "Pixelate", "Emboss"}},
      {"View", {"Zoom In", "Zoom Out", "Fit to Window", "Rulers", "Grid"}},
      help}},
    {"MailBox", "Inbox",
     {{"File", {"New Message", "New Folder", "Import Mail...", "Export Mail...", "Print...", "Quit"}},
      edit,
      {"View", {"Conversation View", "Reading Pane", "Sort by Date", "Sort by Sender", "Show Unread Only"}},
      {"Message", {"Reply", "Reply All", "Forward", "Mark as Read", "Mark as Unread", "Flag", "Move to...",
                   "Archive"}},
      {"Tools", {"Address Book", "Rules...", "Accounts...", "Junk Mail Settings"}},
      help}},
    {"WebView", vocab::capitalise(word) + " - Home",
     {{"File", {"New Tab", "New Window", "New Private Window", "Open File...", "Print...", "Exit"}},
      edit,
      {"View", {"Reload", "Zoom In", "Zoom Out", "Reset Zoom", "Full Screen", "Page Source"}},
      {"History", {"Back", "Forward", "Home", "Show All History", "Clear Recent History..."}},
      {"Bookmarks", {"Bookmark This Page", "Bookmark All Tabs", "Show All Bookmarks", "Import Bookmarks..."}},
      {"Tools", {"Downloads", "Extensions", "Task Manager", "Settings"}},
      help}},
    {"CodeWrite", word + ".py",
     {{"File", {"New File", "Open File...", "Open Folder...", "Save", "Save All", "Close Editor"}},
      edit,
      {"Selection", {"Select All", "Expand Selection", "Shrink Selection", "Add Cursor Above", "Add Cursor Below"}},
      {"View", {"Command Palette", "Explorer", "Search", "Terminal", "Problems", "Zoom In", "Zoom Out"}},
      {"Go", {"Go to File...", "Go to Line...", "Go to Definition", "Back", "Forward"}},
      {"Run", {"Start Debugging", "Run Without Debugging", "Stop", "Toggle Breakpoint"}},
      help}},
    {"Tunes", "Library",
     {{"File", {"New Playlist", "Import...", "Add Folder to Library...", "Close Window"}},
      {"Edit", {"Undo", "Cut", "Copy", "Paste", "Select All", "Preferences..."}},
      {"Controls", {"Play", "Stop", "Next", "Previous", "Shuffle", "Repeat", "Volume Up", "Volume Down"}},
      {"View", {"Songs", "Albums", "Artists", "Show Lyrics", "Mini Player"}},
      help}},
  };
}

// A menu bar that paints its background on to the window's right edge: the scroll pane keeps a
// padding strip right of its content, which a full-width bar would otherwise leave bare.
class AppMenuBar : public MenuBar {
 public:
  explicit AppMenuBar(std::string name) : MenuBar(std::move(name)) {}
  void paint(Painter& painter) override {
    Painter wide = painter;
    wide.rect.width += painter.style.px(24);  // clipped to the window's client area
    MenuBar::paint(wide);
  }
};

class ClickMenuItemTask : public BasicTask {
 public:
  ClickMenuItemTask()
      : BasicTask({"click_menu_item", "click", "Choose the named item from the named menu of an application's menu bar",
                   10, 40, {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    const Style& s = desktop.style();
    auto apps = app_menus(rng);
    AppMenus app = apps[size_t(rng.uniform_int(0, int(apps.size()) - 1))];
    // Drop some items (never below four) so menus differ between episodes.
    for (auto& menu : app.menus) {
      std::vector<std::string> kept;
      for (const auto& item : menu.items)
        if (!rng.chance(0.2)) kept.push_back(item);
      if (kept.size() >= 4) menu.items = kept;
    }
    Window* w = desktop.create_window("app", app.document + " - " + app.app, {500, 360});
    bar_ = w->content()->add<AppMenuBar>("menubar");
    bar_->menus = app.menus;
    bar_->on_item = [this](int m, int i) {
      if (chosen_menu_ < 0) chosen_menu_ = m, chosen_item_ = i;
    };
    int bar_h = bar_->preferred_size(s).height;
    Layout l(desktop, w->content(), rng, 12);
    l.gap(bar_h / s.scale);

    // A toolbar of look-alike buttons (not menu items) and a document body.
    if (rng.chance(0.7)) {
      std::vector<std::string> tools;
      for (const auto& menu : app.menus)
        for (const auto& item : menu.items)
          if (item.find("...") == std::string::npos && item.size() < 12) tools.push_back(item);
      int n = std::min(int(tools.size()), rng.uniform_int(3, 5));
      auto picks = vocab::distinct(rng, tools, n);
      for (int i = 0; i < n; ++i) {
        std::string name = "tool_" + std::to_string(i);
        Button* b = i == 0 ? l.add<Button>(name, picks[size_t(i)]) : l.add_inline<Button>(name, picks[size_t(i)]);
        b->on_click = [this] { ++toolbar_clicks_; };
      }
    }
    TextArea* body = w->content()->add<TextArea>("document");
    std::string text;
    int lines = rng.uniform_int(3, 7);
    for (int i = 0; i < lines; ++i) text += vocab::sentence(rng, rng.uniform_int(4, 9)) + "\n";
    body->set_text(text);
    body->rect = {0, 0, s.px(440 + rng.uniform_int(0, 120)), s.px(200 + rng.uniform_int(0, 80))};
    l.place(body, false);
    if (rng.chance(0.6))
      l.add<Label>("status", "Ln " + std::to_string(rng.uniform_int(1, 90)) + ", Col " +
                                 std::to_string(rng.uniform_int(1, 60)) + "    UTF-8",
                   TextRole::kMuted);
    Size size = l.size();
    int menus_w = bar_->title_screen_rect(int(app.menus.size()) - 1).right() - bar_->title_screen_rect(0).x + s.px(16);
    size.width = std::max(size.width, menus_w);
    // The bar spans the client width minus the scroll pane's content padding (see AppMenuBar).
    size.width += s.px(12);
    bar_->rect = {0, 0, size.width - s.px(12), bar_h};
    w->set_client_size(size);

    target_menu_ = rng.uniform_int(0, int(app.menus.size()) - 1);
    target_item_ = rng.uniform_int(0, int(app.menus[size_t(target_menu_)].items.size()) - 1);
    const std::string& menu = app.menus[size_t(target_menu_)].title;
    const std::string& item = app.menus[size_t(target_menu_)].items[size_t(target_item_)];
    switch (rng.uniform_int(0, 2)) {
      case 0: instruction_ = "Choose " + quoted(item) + " from the " + quoted(menu) + " menu."; break;
      case 1: instruction_ = "Open the " + quoted(menu) + " menu and click " + quoted(item) + "."; break;
      default: instruction_ = "Use the menu bar to choose " + menu + " > " + item + "."; break;
    }
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (chosen_menu_ < 0) return {final, 0.0, "no menu item chosen"};
    const auto& want_menu = bar_->menus[size_t(target_menu_)];
    const auto& got_menu = bar_->menus[size_t(chosen_menu_)];
    if (got_menu.title == want_menu.title && got_menu.items[size_t(chosen_item_)] == want_menu.items[size_t(target_item_)])
      return {true, 1.0, "chose the right menu item"};
    return {true, -1.0, "chose " + got_menu.title + " > " + got_menu.items[size_t(chosen_item_)]};
  }

  Action expert_action(Desktop& desktop) override {
    return expert::choose_menu_item(desktop, bar_, target_menu_, target_item_);
  }

 private:
  MenuBar* bar_ = nullptr;
  int target_menu_ = 0;
  int target_item_ = 0;
  int chosen_menu_ = -1;
  int chosen_item_ = -1;
  int toolbar_clicks_ = 0;
};

// ---------------------------------------------------------------------------------------------
// click_dialog_button: a document window with a modal dialog open; the instruction states the
// intent in words and the matching button must be clicked.

struct DialogScenario {
  std::string title;
  std::string message;  // bold first line
  std::string detail;   // muted explanation
  std::vector<std::string> buttons;
  std::vector<std::vector<std::string>> intents;  // per button: ways to say "this one"
  int cancel = -1;                                // index of the Escape button, or -1
  std::string document_title;                     // the window behind; empty = the edited file
};

std::vector<DialogScenario> dialog_scenarios(Rng& rng, const std::string& app, const std::string& file) {
  // One random draw per statement: C++ leaves the order of + operands and of arguments unspecified.
  const std::string other_word = rng.pick(vocab::words());
  const std::string other = other_word + "_" + std::to_string(rng.uniform_int(1, 99)) + ".pdf";
  const std::string folder = vocab::capitalise(rng.pick(vocab::words()));
  const int major = rng.uniform_int(2, 9);
  const int minor = rng.uniform_int(0, 9);
  const int patch = rng.uniform_int(1, 9);
  const std::string version_new = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  const std::string device = rng.pick(std::vector<std::string>{"camera", "microphone", "location", "contacts"});
  const std::string host_word = lowercase(rng.pick(vocab::words()));
  const std::string host = host_word + "." + rng.pick(vocab::email_domains());
  const int downloads = rng.uniform_int(2, 5);
  const std::string dont_save = rng.pick(std::vector<std::string>{"Don't Save", "Discard", "Close Without Saving"});
  return {
    {app, "Do you want to save the changes you made to \"" + file + "\"?",
     "Your changes will be lost if you don't save them.",
     {"Save", dont_save, "Cancel"},
     {{"Save your changes and close the document.", "Keep your edits by saving them before the document closes."},
      {"Close the document without saving your changes.", "Throw away your edits and close the file."},
      {"Don't close the document after all; go back to editing it.",
       "Stop closing the file so you can keep working on it."}},
     2, ""},
    {"Replace file?", "A file named \"" + other + "\" already exists in \"" + folder + "\".",
     "Replacing it will overwrite its current contents.",
     {"Replace", "Keep Both", "Cancel"},
     {{"Overwrite the existing file with the new one.", "Let the new file take the old one's place."},
      {"Keep both the old file and the new copy.", "Don't overwrite anything: store the new file alongside the old."},
      {"Abandon the copy altogether.", "Stop the whole operation without copying anything."}},
     2, ""},
    {"Delete \"" + other + "\"?", "Are you sure you want to permanently delete \"" + other + "\"?",
     "This action cannot be undone.",
     {"Delete", "Move to Trash", "Cancel"},
     {{"Delete the file permanently right away.", "Get rid of the file for good, with no way to recover it."},
      {"Put the file in the trash so it can still be recovered.", "Remove the file, but keep it recoverable."},
      {"Keep the file: don't delete it after all.", "Back out without removing anything."}},
     2, ""},
    {"Software Update", "A new version of " + app + " is available.",
     "Version " + version_new + " is ready to install. Would you like to install it now?",
     {"Install Now", "Remind Me Later", "Skip This Version"},
     {{"Install the update right away.", "Get the new version installed immediately."},
      {"Postpone the update; ask again another time.", "Put the update off for now, but keep being reminded."},
      {"Never install this particular version.", "Ignore this release for good."}},
     1, ""},
    {"Permission request", "\"" + app + "\" would like to access your " + device + ".",
     "You can change this later in Settings.",
     {"Allow", "Allow Once", "Don't Allow"},
     {{"Give the app permanent access to your " + device + ".", "Grant access from now on."},
      {"Grant access only this one time.", "Let the app in just for this session."},
      {"Refuse the app access to your " + device + ".", "Deny the request."}},
     2, ""},
    {"Connection failed", "Unable to connect to the server " + host + ".",
     "Check your network connection and try again.",
     {"Retry", "Work Offline", "Cancel"},
     {{"Try connecting to the server again.", "Make another attempt to reach the server."},
      {"Carry on without a connection.", "Keep working without the server for now."},
      {"Give up on connecting and stop the operation.", "Abort the operation that needed the server."}},
     2, ""},
    {"Quit WebView?", std::to_string(downloads) + " downloads are still in progress.",
     "If you quit now, the downloads will be cancelled.",
     {"Quit", "Keep Downloading"},
     {{"Exit the application even though the downloads will be cancelled.", "Close the app anyway."},
      {"Let the downloads finish instead of exiting.", "Don't exit the app yet."}},
     1, "Downloads - WebView"},
    {"Discard draft?", "This message has not been sent.", "Do you want to keep it as a draft?",
     {"Save Draft", "Discard", "Cancel"},
     {{"Keep the unsent message as a draft.", "Store the message so you can finish it later."},
      {"Throw the unsent message away.", "Get rid of the message without keeping a draft."},
      {"Go back to writing the message.", "Return to the message without closing it."}},
     2, "New Message - MailBox"},
  };
}

class ClickDialogButtonTask : public BasicTask {
 public:
  ClickDialogButtonTask()
      : BasicTask({"click_dialog_button", "click",
                   "A modal dialog is open over a document; click the button that matches the stated intent", 6, 30,
                   {800, 600}}) {}

  void build(Desktop& desktop, Rng& rng) override {
    const Style& s = desktop.style();
    const std::vector<std::string> apps = {"TextPad", "WriteRight", "NoteBook", "Sheets", "MailBox", "PhotoLab",
                                           "Docs", "Memo"};
    const std::string app = rng.pick(apps);
    const std::string file_stem = rng.pick(vocab::words());
    const std::string file = file_stem + rng.pick(std::vector<std::string>{
                                                            "_report.txt", " notes.md", "_draft.docx", ".csv", ".txt"});
    auto scenarios = dialog_scenarios(rng, app, file);
    const DialogScenario sc = scenarios[size_t(rng.uniform_int(0, int(scenarios.size()) - 1))];

    // The document behind the dialog.
    Window* doc = desktop.create_window("document", sc.document_title.empty() ? file + " - " + app : sc.document_title,
                                        {s.px(620), s.px(440)});
    {
      Layout l(desktop, doc->content(), rng, 12);
      TextArea* body = doc->content()->add<TextArea>("body");
      std::string text;
      int paragraphs = rng.uniform_int(2, 5);
      for (int p = 0; p < paragraphs; ++p) {
        for (int i = rng.uniform_int(2, 4); i > 0; --i) text += vocab::sentence(rng, rng.uniform_int(4, 10)) + " ";
        text += "\n\n";
      }
      body->set_text(text);
      body->rect = {0, 0, s.px(540 + rng.uniform_int(0, 80)), s.px(280 + rng.uniform_int(0, 60))};
      l.place(body, false);
      Button* save = l.add<Button>("doc_save", "Save");
      l.add_inline<Button>("doc_close", "Close");
      save->on_click = [] {};
      doc->set_client_size(l.size());
    }

    // The dialog.
    Window* dialog = desktop.create_window("dialog", sc.title, {s.px(360), s.px(140)});
    dialog->modal = true;
    Layout l(desktop, dialog->content(), rng, 16);
    int wrap = s.px(300 + rng.uniform_int(0, 60));
    bool with_icon = rng.chance(0.7);
    if (with_icon) {
      const std::vector<Color> colors = {{230, 160, 40, 255}, {60, 130, 220, 255}, {210, 70, 60, 255}};
      auto* icon = dialog->content()->add<Avatar>("icon", sc.cancel >= 0 && rng.chance(0.5) ? "?" : "!",
                                                   rng.pick(colors));
      icon->rect = {0, 0, s.px(32), s.px(32)};
      l.place(icon, false);
    }
    Label* msg = dialog->content()->add<Label>("message", sc.message, TextRole::kBold);
    msg->wrap_width_px = wrap;
    msg->rect = {0, 0, wrap, msg->preferred_size(s).height};
    l.place(msg, /*inline_row=*/with_icon);
    Label* detail = dialog->content()->add<Label>("detail", sc.detail, TextRole::kBody);
    detail->wrap_width_px = wrap;
    detail->rect = {0, 0, wrap, detail->preferred_size(s).height};
    l.place(detail, false);
    if (with_icon) detail->rect.x = msg->rect.x;
    if (rng.chance(0.3))
      l.add<Checkbox>("remember", rng.chance(0.5) ? "Don't ask me again" : "Remember my choice", false);
    l.gap(6);
    // Some dialogs carry a Help button: a distractor that commits nothing.
    bool help = rng.chance(0.3);
    if (help) l.add<Button>("help", "Help")->on_click = [] {};
    std::vector<int> order(sc.buttons.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    if (rng.chance(0.5)) std::reverse(order.begin(), order.end());
    else if (rng.chance(0.3)) rng.shuffle(order);
    buttons_.assign(sc.buttons.size(), nullptr);
    for (size_t k = 0; k < order.size(); ++k) {
      int i = order[k];
      std::string name = "button_" + std::to_string(i);
      Button* b = k == 0 && !help ? l.add<Button>(name, sc.buttons[size_t(i)])
                                  : l.add_inline<Button>(name, sc.buttons[size_t(i)]);
      b->on_click = [this, i] {
        if (clicked_ < 0) clicked_ = i;
      };
      buttons_[size_t(i)] = b;
    }
    buttons_[0]->primary = true;
    dialog->default_button = buttons_[0];
    if (sc.cancel >= 0) dialog->cancel_button = buttons_[size_t(sc.cancel)];
    dialog->set_client_size(l.size());
    // Centre the dialog over the document, a little above the middle.
    dialog->rect.x = doc->rect.x + (doc->rect.width - dialog->rect.width) / 2;
    dialog->rect.y = doc->rect.y + (doc->rect.height - dialog->rect.height) / 3;
    desktop.fit_window(dialog);
    dialog->layout();

    target_ = rng.uniform_int(0, int(sc.buttons.size()) - 1);
    instruction_ = rng.pick(sc.intents[size_t(target_)]);
  }

  Outcome evaluate(const Desktop&, bool final) const override {
    if (clicked_ < 0) return {final, 0.0, "no dialog button clicked"};
    if (clicked_ == target_) return {true, 1.0, "clicked '" + buttons_[size_t(target_)]->text() + "'"};
    return {true, -1.0,
            "clicked '" + buttons_[size_t(clicked_)]->text() + "' instead of '" + buttons_[size_t(target_)]->text() + "'"};
  }

  Action expert_action(Desktop& desktop) override { return expert::click(desktop, buttons_[size_t(target_)]); }

 private:
  std::vector<Button*> buttons_;
  int target_ = 0;
  int clicked_ = -1;
};

}  // namespace

void register_click_tasks(std::vector<TaskEntry>& out) {
  out.push_back(make_task_entry<ClickButtonTask>());
  out.push_back(make_task_entry<ClickLinkTask>());
  out.push_back(make_task_entry<ClickCheckboxesTask>());
  out.push_back(make_task_entry<ClickRadioTask>());
  out.push_back(make_task_entry<ClickTabTask>());
  out.push_back(make_task_entry<ClickMenuItemTask>());
  out.push_back(make_task_entry<ClickDialogButtonTask>());
}

}  // namespace hemu
