#include "train/optimizer.h"

#include <gtest/gtest.h>

namespace hemu {
namespace {

// Both rules must fit a small least-squares problem: the loss has to fall by 10x.
double fit(const std::string& name, double lr) {
  torch::manual_seed(1);
  auto x = torch::randn({64, 8});
  auto w_true = torch::randn({8, 1});
  auto y = x.mm(w_true);
  auto w = torch::zeros({8, 1}, torch::requires_grad());
  auto opt = make_optimizer({w}, {name, lr, 0.0});
  EXPECT_TRUE(opt.ok());
  double first = 0, last = 0;
  for (int i = 0; i < 300; ++i) {
    (*opt)->zero_grad();
    auto loss = (x.mm(w) - y).pow(2).mean();
    loss.backward();
    (*opt)->step();
    if (i == 0) first = loss.item<double>();
    last = loss.item<double>();
  }
  return last / first;
}

TEST(Optimizer, AdamWAndLionBothFit) {
  EXPECT_LT(fit("adamw", 0.05), 0.1);
  EXPECT_LT(fit("lion", 0.01), 0.1);
}

TEST(Optimizer, UnknownNameIsAnError) {
  auto r = make_optimizer({torch::zeros({1}, torch::requires_grad())}, {"sgdx", 0.1, 0});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("sgdx"), std::string::npos);
}

TEST(Optimizer, CosineScheduleWarmsUpThenDecays) {
  EXPECT_LT(cosine_learning_rate(1.0, 0.0), 0.2);
  EXPECT_NEAR(cosine_learning_rate(1.0, 0.05), 1.0, 1e-9);
  EXPECT_GT(cosine_learning_rate(1.0, 0.3), cosine_learning_rate(1.0, 0.8));
  EXPECT_NEAR(cosine_learning_rate(1.0, 1.0), 0.05, 1e-9);
}

}  // namespace
}  // namespace hemu
