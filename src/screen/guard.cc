#include "screen/guard.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "core/clock.h"
#include "core/json.h"

namespace hemu {

namespace {

std::string lower(std::string text) {
  for (char& c : text) c = char(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string point_text(Point p) { return "[" + std::to_string(p.x) + ", " + std::to_string(p.y) + "]"; }

std::string region_text(const Rect& r) {
  return "x " + std::to_string(r.left()) + ".." + std::to_string(r.right() - 1) + ", y " + std::to_string(r.top()) +
         ".." + std::to_string(r.bottom() - 1) + " (" + r.to_string() + ")";
}

// "2025-03-01T12:34:56.789Z" (UTC, milliseconds).
std::string iso8601_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const int64_t millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, int(millis));
  return text;
}

std::string hex64(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, value);
  return text;
}

}  // namespace

const char* guard_verdict_name(GuardVerdict verdict) {
  switch (verdict) {
    case GuardVerdict::kSent: return "sent";
    case GuardVerdict::kRefused: return "refused";
    case GuardVerdict::kDryRun: return "dry_run";
    case GuardVerdict::kCancelled: return "cancelled";
    case GuardVerdict::kFailed: return "failed";
  }
  return "unknown";
}

bool key_combo_matches_blocked(const KeyCombo& combo, const KeyCombo& blocked) {
  if (lower(combo.key) != lower(blocked.key)) return false;
  return (combo.ctrl || !blocked.ctrl) && (combo.shift || !blocked.shift) && (combo.alt || !blocked.alt) &&
         (combo.super || !blocked.super);
}

Result<std::unique_ptr<GuardedScreen>> GuardedScreen::create(Screen& inner, GuardOptions options) {
  std::unique_ptr<GuardedScreen> guard(new GuardedScreen(inner, std::move(options)));
  const GuardOptions& o = guard->options_;
  guard->kill_switch_ = o.kill_switch != nullptr ? o.kill_switch : &KillSwitch::process();
  if (o.allowed_region && o.allowed_region->empty())
    return invalid_argument("guard: the allowed region " + o.allowed_region->to_string() + " is empty");

  std::vector<std::string> blocked = o.blocked_keys;
  if (o.block_default_keys) blocked.insert(blocked.end(), kDefaultBlockedKeys.begin(), kDefaultBlockedKeys.end());
  for (const std::string& text : blocked) {
    Result<KeyCombo> combo = parse_key_combo(text);
    if (!combo.ok()) return combo.status().with_context("guard: blocked key");
    guard->blocked_.emplace_back(text, *combo);
  }

  std::string path = o.audit_log_path;
  if (path.empty() && o.dry_run) path = "-";  // a dry run always says what it would have done
  if (path == "-") {
    guard->audit_fd_ = STDERR_FILENO;
    guard->audit_path_ = "<stderr>";
  } else if (!path.empty()) {
    // O_APPEND: every write lands at the end, so earlier lines (and other writers') survive.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return io_error("guard: cannot open audit log '" + path + "': " + std::strerror(errno));
    guard->audit_fd_ = fd;
    guard->close_audit_fd_ = true;
    guard->audit_path_ = path;
  }
  return guard;
}

GuardedScreen::~GuardedScreen() {
  if (close_audit_fd_) ::close(audit_fd_);
}

Status GuardedScreen::capture(Frame& frame) {
  Status st = inner_.capture(frame);
  if (st.ok() && audit_fd_ >= 0) {
    last_frame_ = frame;  // reuses last_frame_'s buffer when the size is unchanged
    have_frame_ = true;
    last_frame_hash_.reset();
  }
  return st;
}

Status GuardedScreen::check(const Action& action) const {
  if (kill_switch_->tripped()) return Status(ErrorCode::kCancelled, kill_switch_->reason());
  return check_rules(action);
}

Status GuardedScreen::check_rules(const Action& action) const {
  HEMU_RETURN_IF_ERROR(validate_action(action).with_context("guard: malformed action"));
  const char* type = action_type_name(action.type);
  if (options_.allowed_region) {
    const Rect& region = *options_.allowed_region;
    auto outside = [&](const char* what, Point p) {
      return out_of_range(std::string("guard: ") + type + " " + what + point_text(p) +
                          " is outside the allowed region " + region_text(region) + "; nothing was sent");
    };
    if (action.type == ActionType::kLeftClickDrag && !region.contains(action.start_coordinate))
      return outside("start ", action.start_coordinate);
    if (action.has_coordinate() && !region.contains(action.coordinate))
      return outside(action.type == ActionType::kLeftClickDrag ? "end " : "at ", action.coordinate);
  }
  if (action.type == ActionType::kKey) {
    Result<KeyCombo> combo = parse_key_combo(action.text);
    HEMU_RETURN_IF_ERROR(combo.status());  // validate_action parsed it already
    for (const auto& [text, blocked] : blocked_)
      if (key_combo_matches_blocked(*combo, blocked))
        return invalid_argument("guard: key " + Json(action.text).dump() + " is blocked (matches \"" + text +
                                "\"); nothing was sent");
  }
  return Status();
}

Status GuardedScreen::act(const Action& action) {
  GuardVerdict verdict;
  Status result;
  if (kill_switch_->tripped()) {
    verdict = GuardVerdict::kCancelled;
    result = Status(ErrorCode::kCancelled, kill_switch_->reason());
  } else if (Status rules = check_rules(action); !rules.ok()) {
    verdict = GuardVerdict::kRefused;
    result = rules;
  } else if (options_.dry_run) {
    verdict = GuardVerdict::kDryRun;
  } else {
    Status sent = inner_.act(action);
    if (sent.ok()) {
      verdict = GuardVerdict::kSent;
    } else if (kill_switch_->tripped()) {
      // The inner screen saw the same switch (its should_stop) and stopped part-way.
      verdict = GuardVerdict::kCancelled;
      result = Status(ErrorCode::kCancelled, kill_switch_->reason() + " (stopped during " +
                                                 action_type_name(action.type) + ": " + sent.message() + ")");
    } else {
      verdict = sent.code() == ErrorCode::kCancelled ? GuardVerdict::kCancelled : GuardVerdict::kFailed;
      result = sent;
    }
  }
  last_verdict_ = verdict;
  ++counts_[int(verdict)];
  Status logged = write_audit(action, verdict, result.message());
  if (!logged.ok()) {
    return io_error(logged.message() + " (the action was " + guard_verdict_name(verdict) +
                    (result.ok() ? "" : ": " + result.message()) + ")");
  }
  return result;
}

Status GuardedScreen::write_audit(const Action& action, GuardVerdict verdict, const std::string& reason) {
  if (audit_fd_ < 0) return Status();
  Json line = Json::object();
  line["v"] = kAuditLogVersion;
  line["seq"] = ++sequence_;
  line["time"] = iso8601_now();
  line["monotonic_us"] = monotonic_us();
  line["screen"] = inner_.name();
  Result<Json> action_json = Json::parse(action_to_json(action));
  line["action"] = action_json.ok() ? *action_json : Json(action_to_json(action));
  line["verdict"] = guard_verdict_name(verdict);
  line["reason"] = reason;
  if (have_frame_ && !last_frame_hash_) last_frame_hash_ = frame_hash(last_frame_);
  line["frame_hash"] = last_frame_hash_ ? Json(hex64(*last_frame_hash_)) : Json();
  const std::string text = line.dump() + "\n";
  // One write per line: with O_APPEND the line is never interleaved with other writers' lines.
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(audit_fd_, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error("guard: cannot write audit log " + audit_path_ + ": " + std::strerror(errno));
    written += size_t(n);
  }
  return Status();
}

}  // namespace hemu
