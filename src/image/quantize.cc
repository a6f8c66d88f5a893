#include "image/quantize.h"

#include <algorithm>
#include <array>

#include "core/check.h"

namespace hemu {
namespace {

constexpr int kHistogramBins = 1 << 15;  // 5 bits per channel
constexpr int kExactSlots = 1024;        // power of two, 4x the colours it may hold
constexpr uint32_t kOccupied = 1u << 24;

inline uint32_t pack_rgb(const uint8_t* p) { return uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]; }

inline uint16_t histogram_key(uint32_t rgb) {
  return uint16_t((rgb >> 9 & 0x7c00) | (rgb >> 6 & 0x03e0) | (rgb >> 3 & 0x001f));
}

inline size_t exact_slot(uint32_t rgb) { return (rgb * 0x9e3779b1u) >> (32 - 10); }

}  // namespace

Quantizer::Quantizer()
    : histogram_(kHistogramBins),
      lut_(kHistogramBins, 0),
      exact_slots_(kExactSlots, 0),
      exact_index_(kExactSlots, 0) {
  static_assert(kExactSlots == 1 << 10, "exact_slot() shifts by 32 - log2(kExactSlots)");
}

void Quantizer::quantize(const Frame& frame, const Rect& region, IndexedImage* out) {
  HEMU_CHECK(!region.empty() && frame.bounds().contains(region))
      << "quantize region " << region.to_string() << " outside frame " << frame.width << "x"
      << frame.height;
  out->width = region.width;
  out->height = region.height;
  out->indices.resize(size_t(region.width) * region.height);
  out->palette.clear();
  if (collect(frame, region)) {
    out->palette = exact_colors_;
    map_exact(frame, region, out);
  } else {
    build_median_cut_palette(out);
    map_through_lut(frame, region, out);
  }
}

bool Quantizer::collect(const Frame& frame, const Rect& region) {
  for (uint16_t key : used_keys_) histogram_[key] = Cell{};
  used_keys_.clear();
  std::fill(exact_slots_.begin(), exact_slots_.end(), 0);
  exact_colors_.clear();
  bool exact = true;

  // UI frames are mostly long runs of one colour, so work is done once per run, not per pixel.
  auto add_run = [&](uint32_t rgb, uint32_t length) {
    Cell& cell = histogram_[histogram_key(rgb)];
    if (cell.count == 0) used_keys_.push_back(histogram_key(rgb));
    cell.count += length;
    cell.sum[0] += uint64_t(rgb >> 16) * length;
    cell.sum[1] += uint64_t(rgb >> 8 & 0xff) * length;
    cell.sum[2] += uint64_t(rgb & 0xff) * length;
    if (exact) exact = exact_insert(rgb);
  };
  uint32_t run_rgb = pack_rgb(frame.row(region.y) + region.x * 3);
  uint32_t run_length = 0;
  for (int y = region.y; y < region.bottom(); ++y) {
    const uint8_t* p = frame.row(y) + region.x * 3;
    for (int x = 0; x < region.width; ++x, p += 3) {
      const uint32_t rgb = pack_rgb(p);
      if (rgb == run_rgb) {
        ++run_length;
        continue;
      }
      add_run(run_rgb, run_length);
      run_rgb = rgb;
      run_length = 1;
    }
  }
  add_run(run_rgb, run_length);
  return exact;
}

bool Quantizer::exact_insert(uint32_t rgb) {
  const uint32_t value = rgb | kOccupied;
  for (size_t i = exact_slot(rgb);; i = (i + 1) & (kExactSlots - 1)) {
    if (exact_slots_[i] == value) return true;
    if (exact_slots_[i] == 0) {
      if (exact_colors_.size() == kMaxPaletteColors) return false;
      exact_slots_[i] = value;
      exact_index_[i] = uint8_t(exact_colors_.size());
      exact_colors_.push_back({uint8_t(rgb >> 16), uint8_t(rgb >> 8), uint8_t(rgb)});
      return true;
    }
  }
}

int Quantizer::exact_find(uint32_t rgb) const {
  const uint32_t value = rgb | kOccupied;
  for (size_t i = exact_slot(rgb);; i = (i + 1) & (kExactSlots - 1)) {
    if (exact_slots_[i] == value) return exact_index_[i];
    HEMU_CHECK(exact_slots_[i] != 0) << "colour " << rgb << " missing from the exact palette";
  }
}

void Quantizer::map_exact(const Frame& frame, const Rect& region, IndexedImage* out) const {
  uint8_t* index = out->indices.data();
  uint32_t last_rgb = pack_rgb(frame.row(region.y) + region.x * 3);
  uint8_t last_index = uint8_t(exact_find(last_rgb));
  for (int y = region.y; y < region.bottom(); ++y) {
    const uint8_t* p = frame.row(y) + region.x * 3;
    for (int x = 0; x < region.width; ++x, p += 3) {
      const uint32_t rgb = pack_rgb(p);
      if (rgb != last_rgb) last_rgb = rgb, last_index = uint8_t(exact_find(rgb));
      *index++ = last_index;
    }
  }
}

Quantizer::Box Quantizer::make_box(int begin, int end) const {
  Box box{begin, end, 0.0, 0, 0, 0};
  if (end - begin < 2) return box;
  // Integer sums are exact: count * 255^2 summed over all pixels stays far below 2^64.
  uint64_t weight = 0;
  std::array<uint64_t, 3> sum{}, sum_squares{};
  std::array<uint8_t, 3> low{255, 255, 255}, high{0, 0, 0};
  for (int i = begin; i < end; ++i) {
    const Bin& bin = bins_[size_t(i)];
    weight += bin.count;
    for (int c = 0; c < 3; ++c) {
      const uint64_t v = bin.rgb[c];
      sum[c] += bin.count * v;
      sum_squares[c] += bin.count * v * v;
      low[c] = std::min(low[c], bin.rgb[c]);
      high[c] = std::max(high[c], bin.rgb[c]);
    }
  }
  double best = -1;
  for (int c = 0; c < 3; ++c) {
    const double error = double(sum_squares[c]) - double(sum[c]) * double(sum[c]) / double(weight);
    box.error += std::max(0.0, error);
    // Only an axis with a spread can be split; distinct bins have distinct means, so one exists.
    if (high[c] > low[c] && error > best) best = error, box.axis = c;
  }
  box.low = low[size_t(box.axis)];
  box.high = high[size_t(box.axis)];
  HEMU_CHECK(box.high > box.low) << "median-cut box of " << end - begin << " identical bins";
  // Never 0 for a box of two or more bins, even if rounding cancelled the error: it can be split.
  box.error = std::max(box.error, 1e-9);
  return box;
}

void Quantizer::build_median_cut_palette(IndexedImage* out) {
  bins_.clear();
  for (uint16_t key : used_keys_) {
    const Cell& cell = histogram_[key];
    const uint64_t n = cell.count;
    bins_.push_back({{uint8_t((cell.sum[0] + n / 2) / n), uint8_t((cell.sum[1] + n / 2) / n),
                      uint8_t((cell.sum[2] + n / 2) / n)},
                     key, cell.count});
  }
  boxes_.clear();
  boxes_.push_back(make_box(0, int(bins_.size())));
  while (boxes_.size() < size_t(kMaxPaletteColors)) {
    auto worst = std::max_element(boxes_.begin(), boxes_.end(),
                                  [](const Box& a, const Box& b) { return a.error < b.error; });
    if (worst->error <= 0) break;  // every box is a single bin
    const Box box = *worst;
    const int axis = box.axis;
    // Weighted median along the axis, from a 256-entry histogram (O(bins), no sort).
    std::array<uint64_t, 256> weight_at{};
    uint64_t total = 0;
    for (int i = box.begin; i < box.end; ++i) {
      weight_at[bins_[size_t(i)].rgb[axis]] += bins_[size_t(i)].count;
      total += bins_[size_t(i)].count;
    }
    int threshold = box.low;
    for (uint64_t below = 0; (below += weight_at[size_t(threshold)]) * 2 < total;) ++threshold;
    // Keep the largest value on the right so that both halves are non-empty.
    threshold = std::min(threshold, box.high - 1);
    const int middle = int(std::partition(bins_.begin() + box.begin, bins_.begin() + box.end,
                                          [&](const Bin& bin) { return bin.rgb[axis] <= threshold; }) -
                           bins_.begin());
    *worst = make_box(box.begin, middle);
    boxes_.push_back(make_box(middle, box.end));
  }

  // Each palette entry is the pixel-weighted mean of the real colours in its box, so a box holding
  // one flat colour reproduces it exactly.
  out->palette.resize(boxes_.size());
  for (size_t b = 0; b < boxes_.size(); ++b) {
    uint64_t n = 0, sum[3] = {0, 0, 0};
    for (int i = boxes_[b].begin; i < boxes_[b].end; ++i) {
      const Cell& cell = histogram_[bins_[size_t(i)].key];
      n += cell.count;
      for (int c = 0; c < 3; ++c) sum[c] += cell.sum[c];
      lut_[bins_[size_t(i)].key] = uint8_t(b);
    }
    out->palette[b] = {uint8_t((sum[0] + n / 2) / n), uint8_t((sum[1] + n / 2) / n),
                       uint8_t((sum[2] + n / 2) / n)};
  }
}

void Quantizer::map_through_lut(const Frame& frame, const Rect& region, IndexedImage* out) const {
  uint8_t* index = out->indices.data();
  for (int y = region.y; y < region.bottom(); ++y) {
    const uint8_t* p = frame.row(y) + region.x * 3;
    for (int x = 0; x < region.width; ++x, p += 3) *index++ = lut_[histogram_key(pack_rgb(p))];
  }
}

}  // namespace hemu
