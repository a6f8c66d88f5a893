#include "screen/kill_switch.h"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace hemu {

namespace {

static_assert(std::atomic<uint64_t>::is_always_lock_free, "the signal handler needs a lock-free atomic");

constexpr int kMaxSignal = 63;  // bits of one uint64_t

}  // namespace

std::atomic<uint64_t>& KillSwitch::received_signals() {
  static std::atomic<uint64_t> bits{0};
  return bits;
}

std::string signal_name(int signal_number) {
  switch (signal_number) {
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    case SIGQUIT: return "SIGQUIT";
    default: return "signal " + std::to_string(signal_number);
  }
}

KillSwitch& KillSwitch::process() {
  // Leaked on purpose: signal handlers and watcher callbacks may run during static destruction.
  static KillSwitch* instance = new KillSwitch();
  return *instance;
}

KillSwitch::~KillSwitch() { stop_watcher(); }

Status KillSwitch::trip_on_signal(int signal_number) {
  if (signal_number < 1 || signal_number > kMaxSignal)
    return invalid_argument("kill switch: signal " + std::to_string(signal_number) + " is outside 1.." +
                            std::to_string(kMaxSignal));
  // One handler for every switch: it records the signal in a shared bit set.
  static std::mutex install_mutex;
  static uint64_t installed = 0;
  std::lock_guard<std::mutex> lock(install_mutex);
  const uint64_t bit = uint64_t{1} << signal_number;
  if ((installed & bit) == 0) {
    struct sigaction action {};
    // Async-signal-safe: one lock-free atomic update, nothing else.
    action.sa_handler = [](int n) {
      if (n > 0 && n <= kMaxSignal) received_signals().fetch_or(uint64_t{1} << n, std::memory_order_relaxed);
    };
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (sigaction(signal_number, &action, nullptr) != 0)
      return invalid_argument("kill switch: cannot handle " + signal_name(signal_number) + ": " +
                              std::strerror(errno));
    installed |= bit;
  }
  signal_mask_.fetch_or(bit, std::memory_order_relaxed);
  return Status();
}

Status KillSwitch::watch_file(const std::string& path) {
  if (path.empty()) return invalid_argument("kill switch: empty stop file path");
  stop_watcher();
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) trip("stop file " + path + " exists");
  std::lock_guard<std::mutex> lock(mutex_);
  watcher_stop_ = false;
  watcher_ = std::thread([this, path] { watch_loop(path); });
  return Status();
}

void KillSwitch::watch_loop(std::string path) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!watcher_stop_) {
    lock.unlock();
    struct stat info {};
    // Polling (rather than inotify) also sees files on network mounts and re-created directories.
    if (!tripped_.load(std::memory_order_relaxed) && ::stat(path.c_str(), &info) == 0)
      trip("stop file " + path + " exists");
    lock.lock();
    watcher_wake_.wait_for(lock, std::chrono::milliseconds(kStopFilePollMs), [this] { return watcher_stop_; });
  }
}

void KillSwitch::stop_watcher() {
  std::thread watcher;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    watcher_stop_ = true;
    watcher = std::move(watcher_);
  }
  watcher_wake_.notify_all();
  if (watcher.joinable()) watcher.join();
}

void KillSwitch::trip(const std::string& why) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!tripped_.load(std::memory_order_relaxed)) reason_ = "kill switch: " + why;
  }
  tripped_.store(true, std::memory_order_relaxed);
}

std::string KillSwitch::reason() const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (tripped_.load(std::memory_order_relaxed)) return reason_;
  }
  const uint64_t fired = received_signals().load(std::memory_order_relaxed) & signal_mask_.load(std::memory_order_relaxed);
  for (int n = 1; n <= kMaxSignal; ++n)
    if (fired & (uint64_t{1} << n)) return "kill switch: " + signal_name(n);
  return "";
}

void KillSwitch::reset() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    reason_.clear();
    tripped_.store(false, std::memory_order_relaxed);
  }
  received_signals().fetch_and(~signal_mask_.load(std::memory_order_relaxed), std::memory_order_relaxed);
}

}  // namespace hemu
