// TraceEvent: one line of events.jsonl (docs/data_format.md, "Events").
//
// Recordings (a person at work) hold raw input: motion, button_press / button_release, wheel,
// key_press / key_release. Episodes (a policy's attempt) hold one `action` line per step and a
// final `outcome`. Every event has `t_us`, microseconds since the trace started, on the same clock
// as the frames. Types this version does not know are kept as OtherEvent, so a newer writer's
// additions survive a round trip. Value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/action.h"
#include "core/json.h"
#include "core/status.h"

namespace hemu {

enum class InputKind { kMotion, kButtonPress, kButtonRelease, kWheel, kKeyPress, kKeyRelease };
const char* input_kind_name(InputKind kind);  // "motion", "button_press", ...

// A raw input event, as the X server reports it.
struct InputEvent {
  InputKind kind = InputKind::kMotion;
  Point position;               // pointer position in screen pixels (every kind)
  int button = 0;               // button_press / button_release: 1 left, 2 middle, 3 right, 8/9 back/forward
  int wheel_dx = 0, wheel_dy = 0;  // wheel: notches; dy > 0 scrolls down, dx > 0 scrolls right
  std::string keysym;           // key_*: X keysym name ("a", "A", "Return", "Control_L")
  std::vector<std::string> modifiers;  // held when the event happened: "ctrl", "shift", "alt", "super", ...
  std::string text;             // key_press: the text the key produced ("A", "é"), empty if none
  friend bool operator==(const InputEvent&, const InputEvent&) = default;
};

// Time spent in each stage of one step, microseconds (ARCHITECTURE.md, "The loop").
// preprocess, settle and verify are written by the agent loop (src/agent) and 0 from producers
// that have no such stage (the built-in sim policies).
struct StageTimings {
  int64_t capture_us = 0;
  int64_t preprocess_us = 0;  // screen parsing (detector + reader) before the decision
  int64_t decide_us = 0;
  int64_t act_us = 0;
  int64_t settle_us = 0;      // waiting for the screen to stop changing after the action
  int64_t verify_us = 0;      // checking that the action changed something
  friend bool operator==(const StageTimings&, const StageTimings&) = default;
};

// One step of an episode: the policy saw frame `frame_index` and chose `action`.
struct StepEvent {
  int step = 0;              // 0-based
  int64_t frame_index = -1;  // the observation, an index into frames.bin; -1 if none was stored
  Action action;
  bool has_timings = false;  // false when the producer could not time the stages
  StageTimings timings;
  std::string refused;       // why the screen refused the action; empty when it was applied
  std::optional<bool> changed;  // the agent loop's verification: did the screen change? unset: not checked
  friend bool operator==(const StepEvent&, const StepEvent&) = default;
};

// How an episode ended.
struct OutcomeEvent {
  bool success = false;
  double reward = 0.0;  // in [-1, 1]
  std::string reason;
  int steps = 0;
  friend bool operator==(const OutcomeEvent&, const OutcomeEvent&) = default;
};

// An event of a type this version does not know: its JSON (without t_us and crc32) is kept.
struct OtherEvent {
  std::string type;
  Json fields;
  friend bool operator==(const OtherEvent&, const OtherEvent&) = default;
};

struct TraceEvent {
  int64_t t_us = 0;
  std::variant<InputEvent, StepEvent, OutcomeEvent, OtherEvent> body;

  // The wire name of the type: "motion", "action", "outcome", or OtherEvent::type.
  std::string type_name() const;
  const InputEvent* input() const { return std::get_if<InputEvent>(&body); }
  const StepEvent* step() const { return std::get_if<StepEvent>(&body); }
  const OutcomeEvent* outcome() const { return std::get_if<OutcomeEvent>(&body); }
  friend bool operator==(const TraceEvent&, const TraceEvent&) = default;
};

// {"t_us":..,"type":..,...} without the crc32 member (json_seal adds it).
Json event_to_json(const TraceEvent& event);
// Validates fields and types; errors are kCorrupt naming the field ("field 'x': expected an integer").
Result<TraceEvent> event_from_json(const Json& json);

}  // namespace hemu
