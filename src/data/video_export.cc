#include "data/video_export.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "data/trace_reader.h"
#include "image/file_io.h"

namespace hemu {
namespace {

Result<std::string> find_ffmpeg(const std::string& given) {
  const char* hint = " (install it: apt-get install ffmpeg, or pass --ffmpeg /path/to/ffmpeg)";
  if (!given.empty()) {
    if (::access(given.c_str(), X_OK) == 0) return given;
    return unavailable("ffmpeg '" + given + "' is not an executable file" + hint);
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "";
  for (size_t at = 0; at <= dirs.size();) {
    size_t end = dirs.find(':', at);
    if (end == std::string::npos) end = dirs.size();
    const std::string dir = dirs.substr(at, end - at);
    const std::string candidate = (dir.empty() ? "." : dir) + "/ffmpeg";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    at = end + 1;
  }
  return unavailable(std::string("ffmpeg not found on PATH") + hint);
}

std::string tail_of_file(const std::string& path, size_t max_bytes) {
  auto bytes = file_read_all(path);
  if (!bytes.ok()) return "";
  std::string text(bytes->begin(), bytes->end());
  if (text.size() > max_bytes) text = "..." + text.substr(text.size() - max_bytes);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Writes all of `bytes` to the pipe; false when ffmpeg closed it (it failed).
bool write_pipe(int fd, const uint8_t* bytes, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= size_t(n);
  }
  return true;
}

}  // namespace

std::vector<int64_t> video_frame_starts(const std::vector<int64_t>& times_us, int fps, int min_frame_ms) {
  std::vector<int64_t> starts;
  const int64_t min_frames = std::max<int64_t>(1, std::llround(min_frame_ms * fps / 1000.0));
  for (int64_t t : times_us) {
    int64_t start = std::llround(double(t) * fps / 1e6);
    if (!starts.empty()) start = std::max(start, starts.back() + min_frames);
    starts.push_back(std::max<int64_t>(start, 0));
  }
  if (!starts.empty()) {
    const int64_t first = starts.front();
    for (auto& s : starts) s -= first;  // the video starts with the first frame
  }
  return starts;
}

Result<VideoExportReport> export_video(const std::string& trace_dir, const std::string& out_path,
                                       const VideoExportOptions& options) {
  if (options.fps < 1 || options.fps > 240) return invalid_argument("--fps must be in 1..240");
  auto ffmpeg = find_ffmpeg(options.ffmpeg);
  HEMU_RETURN_IF_ERROR(ffmpeg.status());
  auto reader = TraceReader::open(trace_dir, {.recover = options.recover});
  HEMU_RETURN_IF_ERROR(reader.status());
  TraceReader& trace = **reader;
  if (trace.frame_count() == 0) return invalid_argument("trace '" + trace_dir + "' has no frames to export");
  std::vector<int64_t> times;
  for (int64_t i = 0; i < trace.frame_count(); ++i) times.push_back(trace.frame_info(i).header.t_us);
  const std::vector<int64_t> starts = video_frame_starts(times, options.fps, options.min_frame_ms);
  const int64_t hold = std::max<int64_t>(1, std::llround(options.hold_last_ms * options.fps / 1000.0));
  const int width = trace.frame_info(0).header.width, height = trace.frame_info(0).header.height;

  char log_path[] = "/tmp/hemu_ffmpeg_XXXXXX";
  int log_fd = ::mkstemp(log_path);
  if (log_fd < 0) return io_error(std::string("cannot create a temporary file: ") + std::strerror(errno));
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ::close(log_fd), ::unlink(log_path);
    return io_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  const std::string rate = std::to_string(options.fps);
  std::vector<std::string> args = {*ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo",
                                   "-pix_fmt", "rgb24", "-s", size, "-r", rate, "-i", "pipe:0",
                                   // yuv420p (what players expect) needs even sides.
                                   "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-pix_fmt", "yuv420p", out_path};
  pid_t child = ::fork();
  if (child < 0) {
    ::close(log_fd), ::unlink(log_path), ::close(pipe_fds[0]), ::close(pipe_fds[1]);
    return io_error(std::string("cannot start ffmpeg: ") + std::strerror(errno));
  }
  if (child == 0) {
    ::dup2(pipe_fds[0], 0);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[0]);
  ::close(log_fd);
  // ffmpeg exiting early must not kill us with SIGPIPE: the write fails with EPIPE instead.
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  VideoExportReport report;
  Status status;
  for (int64_t i = 0; i < trace.frame_count() && status.ok(); ++i) {
    auto frame = trace.frame(i);
    if (!frame.ok()) {
      status = frame.status();
      break;
    }
    if (frame->width != width || frame->height != height) {
      status = invalid_argument("frame " + std::to_string(i) + " is " + std::to_string(frame->width) + "x" +
                                std::to_string(frame->height) + ", the video is " + size +
                                " (a trace whose screen size changes cannot be exported yet)");
      break;
    }
    const int64_t repeats = i + 1 < trace.frame_count() ? starts[size_t(i) + 1] - starts[size_t(i)] : hold;
    for (int64_t k = 0; k < repeats && status.ok(); ++k) {
      if (!write_pipe(pipe_fds[1], frame->pixels.data(), frame->pixels.size())) status = io_error("ffmpeg stopped reading");
      ++report.video_frames;
    }
    ++report.trace_frames;
  }
  ::close(pipe_fds[1]);
  int wait_status = 0;
  while (::waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
  }
  ::sigaction(SIGPIPE, &previous, nullptr);
  const std::string log = tail_of_file(log_path, 1500);
  ::unlink(log_path);
  const bool ffmpeg_ok = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
  if (!ffmpeg_ok) {
    std::string what = WIFEXITED(wait_status) ? "exited with code " + std::to_string(WEXITSTATUS(wait_status))
                                              : "was killed by signal " + std::to_string(WTERMSIG(wait_status));
    if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 127) what += " (could not run " + *ffmpeg + ")";
    return io_error("ffmpeg " + what + " writing '" + out_path + "'" + (log.empty() ? "" : ": " + log));
  }
  HEMU_RETURN_IF_ERROR(status);
  report.seconds = double(report.video_frames) / options.fps;
  return report;
}

}  // namespace hemu
