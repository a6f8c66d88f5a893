#include "policy/reading_rect.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "policy/ink.h"

namespace hemu {
namespace {

constexpr int kInkContrast = kTextInkContrast;
// A column with ink in this share of the band's rows is a vertical line (a field's border, a
// window's edge, another background), not text: it ends a run.
constexpr double kLineShare = 0.8;
// How far beyond the box a run may reach, in box heights (a window title's box can start ~4.5
// heights late).
constexpr int kReachHeights = 5;

struct Run {
  int left = 0, right = 0;  // inclusive columns (frame coordinates)
  int overlap = 0;          // ink columns inside the box
  int segment = 0;          // runs of one segment lie between the same line columns
};

// The first line of text from the top of a tall box: a board column's name is its header; a
// message body or a paragraph starts there. Read as a whole, the box is a tall crop squeezed to the
// reader's 16 rows. Columns within `side_inset` of the box's sides (a dashed border a few pixels in)
// and rows inked across most of the box (card edges, borders) are not text.
Rect header_rect(const Frame& frame, const Rect& r, int background, int border, int side_inset) {
  const int inset = std::max(border, side_inset);
  const int y0 = r.y + border, y1 = r.bottom() - border;
  if (r.width - 2 * inset < 4 || y1 - y0 < 4) return r;
  const int w = r.width, h = y1 - y0;
  auto inked = [&](const uint8_t* p) { return std::abs(grey_level(p) - background) > kInkContrast; };
  // Columns inked without a break down most of the box are its side borders, not letters (a
  // letter's stroke stops between lines).
  std::vector<int> run(size_t(w), 0), longest_run(size_t(w), 0);
  for (int y = y0; y < y1; ++y) {
    const uint8_t* p = frame.row(y) + size_t(r.x) * 3;
    for (int i = 0; i < w; ++i, p += 3) {
      run[size_t(i)] = inked(p) ? run[size_t(i)] + 1 : 0;
      longest_run[size_t(i)] = std::max(longest_run[size_t(i)], run[size_t(i)]);
    }
  }
  // Rows are counted between the insets; the line's extent is looked for across the whole box,
  // except where the insets skip a border drawn a few pixels in (a dashed board column).
  std::vector<uint8_t> counted(static_cast<size_t>(w)), spanned(static_cast<size_t>(w));
  for (int i = 0; i < w; ++i) {
    const bool letter = longest_run[size_t(i)] * 5 < h * 3;
    counted[size_t(i)] = letter && i >= inset && i < w - inset;
    spanned[size_t(i)] = side_inset > border ? counted[size_t(i)] : letter;
  }
  auto row_ink = [&](int y) {  // any row of the frame, between the box's sides
    int count = 0;
    const uint8_t* p = frame.row(y) + size_t(r.x) * 3;
    for (int i = 0; i < w; ++i, p += 3) count += counted[size_t(i)] && inked(p);
    return count;
  };
  // A line of text: rows with some ink, but not across nearly all the box (a border, a card's edge),
  // at least a few rows tall (a rounded corner's rows are one or two).
  const int line_width = (w - 2 * inset) * 85 / 100, min_rows = 5;
  int top = -1, bottom = -1;
  for (int y = y0; y <= y1; ++y) {
    const int ink = y < y1 ? row_ink(y) : 0;
    const bool text = ink > 0 && ink <= line_width;
    if (text) {
      if (top < 0) top = y;
      bottom = y;
      continue;
    }
    if (top >= 0 && bottom - top + 1 >= min_rows) break;
    top = bottom = -1;  // too thin for text: keep looking below
  }
  if (top < 0) return r;
  // A box whose top cuts through its first line: follow the line up to its first blank row.
  if (top == y0)
    while (top > 0 && y0 - top < bottom - y0 + 8 && row_ink(top - 1) > 0 && row_ink(top - 1) <= line_width) --top;
  // Sideways, the line's own ink, with the margin the reader's ring needs.
  int ink_left = r.right(), ink_right = r.x - 1;
  for (int y = top; y <= bottom; ++y) {
    const uint8_t* p = frame.row(y) + size_t(r.x) * 3;
    for (int i = 0; i < w; ++i, p += 3)
      if (spanned[size_t(i)] && inked(p)) ink_left = std::min(ink_left, r.x + i), ink_right = std::max(ink_right, r.x + i);
  }
  if (ink_right < ink_left) return r;
  const int pad = std::max(3, (bottom - top + 1) / 3);
  const int line_top = std::max(0, top - pad), line_bottom = std::min(r.bottom(), bottom + 1 + pad);
  const int ring = std::clamp((line_bottom - line_top) / 8, 2, 4) + 2;
  const int left = std::max(0, ink_left - ring), right = std::min(frame.width, ink_right + 1 + ring);
  return {left, line_top, right - left, line_bottom - line_top};
}

}  // namespace

bool snaps_reading_rect(ElementClass element_class) {
  switch (element_class) {
    case ElementClass::kText:
    case ElementClass::kLink:
    case ElementClass::kWindowTitle:
    case ElementClass::kMenuTitle:
    case ElementClass::kTextField:
    case ElementClass::kDropdown:
    case ElementClass::kRow:
    case ElementClass::kCheckbox:
    case ElementClass::kRadio:
    case ElementClass::kDropZone:
      return true;
    default:
      return false;
  }
}

Rect reading_rect(const Frame& frame, const UiElement& element) {
  if (!snaps_reading_rect(element.element_class)) return element.rect;
  const Rect r = element.rect.intersect(frame.bounds());
  if (r.width < 4 || r.height < 8) return element.rect;
  // The same border ring the reader's preprocessing ignores: frames and focus rings live there.
  const int border = std::clamp(r.height / 8, 2, 4);
  const int y0 = r.y + border, y1 = r.y + r.height - border;  // band rows [y0, y1)
  const int band = y1 - y0;
  const int reach = kReachHeights * r.height;
  // A window's title is drawn at the left of its bar, which may lie far left of a box that found
  // only the bar's right end: its search reaches back to the frame's edge.
  const bool window_title = element.element_class == ElementClass::kWindowTitle;
  const int sx0 = window_title ? 0 : std::max(0, r.x - reach), sx1 = std::min(frame.width, r.right() + reach);
  const int span = sx1 - sx0;

  const int background = background_grey(frame, {r.x, y0, r.width, band});  // of the box's band

  // Ink per column of the search window, counted when first asked for (most boxes need only the
  // columns near their ends: this runs on every frame, before the reader's cache), and the rows
  // that hold ink inside the box.
  std::vector<int> ink_count(size_t(span), -1);
  auto column_ink = [&](int x) {
    int& count = ink_count[size_t(x - sx0)];
    if (count < 0) {
      count = 0;
      for (int y = y0; y < y1; ++y) count += std::abs(grey_level(frame.row(y) + size_t(x) * 3) - background) > kInkContrast;
    }
    return count;
  };
  int ink_top = y1, ink_bottom = y0 - 1;
  for (int y = y0; y < y1; ++y) {
    const uint8_t* p = frame.row(y) + size_t(r.x) * 3;
    for (int x = r.x; x < r.right(); ++x, p += 3)
      if (std::abs(grey_level(p) - background) > kInkContrast) {
        ink_top = std::min(ink_top, y), ink_bottom = std::max(ink_bottom, y);
        break;
      }
  }
  const int margin = border + 2;  // beyond the ink, so the reader's border ring never hides a letter
  if (ink_bottom < ink_top) {
    // A row whose text is a letter or two ("S", "4" in a list of sizes or numbers): the detector
    // boxes the row's blank stretch and starts just past the text, which then read "". The text is
    // the nearest ink to the left within a row height, not past a line inked over the band (the
    // list's edge); its word is followed leftwards over letter gaps.
    if (element.element_class == ElementClass::kRow) {
      const int line_count = std::max(2, band - 1), letter_gap = std::max(2, (band + 3) / 5);
      for (int x = r.x - 1; x >= std::max(sx0, r.x - r.height); --x) {
        const int ink = column_ink(x);
        if (ink >= line_count) break;
        if (ink == 0) continue;
        int left = x;
        for (int k = x - 1; k >= sx0 && left - k <= letter_gap; --k) {
          const int here = column_ink(k);
          if (here >= line_count) break;
          if (here > 0) left = k;
        }
        left = std::max(0, left - margin);
        return {left, element.rect.y, element.rect.right() - left, element.rect.height};
      }
    }
    return element.rect;  // nothing written: read as detected ("")
  }
  const int ink_height = ink_bottom - ink_top + 1;
  auto has_ink = [&](int x) { return x >= sx0 && x < sx1 && column_ink(x) > 0; };
  auto widened = [&](int left, int right) {  // [left, right] inclusive ink columns -> a rect
    left = std::max(0, left - margin), right = std::min(frame.width, right + 1 + margin);
    return Rect{left, element.rect.y, right - left, element.rect.height};
  };

  if (element.element_class == ElementClass::kDropZone) return header_rect(frame, r, background, border, r.width / 10);
  // A message body or a paragraph: several lines, which the reader (one line) would squeeze to
  // nothing. Its first line is read. (A first line is at least 11 rows with its padding, so boxes
  // under 28 rows cannot qualify and skip the scan.)
  if ((element.element_class == ElementClass::kTextField || element.element_class == ElementClass::kText) &&
      r.height >= 28) {
    const Rect first = header_rect(frame, r, background, border, border);
    if (first.height * 5 < r.height * 2) return first;
  }

  if (element.element_class == ElementClass::kTextField || element.element_class == ElementClass::kDropdown) {
    // A box that spills over the field's border takes in what lies beside the field (a label's
    // last letter). The border is a column inked over most of the box's height, which letters
    // (under half a field's height) never are; the innermost one on each side sets the cut.
    const int line_count = int(kLineShare * band + 0.5);
    int left = r.x, right = r.right();  // [left, right)
    // The crop then starts `border` columns before the border line, which lies just past the
    // reader's ring as a labelled field's own border does after the reader's box jitter. (Putting
    // it inside the ring read worse: empty dropdowns read "S", "…"; 60 screens, 8 -> 5 of 11.)
    // The search walks in from each side and stops at the field's own text: a focused field's
    // caret (and the pointer that just clicked it) are inked down most of the box too, and a cut
    // there read a clicked field as "" (type_text appended to the old value). Before a border line
    // is found, only ink touching the side is passed (a neighbour's last letter); after a blank
    // column, or after a border line, any letter ends the search.
    if (ink_height > band / 2) {
      // A box that starts or ends a few rows off the field takes in the field's top or bottom
      // border: those rows are inked in every column, so a column between the letters counts them
      // and is blank only up to that count. (Without this no column was blank, the walk passed the
      // text and stopped at the caret after it: a clicked field read "".)
      const int across = int(kLineShare * r.width + 0.5);
      int line_rows = 0;
      for (int y = y0; y < y1; ++y) {
        const uint8_t* p = frame.row(y) + size_t(r.x) * 3;
        int inked = 0;
        for (int x = r.x; x < r.right(); ++x, p += 3) inked += std::abs(grey_level(p) - background) > kInkContrast;
        line_rows += inked >= across;
      }
      auto walk = [&](int from, int to, int step, auto&& on_line) {
        bool found = false, blank_seen = false;
        if ((to - from) * step <= 0) return;  // a box a few pixels wide: nothing between border and middle
        for (int x = from; x != to; x += step) {
          const int ink = column_ink(x);
          if (ink >= line_count) on_line(x), found = true;
          else if (ink <= line_rows) blank_seen = true;
          else if (found || blank_seen) break;
        }
      };
      walk(r.x + border, r.x + r.width / 2, 1, [&](int x) { left = x - border; });
      walk(r.right() - border - 1, r.x + r.width / 2 - 1, -1, [&](int x) { right = x + 1 + border; });
    }
    return {left, element.rect.y, right - left, element.rect.height};
  }

  if (element.element_class == ElementClass::kWindowTitle || element.element_class == ElementClass::kMenuTitle) {
    // A title bar holds the title and, far from it, the window's controls; a menu bar holds the
    // menus a word-gap or two apart, and the box often takes in the next one's first letter. Take
    // the run of words (joined over gaps narrower than ~0.6 x the text height) that overlaps the box
    // most; a column inked over most of the band (the window's edge, the desktop beyond it) ends a
    // run. Bars are over twice as tall as their letters, so no letter is such a column.
    const int join_gap = std::max(3, (ink_height * 6 + 5) / 10);
    const int line_count = std::max(2, int(kLineShare * band + 0.5));
    std::vector<Run> runs;
    int last_ink = -1, segment = 0;  // segments: stretches of the bar between line columns
    bool open = false;
    for (int x = sx0; x < sx1; ++x) {
      if (column_ink(x) >= line_count) {
        if (!runs.empty() && runs.back().segment == segment) ++segment;
        open = false;
        continue;
      }
      if (!has_ink(x)) continue;
      if (!open || x - last_ink - 1 >= join_gap) runs.push_back({x, x, 0, segment}), open = true;
      runs.back().right = x;
      if (x >= r.x && x < r.right()) ++runs.back().overlap;
      last_ink = x;
    }
    const Run* best = nullptr;
    for (const auto& run : runs)
      if (run.overlap > 0 && (best == nullptr || run.overlap > best->overlap)) best = &run;
    // A box over a wide bar's right end holds the window's controls alone, which read "•••". When
    // the box runs to the bar's end (every later run of the bar is in it) and misses the bar's
    // first run, that first run is the title. (A title box beside an icon stops short of the
    // controls and keeps its run.)
    if (window_title && best != nullptr) {
      const Run* const end = runs.data() + runs.size();
      bool box_runs_to_bar_end = true;
      for (const Run* run = best + 1; run != end && run->segment == best->segment; ++run)
        box_runs_to_bar_end &= run->overlap > 0;
      const Run* first_of_bar = best;
      while (first_of_bar != runs.data() && (first_of_bar - 1)->segment == best->segment) --first_of_bar;
      if (box_runs_to_bar_end && first_of_bar->overlap == 0) {
        // The title is every run of the bar before the box (the join gap, set by the controls'
        // height, may have split its words).
        const Run* last_before_box = first_of_bar;
        while (last_before_box + 1 != best && (last_before_box + 1)->overlap == 0) ++last_before_box;
        return widened(first_of_bar->left, last_before_box->right);
      }
    }
    return best == nullptr ? element.rect : widened(best->left, best->right);
  }

  // Static texts, links, rows, check box and radio captions: complete a word the box cuts, never
  // jump to the next word (an inline link sits between words of its sentence). A letter gap is a
  // column or two; a word gap is wider than ~0.2 x the text height. Past the box the background
  // may change (a selected row's highlight ends, a panel begins): a few columns in a row inked over
  // the whole band are that, not letters, and stop the growth.
  const int word_gap = std::max(2, (ink_height + 3) / 5);
  const int full_count = std::max(2, band - 1);
  auto is_ink = [&](int x) {
    if (!has_ink(x)) return false;
    int full = 0;
    for (int k = -2; k <= 2; ++k)
      full += x + k >= sx0 && x + k < sx1 && column_ink(x + k) >= full_count ? 1 : 0;
    return full < 4;
  };
  int left = r.x, right = r.right() - 1;  // the box's outermost ink columns, then grown outwards
  while (left < right && !has_ink(left)) ++left;
  while (right > left && !has_ink(right)) --right;
  if (!has_ink(left)) return element.rect;
  const int inner_left = left, inner_right = right;
  // Only a word the box cuts is completed: its ink must start within a letter gap of the edge.
  if (left - r.x < word_gap)
    for (bool grew = true; grew;) {
      grew = false;
      for (int x = left - 1; x >= std::max(sx0, left - word_gap); --x)
        if (is_ink(x)) {
          left = x, grew = true;
          break;
        }
    }
  if (r.right() - 1 - right < word_gap)
    for (bool grew = true; grew;) {
      grew = false;
      for (int x = right + 1; x <= std::min(sx1 - 1, right + word_gap); ++x)
        if (is_ink(x)) {
          right = x, grew = true;
          break;
        }
    }
  if (left == inner_left && right == inner_right) return element.rect;
  return widened(std::min(left, r.x), std::max(right, r.right() - 1));
}

namespace {

// A letter the reader gives for a digit in a bold value label ("6S min" for "65 min").
char digit_look_alike(char c) {
  switch (c) {
    case 'S': case 's': return '5';
    case 'O': case 'o': return '0';
    case 'I': case 'l': case '|': return '1';
    case 'B': return '8';
    case 'Z': case 'z': return '2';
    default: return std::isdigit(static_cast<unsigned char>(c)) ? c : 0;
  }
}

}  // namespace

namespace {

struct LabelNumber {
  std::string number;      // digits, "-" first when negative; "" when none
  size_t begin = 0, end = 0;  // where its digits (or look-alikes) are in the text
};

LabelNumber find_label_number(const std::string& text) {
  size_t at = 0;
  for (bool first_word = true; at < text.size(); first_word = false) {
    while (at < text.size() && text[at] == ' ') ++at;
    size_t word_end = text.find(' ', at);
    if (word_end == std::string::npos) word_end = text.size();
    // "$50", "+3", "-3": a sign or currency before the number.
    size_t begin = at;
    while (begin < word_end && std::strchr("+-$", text[begin]) != nullptr) ++begin;
    size_t end = begin;
    bool digit = false;
    std::string number;
    for (; end < word_end && digit_look_alike(text[end]) != 0; ++end) {
      digit = digit || std::isdigit(static_cast<unsigned char>(text[end]));
      number += digit_look_alike(text[end]);
    }
    // A word of digits, or the label's first word all look-alikes up to a non-letter ("S min":
    // the value 5); "Sound" is a word.
    const bool whole = end == word_end || !std::isalpha(static_cast<unsigned char>(text[end]));
    if (!number.empty() && (digit || (first_word && whole))) {
      const bool negative = text.substr(at, begin - at).find('-') != std::string::npos;
      return {negative ? "-" + number : number, begin, end};
    }
    at = word_end;
  }
  return {};
}

}  // namespace

std::string value_label_number(const std::string& text) { return find_label_number(text).number; }

void read_slider_values(std::vector<UiElement>& elements) {
  for (auto& slider : elements) {
    if (slider.element_class != ElementClass::kSlider) continue;
    const int mid = slider.rect.y + slider.rect.height / 2;
    UiElement* nearest = nullptr;
    LabelNumber value;
    for (auto& e : elements) {
      if (e.element_class != ElementClass::kText || e.rect.x < slider.rect.right() - slider.rect.height ||
          mid < e.rect.y || mid >= e.rect.bottom() || (nearest != nullptr && e.rect.x >= nearest->rect.x))
        continue;
      LabelNumber number = find_label_number(e.text);
      if (number.number.empty()) continue;
      nearest = &e;
      value = std::move(number);
    }
    if (nearest == nullptr || nearest->rect.x - slider.rect.right() > 4 * slider.rect.height) continue;
    slider.text = value.number;
    // The label says it too: its digits as digits ("6S min before" -> "65 min before").
    const std::string digits = value.number[0] == '-' ? value.number.substr(1) : value.number;
    nearest->text.replace(value.begin, value.end - value.begin, digits);
  }
}

}  // namespace hemu
