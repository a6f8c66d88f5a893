#include "train/reader_bench.h"

#include <tesseract/baseapi.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>

#include "sim/font.h"
#include "train/reader_training.h"

namespace hemu {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Bilinear enlargement of an RGB frame by an integer factor.
Frame upscale(const Frame& in, int factor) {
  if (factor <= 1) return in;
  Frame out(in.width * factor, in.height * factor);
  for (int y = 0; y < out.height; ++y) {
    double fy = std::clamp((y + 0.5) / factor - 0.5, 0.0, double(in.height - 1));
    int y0 = int(fy), y1 = std::min(y0 + 1, in.height - 1);
    double wy = fy - y0;
    for (int x = 0; x < out.width; ++x) {
      double fx = std::clamp((x + 0.5) / factor - 0.5, 0.0, double(in.width - 1));
      int x0 = int(fx), x1 = std::min(x0 + 1, in.width - 1);
      double wx = fx - x0;
      uint8_t* o = out.row(y) + size_t(x) * 3;
      for (int c = 0; c < 3; ++c) {
        double v = (1 - wy) * ((1 - wx) * in.row(y0)[x0 * 3 + c] + wx * in.row(y0)[x1 * 3 + c]) +
                   wy * ((1 - wx) * in.row(y1)[x0 * 3 + c] + wx * in.row(y1)[x1 * 3 + c]);
        o[c] = uint8_t(std::clamp(int(std::lround(v)), 0, 255));
      }
    }
  }
  return out;
}

struct Score {
  int64_t edits = 0, characters = 0, exact = 0;
  double ms = 0;
  int n = 0;
  std::vector<std::string> examples;

  void add(const ReaderCrop& crop, const std::string& reading, double ms_taken) {
    int d = reader_edit_distance(reading, crop.text);
    edits += d;
    characters += int64_t(utf8_code_point_offsets(crop.text).size()) - 1;
    exact += d == 0;
    ms += ms_taken;
    ++n;
    if (d > 0 && examples.size() < 12) examples.push_back(crop.element_class + ": '" + crop.text + "' -> '" + reading + "'");
  }
  ReaderBenchRow row(const std::string& engine) const {
    ReaderBenchRow r;
    r.engine = engine;
    r.samples = n;
    r.char_accuracy = 1.0 - double(edits) / double(std::max<int64_t>(1, characters));
    r.exact_match = n ? double(exact) / n : 0;
    r.ms_per_crop = n ? ms / n : 0;
    r.examples = examples;
    return r;
  }
};

}  // namespace

Result<std::vector<ReaderBenchRow>> bench_readers(TextReader& reader, const ReaderBenchOptions& options) {
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  if (api->Init(nullptr, "eng", tesseract::OEM_LSTM_ONLY) != 0)
    return unavailable("tesseract: cannot load the English LSTM model (Debian: apt install tesseract-ocr-eng)");
  api->SetPageSegMode(tesseract::PSM_SINGLE_LINE);

  std::vector<ReaderCrop> crops = make_reader_eval_crops(options.held_out_fonts, options.samples, options.seed + 1000000);
  Score crnn, tess;
  for (const ReaderCrop& crop : crops) {
    auto start = std::chrono::steady_clock::now();
    std::string reading = reader.read_images({preprocess_crop(crop.frame, crop.frame.bounds(), reader.config())})[0];
    crnn.add(crop, reading, seconds_since(start) * 1000.0);

    start = std::chrono::steady_clock::now();
    Frame big = upscale(crop.frame, options.tesseract_upscale);
    api->SetImage(big.pixels.data(), big.width, big.height, /*bytes_per_pixel=*/3, big.stride_bytes);
    api->SetSourceResolution(96 * options.tesseract_upscale);
    std::unique_ptr<char[]> text(api->GetUTF8Text());
    std::string tess_reading = normalize_reader_text(text ? text.get() : "");
    tess.add(crop, tess_reading, seconds_since(start) * 1000.0);
  }
  api->End();
  return std::vector<ReaderBenchRow>{crnn.row("crnn"), tess.row("tesseract")};
}

}  // namespace hemu
