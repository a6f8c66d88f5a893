// Human-like motion and timing for expert demonstrations, and the Keystroke-Level Model (KLM)
// reference time that hemu's speed is measured against (docs/klm.md).
//
// humanize() expands one clean action into what a person's hands do: a thinking pause, a pointer
// path that follows Fitts' law (minimum-jerk profile, slight curve, occasional overshoot and
// correction, landing inside the target rather than at its centre), and typing at a sampled
// 40-80 words per minute with occasional typos corrected with BackSpace. The expanded actions,
// replayed, reach the same state as the clean one.
#pragma once

#include <vector>

#include "core/action.h"
#include "core/rng.h"

namespace hemu {

struct TimedAction {
  double time_s = 0;  // seconds since the episode started
  Action action;
};

// A person, sampled once per episode.
struct HumanProfile {
  double words_per_minute = 60;     // 40..80
  double typo_rate = 0.03;          // per typed character
  double fitts_a_s = 0.10;          // Fitts intercept
  double fitts_b_s = 0.12;          // seconds per bit of index of difficulty
  double think_mean_s = 0.9;        // pause before each operator
  static HumanProfile sample(Rng& rng);
};

// Expands `clean` starting at time `now_s` with the pointer at `pointer`. `target_size_px` is the
// size of what a pointer action aims at (for Fitts' law and landing jitter; 0 = unknown, ~24 px).
// Returns the actions with times; the last entry's time is when the action is complete.
std::vector<TimedAction> humanize(const Action& clean, double now_s, Point pointer, int target_size_px,
                                  const HumanProfile& person, Rng& rng);

// KLM operators (Card, Moran & Newell 1980), seconds.
inline constexpr double kKlmKeystroke = 0.28;  // K, average non-secretarial typist (~40 wpm)
inline constexpr double kKlmPoint = 1.1;       // P, point with the mouse
inline constexpr double kKlmButton = 0.1;      // B, press or release a mouse button (click = 2B)
inline constexpr double kKlmHome = 0.4;        // H, move a hand between keyboard and mouse
inline constexpr double kKlmMental = 1.35;     // M, mental preparation

// Human reference time for a sequence of clean actions (docs/klm.md has the rules).
double klm_seconds(const std::vector<Action>& actions);
double klm_seconds(const Action& action, const Action* previous);

}  // namespace hemu
