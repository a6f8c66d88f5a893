// Checksums for trace files: CRC-32 (zlib's polynomial, the one PNG and gzip use) and
// checksummed JSON texts, whose last member is "crc32" (docs/data_format.md, "Checksummed JSON").
//
//   std::string line = json_seal(event_json);           // {"t_us":5,"type":"motion",...,"crc32":"1c291ca3"}
//   Result<Json> back = json_unseal(line);               // checks the CRC, returns the object without it
//
// Stateless functions, safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace hemu {

// CRC-32 of `size` bytes, continuing from `crc` (start with 0).
uint32_t crc32_update(uint32_t crc, const void* data, size_t size);
inline uint32_t crc32_of(std::string_view bytes) { return crc32_update(0, bytes.data(), bytes.size()); }
inline uint32_t crc32_of(const std::vector<uint8_t>& bytes) { return crc32_update(0, bytes.data(), bytes.size()); }

// Eight lower-case hex digits, and back (kCorrupt unless exactly eight hex digits).
std::string crc32_hex(uint32_t crc);
Result<uint32_t> crc32_from_hex(std::string_view hex);

// CRC-32 of a whole file, read in chunks. `bytes` (optional) receives its size.
Result<uint32_t> file_crc32(const std::string& path, int64_t* bytes = nullptr);

// The member name of the checksum in a checksummed JSON text.
inline constexpr std::string_view kCrcMember = "crc32";

// Writes `object` (a JSON object without a "crc32" member; HEMU_CHECKed) and appends
// "crc32": CRC-32 of the text written without it. indent < 0 gives one line (events.jsonl),
// indent >= 0 a pretty document (meta.json). No trailing newline.
std::string json_seal(const Json& object, int indent = -1);

// Checks and parses a checksummed JSON text. Errors are kCorrupt and say what is wrong without a
// location prefix (the caller adds file and line): "truncated JSON (line 1, column 40: ...)",
// "no crc32 member", "CRC mismatch (stored 1c291ca3, computed 0e1f3a77)", "invalid JSON: ...".
// White space after the object is ignored. The returned object no longer holds the "crc32" member.
Result<Json> json_unseal(std::string_view text);

}  // namespace hemu
