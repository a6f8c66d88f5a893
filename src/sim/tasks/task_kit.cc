#include "sim/tasks/task_kit.h"

#include <algorithm>
#include <cctype>

namespace hemu::task_kit {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += quoted(items[i]);
  }
  return out;
}

std::string lowercase(std::string s) {
  for (char& c : s) c = char(std::tolower(uint8_t(c)));
  return s;
}

std::string two_digits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::vector<std::string> ordered_subset(Rng& rng, const std::vector<std::string>& pool, int n) {
  std::vector<int> picks = rng.sample_indices(int(pool.size()), std::min(n, int(pool.size())));
  std::sort(picks.begin(), picks.end());
  std::vector<std::string> out;
  for (int i : picks) out.push_back(pool[size_t(i)]);
  return out;
}

std::pair<Button*, Button*> add_commit_row(Layout& l, Window* w, const std::string& commit_caption, Rng& rng,
                                           const std::string& cancel_caption) {
  Button* commit = nullptr;
  Button* cancel = nullptr;
  if (rng.chance(0.5)) {
    commit = l.add<Button>("commit", commit_caption);
    cancel = l.add_inline<Button>("cancel", cancel_caption);
  } else {
    cancel = l.add<Button>("cancel", cancel_caption);
    commit = l.add_inline<Button>("commit", commit_caption);
  }
  commit->primary = true;
  w->default_button = commit;
  w->cancel_button = cancel;
  return {commit, cancel};
}

}  // namespace hemu::task_kit
