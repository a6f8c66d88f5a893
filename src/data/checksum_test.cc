#include "data/checksum.h"

#include <gtest/gtest.h>

namespace hemu {
namespace {

TEST(Checksum, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32_of(std::string_view("123456789")), 0xCBF43926u);
  EXPECT_EQ(crc32_hex(0xCBF43926u), "cbf43926");
  EXPECT_EQ(*crc32_from_hex("cbf43926"), 0xCBF43926u);
  EXPECT_FALSE(crc32_from_hex("CBF4392").ok());
  EXPECT_FALSE(crc32_from_hex("cbf4392g").ok());
}

Json sample() {
  Json j = Json::object();
  j["t_us"] = 1250;
  j["type"] = "motion";
  j["text"] = "a \"crc32\" inside a string";
  return j;
}

TEST(Checksum, SealedLinesAreValidJsonAndRoundTrip) {
  const std::string line = json_seal(sample());
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.substr(line.size() - 20, 9), ",\"crc32\":");
  // The CRC covers the text without the member: what a reader without hemu can check.
  EXPECT_EQ(line.substr(line.size() - 10, 8), crc32_hex(crc32_of(sample().dump())));
  auto back = json_unseal(line);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, sample());
}

TEST(Checksum, PrettyDocumentsRoundTrip) {
  const std::string text = json_seal(sample(), 2);
  EXPECT_NE(text.find("\n  \"crc32\": \""), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 11, 8), crc32_hex(crc32_of(sample().dump(2))));
  EXPECT_TRUE(json_unseal(text + "\n").ok());
  auto back = json_unseal(text);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, sample());
  EXPECT_TRUE(json_unseal(json_seal(Json::object(), 2)).ok());
  EXPECT_TRUE(json_unseal(json_seal(Json::object())).ok());
}

TEST(Checksum, EveryByteFlipAndTruncationIsDetected) {
  const std::string line = json_seal(sample());
  for (size_t i = 0; i < line.size(); ++i) {
    std::string damaged = line;
    damaged[i] = char(damaged[i] ^ 0x04);
    EXPECT_FALSE(json_unseal(damaged).ok()) << "flip at " << i << ": " << damaged;
  }
  for (size_t n = 0; n < line.size(); ++n) {
    auto r = json_unseal(line.substr(0, n));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt);
  }
  EXPECT_NE(json_unseal(line.substr(0, 20)).status().message().find("truncated JSON"), std::string::npos);
  EXPECT_NE(json_unseal(sample().dump()).status().message().find("no crc32"), std::string::npos);
  std::string wrong = line;
  wrong[wrong.size() - 3] = wrong[wrong.size() - 3] == '0' ? '1' : '0';
  EXPECT_NE(json_unseal(wrong).status().message().find("CRC mismatch"), std::string::npos);
}

}  // namespace
}  // namespace hemu
