#include "policy/select_before_typing.h"

#include <gtest/gtest.h>

#include "policy/test_elements.h"

namespace hemu {
namespace {

TEST(SelectBeforeTyping, OnlyAfterClickingAFilledOneLineField) {
  const std::vector<UiElement> screen = {
      element(ElementClass::kTextField, {100, 100, 200, 30}, "ORD-46195"),
      element(ElementClass::kTextField, {100, 150, 200, 30}, ""),
      element(ElementClass::kTextArea, {100, 200, 200, 90}, "Hello"),
      element(ElementClass::kPasswordField, {100, 300, 200, 30}, "•••••"),
  };
  const Action type = Action::type_text("PO-92213");
  auto after_click = [&](Point p) { return should_select_before_typing(screen, {Action::left_click(p)}, type); };
  EXPECT_TRUE(after_click({150, 115})) << "a filled field";
  EXPECT_TRUE(after_click({150, 315})) << "a filled password field";
  EXPECT_FALSE(after_click({150, 165})) << "an empty field";
  EXPECT_FALSE(after_click({150, 245})) << "a text area may be added to";
  EXPECT_FALSE(after_click({50, 115})) << "the click missed every field";
  EXPECT_FALSE(should_select_before_typing(screen, {}, type)) << "no click yet";
  EXPECT_FALSE(should_select_before_typing(screen, {Action::left_click({150, 115}), Action::key("ctrl+a")}, type))
      << "already selected";
  EXPECT_FALSE(should_select_before_typing(screen, {Action::left_click({150, 115})}, Action::key("Return")))
      << "not typing";
}

}  // namespace
}  // namespace hemu
