#include "policy/state_reader.h"

#include <gtest/gtest.h>

#include "policy/state_reader_model.h"

namespace hemu {
namespace {

// A light frame with a 15-px box at (12, 13) whose inside is filled dark when `ticked`.
Frame glyph_frame(bool ticked) {
  Frame frame(120, 40);
  for (int y = 0; y < frame.height; ++y)
    for (int x = 0; x < frame.width; ++x) frame.set(x, y, {240, 240, 240});
  for (int y = 13; y < 28; ++y)
    for (int x = 12; x < 27; ++x) {
      const bool border = y == 13 || y == 27 || x == 12 || x == 26;
      if (border || ticked) frame.set(x, y, {40, 60, 200});
    }
  return frame;
}

TEST(StateReader, GlyphRectIsTheLeftSquareGrownAndClipped) {
  const Rect frame{0, 0, 200, 100};
  // A 24-px high checkbox row: the square at its left, grown by a sixth of the side.
  EXPECT_EQ(state_glyph_rect({50, 30, 160, 24}, frame), (Rect{46, 26, 32, 32}));
  // A box narrower than high: the side is the width.
  EXPECT_EQ(state_glyph_rect({50, 30, 12, 24}, frame), (Rect{48, 34, 16, 16}));
  // At the frame's corner: clipped.
  EXPECT_EQ(state_glyph_rect({0, 0, 100, 24}, frame), (Rect{0, 0, 28, 28}));
  EXPECT_TRUE(state_glyph_rect({300, 300, 20, 20}, frame).empty());
  EXPECT_TRUE(state_glyph_rect({}, frame).empty());
}

TEST(StateReader, ReadsOnlyCheckboxesAndRadios) {
  EXPECT_TRUE(state_reader_reads(ElementClass::kCheckbox));
  EXPECT_TRUE(state_reader_reads(ElementClass::kRadio));
  EXPECT_FALSE(state_reader_reads(ElementClass::kRow));
  EXPECT_FALSE(state_reader_reads(ElementClass::kButton));
}

TEST(StateReader, PreprocessIsNormalisedPerCropAndSeesTheTick) {
  const int size = 20;
  const Rect glyph = state_glyph_rect({10, 8, 100, 24}, {0, 0, 120, 40});
  std::vector<float> empty = preprocess_state_crop(glyph_frame(false), glyph, size);
  std::vector<float> ticked = preprocess_state_crop(glyph_frame(true), glyph, size);
  ASSERT_EQ(empty.size(), size_t(3 * size * size));
  ASSERT_EQ(ticked.size(), empty.size());
  double mean = 0;
  for (float v : ticked) mean += v;
  EXPECT_NEAR(mean / double(ticked.size()), 0.0, 1e-3);
  // The centre of the box differs between the two states.
  const size_t centre = size_t(size / 2) * size + size / 2;
  EXPECT_GT(std::abs(empty[centre] - ticked[centre]), 0.5f);
  // A flat patch is not stretched: values stay near zero.
  Frame flat(50, 50);
  for (auto& v : flat.pixels) v = 128;
  for (float v : preprocess_state_crop(flat, {0, 0, 20, 20}, size)) EXPECT_NEAR(v, 0.0f, 1e-4);
  EXPECT_TRUE(preprocess_state_crop(flat, {100, 100, 5, 5}, size).empty());
}

TEST(StateReader, ShapesAndRoundTrip) {
  auto reader = StateReader::create(StateReaderConfig{}, 3);
  EXPECT_GT(reader->parameter_count(), 1000);
  EXPECT_LT(reader->parameter_count(), 100000);
  const Rect glyph = state_glyph_rect({10, 8, 100, 24}, {0, 0, 120, 40});
  std::vector<std::vector<float>> crops = {preprocess_state_crop(glyph_frame(false), glyph, 20),
                                           preprocess_state_crop(glyph_frame(true), glyph, 20)};
  std::vector<float> p = reader->checked_probabilities(crops);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_TRUE(reader->checked_probabilities({}).empty());
  auto copy = StateReader::from_bytes(reader->to_bytes());
  ASSERT_TRUE(copy.ok()) << copy.status().to_string();
  std::vector<float> q = (*copy)->checked_probabilities(crops);
  for (size_t i = 0; i < p.size(); ++i) EXPECT_FLOAT_EQ(p[i], q[i]);
}

// Batches are padded with blank crops (one oneDNN kernel per padded size): each crop's probability
// is the one it gets alone, and the blanks' are not returned.
TEST(StateReader, BatchOfAnySizeGivesEachCropItsOwnProbability) {
  auto reader = StateReader::create(StateReaderConfig{}, 4);
  const Rect glyph = state_glyph_rect({10, 8, 100, 24}, {0, 0, 120, 40});
  const std::vector<float> off = preprocess_state_crop(glyph_frame(false), glyph, 20);
  const std::vector<float> on = preprocess_state_crop(glyph_frame(true), glyph, 20);
  const float alone_off = reader->checked_probabilities({off})[0];
  const float alone_on = reader->checked_probabilities({on})[0];
  ASSERT_NE(alone_off, alone_on);
  for (size_t n : {2u, 7u, 8u, 9u, 17u}) {
    std::vector<std::vector<float>> crops;
    for (size_t i = 0; i < n; ++i) crops.push_back(i % 3 == 1 ? on : off);
    const std::vector<float> p = reader->checked_probabilities(crops);
    ASSERT_EQ(p.size(), n);
    for (size_t i = 0; i < n; ++i) EXPECT_NEAR(p[i], i % 3 == 1 ? alone_on : alone_off, 1e-5f) << n << " crops, #" << i;
  }
}

// Inference runs the network with batch norm folded into the convolutions: the same probabilities
// as the modules, also after the weights change (training, loading), which refolds them.
TEST(StateReader, FoldedInferenceMatchesTheModulesAndFollowsNewWeights) {
  auto reader = StateReader::create(StateReaderConfig{}, 5);
  StateNet& model = reader->impl().model;
  const Rect glyph = state_glyph_rect({10, 8, 100, 24}, {0, 0, 120, 40});
  const std::vector<std::vector<float>> crops = {preprocess_state_crop(glyph_frame(false), glyph, 20),
                                                 preprocess_state_crop(glyph_frame(true), glyph, 20)};
  for (int round = 0; round < 2; ++round) {
    {
      torch::NoGradGuard no_grad;
      for (auto* norm : {&model->norm1, &model->norm2, &model->norm3}) {  // statistics as after training
        (*norm)->running_mean.uniform_(-0.3, 0.3);
        (*norm)->running_var.uniform_(0.5, 2.0);
        (*norm)->weight.uniform_(0.5, 1.5);
      }
      model->conv2->weight.mul_(round == 0 ? 1.0 : -1.5);
    }
    const std::vector<float> p = reader->checked_probabilities(crops);
    torch::NoGradGuard no_grad;
    model->eval();
    torch::Tensor expected = torch::sigmoid(model->forward(make_state_batch(crops, 20)));
    ASSERT_EQ(p.size(), 2u);
    for (size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p[i], expected[int64_t(i)].item<float>(), 1e-5f) << round;
  }
}

TEST(StateReader, BadBytesGiveClearErrors) {
  const std::string good = StateReader::create(StateReaderConfig{}, 3)->to_bytes();
  auto garbage = StateReader::from_bytes("not a model");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(garbage.status().message().find("HEMUSTATES"), std::string::npos);
  auto truncated = StateReader::from_bytes(good.substr(0, good.size() / 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), ErrorCode::kCorrupt);
  std::string version = good;
  version.replace(version.find("version=1"), 9, "version=9");
  auto wrong = StateReader::from_bytes(version);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("version 9"), std::string::npos);
  std::string channels = good;
  channels.replace(channels.find("channels=16"), 11, "channels=8");
  auto mismatch = StateReader::from_bytes(channels);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().code(), ErrorCode::kCorrupt);
}

TEST(StateReader, ReadStatesSetsGlyphClassesOnlyAndCaches) {
  auto reader = StateReader::create(StateReaderConfig{}, 5);
  // Force the model's answer: "checked" for every crop (a large positive output bias).
  {
    torch::NoGradGuard no_grad;
    reader->impl().model->out->bias.fill_(50.0f);
  }
  reader->clear_cache();
  Frame frame = glyph_frame(false);
  std::vector<UiElement> elements(3);
  elements[0].element_class = ElementClass::kCheckbox;
  elements[0].rect = {10, 8, 100, 24};
  elements[1].element_class = ElementClass::kButton;
  elements[1].rect = {10, 8, 100, 24};
  elements[2].element_class = ElementClass::kRadio;
  elements[2].rect = {10, 8, 100, 24};
  elements[2].checked = false;
  reader->read_states(frame, elements);
  EXPECT_TRUE(elements[0].checked);
  EXPECT_FALSE(elements[1].checked);  // not a glyph class: untouched
  EXPECT_TRUE(elements[2].checked);
  EXPECT_EQ(reader->cache_hits(), 0);  // both read in one forward pass
  elements[0].checked = false;
  reader->read_states(frame, elements);
  EXPECT_TRUE(elements[0].checked);
  EXPECT_EQ(reader->cache_hits(), 2);  // the same pixels again: both from the cache
}

}  // namespace
}  // namespace hemu
