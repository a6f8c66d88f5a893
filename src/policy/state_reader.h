// StateReader: is this checkbox or radio button ticked? Read at native resolution (docs/brain.md,
// "Session 6: reading ticks at native resolution").
//
// The detector sees the screen at half its UI size, where a 15-px check box is 7 model pixels and
// its tick a line or two: its checked state was right for only ~73 % of the boxes it found. A tick is
// easy at full resolution, so this small CNN looks again, like the text reader does for words: the
// square at the left end of each checkbox or radio element (the glyph; the caption follows it, on
// the embedded desktop and on web pages alike) is cut from the frame, scaled to `size` x `size`,
// normalised per crop (so light, dark and coloured themes look alike) and classified.
//
// Readings are cached by a hash of the crop's pixels. Thread-safety: none (one per thread).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/frame.h"
#include "core/geometry.h"
#include "core/status.h"
#include "core/ui_element.h"

namespace hemu {

struct StateReaderConfig {
  int size = 20;      // model input side (pixels)
  int channels = 16;  // first conv's channels (the second and third have twice as many)
  size_t cache_entries = 2048;
};

// The glyph square of an element box: its left end, as wide as the box is high (at most its
// width), grown by a sixth of the height on each side so a box that is a few pixels off still holds
// the whole glyph. Clipped to `frame_bounds`; empty when nothing is left.
Rect state_glyph_rect(const Rect& element, const Rect& frame_bounds);

// Whether the state reader answers for elements of this class (checkbox, radio).
bool state_reader_reads(ElementClass c);

// The crop of `glyph` as the model sees it: 3 x size x size floats, channel-major, each channel
// shifted and scaled by the crop's own mean and spread. Empty `glyph` -> empty vector.
std::vector<float> preprocess_state_crop(const Frame& frame, const Rect& glyph, int size);

class StateReader {
 public:
  static std::unique_ptr<StateReader> create(const StateReaderConfig& config, uint64_t seed);
  // From to_bytes() output; kCorrupt on garbage, truncation or a config/weights mismatch.
  static Result<std::unique_ptr<StateReader>> from_bytes(const std::string& bytes);
  // Config + weights: the optional "states" part of a model checkpoint.
  std::string to_bytes() const;

  // P(checked) of each preprocessed crop (one forward pass). An empty list gives an empty list.
  std::vector<float> checked_probabilities(const std::vector<std::vector<float>>& crops);
  // Sets `checked` of every checkbox and radio element from the pixels of its glyph square
  // (p >= 0.5); other elements are left as they are. Cached by crop pixels.
  void read_states(const Frame& frame, std::vector<UiElement>& elements);

  int64_t parameter_count() const;
  const StateReaderConfig& config() const;
  int64_t cache_hits() const;
  void clear_cache();  // also after the trainer changed the weights

  ~StateReader();
  StateReader(const StateReader&) = delete;
  StateReader& operator=(const StateReader&) = delete;

  struct Impl;  // state_reader.cc (torch), reached by the trainer through state_reader_model.h
  Impl& impl() { return *impl_; }

 private:
  explicit StateReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hemu
