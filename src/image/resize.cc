#include "image/resize.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "core/check.h"

namespace hemu {
namespace {

// Exact box weights along one axis for shrinking `source` pixels to `target`.
// Measured in units of 1/target source pixels, source pixel i covers [i*target, (i+1)*target) and
// output pixel o covers [o*source, (o+1)*source): every overlap is an integer. All overlaps are
// multiples of gcd(source, target), so dividing by it keeps the weights small; for an integer
// ratio k every weight becomes 1 and each output sums k whole pixels.
struct AxisWeights {
  std::vector<int> first;        // (target,) first source pixel of each output pixel
  std::vector<int> offset;       // (target + 1,) start of each output's weights in `weight`
  std::vector<uint32_t> weight;  // overlap of each contributing source pixel
  uint32_t total = 0;            // sum of the weights of any one output pixel
};

AxisWeights make_axis_weights(int source, int target) {
  AxisWeights axis;
  const int64_t g = std::gcd(source, target);
  axis.total = uint32_t(source / g);
  axis.first.resize(size_t(target));
  axis.offset.resize(size_t(target) + 1);
  for (int o = 0; o < target; ++o) {
    const int64_t begin = int64_t(o) * source, end = begin + source;
    const int first = int(begin / target);
    axis.first[size_t(o)] = first;
    axis.offset[size_t(o)] = int(axis.weight.size());
    for (int i = first; int64_t(i) * target < end; ++i) {
      const int64_t overlap = std::min(end, int64_t(i + 1) * target) - std::max(begin, int64_t(i) * target);
      axis.weight.push_back(uint32_t(overlap / g));
    }
  }
  axis.offset[size_t(target)] = int(axis.weight.size());
  return axis;
}

// sums[i] += in[i] * weight over one row. Written as fixed blocks of 16 with non-aliasing
// pointers (__restrict, a GCC/Clang extension) because that is the shape GCC vectorises at -O2;
// the plain loop stays scalar and made this pass about twice as slow. Integer ratios (weight 1)
// skip the multiply.
void accumulate_row(uint32_t* __restrict sums, const uint8_t* __restrict in, size_t n, uint32_t weight) {
  constexpr size_t kBlock = 16;
  size_t i = 0;
  if (weight == 1) {
    for (; i + kBlock <= n; i += kBlock) {
      for (size_t j = 0; j < kBlock; ++j) sums[i + j] += in[i + j];
    }
  } else {
    for (; i + kBlock <= n; i += kBlock) {
      for (size_t j = 0; j < kBlock; ++j) sums[i + j] += in[i + j] * weight;
    }
  }
  for (; i < n; ++i) sums[i] += in[i] * weight;
}

Frame same_metadata(const Frame& src, int width, int height) {
  Frame out(width, height);
  out.capture_time_us = src.capture_time_us;
  return out;
}

}  // namespace

Frame downscale_area(const Frame& src, int width, int height) {
  HEMU_CHECK(width > 0 && height > 0 && width <= src.width && height <= src.height)
      << "downscale_area " << src.width << "x" << src.height << " -> " << width << "x" << height
      << " (use resize_bilinear to enlarge)";
  const AxisWeights xs = make_axis_weights(src.width, width);
  const AxisWeights ys = make_axis_weights(src.height, height);
  const uint64_t denominator = uint64_t(xs.total) * ys.total;
  Frame out = same_metadata(src, width, height);

  // Vertical pass into a row of sums, then a horizontal pass over it. The vertical pass touches
  // every source byte, so it is the one kept vectorisable (see accumulate_row); the horizontal
  // pass only sees src.width * 3 sums per output row.
  const size_t row_bytes = size_t(src.width) * 3;
  std::vector<uint32_t> column_sums(row_bytes);  // (src.width * 3,) weighted sums of source rows
  for (int oy = 0; oy < height; ++oy) {
    std::fill(column_sums.begin(), column_sums.end(), 0);
    for (int k = ys.offset[size_t(oy)]; k < ys.offset[size_t(oy) + 1]; ++k) {
      const uint8_t* in = src.row(ys.first[size_t(oy)] + k - ys.offset[size_t(oy)]);
      accumulate_row(column_sums.data(), in, row_bytes, ys.weight[size_t(k)]);
    }
    uint8_t* o = out.row(oy);
    for (int ox = 0; ox < width; ++ox, o += 3) {
      const uint32_t* sums = column_sums.data() + size_t(xs.first[size_t(ox)]) * 3;
      uint64_t r = 0, g = 0, b = 0;
      for (int k = xs.offset[size_t(ox)]; k < xs.offset[size_t(ox) + 1]; ++k, sums += 3) {
        const uint64_t w = xs.weight[size_t(k)];
        r += w * sums[0], g += w * sums[1], b += w * sums[2];
      }
      o[0] = uint8_t((r + denominator / 2) / denominator);
      o[1] = uint8_t((g + denominator / 2) / denominator);
      o[2] = uint8_t((b + denominator / 2) / denominator);
    }
  }
  return out;
}

Frame resize_bilinear(const Frame& src, int width, int height) {
  HEMU_CHECK(width > 0 && height > 0) << "resize_bilinear to " << width << "x" << height;
  constexpr int kFractionBits = 8;
  constexpr int kOne = 1 << kFractionBits;
  // Source sample position of each output pixel centre: (o + 0.5) * source / target - 0.5,
  // clamped to the image; stored as a left index and an 8-bit fraction towards the right one.
  struct Tap {
    int low, high, fraction;
  };
  auto taps = [](int source, int target) {
    std::vector<Tap> result(static_cast<size_t>(target));
    for (int o = 0; o < target; ++o) {
      const double position =
          std::clamp((o + 0.5) * source / target - 0.5, 0.0, double(source - 1));
      const int low = int(position);
      result[size_t(o)] = {low, std::min(low + 1, source - 1),
                           int((position - low) * kOne + 0.5)};
    }
    return result;
  };
  const std::vector<Tap> xs = taps(src.width, width), ys = taps(src.height, height);
  Frame out = same_metadata(src, width, height);
  for (int oy = 0; oy < height; ++oy) {
    const Tap& ty = ys[size_t(oy)];
    const uint8_t* top = src.row(ty.low);
    const uint8_t* bottom = src.row(ty.high);
    uint8_t* o = out.row(oy);
    for (int ox = 0; ox < width; ++ox) {
      const Tap& tx = xs[size_t(ox)];
      for (int c = 0; c < 3; ++c) {
        const int upper = top[tx.low * 3 + c] * (kOne - tx.fraction) + top[tx.high * 3 + c] * tx.fraction;
        const int lower =
            bottom[tx.low * 3 + c] * (kOne - tx.fraction) + bottom[tx.high * 3 + c] * tx.fraction;
        const int value = upper * (kOne - ty.fraction) + lower * ty.fraction;
        *o++ = uint8_t((value + (1 << (2 * kFractionBits - 1))) >> (2 * kFractionBits));
      }
    }
  }
  return out;
}

Frame crop(const Frame& src, const Rect& rect) {
  HEMU_CHECK(!rect.empty() && src.bounds().contains(rect))
      << "crop " << rect.to_string() << " outside frame " << src.width << "x" << src.height;
  Frame out = same_metadata(src, rect.width, rect.height);
  for (int y = 0; y < rect.height; ++y) {
    std::memcpy(out.row(y), src.row(rect.y + y) + size_t(rect.x) * 3, size_t(rect.width) * 3);
  }
  return out;
}

Frame tile_strip(const std::vector<Frame>& frames, int columns, int tile_width, int gap_px) {
  HEMU_CHECK(!frames.empty() && columns > 0 && tile_width > 0 && gap_px >= 0)
      << "tile_strip of " << frames.size() << " frames, " << columns << " columns, tile width "
      << tile_width << ", gap " << gap_px;
  const int count = int(frames.size());
  const int used_columns = std::min(columns, count);
  const int rows = (count + columns - 1) / columns;

  std::vector<Frame> tiles;
  tiles.reserve(frames.size());
  for (const Frame& frame : frames) {
    const int tile_height = std::max(1, int((int64_t(tile_width) * frame.height + frame.width / 2) / frame.width));
    const bool shrinking = tile_width <= frame.width && tile_height <= frame.height;
    tiles.push_back(shrinking ? downscale_area(frame, tile_width, tile_height)
                              : resize_bilinear(frame, tile_width, tile_height));
  }
  std::vector<int> row_height(size_t(rows), 0);
  for (int i = 0; i < count; ++i) {
    row_height[size_t(i / columns)] = std::max(row_height[size_t(i / columns)], tiles[size_t(i)].height);
  }

  const int sheet_width = used_columns * tile_width + (used_columns + 1) * gap_px;
  const int sheet_height = std::accumulate(row_height.begin(), row_height.end(), 0) + (rows + 1) * gap_px;
  Frame sheet(sheet_width, sheet_height);
  for (int y = 0; y < sheet_height; ++y) {
    for (int x = 0; x < sheet_width; ++x) sheet.set(x, y, kTileStripBackground);
  }
  int top = gap_px;
  for (int i = 0; i < count; ++i) {
    const int column = i % columns;
    if (i > 0 && column == 0) top += row_height[size_t(i / columns - 1)] + gap_px;
    const Frame& tile = tiles[size_t(i)];
    const int left = gap_px + column * (tile_width + gap_px);
    for (int y = 0; y < tile.height; ++y) {
      std::memcpy(sheet.row(top + y) + size_t(left) * 3, tile.row(y), size_t(tile.width) * 3);
    }
  }
  sheet.capture_time_us = frames.back().capture_time_us;
  return sheet;
}

}  // namespace hemu
