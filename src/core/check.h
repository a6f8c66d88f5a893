// HEMU_CHECK: an always-on invariant check (never compiled out, unlike assert).
//
// Use it for bugs, not for expected failures (those return Status). On failure it prints the
// condition, file:line and the streamed message to stderr and aborts.
//   HEMU_CHECK(width > 0) << "frame width " << width;
#pragma once

#include <sstream>

namespace hemu::detail {

class CheckFailure {
 public:
  CheckFailure(const char* condition, const char* file, int line);
  [[noreturn]] ~CheckFailure();
  template <typename T>
  CheckFailure& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }

 private:
  std::ostringstream stream_;
};

// Lets `HEMU_CHECK(x) << ...` be a void expression in the ternary below.
struct Voidify {
  void operator&(CheckFailure&) {}
};

}  // namespace hemu::detail

#define HEMU_CHECK(condition)                   \
  (condition) ? (void)0                         \
              : ::hemu::detail::Voidify() &     \
                    ::hemu::detail::CheckFailure(#condition, __FILE__, __LINE__)
