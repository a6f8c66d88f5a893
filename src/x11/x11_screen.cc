#include "x11/x11_screen.h"

#include <chrono>
#include <thread>

#include "core/clock.h"
#include "x11/x11_capture.h"
#include "x11/x11_events.h"
#include "x11/x11_input.h"
#include "x11/x11_headers.h"

namespace hemu {
namespace {

constexpr int64_t kWaitSliceUs = 5000;  // longest sleep between should_stop checks in a "wait" action

constexpr int kMergeGapPx = 16;        // damage rectangles this close are fetched as one
constexpr size_t kMaxFetchRects = 32;  // beyond this, fetch their bounding box

// Fewer, larger rectangles: each costs a server round trip.
std::vector<Rect> merge_nearby_rects(std::vector<Rect> rects) {
  auto near = [](const Rect& a, const Rect& b) {
    const Rect grown{a.x - kMergeGapPx, a.y - kMergeGapPx, a.width + 2 * kMergeGapPx, a.height + 2 * kMergeGapPx};
    return !grown.intersect(b).empty();
  };
  for (bool merged = true; merged && rects.size() <= 2 * kMaxFetchRects;) {
    merged = false;
    for (size_t i = 0; i < rects.size() && !merged; ++i) {
      for (size_t j = i + 1; j < rects.size(); ++j) {
        if (!near(rects[i], rects[j])) continue;
        rects[i] = rects[i].united(rects[j]);
        rects.erase(rects.begin() + long(j));
        merged = true;
        break;
      }
    }
  }
  if (rects.size() > kMaxFetchRects) {
    Rect box;
    for (const Rect& r : rects) box = box.united(r);
    rects.assign(1, box);
  }
  return rects;
}

std::string monitor_names(const std::vector<MonitorInfo>& monitors) {
  std::string names;
  for (const MonitorInfo& m : monitors) names += (names.empty() ? "" : ", ") + m.name;
  return names;
}

}  // namespace

Result<std::unique_ptr<X11Screen>> X11Screen::open(const X11ScreenOptions& options) {
  if (options.region && !options.monitor.empty()) {
    return invalid_argument("X11 screen: give a region or a monitor, not both");
  }
  std::unique_ptr<X11Screen> screen(new X11Screen());
  screen->should_stop_ = options.should_stop;
  auto connection = X11Connection::open(options.display);
  if (!connection.ok()) return connection.status();
  screen->connection_ = std::move(*connection);
  X11Connection& x = *screen->connection_;
  Result<Size> root = x.root_size();
  if (!root.ok()) return root.status();
  screen->root_size_ = *root;
  screen->randr_ = x.has_extension("RANDR");

  if (!options.monitor.empty()) {
    Result<std::vector<MonitorInfo>> monitors = x.list_monitors();
    if (!monitors.ok()) return monitors.status();
    for (const MonitorInfo& m : *monitors) {
      if (m.name == options.monitor) screen->region_ = m.rect;
    }
    if (!screen->region_) {
      return not_found("X display " + x.display_name() + " has no monitor named '" + options.monitor +
                       "' (monitors: " + monitor_names(*monitors) + ")");
    }
  } else if (options.region) {
    screen->region_ = options.region;
  }
  if (screen->region_) {
    const Rect root_rect{0, 0, root->width, root->height};
    if (screen->region_->empty() || !root_rect.contains(*screen->region_)) {
      return out_of_range("X11 screen: region " + screen->region_->to_string() + " is empty or outside the " +
                          std::to_string(root->width) + "x" + std::to_string(root->height) + " root window of " +
                          x.display_name());
    }
  }

  auto capture = X11Capture::create(x, options.use_shm);
  if (!capture.ok()) return capture.status();
  screen->capture_ = std::move(*capture);
  auto events = X11EventPump::create(x);
  if (!events.ok()) return events.status();
  screen->events_ = std::move(*events);
  auto input = X11Input::create(x, options.should_stop);
  if (input.ok()) {
    screen->input_ = std::move(*input);
  } else {
    screen->input_status_ = input.status();
  }
  return screen;
}

X11Screen::~X11Screen() {
  // Members go in reverse order: input (restores the keymap), events, capture, then connection.
}

std::string X11Screen::name() const {
  std::string name = "x11:" + connection_->display_name();
  if (region_) {
    name += "[" + std::to_string(region_->x) + "," + std::to_string(region_->y) + "," +
            std::to_string(region_->width) + "," + std::to_string(region_->height) + "]";
  }
  return name;
}

Rect X11Screen::region() const { return region_ ? *region_ : Rect{0, 0, root_size_.width, root_size_.height}; }

Size X11Screen::size() const { return region().size(); }

bool X11Screen::using_shm() const { return capture_->using_shm(); }

double X11Screen::last_capture_get_ms() const { return capture_->last_get_ms(); }
double X11Screen::last_capture_convert_ms() const { return capture_->last_convert_ms(); }

X11Capabilities X11Screen::capabilities() const {
  X11Capabilities c;
  c.shm = capture_->using_shm();
  c.shm_note = capture_->shm_fallback_reason();
  c.xtest = input_ != nullptr;
  c.damage = events_->has_damage();
  c.randr = randr_;
  c.pixel_format = describe_pixel_layout(capture_->layout());
  c.capture_status = capture_->format_status();
  return c;
}

void X11Screen::update_root_size() {
  events_->pump(/*read_socket=*/false);
  if (std::optional<Size> resized = events_->take_root_resize()) root_size_ = *resized;
}

std::vector<Rect> X11Screen::to_region(const std::vector<Rect>& root_rects) const {
  const Rect area = region();
  std::vector<Rect> out;
  for (const Rect& r : root_rects) {
    const Rect clipped = r.intersect(area);
    if (!clipped.empty()) out.push_back(clipped.translated({-area.x, -area.y}));
  }
  return out;
}

Status X11Screen::capture(Frame& frame) {
  const bool damage_known = events_->has_damage();
  if (damage_known) {
    // Read every damage event the server generated up to now: they say what to fetch.
    HEMU_RETURN_IF_ERROR(connection_->sync_and_check("capture"));
  }
  update_root_size();
  const Rect area = region();
  if (!Rect{0, 0, root_size_.width, root_size_.height}.contains(area)) {
    kept_valid_ = false;
    return out_of_range("capture: region " + area.to_string() + " no longer fits the " +
                        std::to_string(root_size_.width) + "x" + std::to_string(root_size_.height) +
                        " root window of " + connection_->display_name() + " (was the screen resized?)");
  }
  const int64_t time_us = monotonic_us();
  std::vector<Rect> changed;  // root pixels, inside the area
  for (const Rect& r : events_->take(X11EventPump::Reader::kCapture)) {
    if (Rect clipped = r.intersect(area); !clipped.empty()) changed.push_back(clipped);
  }
  changed = merge_nearby_rects(std::move(changed));
  int64_t changed_px = 0;
  for (const Rect& r : changed) changed_px += int64_t(r.width) * r.height;
  const bool incremental = damage_known && kept_valid_ && kept_.size() == area.size() &&
                           time_us - last_full_capture_us_ < int64_t(kFullCaptureIntervalMs) * 1000 &&
                           changed_px * 3 <= int64_t(area.width) * area.height;
  Status fetched = incremental ? capture_->capture_rects(area, changed, kept_) : capture_->capture(area, kept_);
  kept_valid_ = fetched.ok();
  if (!fetched.ok()) return fetched;
  if (!incremental) last_full_capture_us_ = time_us;
  last_capture_rects_ = incremental ? int(changed.size()) : 0;

  resize_frame(frame, area.size());
  std::copy(kept_.pixels.begin(), kept_.pixels.end(), frame.pixels.begin());
  frame.capture_time_us = time_us;
  frame.damage.clear();
  if (first_capture_ || !damage_known) {
    frame.damage.push_back({0, 0, area.width, area.height});
  } else {
    frame.damage = to_region(changed);
    // Drawing the server did between our sync and its copy may already show in the pixels: report
    // it here too (it stays queued for the next capture, which fetches it again).
    events_->pump(/*read_socket=*/false);
    for (const Rect& r : to_region(events_->pending(X11EventPump::Reader::kCapture))) frame.damage.push_back(r);
  }
  first_capture_ = false;
  return Status();
}

Status X11Screen::act(const Action& action) {
  HEMU_RETURN_IF_ERROR(validate_action(action));
  HEMU_RETURN_IF_ERROR(check_action_in_bounds(action, size()));
  if (action.type == ActionType::kDone) return Status();
  if (action.type == ActionType::kWait) {
    const int64_t end_us = monotonic_us() + int64_t(action.duration_s * 1e6);
    for (int64_t now = monotonic_us(); now < end_us; now = monotonic_us()) {
      if (should_stop_ && should_stop_()) return Status(ErrorCode::kCancelled, "wait: stopped by the kill switch");
      std::this_thread::sleep_for(std::chrono::microseconds(std::min(kWaitSliceUs, end_us - now)));
    }
    return Status();
  }
  if (!input_) return input_status_;
  const Point target = to_root(action.coordinate);
  KeyCombo held;  // clicks may carry modifiers in `text` ("ctrl", "ctrl+shift")
  if (!action.text.empty() && (action.type == ActionType::kLeftClick || action.type == ActionType::kRightClick ||
                               action.type == ActionType::kDoubleClick)) {
    Result<KeyCombo> combo = parse_key_combo(action.text + "+a");
    if (!combo.ok()) return combo.status();
    held = *combo;
  }
  switch (action.type) {
    case ActionType::kLeftClick:
    case ActionType::kRightClick:
    case ActionType::kDoubleClick: {
      HEMU_RETURN_IF_ERROR(input_->move(target));
      const X11Button button = action.type == ActionType::kRightClick ? X11Button::kRight : X11Button::kLeft;
      return input_->click(button, action.type == ActionType::kDoubleClick ? 2 : 1, held);
    }
    case ActionType::kMouseMove: return input_->move(target);
    case ActionType::kLeftClickDrag: return input_->drag(to_root(action.start_coordinate), target);
    case ActionType::kScroll:
      HEMU_RETURN_IF_ERROR(input_->move(target));
      return input_->wheel(action.scroll_direction, action.scroll_amount);
    case ActionType::kType: return input_->type_text(action.text);
    case ActionType::kKey: {
      Result<KeyCombo> combo = parse_key_combo(action.text);
      if (!combo.ok()) return combo.status();
      return input_->key(*combo);
    }
    case ActionType::kWait:
    case ActionType::kDone: break;
  }
  return Status();
}

Status X11Screen::move_pointer_along(const std::vector<PointerSample>& path) {
  if (!input_) return input_status_;
  std::vector<PointerSample> root_path;
  root_path.reserve(path.size());
  for (const PointerSample& sample : path) {
    HEMU_RETURN_IF_ERROR(check_action_in_bounds(Action::mouse_move(sample.point), size()));
    root_path.push_back({to_root(sample.point), sample.time_s});
  }
  return input_->move_along(root_path);
}

Point X11Screen::cursor() const {
  if (connection_->lost()) return {};
  ::Window root = 0, child = 0;
  int root_x = 0, root_y = 0, window_x = 0, window_y = 0;
  unsigned mask = 0;
  XQueryPointer(connection_->display(), connection_->root(), &root, &child, &root_x, &root_y, &window_x, &window_y,
                &mask);
  const Rect area = region();
  return {root_x - area.x, root_y - area.y};
}

Result<std::vector<Rect>> X11Screen::wait_for_settle(int quiet_ms, int timeout_ms) {
  bool timed_out = false;
  HEMU_RETURN_IF_ERROR(events_->wait_for_quiet(quiet_ms, timeout_ms, timed_out));
  settle_timed_out_ = timed_out;
  return to_region(events_->take(X11EventPump::Reader::kSettle));
}

Result<std::vector<Rect>> X11Screen::wait_for_damage(int timeout_ms) {
  // Damage outside the region does not count: keep waiting until something inside arrives.
  const int64_t deadline = monotonic_us() + int64_t(std::max(0, timeout_ms)) * 1000;
  while (true) {
    Result<bool> got = events_->wait_for_damage(X11EventPump::Reader::kSettle, deadline);
    if (!got.ok()) return got.status();
    std::vector<Rect> inside = to_region(events_->pending(X11EventPump::Reader::kSettle));
    if (!inside.empty() || monotonic_us() >= deadline) return inside;
    if (*got) (void)events_->take(X11EventPump::Reader::kSettle);  // only outside: drop and wait on
  }
}

Result<SettleResult> X11Screen::wait_until_settled(int quiet_ms, int cap_ms) {
  SettleResult r;
  if (!events_->has_damage()) {
    r.synchronous = true;  // cannot tell: behave like a screen that needs no wait
    return r;
  }
  auto rects = wait_for_settle(quiet_ms, cap_ms);
  if (!rects.ok()) return rects.status();
  r.timed_out = settle_timed_out_;
  r.damage_seen = !rects->empty();
  return r;
}

Result<bool> X11Screen::wait_for_change(int timeout_ms) {
  if (!events_->has_damage()) return false;
  auto rects = wait_for_damage(timeout_ms);
  if (!rects.ok()) return rects.status();
  return !rects->empty();
}

Result<std::vector<MonitorInfo>> X11Screen::monitors() const { return connection_->list_monitors(); }

}  // namespace hemu
