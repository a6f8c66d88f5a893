// Writing a model whose decision part was trained further (practice, imitation, flywheel): the
// base file's parts and metadata, the new decision part, and a metadata entry saying how.
#pragma once

#include <string>

#include "core/json.h"
#include "core/status.h"
#include "policy/checkpoint.h"

namespace hemu {
class NeuralPolicy;
}

namespace hemu::cli {

// "hemu practice --rounds 3 ..." as typed (argv[0] is the subcommand name).
std::string command_line(int argc, char** argv);

// Saves `base` with policy's decision part and meta[key] = `entry` (+ "command" when non-empty).
Status save_with_decision(const Checkpoint& base, NeuralPolicy& policy, const std::string& key, Json entry,
                          const std::string& path);

}  // namespace hemu::cli
