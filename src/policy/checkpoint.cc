#include "policy/checkpoint.h"

#include <cstring>

#include "core/sha256.h"
#include "image/file_io.h"

namespace hemu {
namespace {

constexpr char kMagic[] = "HEMUMODEL\n";
constexpr size_t kMagicSize = sizeof(kMagic) - 1;

void put_le(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += char(uint8_t(v >> (8 * i)));
}
uint64_t get_le(const std::string& in, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t(uint8_t(in[at + size_t(i)])) << (8 * i);
  return v;
}

}  // namespace

Result<const std::string*> Checkpoint::section(const std::string& name) const {
  auto it = sections.find(name);
  if (it != sections.end()) return &it->second;
  std::string names;
  for (const auto& [n, bytes] : sections) names += (names.empty() ? "" : ", ") + n;
  return not_found("model has no part '" + name + "' (parts: " + (names.empty() ? "none" : names) + ")");
}

std::string checkpoint_to_bytes(const Checkpoint& checkpoint) {
  Json header = Json::object();
  header["meta"] = checkpoint.meta;
  Json list = Json::array();
  for (const auto& [name, bytes] : checkpoint.sections) {
    Json s = Json::object();
    s["name"] = name;
    s["bytes"] = int64_t(bytes.size());
    s["sha256"] = sha256_hex(bytes);
    list.push_back(std::move(s));
  }
  header["sections"] = std::move(list);
  std::string header_text = header.dump();
  std::string out(kMagic, kMagicSize);
  put_le(out, kModelFormatVersion, 4);
  put_le(out, header_text.size(), 8);
  out += header_text;
  for (const auto& [name, bytes] : checkpoint.sections) out += bytes;
  Sha256 h;
  h.update(out);
  auto digest = h.finish();
  out.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  return out;
}

Result<Checkpoint> checkpoint_from_bytes(const std::string& bytes, const std::string& source) {
  auto fail = [&](const std::string& what) { return corrupt(source + ": " + what); };
  if (bytes.size() < kMagicSize || bytes.compare(0, kMagicSize, kMagic) != 0) {
    return fail("not a hemu model (no HEMUMODEL header)");
  }
  if (bytes.size() < kMagicSize + 12) return fail("truncated: " + std::to_string(bytes.size()) + " bytes");
  uint32_t version = uint32_t(get_le(bytes, kMagicSize, 4));
  if (version != kModelFormatVersion) {
    return Status(ErrorCode::kOutOfRange, source + ": model format version " + std::to_string(version) +
                                              ", this build reads version " +
                                              std::to_string(kModelFormatVersion));
  }
  uint64_t header_size = get_le(bytes, kMagicSize + 4, 8);
  size_t header_at = kMagicSize + 12;
  if (header_size > bytes.size() - header_at) {
    return fail("truncated: header of " + std::to_string(header_size) + " bytes, file has " +
                std::to_string(bytes.size()));
  }
  Result<Json> header = Json::parse(std::string_view(bytes).substr(header_at, header_size));
  if (!header.ok()) return fail("header: " + header.status().message());
  const Json* sections = header->find("sections");
  const Json* meta = header->find("meta");
  if (sections == nullptr || !sections->is_array() || meta == nullptr || !meta->is_object()) {
    return fail("header: expected 'meta' object and 'sections' array");
  }
  Checkpoint checkpoint;
  checkpoint.meta = *meta;
  size_t at = header_at + header_size;
  for (size_t i = 0; i < sections->size(); ++i) {
    const Json& s = sections->as_array()[i];
    const Json* name = s.find("name");
    const Json* size = s.find("bytes");
    const Json* sha = s.find("sha256");
    if (name == nullptr || !name->is_string() || size == nullptr || !size->is_integer() || sha == nullptr ||
        !sha->is_string() || size->as_int() < 0) {
      return fail("header: section " + std::to_string(i) + " needs name, bytes and sha256");
    }
    uint64_t n = uint64_t(size->as_int());
    if (n > bytes.size() - at || bytes.size() - at - n < 32) {
      return fail("truncated in part '" + name->as_string() + "': file has " + std::to_string(bytes.size()) +
                  " bytes");
    }
    std::string part = bytes.substr(at, n);
    if (sha256_hex(part) != sha->as_string()) return fail("part '" + name->as_string() + "' fails its SHA-256");
    checkpoint.sections[name->as_string()] = std::move(part);
    at += n;
  }
  if (bytes.size() - at != 32) {
    return fail(bytes.size() - at < 32 ? "truncated: the final checksum is missing"
                                       : "trailing bytes after the final checksum");
  }
  Sha256 h;
  h.update(std::string_view(bytes).substr(0, at));
  auto digest = h.finish();
  if (std::memcmp(digest.data(), bytes.data() + at, 32) != 0) return fail("SHA-256 mismatch (file is corrupt)");
  return checkpoint;
}

Status save_checkpoint(const std::string& path, const Checkpoint& checkpoint) {
  std::string bytes = checkpoint_to_bytes(checkpoint);
  return file_write_atomic(path, std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

Result<Checkpoint> load_checkpoint(const std::string& path) {
  auto bytes = file_read_all(path);
  if (!bytes.ok()) return bytes.status().with_context("model " + path);
  return checkpoint_from_bytes(std::string(bytes->begin(), bytes->end()), path);
}

Result<std::string> load_part_file(const std::string& path, const std::string& name) {
  auto bytes = file_read_all(path);
  if (!bytes.ok()) return bytes.status();
  std::string data(bytes->begin(), bytes->end());
  if (data.rfind(kMagic, 0) == 0) {
    auto ck = checkpoint_from_bytes(data, path);
    if (!ck.ok()) return ck.status();
    auto part = ck->section(name);
    if (!part.ok()) return part.status().with_context(path);
    return **part;
  }
  return data;
}

}  // namespace hemu
