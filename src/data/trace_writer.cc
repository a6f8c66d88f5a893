#include "data/trace_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/clock.h"
#include "data/checksum.h"
#include "image/file_io.h"

namespace hemu {
namespace {

std::string os_error(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

Status sync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error(os_error("cannot open directory", dir));
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::ok_status() : io_error(os_error("cannot sync directory", dir));
}

// Replaces `path` through a temporary and a rename; fsynced unless `sync` is false (then a crash of
// the OS, not of the process, may leave the file empty).
Status replace_file(const std::string& path, const std::vector<uint8_t>& bytes, bool sync) {
  if (sync) return file_write_atomic(path, bytes);
  const std::string temp = temp_path_for(path);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error(os_error("cannot create", temp));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status status = io_error(os_error("cannot write", temp));
      ::close(fd), ::unlink(temp.c_str());
      return status;
    }
    done += size_t(n);
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Status status = io_error(os_error("cannot rename to", path));
    ::unlink(temp.c_str());
    return status;
  }
  return Status::ok_status();
}

Status write_meta(const std::string& dir, const TraceMeta& meta, bool sync) {
  const std::string text = json_seal(meta_to_json(meta), /*indent=*/2) + "\n";
  return replace_file(dir + "/" + kMetaFile, std::vector<uint8_t>(text.begin(), text.end()), sync);
}

Result<int> create_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return io_error(os_error("cannot create", path));
  return fd;
}

}  // namespace

Result<std::unique_ptr<TraceWriter>> TraceWriter::create(const std::string& dir, TraceMeta meta,
                                                         const TraceWriterOptions& options) {
  namespace fs = std::filesystem;
  std::error_code error;
  for (const char* name : {kMetaFile, kFramesFile, kEventsFile})
    if (fs::exists(fs::path(dir) / name, error))
      return invalid_argument("'" + dir + "' already holds a trace (" + name + " exists): choose another directory");
  fs::create_directories(dir, error);
  if (error) return io_error("cannot create directory '" + dir + "': " + error.message());
  std::unique_ptr<TraceWriter> w(new TraceWriter());
  w->dir_ = dir;
  w->options_ = options;
  w->encoder_ = FrameEncoder(options.zlib_level, options.keyframe_interval);
  w->start_monotonic_us_ = monotonic_us();
  if (meta.start_time.empty()) meta.start_time = utc_timestamp_now();
  meta.complete = false;
  meta.format_version = kTraceFormatVersion;
  meta.hemu_version = kHemuVersion;
  w->meta_ = std::move(meta);
  HEMU_RETURN_IF_ERROR(write_meta(dir, w->meta_, options.sync));
  auto frames = create_file(dir + "/" + kFramesFile);
  HEMU_RETURN_IF_ERROR(frames.status());
  w->frames_fd_ = *frames;
  auto events = create_file(dir + "/" + kEventsFile);
  HEMU_RETURN_IF_ERROR(events.status());
  w->events_fd_ = *events;
  const std::vector<uint8_t> header = frames_file_header();
  HEMU_RETURN_IF_ERROR(w->write_all(w->frames_fd_, header, kFramesFile));
  w->frames_bytes_ = int64_t(header.size());
  w->frames_crc32_ = crc32_of(header);
  if (options.sync) {
    HEMU_RETURN_IF_ERROR(sync_directory(dir));
    w->syncer_ = std::thread([raw = w.get()] { raw->sync_loop(); });
  }
  return w;
}

TraceWriter::~TraceWriter() {
  stop_syncing();
  for (int* fd : {&frames_fd_, &events_fd_})
    if (*fd >= 0) {
      if (options_.sync) ::fdatasync(*fd);
      ::close(*fd);
      *fd = -1;
    }
}

int64_t TraceWriter::now_us() const { return monotonic_us() - start_monotonic_us_; }

void TraceWriter::sync_loop() {
  std::unique_lock lock(mutex_);
  const auto interval = std::chrono::milliseconds(std::max(1, options_.sync_interval_ms));
  while (!stopping_) {
    wake_.wait_for(lock, interval, [this] { return stopping_; });
    if (stopping_ || !dirty_.exchange(false)) continue;
    if ((::fdatasync(frames_fd_) != 0 || ::fdatasync(events_fd_) != 0) && sync_failure_.ok())
      sync_failure_ = io_error(os_error("cannot sync trace files in", dir_));
  }
}

void TraceWriter::stop_syncing() {
  if (!syncer_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  syncer_.join();
}

Status TraceWriter::check_usable() const {
  if (finished_) return invalid_argument("trace '" + dir_ + "' is already finished");
  if (!failure_.ok()) return failure_;
  if (options_.sync) {
    std::lock_guard lock(mutex_);
    if (!sync_failure_.ok()) return sync_failure_;
  }
  return Status::ok_status();
}

Status TraceWriter::write_all(int fd, const std::vector<uint8_t>& bytes, const char* file) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failure_ = io_error(os_error("cannot write", dir_ + "/" + file));
      return failure_;
    }
    done += size_t(n);
  }
  dirty_ = true;
  return Status::ok_status();
}

Result<int64_t> TraceWriter::add_frame(const Frame& frame, int64_t t_us) {
  HEMU_RETURN_IF_ERROR(check_usable());
  if (t_us < 0 || t_us < last_frame_t_us_)
    return invalid_argument("frame t_us " + std::to_string(t_us) + " is negative or before the previous frame (" +
                            std::to_string(last_frame_t_us_) + ")");
  auto encoded = encoder_.encode(frame);
  HEMU_RETURN_IF_ERROR(encoded.status());
  FrameRecordInfo info;
  info.offset = frames_bytes_;
  info.header.index = int64_t(records_.size());
  info.header.t_us = t_us;
  info.header.width = frame.width;
  info.header.height = frame.height;
  info.header.codec = encoded->codec;
  info.header.payload_bytes = uint32_t(encoded->payload.size());
  info.header.payload_crc32 = crc32_of(encoded->payload);
  std::vector<uint8_t> record = frame_record_header_bytes(info.header);
  record.insert(record.end(), encoded->payload.begin(), encoded->payload.end());
  HEMU_RETURN_IF_ERROR(write_all(frames_fd_, record, kFramesFile));
  frames_bytes_ += int64_t(record.size());
  frames_crc32_ = crc32_update(frames_crc32_, record.data(), record.size());
  last_frame_t_us_ = t_us;
  records_.push_back(info);
  return info.header.index;
}

Status TraceWriter::add_event(const TraceEvent& event) {
  HEMU_RETURN_IF_ERROR(check_usable());
  if (event.t_us < 0 || event.t_us < last_event_t_us_)
    return invalid_argument("event t_us " + std::to_string(event.t_us) + " is negative or before the previous event (" +
                            std::to_string(last_event_t_us_) + ")");
  const Json json = event_to_json(event);
  // Refuse what a reader would reject (an OtherEvent named like a known type but without its
  // fields, a crc32 field, an invalid action) instead of writing a line that reads as damage.
  if (json.find(kCrcMember) != nullptr) return invalid_argument("an event may not have a crc32 field");
  if (auto check = event_from_json(json); !check.ok())
    return invalid_argument("event " + json.dump() + " is not valid: " + check.status().message());
  const std::string line = json_seal(json) + "\n";
  HEMU_RETURN_IF_ERROR(write_all(events_fd_, std::vector<uint8_t>(line.begin(), line.end()), kEventsFile));
  events_bytes_ += int64_t(line.size());
  events_crc32_ = crc32_update(events_crc32_, line.data(), line.size());
  last_event_t_us_ = event.t_us;
  ++event_count_;
  return Status::ok_status();
}

Status TraceWriter::add_step(int step, const Frame& observation, int64_t t_us, const Action& action,
                             std::optional<StageTimings> timings, std::string refused,
                             std::optional<bool> changed) {
  auto index = add_frame(observation, t_us);
  HEMU_RETURN_IF_ERROR(index.status());
  StepEvent event;
  event.step = step;
  event.frame_index = *index;
  event.action = action;
  event.has_timings = timings.has_value();
  if (timings) event.timings = *timings;
  event.refused = std::move(refused);
  event.changed = changed;
  return add_event({t_us, std::move(event)});
}

Status TraceWriter::add_outcome(const OutcomeEvent& outcome, int64_t t_us) { return add_event({t_us, outcome}); }

Status TraceWriter::finish() {
  HEMU_RETURN_IF_ERROR(check_usable());
  stop_syncing();
  for (int* fd : {&frames_fd_, &events_fd_}) {
    if (options_.sync && ::fdatasync(*fd) != 0) return io_error(os_error("cannot sync trace files in", dir_));
    ::close(*fd);
    *fd = -1;
  }
  finished_ = true;
  const std::string index_path = dir_ + "/" + kFrameIndexFile;
  const std::vector<uint8_t> index = frame_index_bytes(records_);
  HEMU_RETURN_IF_ERROR(replace_file(index_path, index, options_.sync));
  meta_.index_file = {int64_t(index.size()), crc32_of(index)};
  meta_.frames_file = {frames_bytes_, frames_crc32_};
  meta_.events_file = {events_bytes_, events_crc32_};
  meta_.frame_count = frame_count();
  meta_.event_count = event_count_;
  meta_.duration_us = std::max(last_frame_t_us_, last_event_t_us_);
  meta_.complete = true;
  HEMU_RETURN_IF_ERROR(write_meta(dir_, meta_, options_.sync));
  return options_.sync ? sync_directory(dir_) : Status::ok_status();
}

}  // namespace hemu
