// split_stacked_cards on real boards of the embedded desktop (20 seeds, whose themes vary): a box over a whole
// column of cards (as the detector often answers one) must become one card per labelled card.
// (In train because it needs the sim; the unit tests on synthetic cards are in policy.)
#include <gtest/gtest.h>

#include <cstdlib>

#include "policy/stacked_cards.h"
#include "sim/task_env.h"
#include "train/detector_training.h"

namespace hemu {
namespace {

TEST(StackedCardsOnScreens, AColumnBoxSplitsIntoItsCards) {
  int columns = 0, cards = 0, found = 0, extra = 0;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    EnvConfig config;
    config.task = "drag_to_target";
    config.seed = seed;
    auto env = TaskEnv::create(config);
    ASSERT_TRUE(env.ok()) << env.status().to_string();
    Frame frame((*env)->desktop().screen_size().width, (*env)->desktop().screen_size().height);
    (*env)->render(frame);
    const auto labels = visible_element_labels((*env)->desktop());
    for (const auto& zone : labels) {
      if (zone.element_class != ElementClass::kDropZone) continue;
      std::vector<Rect> in_zone;
      Rect box;
      for (const auto& l : labels)
        if (l.element_class == ElementClass::kCard && zone.rect.contains(l.rect.center())) {
          box = box.united(l.rect);
          in_zone.push_back(l.rect);
        }
      if (in_zone.size() < 2) continue;
      ++columns;
      // The detector's box: a few pixels loose on every side.
      std::vector<UiElement> elements(1);
      elements[0].element_class = ElementClass::kCard;
      elements[0].rect = {box.x - 3, box.y - 5, box.width + 6, box.height + 9};
      split_stacked_cards(frame, elements);
      extra += int(elements.size()) - int(in_zone.size());
      for (const auto& want : in_zone) {
        ++cards;
        int hits = 0;
        for (const auto& e : elements)
          if (want.contains(e.rect.center()) && std::abs(e.rect.center().y - want.center().y) <= 3) ++hits;
        found += hits == 1;
      }
    }
  }
  // 66 of 69 (session 9): where the pointer rests on a card its ink joins the card's text into one
  // tall "line" whose centre is off, and that column loses a card. Joining lines by the group's
  // height instead of the median line's (a bug) found 64.
  ASSERT_GE(columns, 20);
  EXPECT_GE(found * 100, cards * 94) << found << " of " << cards << " cards found once, in " << columns << " columns";
  EXPECT_LE(std::abs(extra), 2) << extra;
}

}  // namespace
}  // namespace hemu
