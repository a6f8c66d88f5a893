// X11Connection: one Xlib display connection whose errors are recorded instead of being fatal.
//
// Xlib's default handlers print and exit the whole process on any protocol error (a BadAccess from
// a refused MIT-SHM attach, a BadWindow from a window that just closed) and on a lost connection.
// hemu installs process-wide handlers once that record each error against the connection it
// happened on; code turns it into a Status with `sync_and_check()`. A lost connection (the server
// died) marks the connection lost: checks return kUnavailable, Xlib calls become no-ops instead of
// exiting, and the owner should drop the connection.
//
// This header does not include Xlib (Display is only forward-declared), so it is safe to include
// from anywhere. Not thread-safe: one thread uses a connection. The error registry is locked, so
// separate connections may live on separate threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.h"
#include "core/status.h"

typedef struct _XDisplay Display;  // same declaration as <X11/Xlib.h>

namespace hemu {

// One XRandR monitor (RandR 1.5) or, on older servers, one active output. `rect` is in root
// window pixels.
struct MonitorInfo {
  std::string name;  // "DP-1", "screen", or the name given to `xrandr --setmonitor`
  Rect rect;
  bool primary = false;
};

class X11Connection {
 public:
  // Connects to `display_name` (":99"; empty means $DISPLAY). kUnavailable, with a hint, when no
  // server answers there.
  static Result<std::unique_ptr<X11Connection>> open(const std::string& display_name);
  ~X11Connection();
  X11Connection(const X11Connection&) = delete;
  X11Connection& operator=(const X11Connection&) = delete;

  Display* display() const { return display_; }
  unsigned long root() const { return root_; }  // the root Window of the default screen
  int screen_number() const { return screen_; }
  // The name Xlib reached, e.g. ":99" (what $DISPLAY would say).
  const std::string& display_name() const { return name_; }
  // Asks the server for the root window's current size (follows RandR resizes).
  Result<Size> root_size();
  // True when the server advertises the extension ("MIT-SHM", "XTEST", "DAMAGE", "RANDR").
  bool has_extension(const char* name) const;

  // XSync, then reports the first X error recorded since the last check, as
  // "<what>: X error BadMatch (invalid parameter attributes) in request MIT-SHM.X_ShmGetImage",
  // or kUnavailable when the connection was lost. Clears the recorded errors.
  Status sync_and_check(std::string_view what);
  // As sync_and_check without the round trip: only errors Xlib has already read.
  Status check(std::string_view what);
  // True once the server has gone away.
  bool lost() const;

  // Monitors via XRRGetMonitors (RandR >= 1.5), else active outputs and their CRTCs, else one
  // monitor "default" covering the root window.
  Result<std::vector<MonitorInfo>> list_monitors();

 private:
  explicit X11Connection(Display* display);
  std::string describe_request(int major, int minor);

  Display* display_ = nullptr;
  unsigned long root_ = 0;
  int screen_ = 0;
  std::string name_;
};

}  // namespace hemu
