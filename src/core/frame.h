// Frame: one captured screen image. RGB, 8 bits per channel, rows `stride_bytes` apart.
//
// A Frame owns its pixels. `damage` lists the regions that changed since the previous frame of the
// same Screen (empty means "unknown: assume everything"). Value type; not thread-safe to mutate.
#pragma once

#include <cstdint>
#include <vector>

#include "core/check.h"
#include "core/geometry.h"

namespace hemu {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

struct Frame {
  int width = 0;
  int height = 0;
  int stride_bytes = 0;          // >= width * 3
  std::vector<uint8_t> pixels;   // (height, stride_bytes) bytes, RGB interleaved
  int64_t capture_time_us = 0;   // monotonic clock (core/clock.h)
  std::vector<Rect> damage;      // changed regions since the previous frame

  Frame() = default;
  Frame(int w, int h) : width(w), height(h), stride_bytes(w * 3), pixels(size_t(w) * h * 3, 0) {
    HEMU_CHECK(w > 0 && h > 0) << "frame size " << w << "x" << h;
  }

  Size size() const { return {width, height}; }
  Rect bounds() const { return {0, 0, width, height}; }
  uint8_t* row(int y) { return pixels.data() + size_t(y) * stride_bytes; }
  const uint8_t* row(int y) const { return pixels.data() + size_t(y) * stride_bytes; }
  Rgb at(int x, int y) const {
    const uint8_t* p = row(y) + x * 3;
    return {p[0], p[1], p[2]};
  }
  void set(int x, int y, Rgb c) {
    uint8_t* p = row(y) + x * 3;
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
  }
};

// 64-bit FNV-1a over the visible pixels (ignores stride padding). Used in audit logs and tests.
uint64_t frame_hash(const Frame& frame);

// A fast 64-bit hash of the pixels inside `r` (which must lie inside the frame) and of its size:
// the readers' cache key. 8 bytes at a time: a byte-wise FNV took ~0.1 ms on a wide table row, paid
// even on cache hits.
uint64_t region_hash(const Frame& frame, const Rect& r);

}  // namespace hemu
