// What the decision part remembers of earlier screens in an episode (decision features version 6).
//
// A person reads an order number in one window, clicks into another that then covers it, and types
// the number from memory. The decision model sees one screen at a time, so such a copy was
// impossible. ScreenMemory keeps the elements with text that an earlier screen of the episode
// showed and the current one does not (covered by a window raised since, scrolled away, a view
// left); add_remembered appends them to a DecisionInput after the screen's elements, with no box
// and intent channel kRememberedIntent set, so the copy-from-screen source (TextSource::kScreen)
// can pick them and the pointer heads can never click them.
//
// Not thread-safe: one ScreenMemory per episode, fed every screen in order.
#pragma once

#include <vector>

#include "core/ui_element.h"
#include "policy/decision_features.h"

namespace hemu {

// At most this many remembered elements per step, the most recently gone first: enough for a
// table's rows and a closed dropdown's options gone since, small next to kMaxElements.
inline constexpr int kMaxRemembered = 16;

class ScreenMemory {
 public:
  // Forgets everything (a new episode).
  void clear();
  // The elements earlier screens showed that `screen` does not (text compared after normalising;
  // a text of 8 or more characters that is nearly on the screen, similarity >= 0.85, counts as
  // shown: a parser misreads a letter from one frame to the next), most recently gone first, at
  // most kMaxRemembered, with empty boxes. Then remembers `screen` as the latest screen.
  std::vector<UiElement> recall(const std::vector<UiElement>& screen);

 private:
  std::vector<UiElement> last_;  // the previous screen's elements with text
  std::vector<UiElement> gone_;  // remembered, most recently gone first
};

// Appends `remembered` (from ScreenMemory::recall) to `input`'s elements, up to kMaxElements in
// all, with their element features, text n-grams, own-text match channels and intent channel
// kRememberedIntent; sets input.remembered. Call after make_decision_input and before
// set_history. Only for models of feature version 6 or later: older ones never saw such elements.
void add_remembered(DecisionInput& input, const std::vector<UiElement>& remembered);

// The first input feature version whose models read remembered elements.
inline constexpr int kRememberedFeatureVersion = 6;
inline bool reads_remembered(int feature_version) { return feature_version >= kRememberedFeatureVersion; }

// make_decision_input for one step of an episode: `memory` sees every screen, and the elements it
// recalls are appended when `remember` (reads_remembered of the model's feature version). Every
// place that builds a model's input (the policy, training, pixel DAgger, evaluation, imitation)
// goes through here, so they all give the model the same thing.
DecisionInput make_decision_input(const std::string& instruction, std::vector<UiElement> elements, Size screen,
                                  ScreenMemory& memory, bool remember);

}  // namespace hemu
