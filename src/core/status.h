// Status and Result<T>: how every expected failure in hemu is reported.
//
// A Status is either OK or carries an ErrorCode and a message that says what failed and where
// ("action JSON: field 'coordinate': expected an array of two integers"). Result<T> holds a value or
// a non-OK Status. Both are cheap value types; they are not thread-safe to mutate concurrently,
// like any value.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/check.h"

namespace hemu {

// Stable ids: their names appear in messages and must not be renumbered.
enum class ErrorCode {
  kOk = 0,
  kInvalidArgument = 1,  // the caller passed something malformed
  kNotFound = 2,         // a named thing (file, task, widget) does not exist
  kIo = 3,               // the OS refused a read or write
  kCorrupt = 4,          // data on disk or on the wire failed validation
  kUnavailable = 5,      // a server or display could not be reached
  kOutOfRange = 6,       // a value outside the supported range (e.g. a 10K screen)
  kInternal = 7,         // a bug in hemu
  kCancelled = 8,        // stopped by a kill switch or a signal
};

const char* error_code_name(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok_status() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid_argument: <message>", or "ok".
  std::string to_string() const;

  // Prefixes the message with context: status.with_context("while reading episode.json").
  Status with_context(const std::string& context) const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

inline Status invalid_argument(std::string message) {
  return Status(ErrorCode::kInvalidArgument, std::move(message));
}
inline Status not_found(std::string message) { return Status(ErrorCode::kNotFound, std::move(message)); }
inline Status io_error(std::string message) { return Status(ErrorCode::kIo, std::move(message)); }
inline Status corrupt(std::string message) { return Status(ErrorCode::kCorrupt, std::move(message)); }
inline Status unavailable(std::string message) {
  return Status(ErrorCode::kUnavailable, std::move(message));
}
inline Status out_of_range(std::string message) {
  return Status(ErrorCode::kOutOfRange, std::move(message));
}
inline Status internal_error(std::string message) {
  return Status(ErrorCode::kInternal, std::move(message));
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    HEMU_CHECK(!status_.ok()) << "Result constructed from an OK status without a value";
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    HEMU_CHECK(ok()) << "Result::value() on error: " << status_.to_string();
    return *value_;
  }
  const T& value() const& {
    HEMU_CHECK(ok()) << "Result::value() on error: " << status_.to_string();
    return *value_;
  }
  T&& value() && {
    HEMU_CHECK(ok()) << "Result::value() on error: " << status_.to_string();
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

// Returns early from a function returning Status or Result<T> when `expr` is not OK.
#define HEMU_RETURN_IF_ERROR(expr)             \
  do {                                         \
    ::hemu::Status hemu_status_ = (expr);      \
    if (!hemu_status_.ok()) return hemu_status_; \
  } while (0)

}  // namespace hemu
