// hemu record: a person at work on an X display, recorded as a trace (docs/data_format.md): frames
// when the screen changes (rate-capped) and every raw input event as it arrives. `hemu label`
// turns the result into actions.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/stop_signal.h"
#include "core/clock.h"
#include "data/trace_writer.h"

#ifdef HEMU_HAVE_X11
#include "x11/x11_recorder.h"
#include "x11/x11_screen.h"
#endif

namespace hemu::cli {

#ifndef HEMU_HAVE_X11

int record_main(int, char**) {
  return report_error("record", unavailable("this hemu was built without X11 (install libx11-dev and rebuild)"));
}

#else

namespace {

constexpr int kInputWaitMs = 20;  // longest wait for input before damage and the stop flag are looked at

// Captures a frame and appends it to the trace (its time clamped to the trace's order).
Status add_frame(X11Screen& screen, TraceWriter& writer, Frame& frame, int64_t& last_frame_t_us) {
  HEMU_RETURN_IF_ERROR(screen.capture(frame));
  last_frame_t_us = std::max(last_frame_t_us, writer.trace_time_us(frame.capture_time_us));
  return writer.add_frame(frame, last_frame_t_us).status();
}

Status record(const std::string& display, const std::string& out_dir, const std::string& instruction,
              double seconds, double max_fps) {
  X11ScreenOptions options;
  options.display = display;
  auto screen = X11Screen::open(options);
  if (!screen.ok()) return screen.status();
  auto recorder = X11Recorder::open(display);
  if (!recorder.ok()) return recorder.status();

  TraceMeta meta;
  meta.kind = TraceKind::kRecording;
  meta.screen = (*screen)->size();
  meta.instruction = instruction;
  meta.source = (*screen)->name();
  auto writer = TraceWriter::create(out_dir, meta);
  if (!writer.ok()) return writer.status();

  const int64_t frame_interval_us = int64_t(1e6 / max_fps);
  const int64_t end_us = seconds > 0 ? monotonic_us() + int64_t(seconds * 1e6) : INT64_MAX;
  Frame frame;
  int64_t last_frame_t_us = 0, last_event_t_us = 0;
  HEMU_RETURN_IF_ERROR(add_frame(**screen, **writer, frame, last_frame_t_us));
  int64_t last_capture_us = monotonic_us();
  while (stop_signal() == 0 && monotonic_us() < end_us) {
    auto inputs = (*recorder)->wait(kInputWaitMs);
    if (!inputs.ok()) return inputs.status();
    for (const RecordedInput& input : *inputs) {
      last_event_t_us = std::max(last_event_t_us, (*writer)->trace_time_us(input.time_us));
      HEMU_RETURN_IF_ERROR((*writer)->add_event({last_event_t_us, input.event}));
    }
    if (monotonic_us() - last_capture_us < frame_interval_us) continue;
    auto damage = (*screen)->wait_for_damage(/*timeout_ms=*/0);
    if (!damage.ok()) return damage.status();
    if (damage->empty()) continue;
    HEMU_RETURN_IF_ERROR((*screen)->wait_for_settle(/*quiet_ms=*/0, /*timeout_ms=*/0).status());  // consume it
    HEMU_RETURN_IF_ERROR(add_frame(**screen, **writer, frame, last_frame_t_us));
    last_capture_us = monotonic_us();
  }
  HEMU_RETURN_IF_ERROR((*writer)->finish());
  std::fprintf(stderr, "recorded %lld frames and %lld events to %s\n", (long long)(*writer)->frame_count(),
               (long long)(*writer)->event_count(), out_dir.c_str());
  return Status();
}

}  // namespace

int record_main(int argc, char** argv) {
  Flags flags("record",
              "Record a person working on an X display: a frame whenever the screen changes (at most\n"
              "--max-fps per second) and every raw input event (pointer, wheel, keys) as it arrives, into a\n"
              "trace directory that `hemu label` turns into actions. Stops after --seconds or on SIGINT/SIGTERM.");
  std::string& display = flags.add_string("display", "", "X display to record (\":99\"); empty = $DISPLAY");
  std::string& out_dir = flags.add_string("out", "", "trace directory to create (required)");
  std::string& instruction = flags.add_string("instruction", "", "what the person was asked to do");
  double& seconds = flags.add_double("seconds", 0, "stop after this long; 0 = until SIGINT/SIGTERM");
  double& max_fps = flags.add_double("max-fps", 10, "most frames captured per second");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("record", st);
  if (out_dir.empty()) return report_error("record", invalid_argument("--out DIR is required"));
  if (max_fps <= 0) return report_error("record", invalid_argument("--max-fps must be > 0"));
  if (seconds < 0) return report_error("record", invalid_argument("--seconds must be >= 0"));
  install_stop_handlers();
  if (auto st = record(display, out_dir, instruction, seconds, max_fps); !st.ok()) return report_error("record", st);
  return 0;
}

#endif  // HEMU_HAVE_X11

}  // namespace hemu::cli
