#include "policy/element_detector.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/rng.h"
#include "policy/checkpoint.h"
#include "policy/element_detector_net.h"
#include "policy/torch_util.h"

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

// Draws a filled, dark-bordered box (a "field" that changed).
void draw_box(Frame& frame, const Rect& r, Rgb fill) {
  for (int y = r.y; y < r.bottom(); ++y)
    for (int x = r.x; x < r.right(); ++x)
      frame.set(x, y, (x == r.x || y == r.y || x == r.right() - 1 || y == r.bottom() - 1) ? Rgb{40, 40, 40} : fill);
}

// Share of `a`'s elements with a same-class element in `b` at IoU >= 0.5.
double matched_share(const std::vector<UiElement>& a, const std::vector<UiElement>& b) {
  if (a.empty()) return 1.0;
  int matched = 0;
  for (const auto& e : a) {
    for (const auto& f : b) {
      if (e.element_class == f.element_class && rect_iou(e.rect, f.rect) >= 0.5) {
        ++matched;
        break;
      }
    }
  }
  return double(matched) / double(a.size());
}

// The light decoder on the dense detector's encoder widths: the encoder's stride-8 features are
// projected to the decoder's width (decoder_channels_8 != channels_8).
DetectorConfig light_with_projection() {
  DetectorConfig c = light_detector_config();
  c.channels_8 = 64;
  c.channels_16 = 96;
  c.decoder_channels_8 = 32;
  return c;
}

class DetectorVariant : public ::testing::TestWithParam<DetectorConfig> {};

INSTANTIATE_TEST_SUITE_P(Decoders, DetectorVariant,
                         ::testing::Values(DetectorConfig{}, light_detector_config(), light_with_projection(),
                                           mid_detector_config()),
                         [](const auto& info) {
                           return info.param.decoder == DetectorDecoder::kDense ? std::string("Dense")
                                  : info.param.channels_8 == info.param.decoder_channels_8
                                      ? "Light" + std::to_string(info.param.channels_8)
                                      : std::string("LightWithProjection");
                         });

TEST_P(DetectorVariant, OutputShapeAndValidRects) {
  auto detector = ElementDetector::create(GetParam(), 3);
  detector->set_decoding(0.09, 0.6);
  torch::NoGradGuard no_grad;
  auto& net = *detector->impl().net;
  net.eval();
  auto y = net.forward(torch::zeros({2, 3, 96, 160}).contiguous(at::MemoryFormat::ChannelsLast));
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{2, kDetectorOutputs, 96 / kDetectorStride, 160 / kDetectorStride}));
  Frame frame = test_frame(641, 479, 11);
  auto found = detector->detect(frame, 1.0);
  EXPECT_FALSE(found.empty());
  for (const auto& e : found) EXPECT_TRUE(frame.bounds().contains(e.rect)) << e.rect.to_string();
}

TEST_P(DetectorVariant, BytesRoundTripKeepsTheArchitecture) {
  Frame frame = test_frame(1024, 768, 6);
  auto a = ElementDetector::create(GetParam(), 4);
  a->set_decoding(0.09, 0.6);
  const std::string bytes = a->to_bytes();
  // Version 1 for the dense decoder (as every build before session 6 wrote), 2 otherwise.
  EXPECT_EQ(int(bytes[8]), GetParam().decoder == DetectorDecoder::kDense ? 1 : 2);
  auto back = ElementDetector::from_bytes(bytes);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ((*back)->config().decoder, GetParam().decoder);
  EXPECT_EQ((*back)->config().channels_8, GetParam().channels_8);
  if (GetParam().decoder == DetectorDecoder::kLight) {
    EXPECT_EQ((*back)->config().decoder_channels_8, GetParam().decoder_channels_8);
  }
  EXPECT_EQ((*back)->parameter_count(), a->parameter_count());
  EXPECT_EQ((*back)->to_bytes(), bytes);
  expect_same(a->detect(frame, 1.5), (*back)->detect(frame, 1.5));
}

TEST(ElementDetector, LightDecoderIsSmallerAndTakesTheDenseEncoder) {
  auto dense = ElementDetector::create(DetectorConfig{}, 1);
  EXPECT_LT(ElementDetector::create(light_detector_config(), 2)->parameter_count(), dense->parameter_count());
  auto light = ElementDetector::create(light_with_projection(), 2);
  EXPECT_LT(light->parameter_count(), dense->parameter_count());
  // The encoder and the stride-16 decoder come over; the stride-8 and stride-4 decoder do not
  // (other shapes), except norm4 and the head.
  const int copied = light->copy_matching_weights(*dense);
  EXPECT_GT(copied, 50);
  torch::NoGradGuard no_grad;
  auto& l = *light->impl().net;
  auto& d = *dense->impl().net;
  EXPECT_TRUE(torch::equal(l.enc16a->pointwise->weight, d.enc16a->pointwise->weight));
  EXPECT_TRUE(torch::equal(l.down8->norm->running_var, d.down8->norm->running_var));
  EXPECT_FALSE(l.dec8a->pointwise->weight.sizes().equals(d.dec8a->pointwise->weight.sizes()));
  // A detector copies all of itself.
  auto twin = ElementDetector::create(light_with_projection(), 3);
  EXPECT_EQ(twin->copy_matching_weights(*light), int(l.parameters().size() + l.buffers().size()));
  EXPECT_EQ(twin->to_bytes(), light->to_bytes());
}

// Bytes as every build before session 6 wrote them (format version 1, 8 config keys), made here by
// hand: they load as the dense decoder, give the network's outputs and are written back unchanged.
TEST(ElementDetector, VersionOneBytesLoadAsTheDenseDecoder) {
  torch::manual_seed(12);
  DetectorNet net(DetectorConfig{});
  to_channels_last(*net);
  const std::string config =
      "channels_4=16\nchannels_8=64\nchannels_16=96\nchannels_32=128\nmodel_px_per_ui_px=0.5\n"
      "score_threshold=0.089999999999999997\nnms_iou=0.59999999999999998\nmax_elements=1000\n";
  std::string bytes = std::string("HEMUDET\n") + std::string("\x01\0\0\0", 4);
  const uint32_t size = uint32_t(config.size());
  for (int i = 0; i < 4; ++i) bytes.push_back(char((size >> (8 * i)) & 0xff));
  bytes += config + module_to_bytes(*net);
  auto loaded = ElementDetector::from_bytes(bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status().to_string();
  EXPECT_EQ((*loaded)->config().decoder, DetectorDecoder::kDense);
  EXPECT_EQ((*loaded)->to_bytes(), bytes);
  torch::NoGradGuard no_grad;
  net->eval();
  auto& other = *(*loaded)->impl().net;
  other.eval();
  auto x = torch::rand({1, 3, 64, 96}).sub_(0.5).contiguous(at::MemoryFormat::ChannelsLast);
  EXPECT_TRUE(torch::equal(net->forward(x), other.forward(x)));
  // Version 1 with the decoder keys, or version 2 without them, is corrupt.
  std::string v1_light = ElementDetector::create(light_detector_config(), 1)->to_bytes();
  v1_light[8] = 1;
  EXPECT_EQ(ElementDetector::from_bytes(v1_light).status().code(), ErrorCode::kCorrupt);
  std::string v2_dense = bytes;
  v2_dense[8] = 2;
  EXPECT_EQ(ElementDetector::from_bytes(v2_dense).status().code(), ErrorCode::kCorrupt);
}

// The shipped model's detector (when the repository has it): version 1, dense, and written back
// byte for byte.
TEST(ElementDetector, ShippedDetectorStillLoads) {
  const std::string path = "models/default.hemu";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not found (run from the repository root)";
  auto ck = load_checkpoint(path);
  ASSERT_TRUE(ck.ok()) << ck.status().to_string();
  const std::string& bytes = ck->sections.at("detector");
  EXPECT_EQ(int(bytes[8]), 1);
  auto d = ElementDetector::from_bytes(bytes);
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ((*d)->config().decoder, DetectorDecoder::kDense);
  EXPECT_EQ((*d)->to_bytes(), bytes);
}

TEST_P(DetectorVariant, FoldedNetworkMatchesTheModules) {
  auto detector = ElementDetector::create(GetParam(), 5);
  auto& impl = detector->impl();
  torch::NoGradGuard no_grad;
  // Non-trivial batch-norm statistics, as after training.
  for (auto& m : impl.net->modules(/*include_self=*/false)) {
    if (auto* bn = dynamic_cast<torch::nn::BatchNorm2dImpl*>(m.get())) {
      bn->running_mean.uniform_(-0.5, 0.5);
      bn->running_var.uniform_(0.5, 2.0);
      bn->weight.uniform_(0.5, 1.5);
      bn->bias.uniform_(-0.2, 0.2);
    }
  }
  impl.net->eval();
  auto x = torch::rand({1, 3, 96, 128}).sub_(0.5).contiguous(at::MemoryFormat::ChannelsLast);
  auto expected = impl.net->forward(x);
  auto folded = detector_forward_folded(fold_detector_net(*impl.net), x);
  ASSERT_EQ(expected.sizes(), folded.sizes());
  EXPECT_LT((expected - folded).abs().max().item<float>(), 1e-3f);
}

// The model input's buffer is reused across full passes of the same padded size: a narrower frame
// must not see the last frame's pixels in its padding.
TEST(ElementDetector, ReusedInputBufferGivesTheSameResultAsAFreshOne) {
  auto reused = noisy_detector(14), fresh = noisy_detector(14);
  reused->detect(test_frame(1920, 1080, 30), 1.0);
  Frame narrower = test_frame(1906, 1074, 31);  // 953 x 537 model px, padded to 960 x 544 as well
  expect_same(reused->detect(narrower, 1.0), fresh->detect(narrower, 1.0));
  Frame odd = test_frame(1001, 701, 32);  // no integer factor: through downscale_area
  auto fresh_odd = noisy_detector(14);
  expect_same(reused->detect(odd, 1.0), fresh_odd->detect(odd, 1.0));
}

// The integer-ratio input fill (k x k box average straight into the model input) gives exactly the
// reference average, for the usual 2x and for other factors, with the padding zero.
TEST(ElementDetector, IntegerFillIsTheExactBoxAverage) {
  for (int k : {2, 3}) {
    Frame frame = test_frame(k * 70, k * 45, uint64_t(40 + k));
    for (size_t i = 0; i < frame.pixels.size(); i += 3) frame.pixels[i] = uint8_t(i * 7);  // some noise
    const Size input{70, 45};
    const int pw = detector_padded(input.width), ph = detector_padded(input.height);
    std::vector<float> out(size_t(3) * pw * ph, 123.0f);
    detector_fill_input_scaled(frame, input, pw, ph, out.data());
    const float scale = 1.0f / (255.0f * float(k * k));
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < ph; ++y)
        for (int x = 0; x < pw; ++x) {
          float expected = 0.0f;
          if (x < input.width && y < input.height) {
            uint32_t sum = 0;
            for (int dy = 0; dy < k; ++dy)
              for (int dx = 0; dx < k; ++dx) sum += frame.row(y * k + dy)[(x * k + dx) * 3 + c];
            expected = float(sum) * scale - 0.5f;
          }
          ASSERT_EQ(out[(size_t(c) * ph + y) * pw + x], expected) << "k " << k << " c " << c << " at " << x << "," << y;
        }
  }
}

TEST(ElementDetector, ChangedRegions) {
  Frame a = test_frame(640, 480, 3);
  std::vector<uint8_t> previous(a.pixels.begin(), a.pixels.end());  // stride == width * 3
  EXPECT_TRUE(detector_changed_regions(a, previous.data(), 16, 2, 1000).empty());
  Frame b = a;
  draw_box(b, {40, 50, 30, 12}, {200, 10, 10});
  draw_box(b, {500, 400, 20, 20}, {10, 200, 10});
  auto regions = detector_changed_regions(b, previous.data(), 16, 2, 1000);
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_TRUE(regions[0].contains(Rect{40, 50, 30, 12})) << regions[0].to_string();
  EXPECT_TRUE(regions[1].contains(Rect{500, 400, 20, 20})) << regions[1].to_string();
  EXPECT_LE(regions[0].width * regions[0].height, 64 * 32);
  // Too many changed tiles: the whole frame.
  Frame c = test_frame(640, 480, 4);
  auto all = detector_changed_regions(c, previous.data(), 16, 2, 50);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], c.bounds());
}

TEST(ElementDetector, SmallChangeRunsIncrementallyAndAgreesWithAFullPass) {
  auto incremental = noisy_detector(7), full = noisy_detector(7);
  full->set_incremental(false);
  incremental->set_content_regions(false);  // a full first pass: the reference for "far" elements
  Frame frame = test_frame(1920, 1080, 12);
  // Fewer elements than max_elements, so the cap does not couple far-apart elements (an untrained
  // net scores everything near its 0.1 prior: find a threshold that keeps some tens to hundreds).
  double threshold = 0.09;
  for (; threshold < 0.2; threshold += 0.0005) {
    full->set_decoding(threshold, 0.6);
    if (full->detect(frame, 1.0).size() < 400) break;
  }
  incremental->set_decoding(threshold, 0.6);
  auto before = incremental->detect(frame, 1.0);
  EXPECT_EQ(incremental->last_stats().mode, DetectStats::kFull);
  ASSERT_LT(int(before.size()), incremental->config().max_elements / 2);
  // Typing into a field: a small region changes.
  const Rect change{700, 500, 180, 24};
  draw_box(frame, change, {250, 250, 250});
  for (int x = change.x + 6; x < change.x + 90; x += 7) draw_box(frame, {x, change.y + 6, 5, 12}, {30, 30, 30});
  auto after = incremental->detect(frame, 1.0);
  const DetectStats& stats = incremental->last_stats();
  EXPECT_EQ(stats.mode, DetectStats::kIncremental);
  EXPECT_EQ(stats.regions, 1);
  EXPECT_LT(stats.network_pixels * 8, stats.padded_pixels);
  EXPECT_EQ(incremental->incremental_runs(), 1);
  auto reference = full->detect(frame, 1.0);
  EXPECT_EQ(full->last_stats().mode, DetectStats::kFull);
  ASSERT_FALSE(reference.empty());
  // The same elements as a full pass, within tolerance (the receptive field is wider than the margin).
  EXPECT_GE(matched_share(after, reference), 0.95);
  EXPECT_GE(matched_share(reference, after), 0.95);
  // Away from the change, exactly the previous elements.
  const Rect near{change.x - 2 * 2 * kDetectorContextMargin, change.y - 2 * 2 * kDetectorContextMargin,
                  change.width + 4 * 2 * kDetectorContextMargin, change.height + 4 * 2 * kDetectorContextMargin};
  auto far = [&](const std::vector<UiElement>& v) {
    std::vector<UiElement> out;
    for (const auto& e : v)
      if (e.rect.intersect(near).empty()) out.push_back(e);
    return out;
  };
  expect_same(far(before), far(after));
  // The same frame again: the cache.
  incremental->detect(frame, 1.0);
  EXPECT_EQ(incremental->last_stats().mode, DetectStats::kCacheHit);
  // A large change: a full pass.
  Frame other = test_frame(1920, 1080, 13);
  incremental->detect(other, 1.0);
  EXPECT_EQ(incremental->last_stats().mode, DetectStats::kFull);
}

TEST(ElementDetector, ChangeAtTheFrameEdgeAndNonIntegerRatio) {
  auto detector = noisy_detector(8);
  Frame frame = test_frame(1366, 768, 21);  // 683 x 384 model px: right/bottom padding
  detector->detect(frame, 1.0);
  draw_box(frame, {1330, 740, 36, 28}, {0, 0, 255});
  auto found = detector->detect(frame, 1.0);
  EXPECT_EQ(detector->last_stats().mode, DetectStats::kIncremental);
  for (const auto& e : found) EXPECT_TRUE(frame.bounds().contains(e.rect)) << e.rect.to_string();
  Frame odd = test_frame(1001, 701, 22);  // 1001 / 500.5: no integer factor, always full passes
  detector->detect(odd, 1.0);
  draw_box(odd, {10, 10, 20, 20}, {0, 255, 0});
  detector->detect(odd, 1.0);
  EXPECT_EQ(detector->last_stats().mode, DetectStats::kFull);
}

// A flat desktop (one colour) with a "window" of boxes in one part of it.
Frame desktop_with_window(int width, int height, const Rect& window, uint64_t seed) {
  Frame frame(width, height);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) frame.set(x, y, {70, 110, 150});
  Frame content = test_frame(window.width, window.height, seed);
  for (int y = 0; y < window.height; ++y)
    for (int x = 0; x < window.width; ++x) frame.set(window.x + x, window.y + y, content.at(x, y));
  draw_box(frame, {window.x, window.y, window.width, 2}, {40, 40, 40});  // a title bar edge
  return frame;
}

std::vector<UiElement> inside(const std::vector<UiElement>& v, const Rect& r) {
  std::vector<UiElement> out;
  for (const auto& e : v)
    if (r.contains(e.rect)) out.push_back(e);
  return out;
}

TEST(ElementDetector, FirstFrameRunsOverTheContentOnly) {
  auto content = noisy_detector(9), full = noisy_detector(9);
  full->set_content_regions(false);
  const Rect window{640, 300, 520, 400};
  Frame frame = desktop_with_window(1920, 1080, window, 31);
  auto a = content->detect(frame, 1.0);
  const DetectStats& stats = content->last_stats();
  EXPECT_EQ(stats.mode, DetectStats::kContent);
  EXPECT_EQ(stats.regions, 1);
  EXPECT_LT(stats.network_pixels * 3, stats.padded_pixels);
  EXPECT_EQ(content->content_runs(), 1);
  auto b = full->detect(frame, 1.0);
  EXPECT_EQ(full->last_stats().mode, DetectStats::kFull);
  // The untrained network "finds" elements on flat areas too; inside the window, the same elements
  // as a full pass within tolerance (64 model px of context, the receptive field is wider).
  const Rect core = window.inset(16);
  ASSERT_GE(inside(b, core).size(), 5u);
  EXPECT_GE(matched_share(inside(b, core), a), 0.9);
  EXPECT_GE(matched_share(inside(a, core), b), 0.9);
  // Nothing far from the window.
  const Rect near{window.x - 96, window.y - 96, window.width + 192, window.height + 192};
  for (const auto& e : a) EXPECT_FALSE(e.rect.intersect(near).empty()) << e.rect.to_string();
}

TEST(ElementDetector, FlatAndBusyFirstFrames) {
  auto detector = noisy_detector(10);
  Frame flat(1280, 720);
  for (int y = 0; y < 720; ++y)
    for (int x = 0; x < 1280; ++x) flat.set(x, y, {200, 200, 210});
  EXPECT_TRUE(detector->detect(flat, 1.0).empty());
  EXPECT_EQ(detector->last_stats().mode, DetectStats::kContent);
  EXPECT_EQ(detector->last_stats().network_pixels, 0);
  // Noise everywhere: a full pass, as with content regions off.
  Frame busy(1280, 720);
  Rng rng(4);
  for (int y = 0; y < 720; ++y)
    for (int x = 0; x < 1280; ++x) busy.set(x, y, {uint8_t(rng.uniform_int(0, 255)), 128, 128});
  auto a = detector->detect(busy, 2.0);  // a new scale: a first frame again
  EXPECT_EQ(detector->last_stats().mode, DetectStats::kFull);
  auto reference = noisy_detector(10);
  reference->set_content_regions(false);
  expect_same(a, reference->detect(busy, 2.0));
}

TEST(ElementDetector, ChangeAfterAContentFirstFrameSeesItsWholeContext) {
  // A popup opens on the flat desktop, away from the window: the incremental crop's context was
  // never filled by the content pass and must come from the frame, as after a full first pass.
  const Rect window{100, 100, 400, 300};
  Frame frame = desktop_with_window(1920, 1080, window, 32);
  auto after_content = noisy_detector(11), after_full = noisy_detector(11);
  after_full->set_content_regions(false);
  // Fewer elements than max_elements on the final frame (else the cap drops some of the popup's).
  Frame with_popup = frame;
  const Rect popup{1200, 600, 240, 160};
  Frame popup_content = test_frame(popup.width, popup.height, 33);
  for (int y = 0; y < popup.height; ++y)
    for (int x = 0; x < popup.width; ++x) with_popup.set(popup.x + x, popup.y + y, popup_content.at(x, y));
  double threshold = 0.09;
  for (; threshold < 0.2; threshold += 0.0005) {
    after_full->set_decoding(threshold, 0.6);
    if (after_full->detect(with_popup, 1.0).size() < 400) break;
  }
  after_full->set_decoding(threshold, 0.6);  // clears the cache: a first frame again
  after_content->set_decoding(threshold, 0.6);
  after_content->detect(frame, 1.0);
  EXPECT_EQ(after_content->last_stats().mode, DetectStats::kContent);
  after_full->detect(frame, 1.0);
  auto a = after_content->detect(with_popup, 1.0);
  EXPECT_EQ(after_content->last_stats().mode, DetectStats::kIncremental);
  auto b = after_full->detect(with_popup, 1.0);
  EXPECT_EQ(after_full->last_stats().mode, DetectStats::kIncremental);
  // The same crop over the same pixels: the same outputs over the popup.
  ASSERT_FALSE(inside(b, popup).empty());
  expect_same(inside(a, popup), inside(b, popup));
}

}  // namespace
}  // namespace hemu
