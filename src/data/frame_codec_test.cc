#include "data/frame_codec.h"

#include <gtest/gtest.h>

#include "data/test_traces.h"

namespace hemu {
namespace {

using testing::same_pixels;
using testing::ui_frame;

TEST(FrameCodec, KeyframesAndDeltasDecodePixelExact) {
  FrameEncoder encoder(/*zlib_level=*/6, /*keyframe_interval=*/4);
  FrameDecoder decoder;
  std::vector<FrameCodec> codecs;
  for (int step = 0; step < 10; ++step) {
    Frame frame = ui_frame(200, 130, step);
    auto encoded = encoder.encode(frame);
    ASSERT_TRUE(encoded.ok()) << encoded.status().to_string();
    codecs.push_back(encoded->codec);
    ASSERT_TRUE(decoder.decode(encoded->codec, 200, 130, encoded->payload).ok());
    EXPECT_TRUE(same_pixels(frame, decoder.frame())) << "step " << step;
  }
  // A keyframe first and every 4th frame; deltas between.
  std::vector<FrameCodec> expected;
  for (int i = 0; i < 10; ++i) expected.push_back(i % 4 == 0 ? FrameCodec::kKey : FrameCodec::kDelta);
  EXPECT_EQ(codecs, expected);
}

TEST(FrameCodec, StridePaddingSizeChangesAndBigChangesMakeKeyframes) {
  FrameEncoder encoder;
  FrameDecoder decoder;
  Frame padded = testing::random_frame(33, 17, 1, /*stride_padding=*/5);
  auto a = encoder.encode(padded);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(decoder.decode(a->codec, 33, 17, a->payload).ok());
  EXPECT_TRUE(same_pixels(padded, decoder.frame()));
  EXPECT_EQ(decoder.frame().stride_bytes, 33 * 3);
  // Everything changed: a keyframe even though the interval has not passed.
  auto b = encoder.encode(testing::random_frame(33, 17, 2));
  EXPECT_EQ(b->codec, FrameCodec::kKey);
  auto c = encoder.encode(testing::random_frame(40, 17, 2));
  EXPECT_EQ(c->codec, FrameCodec::kKey);
  Frame same = testing::random_frame(40, 17, 2);
  auto d = encoder.encode(same);
  EXPECT_EQ(d->codec, FrameCodec::kDelta);
  EXPECT_LT(d->payload.size(), 40u);  // nothing changed: an all-zero bitmap
  ASSERT_TRUE(decoder.decode(c->codec, 40, 17, c->payload).ok());
  ASSERT_TRUE(decoder.decode(d->codec, 40, 17, d->payload).ok());
  EXPECT_TRUE(same_pixels(same, decoder.frame()));
}

TEST(FrameCodec, DecodingGarbageFailsCleanly) {
  FrameEncoder encoder;
  auto key = encoder.encode(ui_frame(200, 130, 0));
  auto delta = encoder.encode(ui_frame(200, 130, 1));
  ASSERT_EQ(delta->codec, FrameCodec::kDelta);
  FrameDecoder fresh;
  EXPECT_EQ(fresh.decode(FrameCodec::kDelta, 200, 130, delta->payload).code(), ErrorCode::kCorrupt);
  EXPECT_EQ(fresh.decode(FrameCodec::kKey, 201, 130, key->payload).code(), ErrorCode::kCorrupt);
  EXPECT_EQ(fresh.decode(FrameCodec::kKey, 0, 130, key->payload).code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(fresh.decode(FrameCodec(9), 200, 130, key->payload).code(), ErrorCode::kCorrupt);
  testing::TestRandom random(5);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<uint8_t> bytes = trial % 2 ? key->payload : delta->payload;
    if (trial % 3 == 0) bytes.resize(size_t(random.uniform_int(0, int(bytes.size()))));
    else bytes[size_t(random.uniform_int(0, int(bytes.size()) - 1))] ^= uint8_t(1 + random.uniform_int(0, 254));
    FrameDecoder decoder;
    ASSERT_TRUE(decoder.decode(FrameCodec::kKey, 200, 130, key->payload).ok());
    if (decoder.decode(trial % 2 ? FrameCodec::kKey : FrameCodec::kDelta, 200, 130, bytes).ok())  // must not crash
      EXPECT_EQ(decoder.frame().width, 200);
    else
      EXPECT_EQ(decoder.frame().width, 0);
  }
}

}  // namespace
}  // namespace hemu
