// NeuralPolicy: the brain at run time. Pixels + instruction in, Action out:
//   frame -> ElementDetector (global view) -> TextReader on each element box (foveal, native
//   resolution, cached by crop pixels) -> StateReader on each checkbox / radio glyph (native
//   resolution; optional) -> DecisionModel (with the episode's history) -> Action.
// Nothing but the frame, the UI scale and the instruction reaches it. Loaded from one model file
// (docs/model_format.md) with the parts "detector", "reader" and "decision", and optionally
// "states" (without it, the detector's checked state stands). Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/action.h"
#include "core/frame.h"
#include "core/status.h"
#include "core/ui_element.h"
#include "policy/checkpoint.h"
#include "policy/decision_memory.h"

namespace hemu {

class ElementDetector;
class TextReader;
class StateReader;
class DecisionModel;

// Wall time of each stage of the last decide(), microseconds.
struct DecideTimings {
  int64_t detect_us = 0, read_us = 0, decide_us = 0;
  int64_t total_us() const { return detect_us + read_us + decide_us; }
};

class NeuralPolicy {
 public:
  static Result<std::unique_ptr<NeuralPolicy>> load(const std::string& path);
  static Result<std::unique_ptr<NeuralPolicy>> from_checkpoint(const Checkpoint& checkpoint);
  ~NeuralPolicy();

  // Starts an episode.
  void begin(const std::string& instruction, double ui_scale);
  // The next action for this frame; kInvalidArgument when the model's choice points at nothing.
  Result<Action> decide(const Frame& frame);
  // The last decided action changed nothing on screen, so the next decide() sees the same screen:
  // it will not point at the same element again (the agent loop's "choose differently").
  void note_no_effect();
  // Forgets cached readings (the reader caches by crop pixels across episodes): for benchmarks
  // that must not let one run profit from another's reading of the same screens.
  void clear_caches();
  // The elements the policy's screen parser finds on `frame` (what decide() would see), for
  // trainers that learn from recorded frames.
  std::vector<UiElement> parse(const Frame& frame, double ui_scale);
  // What the policy saw in the last decide() (for overlays and debugging).
  const std::vector<UiElement>& last_elements() const { return elements_; }
  const DecideTimings& last_timings() const { return timings_; }
  const Json& meta() const { return meta_; }
  // The element detector, for benchmarks that switch its modes (e.g. content regions off).
  ElementDetector& detector() { return *detector_; }
  // The decision part, for trainers that fine-tune it in place (hemu practice).
  DecisionModel& decision_model() { return *decision_; }
  void replace_decision_model(std::unique_ptr<DecisionModel> model);
  int64_t parameter_count() const;

 private:
  NeuralPolicy();
  std::unique_ptr<ElementDetector> detector_;
  std::unique_ptr<TextReader> reader_;
  std::unique_ptr<StateReader> states_;  // null: the model file has no "states" part
  std::unique_ptr<DecisionModel> decision_;
  Json meta_;
  std::string instruction_;
  double ui_scale_ = 1;
  std::vector<Action> past_;
  ScreenMemory memory_;  // earlier screens' elements, for copying what is no longer shown
  std::vector<UiElement> elements_;
  DecideTimings timings_;
  std::vector<int> avoid_elements_;  // element indices on the current screen that did nothing
  bool no_effect_pending_ = false;
  int last_target_ = -1;
};

// The elements a screen parser finds on a frame: detection, then reading each box, then (with a
// state reader) reading each checkbox / radio glyph's state.
std::vector<UiElement> parse_screen(ElementDetector& detector, TextReader& reader, StateReader* states,
                                    const Frame& frame, double ui_scale, DecideTimings* timings = nullptr);

}  // namespace hemu
