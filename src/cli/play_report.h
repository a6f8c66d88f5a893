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

// Shared flag handling (cmd_play.cc): --size/--scale/--theme -> EnvConfig; "TASK", families, "all".
Result<EnvConfig> base_config_from_flags(const std::string& size, double scale, const std::string& theme);
Result<std::vector<std::string>> tasks_from_args(const std::vector<std::string>& args);

// Plays one episode and writes it as a trace to root/<task>-<seed>/ (`hemu play --record`,
// `hemu flywheel`): every observation, action, timing and the outcome (cmd_play.cc).
Result<EpisodeReport> play_recorded(const EnvConfig& config, SimPolicy policy, const std::string& root,
                                    const PlayOptions& options = {});

// An animated GIF of `frames` (0.7 s each, the last 2 s), scaled down to at most `max_width`.
Status write_frames_gif(const std::vector<Frame>& frames, const std::string& path, int max_width);

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
