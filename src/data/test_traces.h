// Test-only helpers for the data tests: UI-like frames and small traces. Header-only so that the
// module's library glob (src/data/*.cc) never picks it up.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/frame.h"
#include "data/trace_writer.h"
#include "image/test_frames.h"

namespace hemu::testing {

// A window-like frame: flat background, a few panels, noise in one panel (text-like detail) and a
// 10x10 "cursor" that moves with `step`, so consecutive frames differ in a few tiles.
inline Frame ui_frame(int width, int height, int step) {
  Frame frame = constant_frame(width, height, {236, 238, 241});
  fill_rect(frame, {width / 8, height / 8, width / 2, height / 3}, {255, 255, 255});
  fill_rect(frame, {width / 8, height / 2, width / 4, height / 6}, {40, 90, 200});
  TestRandom random(uint64_t(7 + step / 5));
  for (int y = height / 8 + 4; y < height / 8 + height / 6; ++y)
    for (int x = width / 8 + 4; x < width / 8 + width / 3; ++x)
      if (random.next() % 5 == 0) frame.set(x, y, {20, 20, 20});
  const int cx = (step * 37) % std::max(1, width - 10), cy = (step * 23) % std::max(1, height - 10);
  fill_rect(frame, {cx, cy, std::min(10, width), std::min(10, height)}, {0, 0, 0});
  return frame;
}

inline bool same_pixels(const Frame& a, const Frame& b) {
  if (a.width != b.width || a.height != b.height) return false;
  for (int y = 0; y < a.height; ++y)
    if (std::memcmp(a.row(y), b.row(y), size_t(a.width) * 3) != 0) return false;
  return true;
}

inline TraceMeta test_meta(TraceKind kind = TraceKind::kEpisode) {
  TraceMeta meta;
  meta.kind = kind;
  meta.screen = {64, 48};
  meta.instruction = "Click \"OK\"";
  meta.task = "click_button";
  meta.seed = 3;
  meta.policy = "expert";
  meta.source = "sim:click_button";
  return meta;
}

// A fresh directory under the temp dir, removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("hemu_data_" + std::to_string(::getpid()) + "_" + name)) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string path(const std::string& name = "") const { return name.empty() ? path_.string() : (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
inline void write_bytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
}

}  // namespace hemu::testing
