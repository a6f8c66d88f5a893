// Monotonic time in microseconds, shared by capture timestamps, input events and stage timers.
#pragma once

#include <chrono>
#include <cstdint>

namespace hemu {

inline int64_t monotonic_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Measures elapsed time since construction or the last reset().
class Stopwatch {
 public:
  Stopwatch() : start_us_(monotonic_us()) {}
  void reset() { start_us_ = monotonic_us(); }
  int64_t elapsed_us() const { return monotonic_us() - start_us_; }
  double elapsed_ms() const { return elapsed_us() / 1000.0; }

 private:
  int64_t start_us_;
};

}  // namespace hemu
