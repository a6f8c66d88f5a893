#include "policy/choice_shape.h"

#include <gtest/gtest.h>

#include <cmath>

namespace hemu {
namespace {

Frame white(int w, int h) {
  Frame f(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) f.set(x, y, {248, 248, 248});
  return f;
}
void dot(Frame& f, int x, int y, uint8_t g) { f.set(x, y, {g, g, g}); }
// A 15-px glyph at (x, y): a square outline with corners rounded by `radius`, or a circle.
void square(Frame& f, int x, int y, int radius) {
  for (int i = 0; i < 15; ++i)
    for (int j = 0; j < 15; ++j) {
      const bool edge = i == 0 || j == 0 || i == 14 || j == 14;
      const int cx = std::clamp(i, radius, 14 - radius), cy = std::clamp(j, radius, 14 - radius);
      const double d = std::hypot(i - cx, j - cy);
      if (edge && d <= radius + 0.01) dot(f, x + i, y + j, 150);
      if (radius > 0 && std::abs(d - radius) < 0.6 && (i != cx && j != cy)) dot(f, x + i, y + j, 150);
    }
}
void circle(Frame& f, int x, int y) {
  for (int i = 0; i < 15; ++i)
    for (int j = 0; j < 15; ++j)
      if (std::abs(std::hypot(i - 7, j - 7) - 7) < 0.7) dot(f, x + i, y + j, 190);
}
void caption(Frame& f, int x, int y) {  // letters: bars
  for (int k = 0; k < 6; ++k)
    for (int j = 0; j < 10; ++j) dot(f, x + 3 * k, y + j, 40), dot(f, x + 3 * k + 1, y + j, 40);
}

TEST(ChoiceShape, SquaresAndCirclesAreToldApartWhereverTheBoxStarts) {
  Frame f = white(200, 80);
  square(f, 10, 5, 0);
  caption(f, 32, 7);
  square(f, 10, 30, 3);  // rounded corners
  caption(f, 32, 32);
  circle(f, 110, 5);
  caption(f, 132, 7);
  for (int shift : {-3, 0, 5, 9}) {
    EXPECT_EQ(choice_shape(f, {10 + shift, 2, 80, 21}), ChoiceShape::kSquare) << shift;
    EXPECT_EQ(choice_shape(f, {10 + shift, 27, 80, 21}), ChoiceShape::kSquare) << shift;
    EXPECT_EQ(choice_shape(f, {110 + shift, 2, 80, 21}), ChoiceShape::kRound) << shift;
  }
  caption(f, 150, 58);
  EXPECT_EQ(choice_shape(f, {40, 55, 60, 21}), ChoiceShape::kUnknown);   // nothing there
  EXPECT_EQ(choice_shape(f, {148, 55, 40, 21}), ChoiceShape::kUnknown);  // only letters
}

TEST(ChoiceShape, DuplicatesOfOneChoiceCollapseToTheGlyphsClass) {
  Frame f = white(200, 60);
  circle(f, 10, 5);
  caption(f, 32, 7);
  square(f, 10, 32, 2);
  caption(f, 32, 34);
  UiElement radio_on_circle{ElementClass::kRadio, {10, 2, 60, 21}, "A"};
  radio_on_circle.score = 0.6f;
  UiElement box_on_circle{ElementClass::kCheckbox, {11, 3, 60, 21}, "A"};
  box_on_circle.score = 0.8f;  // scores higher, but the glyph is round
  UiElement radio_on_square{ElementClass::kRadio, {10, 29, 60, 21}, "B"};  // wrong class, alone
  UiElement button{ElementClass::kButton, {100, 2, 60, 21}, "OK"};
  std::vector<UiElement> elements = {button, radio_on_circle, box_on_circle, radio_on_square};
  resolve_choice_shapes(f, elements);
  ASSERT_EQ(elements.size(), 3u);
  EXPECT_EQ(elements[0].element_class, ElementClass::kButton);
  EXPECT_EQ(elements[0].text, "OK");  // kept in place, text and all
  EXPECT_EQ(elements[1].element_class, ElementClass::kRadio);
  EXPECT_EQ(elements[1].rect, (Rect{11, 3, 60, 21}));  // the higher-scoring box of the two is kept
  EXPECT_EQ(elements[1].text, "A");
  EXPECT_EQ(elements[2].element_class, ElementClass::kCheckbox);
  EXPECT_EQ(elements[2].text, "B");
}

}  // namespace
}  // namespace hemu
