// Repairing a damaged or unfinished trace (a recorder that crashed, a disk that filled up) so that
// datasets accept it: keeps the valid prefix of each file, drops the rest, and finishes the trace.
// Stateless; do not run it on a trace a writer still has open.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "data/trace_problem.h"

namespace hemu {

struct RepairReport {
  std::vector<TraceProblem> problems;  // what was wrong (empty: the trace was fine, nothing changed)
  int64_t frames_kept = 0, events_kept = 0;
  int64_t bytes_dropped = 0;           // cut from frames.bin and events.jsonl
};

// Truncates frames.bin and events.jsonl to their valid prefixes (every frame decodes; every action
// refers to a kept frame), rewrites frames.idx and writes a finished meta.json whose
// extra.repaired lists the problems, then re-opens the trace strictly to prove it. What is cut is
// lost. kCorrupt when meta.json itself is damaged (nothing to rebuild from).
Result<RepairReport> repair_trace(const std::string& dir);

}  // namespace hemu
