// hemu screenshot / act / displays / bench x11: the X11 screen from the command line (docs/x11.md).
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/stop_signal.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/stats.h"
#include "image/png.h"
#include "screen/guard.h"
#include "screen/kill_switch.h"
#include "x11/testing/x11_test_client.h"
#include "x11/testing/xvfb.h"
#include "x11/x11_screen.h"

namespace hemu::cli {
namespace {

// The flags every X11 command shares (`displays` takes only --display).
struct ScreenFlags {
  std::string* display;
  std::string* region = &unused_text_;
  std::string* monitor = &unused_text_;
  bool* no_shm = &unused_bool_;
  ScreenFlags(Flags& flags, bool with_region) {
    display = &flags.add_string("display", "", "X display, e.g. :99 (default $DISPLAY)");
    if (!with_region) return;
    region = &flags.add_string("region", "", "only this root rectangle x,y,w,h; coordinates are relative to it");
    monitor = &flags.add_string("monitor", "", "only this XRandR monitor (see hemu displays)");
    no_shm = &flags.add_bool("no-shm", false, "capture with XGetImage instead of MIT-SHM");
  }
  ScreenFlags(const ScreenFlags&) = delete;
  Result<X11ScreenOptions> options() const {
    X11ScreenOptions o;
    o.display = *display;
    o.monitor = *monitor;
    o.use_shm = !*no_shm;
    if (!region->empty()) {
      Result<Rect> r = parse_region(*region);
      if (!r.ok()) return r.status();
      o.region = *r;
    }
    return o;
  }

 private:
  std::string unused_text_;
  bool unused_bool_ = false;
};

Result<std::unique_ptr<X11Screen>> open_screen(const ScreenFlags& flags, std::function<bool()> should_stop = {}) {
  Result<X11ScreenOptions> options = flags.options();
  if (!options.ok()) return options.status();
  options->should_stop = std::move(should_stop);
  return X11Screen::open(*options);
}

Json rects_json(const std::vector<Rect>& rects) {
  Json out = Json::array();
  for (const Rect& r : rects) {
    Json a = Json::array();
    for (int v : {r.x, r.y, r.width, r.height}) a.push_back(v);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

int screenshot_main(int argc, char** argv) {
  Flags flags("screenshot", "Capture an X display (or a region or monitor of it) to a PNG.", "OUT.png");
  ScreenFlags screen_flags(flags, /*with_region=*/true);
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("screenshot", st);
  if (flags.positional().size() != 1) return report_error("screenshot", invalid_argument("expected one OUT.png path"));
  auto screen = open_screen(screen_flags);
  if (!screen.ok()) return report_error("screenshot", screen.status());
  Frame frame;
  Stopwatch watch;
  if (auto st = (*screen)->capture(frame); !st.ok()) return report_error("screenshot", st);
  const double capture_ms = watch.elapsed_ms();
  const std::string& path = flags.positional()[0];
  if (auto st = png_write(frame, path); !st.ok()) return report_error("screenshot", st);
  std::printf("%s: %dx%d from %s, captured in %.2f ms (%s)\n", path.c_str(), frame.width, frame.height,
              (*screen)->name().c_str(), capture_ms, (*screen)->using_shm() ? "MIT-SHM" : "XGetImage");
  return 0;
}

int act_main(int argc, char** argv) {
  Flags flags("act",
              "Send actions (docs/actions.md) to an X display. One action as an argument, or JSON lines on stdin "
              "(one result line each; malformed lines are reported and skipped; exit 1 if any failed). Ctrl-C stops "
              "between two input events.",
              "['<action json>']");
  ScreenFlags screen_flags(flags, /*with_region=*/true);
  int64_t& settle_ms = flags.add_int("settle-ms", 0, "after each action wait until the screen was quiet this long (0: no wait)");
  int64_t& settle_timeout_ms = flags.add_int("settle-timeout-ms", 2000, "longest wait for the screen to settle");
  std::string& allowed_region = flags.add_string("allowed-region", "", "refuse pointer actions outside x,y,w,h, in action coordinates (relative to --region/--monitor when given)");
  std::string& block_keys = flags.add_string("block-keys", "", "comma-separated key combinations to refuse, besides the defaults");
  bool& allow_default_keys = flags.add_bool("allow-default-keys", false, "do not refuse ctrl+alt+BackSpace / ctrl+alt+Delete");
  bool& dry_run = flags.add_bool("dry-run", false, "log what would be sent, send nothing");
  std::string& audit_log = flags.add_string("audit-log", "", "append one JSON line per action to this file (- for stderr)");
  std::string& stop_file = flags.add_string("stop-file", "", "kill switch: stop all input as soon as this file exists");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("act", st);
  if (flags.positional().size() > 1) {
    return report_error("act", invalid_argument("expected at most one action (quote the JSON), or none to read stdin"));
  }
  // The kill switch: SIGUSR1, the stop file, Ctrl-C and SIGTERM all stop input between two events.
  KillSwitch& kill = KillSwitch::process();
  if (auto st = kill.trip_on_signal(SIGUSR1); !st.ok()) return report_error("act", st);
  if (!stop_file.empty())
    if (auto st = kill.watch_file(stop_file); !st.ok()) return report_error("act", st);
  install_stop_handlers();  // Ctrl-C / SIGTERM stop `act` between two input events (held keys are released)
  auto x11 = open_screen(screen_flags, [&kill] {
    return kill.tripped() || stop_signal() != 0;
  });
  if (!x11.ok()) return report_error("act", x11.status());

  GuardOptions guard_options;
  if (!allowed_region.empty()) {
    auto region = parse_region(allowed_region);
    if (!region.ok()) return report_error("act", region.status().with_context("--allowed-region"));
    guard_options.allowed_region = *region;
  }
  guard_options.blocked_keys = split_list(block_keys);
  guard_options.block_default_keys = !allow_default_keys;
  guard_options.dry_run = dry_run;
  guard_options.audit_log_path = audit_log;
  guard_options.kill_switch = &kill;
  auto guarded = GuardedScreen::create(**x11, guard_options);
  if (!guarded.ok()) return report_error("act", guarded.status());
  Screen& screen = **guarded;

  auto run_one = [&](const std::string& text, int line) -> Status {
    Json result = Json::object();
    if (line > 0) result["line"] = line;
    Result<Action> action = action_from_json(text);
    Status status = action.ok() ? Status() : action.status();
    Stopwatch watch;
    if (status.ok()) {
      result["action"] = action_type_name(action->type);
      if (!audit_log.empty()) {
        // The audit log records the hash of the frame the action was sent on: capture it first.
        Frame seen;
        if (Status captured = screen.capture(seen); !captured.ok()) result["capture_error"] = captured.to_string();
      }
      status = screen.act(*action);
      result["ms"] = watch.elapsed_us() / 1000.0;
    }
    if (status.ok() && settle_ms > 0) {
      Stopwatch settle;
      Result<std::vector<Rect>> damage = (*x11)->wait_for_settle(int(settle_ms), int(settle_timeout_ms));
      if (damage.ok()) {
        result["settle_ms"] = settle.elapsed_us() / 1000.0;
        if ((*x11)->settle_timed_out()) result["settle_timed_out"] = true;
        result["damage"] = rects_json(*damage);
      } else {
        result["settle_error"] = damage.status().to_string();
      }
    }
    result["ok"] = status.ok();
    if (!status.ok()) result["error"] = status.to_string();
    std::printf("%s\n", result.dump().c_str());
    std::fflush(stdout);
    return status;
  };

  if (flags.positional().size() == 1) {
    Status status = run_one(flags.positional()[0], 0);
    if (status.code() == ErrorCode::kCancelled) return 1;
    return status.ok() ? 0 : report_error("act", status);
  }
  int line_number = 0, failed = 0;
  std::string line;
  while (stop_signal() == 0 && std::getline(std::cin, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Status status = run_one(line, line_number);
    if (!status.ok()) ++failed;
    if (status.code() == ErrorCode::kCancelled) break;  // the kill switch stops the whole script
  }
  if (stop_signal() != 0) std::fprintf(stderr, "hemu act: stopped by a signal after line %d\n", line_number);
  return failed > 0 || stop_signal() != 0 ? 1 : 0;
}

int displays_main(int argc, char** argv) {
  Flags flags("displays", "Show an X display's root size, capabilities and XRandR monitors.");
  ScreenFlags screen_flags(flags, /*with_region=*/false);
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("displays", st);
  auto screen = open_screen(screen_flags);
  if (!screen.ok()) return report_error("displays", screen.status());
  auto monitors = (*screen)->monitors();
  if (!monitors.ok()) return report_error("displays", monitors.status());
  const X11Capabilities c = (*screen)->capabilities();
  const Size root = (*screen)->size();
  auto yes_no = [](bool b) { return b ? "yes" : "no"; };
  std::printf("display   %s\n", (*screen)->name().substr(4).c_str());
  std::printf("root      %dx%d\n", root.width, root.height);
  std::printf("pixels    %s%s\n", c.pixel_format.c_str(),
              c.capture_status.ok() ? "" : ("  (cannot capture: " + c.capture_status.message() + ")").c_str());
  std::printf("MIT-SHM   %s%s\n", yes_no(c.shm), c.shm ? "" : (" (" + c.shm_note + ")").c_str());
  std::printf("XTEST     %s%s\n", yes_no(c.xtest), c.xtest ? "" : " (no input possible)");
  std::printf("DAMAGE    %s\n", yes_no(c.damage));
  std::printf("RANDR     %s\n\n", yes_no(c.randr));
  std::printf("%-16s %6s %6s %6s %6s  %s\n", "MONITOR", "X", "Y", "WIDTH", "HEIGHT", "PRIMARY");
  for (const MonitorInfo& m : *monitors) {
    std::printf("%-16s %6d %6d %6d %6d  %s\n", m.name.c_str(), m.rect.x, m.rect.y, m.rect.width, m.rect.height,
                m.primary ? "yes" : "");
  }
  return 0;
}

namespace {

struct BenchRow {
  std::string size, measure;
  std::vector<double> samples_ms;
};

// Measures one display: capture (both paths; whole screen changed, a 200x30 field changed,
// nothing changed), click round trip and damage latency.
Status bench_display(const std::string& display, int repeats, std::vector<BenchRow>& rows) {
  auto client = X11TestClient::open(display);
  if (!client.ok()) return client.status();
  Result<Size> root = (*client)->connection().root_size();
  if (!root.ok()) return root.status();
  const Size size = *root;
  const std::string size_text = std::to_string(size.width) + "x" + std::to_string(size.height);
  // One window of the benchmark's own over the whole screen: it draws, and it receives the clicks.
  auto window = (*client)->create_window({0, 0, size.width, size.height});
  if (!window.ok()) return window.status();

  std::unique_ptr<X11Screen> shm_screen;
  for (bool shm : {true, false}) {
    X11ScreenOptions options;
    options.display = display;
    options.use_shm = shm;
    auto screen = X11Screen::open(options);
    if (!screen.ok()) return screen.status();
    const std::string path = shm ? "MIT-SHM" : "XGetImage";
    if (shm && !(*screen)->using_shm()) {
      rows.push_back({size_text, "MIT-SHM not available: " + (*screen)->capabilities().shm_note, {}});
      continue;
    }
    Frame frame;
    HEMU_RETURN_IF_ERROR((*screen)->capture(frame));
    const int n = shm ? repeats : std::max(5, repeats / 5);  // XGetImage is ~30x slower
    enum class Change { kWhole, kField, kNothing };
    for (Change change : {Change::kWhole, Change::kField, Change::kNothing}) {
      std::vector<double> total, get, convert;
      for (int i = 0; i < n + 2; ++i) {
        const Rgb color{uint8_t(i * 40), uint8_t(255 - i * 40), 128};
        if (change == Change::kWhole) {
          HEMU_RETURN_IF_ERROR((*client)->fill_rect(*window, {0, 0, size.width, size.height}, color));
        } else if (change == Change::kField) {
          HEMU_RETURN_IF_ERROR((*client)->fill_rect(*window, {(i * 97) % (size.width - 200), (i * 61) % (size.height - 30), 200, 30}, color));
        }
        Stopwatch watch;
        HEMU_RETURN_IF_ERROR((*screen)->capture(frame));
        if (i < 2) continue;  // warm-up: first-touch page faults
        total.push_back(watch.elapsed_ms());
        get.push_back((*screen)->last_capture_get_ms());
        convert.push_back((*screen)->last_capture_convert_ms());
      }
      const char* what = change == Change::kWhole   ? "whole screen changed"
                         : change == Change::kField ? "a 200x30 field changed"
                                                    : "nothing changed";
      rows.push_back({size_text, "capture " + path + ", " + what, total});
      if (change == Change::kWhole) {
        rows.push_back({size_text, "  of which server copy", get});
        rows.push_back({size_text, "  of which BGRX -> RGB", convert});
      }
    }
    if (shm) shm_screen = std::move(*screen);
  }
  if (!shm_screen) return Status();

  (void)shm_screen->wait_for_settle(/*quiet_ms=*/20, /*timeout_ms=*/1000);
  (*client)->drop_events();
  std::vector<double> inject, round_trip, damage;
  for (int i = 0; i < repeats; ++i) {
    const Point p{(i * 37) % size.width, (i * 53) % size.height};
    Stopwatch watch;
    HEMU_RETURN_IF_ERROR(shm_screen->act(Action::left_click(p)));
    inject.push_back(watch.elapsed_ms());
    auto press = (*client)->wait_event(*window, TestEvent::Kind::kButtonPress, 2000);
    if (!press.ok()) return press.status();
    round_trip.push_back(watch.elapsed_ms());
  }
  for (int i = 0; i < repeats; ++i) {
    Stopwatch watch;
    HEMU_RETURN_IF_ERROR((*client)->fill_rect(*window, {i % 100, 0, 8, 8}, {uint8_t(i), 0, 0}, /*sync=*/false));
    auto seen = shm_screen->wait_for_damage(2000);
    if (!seen.ok()) return seen.status();
    if (seen->empty()) return unavailable("bench: no DamageNotify within 2 s of a draw");
    damage.push_back(watch.elapsed_ms());
    (void)shm_screen->wait_for_settle(0, 100);  // consume it
  }
  rows.push_back({size_text, "click: act() returns (XSync'd)", inject});
  rows.push_back({size_text, "click -> ButtonPress at a client", round_trip});
  rows.push_back({size_text, "client draw -> DamageNotify seen", damage});
  return Status();
}

}  // namespace

int bench_x11_main(int argc, char** argv) {
  Flags flags("bench x11",
              "X11 figures: capture time (MIT-SHM and XGetImage), click round trip and damage latency. Starts its "
              "own Xvfb per size unless --display is given (then it draws a window there and clicks into it).");
  std::string& display = flags.add_string("display", "", "measure this display instead of starting Xvfb");
  std::string& sizes = flags.add_string("sizes", "1920x1080,3840x2160", "Xvfb screen sizes to measure");
  int64_t& repeats = flags.add_int("repeats", 50, "samples per figure (XGetImage takes a fifth)");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("bench x11", st);
  if (repeats < 1) return report_error("bench x11", invalid_argument("--repeats must be >= 1"));
  std::vector<BenchRow> rows;
  if (!display.empty()) {
    if (auto st = bench_display(display, int(repeats), rows); !st.ok()) return report_error("bench x11", st);
  } else {
    for (const std::string& text : split_list(sizes)) {
      Result<Size> size = parse_size(text);
      if (!size.ok()) return report_error("bench x11", size.status());
      auto xvfb = XvfbProcess::start(*size);
      if (!xvfb.ok()) return report_error("bench x11", xvfb.status());
      if (auto st = bench_display((*xvfb)->display(), int(repeats), rows); !st.ok()) return report_error("bench x11", st);
    }
  }
  std::printf("X11 figures (%s), %lld samples, milliseconds\n\n", display.empty() ? "Xvfb started by hemu" : display.c_str(),
              (long long)repeats);
  std::printf("| %-9s | %-42s | %8s | %8s | %8s |\n", "size", "measure", "min", "median", "p90");
  std::printf("|-----------|--------------------------------------------|----------|----------|----------|\n");
  for (const BenchRow& r : rows) {
    const double min = r.samples_ms.empty() ? 0 : *std::min_element(r.samples_ms.begin(), r.samples_ms.end());
    std::printf("| %-9s | %-42s | %8.3f | %8.3f | %8.3f |\n", r.size.c_str(), r.measure.c_str(), min,
                percentile(r.samples_ms, 0.5), percentile(r.samples_ms, 0.9));
  }
  return 0;
}

}  // namespace hemu::cli
