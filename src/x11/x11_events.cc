#include "x11/x11_events.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/clock.h"
#include "x11/x11_headers.h"

namespace hemu {
namespace {

void append_capped(std::vector<Rect>& rects, const Rect& rect) {
  if (!rects.empty() && rects.back() == rect) return;
  if (rects.size() == 1 && rects[0].contains(rect)) return;
  if (rects.size() >= kMaxDamageRects) {
    Rect box = rect;
    for (const Rect& r : rects) box = box.united(r);
    rects.assign(1, box);
    return;
  }
  rects.push_back(rect);
}

}  // namespace

Result<std::unique_ptr<X11EventPump>> X11EventPump::create(X11Connection& connection) {
  std::unique_ptr<X11EventPump> pump(new X11EventPump(connection));
  Display* display = connection.display();
  XSelectInput(display, connection.root(), StructureNotifyMask);
  int error_base = 0;
  if (XDamageQueryExtension(display, &pump->damage_event_base_, &error_base)) {
    int major = 0, minor = 0;
    XDamageQueryVersion(display, &major, &minor);
    pump->damage_ = XDamageCreate(display, connection.root(), XDamageReportRawRectangles);
  }
  HEMU_RETURN_IF_ERROR(connection.sync_and_check("watch the root window for damage"));
  // A new damage object reports the whole visible window once (so a client knows to repaint):
  // that says nothing about change, so drop it.
  pump->pump(/*read_socket=*/true);
  pump->for_capture_.clear();
  pump->for_settle_.clear();
  pump->last_damage_us_ = 0;
  return pump;
}

X11EventPump::~X11EventPump() {
  if (damage_ && !connection_.lost()) {
    XDamageDestroy(connection_.display(), damage_);
    XFlush(connection_.display());
  }
}

void X11EventPump::add_damage(const Rect& rect) {
  if (rect.empty()) return;
  append_capped(for_capture_, rect);
  append_capped(for_settle_, rect);
  last_damage_us_ = monotonic_us();
}

void X11EventPump::pump(bool read_socket) {
  if (connection_.lost()) return;
  Display* display = connection_.display();
  const int mode = read_socket ? QueuedAfterFlush : QueuedAlready;
  while (XEventsQueued(display, mode) > 0) {
    XEvent event;
    XNextEvent(display, &event);
    if (damage_ && event.type == damage_event_base_ + XDamageNotify) {
      const auto& notify = reinterpret_cast<const XDamageNotifyEvent&>(event);
      add_damage({notify.area.x, notify.area.y, notify.area.width, notify.area.height});
      damage_seen_since_subtract_ = true;
    } else if (event.type == ConfigureNotify && event.xconfigure.window == connection_.root()) {
      root_resize_ = Size{event.xconfigure.width, event.xconfigure.height};
    } else if (event.type == MappingNotify) {
      XRefreshKeyboardMapping(&event.xmapping);
    }
  }
  if (damage_seen_since_subtract_) {
    // Empties the server's accumulated region for this damage object (sent with the next flush).
    XDamageSubtract(display, damage_, 0, 0);
    damage_seen_since_subtract_ = false;
  }
}

Result<bool> X11EventPump::wait_readable(int64_t deadline_us) {
  const int64_t now = monotonic_us();
  if (now >= deadline_us) return false;
  XFlush(connection_.display());
  pollfd fd{ConnectionNumber(connection_.display()), POLLIN, 0};
  const int64_t wait_us = deadline_us - now;
  timespec timeout{time_t(wait_us / 1000000), long(wait_us % 1000000) * 1000};
  const int ready = ppoll(&fd, 1, &timeout, nullptr);
  if (ready < 0 && errno != EINTR) return io_error(std::string("waiting for X events: ") + std::strerror(errno));
  return ready > 0;
}

Result<bool> X11EventPump::wait_for_damage(Reader reader, int64_t deadline) {
  if (!has_damage()) return unavailable("X display " + connection_.display_name() + " has no DAMAGE extension");
  const std::vector<Rect>& rects = reader == Reader::kCapture ? for_capture_ : for_settle_;
  pump(/*read_socket=*/true);
  while (rects.empty()) {
    Result<bool> readable = wait_readable(deadline);
    if (!readable.ok()) return readable.status();
    pump(/*read_socket=*/true);
    HEMU_RETURN_IF_ERROR(connection_.check("wait for damage"));
    if (!*readable) break;
  }
  return !rects.empty();
}

Status X11EventPump::wait_for_quiet(int quiet_ms, int timeout_ms, bool& timed_out) {
  if (!has_damage()) return unavailable("X display " + connection_.display_name() + " has no DAMAGE extension");
  const int64_t start = monotonic_us();
  const int64_t deadline = start + int64_t(std::max(0, timeout_ms)) * 1000;
  timed_out = false;
  pump(/*read_socket=*/true);
  while (true) {
    HEMU_RETURN_IF_ERROR(connection_.check("wait for the screen to settle"));
    const int64_t quiet_until = std::max(start, last_damage_us_) + int64_t(std::max(0, quiet_ms)) * 1000;
    const int64_t now = monotonic_us();
    if (now >= quiet_until) return Status();
    if (now >= deadline) {
      timed_out = true;
      return Status();
    }
    Result<bool> readable = wait_readable(std::min(quiet_until, deadline));
    if (!readable.ok()) return readable.status();
    pump(/*read_socket=*/true);
  }
}

std::vector<Rect> X11EventPump::take(Reader reader) {
  std::vector<Rect>& rects = reader == Reader::kCapture ? for_capture_ : for_settle_;
  std::vector<Rect> out;
  out.swap(rects);
  return out;
}

std::optional<Size> X11EventPump::take_root_resize() {
  std::optional<Size> out = root_resize_;
  root_resize_.reset();
  return out;
}

}  // namespace hemu
