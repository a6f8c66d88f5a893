// Datasets: directories of traces, their manifests, statistics, merging and train/val splits
// (docs/data_format.md, "Datasets"). Behind `hemu data stats|merge|split`.
//
// A dataset is any directory tree holding trace directories (a directory with a meta.json); a
// merged dataset also has dataset.json, the manifest listing every trace with its checksums, and a
// split adds train.json and val.json in the same format. Functions here are stateless and
// thread-compatible; they read traces with TraceReader.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/status.h"
#include "data/trace_event.h"
#include "data/trace_meta.h"
#include "data/trace_problem.h"

namespace hemu {

inline constexpr const char* kDatasetFormatName = "hemu-dataset";
inline constexpr int kDatasetFormatVersion = 1;
inline constexpr const char* kDatasetManifestFile = "dataset.json";

// `root` itself when it is a trace, else every trace below it (sorted by path; trace directories
// are not searched further). kNotFound when `root` does not exist.
Result<std::vector<std::string>> find_traces(const std::string& root);

// What stats and manifests need to know about one trace (read with recovery, so damaged traces
// are summarised too and their problems listed).
struct TraceSummary {
  std::string dir;
  TraceMeta meta;
  int64_t frames = 0, events = 0, duration_us = 0, bytes = 0;
  std::map<std::string, int64_t> event_types;   // "motion" -> 120, "action" -> 4, ...
  std::map<std::string, int64_t> action_types;  // episodes: "left_click" -> 3, "type" -> 1
  std::optional<OutcomeEvent> outcome;
  std::vector<TraceProblem> problems;
  uint32_t meta_crc32 = 0;                      // of meta.json as stored
  bool usable() const { return meta.complete && problems.empty(); }
};
// kNotFound / kCorrupt / kOutOfRange as TraceReader::open with recover (e.g. a damaged meta.json).
Result<TraceSummary> summarize_trace(const std::string& dir);

struct DatasetStats {
  int64_t traces = 0, recordings = 0, episodes = 0;
  int64_t frames = 0, events = 0, bytes = 0, duration_us = 0;
  std::map<std::string, int64_t> event_types, action_types;
  int64_t outcomes = 0, successes = 0;          // episodes with an outcome line, and successful ones
  int64_t damaged = 0;                          // traces with problems
  std::vector<std::string> problems;            // "DIR: frames.bin: record 3 at byte 812: CRC mismatch"
  void add(const TraceSummary& trace);
  // A plain-text report: counts, actions per type, success rate, duration, bytes, problems.
  std::string render() const;
};

// One trace in a manifest. `path` is relative to the manifest's directory.
struct ManifestEntry {
  std::string path;
  TraceKind kind = TraceKind::kEpisode;
  std::string task, policy;
  std::optional<uint64_t> seed;
  int64_t frames = 0, events = 0, bytes = 0, duration_us = 0;
  std::optional<bool> success;
  // CRC-32 of each file (docs/data_format.md): what merge compares to find duplicates.
  uint32_t meta_crc32 = 0, frames_crc32 = 0, events_crc32 = 0, index_crc32 = 0;
  // "task/seed" when both are known, else "path:<path>": traces sharing a key stay on one side.
  std::string group_key() const;
  friend bool operator==(const ManifestEntry&, const ManifestEntry&) = default;
};
ManifestEntry manifest_entry(const TraceSummary& trace, const std::string& relative_path);

// Manifest files: a checksummed JSON document (format, version, `fields`, traces).
Status write_manifest(const std::string& path, const std::vector<ManifestEntry>& traces, const Json& fields = Json::object());
Result<std::vector<ManifestEntry>> read_manifest(const std::string& path);

struct MergeOptions {
  bool copy = false;  // copy files instead of hard-linking them (links fall back to copies across file systems)
};
struct MergeReport {
  int64_t added = 0, duplicates = 0, skipped = 0;
  std::vector<std::string> messages;  // one per skipped trace, with its problem
};
// Adds every usable trace found under `inputs` to `out_dir` (created if needed) as
// out_dir/<trace dir name>[-2, -3, ...] and (re)writes out_dir/dataset.json. Traces already in the
// manifest (same checksums) are counted as duplicates and not added again; damaged or unfinished
// traces are skipped and reported. The result depends only on the inputs and their order.
Result<MergeReport> merge_datasets(const std::string& out_dir, const std::vector<std::string>& inputs,
                                   const MergeOptions& options = {});

struct SplitReport {
  int64_t train_traces = 0, val_traces = 0, train_groups = 0, val_groups = 0;
};
// Writes dir/train.json and dir/val.json. Each group (ManifestEntry::group_key) goes to train when
// a hash of (seed, key) falls below train_fraction: deterministic, no group on both sides, and a
// group keeps its side when the dataset grows. Uses dir/dataset.json when present, else the traces
// found under dir.
Result<SplitReport> split_dataset(const std::string& dir, double train_fraction, uint64_t seed);

}  // namespace hemu
