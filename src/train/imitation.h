// Imitation from traces: the decision part learns from recorded work — recordings of people
// (raw input turned into actions by the labeler, docs/labeler.md) and episodes (action lines) —
// as the policy will see it at run time: every observation frame goes through the model's own
// screen parser. Nothing but the frames and the actions is used, so traces from any program work,
// not only the embedded desktop. Used by `hemu imitate` and `hemu flywheel`.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "train/episode_fit.h"

namespace hemu {

class NeuralPolicy;

struct ImitationOptions {
  bool successful_only = true;  // episodes with an outcome line: keep successes only
};

struct ImitationData {
  std::map<std::string, std::vector<DecisionEpisode>> groups;  // by task (or instruction when no task)
  int64_t traces = 0, used = 0, actions = 0, unencodable = 0;
  std::map<std::string, int64_t> unencodable_reasons;
  std::vector<std::string> skipped;  // "DIR: why"
  std::map<std::string, std::vector<const DecisionEpisode*>> views() const;
};

// Every trace under each root (data/dataset.h find_traces). Damaged or unfinished traces and
// traces without actions are skipped with the reason; kNotFound when a root does not exist,
// kInvalidArgument when nothing usable remains.
Result<ImitationData> load_imitation_data(NeuralPolicy& parser, const std::vector<std::string>& roots,
                                          const ImitationOptions& options = {});

struct ImitateOptions {
  ImitationOptions data;
  bool from_scratch = false;   // a fresh decision part (same config) instead of fine-tuning
  int64_t steps = 400;
  int batch_episodes = 16;
  double learning_rate = 0;    // 0: 2e-3 from scratch, 3e-4 fine-tuning (AdamW)
  uint64_t seed = 1;
  int threads = 2;
  std::function<void(int64_t step, double loss)> on_step;
};

struct ImitateReport {
  int64_t traces = 0, used = 0, actions = 0, unencodable = 0;
  std::map<std::string, int64_t> unencodable_reasons;
  std::vector<std::string> skipped;
  std::map<std::string, int64_t> episodes_per_group;
  FitReport fit;
};

// Loads the traces (parsed by the policy's own perception) and trains policy's decision part on
// them, in place (from scratch: replaced by a fresh one first).
Result<ImitateReport> imitate(NeuralPolicy& policy, const std::vector<std::string>& roots, const ImitateOptions& options);

}  // namespace hemu
