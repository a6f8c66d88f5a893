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

// Labels say what is drawn: a taskbar button its elided title, a table row its cells where they are
// drawn (so a row cut by a window in front can keep the cells left in sight).
TEST(ElementLabels, TextsAreAsDrawnAndTableRowsKnowTheirCells) {
  EnvConfig config;
  config.task = "support_lookup_order";  // two windows with long titles, and tables
  config.seed = 10;
  auto env = TaskEnv::create(config);
  ASSERT_TRUE(env.ok()) << env.status().to_string();
  const Desktop& desktop = (*env)->desktop();
  auto labels = element_labels(desktop);
  int taskbar = 0, elided = 0, titles = 0, rows_with_cells = 0;
  for (const auto& l : labels) {
    if (l.element_class == ElementClass::kTaskbarButton) {
      ++taskbar;
      bool found = false;
      for (const auto& w : desktop.windows()) found |= desktop.taskbar_button_text(w.get()) == l.text;
      EXPECT_TRUE(found) << l.text;
      elided += l.text.size() >= 3 && l.text.substr(l.text.size() - 3) == "\xE2\x80\xA6";
    }
    if (l.element_class == ElementClass::kWindowTitle) {
      ++titles;
      ASSERT_EQ(l.text_parts.size(), 1u);
      EXPECT_EQ(l.text_parts[0].text, l.text);
      EXPECT_TRUE(l.rect.contains(l.text_parts[0].rect)) << l.rect.to_string() << " " << l.text_parts[0].rect.to_string();
    }
    if (l.element_class == ElementClass::kRow && !l.text_parts.empty()) {
      ++rows_with_cells;
      std::string joined;
      for (const auto& part : l.text_parts) {
        joined += (joined.empty() ? "" : " | ") + part.text;
        EXPECT_EQ(part.rect.y, l.text_parts[0].rect.y);
        EXPECT_GT(part.rect.width, 0);
      }
      EXPECT_EQ(joined, l.text);
      for (size_t k = 1; k < l.text_parts.size(); ++k)
        EXPECT_EQ(l.text_parts[k].rect.x, l.text_parts[k - 1].rect.right()) << "cells side by side";
    }
  }
  EXPECT_EQ(taskbar, 2);
  EXPECT_EQ(elided, 2) << "both long titles are elided on their taskbar buttons at 1280 px";
  EXPECT_EQ(titles, 2);
  EXPECT_GE(rows_with_cells, 10);
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
