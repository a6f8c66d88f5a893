// Per-task tables and JSON lines for `hemu play` and `hemu demo`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/play.h"

namespace hemu::cli {

// Seconds the policy needed for an episode: simulated human time for the human-like expert,
// wall-clock time otherwise.
double policy_seconds(const EpisodeReport& episode, SimPolicy policy);

std::string episode_json(const EpisodeReport& episode, SimPolicy policy);

class PlayTable {
 public:
  explicit PlayTable(std::string policy_name) : policy_name_(std::move(policy_name)) {}
  void add(const EpisodeReport& episode, SimPolicy policy);
  // Markdown-style table: task, episodes, success %, mean reward, steps, time, KLM reference,
  // speed multiple (reference / time), plus a total row.
  std::string render() const;
  double overall_success() const;

 private:
  struct Row {
    int episodes = 0, successes = 0;
    double reward = 0, steps = 0, seconds = 0, reference_s = 0;
  };
  std::string policy_name_;
  std::vector<std::string> order_;
  std::map<std::string, Row> rows_;
};

}  // namespace hemu::cli
