// TraceProblem: one piece of damage found in a trace directory, located precisely.
//
//   frames.bin: record 17 at byte 48213: CRC mismatch
//   events.jsonl line 230: truncated JSON (...)
//   meta.json: the trace was not finished (the writer stopped before finish())
// Value type.
#pragma once

#include <cstdint>
#include <string>

namespace hemu {

struct TraceProblem {
  std::string file;         // "frames.bin", "events.jsonl", "frames.idx", "meta.json"
  int64_t record = -1;      // frames.bin / frames.idx: the record's index; -1 when not about one
  int64_t line = -1;        // events.jsonl: 1-based line number; -1 when not about one
  int64_t byte_offset = -1; // where the damage starts in `file`; -1 when unknown
  std::string what;

  // "events.jsonl line 230: ...", "frames.bin: record 17 at byte 48213: ...", "frames.bin: byte 8: ...",
  // "meta.json: ...".
  std::string to_string() const {
    if (line >= 0) return file + " line " + std::to_string(line) + ": " + what;
    if (record >= 0 && byte_offset >= 0)
      return file + ": record " + std::to_string(record) + " at byte " + std::to_string(byte_offset) + ": " + what;
    if (record >= 0) return file + ": record " + std::to_string(record) + ": " + what;
    if (byte_offset >= 0) return file + ": byte " + std::to_string(byte_offset) + ": " + what;
    return file + ": " + what;
  }
};

}  // namespace hemu
