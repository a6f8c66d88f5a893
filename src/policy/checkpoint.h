// hemu-model checkpoints: one file holding a model's named parts (torch-serialised modules) and
// JSON metadata (format version, config, training data, evaluation results), checked by SHA-256.
//
// Layout (docs/model_format.md):
//   "HEMUMODEL\n" | u32 format version (LE) | u64 header length (LE) | header JSON |
//   section bytes, in header order | 32-byte SHA-256 of everything before it.
// The header JSON is {"meta": {...}, "sections": [{"name", "bytes", "sha256"}]}.
// Loading a corrupted, truncated or wrong-version file fails with a message naming the problem;
// saving is atomic (temporary file + rename), so a crash never leaves half a checkpoint.
#pragma once

#include <map>
#include <string>

#include "core/json.h"
#include "core/status.h"

namespace hemu {

inline constexpr uint32_t kModelFormatVersion = 1;

struct Checkpoint {
  Json meta = Json::object();
  std::map<std::string, std::string> sections;  // part name -> bytes

  // The bytes of a part, or kNotFound naming the parts that exist.
  Result<const std::string*> section(const std::string& name) const;
};

Status save_checkpoint(const std::string& path, const Checkpoint& checkpoint);
Result<Checkpoint> load_checkpoint(const std::string& path);
// The same from/to memory (`source` names the bytes in messages).
std::string checkpoint_to_bytes(const Checkpoint& checkpoint);
Result<Checkpoint> checkpoint_from_bytes(const std::string& bytes, const std::string& source);
// One part's bytes from a file that is either a whole model file (its part `name`) or a raw part
// file (e.g. what `hemu train --detector-out` writes), so commands accept both.
Result<std::string> load_part_file(const std::string& path, const std::string& name);

}  // namespace hemu
