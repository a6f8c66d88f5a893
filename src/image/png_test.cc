#include "image/png.h"

#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <filesystem>

#include "image/test_frames.h"

namespace hemu {
namespace {

using testing::random_frame;
using testing::TestRandom;

void expect_same_pixels(const Frame& a, const Frame& b) {
  ASSERT_EQ(a.width, b.width);
  ASSERT_EQ(a.height, b.height);
  EXPECT_EQ(frame_hash(a), frame_hash(b));
}

std::string temp_file(const std::string& name) {
  return ::testing::TempDir() + "hemu_png_test_" + std::to_string(::getpid()) + "_" + name;
}

// Encodes `samples` in another PNG colour type with libpng's simplified API.
std::vector<uint8_t> encode_with_format(int width, int height, png_uint_32 format, const void* samples,
                                        const void* colormap = nullptr, int colormap_entries = 0) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = png_uint_32(width);
  image.height = png_uint_32(height);
  image.format = format;
  image.colormap_entries = png_uint_32(colormap_entries);
  png_alloc_size_t size = 0;
  EXPECT_TRUE(png_image_write_get_memory_size(image, size, 0, samples, 0, colormap)) << image.message;
  std::vector<uint8_t> bytes(size);
  EXPECT_TRUE(png_image_write_to_memory(&image, bytes.data(), &size, 0, samples, 0, colormap))
      << image.message;
  bytes.resize(size);
  return bytes;
}

// Encodes with libpng's full API, for layouts png_encode never produces (bit depths below 8,
// Adam7 interlacing). libpng's default error handler aborts, which is fine in a test.
std::vector<uint8_t> encode_raw(int width, int height, int bit_depth, int color_type, bool interlaced,
                                std::vector<std::vector<uint8_t>> rows) {
  std::vector<uint8_t> bytes;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_set_write_fn(
      png, &bytes,
      [](png_structp p, png_bytep data, size_t length) {
        auto* out = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(p));
        out->insert(out->end(), data, data + length);
      },
      nullptr);
  png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), bit_depth, color_type,
               interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  std::vector<png_bytep> pointers;
  for (auto& row : rows) pointers.push_back(row.data());
  png_write_image(png, pointers.data());  // runs the interlace passes itself
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return bytes;
}

// CRC-32 as PNG chunks use it (bitwise; zlib is not linked into the test directly).
uint32_t chunk_crc(const uint8_t* data, size_t length) {
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < length; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

TEST(PngTest, RoundTripIsExactForOddSizes) {
  for (auto [width, height] : {std::pair{1, 1}, {3, 7}, {7, 3}, {64, 1}, {1, 64}, {97, 61}}) {
    SCOPED_TRACE(std::to_string(width) + "x" + std::to_string(height));
    const Frame frame = random_frame(width, height, /*seed=*/uint64_t(width * 1000 + height));
    Result<std::vector<uint8_t>> bytes = png_encode(frame);
    ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
    Result<Frame> decoded = png_decode(*bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status().to_string();
    expect_same_pixels(frame, *decoded);
    EXPECT_EQ(decoded->stride_bytes, width * 3);
  }
}

TEST(PngTest, RoundTripSkipsStridePadding) {
  const Frame frame = random_frame(13, 5, /*seed=*/7, /*stride_padding=*/5);
  Result<std::vector<uint8_t>> bytes = png_encode(frame);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  Result<Frame> decoded = png_decode(*bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().to_string();
  expect_same_pixels(frame, *decoded);
}

TEST(PngTest, EveryCompressionLevelRoundTrips) {
  const Frame frame = random_frame(31, 17, /*seed=*/3);
  for (int level = 0; level <= 9; ++level) {
    Result<std::vector<uint8_t>> bytes = png_encode(frame, level);
    ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
    Result<Frame> decoded = png_decode(*bytes);
    ASSERT_TRUE(decoded.ok());
    expect_same_pixels(frame, *decoded);
  }
  EXPECT_EQ(png_encode(frame, 10).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(png_encode(frame, -1).status().code(), ErrorCode::kInvalidArgument);
}

TEST(PngTest, DecodesGrayAsReplicatedRgb) {
  const uint8_t gray[6] = {0, 50, 100, 150, 200, 255};
  Result<Frame> frame = png_decode(encode_with_format(3, 2, PNG_FORMAT_GRAY, gray));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  EXPECT_EQ(frame->at(1, 0), (Rgb{50, 50, 50}));
  EXPECT_EQ(frame->at(2, 1), (Rgb{255, 255, 255}));
}

TEST(PngTest, DropsAlphaWithoutCompositing) {
  const uint8_t rgba[8] = {10, 20, 30, 0, 200, 100, 50, 128};
  Result<Frame> frame = png_decode(encode_with_format(2, 1, PNG_FORMAT_RGBA, rgba));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  EXPECT_EQ(frame->at(0, 0), (Rgb{10, 20, 30}));
  EXPECT_EQ(frame->at(1, 0), (Rgb{200, 100, 50}));

  const uint8_t gray_alpha[4] = {70, 255, 90, 0};
  frame = png_decode(encode_with_format(2, 1, PNG_FORMAT_GA, gray_alpha));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  EXPECT_EQ(frame->at(1, 0), (Rgb{90, 90, 90}));
}

TEST(PngTest, ScalesSixteenBitSamplesToEightBits) {
  // v * 257 maps 8-bit v onto the full 16-bit range, so scaling back must give v exactly. The
  // simplified API stores linear 16-bit data as is; the decoder applies no gamma.
  const uint16_t rgb[6] = {0, 128 * 257, 255 * 257, 1 * 257, 254 * 257, 77 * 257};
  Result<Frame> frame = png_decode(encode_with_format(2, 1, PNG_FORMAT_LINEAR_RGB, rgb));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  EXPECT_EQ(frame->at(0, 0), (Rgb{0, 128, 255}));
  EXPECT_EQ(frame->at(1, 0), (Rgb{1, 254, 77}));
}

TEST(PngTest, ExpandsPalettes) {
  const uint8_t colormap[9] = {255, 0, 0, 0, 255, 0, 12, 34, 56};
  const uint8_t indices[4] = {0, 1, 2, 1};
  Result<Frame> frame = png_decode(
      encode_with_format(2, 2, PNG_FORMAT_RGB_COLORMAP, indices, colormap, /*colormap_entries=*/3));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  EXPECT_EQ(frame->at(0, 0), (Rgb{255, 0, 0}));
  EXPECT_EQ(frame->at(1, 0), (Rgb{0, 255, 0}));
  EXPECT_EQ(frame->at(0, 1), (Rgb{12, 34, 56}));
}

TEST(PngTest, ExpandsLowBitDepthGray) {
  // 1-bit: 0b10110000 -> white, black, white, white; 4-bit: 0x0F, 0x5A -> 0, 255, 85, 170.
  Result<Frame> frame = png_decode(encode_raw(4, 1, 1, PNG_COLOR_TYPE_GRAY, false, {{0xB0}}));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  EXPECT_EQ(frame->at(0, 0), (Rgb{255, 255, 255}));
  EXPECT_EQ(frame->at(1, 0), (Rgb{0, 0, 0}));
  EXPECT_EQ(frame->at(3, 0), (Rgb{255, 255, 255}));
  frame = png_decode(encode_raw(4, 1, 4, PNG_COLOR_TYPE_GRAY, false, {{0x0F, 0x5A}}));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  EXPECT_EQ(frame->at(1, 0), (Rgb{255, 255, 255}));
  EXPECT_EQ(frame->at(2, 0), (Rgb{85, 85, 85}));
  EXPECT_EQ(frame->at(3, 0), (Rgb{170, 170, 170}));
}

TEST(PngTest, DecodesInterlacedImages) {
  const Frame expected = random_frame(13, 11, /*seed=*/21);
  std::vector<std::vector<uint8_t>> rgb_rows, rgba16_rows;
  for (int y = 0; y < expected.height; ++y) {
    rgb_rows.emplace_back(expected.row(y), expected.row(y) + expected.width * 3);
    std::vector<uint8_t>& row = rgba16_rows.emplace_back();
    for (int x = 0; x < expected.width; ++x) {
      // 16-bit big-endian v * 257 (scales back to v exactly), alpha 0x1234.
      for (int c = 0; c < 3; ++c) row.insert(row.end(), 2, expected.row(y)[x * 3 + c]);
      row.insert(row.end(), {0x12, 0x34});
    }
  }
  Result<Frame> frame = png_decode(encode_raw(13, 11, 8, PNG_COLOR_TYPE_RGB, true, rgb_rows));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  expect_same_pixels(expected, *frame);
  frame = png_decode(encode_raw(13, 11, 16, PNG_COLOR_TYPE_RGB_ALPHA, true, rgba16_rows));
  ASSERT_TRUE(frame.ok()) << frame.status().to_string();
  expect_same_pixels(expected, *frame);
}

TEST(PngTest, RejectsHugeDimensionsBeforeAllocating) {
  // A valid 1-row header claiming 40000 x 1 pixels, and 20000 x 20000 (400M pixels).
  Result<Frame> frame = png_decode(encode_raw(40000, 1, 1, PNG_COLOR_TYPE_GRAY, false, {std::vector<uint8_t>(5000)}));
  EXPECT_EQ(frame.status().code(), ErrorCode::kOutOfRange) << frame.status().to_string();
  std::vector<uint8_t> header = encode_raw(1, 1, 8, PNG_COLOR_TYPE_GRAY, false, {{0}});
  // Patch IHDR's width and height (bytes 16..23) and its CRC (bytes 29..32).
  const uint32_t side = 20000;
  for (int i = 0; i < 4; ++i) header[size_t(16 + i)] = header[size_t(20 + i)] = uint8_t(side >> (24 - 8 * i));
  const uint32_t crc = chunk_crc(header.data() + 12, 17);
  for (int i = 0; i < 4; ++i) header[size_t(29 + i)] = uint8_t(crc >> (24 - 8 * i));
  frame = png_decode(header);
  EXPECT_EQ(frame.status().code(), ErrorCode::kOutOfRange) << frame.status().to_string();
  EXPECT_NE(frame.status().message().find("20000x20000"), std::string::npos) << frame.status().message();
}

TEST(PngTest, RejectsNonPngBytes) {
  Result<Frame> frame = png_decode({});
  EXPECT_EQ(frame.status().code(), ErrorCode::kCorrupt);
  frame = png_decode({'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0});
  EXPECT_EQ(frame.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(frame.status().message().find("signature"), std::string::npos) << frame.status().message();
}

TEST(PngTest, EveryTruncationIsCorrupt) {
  const std::vector<uint8_t> bytes = png_encode(random_frame(20, 10, /*seed=*/11)).value();
  for (size_t length = 0; length < bytes.size(); ++length) {
    Result<Frame> frame = png_decode(std::vector<uint8_t>(bytes.begin(), bytes.begin() + long(length)));
    ASSERT_EQ(frame.status().code(), ErrorCode::kCorrupt) << "truncated to " << length;
  }
  Result<Frame> frame = png_decode(std::vector<uint8_t>(bytes.begin(), bytes.begin() + long(bytes.size() / 2)));
  EXPECT_NE(frame.status().message().find("truncated"), std::string::npos) << frame.status().message();
}

TEST(PngTest, DamagedImageDataIsCorruptWithLibpngMessage) {
  std::vector<uint8_t> bytes = png_encode(random_frame(20, 10, /*seed=*/12)).value();
  bytes[bytes.size() / 2] ^= 0x55;  // inside IDAT: the chunk CRC no longer matches
  Result<Frame> frame = png_decode(bytes);
  ASSERT_EQ(frame.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(frame.status().message().find("IDAT"), std::string::npos) << frame.status().message();
}

TEST(PngTest, RandomByteDamageNeverCrashes) {
  const std::vector<uint8_t> original = png_encode(random_frame(24, 16, /*seed=*/13)).value();
  TestRandom rng(/*seed=*/2024);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<uint8_t> bytes = original;
    const int flips = rng.uniform_int(1, 4);
    for (int i = 0; i < flips; ++i) {
      bytes[size_t(rng.uniform_int(0, int(bytes.size()) - 1))] = rng.byte();
    }
    Result<Frame> frame = png_decode(bytes);
    // Damage to an ancillary byte (or a no-op flip) may still decode; anything else is kCorrupt.
    if (!frame.ok()) {
      ASSERT_EQ(frame.status().code(), ErrorCode::kCorrupt) << frame.status().to_string();
    }
  }
}

TEST(PngTest, WriteThenReadFile) {
  const std::string path = temp_file("write.png");
  const Frame frame = random_frame(40, 30, /*seed=*/5);
  ASSERT_TRUE(png_write(frame, path).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  Result<Frame> read = png_read(path);
  ASSERT_TRUE(read.ok()) << read.status().to_string();
  expect_same_pixels(frame, *read);
  std::filesystem::remove(path);
}

TEST(PngTest, MissingFileNamesThePath) {
  const std::string path = temp_file("does_not_exist.png");
  Result<Frame> frame = png_read(path);
  EXPECT_EQ(frame.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(frame.status().message().find(path), std::string::npos) << frame.status().message();
}

TEST(PngTest, CorruptFileNamesThePath) {
  const std::string path = temp_file("corrupt.png");
  std::vector<uint8_t> bytes = png_encode(random_frame(8, 8, /*seed=*/6)).value();
  bytes.resize(bytes.size() - 20);
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fwrite(bytes.data(), 1, bytes.size(), file);
  std::fclose(file);
  Result<Frame> frame = png_read(path);
  EXPECT_EQ(frame.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(frame.status().message().find(path), std::string::npos) << frame.status().message();
  std::filesystem::remove(path);
}

TEST(PngTest, WriteIntoMissingDirectoryFailsAndNamesThePath) {
  const std::string path = temp_file("no_such_dir") + "/frame.png";
  Status status = png_write(random_frame(2, 2, /*seed=*/1), path);
  EXPECT_EQ(status.code(), ErrorCode::kIo);
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
}

}  // namespace
}  // namespace hemu
