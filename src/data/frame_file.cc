#include "data/frame_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "data/checksum.h"
#include "image/file_io.h"

namespace hemu {
namespace {

constexpr char kFramesMagic[] = "HEMUFRMS";
constexpr char kRecordMagic[] = "HFRM";
constexpr char kIndexMagic[] = "HEMUFIDX";
constexpr int kIndexHeaderBytes = 24;
constexpr int kIndexEntryBytes = 40;

void put_u16(std::vector<uint8_t>& out, uint16_t v) {
  for (int i = 0; i < 2; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
void put_u64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
uint32_t get_u32(const uint8_t* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }
uint64_t get_u64(const uint8_t* p) { return uint64_t(get_u32(p)) | uint64_t(get_u32(p + 4)) << 32; }

std::string os_error(const char* what, const std::string& path) {
  return std::string(what) + " '" + path + "': " + std::strerror(errno);
}

TraceProblem frames_problem(int64_t record, int64_t offset, std::string what) {
  return TraceProblem{"frames.bin", record, -1, offset, std::move(what)};
}

}  // namespace

std::vector<uint8_t> frames_file_header() {
  std::vector<uint8_t> out(kFramesMagic, kFramesMagic + 8);
  put_u32(out, kFramesFormatVersion);
  put_u32(out, crc32_update(0, out.data(), out.size()));
  return out;
}

std::vector<uint8_t> frame_record_header_bytes(const FrameRecordHeader& h) {
  std::vector<uint8_t> out(kRecordMagic, kRecordMagic + 4);
  put_u32(out, uint32_t(h.index));
  put_u64(out, uint64_t(h.t_us));
  put_u32(out, uint32_t(h.width));
  put_u32(out, uint32_t(h.height));
  out.push_back(uint8_t(h.codec));
  out.push_back(0);
  put_u16(out, 0);
  put_u32(out, h.payload_bytes);
  put_u32(out, h.payload_crc32);
  put_u32(out, crc32_update(0, out.data(), out.size()));
  return out;
}

Result<FrameRecordHeader> parse_frame_record_header(const uint8_t* p) {
  if (std::memcmp(p, kRecordMagic, 4) != 0) return corrupt("bad magic (not the start of a frame record)");
  if (get_u32(p + 36) != crc32_update(0, p, 36)) return corrupt("header CRC mismatch");
  FrameRecordHeader h;
  h.index = get_u32(p + 4);
  h.t_us = int64_t(get_u64(p + 8));
  const uint32_t width = get_u32(p + 16), height = get_u32(p + 20);
  const uint8_t codec = p[24];
  h.payload_bytes = get_u32(p + 28);
  h.payload_crc32 = get_u32(p + 32);
  if (codec != uint8_t(FrameCodec::kKey) && codec != uint8_t(FrameCodec::kDelta))
    return corrupt("unknown codec " + std::to_string(codec));
  if (!check_frame_size(width, height).ok())
    return corrupt("frame size " + std::to_string(width) + "x" + std::to_string(height) + " out of range");
  if (h.t_us < 0) return corrupt("negative t_us " + std::to_string(h.t_us));
  if (int64_t(h.payload_bytes) > kFrameMaxPayloadBytes) return corrupt("payload length " + std::to_string(h.payload_bytes) + " out of range");
  h.width = int(width);
  h.height = int(height);
  h.codec = FrameCodec(codec);
  return h;
}

Result<FramesScan> scan_frames_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rbe");
  if (file == nullptr) {
    std::string message = os_error("cannot open", path);
    return errno == ENOENT ? not_found(message) : io_error(message);
  }
  FramesScan scan;
  std::fseek(file, 0, SEEK_END);
  scan.file_bytes = std::ftell(file);
  std::fseek(file, 0, SEEK_SET);
  auto finish = [&](std::optional<TraceProblem> problem) -> Result<FramesScan> {
    const bool read_error = std::ferror(file) != 0;
    std::fclose(file);
    if (read_error) return io_error("cannot read '" + path + "'");
    scan.problem = std::move(problem);
    return std::move(scan);
  };
  uint8_t file_header[kFramesFileHeaderBytes];
  const size_t got = std::fread(file_header, 1, sizeof file_header, file);
  if (got < sizeof file_header)
    return finish(frames_problem(-1, 0, "truncated file header (" + std::to_string(got) + " of 16 bytes)"));
  if (std::memcmp(file_header, kFramesMagic, 8) != 0) return finish(frames_problem(-1, 0, "not a hemu frames file (bad magic)"));
  if (get_u32(file_header + 12) != crc32_update(0, file_header, 12)) return finish(frames_problem(-1, 0, "file header CRC mismatch"));
  if (get_u32(file_header + 8) != kFramesFormatVersion)
    return finish(frames_problem(-1, 8, "format version " + std::to_string(get_u32(file_header + 8)) +
                                        " is not supported (this hemu reads version 1)"));
  scan.valid_bytes = kFramesFileHeaderBytes;
  scan.valid_crc32 = crc32_update(0, file_header, sizeof file_header);
  std::vector<uint8_t> payload;
  int previous_width = 0, previous_height = 0;
  int64_t previous_t_us = 0;
  for (int64_t index = 0;; ++index) {
    const int64_t offset = scan.valid_bytes;
    uint8_t header_bytes[kFrameRecordHeaderBytes];
    const size_t n = std::fread(header_bytes, 1, sizeof header_bytes, file);
    if (n == 0) break;
    if (n < sizeof header_bytes)
      return finish(frames_problem(index, offset, "truncated header (" + std::to_string(n) + " of 40 bytes)"));
    auto header = parse_frame_record_header(header_bytes);
    if (!header.ok()) return finish(frames_problem(index, offset, header.status().message()));
    if (header->index != index)
      return finish(frames_problem(index, offset, "record says index " + std::to_string(header->index) +
                                                      " (a record is missing or repeated)"));
    const int64_t available = scan.file_bytes - offset - kFrameRecordHeaderBytes;
    if (int64_t(header->payload_bytes) > available)
      return finish(frames_problem(index, offset, "truncated payload (" + std::to_string(available) + " of " +
                                                      std::to_string(header->payload_bytes) + " bytes)"));
    payload.resize(header->payload_bytes);
    if (std::fread(payload.data(), 1, payload.size(), file) != payload.size())
      return finish(frames_problem(index, offset, "truncated payload (read failed)"));
    if (crc32_of(payload) != header->payload_crc32) return finish(frames_problem(index, offset, "CRC mismatch"));
    if (header->t_us < previous_t_us)
      return finish(frames_problem(index, offset, "t_us " + std::to_string(header->t_us) + " goes back in time (previous " +
                                                      std::to_string(previous_t_us) + ")"));
    if (header->codec == FrameCodec::kDelta && (header->width != previous_width || header->height != previous_height))
      return finish(frames_problem(index, offset, "delta frame without a preceding frame of the same size"));
    previous_width = header->width, previous_height = header->height, previous_t_us = header->t_us;
    scan.records.push_back({*header, offset});
    scan.valid_crc32 = crc32_update(scan.valid_crc32, header_bytes, sizeof header_bytes);
    scan.valid_crc32 = crc32_update(scan.valid_crc32, payload.data(), payload.size());
    scan.valid_bytes = offset + kFrameRecordHeaderBytes + int64_t(payload.size());
  }
  return finish(std::nullopt);
}

std::vector<uint8_t> frame_index_bytes(const std::vector<FrameRecordInfo>& records) {
  std::vector<uint8_t> out(kIndexMagic, kIndexMagic + 8);
  out.reserve(kIndexHeaderBytes + records.size() * kIndexEntryBytes + 4);
  put_u32(out, kFramesFormatVersion);
  put_u32(out, 0);
  put_u64(out, records.size());
  for (const auto& r : records) {
    put_u64(out, uint64_t(r.offset));
    put_u64(out, uint64_t(r.header.t_us));
    put_u32(out, uint32_t(r.header.width));
    put_u32(out, uint32_t(r.header.height));
    put_u32(out, r.header.payload_bytes);
    put_u32(out, r.header.payload_crc32);
    out.push_back(uint8_t(r.header.codec));
    for (int i = 0; i < 7; ++i) out.push_back(0);
  }
  put_u32(out, crc32_of(out));
  return out;
}

Status write_frame_index(const std::string& path, const std::vector<FrameRecordInfo>& records) {
  return file_write_atomic(path, frame_index_bytes(records));
}

Result<std::vector<FrameRecordInfo>> read_frame_index(const std::string& path) {
  auto bytes = file_read_all(path);
  HEMU_RETURN_IF_ERROR(bytes.status());
  const std::vector<uint8_t>& b = *bytes;
  if (b.size() < size_t(kIndexHeaderBytes) + 4) return corrupt("truncated (" + std::to_string(b.size()) + " bytes)");
  if (std::memcmp(b.data(), kIndexMagic, 8) != 0) return corrupt("not a hemu frame index (bad magic)");
  const uint64_t count = get_u64(b.data() + 16);
  if (count > (b.size() - kIndexHeaderBytes - 4) / kIndexEntryBytes ||
      b.size() != kIndexHeaderBytes + count * kIndexEntryBytes + 4)
    return corrupt("size " + std::to_string(b.size()) + " bytes does not fit its count " + std::to_string(count));
  if (get_u32(b.data() + b.size() - 4) != crc32_update(0, b.data(), b.size() - 4)) return corrupt("CRC mismatch");
  if (get_u32(b.data() + 8) != kFramesFormatVersion) return corrupt("unsupported version " + std::to_string(get_u32(b.data() + 8)));
  std::vector<FrameRecordInfo> records(count);
  for (uint64_t i = 0; i < count; ++i) {
    const uint8_t* e = b.data() + kIndexHeaderBytes + i * kIndexEntryBytes;
    FrameRecordInfo& r = records[i];
    r.offset = int64_t(get_u64(e));
    r.header.index = int64_t(i);
    r.header.t_us = int64_t(get_u64(e + 8));
    r.header.width = int(get_u32(e + 16));
    r.header.height = int(get_u32(e + 20));
    r.header.payload_bytes = get_u32(e + 24);
    r.header.payload_crc32 = get_u32(e + 28);
    r.header.codec = FrameCodec(e[32]);
  }
  return records;
}

}  // namespace hemu
