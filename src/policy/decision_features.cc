#include "policy/decision_features.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>

#include "policy/date_pattern.h"

namespace hemu {
namespace {

std::string fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(uint8_t(c)));
  return out;
}

bool is_number_text(std::string_view s) {
  bool digit = false;
  for (char c : s) {
    if (std::isdigit(uint8_t(c))) digit = true;
    else if (c != '.' && c != ',' && c != ':' && c != '$' && c != '-' && c != '+' && c != '/' && c != '%') return false;
  }
  return digit;
}

// Element text as compared with instruction words: folded, table cell separators and runs of spaces
// collapsed to one space, ellipses dropped.
std::string normalise_text(std::string_view s) {
  std::string out;
  for (char c : fold(s)) {
    if (c == '|') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> words_of(const std::string& normalised) {
  std::vector<std::string> words;
  std::string w;
  auto flush = [&] {
    while (!w.empty() && std::ispunct(uint8_t(w.back()))) w.pop_back();
    size_t b = 0;
    while (b < w.size() && std::ispunct(uint8_t(w[b])) && w[b] != '#' && w[b] != '$') ++b;
    if (b < w.size()) words.push_back(w.substr(b));
    w.clear();
  };
  for (char c : normalised) {
    if (c == ' ' || c == '(' || c == ')' || c == '"' || c == ',') flush();
    else w += c;
  }
  flush();
  return words;
}

// Levenshtein similarity in [0,1]: 1 - distance / max length. Texts longer than `max_chars` only
// compare equal or not (words and labels are short; a copied table row is not).
float similarity(std::string_view a, std::string_view b, size_t max_chars = 64) {
  if (a.empty() && b.empty()) return 1;
  if (a.size() > max_chars || b.size() > max_chars) return a == b ? 1.0f : 0.0f;
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = int(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = int(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return 1.0f - float(prev[b.size()]) / float(std::max(a.size(), b.size()));
}

uint32_t fnv1a(std::string_view s, uint32_t seed = 2166136261u) {
  uint32_t h = seed;
  for (char c : s) { h ^= uint8_t(c); h *= 16777619u; }
  return h;
}

std::vector<int> ngrams(const std::string& folded, size_t max_chars) {
  std::string s = "#" + folded.substr(0, max_chars) + "#";
  std::vector<int> out;
  for (size_t i = 0; i + 3 <= s.size(); ++i) out.push_back(int(fnv1a(std::string_view(s).substr(i, 3)) % kNgramBuckets));
  out.push_back(int(fnv1a(folded, 7u) % kNgramBuckets));  // the whole word / text
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_break(char c) { return c == '"' || c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || c == ';' || c == '!' || c == '?'; }

// The first number in a text ("$150" -> 150, "+6 dB" -> 6, "1,250.50" -> 1250.5), if any.
std::optional<double> first_number(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && !std::isdigit(uint8_t(s[i]))) ++i;
  if (i == s.size()) return std::nullopt;
  bool negative = i > 0 && s[i - 1] == '-';
  double v = 0, scale = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(uint8_t(c))) {
      if (scale > 0) { v += (c - '0') * scale; scale /= 10; }
      else v = v * 10 + (c - '0');
    } else if (c == ',' && i + 1 < s.size() && std::isdigit(uint8_t(s[i + 1])) && scale == 0) {
      continue;
    } else if (c == '.' && scale == 0 && i + 1 < s.size() && std::isdigit(uint8_t(s[i + 1]))) {
      scale = 0.1;
    } else {
      break;
    }
  }
  return negative ? -v : v;
}

// Channels for one element text against every token (max-combined into `out`, so several texts
// can share one group).
void match_channels(const std::string& element_text, const Instruction& ins, float* out, int stride, int offset) {
  std::string e = normalise_text(element_text);
  if (e.empty()) return;
  std::vector<std::string> words = words_of(e);
  const std::optional<double> e_number = first_number(e);
  for (size_t t = 0; t < ins.tokens.size(); ++t) {
    const InstructionToken& tok = ins.tokens[t];
    float* c = out + t * size_t(stride) + offset;
    auto put = [&](int k, float v) { c[k] = std::max(c[k], v); };
    float best = 0;
    for (const auto& w : words) {
      if (w == tok.folded) put(0, 1);
      best = std::max(best, similarity(w, tok.folded));
    }
    put(3, best >= 0.6f ? best : 0);
    std::string phrase = tok.quote >= 0 ? ins.quoted[size_t(tok.quote)] : tok.folded;
    std::string p = normalise_text(phrase);
    if (tok.quote >= 0 && p == e) put(1, 1);
    // Containment is for quoted phrases only: an unquoted word like "to" or a first name is
    // contained in many texts and would blur what the channel says (the subject in quotes).
    if (tok.quote >= 0 && !p.empty() && e.find(p) != std::string::npos) put(2, 1);
    float whole = similarity(p, e);
    put(4, whole >= 0.7f ? whole : 0);
    if (is_number_text(tok.text)) {
      if (auto tv = first_number(tok.text); tv && e_number) {
        if (*e_number < *tv) put(5, 1);
        if (*e_number > *tv) put(6, 1);
        if (*e_number == *tv) put(7, 1);
      }
    } else if (tok.quote >= 0 && !p.empty()) {
      int order = e.compare(0, p.size(), p);
      if (order < 0) put(5, 1);
      if (order > 0) put(6, 1);
    }
  }
}

bool is_static_text(const UiElement& e) { return e.element_class == ElementClass::kText; }

// Checked (a box, a radio button) or selected (a row, a tab).
bool is_on(const UiElement& e) { return e.checked || e.selected; }

// Whether text `l` lies left of element `e` on a line. The detector's box for a field (found at
// half the UI size) often starts 10-30 px early, over its label's last letters: "Appointment date"
// ended 26 px inside its field's box and the field had no label, so the model typed the date into
// the other date field (type_date / type_time, seeds 10-39: 12 of 20 failures typed into a wrong
// field). A text that starts left of the element and has at most a third of itself inside a
// quarter of the element still lies left of it. Labelled boxes never overlap this way.
bool lies_left_of(const Rect& l, const Rect& e) {
  const int inside = l.right() - e.x;
  return inside <= 4 || (l.x < e.x && inside * 3 <= l.width && inside * 4 <= e.width);
}

// The static text that labels an element: the nearest text to its left on the same line, else
// the nearest text just above it.
int label_of(const std::vector<UiElement>& elements, size_t i) {
  const UiElement& e = elements[i];
  if (e.element_class == ElementClass::kText || e.element_class == ElementClass::kWindowTitle) return -1;
  int best = -1;
  int best_d = 1 << 30;
  for (size_t j = 0; j < elements.size(); ++j) {
    const UiElement& l = elements[j];
    if (j == i || !is_static_text(l) || l.text.empty()) continue;
    int overlap_y = std::min(e.rect.bottom(), l.rect.bottom()) - std::max(e.rect.y, l.rect.y);
    int d = -1000;  // not a candidate
    if (lies_left_of(l.rect, e.rect) && overlap_y * 2 >= std::min(e.rect.height, l.rect.height)) {
      d = std::max(0, e.rect.x - l.rect.right());
    } else if (l.rect.bottom() <= e.rect.y + 4 && e.rect.y - l.rect.bottom() < 3 * std::max(8, e.rect.height)) {
      int overlap_x = std::min(e.rect.right(), l.rect.right()) - std::max(e.rect.x, l.rect.x);
      if (overlap_x > 0) d = 2 * std::max(0, e.rect.y - l.rect.bottom()) + 8;
    }
    if (d >= 0 && d < best_d && d < 400) { best_d = d; best = int(j); }
  }
  return best;
}

// Every static text to the left of an element on the same line (a list item's title and details
// for its "Open" button), nearest first, at most 4. Static texts have no line (their own text is
// what they say) unless `of_text` (a value label's caption, for the version-4 channels).
std::vector<int> line_of(const std::vector<UiElement>& elements, size_t i, bool of_text = false) {
  const UiElement& e = elements[i];
  std::vector<std::pair<int, int>> found;
  if ((e.element_class == ElementClass::kText && !of_text) || e.element_class == ElementClass::kWindowTitle) return {};
  for (size_t j = 0; j < elements.size(); ++j) {
    const UiElement& l = elements[j];
    if (j == i || !is_static_text(l) || l.text.empty()) continue;
    int overlap_y = std::min(e.rect.bottom(), l.rect.bottom()) - std::max(e.rect.y, l.rect.y);
    if (!lies_left_of(l.rect, e.rect) || overlap_y * 2 < std::min(e.rect.height, l.rect.height)) continue;
    int d = e.rect.x - l.rect.right();
    if (d < 700) found.push_back({d, int(j)});
  }
  std::sort(found.begin(), found.end());
  std::vector<int> out;
  for (size_t k = 0; k < found.size() && k < 4; ++k) out.push_back(found[k].second);
  return out;
}

// Arithmetic operators -------------------------------------------------------------------------

// kPlusOne: the span is one whole number. The others: the span opens and closes with whole
// numbers (words between them say which operation, and the model reads those). Results are
// whole numbers, as typed into quantity and amount fields; an inexact quotient does not apply.
std::optional<std::string> arithmetic(TextSource source, const std::string& span) {
  std::vector<std::string> words = words_of(normalise_text(span));
  auto whole = [](const std::string& w) -> std::optional<long long> {
    if (w.empty() || w.size() > 9 || !std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(uint8_t(c)); }))
      return std::nullopt;
    return std::stoll(w);
  };
  if (words.empty()) return std::nullopt;
  if (source == TextSource::kPlusOne) {
    auto n = words.size() == 1 ? whole(words[0]) : std::nullopt;
    if (!n) return std::nullopt;
    return std::to_string(*n + 1);
  }
  if (words.size() < 2) return std::nullopt;
  auto a = whole(words.front()), b = whole(words.back());
  if (!a || !b) return std::nullopt;
  switch (source) {
    case TextSource::kSum: return std::to_string(*a + *b);
    case TextSource::kProduct: return std::to_string(*a * *b);
    case TextSource::kQuotient:
      if (*b == 0 || *a % *b != 0) return std::nullopt;
      return std::to_string(*a / *b);
    default: return std::nullopt;
  }
}

// Date and time operators --------------------------------------------------------------------

const char* kMonths[] = {"january", "february", "march", "april", "may", "june", "july",
                         "august", "september", "october", "november", "december"};

std::optional<std::string> format_date_words(const std::string& span, const std::string& hint) {
  // "22 July 1985" or "July 22, 1985" -> the pattern in `hint` (YYYY-MM-DD, DD/MM/YYYY, ...).
  std::vector<std::string> words = words_of(normalise_text(span));
  if (words.size() != 3) return std::nullopt;
  int day = -1, month = -1, year = -1;
  for (const auto& w : words) {
    for (int m = 0; m < 12; ++m) if (w == kMonths[m]) month = m + 1;
    if (is_number_text(w)) {
      int v = std::atoi(w.c_str());
      if (w.size() == 4) year = v; else day = v;
    }
  }
  if (day < 1 || day > 31 || month < 1 || year < 0) return std::nullopt;
  size_t at = hint.find("YYYY");
  if (at == std::string::npos) return std::nullopt;
  std::string pattern;
  // The pattern is the 10 characters around YYYY that consist of Y, M, D and separators.
  size_t start = at;
  while (start > 0 && std::string("YMD/.-").find(hint[start - 1]) != std::string::npos) --start;
  for (size_t i = start; i < hint.size() && std::string("YMD/.-").find(hint[i]) != std::string::npos; ++i) pattern += hint[i];
  if (pattern.size() != 10) return std::nullopt;
  char buf[16];  // an int at any width fits
  std::string out = pattern;
  auto put = [&](const char* key, int value, int width) {
    size_t p = out.find(key);
    if (p == std::string::npos) return false;
    std::snprintf(buf, sizeof(buf), "%0*d", width, value);
    out.replace(p, size_t(width), buf);
    return true;
  };
  if (!put("YYYY", year, 4) || !put("MM", month, 2) || !put("DD", day, 2)) return std::nullopt;
  return out;
}

std::optional<std::string> time_24h(const std::string& span) {
  // "3:45 PM" / "11:29 am" / "23:29" -> "HH:MM".
  std::string s = normalise_text(span);
  int h = -1, m = -1;
  char ampm[4] = {0};
  if (std::sscanf(s.c_str(), "%d:%d %2s", &h, &m, ampm) < 2) return std::nullopt;
  std::string suffix = ampm;
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  if (suffix == "pm" && h < 12) h += 12;
  if (suffix == "am" && h == 12) h = 0;
  if (!suffix.empty() && suffix != "am" && suffix != "pm") return std::nullopt;
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%02d:%02d", h, m);
  return std::string(buf);
}

int smallest_containing(const std::vector<UiElement>& elements, Point p) {
  int best = -1;
  int64_t best_area = INT64_MAX;
  for (size_t i = 0; i < elements.size(); ++i) {
    const Rect& r = elements[i].rect;
    if (!r.contains(p)) continue;
    int64_t area = int64_t(r.width) * r.height;
    // Window titles and static text lose ties to anything interactive over them.
    if (elements[i].element_class == ElementClass::kWindowTitle) area += int64_t(1) << 40;
    if (area < best_area) { best_area = area; best = int(i); }
  }
  return best;
}

// The element nearest to p (distance to its box), for a wheel turned over blank space: any element
// of the same pane under the pointer scrolls it the same way. -1 when there is none within reach.
// Only the first `count` elements are on the screen (the rest are remembered, with no box).
int nearest_scrollable(const std::vector<UiElement>& elements, size_t count, Point p) {
  int best = -1;
  int64_t best_d = int64_t(80) * 80;
  for (size_t i = 0; i < elements.size() && i < count; ++i) {
    const UiElement& e = elements[i];
    if (e.element_class == ElementClass::kWindowTitle || e.element_class == ElementClass::kTaskbarButton) continue;
    const Rect& r = e.rect;
    int64_t dx = p.x < r.x ? r.x - p.x : p.x >= r.right() ? p.x - r.right() + 1 : 0;
    int64_t dy = p.y < r.y ? r.y - p.y : p.y >= r.bottom() ? p.y - r.bottom() + 1 : 0;
    if (dx * dx + dy * dy < best_d) { best_d = dx * dx + dy * dy; best = int(i); }
  }
  return best;
}

// A token as compared with an element's words (see words_of): folded, outer punctuation dropped.
std::string match_word(const std::string& text) {
  std::string w = fold(text);
  size_t e = w.size();
  while (e > 0 && std::ispunct(uint8_t(w[e - 1]))) --e;
  size_t b = 0;
  while (b < e && std::ispunct(uint8_t(w[b])) && w[b] != '#' && w[b] != '$') ++b;
  return b < e ? w.substr(b, e - b) : w;
}

// Version 4 ---------------------------------------------------------------------------------

// A name as a label shows it: normalised, with a label's trailing colon or required-mark dropped
// ("Password:" and "Email *" name the "Password" and "Email" fields).
std::string name_key(std::string_view s) {
  std::string out = normalise_text(s);
  while (!out.empty() && (out.back() == ':' || out.back() == '*' || out.back() == ' ')) out.pop_back();
  return out;
}

bool is_text_input(ElementClass k) {
  return k == ElementClass::kTextField || k == ElementClass::kPasswordField || k == ElementClass::kTextArea;
}

// The version-4 channels (see decision_features.h), from the elements, their labels and lines.
void add_version4_features(DecisionInput& in, const std::vector<int>& labels,
                           const std::vector<std::vector<int>>& lines) {
  const Instruction& ins = in.instruction;
  const auto& tokens = ins.tokens;
  const size_t n = in.elements.size(), m = tokens.size();
  std::vector<std::string> quote_keys, quote_texts;
  for (const auto& q : ins.quoted) {
    quote_keys.push_back(name_key(q));
    quote_texts.push_back(normalise_text(q));
  }
  std::vector<std::string> keys(n);
  for (size_t i = 0; i < n; ++i) keys[i] = name_key(in.elements[i].text);
  auto equals_quote = [&](const std::string& key) {
    if (key.empty()) return false;
    return std::find(quote_keys.begin(), quote_keys.end(), key) != quote_keys.end();
  };
  // Plain (unquoted) words of the instruction, for labels it mentions without quotes ("as City").
  std::vector<std::string> plain_words;
  for (const auto& t : tokens) {
    if (t.quote < 0) plain_words.push_back(t.folded);
  }
  auto mentioned = [&](const std::string& key) {
    std::vector<std::string> words = words_of(key);
    if (words.empty()) return false;
    for (const auto& w : words) {
      if (std::find(plain_words.begin(), plain_words.end(), w) == plain_words.end()) return false;
    }
    return true;
  };
  for (size_t i = 0; i < n; ++i) {
    const UiElement& e = in.elements[i];
    auto& f = in.element_intent[i];
    const int label = labels[i];
    const bool named = equals_quote(keys[i]) || (label >= 0 && equals_quote(keys[size_t(label)]));
    f[3] = named ? 1.0f : 0.0f;
    // Empty as shown: a masked field's dots are text (name_key would drop trailing '*').
    if (is_text_input(e.element_class) && normalise_text(e.text).empty()) {
      const bool asked = named || (label >= 0 && mentioned(keys[size_t(label)]));
      f[4] = asked ? 1.0f : 0.0f;
    }
    // Distinct quoted phrases its own text equals or contains, or a text on its line equals.
    int matched = 0;
    const std::string own = normalise_text(e.text);
    for (size_t q = 0; q < quote_keys.size(); ++q) {
      if (quote_keys[q].empty()) continue;
      bool hit = keys[i] == quote_keys[q] || (!own.empty() && own.find(quote_texts[q]) != std::string::npos);
      for (int j : lines[i]) hit = hit || keys[size_t(j)] == quote_keys[q];
      matched += hit;
    }
    // A static text is read, not acted on ("Repeat password:" holds two quoted phrases too).
    f[5] = matched >= 2 && !is_static_text(e) && e.element_class != ElementClass::kWindowTitle ? 1.0f : 0.0f;
  }
  // The number shown beside the named element: among static texts holding a number, the one whose
  // label or line best matches a quoted phrase (similarity >= 0.7: a misread caption still counts).
  int shown = -1;
  float shown_score = 0.7f;
  for (size_t v = 0; v < n; ++v) {
    if (!is_static_text(in.elements[v]) || !first_number(in.elements[v].text)) continue;
    for (int j : line_of(in.elements, v, /*of_text=*/true)) {
      if (keys[size_t(j)].empty()) continue;
      for (const auto& q : quote_keys) {
        if (q.empty()) continue;
        float score = similarity(keys[size_t(j)], q);
        if (score > shown_score) { shown_score = score; shown = int(v); }
      }
    }
  }
  if (shown >= 0) {
    const double value = *first_number(in.elements[size_t(shown)].text);
    for (size_t t = 0; t < m; ++t) {
      if (!is_number_text(tokens[t].text)) continue;
      auto goal = first_number(tokens[t].text);
      if (!goal) continue;
      auto& f = in.token_features[t];
      f[8] = value < *goal ? 1.0f : 0.0f;
      f[9] = value == *goal ? 1.0f : 0.0f;
      f[10] = value > *goal ? 1.0f : 0.0f;
    }
  }
  // Tokens that name the focused element through its label (or nearest text on its line).
  for (size_t i = 0; i < n; ++i) {
    const UiElement& e = in.elements[i];
    if (!e.focused || e.element_class == ElementClass::kWindowTitle || e.element_class == ElementClass::kText ||
        e.element_class == ElementClass::kTaskbarButton) {
      continue;
    }
    int label = labels[i] >= 0 ? labels[i] : lines[i].empty() ? -1 : lines[i][0];
    if (label < 0 || keys[size_t(label)].empty()) continue;
    const std::string& key = keys[size_t(label)];
    const std::vector<std::string> words = words_of(key);
    for (size_t t = 0; t < m; ++t) {
      const InstructionToken& tok = tokens[t];
      bool names = tok.quote >= 0 ? quote_keys[size_t(tok.quote)] == key
                                  : std::find(words.begin(), words.end(), tok.folded) != words.end();
      if (names) in.token_features[t][11] = 1.0f;
    }
  }
}

// Version 5 -----------------------------------------------------------------------------------

// The version-5 channels (see decision_features.h): the polarity of each token's quote, and the
// tick/untick intent channels that read it.
void add_version5_features(DecisionInput& in, const std::vector<int>& labels) {
  const Instruction& ins = in.instruction;
  const std::vector<int> polarity = quote_polarity(ins);
  for (size_t t = 0; t < ins.tokens.size(); ++t) {
    const int q = ins.tokens[t].quote;
    in.token_features[t][12] = q >= 0 && polarity[size_t(q)] < 0 ? 1.0f : 0.0f;
  }
  std::vector<std::string> quote_keys;
  for (const auto& q : ins.quoted) quote_keys.push_back(name_key(q));
  for (size_t i = 0; i < in.elements.size(); ++i) {
    const UiElement& e = in.elements[i];
    // Named by a quote that wants it on / off (its own text or label, colons dropped as in
    // channel 3); a quote of either polarity counts as named.
    bool wanted_on = false, wanted_off = false;
    const std::string own = name_key(e.text);
    const std::string label = labels[i] >= 0 ? name_key(in.elements[size_t(labels[i])].text) : std::string();
    for (size_t q = 0; q < quote_keys.size(); ++q) {
      if (quote_keys[q].empty() || (own != quote_keys[q] && label != quote_keys[q])) continue;
      (polarity[q] < 0 ? wanted_off : wanted_on) = true;
    }
    const ElementClass k = e.element_class;
    const bool choosable = k == ElementClass::kCheckbox || k == ElementClass::kRadio || k == ElementClass::kRow ||
                           k == ElementClass::kTab;
    const bool toggles = k == ElementClass::kCheckbox || k == ElementClass::kRow;
    auto& f = in.element_intent[i];
    f[6] = choosable && wanted_on && !is_on(e) ? 1.0f : 0.0f;
    f[7] = toggles && is_on(e) && !wanted_on ? 1.0f : 0.0f;
    (void)wanted_off;  // named-and-off and not named agree here: both want it off
  }
}

}  // namespace

std::vector<int> quote_polarity(const Instruction& instruction) {
  const auto& tokens = instruction.tokens;
  std::vector<int> polarity(instruction.quoted.size(), 1);
  static const std::vector<std::string> kOffBefore = {"uncheck", "untick", "clear", "deselect", "unselect", "disable"};
  static const std::vector<std::string> kOffAfter = {"unchecked", "unticked", "off", "cleared", "disabled",
                                                     "deselected", "unselected"};
  auto in = [](const std::vector<std::string>& words, const std::string& w) {
    return std::find(words.begin(), words.end(), w) != words.end();
  };
  int previous_end = -1;       // last token of the previous quote
  bool previous_prefix = false;  // the previous quote was turned off by a verb before it
  for (size_t q = 0; q < instruction.quoted.size(); ++q) {
    int first = -1, last = -1;
    for (size_t t = 0; t < tokens.size(); ++t) {
      if (tokens[t].quote != int(q)) continue;
      if (first < 0) first = int(t);
      last = int(t);
    }
    if (first < 0) continue;  // an empty quote, or past the token limit
    bool prefix = false;
    if (first >= 1 && tokens[size_t(first - 1)].quote < 0) {
      const std::string& w = tokens[size_t(first - 1)].folded;
      prefix = in(kOffBefore, w) ||
               (w == "off" && first >= 2 && (tokens[size_t(first - 2)].folded == "turn" ||
                                             tokens[size_t(first - 2)].folded == "switch"));
    }
    // "uncheck \"A\" and \"B\"": a list after the verb shares it.
    if (!prefix && previous_prefix && previous_end >= 0) {
      bool list = true;
      for (int t = previous_end + 1; t < first; ++t) {
        const std::string& w = tokens[size_t(t)].folded;
        list = list && tokens[size_t(t)].quote < 0 && (w == "and" || w == "or");
      }
      prefix = list;
    }
    const bool suffix = last + 1 < int(tokens.size()) && tokens[size_t(last + 1)].quote < 0 &&
                        in(kOffAfter, tokens[size_t(last + 1)].folded);
    polarity[q] = prefix || suffix ? -1 : 1;
    previous_end = last;
    previous_prefix = prefix;
  }
  return polarity;
}

Instruction tokenize_instruction(const std::string& text) {
  Instruction ins;
  ins.text = text;
  int quote = -1;
  bool in_quote = false;
  size_t i = 0;
  while (i < text.size() && int(ins.tokens.size()) < kMaxInstructionTokens) {
    char c = text[i];
    if (is_space(c)) { ++i; continue; }
    if (c == '"') {
      in_quote = !in_quote;
      if (in_quote) {
        quote = int(ins.quoted.size());
        size_t close = text.find('"', i + 1);
        ins.quoted.push_back(fold(text.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1)));
      }
      ++i;
      continue;
    }
    // Inside quotes only spaces separate tokens and every character stays: a quoted text is typed
    // exactly as written, punctuation included ("Count me in.", a password ending in '!').
    if (!in_quote && is_break(c)) { ++i; continue; }
    size_t b = i;
    while (i < text.size() && !is_space(text[i]) && text[i] != '"' && (in_quote || !is_break(text[i]))) ++i;
    size_t e = i;
    // A sentence's final '.' or ':' is not part of the word ("acme.test." -> "acme.test").
    while (!in_quote && e > b + 1 && (text[e - 1] == '.' || text[e - 1] == ':')) --e;
    if (!in_quote && e == b + 1 && (text[b] == '.' || text[b] == ':')) continue;  // a lone full stop
    InstructionToken tok;
    tok.text = text.substr(b, e - b);
    tok.folded = match_word(tok.text);
    tok.begin = int(b);
    tok.end = int(e);
    tok.quote = in_quote ? quote : -1;
    ins.tokens.push_back(std::move(tok));
  }
  return ins;
}

std::string instruction_span(const Instruction& instruction, int first, int last) {
  if (first < 0 || last < first || last >= int(instruction.tokens.size())) return "";
  int b = instruction.tokens[size_t(first)].begin, e = instruction.tokens[size_t(last)].end;
  return instruction.text.substr(size_t(b), size_t(e - b));
}

const std::vector<std::string>& decision_keys() {
  static const std::vector<std::string> keys = {"Return", "Tab", "Escape", "BackSpace", "Delete", "ctrl+a",
                                                "Up", "Down", "Left", "Right", "Home", "End", "Page_Up",
                                                "Page_Down", "space", "shift+Tab"};
  return keys;
}

std::array<float, kElementFeatureCount> element_feature_row(const UiElement& e, Size screen) {
  const float w = float(std::max(1, screen.width)), h = float(std::max(1, screen.height));
  std::array<float, kElementFeatureCount> f{};
  f[size_t(e.element_class)] = 1;
  int k = kElementClassCount;
  f[size_t(k++)] = e.checked; f[size_t(k++)] = e.selected; f[size_t(k++)] = e.focused; f[size_t(k++)] = e.enabled;
  f[size_t(k++)] = (e.rect.x + e.rect.width * 0.5f) / w;
  f[size_t(k++)] = (e.rect.y + e.rect.height * 0.5f) / h;
  f[size_t(k++)] = e.rect.width / w;
  f[size_t(k++)] = e.rect.height / h;
  f[size_t(k++)] = e.rect.x / w;
  f[size_t(k++)] = e.rect.y / h;
  f[size_t(k++)] = e.text.empty();
  f[size_t(k++)] = is_number_text(e.text);
  f[size_t(k++)] = std::min(1.0f, float(e.text.size()) / 40);
  return f;
}

void text_match_channels(const std::string& text, const Instruction& instruction, float* out, int stride, int offset) {
  match_channels(text, instruction, out, stride, offset);
}

std::vector<int> element_text_ngrams(const std::string& text) { return ngrams(normalise_text(text), 40); }

std::string normalised_text(std::string_view text) { return normalise_text(text); }

float text_similarity(std::string_view a, std::string_view b, size_t max_chars) { return similarity(a, b, max_chars); }

std::vector<std::string> text_words(const std::string& normalised) { return words_of(normalised); }

DecisionInput make_decision_input(const std::string& instruction, std::vector<UiElement> elements, Size screen) {
  DecisionInput in;
  in.instruction = tokenize_instruction(instruction);
  in.screen = screen;
  std::stable_sort(elements.begin(), elements.end(), [](const UiElement& a, const UiElement& b) {
    return a.rect.y != b.rect.y ? a.rect.y < b.rect.y : a.rect.x < b.rect.x;
  });
  if (elements.size() > size_t(kMaxElements)) elements.resize(size_t(kMaxElements));
  in.elements = std::move(elements);
  const auto& tokens = in.instruction.tokens;
  for (size_t t = 0; t < tokens.size(); ++t) {
    const auto& tok = tokens[t];
    bool first_of_quote = tok.quote >= 0 && (t == 0 || tokens[t - 1].quote != tok.quote);
    in.token_features.push_back({tok.quote >= 0 ? 1.0f : 0.0f, is_number_text(tok.text) ? 1.0f : 0.0f,
                                 first_of_quote ? 1.0f : 0.0f, float(t) / kMaxInstructionTokens, 0.0f, 0.0f, 0.0f,
                                 0.0f});
    in.token_ngrams.push_back(ngrams(tok.folded, 24));
  }
  for (const auto& e : in.elements) {
    in.element_features.push_back(element_feature_row(e, screen));
    in.element_ngrams.push_back(element_text_ngrams(e.text));
  }
  size_t n = in.elements.size(), m = tokens.size();
  in.pair_features.assign(n * m * kPairChannels, 0.0f);
  std::vector<int> labels(n, -1);
  std::vector<std::vector<int>> lines(n);
  for (size_t i = 0; i < n; ++i) {
    float* row = in.pair_features.data() + i * m * kPairChannels;
    match_channels(in.elements[i].text, in.instruction, row, kPairChannels, 0);
    labels[i] = label_of(in.elements, i);
    lines[i] = line_of(in.elements, i);
    if (labels[i] >= 0) {
      match_channels(in.elements[size_t(labels[i])].text, in.instruction, row, kPairChannels, kMatchChannels);
    }
    for (int j : lines[i]) {
      match_channels(in.elements[size_t(j)].text, in.instruction, row, kPairChannels, 2 * kMatchChannels);
    }
  }
  // What the screen shows of each token: an element's own text equals / contains / has it as a word.
  for (size_t t = 0; t < m; ++t) {
    for (size_t i = 0; i < n; ++i) {
      const float* c = in.pair_features.data() + (i * m + t) * kPairChannels;
      auto& f = in.token_features[t];
      f[4] = std::max(f[4], c[1]);
      f[5] = std::max(f[5], c[2]);
      f[6] = std::max(f[6], c[0]);
      if (is_on(in.elements[i])) f[7] = std::max(f[7], c[1]);
    }
  }
  // Whether the instruction names each element (own text or label equals a quoted phrase), and
  // whether its checked/selected state agrees with that.
  in.element_intent.assign(n, {});
  for (size_t i = 0; i < n; ++i) {
    float named = 0;
    for (size_t t = 0; t < m; ++t) {
      const float* c = in.pair_features.data() + (i * m + t) * kPairChannels;
      named = std::max({named, c[1], c[kMatchChannels + 1]});
    }
    const UiElement& e = in.elements[i];
    const ElementClass k = e.element_class;
    const bool choosable = k == ElementClass::kCheckbox || k == ElementClass::kRadio || k == ElementClass::kRow ||
                           k == ElementClass::kTab;
    const bool toggles = k == ElementClass::kCheckbox || k == ElementClass::kRow;
    auto& f = in.element_intent[i];
    f[0] = named;
    f[1] = choosable && named > 0 && !is_on(e) ? 1.0f : 0.0f;
    f[2] = toggles && named == 0 && is_on(e) ? 1.0f : 0.0f;
  }
  add_version4_features(in, labels, lines);
  add_version5_features(in, labels);
  add_mentioned_fields(in, labels);  // version 7
  return in;
}

namespace {

ChoiceKind kind_of(const Action& a) {
  switch (a.type) {
    case ActionType::kLeftClick: return ChoiceKind::kClick;
    case ActionType::kDoubleClick: return ChoiceKind::kDoubleClick;
    case ActionType::kRightClick: return ChoiceKind::kRightClick;
    case ActionType::kType: return ChoiceKind::kType;
    case ActionType::kKey: return ChoiceKind::kKey;
    case ActionType::kScroll:
      return a.scroll_direction == ScrollDirection::kUp ? ChoiceKind::kScrollUp : ChoiceKind::kScrollDown;
    case ActionType::kLeftClickDrag: return ChoiceKind::kDrag;
    default: return ChoiceKind::kDone;
  }
}

bool has_point(const Action& a) {
  switch (a.type) {
    case ActionType::kLeftClick: case ActionType::kDoubleClick: case ActionType::kRightClick:
    case ActionType::kScroll: case ActionType::kLeftClickDrag: return true;
    default: return false;
  }
}

}  // namespace

void set_history(DecisionInput& input, const std::vector<Action>& past) {
  input.element_history.assign(input.elements.size(), {0.0f, 0.0f});
  input.previous_kind = past.empty() ? -1 : int(kind_of(past.back()));
  for (size_t k = 0; k < past.size(); ++k) {
    const Action& a = past[k];
    // A wheel turns wherever the pointer rests over a list: the row under it was not chosen, and
    // marking it as "targeted" taught the model to click the row it had just scrolled over.
    if (!has_point(a) || a.type == ActionType::kScroll) continue;
    Point p = a.type == ActionType::kLeftClickDrag ? a.start_coordinate : a.coordinate;
    for (size_t i = 0; i < input.elements.size(); ++i) {
      if (!input.elements[i].rect.contains(p)) continue;
      input.element_history[i][0] = std::min(1.0f, input.element_history[i][0] + 0.25f);
      if (k + 1 == past.size()) input.element_history[i][1] = 1;
    }
  }
}

namespace {

std::string format_hint_of(const DecisionInput& input) {
  // Matched approximately: the pattern is often a light placeholder read a letter wrong.
  return screen_date_pattern(input.elements);
}

void set_offset(const Rect& r, Point p, float& ox, float& oy) {
  ox = std::clamp((p.x - r.x + 0.5f) / float(std::max(1, r.width)), 0.0f, 1.0f);
  oy = std::clamp((p.y - r.y + 0.5f) / float(std::max(1, r.height)), 0.0f, 1.0f);
}

Point point_in(const Rect& r, float ox, float oy) {
  int x = r.x + int(std::floor(std::clamp(ox, 0.0f, 1.0f) * r.width));
  int y = r.y + int(std::floor(std::clamp(oy, 0.0f, 1.0f) * r.height));
  return {std::clamp(x, r.x, r.right() - 1), std::clamp(y, r.y, r.bottom() - 1)};
}

}  // namespace

int text_source_count(int feature_version) {
  return feature_version < 3 ? 4 : feature_version < 5 ? 7 : kTextSourceCount;
}

int token_feature_count(int feature_version) {
  return feature_version == 1 ? 4 : feature_version == 2 ? 7 : feature_version == 3 ? 8 : feature_version == 4 ? 12
                                                                                                               : kTokenFeatureCount;
}

int element_intent_count(int feature_version) {
  return feature_version < 3    ? 0
         : feature_version == 3 ? 3
         : feature_version == 4 ? 6
         : feature_version == 5 ? 8
         : feature_version == 6 ? 9  // remembered
                                : kElementIntentCount;  // 7: mentioned field
}

std::optional<std::string> apply_text_source(TextSource source, const std::string& span, const std::string& hint) {
  switch (source) {
    case TextSource::kSpan: return span;
    case TextSource::kDate: return format_date_words(span, hint);
    case TextSource::kTime24: return time_24h(span);
    case TextSource::kSum:
    case TextSource::kProduct:
    case TextSource::kQuotient:
    case TextSource::kPlusOne: return arithmetic(source, span);
    case TextSource::kScreen: return span;
  }
  return std::nullopt;
}

int copied_element(const DecisionInput& input, const std::string& text) {
  const std::string want = normalise_text(text);
  if (want.empty()) return -1;
  int best = -1;
  float best_score = 0.85f;
  for (size_t i = 0; i < input.elements.size(); ++i) {
    const UiElement& e = input.elements[i];
    if (e.element_class == ElementClass::kWindowTitle || e.element_class == ElementClass::kTaskbarButton) continue;
    const std::string have = normalise_text(e.text);
    if (have.empty()) continue;
    if (have == want) return int(i);
    if (want.size() < 8) continue;
    const float score = similarity(have, want, /*max_chars=*/256);
    if (score >= best_score) { best_score = score; best = int(i); }
  }
  if (best >= 0) return best;
  // A cell of a table row (rows are one element: the row holding the cell is copied whole, which
  // still contains the answer): a selected element first, then the shortest text.
  if (want.size() < 3) return -1;
  size_t best_size = SIZE_MAX;
  bool best_on = false;
  for (size_t i = 0; i < input.elements.size(); ++i) {
    const UiElement& e = input.elements[i];
    if (e.element_class == ElementClass::kWindowTitle || e.element_class == ElementClass::kTaskbarButton) continue;
    const std::string have = normalise_text(e.text);
    if (have.find(want) == std::string::npos) continue;
    const bool on = is_on(e);
    if (best >= 0 && ((best_on && !on) || (best_on == on && have.size() >= best_size))) continue;
    best = int(i);
    best_on = on;
    best_size = have.size();
  }
  return best;
}

std::optional<ActionChoice> encode_action(const DecisionInput& input, const Action& action, std::string* why) {
  auto fail = [&](const std::string& w) -> std::optional<ActionChoice> {
    if (why != nullptr) *why = w;
    return std::nullopt;
  };
  ActionChoice c;
  auto target = [&](Point p, int& element, float& ox, float& oy) {
    element = smallest_containing(input.elements, p);
    if (element < 0) return false;
    set_offset(input.elements[size_t(element)].rect, p, ox, oy);
    return true;
  };
  switch (action.type) {
    case ActionType::kLeftClick:
    case ActionType::kDoubleClick:
    case ActionType::kRightClick:
      c.kind = action.type == ActionType::kLeftClick     ? ChoiceKind::kClick
               : action.type == ActionType::kDoubleClick ? ChoiceKind::kDoubleClick
                                                         : ChoiceKind::kRightClick;
      if (!target(action.coordinate, c.element, c.offset_x, c.offset_y)) return fail("click outside every element");
      c.modifier = action.text == "ctrl" ? 1 : action.text == "shift" ? 2 : 0;
      if (!action.text.empty() && c.modifier == 0) return fail("click modifier " + action.text);
      return c;
    case ActionType::kScroll:
      if (action.scroll_direction != ScrollDirection::kUp && action.scroll_direction != ScrollDirection::kDown) {
        return fail("horizontal scroll");
      }
      c.kind = action.scroll_direction == ScrollDirection::kUp ? ChoiceKind::kScrollUp : ChoiceKind::kScrollDown;
      c.scroll_notches = std::clamp(action.scroll_amount, 1, kMaxScrollNotches);
      if (!target(action.coordinate, c.element, c.offset_x, c.offset_y)) {
        c.element = nearest_scrollable(input.elements, input.elements.size() - size_t(input.remembered), action.coordinate);
        if (c.element < 0) return fail("scroll outside every element");
        set_offset(input.elements[size_t(c.element)].rect, action.coordinate, c.offset_x, c.offset_y);
      }
      return c;
    case ActionType::kLeftClickDrag:
      c.kind = ChoiceKind::kDrag;
      if (!target(action.start_coordinate, c.element, c.offset_x, c.offset_y)) return fail("drag from nothing");
      if (!target(action.coordinate, c.drag_element, c.drag_offset_x, c.drag_offset_y)) return fail("drag to nothing");
      return c;
    case ActionType::kKey: {
      const auto& keys = decision_keys();
      auto it = std::find(keys.begin(), keys.end(), action.text);
      if (it == keys.end()) return fail("key " + action.text + " not in the model's key list");
      c.kind = ChoiceKind::kKey;
      c.key = int(it - keys.begin());
      return c;
    }
    case ActionType::kType: {
      c.kind = ChoiceKind::kType;
      const int n = int(input.instruction.tokens.size());
      // Prefer the shortest span; quoted spans first (they are what instructions ask to type).
      for (int len = 1; len <= n; ++len) {
        for (int a = 0; a + len <= n; ++a) {
          if (instruction_span(input.instruction, a, a + len - 1) == action.text) {
            c.text_source = TextSource::kSpan;
            c.span_first = a;
            c.span_last = a + len - 1;
            return c;
          }
        }
      }
      std::string hint = format_hint_of(input);
      for (int len = 1; len <= 4; ++len) {
        for (int a = 0; a + len <= n; ++a) {
          std::string span = instruction_span(input.instruction, a, a + len - 1);
          for (TextSource s : {TextSource::kDate, TextSource::kTime24, TextSource::kProduct, TextSource::kQuotient,
                               TextSource::kPlusOne, TextSource::kSum}) {
            if (apply_text_source(s, span, hint) == action.text) {
              c.text_source = s;
              c.span_first = a;
              c.span_last = a + len - 1;
              c.format_hint = hint;
              return c;
            }
          }
        }
      }
      // Text copied from the screen (version 5): what a person reads off another window.
      if (int e = copied_element(input, action.text); e >= 0) {
        c.text_source = TextSource::kScreen;
        c.element = e;
        return c;
      }
      return fail("typed text is not a span or operator of the instruction, nor an element's text");
    }
    case ActionType::kDone:
      c.kind = ChoiceKind::kDone;
      return c;
    default:
      return fail(std::string("action ") + action_type_name(action.type) + " is not modelled");
  }
}

Result<Action> decode_choice(const DecisionInput& input, const ActionChoice& choice) {
  auto element = [&](int i) -> const UiElement* {
    return i >= 0 && i < int(input.elements.size()) ? &input.elements[size_t(i)] : nullptr;
  };
  const UiElement* e = element(choice.element);
  // A remembered element (version 6) has no box: it can be copied, never clicked or scrolled.
  const bool copying = choice.kind == ChoiceKind::kType && choice.text_source == TextSource::kScreen;
  auto need = [&](const UiElement* x) -> Status {
    if (x == nullptr) return invalid_argument("the choice points at no element");
    if (!copying && !on_screen(input, int(x - input.elements.data()))) {
      return invalid_argument("the choice points at an element remembered from an earlier screen");
    }
    return Status();
  };
  switch (choice.kind) {
    case ChoiceKind::kClick:
    case ChoiceKind::kDoubleClick:
    case ChoiceKind::kRightClick: {
      HEMU_RETURN_IF_ERROR(need(e));
      Point p = point_in(e->rect, choice.offset_x, choice.offset_y);
      Action a = choice.kind == ChoiceKind::kClick         ? Action::left_click(p)
                 : choice.kind == ChoiceKind::kDoubleClick ? Action::double_click(p)
                                                           : Action::right_click(p);
      if (choice.modifier == 1) a.text = "ctrl";
      if (choice.modifier == 2) a.text = "shift";
      return a;
    }
    case ChoiceKind::kScrollUp:
    case ChoiceKind::kScrollDown:
      HEMU_RETURN_IF_ERROR(need(e));
      return Action::scroll(point_in(e->rect, choice.offset_x, choice.offset_y),
                            choice.kind == ChoiceKind::kScrollUp ? ScrollDirection::kUp : ScrollDirection::kDown,
                            std::clamp(choice.scroll_notches, 1, kMaxScrollNotches));
    case ChoiceKind::kDrag: {
      HEMU_RETURN_IF_ERROR(need(e));
      const UiElement* to = element(choice.drag_element);
      HEMU_RETURN_IF_ERROR(need(to));
      return Action::drag(point_in(e->rect, choice.offset_x, choice.offset_y),
                          point_in(to->rect, choice.drag_offset_x, choice.drag_offset_y));
    }
    case ChoiceKind::kKey:
      if (choice.key < 0 || choice.key >= int(decision_keys().size())) return invalid_argument("no such key class");
      return Action::key(decision_keys()[size_t(choice.key)]);
    case ChoiceKind::kType: {
      if (choice.text_source == TextSource::kScreen) {
        if (e == nullptr || e->text.empty()) return invalid_argument("the copied element has no text");
        return Action::type_text(e->text);
      }
      std::string span = instruction_span(input.instruction, choice.span_first, choice.span_last);
      if (span.empty()) return invalid_argument("the typed span is empty");
      auto text = apply_text_source(choice.text_source, span, format_hint_of(input));
      if (!text || text->empty()) return invalid_argument("the text operator does not apply to '" + span + "'");
      return Action::type_text(*text);
    }
    case ChoiceKind::kDone:
      return Action::done();
  }
  return internal_error("unknown choice kind");
}

}  // namespace hemu
