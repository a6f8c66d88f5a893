// hemu desktop: the embedded desktop in a real X window, worked with real X input (a person at the
// keyboard, or hemu itself through `hemu act` / X11Screen). The window shows one task episode;
// X input goes to the desktop's low-level event API; when the task judges the episode finished the
// command prints one JSON outcome line and exits 0 (or keeps the window with --stay).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/stop_signal.h"
#include "core/clock.h"
#include "core/json.h"
#include "sim/task_env.h"

#ifdef HEMU_HAVE_X11
#include "x11/frame_window.h"
#endif

namespace hemu::cli {

#ifndef HEMU_HAVE_X11

int desktop_main(int, char**) {
  return report_error("desktop", unavailable("this hemu was built without X11 (install libx11-dev and rebuild)"));
}

#else

Result<EnvConfig> base_config_from_flags(const std::string& size, double scale, const std::string& theme);  // cmd_play.cc

namespace {

constexpr int kPollMs = 100;  // longest wait before the stop flag is looked at again

// Turns window input into Desktop events, in window = sim screen pixels.
class InputForwarder {
 public:
  explicit InputForwarder(Desktop& desktop) : desktop_(desktop) {}

  // Returns true when the event was a deliberate act (press, notch, key) that may finish the task.
  bool forward(const WindowInput& in) {
    const Point p = clamp(in.position);
    ++events_;
    switch (in.kind) {
      case WindowInput::Kind::kMotion:
        desktop_.mouse_move(p);
        return false;
      case WindowInput::Kind::kButtonPress:
        if (in.button >= 1 && in.button <= 3) {
          desktop_.mouse_press(p, MouseButton(in.button), in.click_count, in.ctrl, in.shift);
        } else if (in.button >= 4 && in.button <= 7) {
          // X wheel buttons: 4 up, 5 down, 6 left, 7 right; one press per notch.
          const int down = in.button == 5 ? 1 : in.button == 4 ? -1 : 0;
          const int right = in.button == 7 ? 1 : in.button == 6 ? -1 : 0;
          desktop_.wheel(p, down, right);
        } else {
          return false;
        }
        ++acts_;
        return true;
      case WindowInput::Kind::kButtonRelease:
        if (in.button >= 1 && in.button <= 3) desktop_.mouse_release(p, MouseButton(in.button));
        return in.button >= 1 && in.button <= 3;
      case WindowInput::Kind::kKeyPress:
        return forward_key(in);
      case WindowInput::Kind::kCloseRequest:
        return false;
    }
    return false;
  }

  int acts() const { return acts_; }
  int events() const { return events_; }

 private:
  // Like a toolkit: a key with Ctrl, Alt or Super is a command (key event); a printable key is text.
  // Space is both, because buttons, check boxes and lists react to the key and text fields take the
  // character (each ignores the other).
  bool forward_key(const WindowInput& in) {
    if (in.modifier_key) return false;
    const KeyCombo combo{in.ctrl, in.shift, in.alt, in.super, in.key};
    const bool command = in.ctrl || in.alt || in.super;
    if (!command && !in.text.empty()) {
      if (in.key == "space") desktop_.key(combo);
      desktop_.text(in.text);
    } else if (!in.key.empty()) {
      desktop_.key(combo);
    } else {
      return false;
    }
    ++acts_;
    return true;
  }

  Point clamp(Point p) const {
    const Size s = desktop_.screen_size();
    return {std::clamp(p.x, 0, s.width - 1), std::clamp(p.y, 0, s.height - 1)};
  }

  Desktop& desktop_;
  int acts_ = 0;
  int events_ = 0;
};

std::string outcome_json(const EnvConfig& config, const Outcome& outcome, const InputForwarder& input, double seconds) {
  Json j = Json::object();
  j["task"] = config.task;
  j["seed"] = int64_t(config.seed);
  j["success"] = outcome.success();
  j["reward"] = outcome.reward;
  j["reason"] = outcome.reason;
  j["steps"] = input.acts();     // presses, wheel notches and keys
  j["events"] = input.events();  // every forwarded X event, motion included
  j["seconds"] = seconds;
  return j.dump();
}

}  // namespace

int desktop_main(int argc, char** argv) {
  Flags flags("desktop",
              "Show a task of the embedded desktop in an X window and let real X input (a person, or\n"
              "hemu through X11) work it. Prints the instruction, then one JSON line with the outcome\n"
              "when the task is finished (success or a wrong commit), and exits 0.\n"
              "Without TASK the task is chosen by the seed. SIGINT/SIGTERM end the episode with its\n"
              "final judgement.",
              "[TASK]");
  std::string& display = flags.add_string("display", "", "X display, e.g. :99 (default: $DISPLAY)");
  int64_t& seed = flags.add_int("seed", 0, "episode seed");
  std::string& size = flags.add_string("size", "", "sim screen (= window) size WxH (default: the task's native size x scale)");
  double& scale = flags.add_double("scale", 1.0, "UI scale in 1..2");
  std::string& theme = flags.add_string("theme", "", "light, dark or classic (default: from the seed)");
  int64_t& x = flags.add_int("x", 0, "window position on the display: left edge");
  int64_t& y = flags.add_int("y", 0, "window position on the display: top edge");
  bool& stay = flags.add_bool("stay", false, "keep the window after the outcome until SIGINT/SIGTERM or close");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("desktop", st);
  if (flags.positional().size() > 1) return report_error("desktop", invalid_argument("expected at most one TASK"));

  auto base = base_config_from_flags(size, scale, theme);
  if (!base.ok()) return report_error("desktop", base.status());
  EnvConfig config = *base;
  config.seed = uint64_t(seed);
  const std::vector<std::string> names = task_names();
  config.task = flags.positional().empty() ? names[config.seed % names.size()] : flags.positional()[0];
  auto env = TaskEnv::create(config);
  if (!env.ok()) return report_error("desktop", env.status());
  config = (*env)->config();  // with the resolved screen size
  Desktop& desktop = (*env)->desktop();
  desktop.show_cursor = false;  // the real X pointer is on top
  desktop.exact_damage = true;  // X clients (and XDamage) see only what really changed

  FrameWindowOptions options;
  options.display = display;
  options.size = desktop.screen_size();
  options.position = {int(x), int(y)};
  options.title = "hemu desktop: " + config.task + " (seed " + std::to_string(config.seed) + ")";
  auto window = FrameWindow::open(options);
  if (!window.ok()) return report_error("desktop", window.status());
  install_stop_handlers();

  Frame frame;
  (*env)->render(frame);
  if (auto st = (*window)->show(frame); !st.ok()) return report_error("desktop", st);
  std::printf("%s\n", (*env)->instruction().c_str());
  std::fflush(stdout);
  std::fprintf(stderr, "hemu desktop: %s seed %llu on %s at %d,%d (%dx%d); Ctrl+C ends the episode\n",
               config.task.c_str(), (unsigned long long)config.seed, (*window)->display_name().c_str(), int(x),
               int(y), options.size.width, options.size.height);

  InputForwarder input(desktop);
  const Stopwatch clock;
  bool reported = false, closed = false;
  auto report = [&](const Outcome& outcome) {
    std::printf("%s\n", outcome_json(config, outcome, input, std::round(clock.elapsed_ms()) / 1000.0).c_str());
    std::fflush(stdout);
    reported = true;
  };
  while (stop_signal() == 0 && !closed && !(reported && !stay)) {
    auto inputs = (*window)->wait_inputs(kPollMs);
    if (!inputs.ok()) return report_error("desktop", inputs.status());
    // Every queued event is applied, judging after each act, then the window is drawn once.
    for (const WindowInput& in : *inputs) {
      if (in.kind == WindowInput::Kind::kCloseRequest) {
        closed = true;
        break;
      }
      if (!input.forward(in) || reported) continue;
      Outcome outcome = (*env)->task().evaluate(desktop, /*final=*/false);
      if (outcome.finished) {
        report(outcome);
        if (!stay) break;
      }
    }
    if (desktop.dirty()) {
      (*env)->render(frame);
      if (auto st = (*window)->show(frame); !st.ok()) return report_error("desktop", st);
    }
  }
  if (!reported) {
    const int signal_number = stop_signal();
    const std::string why = closed ? "window closed"
                                   : "interrupted by " + std::string(signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    report((*env)->finish(why));
  }
  return 0;
}

#endif  // HEMU_HAVE_X11

}  // namespace hemu::cli
