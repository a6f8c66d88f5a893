#include "data/trace_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "data/checksum.h"
#include "image/file_io.h"

namespace hemu {
namespace {

std::string describe_summary(int64_t bytes, uint32_t crc) {
  return std::to_string(bytes) + " bytes, crc32 " + crc32_hex(crc);
}

}  // namespace

Result<std::unique_ptr<TraceReader>> TraceReader::open(const std::string& dir, const TraceOpenOptions& options) {
  std::unique_ptr<TraceReader> r(new TraceReader());
  r->dir_ = dir;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return not_found("trace '" + dir + "': no such directory");
  auto meta_bytes = file_read_all(dir + "/" + kMetaFile);
  if (!meta_bytes.ok()) {
    if (meta_bytes.status().code() == ErrorCode::kNotFound)
      return not_found("trace '" + dir + "': no meta.json (not a trace directory)");
    return meta_bytes.status();
  }
  r->total_bytes_ += int64_t(meta_bytes->size());
  const std::string meta_text(meta_bytes->begin(), meta_bytes->end());
  auto meta_json = json_unseal(meta_text);
  if (!meta_json.ok()) return corrupt("trace '" + dir + "': meta.json: " + meta_json.status().message());
  auto meta = meta_from_json(*meta_json);
  if (!meta.ok()) return Status(meta.status().code(), "trace '" + dir + "': meta.json: " + meta.status().message());
  r->meta_ = std::move(*meta);
  if (!r->meta_.complete)
    r->add_problem({kMetaFile, -1, -1, -1, "the trace was not finished (the writer stopped before finish())"});
  HEMU_RETURN_IF_ERROR(r->read_events());
  HEMU_RETURN_IF_ERROR(r->read_frames());
  if (options.decode_frames) HEMU_RETURN_IF_ERROR(r->decode_all());
  r->check_references();
  if (r->meta_.complete) r->check_summary();
  if (!options.recover && !r->problems_.empty()) {
    std::string message = "trace '" + dir + "': " + r->problems_.front().to_string();
    if (r->problems_.size() > 1) message += " (and " + std::to_string(r->problems_.size() - 1) + " more)";
    return corrupt(message + "; open with recovery to read the valid prefix");
  }
  return r;
}

TraceReader::~TraceReader() {
  if (frames_fd_ >= 0) ::close(frames_fd_);
}

void TraceReader::add_problem(TraceProblem problem) { problems_.push_back(std::move(problem)); }

Status TraceReader::read_events() {
  auto bytes = file_read_all(dir_ + "/" + kEventsFile);
  if (!bytes.ok()) {
    if (bytes.status().code() != ErrorCode::kNotFound) return bytes.status();
    events_damaged_ = true;
    add_problem({kEventsFile, -1, -1, -1, "missing"});
    return Status::ok_status();
  }
  events_file_bytes_ = int64_t(bytes->size());
  total_bytes_ += events_file_bytes_;
  const std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  int64_t previous_t_us = 0;
  size_t at = 0;
  for (int64_t line = 1; at < text.size(); ++line) {
    const size_t end = text.find('\n', at);
    auto fail = [&](std::string what) {
      events_damaged_ = true;
      add_problem({kEventsFile, -1, line, int64_t(at), std::move(what)});
    };
    if (end == std::string_view::npos) {
      auto unsealed = json_unseal(text.substr(at));
      fail(unsealed.ok() ? "truncated line (no end-of-line after " + std::to_string(text.size() - at) + " bytes)"
                         : "truncated JSON (the file ends " + std::to_string(text.size() - at) + " bytes into the line)");
      return Status::ok_status();
    }
    const std::string_view content = text.substr(at, end - at);
    if (content.empty()) return fail("empty line"), Status::ok_status();
    auto json = json_unseal(content);
    if (!json.ok()) return fail(json.status().message()), Status::ok_status();
    auto event = event_from_json(*json);
    if (!event.ok()) return fail("bad event: " + event.status().message()), Status::ok_status();
    if (event->t_us < previous_t_us)
      return fail("t_us " + std::to_string(event->t_us) + " goes back in time (previous " + std::to_string(previous_t_us) + ")"),
             Status::ok_status();
    previous_t_us = event->t_us;
    events_.push_back(std::move(*event));
    event_lines_.push_back(line);
    event_ends_.push_back(int64_t(end + 1));
    events_valid_crc32_ = crc32_update(events_valid_crc32_, text.data() + at, end + 1 - at);
    at = end + 1;
    events_valid_bytes_ = int64_t(at);
  }
  return Status::ok_status();
}

Status TraceReader::read_frames() {
  const std::string path = dir_ + "/" + kFramesFile;
  auto scan = scan_frames_file(path);
  if (!scan.ok()) {
    if (scan.status().code() != ErrorCode::kNotFound) return scan.status();
    frames_damaged_ = true;
    add_problem({kFramesFile, -1, -1, -1, "missing"});
    return Status::ok_status();
  }
  records_ = std::move(scan->records);
  frames_valid_bytes_ = scan->valid_bytes;
  frames_valid_crc32_ = scan->valid_crc32;
  frames_file_bytes_ = scan->file_bytes;
  total_bytes_ += frames_file_bytes_;
  if (scan->problem) {
    frames_damaged_ = true;
    add_problem(*scan->problem);
  }
  frames_fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (frames_fd_ < 0) return io_error("cannot open '" + path + "': " + std::strerror(errno));

  const std::string index_path = dir_ + "/" + kFrameIndexFile;
  std::error_code error;
  if (!std::filesystem::exists(index_path, error)) {
    if (meta_.complete) add_problem({kFrameIndexFile, -1, -1, -1, "missing (rebuilt by scanning frames.bin)"});
    return Status::ok_status();
  }
  total_bytes_ += int64_t(std::filesystem::file_size(index_path, error));
  auto index = read_frame_index(index_path);
  if (!index.ok()) {
    if (index.status().code() != ErrorCode::kCorrupt) return index.status();
    add_problem({kFrameIndexFile, -1, -1, -1, index.status().message() + " (rebuilt by scanning frames.bin)"});
    return Status::ok_status();
  }
  if (frames_damaged_) return Status::ok_status();  // the index describes records that are gone
  for (size_t i = 0; i < std::max(index->size(), records_.size()); ++i) {
    if (i >= index->size() || i >= records_.size()) {
      add_problem({kFrameIndexFile, -1, -1, -1, "lists " + std::to_string(index->size()) + " records, frames.bin holds " +
                                                    std::to_string(records_.size())});
      break;
    }
    const FrameRecordInfo& a = (*index)[i];
    const FrameRecordInfo& b = records_[i];
    if (a.offset != b.offset || a.header.t_us != b.header.t_us || a.header.width != b.header.width ||
        a.header.height != b.header.height || a.header.codec != b.header.codec ||
        a.header.payload_bytes != b.header.payload_bytes || a.header.payload_crc32 != b.header.payload_crc32) {
      add_problem({kFrameIndexFile, int64_t(i), -1, -1, "disagrees with frames.bin (rebuilt by scanning)"});
      break;
    }
  }
  return Status::ok_status();
}

void TraceReader::check_references() {
  for (size_t i = 0; i < events_.size(); ++i) {
    const StepEvent* step = events_[i].step();
    if (step == nullptr || step->frame_index < frame_count()) continue;
    add_problem({kEventsFile, -1, event_lines_[i], -1,
                 "refers to frame " + std::to_string(step->frame_index) + ", frames.bin holds " +
                     std::to_string(frame_count())});
    events_.resize(i);
    event_lines_.resize(i);
    event_ends_.resize(i);
    events_valid_bytes_ = i == 0 ? 0 : event_ends_.back();
    events_damaged_ = true;
    return;
  }
}

void TraceReader::check_summary() {
  auto mismatch = [&](const char* file, int64_t bytes, uint32_t crc, int64_t count, const TraceFileSummary& listed,
                      int64_t listed_count, const char* unit) {
    if (bytes == listed.bytes && crc == listed.crc32 && count == listed_count) return;
    add_problem({file, -1, -1, -1,
                 "holds " + std::to_string(count) + " " + unit + " (" + describe_summary(bytes, crc) +
                     "), meta.json lists " + std::to_string(listed_count) + " (" +
                     describe_summary(listed.bytes, listed.crc32) + ")"});
  };
  if (!events_damaged_)
    mismatch(kEventsFile, events_file_bytes_, events_valid_crc32_, int64_t(events_.size()), meta_.events_file,
             meta_.event_count, "events");
  if (!frames_damaged_)
    mismatch(kFramesFile, frames_file_bytes_, frames_valid_crc32_, frame_count(), meta_.frames_file, meta_.frame_count,
             "frames");
  int64_t index_bytes = 0;
  auto index_crc = file_crc32(dir_ + "/" + kFrameIndexFile, &index_bytes);
  if (index_crc.ok() && (index_bytes != meta_.index_file.bytes || *index_crc != meta_.index_file.crc32))
    add_problem({kFrameIndexFile, -1, -1, -1,
                 "is " + describe_summary(index_bytes, *index_crc) + ", meta.json lists " +
                     describe_summary(meta_.index_file.bytes, meta_.index_file.crc32)});
}

Status TraceReader::decode_all() {
  decoder_.reset();
  decoded_index_ = -1;
  for (int64_t i = 0; i < frame_count(); ++i) {
    Status st = decode_record(i);
    if (st.ok()) continue;
    if (st.code() != ErrorCode::kCorrupt) return st;
    const FrameRecordInfo& info = records_[size_t(i)];
    add_problem({kFramesFile, i, -1, info.offset, st.message()});
    frames_valid_bytes_ = info.offset;
    frames_damaged_ = true;
    records_.resize(size_t(i));
    break;
  }
  decoder_.reset();
  decoded_index_ = -1;
  return Status::ok_status();
}

const FrameRecordInfo& TraceReader::frame_info(int64_t index) const {
  HEMU_CHECK(index >= 0 && index < frame_count()) << "frame " << index << " of " << frame_count();
  return records_[size_t(index)];
}

Status TraceReader::decode_record(int64_t i) {
  const FrameRecordInfo& info = records_[size_t(i)];
  payload_.resize(info.header.payload_bytes);
  const off_t at = off_t(info.offset + kFrameRecordHeaderBytes);
  size_t done = 0;
  while (done < payload_.size()) {
    ssize_t n = ::pread(frames_fd_, payload_.data() + done, payload_.size() - done, at + off_t(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error("cannot read frame " + std::to_string(i) + " of '" + dir_ + "/frames.bin'");
    done += size_t(n);
  }
  decoded_index_ = -1;
  if (crc32_of(payload_) != info.header.payload_crc32) return corrupt("CRC mismatch (the file changed after it was opened)");
  HEMU_RETURN_IF_ERROR(decoder_.decode(info.header.codec, info.header.width, info.header.height, payload_));
  decoded_index_ = i;
  return Status::ok_status();
}

Result<Frame> TraceReader::frame(int64_t index) {
  if (index < 0 || index >= frame_count())
    return out_of_range("frame " + std::to_string(index) + " of " + std::to_string(frame_count()) + " in '" + dir_ + "'");
  int64_t start = index;
  while (start > 0 && records_[size_t(start)].header.codec != FrameCodec::kKey) --start;
  if (decoded_index_ >= start && decoded_index_ <= index) start = decoded_index_ + 1;
  for (int64_t i = start; i <= index; ++i) {
    Status st = decode_record(i);
    if (!st.ok() && st.code() == ErrorCode::kCorrupt) {
      const FrameRecordInfo& info = records_[size_t(i)];
      return corrupt("frames.bin: record " + std::to_string(i) + " at byte " + std::to_string(info.offset) + ": " +
                     st.message());
    }
    HEMU_RETURN_IF_ERROR(st);
  }
  Frame frame = decoder_.frame();
  frame.capture_time_us = records_[size_t(index)].header.t_us;
  return frame;
}

std::vector<StepEvent> TraceReader::steps() const {
  std::vector<StepEvent> out;
  for (const auto& e : events_)
    if (const StepEvent* s = e.step()) out.push_back(*s);
  return out;
}

std::optional<OutcomeEvent> TraceReader::outcome() const {
  for (auto it = events_.rbegin(); it != events_.rend(); ++it)
    if (const OutcomeEvent* o = it->outcome()) return *o;
  return std::nullopt;
}

int64_t TraceReader::duration_us() const {
  int64_t last = records_.empty() ? 0 : records_.back().header.t_us;
  if (!events_.empty()) last = std::max(last, events_.back().t_us);
  return last;
}

}  // namespace hemu
