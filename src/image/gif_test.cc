#include "image/gif.h"

#include <gif_lib.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "image/test_frames.h"

namespace hemu {
namespace {

using testing::fill_rect;
using testing::TestRandom;

std::string temp_file(const std::string& name) {
  return ::testing::TempDir() + "hemu_gif_test_" + std::to_string(::getpid()) + "_" + name;
}

Frame flat_frame(int width, int height, int variant) {
  Frame frame(width, height);
  fill_rect(frame, frame.bounds(), {240, 240, 240});
  fill_rect(frame, {0, 0, width, 8}, {20, 40, 120});
  fill_rect(frame, {4 + variant * 3, 12, 10, 6}, {201, 33, 7});
  fill_rect(frame, {width / 2, height / 2, 5, 5}, {241, 241, 241});  // 1 level from the background
  return frame;
}

// Decodes every frame with giflib and composites it like a viewer would (disposal "do not
// dispose", transparency honoured). Returns the canvas after each frame.
std::vector<Frame> decode_gif(const std::string& path) {
  int error = 0;
  GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
  EXPECT_NE(gif, nullptr) << GifErrorString(error);
  if (gif == nullptr) return {};
  EXPECT_EQ(DGifSlurp(gif), GIF_OK) << GifErrorString(gif->Error);
  std::vector<Frame> canvases;
  Frame canvas(gif->SWidth, gif->SHeight);
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& image = gif->SavedImages[i];
    GraphicsControlBlock control{};
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    DGifSavedExtensionToGCB(gif, i, &control);
    const ColorMapObject* map = image.ImageDesc.ColorMap ? image.ImageDesc.ColorMap : gif->SColorMap;
    EXPECT_NE(map, nullptr);
    const GifImageDesc& desc = image.ImageDesc;
    for (int y = 0; y < desc.Height; ++y) {
      for (int x = 0; x < desc.Width; ++x) {
        const int index = image.RasterBits[y * desc.Width + x];
        if (index == control.TransparentColor) continue;
        const GifColorType c = map->Colors[index];
        canvas.set(desc.Left + x, desc.Top + y, {c.Red, c.Green, c.Blue});
      }
    }
    canvases.push_back(canvas);
  }
  DGifCloseFile(gif, &error);
  return canvases;
}

void expect_same_pixels(const Frame& expected, const Frame& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (int y = 0; y < expected.height; ++y) {
    for (int x = 0; x < expected.width; ++x) {
      ASSERT_EQ(expected.at(x, y), actual.at(x, y)) << "at " << x << "," << y;
    }
  }
}

TEST(GifWriterTest, ThreeFramesAreInspectableAndExact) {
  const std::string path = temp_file("three.gif");
  std::vector<Frame> frames = {flat_frame(64, 48, 0), flat_frame(64, 48, 1), flat_frame(64, 48, 2)};
  {
    auto writer = GifWriter::open(path, 64, 48);
    ASSERT_TRUE(writer.ok()) << writer.status().to_string();
    for (const Frame& frame : frames) ASSERT_TRUE((*writer)->add_frame(frame, /*delay_ms=*/100).ok());
    EXPECT_FALSE(std::filesystem::exists(path)) << "the final path appears only on close";
    ASSERT_TRUE((*writer)->close().ok());
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  Result<GifInfo> info = gif_inspect(path);
  ASSERT_TRUE(info.ok()) << info.status().to_string();
  EXPECT_EQ(info->frame_count, 3);
  EXPECT_EQ(info->width, 64);
  EXPECT_EQ(info->height, 48);
  EXPECT_EQ(info->duration_ms, 300);

  const std::vector<Frame> decoded = decode_gif(path);
  ASSERT_EQ(decoded.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE("frame " + std::to_string(i));
    expect_same_pixels(frames[i], decoded[i]);
  }
  std::filesystem::remove(path);
}

TEST(GifWriterTest, UnchangedAndManyColourFramesDecodeCorrectly) {
  const std::string path = temp_file("mixed.gif");
  Frame ramp(64, 64);
  for (int y = 0; y < 64; ++y) {
    for (int x = 0; x < 64; ++x) ramp.set(x, y, {uint8_t(x * 4), uint8_t(y * 4), uint8_t(128)});
  }
  fill_rect(ramp, {0, 0, 64, 4}, {240, 240, 240});
  auto writer = GifWriter::open(path, 64, 64, /*loop_count=*/3);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->add_frame(ramp, 40).ok());
  ASSERT_TRUE((*writer)->add_frame(ramp, 40).ok());  // unchanged: one transparent pixel
  Frame changed = ramp;
  fill_rect(changed, {30, 30, 3, 2}, {0, 0, 0});
  ASSERT_TRUE((*writer)->add_frame(changed, 40).ok());
  ASSERT_TRUE((*writer)->close().ok());

  const std::vector<Frame> decoded = decode_gif(path);
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(frame_hash(decoded[0]), frame_hash(decoded[1]));
  EXPECT_EQ(decoded[2].at(31, 31), (Rgb{0, 0, 0}));
  EXPECT_EQ(decoded[2].at(10, 1), (Rgb{240, 240, 240}));  // flat colours stay exact
  int worst = 0;
  for (int y = 0; y < 64; ++y) {
    for (int x = 0; x < 64; ++x) {
      const Rgb a = decoded[2].at(x, y), b = changed.at(x, y);
      worst = std::max({worst, std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
    }
  }
  EXPECT_LE(worst, 16);
  std::filesystem::remove(path);
}

TEST(GifWriterTest, RejectsBadArguments) {
  EXPECT_EQ(GifWriter::open(temp_file("bad.gif"), 0, 10).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(GifWriter::open(temp_file("bad.gif"), 10, 10, -1).status().code(),
            ErrorCode::kInvalidArgument);
  const std::string path = temp_file("size.gif");
  auto writer = GifWriter::open(path, 16, 16);
  ASSERT_TRUE(writer.ok());
  Status status = (*writer)->add_frame(Frame(16, 17), 100);
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.message().find("16x17"), std::string::npos) << status.message();
  EXPECT_EQ((*writer)->add_frame(Frame(16, 16), -5).code(), ErrorCode::kInvalidArgument);
  // A rejected frame does not break the writer.
  ASSERT_TRUE((*writer)->add_frame(Frame(16, 16), 100).ok());
  ASSERT_TRUE((*writer)->close().ok());
  EXPECT_EQ(gif_inspect(path)->frame_count, 1);
  std::filesystem::remove(path);
}

TEST(GifWriterTest, CloseWithoutFramesWritesNothing) {
  const std::string path = temp_file("empty.gif");
  auto writer = GifWriter::open(path, 8, 8);
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ((*writer)->close().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(GifWriterTest, DestructorCloses) {
  const std::string path = temp_file("destructor.gif");
  {
    auto writer = GifWriter::open(path, 8, 8);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->add_frame(Frame(8, 8), 100).ok());
  }
  EXPECT_EQ(gif_inspect(path)->frame_count, 1);
  std::filesystem::remove(path);
}

TEST(GifWriterTest, OpenInMissingDirectoryFails) {
  const std::string path = temp_file("no_such_dir") + "/episode.gif";
  auto writer = GifWriter::open(path, 8, 8);
  EXPECT_EQ(writer.status().code(), ErrorCode::kIo);
  EXPECT_NE(writer.status().message().find(path), std::string::npos) << writer.status().message();
}

TEST(GifInspectTest, MissingAndCorruptFiles) {
  const std::string missing = temp_file("missing.gif");
  Result<GifInfo> info = gif_inspect(missing);
  EXPECT_EQ(info.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(info.status().message().find(missing), std::string::npos) << info.status().message();

  const std::string garbage = temp_file("garbage.gif");
  FILE* file = std::fopen(garbage.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fputs("this is not a gif at all", file);
  std::fclose(file);
  EXPECT_EQ(gif_inspect(garbage).status().code(), ErrorCode::kCorrupt);

  // A recording cut short (e.g. copied while being written) is corrupt, not a crash.
  const std::string good = temp_file("good.gif");
  {
    auto writer = GifWriter::open(good, 32, 32);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->add_frame(flat_frame(32, 32, 0), 100).ok());
    ASSERT_TRUE((*writer)->add_frame(flat_frame(32, 32, 1), 100).ok());
  }
  std::filesystem::resize_file(good, std::filesystem::file_size(good) - 10);
  EXPECT_EQ(gif_inspect(good).status().code(), ErrorCode::kCorrupt);
  std::filesystem::remove(garbage);
  std::filesystem::remove(good);
}

// Timing of the worst case: every pixel of a 640x480 UI-like frame changes every frame.
TEST(GifWriterTest, FullFrame640x480IsFast) {
  constexpr int kWidth = 640, kHeight = 480, kFrames = 9;
  TestRandom rng(/*seed=*/42);
  std::vector<Frame> frames;
  for (int i = 0; i < kFrames; ++i) {
    Frame frame(kWidth, kHeight);
    const Rgb background{uint8_t(230 + i), 235, 240};
    fill_rect(frame, frame.bounds(), background);
    fill_rect(frame, {0, 0, kWidth, 30}, {40, 44, 52});
    // Antialiased "text": short ramps from background to near-black.
    for (int line = 0; line < 30; ++line) {
      for (int x = 20; x < 600; x += 7) {
        const int y = 50 + line * 14;
        for (int k = 0; k < 5; ++k) {
          const int t = rng.uniform_int(0, 255);
          frame.set(x + k, y + rng.uniform_int(0, 9),
                    {uint8_t(background.r * t / 255), uint8_t(background.g * t / 255), uint8_t(background.b * t / 255)});
        }
      }
    }
    frames.push_back(std::move(frame));
  }
  const std::string path = temp_file("speed.gif");
  auto writer = GifWriter::open(path, kWidth, kHeight);
  ASSERT_TRUE(writer.ok());
  std::vector<double> ms;
  for (const Frame& frame : frames) {
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE((*writer)->add_frame(frame, 100).ok());
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  ASSERT_TRUE((*writer)->close().ok());
  std::sort(ms.begin(), ms.end());
  std::printf("[ timing ] GIF add_frame 640x480 full change: median %.2f ms, file %ju bytes\n",
              ms[ms.size() / 2], uintmax_t(std::filesystem::file_size(path)));
  EXPECT_LT(ms[ms.size() / 2], 100.0);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace hemu
