#include "cli/model_write.h"

#include "policy/decision_model.h"
#include "policy/neural_policy.h"

namespace hemu::cli {

std::string command_line(int argc, char** argv) {
  std::string command = "hemu";
  for (int i = 0; i < argc; ++i) command += std::string(" ") + argv[i];
  return command;
}

Status save_with_decision(const Checkpoint& base, NeuralPolicy& policy, const std::string& key, Json entry,
                          const std::string& path) {
  Checkpoint out = base;
  out.sections["decision"] = policy.decision_model().to_bytes();
  out.meta["decision"]["parameters"] = policy.decision_model().parameter_count();
  out.meta[key] = std::move(entry);
  return save_checkpoint(path, out);
}

}  // namespace hemu::cli
