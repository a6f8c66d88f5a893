// Version-7 field channel (kMentionedFieldIntent, see decision_features.h): which field the
// instruction's plain words point at, filled or not.
//
// Channel 4 (version 4) marks a mentioned field only while it is empty, and a placeholder
// ("MM/DD/YYYY", "Optional") reads as text, so "Enter 6 August 2021 as the Check-in date" marked
// nothing on a form whose Check-in field shows its placeholder beside a pre-filled Delivery date;
// nor did a label carrying a format ("Appointment date (MM/DD/YYYY):"), whose format words the
// instruction does not repeat. The model typed into the wrong date field.
#include <algorithm>

#include "policy/decision_features.h"

namespace hemu {
namespace {

bool is_field(ElementClass k) {
  return k == ElementClass::kTextField || k == ElementClass::kPasswordField || k == ElementClass::kTextArea ||
         k == ElementClass::kDropdown;
}

// A label as a name: normalised, parenthesised parts dropped, trailing ':' / '*' dropped.
std::string label_name(const std::string& text) {
  std::string out;
  int depth = 0;
  for (char c : normalised_text(text)) {
    if (c == '(') ++depth;
    else if (c == ')') depth = std::max(0, depth - 1);
    else if (depth == 0) out += c;
  }
  while (!out.empty() && (out.back() == ':' || out.back() == '*' || out.back() == ' ')) out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  return normalised_text(out);
}

}  // namespace

void add_mentioned_fields(DecisionInput& in, const std::vector<int>& labels) {
  std::vector<std::string> plain_words, quotes;
  for (const auto& t : in.instruction.tokens) {
    if (t.quote < 0) plain_words.push_back(t.folded);
  }
  for (const auto& q : in.instruction.quoted) quotes.push_back(label_name(q));
  for (size_t i = 0; i < in.elements.size() && i < labels.size(); ++i) {
    if (!is_field(in.elements[i].element_class) || labels[i] < 0) continue;
    const std::string name = label_name(in.elements[size_t(labels[i])].text);
    if (name.empty()) continue;
    bool mentioned = std::find(quotes.begin(), quotes.end(), name) != quotes.end();
    if (!mentioned) {
      const std::vector<std::string> words = text_words(name);
      mentioned = !words.empty() && std::all_of(words.begin(), words.end(), [&](const std::string& w) {
        return std::find(plain_words.begin(), plain_words.end(), w) != plain_words.end();
      });
    }
    in.element_intent[i][size_t(kMentionedFieldIntent)] = mentioned ? 1.0f : 0.0f;
  }
}

}  // namespace hemu
