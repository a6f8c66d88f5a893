// TraceMeta: the contents of a trace's meta.json (docs/data_format.md, "meta.json").
//
// A trace is a directory holding one recording (a person's session) or one episode (a policy's
// attempt). meta.json is written when the trace starts (complete: false) and rewritten atomically
// by finish() with counts and a checksum per file (complete: true). Value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/geometry.h"
#include "core/json.h"
#include "core/status.h"

namespace hemu {

inline constexpr const char* kTraceFormatName = "hemu-trace";
inline constexpr int kTraceFormatVersion = 1;
// hemu has no release numbering yet; traces record this so a later reader can tell old writers.
inline constexpr const char* kHemuVersion = "0.1.0";

// File names inside a trace directory.
inline constexpr const char* kMetaFile = "meta.json";
inline constexpr const char* kEventsFile = "events.jsonl";
inline constexpr const char* kFramesFile = "frames.bin";
inline constexpr const char* kFrameIndexFile = "frames.idx";

enum class TraceKind { kRecording, kEpisode };
const char* trace_kind_name(TraceKind kind);  // "recording" | "episode"

// Size and CRC-32 of one finished file.
struct TraceFileSummary {
  int64_t bytes = 0;
  uint32_t crc32 = 0;
  friend bool operator==(const TraceFileSummary&, const TraceFileSummary&) = default;
};

struct TraceMeta {
  // Set by whoever starts the trace.
  TraceKind kind = TraceKind::kEpisode;
  Size screen{0, 0};           // pixels
  double ui_scale = 1.0;
  std::string instruction;     // what the person or policy was asked to do
  std::string task;            // sim task name, when known
  std::optional<uint64_t> seed;  // sim seed, when known
  std::string policy;          // episodes: "expert", "human", "random", a model name
  std::string source;          // the Screen's name: "sim:click_button", "x11::99"
  Json extra = Json::object(); // free-form, kept verbatim
  // Set by TraceWriter.
  std::string start_time;      // wall clock when the trace started, UTC ISO 8601 ("2026-11-22T10:00:00.123Z")
  std::string hemu_version = kHemuVersion;
  int format_version = kTraceFormatVersion;
  bool complete = false;       // finish() ran
  // Written by finish() only (complete == true).
  int64_t frame_count = 0;
  int64_t event_count = 0;
  int64_t duration_us = 0;     // last t_us of any frame or event
  TraceFileSummary frames_file, events_file, index_file;
};

Json meta_to_json(const TraceMeta& meta);
// kCorrupt naming the field for malformed content; an unknown format or a newer major version is
// kOutOfRange ("meta.json: format version 2 is newer than this hemu (1)").
Result<TraceMeta> meta_from_json(const Json& json);

// UTC now as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string utc_timestamp_now();

}  // namespace hemu
