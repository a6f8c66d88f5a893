#include "policy/element_detector.h"

#include <gtest/gtest.h>

#include "core/rng.h"

namespace hemu {
namespace {

// A light "desktop" with a few dark-bordered boxes, so the network sees some structure.
Frame test_frame(int width, int height, uint64_t seed) {
  Frame frame(width, height);
  Rng rng(seed);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) frame.set(x, y, {236, 236, 240});
  for (int i = 0; i < 20; ++i) {
    int w = rng.uniform_int(10, std::max(11, width / 4)), h = rng.uniform_int(10, std::max(11, height / 8));
    int x0 = rng.uniform_int(0, width - w), y0 = rng.uniform_int(0, height - h);
    Rgb fill{uint8_t(rng.uniform_int(0, 255)), uint8_t(rng.uniform_int(0, 255)), uint8_t(rng.uniform_int(0, 255))};
    for (int y = y0; y < y0 + h; ++y)
      for (int x = x0; x < x0 + w; ++x)
        frame.set(x, y, (x == x0 || y == y0 || x == x0 + w - 1 || y == y0 + h - 1) ? Rgb{40, 40, 40} : fill);
  }
  return frame;
}

// An untrained detector finds "elements" everywhere at a low threshold: good for shape tests.
std::unique_ptr<ElementDetector> noisy_detector(uint64_t seed) {
  auto d = ElementDetector::create(DetectorConfig{}, seed);
  d->set_decoding(/*score_threshold=*/0.09, /*nms_iou=*/0.6);
  return d;
}

void expect_same(const std::vector<UiElement>& a, const std::vector<UiElement>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].element_class, b[i].element_class);
    EXPECT_EQ(a[i].rect, b[i].rect);
    EXPECT_EQ(a[i].score, b[i].score);
    EXPECT_EQ(a[i].checked, b[i].checked);
    EXPECT_EQ(a[i].selected, b[i].selected);
    EXPECT_EQ(a[i].focused, b[i].focused);
  }
}

TEST(ElementDetector, InputSizeFollowsUiScale) {
  DetectorConfig c;
  EXPECT_EQ(detector_input_size({1920, 1080}, 1.0, c), (Size{960, 540}));
  EXPECT_EQ(detector_input_size({5120, 2880}, 2.0, c), (Size{1280, 720}));
  EXPECT_EQ(detector_input_size({640, 480}, 2.0, c), (Size{160, 120}));
  EXPECT_EQ(detector_input_size({1920, 1080}, 1.5, c), (Size{640, 360}));
  EXPECT_EQ(detector_input_size({640, 480}, 7.0, c), (Size{160, 120}));  // clamped to 2
}

TEST(ElementDetector, ValidRectsAtSeveralFrameSizes) {
  auto detector = noisy_detector(3);
  EXPECT_GT(detector->parameter_count(), 10000);
  EXPECT_LT(detector->parameter_count(), 2000000);
  struct Case {
    int width, height;
    double scale;
  };
  for (const Case& c : {Case{640, 480, 1.0}, Case{641, 479, 2.0}, Case{1280, 800, 1.5}, Case{5120, 2880, 2.0}}) {
    Frame frame = test_frame(c.width, c.height, 11);
    auto found = detector->detect(frame, c.scale);
    EXPECT_FALSE(found.empty()) << c.width << "x" << c.height;
    EXPECT_LE(int(found.size()), detector->config().max_elements);
    for (size_t i = 0; i < found.size(); ++i) {
      const UiElement& e = found[i];
      EXPECT_FALSE(e.rect.empty());
      EXPECT_TRUE(frame.bounds().contains(e.rect)) << e.rect.to_string() << " in " << c.width << "x" << c.height;
      EXPECT_GE(e.score, 0.09f);
      EXPECT_LE(e.score, 1.0f);
      EXPECT_TRUE(e.text.empty());
      if (i > 0) {
        EXPECT_GE(found[i - 1].score, e.score);
      }
    }
  }
}

TEST(ElementDetector, DeterministicForASeed) {
  Frame frame = test_frame(800, 600, 5);
  auto a = noisy_detector(9), b = noisy_detector(9), c = noisy_detector(10);
  expect_same(a->detect(frame, 1.0), b->detect(frame, 1.0));
  EXPECT_EQ(a->to_bytes(), b->to_bytes());
  EXPECT_NE(a->to_bytes(), c->to_bytes());
}

TEST(ElementDetector, BytesRoundTripGivesIdenticalDetections) {
  Frame frame = test_frame(1024, 768, 6);
  auto a = noisy_detector(4);
  auto back = ElementDetector::from_bytes(a->to_bytes());
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  (*back)->set_decoding(0.09, 0.6);
  EXPECT_EQ((*back)->parameter_count(), a->parameter_count());
  expect_same(a->detect(frame, 1.5), (*back)->detect(frame, 1.5));
}

TEST(ElementDetector, GarbageBytesAreACleanError) {
  for (const std::string& bytes : {std::string(), std::string("garbage"), std::string(5000, '\x7f')}) {
    auto r = ElementDetector::from_bytes(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt) << r.status().to_string();
  }
  std::string good = ElementDetector::create(DetectorConfig{}, 1)->to_bytes();
  auto truncated = ElementDetector::from_bytes(good.substr(0, good.size() / 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), ErrorCode::kCorrupt);
  std::string bad_weights = good.substr(0, 200) + std::string(1000, 'x');
  auto r = ElementDetector::from_bytes(bad_weights);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt) << r.status().to_string();
  std::string wrong_version = good;
  wrong_version[8] = 9;
  EXPECT_EQ(ElementDetector::from_bytes(wrong_version).status().code(), ErrorCode::kCorrupt);
}

TEST(ElementDetector, UnchangedFrameHitsTheCache) {
  auto detector = noisy_detector(2);
  Frame frame = test_frame(1280, 720, 8);
  auto first = detector->detect(frame, 1.0);
  auto second = detector->detect(frame, 1.0);
  EXPECT_EQ(detector->network_runs(), 1);
  EXPECT_EQ(detector->cache_hits(), 1);
  expect_same(first, second);
  detector->detect(frame, 2.0);  // another UI scale is another input
  EXPECT_EQ(detector->network_runs(), 2);
  frame.set(100, 100, {1, 2, 3});
  detector->detect(frame, 2.0);
  EXPECT_EQ(detector->network_runs(), 3);
  EXPECT_EQ(detector->cache_hits(), 1);
}

}  // namespace
}  // namespace hemu
