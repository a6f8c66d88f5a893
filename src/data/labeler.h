// Labeler: turns a person's raw input events (a recording, docs/data_format.md) into actions in
// the computer-use convention, each aligned with the frame the person saw before acting.
//
// Rules (docs/labeler.md): a left press and release that moved less than `drag_threshold_px` is a
// left_click at the press point (with held modifiers in `text`), more is a left_click_drag; two
// clicks at the same place within `double_click_ms` become one double_click; right and middle
// presses are right_click / unlabeled; pointer motion without a button is ignored (jitter and
// approach paths); consecutive wheel notches in one direction at one place merge into one scroll;
// printable key presses without ctrl/alt/super accumulate into one `type`, BackSpace deletes from
// what is being typed (corrections applied) and only becomes a `key` action when there is nothing
// to delete; other keys and any key with ctrl/alt/super become `key` actions ("ctrl+a");
// modifier keys on their own are not actions. Pure function; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "core/action.h"
#include "data/trace_event.h"

namespace hemu {

struct LabelerOptions {
  int drag_threshold_px = 6;
  int double_click_ms = 400;
  int double_click_px = 4;
  int scroll_merge_ms = 600;  // wheel notches closer than this (and in one direction) merge
};

struct LabeledAction {
  Action action;
  int64_t t_us = 0;         // when the gesture started (first event)
  int64_t frame_index = -1;  // the last frame captured at or before t_us; -1 when none
};

struct LabelResult {
  std::vector<LabeledAction> actions;
  std::vector<std::string> unlabeled;  // "t=1.234 s: middle button press at [10, 20]"
};

// `events` in time order (other kinds are skipped); `frame_times_us` ascending.
LabelResult label_input_events(const std::vector<TraceEvent>& events, const std::vector<int64_t>& frame_times_us,
                               const LabelerOptions& options = {});

}  // namespace hemu
