#include "data/trace_meta.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "data/checksum.h"

namespace hemu {
namespace {

Json summary_json(const TraceFileSummary& s) {
  Json j = Json::object();
  j["bytes"] = s.bytes;
  j["crc32"] = crc32_hex(s.crc32);
  return j;
}

Result<TraceFileSummary> summary_from_json(const Json* j, const char* name) {
  const std::string field = std::string("files.") + name;
  if (j == nullptr || !j->is_object()) return corrupt("field '" + field + "': expected an object");
  const Json* bytes = j->find("bytes");
  const Json* crc = j->find("crc32");
  if (bytes == nullptr || !bytes->is_integer() || bytes->as_int() < 0)
    return corrupt("field '" + field + ".bytes': expected a non-negative integer");
  if (crc == nullptr || !crc->is_string()) return corrupt("field '" + field + ".crc32': expected 8 hex digits");
  auto value = crc32_from_hex(crc->as_string());
  if (!value.ok()) return corrupt("field '" + field + ".crc32': " + value.status().message());
  return TraceFileSummary{bytes->as_int(), *value};
}

}  // namespace

const char* trace_kind_name(TraceKind kind) { return kind == TraceKind::kRecording ? "recording" : "episode"; }

std::string utc_timestamp_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, int(ms));
  return buf;
}

Json meta_to_json(const TraceMeta& m) {
  Json j = Json::object();
  j["format"] = kTraceFormatName;
  j["version"] = m.format_version;
  j["kind"] = trace_kind_name(m.kind);
  j["screen_width"] = m.screen.width;
  j["screen_height"] = m.screen.height;
  j["ui_scale"] = m.ui_scale;
  j["instruction"] = m.instruction;
  if (!m.task.empty()) j["task"] = m.task;
  if (m.seed) j["seed"] = *m.seed;
  if (!m.policy.empty()) j["policy"] = m.policy;
  j["source"] = m.source;
  j["start_time"] = m.start_time;
  j["hemu_version"] = m.hemu_version;
  if (m.extra.is_object() && m.extra.size() > 0) j["extra"] = m.extra;
  j["complete"] = m.complete;
  if (m.complete) {
    j["frame_count"] = m.frame_count;
    j["event_count"] = m.event_count;
    j["duration_us"] = m.duration_us;
    Json files = Json::object();
    files[kFramesFile] = summary_json(m.frames_file);
    files[kEventsFile] = summary_json(m.events_file);
    files[kFrameIndexFile] = summary_json(m.index_file);
    j["files"] = files;
  }
  return j;
}

Result<TraceMeta> meta_from_json(const Json& j) {
  if (!j.is_object()) return corrupt("expected a JSON object");
  const Json* format = j.find("format");
  if (format == nullptr || !format->is_string() || format->as_string() != kTraceFormatName)
    return corrupt("field 'format': expected \"hemu-trace\"");
  TraceMeta m;
  auto get = [&](const char* name) { return j.find(name); };
  auto integer = [&](const char* name, int64_t lo, int64_t& out) -> Status {
    const Json* v = get(name);
    if (v == nullptr || !v->is_integer() || v->as_int() < lo)
      return corrupt(std::string("field '") + name + "': expected an integer >= " + std::to_string(lo));
    out = v->as_int();
    return Status::ok_status();
  };
  auto string = [&](const char* name, std::string& out, bool required) -> Status {
    const Json* v = get(name);
    if (v == nullptr && !required) return Status::ok_status();
    if (v == nullptr || !v->is_string()) return corrupt(std::string("field '") + name + "': expected a string");
    out = v->as_string();
    return Status::ok_status();
  };
  int64_t version = 0;
  HEMU_RETURN_IF_ERROR(integer("version", 1, version));
  if (version > kTraceFormatVersion)
    return out_of_range("format version " + std::to_string(version) + " is newer than this hemu reads (" +
                        std::to_string(kTraceFormatVersion) + "): update hemu");
  m.format_version = int(version);
  std::string kind;
  HEMU_RETURN_IF_ERROR(string("kind", kind, true));
  if (kind == "recording") m.kind = TraceKind::kRecording;
  else if (kind == "episode") m.kind = TraceKind::kEpisode;
  else return corrupt("field 'kind': expected \"recording\" or \"episode\", got \"" + kind + "\"");
  int64_t width = 0, height = 0;
  HEMU_RETURN_IF_ERROR(integer("screen_width", 0, width));
  HEMU_RETURN_IF_ERROR(integer("screen_height", 0, height));
  if (width > 1 << 15 || height > 1 << 15) return corrupt("screen size out of range");
  m.screen = {int(width), int(height)};
  const Json* scale = get("ui_scale");
  if (scale == nullptr || !scale->is_number() || !(scale->as_number() > 0))
    return corrupt("field 'ui_scale': expected a positive number");
  m.ui_scale = scale->as_number();
  HEMU_RETURN_IF_ERROR(string("instruction", m.instruction, true));
  HEMU_RETURN_IF_ERROR(string("task", m.task, false));
  if (const Json* seed = get("seed")) {
    if (!seed->is_integer() || seed->as_int() < 0) return corrupt("field 'seed': expected a non-negative integer");
    m.seed = uint64_t(seed->as_int());
  }
  HEMU_RETURN_IF_ERROR(string("policy", m.policy, false));
  HEMU_RETURN_IF_ERROR(string("source", m.source, true));
  HEMU_RETURN_IF_ERROR(string("start_time", m.start_time, true));
  HEMU_RETURN_IF_ERROR(string("hemu_version", m.hemu_version, true));
  if (const Json* extra = get("extra")) {
    if (!extra->is_object()) return corrupt("field 'extra': expected an object");
    m.extra = *extra;
  }
  const Json* complete = get("complete");
  if (complete == nullptr || !complete->is_bool()) return corrupt("field 'complete': expected true or false");
  m.complete = complete->as_bool();
  if (m.complete) {
    HEMU_RETURN_IF_ERROR(integer("frame_count", 0, m.frame_count));
    HEMU_RETURN_IF_ERROR(integer("event_count", 0, m.event_count));
    HEMU_RETURN_IF_ERROR(integer("duration_us", 0, m.duration_us));
    const Json* files = get("files");
    if (files == nullptr || !files->is_object()) return corrupt("field 'files': expected an object");
    auto frames = summary_from_json(files->find(kFramesFile), kFramesFile);
    HEMU_RETURN_IF_ERROR(frames.status());
    auto events = summary_from_json(files->find(kEventsFile), kEventsFile);
    HEMU_RETURN_IF_ERROR(events.status());
    auto index = summary_from_json(files->find(kFrameIndexFile), kFrameIndexFile);
    HEMU_RETURN_IF_ERROR(index.status());
    m.frames_file = *frames, m.events_file = *events, m.index_file = *index;
  }
  return m;
}

}  // namespace hemu
