// hemu web: web pages of our own rendered in headless Chromium (docs/web_pages.md): `render` builds a
// labelled page set, `eval` measures a model's detector and reader on one.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "image/file_io.h"
#include "policy/checkpoint.h"
#include "policy/element_detector.h"
#include "policy/state_reader.h"
#include "policy/text_reader.h"
#include "policy/torch_util.h"
#include "train/detector_training.h"
#include "train/reader_training.h"
#include "train/state_training.h"
#include "web/web_pages.h"

namespace hemu::cli {
namespace {

int render(int argc, char** argv) {
  Flags flags("web render",
              "Write --pages HTML pages of our own (seeds --seed .. --seed + pages - 1), render each in headless\n"
              "Chromium and store its screenshot and DOM labels in --out (docs/web_pages.md). Pages already in\n"
              "--out are kept. Seeds of training and evaluation sets must not overlap; a held-out set should use\n"
              "--fonts held-out (font families no training page uses). e.g.\n"
              "  hemu web render --pages 300 --seed 0 --out web/train\n"
              "  hemu web render --pages 80 --seed 100000 --fonts held-out --out web/heldout");
  int64_t& pages = flags.add_int("pages", 10, "number of pages");
  int64_t& seed = flags.add_int("seed", 0, "first page seed");
  std::string& out = flags.add_string("out", "", "directory to write (created if missing)");
  std::string& fonts = flags.add_string("fonts", "training", "font families: training or held-out");
  std::string& chromium = flags.add_string("chromium", "", "Chromium binary ('' = $HEMU_CHROMIUM, else chromium in PATH)");
  bool& no_html = flags.add_bool("no-html", false, "do not keep each page's HTML next to its PNG");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("web render", st);
  if (out.empty()) return report_error("web render", invalid_argument("--out DIR is required"));
  if (pages < 1 || seed < 0) return report_error("web render", invalid_argument("--pages must be >= 1 and --seed >= 0"));
  if (fonts != "training" && fonts != "held-out")
    return report_error("web render", invalid_argument("--fonts must be training or held-out"));
  WebRenderOptions o;
  o.first_seed = uint64_t(seed);
  o.count = int(pages);
  o.fonts = fonts == "training" ? WebFontSet::kTraining : WebFontSet::kHeldOut;
  o.keep_html = !no_html;
  o.chromium.binary = chromium;
  ProgressBar bar("render", int(pages));
  o.progress = [&](int done, int) { bar.update(done); };
  auto report = render_web_pages(out, o);
  bar.finish();
  if (!report.ok()) return report_error("web render", report.status());
  std::printf("%s: %d pages rendered, %d already there, %lld labels, %.0f s (%.2f s per page)\n", out.c_str(),
              report->rendered, report->skipped, (long long)report->labels, report->seconds,
              report->rendered > 0 ? report->seconds / report->rendered : 0.0);
  return 0;
}

int eval(int argc, char** argv) {
  Flags flags("web eval",
              "Measure a model's element detector (precision / recall / F1 per class, states) and text reader\n"
              "(characters and crops read exactly) on rendered web pages (hemu web render). Parts come from\n"
              "--model, or --detector / --reader (model or raw part files) override them.");
  std::string& model = flags.add_string("model", "models/default.hemu", "model file");
  std::string& detector_path = flags.add_string("detector", "", "detector part (overrides --model's)");
  std::string& reader_path = flags.add_string("reader", "", "reader part (overrides --model's)");
  std::string& states_path = flags.add_string("states", "", "state reader part (overrides --model's)");
  bool& no_states = flags.add_bool("no-states", false, "score the detector's own checked states, not the state reader's");
  std::string& pages = flags.add_string("pages", "", "directory of rendered pages");
  int64_t& max_pages = flags.add_int("max-pages", 0, "detector: evaluate at most this many pages (0 = all)");
  int64_t& reader_samples = flags.add_int("reader-samples", 600, "reader: crops drawn from the pages (0 = skip the reader)");
  int64_t& seed = flags.add_int("seed", 1, "reader: which crops are drawn");
  int64_t& threads = flags.add_int("threads", 1, "torch threads");
  bool& skip_detector = flags.add_bool("no-detector", false, "skip the detector");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("web eval", st);
  if (pages.empty()) return report_error("web eval", invalid_argument("--pages DIR is required"));
  if (no_states && !states_path.empty())
    return report_error("web eval", invalid_argument("--states and --no-states contradict each other"));
  set_torch_threads(int(threads));
  auto part = [&](const std::string& own, const char* name) { return load_part_file(own.empty() ? model : own, name); };
  if (!skip_detector) {
    auto bytes = part(detector_path, "detector");
    if (!bytes.ok()) return report_error("web eval", bytes.status());
    auto detector = ElementDetector::from_bytes(*bytes);
    if (!detector.ok()) return report_error("web eval", detector.status());
    // The model's state reader (when it has one) re-reads checkbox and radio states, as at run time.
    std::unique_ptr<StateReader> states;
    if (!no_states) {
      auto states_bytes = part(states_path, "states");
      if (states_bytes.ok()) {
        auto s = StateReader::from_bytes(*states_bytes);
        if (!s.ok()) return report_error("web eval", s.status());
        states = std::move(*s);
      } else if (!states_path.empty() || states_bytes.status().code() != ErrorCode::kNotFound) {
        return report_error("web eval", states_bytes.status());
      }
    }
    DetectionRefiner refine;
    if (states != nullptr) refine = [&](const Frame& f, std::vector<UiElement>& found) { states->read_states(f, found); };
    auto report = evaluate_detector_web(**detector, pages, int(max_pages), refine);
    if (!report.ok()) return report_error("web eval", report.status());
    std::printf("detector on %s (checked states: %s):\n%s", pages.c_str(),
                states != nullptr ? "state reader" : "detector", report->to_text().c_str());
    if (states != nullptr) {
      auto glyphs = evaluate_state_reader_web(*states, pages, uint64_t(seed));
      if (!glyphs.ok()) return report_error("web eval", glyphs.status());
      std::printf("on the labelled boxes (moved as in training): %s", glyphs->to_text().c_str());
    }
  }
  if (reader_samples > 0) {
    auto bytes = part(reader_path, "reader");
    if (!bytes.ok()) return report_error("web eval", bytes.status());
    auto reader = TextReader::from_bytes(*bytes);
    if (!reader.ok()) return report_error("web eval", reader.status());
    auto crops = make_web_reader_crops(pages, int(reader_samples), uint64_t(seed));
    if (!crops.ok()) return report_error("web eval", crops.status());
    ReaderEvalReport r = evaluate_reader_crops(**reader, *crops);
    std::printf("reader on %s: %d crops, %.1f %% of characters, %.1f %% of crops exact, %.2f ms per crop\n",
                pages.c_str(), r.samples, 100 * r.char_accuracy, 100 * r.exact_match, r.ms_per_crop);
    for (const auto& e : r.examples) std::printf("  %s\n", e.c_str());
  }
  return 0;
}

}  // namespace

int web_main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "render") return render(argc - 1, argv + 1);
  if (argc >= 2 && std::string(argv[1]) == "eval") return eval(argc - 1, argv + 1);
  const bool help = argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h");
  std::fprintf(help ? stdout : stderr,
               "usage: hemu web render --pages N --seed S --out DIR [--fonts training|held-out]\n"
               "       hemu web eval --model M.hemu --pages DIR\n"
               "Web pages of our own rendered in headless Chromium, labelled from the DOM (docs/web_pages.md);\n"
               "training and evaluation data for the screen parser (hemu train --web-pages DIR).\n"
               "hemu web <render|eval> --help for their flags.\n");
  return help ? 0 : 2;
}

}  // namespace hemu::cli
