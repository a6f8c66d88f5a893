// ChildProcess: a program hemu starts (`hemu desktop` for the X11 path, servers in tests) with its
// stdout on a pipe, read line by line with timeouts. The destructor ends a child that is still
// running by its PID (SIGKILL) and reaps it, so no process outlives its owner.
//
//   auto child = ChildProcess::spawn({"/usr/bin/hemu", "desktop", "--display", ":99", "click_button"});
//   std::optional<std::string> line = (*child)->read_line(/*timeout_ms=*/10000);
//
// Not thread-safe; one owner.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace hemu {

class ChildProcess {
 public:
  // Starts args[0] (a path, not searched in PATH) with args; stdin is /dev/null, stderr is
  // inherited unless `quiet` (then /dev/null). kIo when fork/pipe fail; a program that cannot be
  // executed exits 127 (seen by wait_exit). With `own_group` the child leads a new process group and
  // signal() and the destructor reach the whole group: for programs that start helpers of their
  // own (Chromium), which would otherwise outlive a killed parent.
  static Result<std::unique_ptr<ChildProcess>> spawn(const std::vector<std::string>& args, bool quiet = false,
                                                     bool own_group = false);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // The next stdout line without its newline; nullopt after `timeout_ms` (0: only what is already
  // there) or at the end of its output.
  std::optional<std::string> read_line(int timeout_ms);
  // Sends `signal_number` if the child still runs (to its whole group with own_group).
  void signal(int signal_number);
  // The exit code (128 + signal when killed) once it exits, or nullopt after `timeout_ms`.
  std::optional<int> wait_exit(int timeout_ms);

 private:
  ChildProcess() = default;
  pid_t pid_ = -1;
  bool own_group_ = false;
  int out_ = -1;
  std::string buffer_;
  std::optional<int> exit_code_;
};

// The path of the running executable (/proc/self/exe), for starting another hemu command.
std::string self_executable();

}  // namespace hemu
