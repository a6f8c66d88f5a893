#include "policy/checkpoint.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace hemu {
namespace {

Checkpoint sample() {
  Checkpoint c;
  c.meta["config"]["d_model"] = 64;
  c.meta["note"] = "test";
  c.sections["decision"] = std::string("\x01\x02\x00\x03weights", 11);
  c.sections["reader"] = std::string(1000, 'r');
  return c;
}

TEST(Checkpoint, RoundTripInMemoryAndOnDisk) {
  Checkpoint c = sample();
  auto back = checkpoint_from_bytes(checkpoint_to_bytes(c), "mem");
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(back->meta.dump(), c.meta.dump());
  EXPECT_EQ(back->sections, c.sections);
  std::string path = ::testing::TempDir() + "ckpt_roundtrip.hemu";
  ASSERT_TRUE(save_checkpoint(path, c).ok());
  auto loaded = load_checkpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().to_string();
  EXPECT_EQ(loaded->sections, c.sections);
  std::remove(path.c_str());
}

TEST(Checkpoint, EveryTruncationIsACleanError) {
  std::string bytes = checkpoint_to_bytes(sample());
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    auto r = checkpoint_from_bytes(bytes.substr(0, cut), "cut");
    ASSERT_FALSE(r.ok()) << "cut at " << cut;
    EXPECT_NE(r.status().message().find("cut"), std::string::npos);
  }
}

TEST(Checkpoint, EveryFlippedByteIsDetected) {
  std::string bytes = checkpoint_to_bytes(sample());
  for (size_t i = 0; i < bytes.size(); i += 3) {
    std::string bad = bytes;
    bad[i] = char(bad[i] ^ 0x20);
    EXPECT_FALSE(checkpoint_from_bytes(bad, "flip").ok()) << "flip at " << i;
  }
}

TEST(Checkpoint, WrongVersionAndWrongFileAreNamed) {
  std::string bytes = checkpoint_to_bytes(sample());
  bytes[10] = 9;  // the version's low byte
  auto r = checkpoint_from_bytes(bytes, "v");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("format version 9"), std::string::npos) << r.status().message();
  auto png = checkpoint_from_bytes("\x89PNG\r\n\x1a\n....", "img.png");
  ASSERT_FALSE(png.ok());
  EXPECT_NE(png.status().message().find("not a hemu model"), std::string::npos);
  EXPECT_EQ(load_checkpoint("/nonexistent/model.hemu").status().code(), ErrorCode::kNotFound);
}

TEST(Checkpoint, MissingPartNamesTheOthers) {
  Checkpoint c = sample();
  auto r = c.section("detector");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("decision, reader"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace hemu
