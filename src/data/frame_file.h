// frames.bin and frames.idx: the byte layout of a trace's frame records (docs/data_format.md).
//
//   frames.bin = file header (16 bytes) + records; record = header (40 bytes) + payload
//   frames.idx = one entry per record, written by TraceWriter::finish(), rebuildable by scanning
//
// All integers are little-endian. These are plain functions over bytes and files; the writer and
// reader (trace_writer.h, trace_reader.h) hold the state. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "data/frame_codec.h"
#include "data/trace_problem.h"

namespace hemu {

inline constexpr int kFramesFileHeaderBytes = 16;   // "HEMUFRMS", u32 version, u32 CRC of the 12 before
inline constexpr int kFrameRecordHeaderBytes = 40;  // see FrameRecordHeader
inline constexpr uint32_t kFramesFormatVersion = 1;
// A record's payload may not exceed this (a keyframe of the largest frame, zlib's worst case).
inline constexpr int64_t kFrameMaxPayloadBytes = kFrameMaxPixels * 3 + (int64_t(1) << 20);

// One record's header. Layout: magic "HFRM" | u32 index | i64 t_us | u32 width | u32 height |
// u8 codec | u8 0 | u16 0 | u32 payload_bytes | u32 payload_crc32 | u32 header_crc32 (of bytes 0..35).
struct FrameRecordHeader {
  int64_t index = 0;       // 0, 1, 2, ... in file order
  int64_t t_us = 0;        // microseconds since the trace started
  int width = 0, height = 0;
  FrameCodec codec = FrameCodec::kKey;
  uint32_t payload_bytes = 0;
  uint32_t payload_crc32 = 0;
};

// Where a record lives: what frames.idx stores and what a scan rebuilds.
struct FrameRecordInfo {
  FrameRecordHeader header;
  int64_t offset = 0;  // byte offset of the record header in frames.bin
};

std::vector<uint8_t> frames_file_header();
std::vector<uint8_t> frame_record_header_bytes(const FrameRecordHeader& header);

// Parses a record header at `offset` (for messages). On damage returns a problem's `what`:
// "bad magic ...", "header CRC mismatch", "unknown codec 7", "frame size 0x5 out of range", ...
Result<FrameRecordHeader> parse_frame_record_header(const uint8_t* bytes);

// The valid prefix of a frames.bin and the first damage after it.
struct FramesScan {
  std::vector<FrameRecordInfo> records;  // every record whose header and payload checked out
  int64_t valid_bytes = 0;               // file header + those records
  int64_t file_bytes = 0;
  uint32_t valid_crc32 = 0;              // CRC-32 of the first valid_bytes bytes
  std::optional<TraceProblem> problem;   // the first damage (nothing is read past it)
};

// Reads the whole file, checking each header and payload CRC, consecutive indices, non-decreasing
// t_us and that a delta follows a frame of the same size. kNotFound / kIo only for OS errors; damage
// is reported in `problem`.
Result<FramesScan> scan_frames_file(const std::string& path);

// frames.idx: "HEMUFIDX" | u32 version | u32 0 | u64 count | count x 40-byte entries
// (u64 offset | i64 t_us | u32 width | u32 height | u32 payload_bytes | u32 payload_crc32 | u8 codec
// | 7 x u8 0) | u32 CRC-32 of everything before it. Written atomically (tmp + rename).
std::vector<uint8_t> frame_index_bytes(const std::vector<FrameRecordInfo>& records);
Status write_frame_index(const std::string& path, const std::vector<FrameRecordInfo>& records);
// Damage is kCorrupt with the byte offset in the message.
Result<std::vector<FrameRecordInfo>> read_frame_index(const std::string& path);

}  // namespace hemu
