// reading_rect on real screens of the embedded desktop: boxes cut as the detector's are must grow
// back to the labelled text, and whole labelled boxes must not grow into their neighbours.
// (In train because it needs the sim; the unit tests on synthetic lines are in policy.)
#include <gtest/gtest.h>

#include "policy/choice_shape.h"
#include "policy/reading_rect.h"
#include "sim/task_env.h"
#include "train/detector_training.h"

namespace hemu {
namespace {

struct Screen {
  Frame frame;
  std::vector<UiElement> labels;
};

std::vector<Screen> screens(std::vector<const char*> tasks = {"type_date", "type_text", "click_checkboxes", "email_open",
                                                              "form_five_fields", "login_navigate"},
                            std::vector<uint64_t> seeds = {3, 4}) {
  std::vector<Screen> out;
  for (const char* task : tasks)
    for (uint64_t seed : seeds) {
      EnvConfig config;
      config.task = task;
      config.seed = seed;
      auto env = TaskEnv::create(config);
      EXPECT_TRUE(env.ok()) << env.status().to_string();
      if (!env.ok()) continue;
      Screen s;
      s.frame = Frame((*env)->desktop().screen_size().width, (*env)->desktop().screen_size().height);
      (*env)->render(s.frame);
      s.labels = visible_element_labels((*env)->desktop());
      out.push_back(std::move(s));
    }
  return out;
}

TEST(ReadingRectOnScreens, CutTextBoxesGrowBackAndWholeOnesStay) {
  int cut = 0, regrown = 0, whole = 0, kept = 0;
  for (const auto& s : screens())
    for (const auto& label : s.labels) {
      if (label.element_class != ElementClass::kText || label.text.size() < 4 || label.rect.height < 10) continue;
      // As a detector's box: the left end a few pixels into the first letter.
      UiElement e = label;
      const int into = std::max(3, label.rect.height / 5);
      e.rect = {label.rect.x + into + 2, label.rect.y, label.rect.width - into - 2, label.rect.height};
      const Rect r = reading_rect(s.frame, e);
      ++cut;
      regrown += r.x <= label.rect.x + 2 ? 1 : 0;
      // The labelled box itself: may tighten to the ink but must not take in a neighbour.
      const Rect w = reading_rect(s.frame, label);
      ++whole;
      kept += w.x >= label.rect.x - 6 && w.right() <= label.rect.right() + 6 ? 1 : 0;
    }
  ASSERT_GE(cut, 30);
  EXPECT_GE(regrown, cut * 85 / 100) << regrown << " of " << cut << " cut boxes grew back";
  EXPECT_GE(kept, whole * 95 / 100) << kept << " of " << whole << " whole boxes stayed";
}

TEST(ReadingRectOnScreens, WindowTitlesStartingLateFindTheirFirstWord) {
  int titles = 0, found = 0;
  for (const auto& s : screens())
    for (const auto& label : s.labels) {
      if (label.element_class != ElementClass::kWindowTitle || label.rect.width < 200) continue;
      UiElement e = label;
      const int late = 2 * label.rect.height;  // the detector's boxes start up to ~4.5 heights late
      e.rect = {label.rect.x + late, label.rect.y, label.rect.width - late, label.rect.height};
      const Rect r = reading_rect(s.frame, e);
      ++titles;
      found += r.x <= label.rect.x + 12 && r.x >= label.rect.x - 8 ? 1 : 0;
    }
  ASSERT_GE(titles, 8);
  EXPECT_GE(found, titles * 9 / 10) << found << " of " << titles;
}

TEST(ChoiceShapeOnScreens, CheckBoxesAreSquareAndRadiosRoundInEveryTheme) {
  int choices = 0, right = 0, wrong = 0;
  for (const auto& s : screens({"click_checkboxes", "click_radio", "form_five_fields"}, {3, 4, 5, 6, 7, 8}))
    for (const auto& label : s.labels) {
      if (label.element_class != ElementClass::kCheckbox && label.element_class != ElementClass::kRadio) continue;
      const ChoiceShape want = label.element_class == ElementClass::kCheckbox ? ChoiceShape::kSquare : ChoiceShape::kRound;
      // The labelled box, and one starting inside the glyph as the detector's often do.
      for (int shift : {0, label.rect.height / 3}) {
        Rect box = label.rect;
        box.x += shift;
        const ChoiceShape got = choice_shape(s.frame, box);
        ++choices;
        right += got == want ? 1 : 0;
        wrong += got != want && got != ChoiceShape::kUnknown ? 1 : 0;
      }
    }
  ASSERT_GE(choices, 40);
  EXPECT_GE(right, choices * 95 / 100) << right << " of " << choices;
  EXPECT_LE(wrong, choices / 100) << wrong << " of " << choices << " given the other shape";
}

}  // namespace
}  // namespace hemu
