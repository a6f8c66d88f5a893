// TraceReader: opens a trace directory, validates every file, and reads frames and events.
//
//   auto trace = TraceReader::open("data/click_button-3");            // any damage is an error
//   auto trace = TraceReader::open(dir, {.recover = true});           // valid prefix + problems
//   for (const TraceProblem& p : (*trace)->problems()) puts(p.to_string().c_str());
//   Result<Frame> f = (*trace)->frame(0);
//
// open() checks meta.json (its CRC and fields), every events.jsonl line (CRC, JSON, fields, time
// order), every frames.bin record (header and payload CRCs, indices, time order), frames.idx against
// the scan, cross references (an action's frame exists) and, for a finished trace, the counts, sizes
// and CRCs that meta.json lists. Problems are located precisely:
//   "frames.bin: record 17 at byte 48213: CRC mismatch", "events.jsonl line 230: truncated JSON (...)"
// Nothing past the first damage in a file is used. Garbage never crashes it.
//
// Thread-safety: const methods may be called concurrently; frame() (it caches decoder state) not.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/status.h"
#include "data/frame_codec.h"
#include "data/frame_file.h"
#include "data/trace_event.h"
#include "data/trace_meta.h"
#include "data/trace_problem.h"

namespace hemu {

struct TraceOpenOptions {
  // false: any problem (including an unfinished trace) makes open() fail with kCorrupt naming the
  // first one. true: open() returns the valid prefix of each file and lists what was wrong.
  bool recover = false;
  // Also decode every frame (catches payloads that pass their CRC but do not decode, i.e. writer
  // bugs). Costs a decode per frame (figures in docs/data_format.md); CRCs are always checked.
  bool decode_frames = false;
};

class TraceReader {
 public:
  // kNotFound when `dir` or its meta.json is missing; kCorrupt for damage (unless recover; a
  // meta.json that fails its checks is fatal even then: without it nothing can be trusted);
  // kOutOfRange for a trace from a newer hemu.
  static Result<std::unique_ptr<TraceReader>> open(const std::string& dir, const TraceOpenOptions& options = {});
  ~TraceReader();

  const std::string& dir() const { return dir_; }
  const TraceMeta& meta() const { return meta_; }
  // Empty for a finished, undamaged trace.
  const std::vector<TraceProblem>& problems() const { return problems_; }
  bool complete() const { return meta_.complete && problems_.empty(); }

  int64_t frame_count() const { return int64_t(records_.size()); }
  const FrameRecordInfo& frame_info(int64_t index) const;  // HEMU_CHECKs the index
  // Decodes frame `index` (from the keyframe at or before it). Reading in order is cheapest.
  Result<Frame> frame(int64_t index);

  const std::vector<TraceEvent>& events() const { return events_; }
  std::vector<StepEvent> steps() const;
  std::optional<OutcomeEvent> outcome() const;
  // Last t_us of any frame or event read.
  int64_t duration_us() const;
  // Bytes of the files read (meta.json, events.jsonl, frames.bin, frames.idx).
  int64_t total_bytes() const { return total_bytes_; }
  // Lengths of the valid prefixes of frames.bin and events.jsonl: what repair_trace keeps.
  int64_t frames_valid_bytes() const { return frames_valid_bytes_; }
  int64_t events_valid_bytes() const { return events_valid_bytes_; }

 private:
  TraceReader() = default;
  Status read_events();
  Status read_frames();
  void check_references();
  void check_summary();
  Status decode_all();
  Status decode_record(int64_t index);  // reads, checks and decodes one record into decoder_
  void add_problem(TraceProblem problem);

  std::string dir_;
  TraceMeta meta_;
  std::vector<TraceProblem> problems_;
  std::vector<FrameRecordInfo> records_;
  std::vector<TraceEvent> events_;
  std::vector<int64_t> event_lines_;  // events_[i] came from this line of events.jsonl
  std::vector<int64_t> event_ends_;   // ... and ends (after its newline) at this byte
  int64_t events_valid_bytes_ = 0, events_file_bytes_ = 0;
  uint32_t events_valid_crc32_ = 0;
  int64_t frames_valid_bytes_ = 0, frames_file_bytes_ = 0;
  uint32_t frames_valid_crc32_ = 0;
  int64_t total_bytes_ = 0;
  bool events_damaged_ = false, frames_damaged_ = false;

  int frames_fd_ = -1;
  FrameDecoder decoder_;
  int64_t decoded_index_ = -1;  // the frame the decoder holds
  std::vector<uint8_t> payload_;  // read buffer, reused
};

}  // namespace hemu
