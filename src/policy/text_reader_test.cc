#include "policy/text_reader.h"

#include <gtest/gtest.h>

#include "policy/text_reader_model.h"

namespace hemu {
namespace {

// A light frame with a dark "text-like" pattern inside a box at (20, 10, 120x24).
Frame test_frame() {
  Frame frame(200, 60);
  for (int y = 0; y < frame.height; ++y)
    for (int x = 0; x < frame.width; ++x) frame.set(x, y, {235, 235, 235});
  for (int x = 30; x < 130; ++x)
    for (int y = 16; y < 28; ++y)
      if ((x / 3) % 3 != 0 && (y + x / 7) % 4 != 0) frame.set(x, y, {20, 20, 30});
  return frame;
}

TEST(TextReader, PreprocessScalesToModelHeightAndFindsInk) {
  TextReaderConfig config;
  Frame frame = test_frame();
  ReaderImage image = preprocess_crop(frame, {20, 10, 120, 24}, config);
  EXPECT_EQ(image.height, config.height);
  ASSERT_GT(image.width, 0);
  EXPECT_EQ(image.ink.size(), size_t(image.width) * image.height);
  // Tightened around the ink (100x12 px plus a little padding), then scaled to the model height.
  EXPECT_GT(image.width, config.height * 100 / 20);
  EXPECT_LT(image.width, config.height * 104 / 12 + 8);
  float max_ink = *std::max_element(image.ink.begin(), image.ink.end());
  EXPECT_GT(max_ink, 0.9f);
  EXPECT_EQ(image.ink[0], 0.0f);  // background corner
  // Outside the frame: nothing to read.
  EXPECT_EQ(preprocess_crop(frame, {500, 500, 10, 10}, config).width, 0);
  // Light-on-dark gives the same ink as dark-on-light.
  Frame inverted = frame;
  for (auto& v : inverted.pixels) v = uint8_t(255 - v);
  ReaderImage image2 = preprocess_crop(inverted, {20, 10, 120, 24}, config);
  ASSERT_EQ(image2.width, image.width);
  for (size_t i = 0; i < image.ink.size(); ++i) ASSERT_NEAR(image.ink[i], image2.ink[i], 0.02f);
}

// A box larger than a plate in a colour of its own (a primary button: white text on the accent)
// reads the plate as the box around it would: the window it takes in is no ink.
TEST(TextReader, PreprocessPeelsTheWindowAroundAPlate) {
  TextReaderConfig config;
  Frame frame(200, 60);
  const Rect plate{20, 10, 120, 28};
  for (int y = 0; y < frame.height; ++y)
    for (int x = 0; x < frame.width; ++x) {
      bool corner = (x - plate.x < 2 || plate.right() - 1 - x < 2) && (y - plate.y < 2 || plate.bottom() - 1 - y < 2);
      frame.set(x, y, plate.contains(Point{x, y}) && !corner ? Rgb{60, 110, 200} : Rgb{235, 235, 235});
    }
  for (int x = 40; x < 120; ++x)
    for (int y = 18; y < 30; ++y)
      if ((x / 3) % 3 != 0 && (y + x / 7) % 4 != 0) frame.set(x, y, {255, 255, 255});
  ReaderImage exact = preprocess_crop(frame, plate, config);
  ReaderImage larger = preprocess_crop(frame, {plate.x - 8, plate.y - 4, plate.width + 11, plate.height + 6}, config);
  ASSERT_GT(exact.width, config.height * 80 / 20);
  ASSERT_EQ(larger.width, exact.width);
  for (size_t i = 0; i < exact.ink.size(); ++i) ASSERT_NEAR(larger.ink[i], exact.ink[i], 0.02f) << i;
}

TEST(TextReader, ModelShapes) {
  TextReaderConfig config;
  auto reader = TextReader::create(config, 7);
  EXPECT_GT(reader->parameter_count(), 10000);
  EXPECT_LT(reader->parameter_count(), 1000000);
  ReaderImage a{40, config.height, std::vector<float>(40 * size_t(config.height), 0.5f)};
  ReaderImage b{101, config.height, std::vector<float>(101 * size_t(config.height), 0.1f)};
  ReaderBatch batch = make_reader_batch({&a, &b}, config.height, config.substeps);
  const int64_t padded = (101 + kReaderStride - 1) / kReaderStride * kReaderStride;
  EXPECT_EQ(batch.images.sizes(), (std::vector<int64_t>{2, 1, config.height, padded}));
  EXPECT_EQ(batch.lengths[0].item<int64_t>(), config.substeps * (40 / kReaderStride));
  EXPECT_EQ(batch.lengths[1].item<int64_t>(), config.substeps * (101 / kReaderStride));
  torch::NoGradGuard no_grad;
  torch::Tensor logits = reader->impl().model->forward(batch.images);
  EXPECT_EQ(logits.sizes(),
            (std::vector<int64_t>{config.substeps * padded / kReaderStride, 2, int64_t(reader_charset().size())}));
}

TEST(TextReader, InferencePathMatchesTheModule) {
  auto reader = TextReader::create(TextReaderConfig{}, 3);
  auto& impl = reader->impl();
  torch::NoGradGuard no_grad;
  for (auto& m : impl.model->modules(/*include_self=*/false)) {
    if (auto* bn = dynamic_cast<torch::nn::BatchNorm2dImpl*>(m.get())) {
      bn->running_mean.uniform_(-0.3, 0.3);
      bn->running_var.uniform_(0.5, 2.0);
      bn->weight.uniform_(0.5, 1.5);
      bn->bias.uniform_(-0.2, 0.2);
    }
  }
  impl.model->eval();
  // Batches of several crops (the column head runs as one matmul over all of them), and widths of
  // 1 and 2 feature columns, at or under the sequence layers' dilations.
  for (int64_t width : {96, 4, 8, 36}) {
    auto x = torch::rand({3, 1, 16, width});
    auto expected = impl.model->forward(x);
    auto got = reader_forward_inference(impl, x);
    ASSERT_EQ(expected.sizes(), got.sizes()) << "width " << width;
    EXPECT_LT((expected - got).abs().max().item<float>(), 1e-3f) << "width " << width;
  }
  // Padding a batch wider (width_multiple) changes no reading of a crop whose receptive field
  // (~40 input columns) ends inside the batch either way.
  ReaderImage a{16, 16, std::vector<float>(16 * 16, 0.0f)}, b{72, 16, std::vector<float>(72 * 16, 0.0f)};
  for (size_t i = 0; i < a.ink.size(); i += 7) a.ink[i] = 1.0f;
  for (size_t i = 0; i < b.ink.size(); i += 5) b.ink[i] = 1.0f;
  auto narrow = make_reader_batch({&a, &b}, 16, impl.config.substeps);
  auto wide = make_reader_batch({&a, &b}, 16, impl.config.substeps, 64);
  EXPECT_EQ(narrow.images.size(3), 72);
  EXPECT_EQ(wide.images.size(3), 128);
  EXPECT_TRUE(torch::equal(narrow.lengths, wide.lengths));
  auto texts_narrow = decode_reader_logits(reader_forward_inference(impl, narrow.images), narrow.lengths);
  auto texts_wide = decode_reader_logits(reader_forward_inference(impl, wide.images), wide.lengths);
  EXPECT_EQ(texts_narrow[0], texts_wide[0]);
}

// The feature convolutions run on libtorch's im2col + GEMM path (no oneDNN kernel built per batch
// shape): any batch size and width, contiguous or channels_last input, gives the module's outputs.
TEST(TextReader, InferencePathMatchesTheModuleForEveryBatchShape) {
  auto reader = TextReader::create(TextReaderConfig{}, 4);
  auto& impl = reader->impl();
  torch::NoGradGuard no_grad;
  impl.model->eval();
  for (int64_t batch : {1, 5}) {
    for (int64_t width : {20, 44}) {
      auto x = torch::rand({batch, 1, 16, width});
      auto expected = impl.model->forward(x);
      for (bool channels_last : {false, true}) {
        auto input = channels_last ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
        auto got = reader_forward_inference(impl, input);
        ASSERT_EQ(expected.sizes(), got.sizes()) << batch << " x " << width;
        EXPECT_LT((expected - got).abs().max().item<float>(), 1e-3f) << batch << " x " << width;
      }
    }
  }
}

TEST(TextReader, TextHelpers) {
  EXPECT_EQ(normalize_reader_text("  Alice  Smith | alice@example.com |  $12.50 "),
            "Alice Smith alice@example.com $12.50");
  EXPECT_EQ(normalize_reader_text("a|b"), "a|b");
  EXPECT_EQ(normalize_reader_text("\u2022\u2022\u2022"), "\u2022\u2022\u2022");
  EXPECT_EQ(reader_edit_distance("kitten", "sitting"), 3);
  EXPECT_EQ(reader_edit_distance("\u2022\u2022", "\u2022"), 1);
  EXPECT_EQ(encode_reader_text("A a").size(), 3u);
  // Greedy CTC: repeats collapse, blanks separate.
  std::vector<int64_t> path = {0, 34, 34, 0, 34, 0, 0};  // 'A' = 1 + ('A' - 32) = 34
  torch::Tensor logits = torch::zeros({7, 1, int64_t(reader_charset().size())});
  for (size_t t = 0; t < path.size(); ++t) logits[int64_t(t)][0][path[t]] = 5.0;
  EXPECT_EQ(decode_reader_logits(logits, torch::tensor({int64_t(7)}))[0], "AA");
}

TEST(TextReader, DeterministicForAFixedSeed) {
  Frame frame = test_frame();
  auto a = TextReader::create({}, 3), b = TextReader::create({}, 3), c = TextReader::create({}, 4);
  EXPECT_EQ(a->to_bytes().substr(0, 200), b->to_bytes().substr(0, 200));
  EXPECT_EQ(a->read(frame, {20, 10, 120, 24}), b->read(frame, {20, 10, 120, 24}));
  ReaderImage image = preprocess_crop(frame, {20, 10, 120, 24}, a->config());
  ReaderBatch batch = make_reader_batch({&image}, a->config().height, a->config().substeps);
  torch::NoGradGuard no_grad;
  a->impl().model->eval(), b->impl().model->eval(), c->impl().model->eval();
  torch::Tensor la = a->impl().model->forward(batch.images), lb = b->impl().model->forward(batch.images),
                lc = c->impl().model->forward(batch.images);
  EXPECT_TRUE(torch::equal(la, lb));
  EXPECT_FALSE(torch::equal(la, lc));
}

TEST(TextReader, BytesRoundTripGivesIdenticalReads) {
  TextReaderConfig config;
  config.channels = 32;
  auto reader = TextReader::create(config, 11);
  // Perturb the classifier so the untrained model emits characters rather than only blanks.
  {
    torch::NoGradGuard no_grad;
    reader->impl().model->classifier->bias.normal_(0, 3);
  }
  Frame frame = test_frame();
  std::vector<Rect> rects = {{20, 10, 120, 24}, {0, 0, 200, 60}, {25, 12, 40, 20}};
  std::vector<std::string> before = reader->read_batch(frame, rects);
  bool any_text = false;
  for (const auto& s : before) any_text |= !s.empty();
  EXPECT_TRUE(any_text);
  auto copy = TextReader::from_bytes(reader->to_bytes());
  ASSERT_TRUE(copy.ok()) << copy.status().to_string();
  EXPECT_EQ((*copy)->config().channels, 32);
  EXPECT_EQ((*copy)->parameter_count(), reader->parameter_count());
  EXPECT_EQ((*copy)->read_batch(frame, rects), before);
  EXPECT_EQ((*copy)->to_bytes(), reader->to_bytes());
}

TEST(TextReader, GarbageBytesGiveACleanError) {
  std::string good = TextReader::create({}, 1)->to_bytes();
  for (std::string bad : {std::string(), std::string("hello"), std::string("HEMUREADER\nversion=9\n"),
                          good.substr(0, good.size() / 2), good.substr(0, 30)}) {
    auto result = TextReader::from_bytes(bad);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), ErrorCode::kCorrupt) << result.status().to_string();
  }
  std::string flipped = good;
  flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x5a);
  flipped.resize(flipped.size() - 100);
  EXPECT_FALSE(TextReader::from_bytes(flipped).ok());
  // Bytes of the previous format (version 1: no substeps) are refused with a clear error.
  std::string old = good;
  size_t version_at = old.find("version=2");
  ASSERT_NE(version_at, std::string::npos);
  old.replace(version_at, 9, "version=1");
  auto old_result = TextReader::from_bytes(old);
  ASSERT_FALSE(old_result.ok());
  EXPECT_EQ(old_result.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(old_result.status().to_string().find("version 1"), std::string::npos) << old_result.status().to_string();
  // A header whose architecture does not match the weights.
  std::string other = good;
  size_t at = other.find("channels=48");
  ASSERT_NE(at, std::string::npos);
  other.replace(at, 11, "channels=32");
  auto mismatch = TextReader::from_bytes(other);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().code(), ErrorCode::kCorrupt);
}

TEST(TextReader, CacheHitOnUnchangedCrop) {
  auto reader = TextReader::create({}, 5);
  Frame frame = test_frame();
  Rect rect{20, 10, 120, 24};
  std::string first = reader->read(frame, rect);
  EXPECT_EQ(reader->cache_misses(), 1);
  EXPECT_EQ(reader->cache_hits(), 0);
  EXPECT_EQ(reader->read(frame, rect), first);
  EXPECT_EQ(reader->cache_hits(), 1);
  // Pixels outside the rect do not matter; inside they do.
  frame.set(190, 50, {0, 0, 0});
  reader->read(frame, rect);
  EXPECT_EQ(reader->cache_hits(), 2);
  frame.set(60, 20, {255, 0, 0});
  reader->read(frame, rect);
  EXPECT_EQ(reader->cache_misses(), 2);
  // A batch mixes hits (read from the cache) and misses (one forward pass).
  reader->read_batch(frame, {rect, {0, 0, 50, 50}});
  EXPECT_EQ(reader->cache_hits(), 3);
  EXPECT_EQ(reader->cache_misses(), 3);
  // Empty rects read as "" without touching the model.
  EXPECT_EQ(reader->read(frame, {0, 0, 0, 0}), "");
  // The same crop twice in one batch is read once.
  reader->clear_cache();
  const int64_t misses = reader->cache_misses(), hits = reader->cache_hits();
  auto twice = reader->read_batch(frame, {rect, {0, 0, 50, 50}, rect});
  EXPECT_EQ(reader->cache_misses(), misses + 2);
  EXPECT_EQ(reader->cache_hits(), hits + 1);
  EXPECT_EQ(twice[0], twice[2]);
  EXPECT_EQ(twice[0], reader->read(frame, rect));
}

}  // namespace
}  // namespace hemu
