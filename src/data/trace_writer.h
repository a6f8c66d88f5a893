// TraceWriter: writes one trace directory (a recording or an episode) incrementally.
//
//   auto writer = TraceWriter::create("out/click_button-3", meta);
//   int64_t t = (*writer)->now_us();
//   (*writer)->add_step(/*step=*/0, observation, t, action, timings);   // episodes
//   (*writer)->add_event({t, InputEvent{...}});                         // recordings
//   (*writer)->finish();                                                // index + final meta.json
//
// Durability (docs/data_format.md, "Crash safety"): every frame record and event line goes to the
// kernel with one write(2) as it is added, so a crashed or killed process loses at most the record
// being written. A background thread fdatasyncs both files once a second when something was added,
// so a power loss or kernel crash loses at most the last second. finish() syncs, writes frames.idx
// and the final meta.json atomically (tmp + fsync + rename) and syncs the directory.
//
// Thread-safety: one thread calls the methods of a TraceWriter (the sync thread is internal).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/frame.h"
#include "core/status.h"
#include "data/frame_codec.h"
#include "data/frame_file.h"
#include "data/trace_event.h"
#include "data/trace_meta.h"

namespace hemu {

struct TraceWriterOptions {
  int zlib_level = kFrameDefaultZlibLevel;              // 0..9
  int keyframe_interval = kFrameDefaultKeyframeInterval;  // frames between forced keyframes
  int sync_interval_ms = 1000;  // fdatasync period while appending
  // false: never fsync (data that can be regenerated, benchmarks). A killed process still loses at
  // most the record in flight; an OS crash or power loss may lose anything not yet written back.
  bool sync = true;
};

class TraceWriter {
 public:
  // Creates `dir` (and parents) and starts the trace: writes meta.json with complete: false and the
  // frames.bin header. kInvalidArgument if `dir` already holds a trace; kIo for OS errors.
  // `meta.start_time` is set to now unless given.
  static Result<std::unique_ptr<TraceWriter>> create(const std::string& dir, TraceMeta meta,
                                                     const TraceWriterOptions& options = {});
  // Without finish(): syncs and closes the files, leaving an unfinished trace that readers report
  // as such and can recover.
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // The trace clock: microseconds since create().
  int64_t now_us() const;
  // Converts a monotonic_us() time (core/clock.h, e.g. Frame::capture_time_us) to the trace clock.
  int64_t trace_time_us(int64_t monotonic_time_us) const { return monotonic_time_us - start_monotonic_us_; }

  // Appends a frame taken at `t_us` (>= 0, not before the previous frame); returns its index.
  Result<int64_t> add_frame(const Frame& frame, int64_t t_us);
  // Appends one line to events.jsonl (t_us >= 0, not before the previous event).
  Status add_event(const TraceEvent& event);
  // Episodes: appends the observation frame, then the action line that refers to it.
  Status add_step(int step, const Frame& observation, int64_t t_us, const Action& action,
                  std::optional<StageTimings> timings = std::nullopt, std::string refused = "",
                  std::optional<bool> changed = std::nullopt);
  Status add_outcome(const OutcomeEvent& outcome, int64_t t_us);

  // Completes the trace. Afterwards every method returns an error.
  Status finish();

  const std::string& dir() const { return dir_; }
  // What a producer learns after create() (the screen's size, the instruction) can be filled in
  // here before finish(), which writes it to the final meta.json. Writer-owned fields (counts,
  // checksums, complete) are overwritten by finish().
  TraceMeta& mutable_meta() { return meta_; }
  int64_t frame_count() const { return int64_t(records_.size()); }
  int64_t event_count() const { return event_count_; }
  int64_t frame_bytes() const { return frames_bytes_; }

 private:
  TraceWriter() = default;
  Status write_all(int fd, const std::vector<uint8_t>& bytes, const char* file);
  Status check_usable() const;
  void sync_loop();
  void stop_syncing();

  std::string dir_;
  TraceMeta meta_;
  TraceWriterOptions options_;
  int64_t start_monotonic_us_ = 0;
  FrameEncoder encoder_;
  int frames_fd_ = -1, events_fd_ = -1;
  std::vector<FrameRecordInfo> records_;
  int64_t frames_bytes_ = 0, events_bytes_ = 0, event_count_ = 0;
  uint32_t frames_crc32_ = 0, events_crc32_ = 0;
  int64_t last_frame_t_us_ = 0, last_event_t_us_ = 0;
  bool finished_ = false;
  Status failure_;  // the first write error; sticky

  std::thread syncer_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;             // guarded by mutex_
  std::atomic<bool> dirty_{false};
  Status sync_failure_;               // guarded by mutex_
};

}  // namespace hemu
