// A PNG chart of an evaluation: one dot per task, success (y) against speed as a multiple of the
// KLM human reference (x, log scale), trained tasks and never-trained tasks in two colours, the 8x
// floor and the 90 % / 50 % success floors drawn as guides.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "train/policy_eval.h"

namespace hemu {

Status write_eval_chart(const std::vector<EvalTaskRow>& rows, const std::string& title, const std::string& path);

}  // namespace hemu
