// Exporting a trace to a video file for people to watch, through the ffmpeg binary.
//
// Frames are piped to ffmpeg as raw RGB at a constant frame rate; each recorded frame is shown from
// its recorded time until the next one's, but for at least `min_frame_ms` (a scripted policy
// takes microseconds per step: without a floor its whole episode would fit in one video frame).
// The last frame is held for `hold_last_ms`. All frames must have the first frame's size.
// Stateless; spawns one ffmpeg process per call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace hemu {

struct VideoExportOptions {
  int fps = 30;
  int min_frame_ms = 0;     // 0: one video frame
  int hold_last_ms = 1000;
  std::string ffmpeg;       // path to the binary; empty: search PATH
  bool recover = false;     // export the valid prefix of a damaged or unfinished trace
};

struct VideoExportReport {
  int64_t trace_frames = 0;  // frames read from the trace
  int64_t video_frames = 0;  // frames written to ffmpeg (with repeats)
  double seconds = 0;        // video length
};

// kUnavailable with an install hint when ffmpeg cannot be found; ffmpeg's own failure is kIo with
// the last lines of its error output; trace damage as TraceReader::open.
Result<VideoExportReport> export_video(const std::string& trace_dir, const std::string& out_path,
                                       const VideoExportOptions& options = {});

// The video frame at which each trace frame starts, given their times (microseconds), the frame
// rate and the minimum display time; strictly increasing. Exposed for tests.
std::vector<int64_t> video_frame_starts(const std::vector<int64_t>& times_us, int fps, int min_frame_ms);

}  // namespace hemu
