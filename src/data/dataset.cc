#include "data/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <tuple>

#include "data/checksum.h"
#include "data/trace_reader.h"
#include "image/file_io.h"

namespace fs = std::filesystem;

namespace hemu {
namespace {

bool is_trace_dir(const fs::path& dir) {
  std::error_code error;
  return fs::is_regular_file(dir / kMetaFile, error);
}

std::string human_bytes(int64_t bytes) {
  char buf[32];
  if (bytes < 10 * 1024) std::snprintf(buf, sizeof buf, "%lld B", (long long)bytes);
  else if (bytes < 10ll * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024.0);
  else if (bytes < 10ll * 1024 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / 1048576.0);
  else std::snprintf(buf, sizeof buf, "%.2f GiB", bytes / 1073741824.0);
  return buf;
}

uint64_t split_hash(uint64_t seed, const std::string& key) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a, then a splitmix64 finaliser mixed with the seed
  for (unsigned char c : key) h = (h ^ c) * 0x100000001b3ull;
  h ^= seed + 0x9e3779b97f4a7c15ull;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

Json entry_to_json(const ManifestEntry& e) {
  Json j = Json::object();
  j["path"] = e.path;
  j["kind"] = trace_kind_name(e.kind);
  if (!e.task.empty()) j["task"] = e.task;
  if (e.seed) j["seed"] = *e.seed;
  if (!e.policy.empty()) j["policy"] = e.policy;
  j["frames"] = e.frames;
  j["events"] = e.events;
  j["bytes"] = e.bytes;
  j["duration_us"] = e.duration_us;
  if (e.success) j["success"] = *e.success;
  Json crc = Json::object();
  crc[kMetaFile] = crc32_hex(e.meta_crc32);
  crc[kFramesFile] = crc32_hex(e.frames_crc32);
  crc[kEventsFile] = crc32_hex(e.events_crc32);
  crc[kFrameIndexFile] = crc32_hex(e.index_crc32);
  j["crc32s"] = crc;
  return j;
}

Result<ManifestEntry> entry_from_json(const Json& j) {
  if (!j.is_object()) return corrupt("a trace entry must be an object");
  ManifestEntry e;
  auto string = [&](const char* name, std::string& out, bool required) -> Status {
    const Json* v = j.find(name);
    if (v == nullptr && !required) return Status::ok_status();
    if (v == nullptr || !v->is_string()) return corrupt(std::string("field '") + name + "': expected a string");
    out = v->as_string();
    return Status::ok_status();
  };
  auto integer = [&](const char* name, int64_t& out) -> Status {
    const Json* v = j.find(name);
    if (v == nullptr || !v->is_integer() || v->as_int() < 0)
      return corrupt(std::string("field '") + name + "': expected a non-negative integer");
    out = v->as_int();
    return Status::ok_status();
  };
  HEMU_RETURN_IF_ERROR(string("path", e.path, true));
  if (e.path.empty() || e.path.find("..") != std::string::npos || e.path[0] == '/')
    return corrupt("field 'path': '" + e.path + "' must be a relative path inside the dataset");
  std::string kind;
  HEMU_RETURN_IF_ERROR(string("kind", kind, true));
  if (kind != "recording" && kind != "episode") return corrupt("field 'kind': expected recording or episode");
  e.kind = kind == "recording" ? TraceKind::kRecording : TraceKind::kEpisode;
  HEMU_RETURN_IF_ERROR(string("task", e.task, false));
  HEMU_RETURN_IF_ERROR(string("policy", e.policy, false));
  if (const Json* seed = j.find("seed")) {
    if (!seed->is_integer() || seed->as_int() < 0) return corrupt("field 'seed': expected a non-negative integer");
    e.seed = uint64_t(seed->as_int());
  }
  HEMU_RETURN_IF_ERROR(integer("frames", e.frames));
  HEMU_RETURN_IF_ERROR(integer("events", e.events));
  HEMU_RETURN_IF_ERROR(integer("bytes", e.bytes));
  HEMU_RETURN_IF_ERROR(integer("duration_us", e.duration_us));
  if (const Json* success = j.find("success")) {
    if (!success->is_bool()) return corrupt("field 'success': expected true or false");
    e.success = success->as_bool();
  }
  const Json* crc = j.find("crc32s");
  if (crc == nullptr || !crc->is_object()) return corrupt("field 'crc32s': expected an object");
  const std::pair<const char*, uint32_t*> files[] = {{kMetaFile, &e.meta_crc32}, {kFramesFile, &e.frames_crc32},
                                                     {kEventsFile, &e.events_crc32}, {kFrameIndexFile, &e.index_crc32}};
  for (const auto& [name, out] : files) {
    const Json* v = crc->find(name);
    if (v == nullptr || !v->is_string()) return corrupt(std::string("field 'crc32s.") + name + "': expected 8 hex digits");
    auto value = crc32_from_hex(v->as_string());
    HEMU_RETURN_IF_ERROR(value.status());
    *out = *value;
  }
  return e;
}

Status link_or_copy(const fs::path& from, const fs::path& to, bool copy) {
  std::error_code error;
  if (!copy) {
    fs::create_hard_link(from, to, error);
    if (!error) return Status::ok_status();
  }
  error.clear();
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, error);
  if (error) return io_error("cannot copy '" + from.string() + "' to '" + to.string() + "': " + error.message());
  return Status::ok_status();
}

}  // namespace

Result<std::vector<std::string>> find_traces(const std::string& root) {
  std::error_code error;
  if (!fs::exists(root, error)) return not_found("'" + root + "' does not exist");
  std::vector<std::string> traces;
  if (is_trace_dir(root)) return std::vector<std::string>{root};
  fs::recursive_directory_iterator it(root, error), end;
  if (error) return io_error("cannot list '" + root + "': " + error.message());
  for (; it != end; it.increment(error)) {
    if (error) return io_error("cannot list '" + root + "': " + error.message());
    if (!it->is_directory(error) || !is_trace_dir(it->path())) continue;
    traces.push_back(it->path().string());
    it.disable_recursion_pending();
  }
  std::sort(traces.begin(), traces.end());
  return traces;
}

Result<TraceSummary> summarize_trace(const std::string& dir) {
  auto reader = TraceReader::open(dir, {.recover = true});
  HEMU_RETURN_IF_ERROR(reader.status());
  const TraceReader& r = **reader;
  TraceSummary s;
  s.dir = dir;
  s.meta = r.meta();
  s.frames = r.frame_count();
  s.events = int64_t(r.events().size());
  s.duration_us = r.duration_us();
  s.bytes = r.total_bytes();
  s.problems = r.problems();
  for (const auto& e : r.events()) {
    ++s.event_types[e.type_name()];
    if (const StepEvent* step = e.step()) ++s.action_types[action_type_name(step->action.type)];
  }
  s.outcome = r.outcome();
  auto meta_crc = file_crc32(dir + "/" + kMetaFile);
  HEMU_RETURN_IF_ERROR(meta_crc.status());
  s.meta_crc32 = *meta_crc;
  return s;
}

void DatasetStats::add(const TraceSummary& t) {
  ++traces;
  (t.meta.kind == TraceKind::kRecording ? recordings : episodes)++;
  frames += t.frames;
  events += t.events;
  bytes += t.bytes;
  duration_us += t.duration_us;
  for (const auto& [type, n] : t.event_types) event_types[type] += n;
  for (const auto& [type, n] : t.action_types) action_types[type] += n;
  if (t.outcome) {
    ++outcomes;
    successes += t.outcome->success ? 1 : 0;
  }
  if (!t.problems.empty()) ++damaged;
  for (const auto& p : t.problems) problems.push_back(t.dir + ": " + p.to_string());
}

std::string DatasetStats::render() const {
  std::string out;
  char line[256];
  auto add = [&](const char* format, auto... args) {
    std::snprintf(line, sizeof line, format, args...);
    out += line;
  };
  add("traces     %lld (%lld episodes, %lld recordings)\n", (long long)traces, (long long)episodes, (long long)recordings);
  add("frames     %lld\n", (long long)frames);
  add("events     %lld\n", (long long)events);
  for (const auto& [type, n] : event_types) add("  %-20s %lld\n", type.c_str(), (long long)n);
  if (!action_types.empty()) {
    out += "actions by type\n";
    for (const auto& [type, n] : action_types) add("  %-20s %lld\n", type.c_str(), (long long)n);
  }
  if (outcomes > 0)
    add("success    %.1f %% (%lld of %lld episodes with an outcome)\n", 100.0 * successes / outcomes, (long long)successes,
        (long long)outcomes);
  else
    out += "success    - (no episode outcomes)\n";
  add("duration   %.3f s\n", duration_us / 1e6);
  add("bytes      %lld (%s)", (long long)bytes, human_bytes(bytes).c_str());
  if (frames > 0) add(", %s per frame", human_bytes(bytes / frames).c_str());
  out += "\n";
  add("problems   %zu in %lld traces\n", problems.size(), (long long)damaged);
  for (const auto& p : problems) out += "  " + p + "\n";
  return out;
}

std::string ManifestEntry::group_key() const {
  if (!task.empty() && seed) return task + "/" + std::to_string(*seed);
  return "path:" + path;
}

ManifestEntry manifest_entry(const TraceSummary& t, const std::string& relative_path) {
  ManifestEntry e;
  e.path = relative_path;
  e.kind = t.meta.kind;
  e.task = t.meta.task;
  e.policy = t.meta.policy;
  e.seed = t.meta.seed;
  e.frames = t.frames;
  e.events = t.events;
  e.bytes = t.bytes;
  e.duration_us = t.duration_us;
  if (t.outcome) e.success = t.outcome->success;
  e.meta_crc32 = t.meta_crc32;
  e.frames_crc32 = t.meta.frames_file.crc32;
  e.events_crc32 = t.meta.events_file.crc32;
  e.index_crc32 = t.meta.index_file.crc32;
  return e;
}

Status write_manifest(const std::string& path, const std::vector<ManifestEntry>& traces, const Json& fields) {
  Json j = Json::object();
  j["format"] = kDatasetFormatName;
  j["version"] = kDatasetFormatVersion;
  if (fields.is_object())
    for (const auto& [name, value] : fields.items()) j[name] = value;
  Json list = Json::array();
  for (const auto& e : traces) list.push_back(entry_to_json(e));
  j["traces"] = list;
  const std::string text = json_seal(j, /*indent=*/1) + "\n";
  return file_write_atomic(path, std::vector<uint8_t>(text.begin(), text.end()));
}

Result<std::vector<ManifestEntry>> read_manifest(const std::string& path) {
  auto bytes = file_read_all(path);
  HEMU_RETURN_IF_ERROR(bytes.status());
  auto json = json_unseal(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  if (!json.ok()) return corrupt(path + ": " + json.status().message());
  const Json* format = json->find("format");
  if (format == nullptr || !format->is_string() || format->as_string() != kDatasetFormatName)
    return corrupt(path + ": field 'format': expected \"hemu-dataset\"");
  const Json* version = json->find("version");
  if (version == nullptr || !version->is_integer() || version->as_int() > kDatasetFormatVersion)
    return out_of_range(path + ": unsupported dataset version (this hemu reads 1)");
  const Json* traces = json->find("traces");
  if (traces == nullptr || !traces->is_array()) return corrupt(path + ": field 'traces': expected an array");
  std::vector<ManifestEntry> out;
  for (size_t i = 0; i < traces->size(); ++i) {
    auto e = entry_from_json(traces->as_array()[i]);
    if (!e.ok()) return corrupt(path + ": traces[" + std::to_string(i) + "]: " + e.status().message());
    out.push_back(std::move(*e));
  }
  return out;
}

Result<MergeReport> merge_datasets(const std::string& out_dir, const std::vector<std::string>& inputs,
                                   const MergeOptions& options) {
  std::error_code error;
  fs::create_directories(out_dir, error);
  if (error) return io_error("cannot create '" + out_dir + "': " + error.message());
  const std::string manifest_path = (fs::path(out_dir) / kDatasetManifestFile).string();
  std::vector<ManifestEntry> entries;
  if (fs::exists(manifest_path, error)) {
    auto existing = read_manifest(manifest_path);
    HEMU_RETURN_IF_ERROR(existing.status());
    entries = std::move(*existing);
  }
  using Key = std::tuple<uint32_t, uint32_t, uint32_t>;
  std::set<Key> seen;
  std::set<std::string> taken;
  for (const auto& e : entries) seen.insert({e.meta_crc32, e.frames_crc32, e.events_crc32}), taken.insert(e.path);
  MergeReport report;
  for (const auto& input : inputs) {
    auto traces = find_traces(input);
    HEMU_RETURN_IF_ERROR(traces.status());
    for (const auto& dir : *traces) {
      auto summary = summarize_trace(dir);
      if (!summary.ok()) {
        ++report.skipped;
        report.messages.push_back("skipped " + dir + ": " + summary.status().message());
        continue;
      }
      if (!summary->usable()) {
        ++report.skipped;
        report.messages.push_back("skipped " + dir + ": " + summary->problems.front().to_string());
        continue;
      }
      ManifestEntry probe = manifest_entry(*summary, "");
      if (!seen.insert({probe.meta_crc32, probe.frames_crc32, probe.events_crc32}).second) {
        ++report.duplicates;
        continue;
      }
      fs::path normal = fs::path(dir).lexically_normal();
      if (normal.filename().empty()) normal = normal.parent_path();  // "dir/" has an empty file name
      const std::string base = normal.filename().empty() ? "trace" : normal.filename().string();
      std::string name = base;
      for (int n = 2; taken.count(name) || fs::exists(fs::path(out_dir) / name, error); ++n)
        name = base + "-" + std::to_string(n);
      taken.insert(name);
      const fs::path target = fs::path(out_dir) / name;
      fs::create_directories(target, error);
      if (error) return io_error("cannot create '" + target.string() + "': " + error.message());
      for (const char* file : {kMetaFile, kEventsFile, kFramesFile, kFrameIndexFile})
        HEMU_RETURN_IF_ERROR(link_or_copy(fs::path(dir) / file, target / file, options.copy));
      entries.push_back(manifest_entry(*summary, name));
      ++report.added;
    }
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  HEMU_RETURN_IF_ERROR(write_manifest(manifest_path, entries));
  return report;
}

Result<SplitReport> split_dataset(const std::string& dir, double train_fraction, uint64_t seed) {
  if (!(train_fraction >= 0.0 && train_fraction <= 1.0))
    return invalid_argument("--train must be a fraction in 0..1, got " + std::to_string(train_fraction));
  std::vector<ManifestEntry> entries;
  const std::string manifest_path = (fs::path(dir) / kDatasetManifestFile).string();
  std::error_code error;
  if (fs::exists(manifest_path, error)) {
    auto manifest = read_manifest(manifest_path);
    HEMU_RETURN_IF_ERROR(manifest.status());
    entries = std::move(*manifest);
  } else {
    auto traces = find_traces(dir);
    HEMU_RETURN_IF_ERROR(traces.status());
    for (const auto& trace : *traces) {
      auto summary = summarize_trace(trace);
      if (!summary.ok() || !summary->usable()) continue;  // stats lists why
      entries.push_back(manifest_entry(*summary, fs::relative(trace, dir).string()));
    }
  }
  if (entries.empty()) return not_found("no usable traces in '" + dir + "'");
  std::vector<ManifestEntry> train, val;
  std::set<std::string> train_groups, val_groups;
  for (const auto& e : entries) {
    const std::string key = e.group_key();
    const double u = double(split_hash(seed, key) >> 11) * (1.0 / 9007199254740992.0);
    if (u < train_fraction) train.push_back(e), train_groups.insert(key);
    else val.push_back(e), val_groups.insert(key);
  }
  for (const auto& [side, list] : {std::pair<const char*, const std::vector<ManifestEntry>*>{"train", &train}, {"val", &val}}) {
    Json fields = Json::object();
    fields["split"] = side;
    fields["train_fraction"] = train_fraction;
    fields["split_seed"] = seed;
    HEMU_RETURN_IF_ERROR(write_manifest((fs::path(dir) / (std::string(side) + ".json")).string(), *list, fields));
  }
  return SplitReport{int64_t(train.size()), int64_t(val.size()), int64_t(train_groups.size()), int64_t(val_groups.size())};
}

}  // namespace hemu
