#include "x11/testing/xvfb.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/clock.h"

namespace hemu {
namespace {

std::string log_tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  if (s.size() > 600) s = "..." + s.substr(s.size() - 600);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "(Xvfb printed nothing)" : s;
}

}  // namespace

Result<std::unique_ptr<XvfbProcess>> XvfbProcess::start(Size size, int depth,
                                                        const std::vector<std::string>& extra_args, int timeout_ms) {
  if (size.empty()) return invalid_argument("Xvfb: empty screen size");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return io_error(std::string("Xvfb: pipe: ") + std::strerror(errno));
  char log_template[] = "/tmp/hemu-xvfb-XXXXXX";
  const int log_fd = mkstemp(log_template);
  if (log_fd < 0) {
    close(fds[0]);
    close(fds[1]);
    return io_error(std::string("Xvfb: log file: ") + std::strerror(errno));
  }

  std::vector<std::string> args = {"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0",
                                   std::to_string(size.width) + "x" + std::to_string(size.height) + "x" +
                                       std::to_string(depth),
                                   "-nolisten", "tcp", "-noreset", "+extension", "RANDR", "+extension", "DAMAGE",
                                   "+extension", "MIT-SHM"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    close(log_fd);
    return io_error(std::string("Xvfb: fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    fcntl(fds[1], F_SETFD, 0);  // the write end must survive exec
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    execvp("Xvfb", argv.data());
    _exit(127);
  }
  close(fds[1]);
  close(log_fd);

  std::unique_ptr<XvfbProcess> xvfb(new XvfbProcess());
  xvfb->pid_ = pid;
  xvfb->size_ = size;
  xvfb->log_path_ = log_template;

  // Xvfb writes "<display number>\n" once it accepts connections.
  std::string text;
  const int64_t deadline = monotonic_us() + int64_t(timeout_ms) * 1000;
  while (text.find('\n') == std::string::npos) {
    const int64_t left_ms = (deadline - monotonic_us()) / 1000;
    if (left_ms <= 0) break;
    pollfd fd{fds[0], POLLIN, 0};
    const int ready = poll(&fd, 1, int(std::min<int64_t>(left_ms, 100)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0) {
      char buffer[64];
      const ssize_t n = read(fds[0], buffer, sizeof buffer);
      if (n <= 0) break;  // Xvfb exited (pipe closed) before it was ready
      text.append(buffer, size_t(n));
    }
  }
  close(fds[0]);
  if (text.find('\n') == std::string::npos) {
    int status = 0;
    const bool exited = waitpid(pid, &status, WNOHANG) == pid;
    if (exited) xvfb->pid_ = -1;
    const std::string why = exited ? (WIFEXITED(status) && WEXITSTATUS(status) == 127
                                          ? "could not run Xvfb (is it installed? Debian: apt install xvfb)"
                                          : "Xvfb exited before it was ready")
                                   : "Xvfb did not become ready within " + std::to_string(timeout_ms) + " ms";
    return unavailable(why + "; its log: " + log_tail(xvfb->log_path_));
  }
  xvfb->display_ = ":" + text.substr(0, text.find('\n'));
  return xvfb;
}

void XvfbProcess::stop(int grace_ms) {
  if (pid_ <= 0) return;
  kill(pid_, grace_ms > 0 ? SIGTERM : SIGKILL);
  const int64_t deadline = monotonic_us() + int64_t(grace_ms) * 1000;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (monotonic_us() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  pid_ = -1;
}

void XvfbProcess::kill_now() { stop(/*grace_ms=*/0); }

XvfbProcess::~XvfbProcess() {
  stop(/*grace_ms=*/2000);
  if (!log_path_.empty()) std::remove(log_path_.c_str());
}

}  // namespace hemu
