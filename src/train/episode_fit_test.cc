#include "train/episode_fit.h"

#include <gtest/gtest.h>

#include "policy/test_elements.h"

namespace hemu {
namespace {

// Traces seen through the model's eyes (hemu imitate, hemu practice) are encoded as the policy
// decides: a model that reads remembered elements gets the text that left the screen.
TEST(EpisodeFit, RememberedElementsAreGivenOnlyWhenAsked) {
  const std::vector<std::vector<UiElement>> seen = {
      {element(ElementClass::kRow, {10, 10, 200, 20}, "ORD-10251 Delivered"),
       element(ElementClass::kTextField, {10, 60, 200, 24}, "")},
      {element(ElementClass::kTextField, {10, 60, 200, 24}, "")},
  };
  const std::vector<Action> actions = {Action::left_click({100, 72}), Action::type_text("Delivered")};
  const std::string instruction = "Reply with the order's shipping status.";
  DecisionEpisode with = make_decision_episode(instruction, seen, {640, 480}, actions, /*remember=*/true);
  DecisionEpisode without = make_decision_episode(instruction, seen, {640, 480}, actions, /*remember=*/false);
  ASSERT_EQ(with.inputs.size(), 2u);
  ASSERT_EQ(without.inputs.size(), 2u);
  EXPECT_EQ(with.inputs[0].remembered, 0);  // nothing has left the screen yet
  EXPECT_EQ(with.inputs[1].remembered, 1);
  EXPECT_EQ(with.inputs[1].elements.back().text, "ORD-10251 Delivered");
  EXPECT_EQ(without.inputs[1].remembered, 0);
  EXPECT_EQ(without.inputs[1].elements.size(), 1u);
}

}  // namespace
}  // namespace hemu
