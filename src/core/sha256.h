// SHA-256 (FIPS 180-4), for checkpoint and dataset integrity. Stateless helpers; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hemu {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  std::array<uint8_t, 32> finish();  // the object must not be updated afterwards

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t total_ = 0;
};

// Lower-case hex digest of `bytes`.
std::string sha256_hex(std::string_view bytes);
std::string to_hex(const uint8_t* data, size_t size);

}  // namespace hemu
