#include "core/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <thread>

#include "core/clock.h"

namespace hemu {

Result<std::unique_ptr<ChildProcess>> ChildProcess::spawn(const std::vector<std::string>& args, bool quiet,
                                                          bool own_group) {
  if (args.empty()) return invalid_argument("no program to start");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return io_error(std::string("pipe: ") + std::strerror(errno));
  // Everything the child needs is prepared before fork: only async-signal-safe calls after it.
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return io_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    if (own_group) ::setpgid(0, 0);
    ::dup2(fds[1], STDOUT_FILENO);
    const int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
      ::dup2(null_fd, STDIN_FILENO);
      if (quiet) ::dup2(null_fd, STDERR_FILENO);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  // Also from the parent, so a signal sent right after spawn cannot miss the group.
  if (own_group) ::setpgid(pid, pid);
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->pid_ = pid;
  child->own_group_ = own_group;
  child->out_ = fds[0];
  return child;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_code_) {
    ::kill(own_group_ ? -pid_ : pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_ >= 0) ::close(out_);
}

std::optional<std::string> ChildProcess::read_line(int timeout_ms) {
  const int64_t deadline = monotonic_us() + int64_t(std::max(0, timeout_ms)) * 1000;
  while (true) {
    if (size_t nl = buffer_.find('\n'); nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    if (out_ < 0) return std::nullopt;
    const int64_t left_ms = std::max<int64_t>(0, (deadline - monotonic_us() + 999) / 1000);
    pollfd fd{out_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, int(std::min<int64_t>(left_ms, INT_MAX)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::nullopt;
    char chunk[4096];
    const ssize_t n = ::read(out_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {  // end of output
      ::close(out_);
      out_ = -1;
      continue;  // a last line without newline is not a line: dropped
    }
    buffer_.append(chunk, size_t(n));
  }
}

void ChildProcess::signal(int signal_number) {
  if (pid_ > 0 && !exit_code_) ::kill(own_group_ ? -pid_ : pid_, signal_number);
}

std::optional<int> ChildProcess::wait_exit(int timeout_ms) {
  if (exit_code_) return exit_code_;
  const int64_t deadline = monotonic_us() + int64_t(std::max(0, timeout_ms)) * 1000;
  while (true) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
    if (monotonic_us() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::string self_executable() {
  char self[PATH_MAX] = {};
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  return n > 0 ? std::string(self, size_t(n)) : "hemu";
}

}  // namespace hemu
