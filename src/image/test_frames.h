// Test-only helpers for the image tests: deterministic synthetic frames. Header-only so that the
// module's library glob (src/image/*.cc) never picks it up.
#pragma once

#include <cstdint>

#include "core/frame.h"

namespace hemu::testing {

// splitmix64: a tiny fixed generator so pixel data is identical on every machine. (core/rng.h's
// Rng is the project's generator, but it does not compile at the moment: `std::vector<int>
// all(size_t(n))` in sample_indices is a vexing parse. TODO: switch once that is fixed.)
class TestRandom {
 public:
  explicit TestRandom(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int uniform_int(int lo, int hi) { return lo + int(next() % uint64_t(hi - lo + 1)); }
  uint8_t byte() { return uint8_t(next() >> 56); }

 private:
  uint64_t state_;
};

// Uniform random pixels; stride_padding extra bytes per row are filled with 0xAB, which no code
// may read as a pixel.
inline Frame random_frame(int width, int height, uint64_t seed, int stride_padding = 0) {
  Frame frame(width, height);
  frame.stride_bytes = width * 3 + stride_padding;
  frame.pixels.assign(size_t(frame.stride_bytes) * height, 0xAB);
  TestRandom random(seed);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width * 3; ++x) frame.row(y)[x] = random.byte();
  }
  return frame;
}

inline void fill_rect(Frame& frame, const Rect& rect, Rgb color) {
  for (int y = rect.y; y < rect.bottom(); ++y) {
    for (int x = rect.x; x < rect.right(); ++x) frame.set(x, y, color);
  }
}

inline Frame constant_frame(int width, int height, Rgb color) {
  Frame frame(width, height);
  fill_rect(frame, frame.bounds(), color);
  return frame;
}

}  // namespace hemu::testing
