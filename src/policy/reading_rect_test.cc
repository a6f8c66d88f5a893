#include "policy/reading_rect.h"

#include <gtest/gtest.h>

#include "policy/date_pattern.h"
#include "policy/test_elements.h"

namespace hemu {
namespace {

// Synthetic lines of "text": letters are 2-px bars one column apart, words 5 columns apart, drawn
// in dark grey on white, rows 12..23 (the font's ink height).
void fill(Frame& f, const Rect& r, uint8_t grey) {
  for (int y = r.y; y < r.bottom(); ++y)
    for (int x = r.x; x < r.right(); ++x) f.set(x, y, {grey, grey, grey});
}
void draw_word(Frame& f, int x, int letters, int top = 12, int height = 12) {
  for (int k = 0; k < letters; ++k) fill(f, {x + 3 * k, top, 2, height}, 40);
}
int word_right(int x, int letters) { return x + 3 * letters - 1; }  // last inked column

Frame white(int w, int h) {
  Frame f(w, h);
  fill(f, f.bounds(), 255);
  return f;
}

TEST(ReadingRect, ABoxThatCutsAWordGrowsToTheWordsEnds) {
  Frame f = white(240, 40);
  draw_word(f, 20, 8);   // 20..43
  draw_word(f, 49, 6);   // 49..65
  const Rect box{28, 6, 30, 24};  // starts inside the first word, ends inside the second
  Rect r = reading_rect(f, element(ElementClass::kText, box));
  EXPECT_LE(r.x, 20);
  EXPECT_GE(r.x, 20 - 8);  // only a margin beyond the ink
  EXPECT_GE(r.right() - 1, word_right(49, 6));
  EXPECT_LE(r.right() - 1, word_right(49, 6) + 8);
  EXPECT_EQ(r.y, box.y);
  EXPECT_EQ(r.height, box.height);
}

TEST(ReadingRect, AWholeWordIsNotJoinedToItsNeighbours) {
  // An inline link between words of its sentence: its box begins and ends at word gaps.
  Frame f = white(240, 40);
  draw_word(f, 10, 6);  // 10..27
  draw_word(f, 33, 5);  // 33..47: the link
  draw_word(f, 53, 6);  // 53..70
  const Rect box{31, 6, 19, 24};
  EXPECT_EQ(reading_rect(f, element(ElementClass::kLink, box)), box);
}

TEST(ReadingRect, AFieldBoxSpillingOverALabelIsCutAtTheFieldsBorder) {
  Frame f = white(240, 40);
  draw_word(f, 60, 10);           // the label, 60..88
  fill(f, {100, 4, 1, 32}, 120);   // the field's left border
  fill(f, {100, 4, 90, 1}, 120);
  fill(f, {100, 35, 90, 1}, 120);
  fill(f, {189, 4, 1, 32}, 120);  // right border
  draw_word(f, 106, 7);            // the field's text
  const Rect box{84, 4, 106, 32};  // takes in the label's last letters
  Rect r = reading_rect(f, element(ElementClass::kTextField, box));
  EXPECT_GE(r.x, 89);   // the label's ink is out
  // The crop starts a ring's width (4 columns for a 32-px box) before the border (column 100);
  // the field's text (from 106) is in.
  EXPECT_EQ(r.x, 100 - 4);
  EXPECT_EQ(r.right(), box.right());
}

// A clicked field shows a caret (and the pointer) down most of its height: they are not borders,
// and the text before them is read.
TEST(ReadingRect, AFocusedFieldsCaretIsNotItsBorder) {
  Frame f = white(240, 40);
  fill(f, {100, 4, 1, 32}, 120);   // the field's borders
  fill(f, {100, 4, 90, 1}, 120);
  fill(f, {100, 35, 90, 1}, 120);
  fill(f, {189, 4, 1, 32}, 120);
  draw_word(f, 106, 4);            // the text, 106..116
  fill(f, {120, 9, 1, 22}, 40);    // the caret after it, in the box's left half
  fill(f, {126, 9, 1, 22}, 40);    // the pointer's edge (it just clicked the field)
  const Rect box{96, 4, 94, 32};
  Rect r = reading_rect(f, element(ElementClass::kTextField, box));
  EXPECT_EQ(r.x, 100 - 4);
  EXPECT_EQ(r.right(), box.right());
  // A box that starts inside the field (no border in it) keeps its start too.
  const Rect inside{104, 4, 86, 32};
  r = reading_rect(f, element(ElementClass::kTextField, inside));
  EXPECT_EQ(r.x, inside.x);
  EXPECT_EQ(r.right(), inside.right());
}

// A box a few rows above the field takes in its top border: that row is inked in every column,
// so no column of the box is blank. Seen on type_text: the walk then passed the text, cut at the
// caret after it, and the clicked field read "".
TEST(ReadingRect, AFieldBoxOverItsTopBorderStillStopsAtItsText) {
  Frame f = white(240, 40);
  fill(f, {100, 8, 1, 30}, 120);   // the field's borders; the top one on row 8
  fill(f, {100, 8, 90, 1}, 120);
  fill(f, {100, 37, 90, 1}, 120);
  fill(f, {189, 8, 1, 30}, 120);
  draw_word(f, 106, 4);            // the text, 106..116
  fill(f, {120, 12, 1, 22}, 40);   // the caret after it
  const Rect box{98, 4, 92, 32};   // its band (rows 8..31) holds the top border row
  Rect r = reading_rect(f, element(ElementClass::kTextField, box));
  EXPECT_LE(r.x, 106 - 4) << "the text is in the crop";
  EXPECT_EQ(r.right(), box.right());
}

TEST(ReadingRect, AWindowTitleKeepsItsWordsAndDropsTheControlsAndTheDesktop) {
  Frame f = white(480, 40);
  fill(f, {0, 0, 20, 40}, 90);          // the desktop left of the window
  fill(f, {20, 0, 460, 28}, 220);       // the title bar
  draw_word(f, 30, 6, 8, 12);           // title words 30..47, 53..68
  draw_word(f, 53, 6, 8, 12);
  fill(f, {430, 10, 6, 6}, 150);        // window controls
  fill(f, {442, 10, 6, 6}, 150);
  const Rect box{45, 0, 410, 28};       // starts late, runs over the controls
  Rect r = reading_rect(f, element(ElementClass::kWindowTitle, box));
  EXPECT_LE(r.x, 30);
  EXPECT_GE(r.x, 20);  // not into the desktop
  EXPECT_GE(r.right() - 1, word_right(53, 6));
  EXPECT_LT(r.right(), 430);
}

// A wide bar found only at its right end: the box holds the controls alone, which read "•••"; the
// title is the first run of words on the bar, however far left.
TEST(ReadingRect, AWindowTitleBoxOverTheControlsAloneReadsTheTitle) {
  Frame f = white(1100, 40);
  fill(f, {0, 0, 20, 40}, 90);          // the desktop left of the window
  fill(f, {20, 0, 1000, 28}, 220);      // the title bar
  fill(f, {1020, 0, 80, 40}, 90);       // the desktop right of it
  draw_word(f, 30, 6, 8, 12);           // title words 30..47, 53..68
  draw_word(f, 53, 6, 8, 12);
  for (int k = 0; k < 3; ++k) fill(f, {970 + 14 * k, 10, 6, 6}, 150);  // window controls
  const Rect box{700, 0, 320, 28};
  Rect r = reading_rect(f, element(ElementClass::kWindowTitle, box));
  EXPECT_LE(r.x, 30);
  EXPECT_GE(r.x, 20);
  EXPECT_GE(r.right() - 1, word_right(53, 6));
  EXPECT_LT(r.right(), 970);
  // A menu title keeps the run in its box (menus sit side by side, the last is no control).
  r = reading_rect(f, element(ElementClass::kMenuTitle, box));
  EXPECT_GE(r.x, 960);
}

TEST(ReadingRect, OtherClassesAndEmptyBoxesAreReadAsDetected) {
  Frame f = white(240, 40);
  draw_word(f, 20, 8);
  const Rect cut{28, 6, 30, 24};
  EXPECT_EQ(reading_rect(f, element(ElementClass::kButton, cut)), cut);
  const Rect blank{120, 6, 40, 24};
  EXPECT_EQ(reading_rect(f, element(ElementClass::kText, blank)), blank);
  const Rect outside{230, 30, 40, 24};  // partly off the frame
  EXPECT_EQ(reading_rect(f, element(ElementClass::kText, outside)), outside);
}

TEST(ReadingRect, ABoardColumnIsReadByItsHeader) {
  Frame f = white(300, 320);
  for (int x = 40; x < 220; x += 6) fill(f, {x, 40, 3, 1}, 120), fill(f, {x, 299, 3, 1}, 120);  // dashed
  for (int y = 40; y < 300; y += 6) fill(f, {40, y, 1, 3}, 120), fill(f, {219, y, 1, 3}, 120);
  draw_word(f, 100, 7, 50, 11);  // the header, rows 50..60
  for (int card = 0; card < 3; ++card) {  // cards: framed, with a word each
    const int top = 80 + 45 * card;
    fill(f, {50, top, 160, 1}, 150), fill(f, {50, top + 30, 160, 1}, 150);
    fill(f, {50, top, 1, 31}, 150), fill(f, {209, top, 1, 31}, 150);
    draw_word(f, 60, 9, top + 10, 11);
  }
  const Rect box{38, 38, 184, 264};
  Rect r = reading_rect(f, element(ElementClass::kDropZone, box));
  EXPECT_LE(r.y, 50);
  EXPECT_GE(r.bottom(), 61);
  EXPECT_LT(r.bottom(), 80);  // no card
  EXPECT_LE(r.x, 100);
  EXPECT_GE(r.right(), word_right(100, 7) + 1);
}

TEST(ReadingRect, ATallTextIsReadByItsFirstLineWithItsFirstAndLastLetters) {
  Frame f = white(240, 120);
  draw_word(f, 20, 10, 20, 11);  // three lines of a paragraph, the box hugging the ink
  draw_word(f, 20, 12, 40, 11);
  draw_word(f, 20, 8, 60, 11);
  const Rect box{20, 17, 36, 60};
  Rect r = reading_rect(f, element(ElementClass::kText, box));
  EXPECT_LE(r.y, 20 - 2);
  EXPECT_GE(r.bottom(), 31);
  EXPECT_LT(r.bottom(), 40);  // not the second line
  // The letters clear the reader's ring (2 columns for a crop this high) on both sides.
  EXPECT_LE(r.x, 20 - 2 - 1);
  EXPECT_GE(r.right(), word_right(20, 10) + 1 + 2 + 1);
}

TEST(ReadingRect, InkedBoxesPartlyOffTheFrameStayInsideIt) {
  Frame f = white(120, 60);
  draw_word(f, 0, 6, 10, 12);    // a word cut by the left edge
  draw_word(f, 100, 7, 30, 12);  // and one by the right edge (100..120)
  for (ElementClass c : {ElementClass::kText, ElementClass::kWindowTitle, ElementClass::kTextField,
                         ElementClass::kDropZone, ElementClass::kCheckbox}) {
    for (Rect box : {Rect{-6, 6, 30, 20}, Rect{95, 26, 40, 20}, Rect{-10, -10, 140, 80}}) {
      Rect r = reading_rect(f, element(c, box));
      Rect inside = r.intersect(f.bounds());
      EXPECT_FALSE(inside.empty()) << element_class_name(c) << " " << box.to_string();
    }
  }
}

TEST(ReadingRect, ARowBoxStartingPastItsOneLetterTakesItIn) {
  // A dropdown list of sizes: the row "S" is boxed from its blank stretch, 3 px past the letter.
  Frame f = white(240, 40);
  draw_word(f, 20, 2);  // 20..24: "S"
  const Rect box{28, 6, 150, 24};
  const Rect r = reading_rect(f, element(ElementClass::kRow, box));
  EXPECT_LE(r.x, 20);
  EXPECT_GE(r.x, 20 - 8);
  EXPECT_EQ(r.right(), box.right());
  // A line inked over the band (the list's edge) between them: the row stays as detected.
  fill(f, {26, 6, 1, 24}, 40);
  EXPECT_EQ(reading_rect(f, element(ElementClass::kRow, box)), box);
  // Other classes with no ink keep their box.
  Frame g = white(240, 40);
  draw_word(g, 20, 2);
  EXPECT_EQ(reading_rect(g, element(ElementClass::kText, box)), box);
}

TEST(SliderValues, ASliderTakesTheNumberWrittenBesideIt) {
  std::vector<UiElement> elements = {
      element(ElementClass::kSlider, {100, 50, 200, 20}),  // value label on its line
      element(ElementClass::kText, {320, 48, 60, 24}),
      element(ElementClass::kText, {320, 90, 60, 24}),      // the next line's label
      element(ElementClass::kSlider, {100, 92, 200, 20}),
      element(ElementClass::kSlider, {100, 140, 200, 20}),  // nothing beside it
      element(ElementClass::kText, {10, 50, 80, 20}),       // a caption to the left
  };
  elements[1].text = "25 \u00b0C";
  elements[2].text = "-3 dB";
  elements[4].text = "7";  // what the reader saw: kept
  elements[5].text = "Volume 11";
  read_slider_values(elements);
  EXPECT_EQ(elements[0].text, "25");
  EXPECT_EQ(elements[3].text, "-3");
  EXPECT_EQ(elements[4].text, "7");
}

TEST(SliderValues, LettersReadForDigitsCountAsDigits) {
  EXPECT_EQ(value_label_number("6S min before"), "65");
  EXPECT_EQ(value_label_number("2s min"), "25");
  EXPECT_EQ(value_label_number("S min before"), "5");  // a lone look-alike first
  EXPECT_EQ(value_label_number("1O%"), "10");
  EXPECT_EQ(value_label_number("$300"), "300");
  EXPECT_EQ(value_label_number("+2 dB"), "2");
  EXPECT_EQ(value_label_number("-3 dB"), "-3");
  EXPECT_EQ(value_label_number("Sound"), "");  // a word, not a number
  EXPECT_EQ(value_label_number("Slow 3"), "3");
  EXPECT_EQ(value_label_number(""), "");
}

TEST(SliderValues, TheValueLabelIsWrittenBackWithDigits) {
  std::vector<UiElement> elements = {element(ElementClass::kSlider, {100, 50, 200, 20}),
                                     element(ElementClass::kText, {320, 48, 90, 24})};
  elements[1].text = "6S min before";
  read_slider_values(elements);
  EXPECT_EQ(elements[0].text, "65");
  EXPECT_EQ(elements[1].text, "65 min before");
}

TEST(DatePattern, SubstringEditDistance) {
  EXPECT_EQ(substring_edit_distance("DD.MM.YYYY", "Date (DD.MM.YYYY):"), 0);
  EXPECT_EQ(substring_edit_distance("DD.MM.YYYY", "OD.MM.YYYY"), 1);
  EXPECT_EQ(substring_edit_distance("DD.MM.YYYY", "dd.mm.yyyy"), 0);  // case folded
  EXPECT_EQ(substring_edit_distance("DD.MM.YYYY", ""), 10);
}

TEST(DatePattern, MisreadPatternsAreStillFound) {
  auto with_texts = [](std::vector<std::string> texts) {
    std::vector<UiElement> elements;
    for (auto& t : texts) {
      UiElement e;
      e.text = t;
      elements.push_back(e);
    }
    return screen_date_pattern(elements);
  };
  EXPECT_EQ(with_texts({"Name", "OD.MM.YYYY"}), "DD.MM.YYYY");
  EXPECT_EQ(with_texts({"Appointment ngte (DD.MM.Y Y Y Y):"}), "DD.MM.YYYY");
  EXPECT_EQ(with_texts({"MM/DD/7YYY"}), "MM/DD/YYYY");
  EXPECT_EQ(with_texts({"YYYY-MM-D0", "Start"}), "YYYY-MM-DD");
  // The closest text wins over an earlier, worse one.
  EXPECT_EQ(with_texts({"DOMRM.YYYY", "Format: DD/MM/YYYY"}), "DD/MM/YYYY");
  // Dates already typed and ordinary words give no pattern.
  EXPECT_EQ(with_texts({"04.11.1995", "Yesterday", "Delivery date"}), "");
}

}  // namespace
}  // namespace hemu
