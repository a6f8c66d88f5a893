#include "policy/date_pattern.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace hemu {
namespace {

// At most this many misread characters: a placeholder of 10 read with 3 wrong is still far closer
// to its own pattern than to one with day and month swapped (4 substitutions away).
constexpr int kMaxDistance = 3;

std::vector<std::string> candidate_patterns() {
  std::vector<std::string> out;
  const std::array<std::string, 3> parts = {"DD", "MM", "YYYY"};
  std::array<int, 3> order = {0, 1, 2};
  do {
    for (char sep : {'.', '/', '-'})
      out.push_back(parts[size_t(order[0])] + sep + parts[size_t(order[1])] + sep + parts[size_t(order[2])]);
  } while (std::next_permutation(order.begin(), order.end()));
  return out;
}

}  // namespace

int substring_edit_distance(const std::string& pattern, const std::string& text) {
  // Sellers' algorithm: the text may start and end anywhere at no cost.
  std::vector<int> previous(pattern.size() + 1), current(pattern.size() + 1);
  for (size_t i = 0; i <= pattern.size(); ++i) previous[i] = int(i);
  int best = int(pattern.size());
  for (char raw : text) {
    const char c = char(std::toupper(static_cast<unsigned char>(raw)));
    current[0] = 0;
    for (size_t i = 1; i <= pattern.size(); ++i)
      current[i] = std::min({previous[i] + 1, current[i - 1] + 1, previous[i - 1] + (pattern[i - 1] == c ? 0 : 1)});
    best = std::min(best, current[pattern.size()]);
    std::swap(previous, current);
  }
  return best;
}

std::string screen_date_pattern(const std::vector<UiElement>& elements) {
  static const std::vector<std::string> patterns = candidate_patterns();
  std::string best;
  int best_distance = kMaxDistance + 1;
  for (const auto& e : elements) {
    // A pattern needs its letters: texts without a Y (dates already typed, plain words) are skipped.
    if (e.text.size() < 6 || e.text.find_first_of("Yy") == std::string::npos) continue;
    for (const auto& p : patterns) {
      const int d = substring_edit_distance(p, e.text);
      if (d < best_distance) best_distance = d, best = p;
    }
  }
  return best;
}

}  // namespace hemu
