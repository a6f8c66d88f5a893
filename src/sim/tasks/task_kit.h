// Small helpers shared by the task families: instruction wording, seeded subsets, commit rows.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/rng.h"
#include "sim/controls.h"
#include "sim/layout.h"
#include "sim/window.h"

namespace hemu::task_kit {

// "\"A\"".
std::string quoted(const std::string& s);
// "\"A\"", "\"A\" and \"B\"", "\"A\", \"B\" and \"C\"".
std::string quoted_list(const std::vector<std::string>& items);
std::string lowercase(std::string s);
// "07" for 7.
std::string two_digits(int v);
// `n` distinct entries of `pool` in their order within the pool (keeps ordered lists ordered).
std::vector<std::string> ordered_subset(Rng& rng, const std::vector<std::string>& pool, int n);
// Adds the commit and cancel buttons on one row in a seeded order, makes them the window's default
// and cancel buttons, and returns {commit, cancel}.
std::pair<Button*, Button*> add_commit_row(Layout& l, Window* w, const std::string& commit_caption, Rng& rng,
                                           const std::string& cancel_caption = "Cancel");

}  // namespace hemu::task_kit
