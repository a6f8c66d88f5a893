#include "data/trace_repair.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "data/checksum.h"
#include "data/frame_file.h"
#include "data/trace_reader.h"
#include "image/file_io.h"

namespace hemu {
namespace {

// Cuts `path` to `bytes`; a missing file or one whose header is gone starts again from `header`.
Status cut_file(const std::string& path, int64_t bytes, const std::vector<uint8_t>& header, int64_t& dropped) {
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  const int64_t size = exists ? int64_t(std::filesystem::file_size(path, error)) : 0;
  if (!exists || bytes < int64_t(header.size())) {
    dropped += size;
    return file_write_atomic(path, header);
  }
  dropped += size - bytes;
  if (size == bytes) return Status::ok_status();
  if (::truncate(path.c_str(), off_t(bytes)) != 0)
    return io_error("cannot truncate '" + path + "': " + std::strerror(errno));
  return Status::ok_status();
}

}  // namespace

Result<RepairReport> repair_trace(const std::string& dir) {
  auto opened = TraceReader::open(dir, {.recover = true, .decode_frames = true});
  HEMU_RETURN_IF_ERROR(opened.status());
  TraceReader& trace = **opened;
  RepairReport report;
  report.problems = trace.problems();
  report.frames_kept = trace.frame_count();
  report.events_kept = int64_t(trace.events().size());
  if (report.problems.empty()) return report;

  const std::string frames_path = dir + "/" + kFramesFile, events_path = dir + "/" + kEventsFile;
  HEMU_RETURN_IF_ERROR(cut_file(frames_path, trace.frames_valid_bytes(), frames_file_header(), report.bytes_dropped));
  HEMU_RETURN_IF_ERROR(cut_file(events_path, trace.events_valid_bytes(), {}, report.bytes_dropped));
  std::vector<FrameRecordInfo> records;
  for (int64_t i = 0; i < trace.frame_count(); ++i) records.push_back(trace.frame_info(i));
  const std::string index_path = dir + "/" + kFrameIndexFile;
  HEMU_RETURN_IF_ERROR(write_frame_index(index_path, records));

  TraceMeta meta = trace.meta();
  auto summarize = [](const std::string& path, TraceFileSummary& out) -> Status {
    auto crc = file_crc32(path, &out.bytes);
    HEMU_RETURN_IF_ERROR(crc.status());
    out.crc32 = *crc;
    return Status::ok_status();
  };
  HEMU_RETURN_IF_ERROR(summarize(frames_path, meta.frames_file));
  HEMU_RETURN_IF_ERROR(summarize(events_path, meta.events_file));
  HEMU_RETURN_IF_ERROR(summarize(index_path, meta.index_file));
  meta.frame_count = trace.frame_count();
  meta.event_count = int64_t(trace.events().size());
  meta.duration_us = trace.duration_us();
  meta.complete = true;
  Json repaired = Json::array();
  for (const auto& p : report.problems) repaired.push_back(p.to_string());
  if (!meta.extra.is_object()) meta.extra = Json::object();
  meta.extra["repaired"] = repaired;
  opened->reset();  // close frames.bin before the final check
  const std::string text = json_seal(meta_to_json(meta), /*indent=*/2) + "\n";
  HEMU_RETURN_IF_ERROR(file_write_atomic(dir + "/" + kMetaFile, std::vector<uint8_t>(text.begin(), text.end())));
  auto check = TraceReader::open(dir, {.decode_frames = true});
  if (!check.ok()) return internal_error("repair of '" + dir + "' did not produce a valid trace: " + check.status().message());
  return report;
}

}  // namespace hemu
