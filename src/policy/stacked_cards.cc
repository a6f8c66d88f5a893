#include "policy/stacked_cards.h"

#include <algorithm>
#include <cstdlib>

#include "policy/element_list.h"
#include "policy/ink.h"

namespace hemu {

std::vector<std::pair<int, int>> text_line_rows(const Frame& frame, const Rect& box) {
  const Rect r = box.intersect(frame.bounds());
  if (r.width < 8 || r.height < 8) return {};
  // The middle three quarters: a card's grip dots and rounded corners lie outside it.
  const int x0 = r.x + r.width / 8, x1 = r.right() - r.width / 8, span = x1 - x0;
  const int background = background_grey(frame, {x0, r.y, span, r.height});
  std::vector<std::pair<int, int>> lines;
  constexpr int kJoinRows = 2;  // an i's dot sits a row or two above its stem
  for (int y = r.y; y < r.bottom(); ++y) {
    const uint8_t* p = frame.row(y) + size_t(x0) * 3;
    int ink = 0;
    for (int x = x0; x < x1; ++x, p += 3) ink += std::abs(grey_level(p) - background) > kTextInkContrast;
    if (ink == 0 || ink * 10 >= span * 7) continue;  // blank, or a border across the span
    if (!lines.empty() && y - lines.back().second <= kJoinRows) lines.back().second = y + 1;
    else lines.push_back({y, y + 1});
  }
  // Fewer than 4 rows is not a line of text (a stray pixel of a neighbour's edge).
  std::erase_if(lines, [](const auto& line) { return line.second - line.first < 4; });
  return lines;
}

namespace {

// The centres of the cards in `box`: lines of text closer than the box's median line height join
// one card (a caption of two lines). The median, not the card's height so far nor the line's own:
// either grew with a stray run of ink (the pointer over a card) until the whole column joined.
std::vector<int> card_centres(const Frame& frame, const Rect& box) {
  const auto lines = text_line_rows(frame, box);
  if (lines.size() < 2) return {};
  std::vector<int> heights;
  for (const auto& line : lines) heights.push_back(line.second - line.first);
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  const int line_height = heights[heights.size() / 2];
  std::vector<std::pair<int, int>> cards;
  for (const auto& line : lines) {
    // Under half a line's height: a stray run of ink (a column header's descenders above the first
    // card), which would pull the card's centre off its text.
    if ((line.second - line.first) * 2 < line_height) continue;
    if (!cards.empty() && line.first - cards.back().second < line_height) cards.back().second = line.second;
    else cards.push_back(line);
  }
  std::vector<int> centres;
  for (const auto& card : cards) centres.push_back((card.first + card.second) / 2);
  return centres;
}

bool holds_centre_of(const Rect& a, const Rect& b) { return a.contains(b.center()); }

}  // namespace

void split_stacked_cards(const Frame& frame, std::vector<UiElement>& elements) {
  std::vector<UiElement> out;
  out.reserve(elements.size());
  for (auto& e : elements) {
    if (e.element_class != ElementClass::kCard) {
      out.push_back(std::move(e));
      continue;
    }
    const std::vector<int> centres = card_centres(frame, e.rect);
    if (centres.size() < 2) {
      out.push_back(std::move(e));
      continue;
    }
    // Cards are three quarters of their pitch tall (30 px cards 40 px apart), and no taller
    // than the box.
    int pitch = e.rect.height;
    for (size_t i = 1; i < centres.size(); ++i) pitch = std::min(pitch, centres[i] - centres[i - 1]);
    const int half = std::max(4, pitch * 3 / 8);
    for (int centre : centres) {
      UiElement card = e;
      const int top = std::max(e.rect.y, centre - half), bottom = std::min(e.rect.bottom(), centre + half);
      card.rect = {e.rect.x, top, e.rect.width, bottom - top};
      card.text.clear();
      out.push_back(std::move(card));
    }
  }
  // A split card and the detector's own box for the same card: keep the tighter one.
  std::vector<bool> dropped(out.size(), false);
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].element_class != ElementClass::kCard) continue;
    for (size_t j = i + 1; j < out.size() && !dropped[i]; ++j) {
      if (dropped[j] || out[j].element_class != ElementClass::kCard) continue;
      if (!holds_centre_of(out[i].rect, out[j].rect) || !holds_centre_of(out[j].rect, out[i].rect)) continue;
      const bool drop_i = out[i].rect.height != out[j].rect.height ? out[i].rect.height > out[j].rect.height
                                                                    : out[i].score < out[j].score;
      dropped[drop_i ? i : j] = true;
    }
  }
  elements = std::move(out);
  erase_dropped(elements, dropped);
}

}  // namespace hemu
