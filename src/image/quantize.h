// Colour quantisation to a 256-entry palette, tuned for UI screenshots (flat colours plus
// antialiased text), used by the GIF writer.
//
// Strategy, cheapest first:
//   1. If the region has at most 256 distinct colours (common for UI), the palette is exactly those
//      colours: lossless.
//   2. Otherwise colours are binned in a 5-5-5 histogram (32768 bins, each remembering the mean of
//      its real colours) and the bins are split by weighted median cut into 256 boxes, always
//      splitting the box with the largest squared error. A bin holding a single flat colour keeps
//      it exactly; antialiasing ramps share the remaining entries. Each bin maps to its box through
//      a 32K lookup table, so mapping costs one table read per pixel. No dithering: dither noise
//      on flat UI areas looks worse and compresses badly in GIF.
// A Quantizer keeps its scratch buffers between calls (no allocation per frame after the first).
// Not thread-safe; use one per thread.
#pragma once

#include <cstdint>
#include <vector>

#include "core/frame.h"
#include "core/geometry.h"

namespace hemu {

inline constexpr int kMaxPaletteColors = 256;

struct IndexedImage {
  int width = 0;
  int height = 0;
  std::vector<Rgb> palette;      // 1..256 entries
  std::vector<uint8_t> indices;  // (height, width) indices into palette
};

class Quantizer {
 public:
  Quantizer();

  // Quantises `region` of `frame` into `out` (whose buffers are reused). HEMU_CHECKs that the
  // region is non-empty and inside the frame.
  void quantize(const Frame& frame, const Rect& region, IndexedImage* out);

 private:
  struct Bin {  // one non-empty 5-5-5 histogram bin
    uint8_t rgb[3];  // mean of the real colours in the bin
    uint16_t key;    // 15-bit histogram index
    uint32_t count;  // pixels
  };
  struct Box {  // a median-cut box: bins_[begin, end)
    int begin = 0;
    int end = 0;
    double error = 0;  // weighted squared error around the mean; 0 = nothing to split
    int axis = 0;      // channel with the largest error
    uint8_t low = 0;   // range of bins' values along `axis`
    uint8_t high = 0;
  };
  struct Cell {  // one histogram bin; all fields on one cache line, since the update is random access
    uint32_t count = 0;
    uint64_t sum[3] = {0, 0, 0};  // per channel: sum of the real 8-bit values
  };

  // Pass 1: fills the histogram and the exact-colour table; false if > 256 distinct colours.
  bool collect(const Frame& frame, const Rect& region);
  bool exact_insert(uint32_t rgb);
  int exact_find(uint32_t rgb) const;
  void map_exact(const Frame& frame, const Rect& region, IndexedImage* out) const;
  void build_median_cut_palette(IndexedImage* out);
  Box make_box(int begin, int end) const;
  void map_through_lut(const Frame& frame, const Rect& region, IndexedImage* out) const;

  std::vector<Cell> histogram_;       // (32768,) indexed by 15-bit key
  std::vector<uint16_t> used_keys_;  // keys with count_ > 0, to clear and scan cheaply
  std::vector<uint8_t> lut_;         // (32768,) key -> palette index
  std::vector<Bin> bins_;
  std::vector<Box> boxes_;

  // Open-addressing set of distinct 24-bit colours (slot = rgb | kOccupied, or 0 when empty).
  std::vector<uint32_t> exact_slots_;
  std::vector<uint8_t> exact_index_;  // palette index per slot
  std::vector<Rgb> exact_colors_;
};

}  // namespace hemu
