// KillSwitch: a latch that stops every input hemu sends, tripped from outside the process.
//
// Two triggers, both optional and combinable:
//   - a signal (SIGUSR1 by default): `kill -USR1 <pid>`. The handler only sets a bit in a lock-free
//     atomic, so it is async-signal-safe;
//   - a stop file: `touch /tmp/hemu.stop`. A watcher thread stat()s the path every
//     kStopFilePollMs (10 ms), so noticing it costs nothing on the input path.
// Both feed one cheap check, `tripped()` (two relaxed atomic loads), meant to be called between
// every low-level input event. Screens take it as `should_stop` (X11ScreenOptions::should_stop,
// GuardedScreen), so a long typed string stops within one poll interval plus one event.
//
//   KillSwitch& kill = KillSwitch::process();
//   HEMU_RETURN_IF_ERROR(kill.trip_on_signal(SIGUSR1));
//   HEMU_RETURN_IF_ERROR(kill.watch_file("/tmp/hemu.stop"));
//   options.should_stop = kill.as_should_stop();
//
// Once tripped it stays tripped until reset(). Signal handlers are installed once per signal for
// the life of the process and never removed (they only set a bit); every KillSwitch watching that
// signal sees it, and reset() on any of them clears it for all.
// Thread-safety: every method may be called from any thread; tripped() also from signal handlers.
// A KillSwitch must outlive the functions returned by as_should_stop().
#pragma once

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.h"

namespace hemu {

inline constexpr int kStopFilePollMs = 10;

class KillSwitch {
 public:
  KillSwitch() = default;
  ~KillSwitch();  // stops the stop-file watcher
  KillSwitch(const KillSwitch&) = delete;
  KillSwitch& operator=(const KillSwitch&) = delete;

  // The process-wide switch `hemu` commands use (created on first use, never destroyed early).
  static KillSwitch& process();

  // Trips when `signal_number` arrives. Installs an async-signal-safe handler (SA_RESTART) the
  // first time a signal is used in the process. Signals outside 1..63 are invalid_argument.
  Status trip_on_signal(int signal_number = SIGUSR1);
  // Trips while `path` exists (checked at once, then every kStopFilePollMs by a watcher thread).
  // One stop file per switch: a second call replaces the first.
  Status watch_file(const std::string& path);

  // True once any trigger fired and until reset(). Cheap: call it between every input event.
  bool tripped() const {
    return tripped_.load(std::memory_order_relaxed) ||
           (received_signals().load(std::memory_order_relaxed) & signal_mask_.load(std::memory_order_relaxed)) != 0;
  }
  // "kill switch: stop file /tmp/hemu.stop exists", "kill switch: SIGUSR1", or "" when not tripped.
  std::string reason() const;
  // Trips by hand (an agent's own emergency stop, tests). `why` follows "kill switch: ".
  void trip(const std::string& why);
  // Clears the latch (and the received bits of this switch's signals). A stop file that still
  // exists trips it again within kStopFilePollMs: remove the file first.
  void reset();

  // For X11ScreenOptions::should_stop and other screens: [this] { return tripped(); }.
  std::function<bool()> as_should_stop() const {
    return [this] { return tripped(); };
  }

 private:
  // Bit n set: signal n arrived since the last reset. Shared by every KillSwitch.
  static std::atomic<uint64_t>& received_signals();
  void stop_watcher();
  void watch_loop(std::string path);

  std::atomic<bool> tripped_{false};
  std::atomic<uint64_t> signal_mask_{0};  // signals this switch listens to
  mutable std::mutex mutex_;              // guards reason_ and the watcher fields
  std::string reason_;
  std::thread watcher_;
  std::condition_variable watcher_wake_;
  bool watcher_stop_ = false;
};

// "SIGUSR1", "SIGTERM", ... ("signal 42" for the rest).
std::string signal_name(int signal_number);

}  // namespace hemu
