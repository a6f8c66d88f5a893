#include "policy/decision_memory.h"

#include <algorithm>
#include <string>

namespace hemu {
namespace {

// Window titles and taskbar buttons name windows, they are not content a person copies.
bool rememberable(const UiElement& e) {
  return e.element_class != ElementClass::kWindowTitle && e.element_class != ElementClass::kTaskbarButton &&
         !normalised_text(e.text).empty();
}

// Whether `text` (normalised) is shown by one of `shown` (normalised texts of the screen).
bool is_shown(const std::string& text, const std::vector<std::string>& shown) {
  if (std::find(shown.begin(), shown.end(), text) != shown.end()) return true;
  if (text.size() < 8) return false;
  for (const auto& s : shown) {
    if (s.size() >= 8 && text_similarity(s, text, /*max_chars=*/256) >= 0.85f) return true;
  }
  return false;
}

}  // namespace

void ScreenMemory::clear() {
  last_.clear();
  gone_.clear();
}

std::vector<UiElement> ScreenMemory::recall(const std::vector<UiElement>& screen) {
  std::vector<std::string> shown;
  for (const auto& e : screen) {
    if (rememberable(e)) shown.push_back(normalised_text(e.text));
  }
  // Back on the screen: no longer a memory.
  std::erase_if(gone_, [&](const UiElement& e) { return is_shown(normalised_text(e.text), shown); });
  // Gone since the last screen: remembered first (a newer sighting replaces an older one).
  std::vector<UiElement> newly_gone;
  for (const auto& e : last_) {
    const std::string text = normalised_text(e.text);
    if (is_shown(text, shown)) continue;
    std::erase_if(gone_, [&](const UiElement& g) { return normalised_text(g.text) == text; });
    if (std::any_of(newly_gone.begin(), newly_gone.end(), [&](const UiElement& g) { return normalised_text(g.text) == text; }))
      continue;
    UiElement kept = e;
    kept.rect = Rect{};  // no box: it is not on the screen
    kept.focused = false;
    newly_gone.push_back(std::move(kept));
  }
  gone_.insert(gone_.begin(), newly_gone.begin(), newly_gone.end());
  if (gone_.size() > size_t(kMaxRemembered)) gone_.resize(size_t(kMaxRemembered));
  last_.clear();
  for (const auto& e : screen) {
    if (rememberable(e)) last_.push_back(e);
  }
  return gone_;
}

DecisionInput make_decision_input(const std::string& instruction, std::vector<UiElement> elements, Size screen,
                                  ScreenMemory& memory, bool remember) {
  std::vector<UiElement> remembered = memory.recall(elements);
  DecisionInput input = make_decision_input(instruction, std::move(elements), screen);
  if (remember) add_remembered(input, remembered);
  return input;
}

void add_remembered(DecisionInput& input, const std::vector<UiElement>& remembered) {
  const size_t room = size_t(kMaxElements) - std::min(input.elements.size(), size_t(kMaxElements));
  const size_t count = std::min(room, remembered.size());
  const size_t m = input.instruction.tokens.size();
  for (size_t r = 0; r < count; ++r) {
    UiElement e = remembered[r];
    e.rect = Rect{};
    input.element_features.push_back(element_feature_row(e, input.screen));
    input.element_ngrams.push_back(element_text_ngrams(e.text));
    // Pair features are [element][token][channel]: a new element's block goes at the end. Only
    // its own text is matched: it has no label or line without a place on the screen.
    const size_t at = input.pair_features.size();
    input.pair_features.resize(at + m * kPairChannels, 0.0f);
    text_match_channels(e.text, input.instruction, input.pair_features.data() + at, kPairChannels, 0);
    std::array<float, kElementIntentCount> intent{};
    intent[size_t(kRememberedIntent)] = 1.0f;
    input.element_intent.push_back(intent);
    input.elements.push_back(std::move(e));
  }
  input.remembered += int(count);
}

}  // namespace hemu
