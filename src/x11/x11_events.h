// X11EventPump: reads the server's events for one connection — damage rectangles, root resizes —
// and waits for the screen to change or to settle, without ever sleeping a fixed time.
//
// Damage: a DAMAGE object on the root window at level RawRectangles, so every drawing operation
// anywhere on the screen (by any client) produces a DamageNotify with the exact rectangle it
// touched, within ~0.05 ms on Xvfb. Rectangles are kept for two readers that consume them
// independently: the next capture (Frame::damage) and the next wait_for_settle. Each reader's list
// collapses to its bounding box beyond kMaxDamageRects, so a storm of tiny draws stays cheap and
// still covers every changed pixel.
//
// Waiting polls the connection's socket with a deadline; each event that arrives is processed
// immediately. Not thread-safe; uses the connection's thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/geometry.h"
#include "core/status.h"
#include "x11/x11_connection.h"

namespace hemu {

inline constexpr size_t kMaxDamageRects = 256;

class X11EventPump {
 public:
  enum class Reader { kCapture, kSettle };

  // Selects root-window structure events and, when the server has DAMAGE, creates the damage
  // object. Without DAMAGE `has_damage()` is false and the waits return kUnavailable.
  static Result<std::unique_ptr<X11EventPump>> create(X11Connection& connection);
  ~X11EventPump();
  X11EventPump(const X11EventPump&) = delete;
  X11EventPump& operator=(const X11EventPump&) = delete;

  bool has_damage() const { return damage_ != 0; }

  // Processes the events Xlib has already read; with `read_socket` also flushes and reads whatever
  // the server has sent since (without blocking).
  void pump(bool read_socket);

  // Returns when at least one damage rectangle arrived since the last take() of `reader` (at
  // once if one is pending) or at `deadline_us` (monotonic_us()); true if damage is there.
  Result<bool> wait_for_damage(Reader reader, int64_t deadline_us);
  // Returns when no damage arrived for `quiet_ms` (counted from the call at the earliest) or when
  // `timeout_ms` passed. `timed_out` tells which.
  Status wait_for_quiet(int quiet_ms, int timeout_ms, bool& timed_out);

  // Root-window rectangles damaged since the previous take() by the same reader.
  std::vector<Rect> take(Reader reader);
  // The same rectangles without consuming them.
  const std::vector<Rect>& pending(Reader reader) const {
    return reader == Reader::kCapture ? for_capture_ : for_settle_;
  }
  // The root window's new size when it changed (RandR) since the last call.
  std::optional<Size> take_root_resize();
  // Monotonic time of the last damage event processed (0 = none yet).
  int64_t last_damage_us() const { return last_damage_us_; }

 private:
  explicit X11EventPump(X11Connection& connection) : connection_(connection) {}
  // Blocks until the socket is readable or `deadline_us` (monotonic) passes; false on timeout.
  Result<bool> wait_readable(int64_t deadline_us);
  void add_damage(const Rect& rect);

  X11Connection& connection_;
  unsigned long damage_ = 0;  // Damage XID, 0 without the extension
  int damage_event_base_ = 0;
  bool damage_seen_since_subtract_ = false;
  std::vector<Rect> for_capture_, for_settle_;
  int64_t last_damage_us_ = 0;
  std::optional<Size> root_resize_;
};

}  // namespace hemu
