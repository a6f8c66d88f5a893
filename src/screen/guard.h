// GuardedScreen: the safety guard in hemu's input path. A Screen decorator over any Screen (sim,
// X11, later VNC) that decides, before anything is sent, whether an action may go through:
//
//   1. kill switch tripped          -> cancelled   (kCancelled, "kill switch: SIGUSR1")
//   2. malformed action              -> refused     (validate_action's message)
//   3. point outside allowed_region  -> refused     (kOutOfRange, names the point and the region)
//   4. blocked key combination       -> refused     (kInvalidArgument, names the combination)
//   5. dry run                       -> dry_run     (OK, nothing sent)
//   6. otherwise the inner screen acts -> sent, or cancelled (the kill switch tripped meanwhile
//      and the inner screen stopped), or failed (the inner screen's own error)
// Every decision is appended to the audit log as one JSON line (docs/guard.md).
//
//   KillSwitch& kill = KillSwitch::process();
//   GuardOptions options;
//   options.allowed_region = Rect{0, 0, 1280, 800};
//   options.audit_log_path = "audit.jsonl";
//   auto guarded = GuardedScreen::create(x11_screen, options);
//   if (!guarded.ok()) return guarded.status();
//   Status st = (*guarded)->act(Action::left_click({100, 200}));
//
// Stopping inside one action (a long `type`) is the inner screen's job: give it the same switch
// (X11ScreenOptions::should_stop = kill.as_should_stop()). The guard itself stops between actions.
// Keyboard actions carry no coordinate: they go to whichever window has the focus, which the
// allowed region cannot police.
// Thread-safety: like any Screen, one thread drives a GuardedScreen; the kill switch may be tripped
// from any thread or signal. The inner screen and the kill switch must outlive the guard.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/action.h"
#include "screen/kill_switch.h"
#include "screen/screen.h"

namespace hemu {

// Combinations that kill the X server or open a session's reboot/log-out screen.
inline const std::vector<std::string> kDefaultBlockedKeys = {"ctrl+alt+BackSpace", "ctrl+alt+Delete"};
// Version of the audit log line format (the "v" field; docs/guard.md).
inline constexpr int kAuditLogVersion = 1;

struct GuardOptions {
  // Pointer actions must land inside this rectangle (screen pixels; a drag's start and end both).
  // Unset: anywhere on the screen.
  std::optional<Rect> allowed_region;
  // Key combinations to refuse ("ctrl+q", "super+l"), parsed like Action key text. A `key` action
  // is refused when it has the same key and at least these modifiers, so "ctrl+alt+shift+Delete"
  // and "Control_L+Alt_L+Delete" are caught by "ctrl+alt+Delete".
  std::vector<std::string> blocked_keys;
  bool block_default_keys = true;  // also refuse kDefaultBlockedKeys
  // Decide and log, but send nothing: allowed actions return OK with the verdict "dry_run".
  bool dry_run = false;
  // JSON-lines audit log, opened in append mode and written one whole line per write(2), so earlier
  // lines are never lost. "" = no log (except in dry runs, which then log to stderr); "-" = stderr.
  std::string audit_log_path;
  // The switch to obey. nullptr: KillSwitch::process(). Not owned.
  KillSwitch* kill_switch = nullptr;
};

// What happened to one action (the audit log's "verdict" field).
enum class GuardVerdict { kSent, kRefused, kDryRun, kCancelled, kFailed };
// "sent", "refused", "dry_run", "cancelled", "failed".
const char* guard_verdict_name(GuardVerdict verdict);

// True when `combo` presses `blocked`'s key with at least `blocked`'s modifiers. Keys compare
// case-insensitively ("ctrl+alt+delete" is the Delete key).
bool key_combo_matches_blocked(const KeyCombo& combo, const KeyCombo& blocked);

class GuardedScreen : public Screen {
 public:
  // Parses the blocked keys and opens the audit log. Errors: a blocked key that does not parse
  // (invalid_argument), an empty allowed region, an audit log that cannot be opened (kIo).
  static Result<std::unique_ptr<GuardedScreen>> create(Screen& inner, GuardOptions options);
  ~GuardedScreen() override;

  std::string name() const override { return inner_.name(); }
  Size size() const override { return inner_.size(); }
  double ui_scale() const override { return inner_.ui_scale(); }
  // Passes through. With an audit log it also keeps a copy of the frame (a memcpy, ~1 ms at
  // 1920x1080), hashed with frame_hash (~20 ms at 1920x1080) only when the next action is logged, so
  // a loop that captures many frames per action pays for one hash.
  Status capture(Frame& frame) override;
  Status act(const Action& action) override;
  Point cursor() const override { return inner_.cursor(); }
  Result<SettleResult> wait_until_settled(int quiet_ms, int cap_ms) override {
    return inner_.wait_until_settled(quiet_ms, cap_ms);
  }
  Result<bool> wait_for_change(int timeout_ms) override { return inner_.wait_for_change(timeout_ms); }
  std::optional<Rect> pointer_sprite(Point at) const override { return inner_.pointer_sprite(at); }

  // Rules 1-4 above without sending or logging: OK when the action would be allowed.
  Status check(const Action& action) const;
  const GuardOptions& options() const { return options_; }
  GuardVerdict last_verdict() const { return last_verdict_; }
  // Actions decided so far, by verdict.
  int64_t count(GuardVerdict verdict) const { return counts_[int(verdict)]; }

 private:
  GuardedScreen(Screen& inner, GuardOptions options) : inner_(inner), options_(std::move(options)) {}
  Status check_rules(const Action& action) const;
  Status write_audit(const Action& action, GuardVerdict verdict, const std::string& reason);

  Screen& inner_;
  GuardOptions options_;
  KillSwitch* kill_switch_ = nullptr;
  std::vector<std::pair<std::string, KeyCombo>> blocked_;  // as written, parsed
  int audit_fd_ = -1;
  bool close_audit_fd_ = false;
  std::string audit_path_;
  Frame last_frame_;                         // copy of the last capture (audit log only)
  bool have_frame_ = false;
  std::optional<uint64_t> last_frame_hash_;  // of last_frame_, computed on first use
  int64_t sequence_ = 0;
  GuardVerdict last_verdict_ = GuardVerdict::kSent;
  int64_t counts_[5] = {};
};

}  // namespace hemu
