// Rng: a small deterministic random generator (xoshiro256** seeded by splitmix64).
//
// std::uniform_int_distribution and friends differ between standard libraries, so hemu never uses
// them where results must be reproducible: (task, seed, size, scale) must give identical pixels on
// every machine. Not thread-safe; give each thread its own Rng (derive with fork()).
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/check.h"

namespace hemu {

class Rng {
 public:
  explicit Rng(uint64_t seed) { reseed(seed); }

  void reseed(uint64_t seed) {
    for (auto& s : state_) s = splitmix64(seed);
  }

  uint64_t next_u64() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform integer in [lo, hi] (inclusive).
  int uniform_int(int lo, int hi) {
    HEMU_CHECK(lo <= hi) << "uniform_int(" << lo << ", " << hi << ")";
    uint64_t span = uint64_t(int64_t(hi) - lo) + 1;
    return int(int64_t(lo) + int64_t(next_u64() % span));
  }
  // Uniform double in [0, 1).
  double uniform() { return double(next_u64() >> 11) * (1.0 / 9007199254740992.0); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }
  // Standard normal (Box-Muller; deterministic given the state).
  double normal(double mean = 0.0, double stddev = 1.0) {
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  template <typename T>
  const T& pick(const std::vector<T>& items) {
    HEMU_CHECK(!items.empty()) << "pick from an empty list";
    return items[size_t(uniform_int(0, int(items.size()) - 1))];
  }
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (int i = int(items.size()) - 1; i > 0; --i) std::swap(items[size_t(i)], items[size_t(uniform_int(0, i))]);
  }
  // k distinct indices from [0, n), in random order.
  std::vector<int> sample_indices(int n, int k) {
    HEMU_CHECK(k <= n) << "sample " << k << " of " << n;
    std::vector<int> all(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) all[size_t(i)] = i;
    shuffle(all);
    all.resize(size_t(k));
    return all;
  }
  // A child generator whose stream depends on this one and on `label` (stable across runs).
  Rng fork(std::string_view label) {
    uint64_t h = 1469598103934665603ull;
    for (char c : label) h = (h ^ uint8_t(c)) * 1099511628211ull;
    return Rng(next_u64() ^ h);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint64_t state_[4];
};

}  // namespace hemu
