#include "policy/neural_policy.h"

#include <chrono>

#include "policy/choice_shape.h"
#include "policy/decision_model.h"
#include "policy/element_detector.h"
#include "policy/reading_rect.h"
#include "policy/select_before_typing.h"
#include "policy/slider_track.h"
#include "policy/stacked_cards.h"
#include "policy/state_reader.h"
#include "policy/text_reader.h"

namespace hemu {
namespace {
int64_t us_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

NeuralPolicy::NeuralPolicy() = default;
NeuralPolicy::~NeuralPolicy() = default;

Result<std::unique_ptr<NeuralPolicy>> NeuralPolicy::load(const std::string& path) {
  auto ck = load_checkpoint(path);
  if (!ck.ok()) return ck.status();
  auto policy = from_checkpoint(*ck);
  if (!policy.ok()) return policy.status().with_context("model " + path);
  return policy;
}

Result<std::unique_ptr<NeuralPolicy>> NeuralPolicy::from_checkpoint(const Checkpoint& checkpoint) {
  std::unique_ptr<NeuralPolicy> p(new NeuralPolicy());
  auto detector = checkpoint.section("detector");
  if (!detector.ok()) return detector.status();
  auto reader = checkpoint.section("reader");
  if (!reader.ok()) return reader.status();
  auto decision = checkpoint.section("decision");
  if (!decision.ok()) return decision.status();
  auto d = ElementDetector::from_bytes(**detector);
  if (!d.ok()) return d.status();
  auto r = TextReader::from_bytes(**reader);
  if (!r.ok()) return r.status();
  auto m = DecisionModel::from_bytes(**decision);
  if (!m.ok()) return m.status();
  p->detector_ = std::move(*d);
  p->reader_ = std::move(*r);
  p->decision_ = std::move(*m);
  if (checkpoint.sections.count("states") != 0) {
    auto s = StateReader::from_bytes(checkpoint.sections.at("states"));
    if (!s.ok()) return s.status();
    p->states_ = std::move(*s);
  }
  p->meta_ = checkpoint.meta;
  return p;
}

int64_t NeuralPolicy::parameter_count() const {
  return detector_->parameter_count() + reader_->parameter_count() + decision_->parameter_count() +
         (states_ != nullptr ? states_->parameter_count() : 0);
}

void NeuralPolicy::begin(const std::string& instruction, double ui_scale) {
  instruction_ = instruction;
  ui_scale_ = ui_scale;
  past_.clear();
  avoid_elements_.clear();
  no_effect_pending_ = false;
  last_target_ = -1;
  memory_.clear();
  decision_->reset();
}

std::vector<UiElement> NeuralPolicy::parse(const Frame& frame, double ui_scale) {
  return parse_screen(*detector_, *reader_, states_.get(), frame, ui_scale);
}

void NeuralPolicy::replace_decision_model(std::unique_ptr<DecisionModel> model) {
  decision_ = std::move(model);
  decision_->reset();
}

void NeuralPolicy::clear_caches() {
  reader_->clear_cache();
  if (states_ != nullptr) states_->clear_cache();
}

void NeuralPolicy::note_no_effect() {
  no_effect_pending_ = true;
  if (last_target_ >= 0) avoid_elements_.push_back(last_target_);
}

std::vector<UiElement> parse_screen(ElementDetector& detector, TextReader& reader, StateReader* states,
                                    const Frame& frame, double ui_scale, DecideTimings* timings) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<UiElement> elements = detector.detect(frame, ui_scale);
  resolve_choice_shapes(frame, elements);
  split_stacked_cards(frame, elements);
  auto t1 = std::chrono::steady_clock::now();
  std::vector<Rect> rects;
  rects.reserve(elements.size());
  for (const auto& e : elements) rects.push_back(reading_rect(frame, e));
  std::vector<std::string> texts = reader.read_batch(frame, rects);
  for (size_t i = 0; i < elements.size() && i < texts.size(); ++i) elements[i].text = std::move(texts[i]);
  fit_sliders_to_tracks(frame, ui_scale, elements);
  read_slider_values(elements);
  if (states != nullptr) states->read_states(frame, elements);
  if (timings != nullptr) {
    timings->detect_us = std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count();
    timings->read_us = us_since(t1);
  }
  return elements;
}

Result<Action> NeuralPolicy::decide(const Frame& frame) {
  elements_ = parse_screen(*detector_, *reader_, states_.get(), frame, ui_scale_, &timings_);
  auto t = std::chrono::steady_clock::now();
  DecisionInput input = make_decision_input(instruction_, elements_, {frame.width, frame.height}, memory_,
                                            reads_remembered(decision_->config().feature_version));
  set_history(input, past_);
  // Avoidance holds only for the screen the ineffective action was sent on: the caller's
  // note_no_effect() says the next frame is that screen again.
  if (!no_effect_pending_) avoid_elements_.clear();
  no_effect_pending_ = false;
  input.avoid_elements = avoid_elements_;
  const ActionChoice choice = decision_->decide(input);
  last_target_ = choice.kind == ChoiceKind::kType || choice.kind == ChoiceKind::kKey || choice.kind == ChoiceKind::kDone
                     ? -1
                     : choice.element;
  auto action = decode_choice(input, choice);
  if (action.ok() && should_select_before_typing(elements_, past_, *action)) action = Action::key("ctrl+a");
  timings_.decide_us = us_since(t);
  if (action.ok()) past_.push_back(*action);
  return action;
}

}  // namespace hemu
