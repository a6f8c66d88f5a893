#include "sim/element_labels.h"

#include <gtest/gtest.h>

#include "sim/task_env.h"

namespace hemu {
namespace {

TEST(ElementLabels, EveryTaskHasOnScreenInteractiveLabels) {
  for (const auto& name : task_names()) {
    EnvConfig config;
    config.task = name;
    config.seed = 2;
    auto env = TaskEnv::create(config);
    ASSERT_TRUE(env.ok()) << env.status().to_string();
    auto labels = element_labels((*env)->desktop());
    ASSERT_FALSE(labels.empty()) << name;
    Rect screen{0, 0, (*env)->desktop().screen_size().width, (*env)->desktop().screen_size().height};
    int interactive = 0;
    for (const auto& l : labels) {
      EXPECT_TRUE(screen.contains(l.rect)) << name << " " << element_class_name(l.element_class) << " " << l.rect.to_string();
      EXPECT_GE(l.rect.width, 4);
      interactive += l.element_class != ElementClass::kText && l.element_class != ElementClass::kWindowTitle;
    }
    EXPECT_GT(interactive, 0) << name;
  }
}

TEST(ElementLabels, ClickButtonTargetIsLabelledWithItsCaption) {
  EnvConfig config;
  config.task = "click_button";
  config.seed = 5;
  auto env = TaskEnv::create(config);
  ASSERT_TRUE(env.ok());
  // The instruction quotes the caption: Click the "X" button.
  const std::string& instruction = (*env)->instruction();
  std::string caption = instruction.substr(instruction.find('"') + 1);
  caption = caption.substr(0, caption.find('"'));
  bool found = false;
  for (const auto& l : element_labels((*env)->desktop()))
    if (l.element_class == ElementClass::kButton && l.text == caption) {
      found = true;
      // Clicking the labelled box's centre solves the task: labels are where the pixels are.
      StepResult r = (*env)->step(Action::left_click(l.rect.center()));
      EXPECT_TRUE(r.done);
      EXPECT_EQ(r.reward, 1.0);
    }
  EXPECT_TRUE(found) << caption;
}

TEST(ElementLabels, PasswordsAreMaskedAndJsonHasTheFields) {
  EnvConfig config;
  config.task = "type_password";
  config.seed = 1;
  auto env = TaskEnv::create(config);
  ASSERT_TRUE(env.ok());
  // A few expert steps in, the password fields hold text.
  for (int i = 0; i < 3 && !(*env)->done(); ++i) (*env)->step((*env)->expert_action());
  int passwords = 0;
  for (const auto& l : element_labels((*env)->desktop())) {
    passwords += l.element_class == ElementClass::kPasswordField;
    if (l.element_class == ElementClass::kPasswordField) {
      EXPECT_EQ(l.text.find_first_not_of('*'), std::string::npos) << l.text;
    }
    Json j = element_label_json(l);
    EXPECT_NE(j.find("class"), nullptr);
    EXPECT_EQ(j.find("box")->as_array().size(), 4u);
  }
  EXPECT_GE(passwords, 1);
}

}  // namespace
}  // namespace hemu
