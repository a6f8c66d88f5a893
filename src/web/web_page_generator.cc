// generate_web_page: a seeded HTML page of our own (see web_pages.h). Its vocabulary is its own (not
// the sim's) so that text on web pages is new to a model trained on the embedded desktop.
#include <algorithm>
#include <cstdio>
#include <string>

#include "core/rng.h"
#include "web/web_pages.h"

namespace hemu {

const std::vector<std::string>& web_font_families(WebFontSet set) {
  // Training: the sim's training families plus installed families the sim never draws with.
  // Held out: the sim's held-out families plus two more; no family appears in both lists.
  static const std::vector<std::string> training = {
      "DejaVu Sans",     "Liberation Sans", "FreeSans",     "Cantarell",   "Open Sans",      "Lato",
      "Carlito",         "DejaVu Serif",    "Liberation Serif", "Noto Sans Mono", "Roboto Condensed",
      "URW Gothic",      "Nimbus Roman",    "P052",         "Liberation Mono"};
  static const std::vector<std::string> held_out = {"Roboto", "Inter", "Nimbus Sans", "Comic Neue", "FreeSerif",
                                                    "Fira Code", "URW Bookman"};
  return set == WebFontSet::kTraining ? training : held_out;
}

namespace {

const std::vector<std::string>& nouns() {
  static const std::vector<std::string> w = {
      "invoice", "account", "profile", "project", "report", "budget", "shipment", "order", "ticket", "review",
      "meeting", "contract", "payment", "supplier", "customer", "warehouse", "catalog", "feedback", "schedule",
      "policy", "release", "backup", "server", "library", "garden", "recipe", "journey", "photo", "album",
      "playlist", "course", "lesson", "exam", "booking", "flight", "hotel", "vehicle", "repair", "device",
      "network", "printer", "license", "domain", "article", "draft", "comment", "channel", "team", "member"};
  return w;
}
const std::vector<std::string>& verbs() {
  static const std::vector<std::string> w = {"Save", "Submit", "Cancel", "Delete", "Apply", "Continue", "Back",
                                             "Next", "Upload", "Download", "Send", "Confirm", "Reset", "Search",
                                             "Export", "Import", "Approve", "Reject", "Archive", "Share", "Print",
                                             "Refresh", "Sign in", "Sign up", "Log out", "Edit", "Add", "Remove",
                                             "Close", "Open", "Start", "Stop", "Retry", "Subscribe", "Book now"};
  return w;
}
const std::vector<std::string>& adjectives() {
  static const std::vector<std::string> w = {"new", "recent", "pending", "archived", "shared", "private", "public",
                                             "weekly", "monthly", "urgent", "optional", "default", "advanced",
                                             "basic", "open", "closed", "active", "draft", "final", "local"};
  return w;
}
const std::vector<std::string>& first_names() {
  static const std::vector<std::string> w = {"Amara", "Bjorn", "Chiara", "Dmitri", "Esther", "Farid", "Greta",
                                             "Hiro", "Ingrid", "Jonas", "Kemal", "Lucia", "Mateo", "Nadia",
                                             "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomas", "Ursula",
                                             "Viktor", "Wanda", "Ximena", "Yusuf", "Zofia"};
  return w;
}
const std::vector<std::string>& last_names() {
  static const std::vector<std::string> w = {"Abbott", "Brennan", "Castillo", "Dubois", "Eriksen", "Fontaine",
                                             "Gallagher", "Horvath", "Ibarra", "Jansen", "Kowalski", "Lindqvist",
                                             "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt",
                                             "Tanaka", "Varga", "Weber", "Yilmaz", "Zimmer"};
  return w;
}
const std::vector<std::string>& cities() {
  static const std::vector<std::string> w = {"Lisbon", "Oslo", "Krakow", "Porto", "Tallinn", "Ghent", "Utrecht",
                                             "Bilbao", "Graz", "Turku", "Leeds", "Lyon", "Brno", "Malmo"};
  return w;
}

std::string capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
  return s;
}

std::string to_upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  return s;
}

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format(const char* fmt, double a, double b = 0, double c = 0) {
  char buf[128];
  std::snprintf(buf, sizeof buf, fmt, a, b, c);
  return buf;
}

// Builds one page: HTML in document order and the expected labels in the same order.
class PageBuilder {
 public:
  PageBuilder(uint64_t seed, WebFontSet fonts) : rng_(seed * 0x9E3779B97F4A7C15ull + 0x77eb), fonts_(fonts) {}

  WebPage build(uint64_t seed);

 private:
  std::string name() { return rng_.pick(first_names()) + " " + rng_.pick(last_names()); }
  std::string phrase(int words) {
    std::string s;
    for (int i = 0; i < words; ++i) {
      if (i) s += ' ';
      s += rng_.chance(0.3) ? rng_.pick(adjectives()) : rng_.pick(nouns());
    }
    return capitalise(s);
  }
  std::string value_text() {
    switch (rng_.uniform_int(0, 5)) {
      case 0: return name();
      case 1: {
        std::string first = rng_.pick(first_names()), last = rng_.pick(last_names());
        std::transform(first.begin(), first.end(), first.begin(), ::tolower);
        std::transform(last.begin(), last.end(), last.begin(), ::tolower);
        return first + "." + last + "@" + rng_.pick(std::vector<std::string>{"example.org", "mail.test", "corp.example"});
      }
      case 2: return std::to_string(rng_.uniform_int(1, 99999));
      case 3: return rng_.pick(cities());
      case 4: return format("%02.0f/%02.0f/%.0f", rng_.uniform_int(1, 28), rng_.uniform_int(1, 12), rng_.uniform_int(1995, 2030));
      default: return phrase(rng_.uniform_int(1, 3));
    }
  }
  std::string cell_text() {
    switch (rng_.uniform_int(0, 4)) {
      case 0: return name();
      case 1: return format("$%.0f.%02.0f", rng_.uniform_int(1, 9999), rng_.uniform_int(0, 99));
      case 2: return "#" + std::to_string(rng_.uniform_int(1000, 99999));
      case 3: return rng_.pick(cities());
      default: return capitalise(rng_.pick(adjectives()));
    }
  }
  // Emits an element with data-hemu="<class>" and records what the DOM should report for it.
  void expect(ElementClass c, const std::string& text) { expected_.push_back({c, text}); }
  std::string attr(ElementClass c) { return std::string(" data-hemu=\"") + element_class_name(c) + "\""; }

  void header();
  void tabs();
  void section();
  void form_fields();
  void choices(bool radio);
  void buttons();
  void list_rows();
  void table_rows();
  void text_lines();
  void link_list();
  void slider_and_select();

  Rng rng_;
  WebFontSet fonts_;
  std::string body_;
  std::vector<WebExpectedElement> expected_;
  bool uppercase_buttons_ = false;
  bool focused_ = false;  // a text field already carries data-hemu-focus
  int ids_ = 0;
};

void PageBuilder::header() {
  body_ += "<header class=\"top\">";
  const std::string title = phrase(rng_.uniform_int(1, 2));
  body_ += "<span class=\"brand\"" + attr(ElementClass::kText) + ">" + escape_html(title) + "</span>";
  expect(ElementClass::kText, title);
  if (rng_.chance(0.5)) {  // a menu bar, one menu open sometimes
    static const std::vector<std::string> titles = {"File", "Edit", "View", "Insert", "Format", "Tools", "Help",
                                                    "Window", "Go", "Run"};
    const int count = rng_.uniform_int(3, 6);
    const int open = rng_.chance(0.4) ? rng_.uniform_int(0, count - 1) : -1;
    body_ += "<nav class=\"menubar\">";
    for (int i = 0; i < count; ++i) {
      const std::string& t = titles[size_t(i)];
      body_ += "<span class=\"mt-wrap\"><span class=\"mt\"" + attr(ElementClass::kMenuTitle) +
               (i == open ? " aria-selected=\"true\"" : "") + ">" + t + "</span>";
      expect(ElementClass::kMenuTitle, t);
      if (i == open) {
        body_ += "<div class=\"menu\">";
        for (int k = rng_.uniform_int(3, 7); k > 0; --k) {
          std::string item = rng_.pick(verbs()) + (rng_.chance(0.4) ? " " + rng_.pick(nouns()) : "");
          body_ += "<div class=\"mi\"" + attr(ElementClass::kMenuItem) + ">" + escape_html(item) + "</div>";
          expect(ElementClass::kMenuItem, item);
        }
        body_ += "</div>";
      }
      body_ += "</span>";
    }
    body_ += "</nav>";
  } else {
    body_ += "<nav class=\"links\">";
    for (int i = rng_.uniform_int(2, 5); i > 0; --i) {
      std::string t = capitalise(rng_.pick(nouns())) + (rng_.chance(0.3) ? "s" : "");
      body_ += "<a href=\"#\"" + attr(ElementClass::kLink) + ">" + escape_html(t) + "</a>";
      expect(ElementClass::kLink, t);
    }
    body_ += "</nav>";
  }
  body_ += "</header>";
}

void PageBuilder::tabs() {
  const int count = rng_.uniform_int(2, 5), selected = rng_.uniform_int(0, count - 1);
  body_ += "<div class=\"tabs\" role=\"tablist\">";
  for (int i = 0; i < count; ++i) {
    std::string t = capitalise(rng_.pick(nouns())) + (rng_.chance(0.3) ? "s" : "");
    body_ += "<button class=\"tab\" role=\"tab\"" + attr(ElementClass::kTab) +
             (i == selected ? " aria-selected=\"true\"" : " aria-selected=\"false\"") + ">" + escape_html(t) + "</button>";
    expect(ElementClass::kTab, t);
  }
  body_ += "</div>";
}

void PageBuilder::form_fields() {
  for (int i = rng_.uniform_int(1, 4); i > 0; --i) {
    const std::string label = phrase(rng_.uniform_int(1, 2)) + (rng_.chance(0.3) ? ":" : "");
    body_ += "<div class=\"field\"><label class=\"lbl\"" + attr(ElementClass::kText) + ">" + escape_html(label) + "</label>";
    expect(ElementClass::kText, label);
    const int kind = rng_.uniform_int(0, 9);
    const bool disabled = rng_.chance(0.08);
    const std::string dis = disabled ? " disabled" : "";
    if (kind <= 4) {  // text field: a value, or its placeholder
      std::string value = rng_.chance(0.6) ? value_text() : "";
      std::string placeholder = value.empty() ? phrase(rng_.uniform_int(1, 2)) : "";
      static const char* kTypes[] = {"text", "text", "email", "search", "tel"};
      std::string focus = (!focused_ && !disabled && rng_.chance(0.3)) ? " data-hemu-focus" : "";
      if (!focus.empty()) focused_ = true;
      body_ += std::string("<input type=\"") + kTypes[rng_.uniform_int(0, 4)] + "\"" + attr(ElementClass::kTextField) +
               " value=\"" + escape_html(value) + "\" placeholder=\"" + escape_html(placeholder) + "\"" + dis + focus + ">";
      expect(ElementClass::kTextField, value.empty() ? placeholder : value);
    } else if (kind <= 6) {  // password
      const int length = rng_.chance(0.7) ? rng_.uniform_int(4, 14) : 0;
      std::string value;
      for (int k = 0; k < length; ++k) value += char('a' + rng_.uniform_int(0, 25));
      std::string placeholder = length == 0 ? "Password" : "";
      body_ += "<input type=\"password\"" + attr(ElementClass::kPasswordField) + " value=\"" + value +
               "\" placeholder=\"" + placeholder + "\"" + dis + ">";
      std::string bullets;
      for (int k = 0; k < length; ++k) bullets += "\u2022";
      expect(ElementClass::kPasswordField, length > 0 ? bullets : placeholder);
    } else if (kind <= 8) {  // select
      const int count = rng_.uniform_int(2, 6), selected = rng_.uniform_int(0, count - 1);
      body_ += "<select" + attr(ElementClass::kDropdown) + dis + ">";
      std::string shown;
      for (int k = 0; k < count; ++k) {
        std::string option = k % 2 ? rng_.pick(cities()) : phrase(rng_.uniform_int(1, 2));
        if (k == selected) shown = option;
        body_ += "<option" + std::string(k == selected ? " selected" : "") + ">" + escape_html(option) + "</option>";
      }
      body_ += "</select>";
      expect(ElementClass::kDropdown, shown);
    } else {  // text area
      std::string value = phrase(rng_.uniform_int(2, 6));
      body_ += "<textarea rows=\"" + std::to_string(rng_.uniform_int(2, 4)) + "\"" + attr(ElementClass::kTextArea) + dis +
               ">" + escape_html(value) + "</textarea>";
      expect(ElementClass::kTextArea, value);
    }
    body_ += "</div>";
  }
}

void PageBuilder::choices(bool radio) {
  const std::string group = "g" + std::to_string(ids_++);
  const int count = rng_.uniform_int(2, 5);
  const int checked = radio ? rng_.uniform_int(-1, count - 1) : -1;
  const ElementClass c = radio ? ElementClass::kRadio : ElementClass::kCheckbox;
  body_ += std::string("<div class=\"choices") + (rng_.chance(0.3) ? " inline" : "") + "\">";
  for (int i = 0; i < count; ++i) {
    std::string caption = rng_.chance(0.3) ? rng_.pick(cities()) : phrase(rng_.uniform_int(1, 3));
    const bool on = radio ? i == checked : rng_.chance(0.4);
    body_ += "<label class=\"choice\"" + attr(c) + "><input type=\"" + (radio ? "radio" : "checkbox") + "\" name=\"" +
             group + "\"" + (on ? " checked" : "") + (rng_.chance(0.05) ? " disabled" : "") + ">" +
             escape_html(caption) + "</label>";
    expect(c, caption);
  }
  body_ += "</div>";
}

void PageBuilder::buttons() {
  body_ += "<div class=\"buttons\">";
  for (int i = rng_.uniform_int(1, 3); i > 0; --i) {
    std::string t = rng_.pick(verbs());
    if (rng_.chance(0.25)) t += " " + rng_.pick(nouns());
    const bool primary = rng_.chance(0.4);
    body_ += std::string("<button class=\"btn") + (primary ? " primary" : "") + "\"" + attr(ElementClass::kButton) +
             (rng_.chance(0.07) ? " disabled" : "") + ">" + escape_html(t) + "</button>";
    expect(ElementClass::kButton, uppercase_buttons_ ? to_upper(t) : t);
  }
  body_ += "</div>";
}

void PageBuilder::list_rows() {
  const int count = rng_.uniform_int(3, 8), selected = rng_.uniform_int(-2, count - 1);
  body_ += "<ul class=\"list\">";
  for (int i = 0; i < count; ++i) {
    std::string t = rng_.chance(0.5) ? name() : phrase(rng_.uniform_int(1, 3));
    body_ += "<li" + attr(ElementClass::kRow) + (i == selected ? " aria-selected=\"true\"" : "") + ">" + escape_html(t) +
             "</li>";
    expect(ElementClass::kRow, t);
  }
  body_ += "</ul>";
}

void PageBuilder::table_rows() {
  const int columns = rng_.uniform_int(2, 4), count = rng_.uniform_int(2, 7), selected = rng_.uniform_int(-3, count - 1);
  body_ += "<table class=\"grid\"><thead><tr>";
  for (int c = 0; c < columns; ++c) body_ += "<th>" + escape_html(capitalise(rng_.pick(nouns()))) + "</th>";
  body_ += "</tr></thead><tbody>";
  for (int i = 0; i < count; ++i) {
    body_ += "<tr" + attr(ElementClass::kRow) + (i == selected ? " aria-selected=\"true\"" : "") + ">";
    std::string joined;
    for (int c = 0; c < columns; ++c) {
      std::string t = cell_text();
      body_ += "<td>" + escape_html(t) + "</td>";
      joined += (c ? " | " : "") + t;
    }
    body_ += "</tr>";
    expect(ElementClass::kRow, joined);
  }
  body_ += "</tbody></table>";
}

void PageBuilder::text_lines() {
  for (int i = rng_.uniform_int(1, 3); i > 0; --i) {
    std::string t = phrase(rng_.uniform_int(2, 6));
    if (rng_.chance(0.4)) t += " " + std::to_string(rng_.uniform_int(1, 500));
    if (rng_.chance(0.3)) t += ".";
    body_ += "<div class=\"line\"" + attr(ElementClass::kText) + ">" + escape_html(t) + "</div>";
    expect(ElementClass::kText, t);
  }
}

void PageBuilder::link_list() {
  body_ += "<div class=\"linklist\">";
  for (int i = rng_.uniform_int(2, 5); i > 0; --i) {
    std::string t = rng_.chance(0.5) ? rng_.pick(verbs()) + " " + rng_.pick(nouns()) : phrase(rng_.uniform_int(1, 3));
    body_ += "<div><a href=\"#\"" + attr(ElementClass::kLink) + ">" + escape_html(t) + "</a></div>";
    expect(ElementClass::kLink, t);
  }
  body_ += "</div>";
}

void PageBuilder::slider_and_select() {
  const int value = rng_.uniform_int(0, 100);
  const std::string label = phrase(1);
  body_ += "<div class=\"field\"><label class=\"lbl\"" + attr(ElementClass::kText) + ">" + escape_html(label) + "</label>";
  expect(ElementClass::kText, label);
  body_ += "<input type=\"range\" min=\"0\" max=\"100\" value=\"" + std::to_string(value) + "\"" +
           attr(ElementClass::kSlider) + "></div>";
  expect(ElementClass::kSlider, std::to_string(value));
}

void PageBuilder::section() {
  body_ += "<section class=\"card\">";
  const std::string heading = phrase(rng_.uniform_int(1, 3));
  body_ += "<h2" + attr(ElementClass::kText) + ">" + escape_html(heading) + "</h2>";
  expect(ElementClass::kText, heading);
  switch (rng_.uniform_int(0, 6)) {
    case 0:
    case 1:
      form_fields();
      if (rng_.chance(0.4)) choices(rng_.chance(0.5));
      buttons();
      break;
    case 2: list_rows(); if (rng_.chance(0.5)) buttons(); break;
    case 3: table_rows(); if (rng_.chance(0.3)) buttons(); break;
    case 4: text_lines(); link_list(); break;
    case 5: choices(false); choices(true); buttons(); break;
    default: text_lines(); slider_and_select(); if (rng_.chance(0.5)) buttons(); break;
  }
  body_ += "</section>";
}

}  // namespace

// The labelling script (see web_pages.h). Boxes are in document coordinates: the screenshot shows the
// page unscrolled, but focusing a field below the (short, see web_pages.cc) layout viewport would
// scroll it; preventScroll keeps it from doing so, scrollX/Y make sure. Keys: c class, b box (CSS px, viewport), t drawn text,
// k checked, s selected, f focused, d disabled, r readable (one line, not clipped, the label is the
// drawn text), v visible share (area not under an open menu).
constexpr const char* kLabelScript = R"JS(
(function () {
  const f = document.querySelector('[data-hemu-focus]');
  if (f) f.focus({preventScroll: true});
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const covers = Array.from(document.querySelectorAll('.menu')).map((m) => {
    const b = m.getBoundingClientRect();
    return {left: b.left + scrollX, top: b.top + scrollY, right: b.right + scrollX, bottom: b.bottom + scrollY};
  });
  const out = [];
  for (const e of document.querySelectorAll('[data-hemu]')) {
    const c = e.getAttribute('data-hemu');
    const b = e.getBoundingClientRect();
    const r = {left: b.left + scrollX, top: b.top + scrollY, right: b.right + scrollX, bottom: b.bottom + scrollY, width: b.width, height: b.height};
    const input = e.matches('input,select,textarea') ? e : e.querySelector('input');
    let t = '', readable = true;
    if (c === 'text_field') { t = e.value || e.placeholder; }
    else if (c === 'password_field') { t = e.value ? '\u2022'.repeat(e.value.length) : e.placeholder; readable = !!e.value; }
    else if (c === 'dropdown') { t = e.selectedIndex >= 0 ? e.options[e.selectedIndex].text : ''; }
    else if (c === 'text_area' || c === 'slider') { t = e.value; readable = false; }
    else if (e.tagName === 'TR') { t = Array.from(e.cells).map((x) => norm(x.innerText)).join(' | '); }
    else { t = norm(e.innerText); }
    if (e.scrollWidth > e.clientWidth + 1 && !e.matches('select')) readable = false;
    // Share not covered by an open menu (the only thing drawn over other elements). Not
    // elementFromPoint: headless Chromium lays the page out in a viewport shorter than the
    // screenshot (window height minus browser chrome), where points below it find nothing.
    let covered = 0;
    if (!e.closest('.menu')) {
      for (const m of covers) {
        const w = Math.min(r.right, m.right) - Math.max(r.left, m.left), h = Math.min(r.bottom, m.bottom) - Math.max(r.top, m.top);
        if (w > 0 && h > 0) covered += w * h;
      }
    }
    const area = Math.max(1, r.width * r.height);
    out.push({c: c, b: [r.left, r.top, r.width, r.height], t: norm(t), r: readable && t.length > 0,
              k: !!(input && input.checked), s: e.getAttribute('aria-selected') === 'true',
              f: document.activeElement === e, d: !!(input && input.disabled) || !!e.disabled, v: Math.max(0, 1 - covered / area)});
  }
  const s = document.createElement('script');
  s.type = 'application/json';
  s.id = 'hemu-labels';
  s.textContent = JSON.stringify({viewport: [innerWidth, innerHeight], elements: out}).replace(/</g, '\\u003c');
  document.body.appendChild(s);
})();
)JS";

WebPage PageBuilder::build(uint64_t seed) {
  WebPage page;
  page.seed = seed;
  static const std::vector<Size> kViewports = {{800, 600}, {1024, 768}, {1280, 720}, {1280, 800},
                                               {1366, 768}, {1440, 900}, {1600, 900}, {1920, 1080}};
  page.viewport = rng_.pick(kViewports);
  page.font_family = rng_.pick(web_font_families(fonts_));
  const bool dark = rng_.chance(0.35);
  page.theme = dark ? "dark" : "light";
  const double hue = rng_.uniform(0, 360), accent_hue = rng_.uniform(0, 360);
  const double bg_l = dark ? rng_.uniform(6, 18) : rng_.uniform(93, 100);
  const double card_l = dark ? bg_l + rng_.uniform(3, 10) : std::min(100.0, bg_l + rng_.uniform(-6, 6));
  const double text_l = dark ? rng_.uniform(82, 96) : rng_.uniform(5, 25);
  const double font_px = rng_.uniform_int(12, 19), spacing = rng_.uniform(0.5, 1.6), radius = rng_.uniform_int(0, 10);
  uppercase_buttons_ = rng_.chance(0.15);
  const bool native_controls = rng_.chance(0.35);  // leave Chromium's default control look
  const int columns = page.viewport.width >= 1200 ? rng_.uniform_int(1, 3) : rng_.uniform_int(1, 2);

  std::string css;
  css += "html{color-scheme:" + std::string(dark ? "dark" : "light") + "}";
  css += "body{margin:0;font-family:'" + page.font_family + "';font-size:" + format("%.0fpx", font_px) +
         ";line-height:" + format("%.2f", rng_.uniform(1.15, 1.6)) + ";background:" +
         format("hsl(%.0f,%.0f%%,%.0f%%)", hue, rng_.uniform(0, 30), bg_l) + ";color:" +
         format("hsl(%.0f,%.0f%%,%.0f%%)", hue, rng_.uniform(0, 20), text_l) + "}";
  css += "header.top{display:flex;align-items:center;gap:" + format("%.0fpx", 18 * spacing) + ";padding:" +
         format("%.0fpx %.0fpx", 10 * spacing, 20 * spacing) + ";background:" +
         (rng_.chance(0.5) ? format("hsl(%.0f,%.0f%%,%.0f%%)", accent_hue, rng_.uniform(30, 70), dark ? 22 : rng_.uniform(30, 45))
                           : format("hsl(%.0f,10%%,%.0f%%)", hue, dark ? bg_l + 6 : bg_l - 6)) +
         "}";
  css += "header.top .brand{font-weight:bold;font-size:1.25em}";
  css += "header.top a,header.top .mt,header.top .brand{color:inherit}";
  css += "nav{display:flex;gap:" + format("%.0fpx", 14 * spacing) + "}";
  css += ".mt-wrap{position:relative}.mt{padding:2px 6px;cursor:default}";
  css += ".mt[aria-selected=true]{background:" + format("hsla(%.0f,60%%,50%%,0.35)", accent_hue) + "}";
  css += ".menu{position:absolute;left:0;top:1.6em;z-index:9;min-width:10em;padding:4px 0;background:" +
         format("hsl(%.0f,5%%,%.0f%%)", hue, dark ? 20.0 : 99.0) + ";color:" + format("hsl(0,0%%,%.0f%%)", dark ? 92.0 : 10.0) +
         ";border:1px solid " + format("hsl(0,0%%,%.0f%%)", dark ? 35.0 : 75.0) + ";box-shadow:0 3px 10px rgba(0,0,0,.3)}";
  css += ".mi{padding:3px 14px;white-space:nowrap}";
  css += "main{display:grid;grid-template-columns:repeat(" + std::to_string(columns) + ",minmax(0,1fr));gap:" +
         format("%.0fpx", 16 * spacing) + ";padding:" + format("%.0fpx", 16 * spacing) + ";max-width:" +
         std::to_string(rng_.uniform_int(700, 1800)) + "px}";
  css += ".card{padding:" + format("%.0fpx", 14 * spacing) + ";background:" + format("hsl(%.0f,10%%,%.0f%%)", hue, card_l) +
         ";border-radius:" + format("%.0fpx", radius) + ";" +
         (rng_.chance(0.5) ? "border:1px solid " + format("hsl(%.0f,10%%,%.0f%%)", hue, dark ? card_l + 12 : card_l - 15)
                           : std::string("box-shadow:0 1px 4px rgba(0,0,0,.25)")) +
         "}";
  css += "h2{margin:0 0 " + format("%.0fpx", 10 * spacing) + ";font-size:" + format("%.2fem", rng_.uniform(1.05, 1.5)) +
         ";white-space:nowrap;width:max-content;max-width:100%}";
  css += ".field{display:flex;" + std::string(rng_.chance(0.5) ? "flex-direction:column;align-items:flex-start;" : "align-items:center;") +
         "gap:6px;margin:" + format("%.0fpx", 8 * spacing) + " 0}";
  css += ".lbl,.line{white-space:nowrap;width:max-content;max-width:100%}";
  css += ".line{margin:4px 0}";
  css += ".choices{display:flex;flex-direction:column;gap:" + format("%.0fpx", 6 * spacing) + ";margin:8px 0}";
  css += ".choices.inline{flex-direction:row;flex-wrap:wrap;gap:14px}";
  css += ".choice{white-space:nowrap;width:max-content;display:inline-flex;align-items:center;gap:6px}";
  css += "a{color:" + format("hsl(%.0f,%.0f%%,%.0f%%)", accent_hue, rng_.uniform(50, 90), dark ? 70.0 : 38.0) + ";" +
         (rng_.chance(0.6) ? "text-decoration:underline" : "text-decoration:none") + ";white-space:nowrap}";
  css += ".linklist div{margin:5px 0}";
  css += ".buttons{display:flex;gap:" + format("%.0fpx", 8 * spacing) + ";margin-top:" + format("%.0fpx", 10 * spacing) + "}";
  css += "button{white-space:nowrap}";
  css += ".list{list-style:none;margin:0;padding:0;border:1px solid " + format("hsl(0,0%%,%.0f%%)", dark ? 35.0 : 80.0) + "}";
  css += ".list li{padding:" + format("%.0fpx %.0fpx", 4 * spacing, 8 * spacing) + ";white-space:nowrap;overflow:hidden}";
  css += ".list li:nth-child(even){background:" + format("hsla(0,0%%,%.0f%%,0.06)", dark ? 100.0 : 0.0) + "}";
  css += "[aria-selected=true]{background:" + format("hsl(%.0f,%.0f%%,%.0f%%)", accent_hue, rng_.uniform(40, 80), dark ? 35.0 : 82.0) +
         " !important}";
  css += "table.grid{border-collapse:collapse}table.grid th,table.grid td{white-space:nowrap;text-align:left;padding:" +
         format("%.0fpx %.0fpx", 4 * spacing, 10 * spacing) + ";border-bottom:1px solid " +
         format("hsl(0,0%%,%.0f%%)", dark ? 30.0 : 85.0) + "}";
  css += ".tabs{display:flex;gap:2px;padding:" + format("%.0fpx %.0fpx 0", 10 * spacing, 16 * spacing) + ";border-bottom:1px solid " +
         format("hsl(0,0%%,%.0f%%)", dark ? 35.0 : 75.0) + "}";
  css += ".tab{font:inherit;color:inherit;background:transparent;border:0;padding:" +
         format("%.0fpx %.0fpx", 6 * spacing, 14 * spacing) + ";border-bottom:3px solid transparent}";
  css += ".tab[aria-selected=true]{border-bottom-color:" + format("hsl(%.0f,70%%,50%%)", accent_hue) + "}";
  if (uppercase_buttons_) css += ".btn{text-transform:uppercase;letter-spacing:.04em}";
  if (!native_controls) {
    const std::string border = format("hsl(%.0f,8%%,%.0f%%)", hue, dark ? 40.0 : 70.0);
    css += "input,select,textarea,button{font:inherit}";
    css += "input[type=text],input[type=email],input[type=search],input[type=tel],input[type=password],select,textarea{"
           "padding:" + format("%.0fpx %.0fpx", 3 + 4 * spacing, 4 + 4 * spacing) + ";border:1px solid " + border +
           ";border-radius:" + format("%.0fpx", std::min(radius, 6.0)) + ";background:" +
           format("hsl(%.0f,5%%,%.0f%%)", hue, dark ? 14.0 : 100.0) + ";color:inherit;width:" +
           std::to_string(rng_.uniform_int(160, 320)) + "px}";
    css += ".btn{padding:" + format("%.0fpx %.0fpx", 3 + 4 * spacing, 8 + 8 * spacing) + ";border-radius:" +
           format("%.0fpx", radius) + ";border:1px solid " + border + ";background:" +
           format("hsl(%.0f,5%%,%.0f%%)", hue, dark ? 25.0 : 94.0) + ";color:inherit}";
    css += ".btn.primary{background:" + format("hsl(%.0f,%.0f%%,%.0f%%)", accent_hue, rng_.uniform(50, 85), rng_.uniform(35, 50)) +
           ";color:white;border-color:transparent}";
    css += "button:disabled,input:disabled{opacity:.5}";
    css += "input[type=checkbox],input[type=radio],input[type=range]{accent-color:" +
           format("hsl(%.0f,70%%,45%%)", accent_hue) + "}";
  }

  if (rng_.chance(0.85)) header();
  if (rng_.chance(0.4)) tabs();
  body_ += "<main>";
  for (int i = rng_.uniform_int(columns, columns * 2 + 1); i > 0; --i) section();
  body_ += "</main>";

  page.html = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + std::to_string(seed) +
              "</title><style>" + css + "</style></head>\n<body>" + body_ + "\n<script>" + kLabelScript +
              "</script></body></html>\n";
  page.expected = std::move(expected_);
  return page;
}

WebPage generate_web_page(uint64_t seed, WebFontSet fonts) {
  PageBuilder builder(seed, fonts);
  return builder.build(seed);
}

}  // namespace hemu
