#include "core/frame.h"

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

}  // namespace hemu
