#include "policy/stacked_cards.h"

#include <gtest/gtest.h>

namespace hemu {
namespace {

Frame plain(int w, int h, uint8_t grey) {
  Frame f(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) f.set(x, y, {grey, grey, grey});
  return f;
}
void fill(Frame& f, const Rect& r, uint8_t g) {
  for (int y = r.y; y < r.bottom(); ++y)
    for (int x = r.x; x < r.right(); ++x) f.set(x, y, {g, g, g});
}
// A card: a 1-px border, a fill a few levels off the column's, and lines of "letters" (bars).
void card(Frame& f, const Rect& r, int lines) {
  fill(f, r, 150);
  fill(f, {r.x + 1, r.y + 1, r.width - 2, r.height - 2}, 236);
  const int line_height = 10, top = r.y + (r.height - lines * 14 + 4) / 2;
  for (int l = 0; l < lines; ++l)
    for (int k = 0; k < 12; ++k) fill(f, {r.x + 16 + 5 * k, top + 14 * l, 2, line_height}, 40);
}

TEST(StackedCards, TextLinesSkipBordersAndBlankRows) {
  Frame f = plain(200, 120, 245);
  card(f, {20, 10, 140, 30}, 1);
  card(f, {20, 50, 140, 44}, 2);
  const auto lines = text_line_rows(f, {18, 5, 146, 100});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].second - lines[0].first, 10);
  EXPECT_GE(lines[0].first, 11);
  EXPECT_LE(lines[0].second, 39);
  EXPECT_EQ(lines[2].first - lines[1].first, 14);
}

TEST(StackedCards, ATallBoxOverThreeCardsBecomesThreeCards) {
  Frame f = plain(200, 160, 245);
  const std::vector<Rect> cards = {{20, 10, 140, 30}, {20, 50, 140, 30}, {20, 90, 140, 30}};
  for (const auto& r : cards) card(f, r, 1);
  std::vector<UiElement> elements(3);
  elements[0] = {ElementClass::kText, {0, 130, 100, 20}, "title"};
  elements[1] = {ElementClass::kCard, {16, 4, 150, 130}, "", false, false, false, true, 0.8f};
  elements[2] = {ElementClass::kCard, {18, 8, 146, 54}, "", false, false, false, true, 0.9f};  // card 1 and a half
  split_stacked_cards(f, elements);
  ASSERT_EQ(elements.size(), 4u);
  EXPECT_EQ(elements[0].element_class, ElementClass::kText);
  for (size_t i = 0; i < cards.size(); ++i) {
    const UiElement& e = elements[1 + i];
    EXPECT_EQ(e.element_class, ElementClass::kCard);
    EXPECT_NEAR(e.rect.center().y, cards[i].center().y, 2) << i;
    EXPECT_GE(e.rect.height, 24);
    EXPECT_LE(e.rect.height, 32);
    EXPECT_FLOAT_EQ(e.score, 0.8f);
  }
}

TEST(StackedCards, OneCardOfTwoLinesStaysOneAndOtherClassesAreUntouched) {
  Frame f = plain(200, 100, 245);
  card(f, {20, 10, 140, 44}, 2);
  std::vector<UiElement> elements(2);
  elements[0] = {ElementClass::kCard, {18, 8, 146, 48}, "", false, false, false, true, 0.9f};
  elements[1] = {ElementClass::kDropZone, {10, 0, 170, 100}, "To do"};
  const auto before = elements;
  split_stacked_cards(f, elements);
  ASSERT_EQ(elements.size(), 2u);
  EXPECT_EQ(elements[0].rect, before[0].rect);
  EXPECT_EQ(elements[1].rect, before[1].rect);
}

}  // namespace
}  // namespace hemu
