#include "core/frame.h"

#include <cstring>

namespace hemu {

uint64_t frame_hash(const Frame& frame) {
  uint64_t h = 1469598103934665603ull;
  h ^= uint64_t(frame.width) << 32 | uint32_t(frame.height);
  for (int y = 0; y < frame.height; ++y) {
    const uint8_t* p = frame.row(y);
    for (int i = 0; i < frame.width * 3; ++i) {
      h ^= p[i];
      h *= 1099511628211ull;
    }
  }
  return h;
}

uint64_t region_hash(const Frame& frame, const Rect& r) {
  uint64_t h = 1469598103934665603ull ^ (uint64_t(r.width) << 32 | uint32_t(r.height));
  auto mix = [&](uint64_t v) {
    h ^= v;
    h *= 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
  };
  const size_t bytes = size_t(r.width) * 3;
  for (int y = r.y; y < r.bottom(); ++y) {
    const uint8_t* p = frame.row(y) + size_t(r.x) * 3;
    size_t i = 0;
    for (; i + 8 <= bytes; i += 8) {
      uint64_t v;
      std::memcpy(&v, p + i, 8);
      mix(v);
    }
    uint64_t tail = 0;
    if (i < bytes) std::memcpy(&tail, p + i, bytes - i);
    mix(tail ^ (uint64_t(bytes - i) << 56));
  }
  return h;
}


}  // namespace hemu
