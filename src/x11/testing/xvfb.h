// XvfbProcess: a private Xvfb server for tests and benchmarks.
//
// start() runs `Xvfb -displayfd <fd> -screen 0 WxHxD -nolisten tcp -noreset +extension RANDR
// +extension DAMAGE +extension MIT-SHM ...`, so Xvfb itself picks a free display number and
// writes it to the pipe once it accepts connections: no guessing, no race with other servers. The
// destructor ends that server by its PID only (SIGTERM, then SIGKILL after 2 s) and reaps it; the
// child also gets SIGTERM if this process dies first (PR_SET_PDEATHSIG). Code that uses it must
// only ever connect to display(), never to $DISPLAY.
//
// Not thread-safe; one owner.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/status.h"

namespace hemu {

class XvfbProcess {
 public:
  // kUnavailable when Xvfb is not installed or does not come up within `timeout_ms`; the message
  // carries the end of Xvfb's own log.
  static Result<std::unique_ptr<XvfbProcess>> start(Size size, int depth = 24,
                                                    const std::vector<std::string>& extra_args = {},
                                                    int timeout_ms = 10000);
  ~XvfbProcess();
  XvfbProcess(const XvfbProcess&) = delete;
  XvfbProcess& operator=(const XvfbProcess&) = delete;

  const std::string& display() const { return display_; }  // ":7"
  int pid() const { return pid_; }
  Size size() const { return size_; }
  // Ends the server now (SIGKILL) and reaps it: for tests of a display that dies.
  void kill_now();

 private:
  XvfbProcess() = default;
  void stop(int grace_ms);

  std::string display_;
  int pid_ = -1;
  Size size_;
  std::string log_path_;
};

}  // namespace hemu
