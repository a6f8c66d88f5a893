#include "data/checksum.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hemu {

uint32_t crc32_update(uint32_t crc, const void* data, size_t size) {
  const auto* bytes = static_cast<const Bytef*>(data);
  // zlib's length argument is a uInt: feed large buffers in pieces.
  while (size > 0) {
    const uInt chunk = size > (1u << 30) ? (1u << 30) : uInt(size);
    crc = uint32_t(::crc32(crc, bytes, chunk));
    bytes += chunk;
    size -= chunk;
  }
  return crc;
}

std::string crc32_hex(uint32_t crc) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, crc >>= 4) out[size_t(i)] = kDigits[crc & 0xF];
  return out;
}

Result<uint32_t> crc32_from_hex(std::string_view hex) {
  if (hex.size() != 8) return corrupt("crc32 must be 8 hex digits, got '" + std::string(hex) + "'");
  uint32_t value = 0;
  for (char c : hex) {
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return corrupt("crc32 must be 8 lower-case hex digits, got '" + std::string(hex) + "'");
    value = value << 4 | uint32_t(digit);
  }
  return value;
}

Result<uint32_t> file_crc32(const std::string& path, int64_t* bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::string message = "cannot open '" + path + "': " + std::strerror(errno);
    return errno == ENOENT ? not_found(message) : io_error(message);
  }
  uint32_t crc = 0;
  int64_t total = 0;
  std::vector<uint8_t> buffer(1 << 20);
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string message = "cannot read '" + path + "': " + std::strerror(errno);
      ::close(fd);
      return io_error(message);
    }
    if (n == 0) break;
    crc = crc32_update(crc, buffer.data(), size_t(n));
    total += n;
  }
  ::close(fd);
  if (bytes != nullptr) *bytes = total;
  return crc;
}

namespace {

// The bytes a checksummed text's CRC covers: `text` without the crc32 member that starts with the
// key at `key`, without the ',' and white space before it. Shared by sealing and unsealing, so the
// two agree by construction.
std::string covered_text(std::string_view text, size_t key) {
  size_t start = key;
  while (start > 0 && (text[start - 1] == ' ' || text[start - 1] == '\n' || text[start - 1] == '\t' ||
                       text[start - 1] == '\r'))
    --start;
  if (start > 0 && text[start - 1] == ',') --start;
  const size_t value_quote = text.find('"', key + kCrcMember.size() + 2);
  const size_t end = value_quote == std::string_view::npos ? text.size() : std::min(text.size(), value_quote + 10);
  std::string covered(text.substr(0, start));
  covered.append(text.substr(end));
  return covered;
}

}  // namespace

std::string json_seal(const Json& object, int indent) {
  HEMU_CHECK(object.is_object() && object.find(kCrcMember) == nullptr) << "json_seal: expected an object without crc32";
  Json sealed = object;
  sealed[kCrcMember] = "00000000";  // placeholder: same length as the value
  std::string text = sealed.dump(indent);
  const size_t key = text.rfind("\"crc32\"");
  const uint32_t crc = crc32_of(covered_text(text, key));
  const size_t value = text.find('"', key + kCrcMember.size() + 2) + 1;
  text.replace(value, 8, crc32_hex(crc));
  return text;
}

Result<Json> json_unseal(std::string_view text) {
  // White space after the object (a file's final newline) is not covered.
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r' || text.back() == '\t'))
    text.remove_suffix(1);
  // The checksum covers the text with the crc32 member and the comma before it removed: find the
  // last "crc32" key (it is the last member, so nothing but its value, spaces and '}' follow).
  const size_t key = text.rfind("\"crc32\"");
  auto parsed = Json::parse(text);
  if (!parsed.ok()) {
    const std::string& message = parsed.status().message();
    // The parser says "got end of input" / "before end of input" when the text stops early.
    const bool at_end = message.find("got end of input") != std::string::npos ||
                        message.find("before end of input") != std::string::npos;
    return corrupt((at_end ? "truncated JSON (" : "invalid JSON (") + message + ")");
  }
  if (!parsed->is_object()) return corrupt("expected a JSON object");
  const Json* stored = parsed->find(kCrcMember);
  if (stored == nullptr || key == std::string_view::npos) return corrupt("no crc32 member");
  if (!stored->is_string()) return corrupt("crc32 must be a string of 8 hex digits");
  auto stored_crc = crc32_from_hex(stored->as_string());
  HEMU_RETURN_IF_ERROR(stored_crc.status());
  const size_t value_quote = text.find('"', key + kCrcMember.size() + 2);
  if (value_quote == std::string_view::npos || value_quote + 10 > text.size()) return corrupt("malformed crc32 member");
  const std::string covered = covered_text(text, key);
  const uint32_t computed = crc32_of(covered);
  if (computed != *stored_crc)
    return corrupt("CRC mismatch (stored " + stored->as_string() + ", computed " + crc32_hex(computed) + ")");
  Json object = Json::object();
  for (const auto& [name, value] : parsed->items())
    if (name != kCrcMember) object[name] = value;
  return object;
}

}  // namespace hemu
