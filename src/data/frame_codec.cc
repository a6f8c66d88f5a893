#include "data/frame_codec.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace hemu {
namespace {

struct TileGrid {
  int columns, rows;
  int count() const { return columns * rows; }
  size_t bitmap_bytes() const { return (size_t(count()) + 7) / 8; }
};

TileGrid tile_grid(int width, int height) {
  return {(width + kFrameTilePx - 1) / kFrameTilePx, (height + kFrameTilePx - 1) / kFrameTilePx};
}

Result<std::vector<uint8_t>> deflate_bytes(const std::vector<uint8_t>& input, int level) {
  uLongf size = compressBound(uLong(input.size()));
  std::vector<uint8_t> out(size);
  if (compress2(out.data(), &size, input.data(), uLong(input.size()), level) != Z_OK)
    return internal_error("zlib compress2 failed");
  out.resize(size);
  return out;
}

// Inflates into out[0, capacity); returns the bytes produced. More output than that is corruption.
Result<size_t> inflate_into(const std::vector<uint8_t>& input, uint8_t* out, size_t capacity) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return internal_error("zlib inflateInit failed");
  stream.next_in = const_cast<Bytef*>(input.data());
  stream.avail_in = uInt(input.size());
  stream.next_out = out;
  stream.avail_out = uInt(capacity);
  const int rc = inflate(&stream, Z_FINISH);
  const size_t produced = stream.total_out;
  const std::string message = stream.msg != nullptr ? stream.msg : "";
  inflateEnd(&stream);
  if (rc == Z_STREAM_END) return produced;
  if (rc == Z_BUF_ERROR && stream.avail_out == 0 && stream.avail_in > 0)
    return corrupt("payload inflates to more than " + std::to_string(capacity) + " bytes");
  if (rc == Z_BUF_ERROR || rc == Z_OK) return corrupt("payload ends inside its zlib stream");
  return corrupt("payload is not a valid zlib stream" + (message.empty() ? "" : ": " + message));
}

void copy_compact(const Frame& frame, Frame& out) {
  if (out.width != frame.width || out.height != frame.height || out.stride_bytes != frame.width * 3)
    out = Frame(frame.width, frame.height);
  for (int y = 0; y < frame.height; ++y) std::memcpy(out.row(y), frame.row(y), size_t(frame.width) * 3);
  out.capture_time_us = frame.capture_time_us;
}

}  // namespace

Status check_frame_size(int64_t width, int64_t height) {
  if (width < 1 || height < 1 || width > kFrameMaxSidePx || height > kFrameMaxSidePx ||
      width * height > kFrameMaxPixels)
    return out_of_range("frame size " + std::to_string(width) + "x" + std::to_string(height) +
                        " is outside 1x1 .. 32768x32768 (at most 2^27 pixels)");
  return Status::ok_status();
}

FrameEncoder::FrameEncoder(int zlib_level, int keyframe_interval)
    : zlib_level_(std::clamp(zlib_level, 0, 9)), keyframe_interval_(std::max(1, keyframe_interval)) {}

Result<EncodedFrame> FrameEncoder::encode(const Frame& frame) {
  HEMU_RETURN_IF_ERROR(check_frame_size(frame.width, frame.height));
  if (frame.stride_bytes < frame.width * 3 || frame.pixels.size() < size_t(frame.stride_bytes) * frame.height)
    return invalid_argument("frame pixels do not cover " + std::to_string(frame.width) + "x" +
                            std::to_string(frame.height) + " at stride " + std::to_string(frame.stride_bytes));
  const size_t row_bytes = size_t(frame.width) * 3;
  EncodedFrame encoded;
  std::vector<uint8_t> raw;
  bool key = previous_.width != frame.width || previous_.height != frame.height ||
             since_keyframe_ + 1 >= keyframe_interval_;
  if (!key) {
    // Delta: bitmap of changed tiles (bit i of byte i / 8, tiles in raster order), then each changed
    // tile's rows, top to bottom.
    const TileGrid grid = tile_grid(frame.width, frame.height);
    raw.assign(grid.bitmap_bytes(), 0);
    int changed = 0;
    for (int ty = 0; ty < grid.rows; ++ty)
      for (int tx = 0; tx < grid.columns; ++tx) {
        const int x0 = tx * kFrameTilePx, y0 = ty * kFrameTilePx;
        const int x1 = std::min(frame.width, x0 + kFrameTilePx), y1 = std::min(frame.height, y0 + kFrameTilePx);
        const size_t bytes = size_t(x1 - x0) * 3;
        bool differs = false;
        for (int y = y0; y < y1 && !differs; ++y)
          differs = std::memcmp(frame.row(y) + x0 * 3, previous_.row(y) + x0 * 3, bytes) != 0;
        if (!differs) continue;
        const int tile = ty * grid.columns + tx;
        raw[size_t(tile) / 8] |= uint8_t(1u << (tile % 8));
        ++changed;
        for (int y = y0; y < y1; ++y) raw.insert(raw.end(), frame.row(y) + x0 * 3, frame.row(y) + x0 * 3 + bytes);
      }
    key = changed * 2 > grid.count();
  }
  if (key) {
    raw.resize(row_bytes * frame.height);
    for (int y = 0; y < frame.height; ++y) std::memcpy(raw.data() + row_bytes * y, frame.row(y), row_bytes);
    since_keyframe_ = 0;
  } else {
    ++since_keyframe_;
  }
  auto payload = deflate_bytes(raw, zlib_level_);
  HEMU_RETURN_IF_ERROR(payload.status());
  encoded.codec = key ? FrameCodec::kKey : FrameCodec::kDelta;
  encoded.payload = std::move(*payload);
  copy_compact(frame, previous_);
  return encoded;
}

Status FrameDecoder::decode(FrameCodec codec, int width, int height, const std::vector<uint8_t>& payload) {
  HEMU_RETURN_IF_ERROR(check_frame_size(width, height));
  const size_t row_bytes = size_t(width) * 3;
  const size_t image_bytes = row_bytes * size_t(height);
  Status status;
  if (codec == FrameCodec::kKey) {
    if (current_.width != width || current_.height != height || current_.stride_bytes != int(row_bytes))
      current_ = Frame(width, height);
    auto produced = inflate_into(payload, current_.pixels.data(), image_bytes);
    if (!produced.ok()) status = produced.status();
    else if (*produced != image_bytes)
      status = corrupt("keyframe holds " + std::to_string(*produced) + " bytes, expected " + std::to_string(image_bytes) +
                       " for " + std::to_string(width) + "x" + std::to_string(height));
  } else if (codec == FrameCodec::kDelta) {
    if (current_.width != width || current_.height != height)
      return corrupt("delta frame without a preceding frame of the same size");
    const TileGrid grid = tile_grid(width, height);
    scratch_.resize(grid.bitmap_bytes() + image_bytes);
    auto produced = inflate_into(payload, scratch_.data(), scratch_.size());
    if (!produced.ok()) status = produced.status();
    else if (*produced < grid.bitmap_bytes()) status = corrupt("delta frame shorter than its tile bitmap");
    size_t at = grid.bitmap_bytes();
    for (int tile = 0; status.ok() && tile < grid.count(); ++tile) {
      if (!(scratch_[size_t(tile) / 8] >> (tile % 8) & 1)) continue;
      const int x0 = tile % grid.columns * kFrameTilePx, y0 = tile / grid.columns * kFrameTilePx;
      const int x1 = std::min(width, x0 + kFrameTilePx), y1 = std::min(height, y0 + kFrameTilePx);
      const size_t bytes = size_t(x1 - x0) * 3;
      if (at + bytes * size_t(y1 - y0) > *produced) {
        status = corrupt("delta frame ends inside tile " + std::to_string(tile));
        break;
      }
      for (int y = y0; y < y1; ++y, at += bytes) std::memcpy(current_.row(y) + x0 * 3, scratch_.data() + at, bytes);
    }
    if (status.ok() && at != *produced)
      status = corrupt("delta frame has " + std::to_string(*produced - at) + " bytes after its tiles");
  } else {
    return corrupt("unknown frame codec " + std::to_string(int(codec)));
  }
  if (!status.ok()) reset();
  return status;
}

}  // namespace hemu
