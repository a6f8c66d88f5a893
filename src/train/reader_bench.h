// Reader bench: the same element crops read by our CRNN (policy/text_reader.h) and by Tesseract 5
// (libtesseract, LSTM engine, page segmentation mode 7 = one text line), scored alike.
//
// Tesseract reads OMP_THREAD_LIMIT when the OpenMP runtime starts (before main, as libtorch loads
// it), so set it in the environment (MACHINE_NOTES: 2 in a process that also runs torch).
// Thread-safety: none; run from one thread.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "policy/text_reader.h"

namespace hemu {

struct ReaderBenchOptions {
  int samples = 300;
  uint64_t seed = 1;
  bool held_out_fonts = true;
  int tesseract_upscale = 2;  // crops are enlarged this many times for Tesseract (it wants ~20-30 px text)
};

struct ReaderBenchRow {
  std::string engine;  // "crnn" | "tesseract"
  int samples = 0;
  double char_accuracy = 0;  // 1 - summed edit distance / summed target characters
  double exact_match = 0;
  double ms_per_crop = 0;    // one crop at a time, preprocessing included
  std::vector<std::string> examples;  // a few misreadings
};

// kUnavailable when Tesseract or its English model cannot be loaded (the CRNN row is still
// computed by evaluate_reader; this returns both or an error).
Result<std::vector<ReaderBenchRow>> bench_readers(TextReader& reader, const ReaderBenchOptions& options);

}  // namespace hemu
