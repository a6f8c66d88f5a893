// hemu bench policy: decide latency of the brain per frame size (p50, p90), by stage, for a first
// frame and for the frames that follow it (incremental detection, cached readings); optionally the
// perception parts' accuracy (detector precision/recall, reader characters) on held-out fonts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/stats.h"
#include "image/file_io.h"
#include "policy/checkpoint.h"
#include "policy/element_detector.h"
#include "policy/neural_policy.h"
#include "policy/state_reader.h"
#include "policy/text_reader.h"
#include "policy/torch_util.h"
#include "sim/task_env.h"
#include "train/detector_training.h"
#include "train/reader_training.h"
#include "train/state_training.h"

namespace hemu::cli {
namespace {

double thread_cpu_ms() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// One decide() of the policy plus, from the bench's own perception copy on the same frame, what
// the detector did (its caches behave exactly as the policy's).
struct Sample {
  double total = 0, detect = 0, read = 0, decide = 0;  // wall, from the policy
  double cpu_detect = 0, cpu_read = 0;                 // thread CPU time, the bench's copy
  double cpu_total = 0;                                // thread CPU time of the policy's decide()
  bool incremental = false, cache_hit = false, content = false;
  double elements = 0;
  int regions = 0;             // crops the detector ran on
  double network_share = 0;    // the detector's input pixels / a full pass's
  double diff_ms = 0, network_ms = 0, decode_ms = 0;  // the bench copy's detector stages (wall)
};

struct Bucket {
  std::vector<Sample> samples;
  void print(const char* size, const char* what) const {
    std::vector<double> total, detect, read, decide, elements, cpu_detect, cpu_read, cpu_total;
    int incremental = 0, hits = 0, content = 0;
    for (const auto& s : samples) {
      total.push_back(s.total), detect.push_back(s.detect), read.push_back(s.read), decide.push_back(s.decide);
      cpu_detect.push_back(s.cpu_detect), cpu_read.push_back(s.cpu_read), cpu_total.push_back(s.cpu_total);
      elements.push_back(s.elements);
      incremental += s.incremental, hits += s.cache_hit, content += s.content;
    }
    const double n = std::max<double>(1, double(samples.size()));
    std::printf("%-10s %-6s %4zu %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %5.1f | %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f | %4.0f%% %4.0f%% %4.0f%% %5.0f\n",
                size, what, samples.size(), percentile(total, 0.5), percentile(total, 0.9), percentile(detect, 0.5),
                percentile(detect, 0.9), percentile(read, 0.5), percentile(read, 0.9), percentile(decide, 0.5),
                percentile(cpu_total, 0.5), percentile(cpu_total, 0.9), percentile(cpu_detect, 0.5),
                percentile(cpu_detect, 0.9), percentile(cpu_read, 0.5), percentile(cpu_read, 0.9),
                100.0 * incremental / n, 100.0 * hits / n, 100.0 * content / n, percentile(elements, 0.5));
  }
};

// A fixed +-1 noise per pixel (a hash of its position): no flat area anywhere, and frames still
// differ only where the screen changed.
void add_noise(Frame& frame) {
  for (int y = 0; y < frame.height; ++y) {
    uint8_t* p = frame.row(y);
    for (int x = 0; x < frame.width; ++x) {
      const uint32_t h = (uint32_t(x) * 73856093u) ^ (uint32_t(y) * 19349663u);
      for (int c = 0; c < 3; ++c) {
        const int v = int(p[3 * x + c]) + int((h >> (c * 3)) % 3) - 1;
        p[3 * x + c] = uint8_t(std::clamp(v, 0, 255));
      }
    }
  }
}

Status replace_part(Checkpoint& ck, const std::string& name, const std::string& path) {
  if (path.empty()) return Status();
  auto bytes = file_read_all(path);
  if (!bytes.ok()) return bytes.status().with_context("--" + name);
  ck.sections[name] = std::string(bytes->begin(), bytes->end());
  return Status();
}

}  // namespace

int bench_policy_main(int argc, char** argv) {
  Flags flags("bench policy",
              "Decide latency of a model (frame -> action: detect + read + decide) on one core, per frame size.\n"
              "first: a frame the policy has not seen (each sample is another task and seed). next: each frame\n"
              "after one more expert action on that task (mostly small changes: incremental detection, cached\n"
              "readings); typed: the frames right after the expert typed into a field. incr: share of detect()\n"
              "calls that ran incrementally; hit: answered from the detector's cache; cont: run over the content\n"
              "regions only (a first frame with flat areas). --busy adds a faint noise to every pixel (a photo\n"
              "wallpaper: nothing is flat, first frames run full passes). Wall times are the policy's\n"
              "own; CPU times are thread CPU time of the same detect/read work on the bench's copy of the parts\n"
              "(on a loaded machine wall time includes waiting for a core); cpu50/cpu90: thread CPU time of the\n"
              "policy's whole decide() (detect + read + states + decision), the one-core cost without the waiting.\n"
              "--eval-frames N adds the detector's precision/recall and the reader's accuracy on held-out fonts.");
  std::string& model_path = flags.add_string("model", "models/default.hemu", "model file");
  std::string& detector_path = flags.add_string("detector", "", "use this detector part (raw file) instead of the model's");
  std::string& reader_path = flags.add_string("reader", "", "use this reader part (raw file) instead of the model's");
  std::string& states_path = flags.add_string("states", "", "use this state reader part (raw file) instead of the model's");
  double& threshold = flags.add_double("threshold", 0, "detector score threshold (0: the part's own)");
  std::string& write_detector = flags.add_string("write-detector", "", "write the detector part (with --threshold applied) to this file and stop");
  int64_t& samples = flags.add_int("samples", 15, "first frames per size");
  int64_t& next_steps = flags.add_int("next-steps", 6, "expert steps after each first frame");
  int64_t& threads = flags.add_int("threads", 1, "torch threads (the figure is defined on one core)");
  std::string& sizes_text = flags.add_string("sizes", "640x480,1280x800,1920x1080,3840x2160", "frame sizes");
  int64_t& eval_frames = flags.add_int("eval-frames", 0, "frames for the detector's precision/recall (0: skip)");
  int64_t& eval_crops = flags.add_int("eval-crops", 0, "crops for the reader's accuracy (0: skip)");
  bool& busy = flags.add_bool("busy", false, "add a fixed faint noise to every frame (no flat areas)");
  bool& content_regions = flags.add_bool("content-regions", true,
                                         "first frames over their content regions only (false: full passes, as before session 8)");
  int64_t& repeat = flags.add_int("repeat", 1,
                                  "with --per-sample: the bench copy's detect + read of each first frame N times, "
                                  "caches cleared, the least CPU time reported (steadier on a loaded machine)");
  bool& per_sample = flags.add_bool("per-sample", false, "print each first frame's task, detector mode and CPU times");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("bench policy", st);
  set_torch_threads(int(threads));
  auto ck = load_checkpoint(model_path);
  if (!ck.ok()) return report_error("bench policy", ck.status());
  if (auto st = replace_part(*ck, "detector", detector_path); !st.ok()) return report_error("bench policy", st);
  if (auto st = replace_part(*ck, "reader", reader_path); !st.ok()) return report_error("bench policy", st);
  if (auto st = replace_part(*ck, "states", states_path); !st.ok()) return report_error("bench policy", st);
  if (threshold > 0) {
    auto d = ElementDetector::from_bytes(ck->sections["detector"]);
    if (!d.ok()) return report_error("bench policy", d.status());
    (*d)->set_decoding(threshold, (*d)->config().nms_iou);
    ck->sections["detector"] = (*d)->to_bytes();
  }
  if (!write_detector.empty()) {
    const std::string& bytes = ck->sections["detector"];
    if (auto st = file_write_atomic(write_detector, std::vector<uint8_t>(bytes.begin(), bytes.end())); !st.ok())
      return report_error("bench policy", st);
    std::printf("wrote %s\n", write_detector.c_str());
    return 0;
  }
  auto policy = NeuralPolicy::from_checkpoint(*ck);
  if (!policy.ok()) {
    // The perception figures do not need the decision part (it may be from another build).
    std::printf("note: no policy (%s): perception only, decide not measured\n", policy.status().to_string().c_str());
  }
  auto detector = ElementDetector::from_bytes(ck->sections["detector"]);
  if (!detector.ok()) return report_error("bench policy", detector.status());
  (*detector)->set_content_regions(content_regions);
  if (policy.ok()) (*policy)->detector().set_content_regions(content_regions);
  auto reader = TextReader::from_bytes(ck->sections["reader"]);
  if (!reader.ok()) return report_error("bench policy", reader.status());

  if (eval_frames > 0) {
    std::printf("detector %s, threshold %.2f: %lld frames, held-out fonts\n",
                detector_path.empty() ? model_path.c_str() : detector_path.c_str(), (*detector)->config().score_threshold,
                (long long)eval_frames);
    DetectorEvalReport r = evaluate_detector(**detector, {}, /*held_out_fonts=*/true, int(eval_frames), /*seed=*/1);
    std::printf("%s\n", r.to_text().c_str());
    std::printf("first frames over content regions only: %lld of %d\n", (long long)(*detector)->content_runs(), r.frames);
    if (ck->sections.count("states") != 0) {
      // The same frames with the state reader re-reading checkbox / radio states, as at run time.
      auto states = StateReader::from_bytes(ck->sections["states"]);
      if (!states.ok()) return report_error("bench policy", states.status());
      auto refine = [&](const Frame& f, std::vector<UiElement>& found) { (*states)->read_states(f, found); };
      DetectorEvalReport rs =
          evaluate_detector(**detector, {}, /*held_out_fonts=*/true, int(eval_frames), /*seed=*/1, refine);
      std::printf("with the state reader: checked %.1f%% (%lld) [detector alone: %.1f%%]\n",
                  rs.checked_total > 0 ? 100.0 * double(rs.checked_correct) / double(rs.checked_total) : 0.0,
                  (long long)rs.checked_total,
                  r.checked_total > 0 ? 100.0 * double(r.checked_correct) / double(r.checked_total) : 0.0);
      std::printf("%s\n", evaluate_state_reader(**states, /*held_out_fonts=*/true, int(eval_frames), 1).to_text().c_str());
    }
  }
  if (eval_crops > 0) {
    ReaderEvalReport r = evaluate_reader(**reader, /*held_out_fonts=*/true, int(eval_crops), /*seed=*/1);
    std::printf("reader: %d crops, held-out fonts: characters %.1f%%, exact %.1f%%, %.2f ms per crop (one at a time)\n",
                r.samples, 100 * r.char_accuracy, 100 * r.exact_match, r.ms_per_crop);
    ReaderEvalReport moved = evaluate_reader(**reader, /*held_out_fonts=*/true, int(eval_crops), /*seed=*/1, 0.3);
    std::printf("reader, the same crops' boxes moved as a detector's (sides by up to 30%% of the height): "
                "characters %.1f%%, exact %.1f%%\n", 100 * moved.char_accuracy, 100 * moved.exact_match);
    for (size_t i = 0; i < r.examples.size() && i < 8; ++i) std::printf("  %s\n", r.examples[i].c_str());
  }
  if (samples <= 0) return 0;

  const std::vector<std::string> tasks = {"form_five_fields", "support_ticket", "email_open", "click_checkboxes",
                                          "select_dropdown", "type_text", "login_navigate"};
  std::printf("model %s, %lld thread(s); milliseconds\n", model_path.c_str(), (long long)threads);
  std::printf("%-10s %-6s %4s %-47s | %-41s | %s\n", "", "", "", "wall ms (the policy's decide)", "CPU ms (same work)", "");
  std::printf("%-10s %-6s %4s %6s %6s %6s %6s %6s %6s %5s | %6s %6s %6s %6s %6s %6s | %5s %5s %5s %5s\n", "size", "frames",
              "n", "p50", "p90", "det50", "det90", "rd50", "rd90", "dec50", "cpu50", "cpu90", "det50", "det90", "rd50",
              "rd90", "incr", "hit", "cont", "elems");
  for (const auto& size_text : split_list(sizes_text)) {
    auto size = parse_size(size_text);
    if (!size.ok()) return report_error("bench policy", size.status());
    Bucket first, next, typed;
    for (int64_t i = 0; i < samples; ++i) {
      EnvConfig config;
      config.task = tasks[size_t(i) % tasks.size()];
      config.seed = uint64_t(7000 + i);
      config.screen = *size;
      config.scale = size->width >= 3000 ? 2.0 : 1.0;
      auto env = TaskEnv::create(config);
      if (!env.ok()) return report_error("bench policy", env.status());
      Frame frame;
      (*env)->render(frame);
      if (busy) add_noise(frame);
      if (policy.ok()) (*policy)->begin((*env)->instruction(), config.scale);
      auto measure = [&](const Frame& f) {
        Sample s;
        if (policy.ok()) {
          const double c_start = thread_cpu_ms();
          auto a = (*policy)->decide(f);
          s.cpu_total = thread_cpu_ms() - c_start;
          (void)a;  // a wrong choice still costs the same
          const DecideTimings& t = (*policy)->last_timings();
          s.total = t.total_us() / 1000.0;
          s.detect = t.detect_us / 1000.0;
          s.read = t.read_us / 1000.0;
          s.decide = t.decide_us / 1000.0;
          s.elements = double((*policy)->last_elements().size());
        }
        // The bench's own perception copy sees the same frames (same caches, same work): what
        // detect() did, and each stage's CPU time (on a shared machine wall time also counts
        // waiting for the CPU).
        double c0 = thread_cpu_ms();
        auto elements = (*detector)->detect(f, config.scale);
        double c1 = thread_cpu_ms();
        std::vector<Rect> rects;
        for (const auto& e : elements) rects.push_back(e.rect);
        (void)(*reader)->read_batch(f, rects);
        double c2 = thread_cpu_ms();
        s.cpu_detect = c1 - c0;
        s.cpu_read = c2 - c1;
        if (!policy.ok()) {
          s.detect = s.cpu_detect;
          s.read = s.cpu_read;
          s.total = s.detect + s.read;
          s.cpu_total = s.cpu_detect + s.cpu_read;
          s.elements = double(elements.size());
        }
        s.incremental = (*detector)->last_stats().mode == DetectStats::kIncremental;
        s.cache_hit = (*detector)->last_stats().mode == DetectStats::kCacheHit;
        s.content = (*detector)->last_stats().mode == DetectStats::kContent;
        const DetectStats& ds = (*detector)->last_stats();
        s.regions = ds.regions;
        s.diff_ms = ds.diff_ms, s.network_ms = ds.network_ms, s.decode_ms = ds.decode_ms;
        s.network_share = ds.padded_pixels > 0 ? double(ds.network_pixels) / double(ds.padded_pixels) : 0;
        return s;
      };
      first.samples.push_back(measure(frame));
      if (per_sample) {
        Sample s = first.samples.back();
        const double first_network_ms = s.network_ms;
        for (int64_t r = 1; r < repeat; ++r) {
          (*detector)->clear_cache();
          (*reader)->clear_cache();
          double c0 = thread_cpu_ms();
          auto elements = (*detector)->detect(frame, config.scale);
          double c1 = thread_cpu_ms();
          std::vector<Rect> rects;
          for (const auto& e : elements) rects.push_back(e.rect);
          (void)(*reader)->read_batch(frame, rects);
          double c2 = thread_cpu_ms();
          const DetectStats& ds = (*detector)->last_stats();
          s.cpu_detect = std::min(s.cpu_detect, c1 - c0), s.cpu_read = std::min(s.cpu_read, c2 - c1);
          s.diff_ms = std::min(s.diff_ms, ds.diff_ms), s.network_ms = std::min(s.network_ms, ds.network_ms);
          s.decode_ms = std::min(s.decode_ms, ds.decode_ms);
        }
        std::printf("  first %2lld %-18s %-7s crops %d, %3.0f%% of a full pass | cpu %5.1f, detect %5.1f "
                    "(regions %4.1f, network %5.1f [first %5.1f], decode %4.1f), read %5.1f | %3.0f elements\n",
                    (long long)i, config.task.c_str(), s.content ? "content" : "full", s.regions, 100 * s.network_share,
                    s.cpu_total, s.cpu_detect, s.diff_ms, s.network_ms, first_network_ms, s.decode_ms, s.cpu_read, s.elements);
      }
      for (int64_t k = 0; k < next_steps && !(*env)->done(); ++k) {
        Action a = (*env)->expert_action();
        if (a.type == ActionType::kDone) break;
        (void)(*env)->step(a);
        (*env)->render(frame);
        if (busy) add_noise(frame);
        Sample s = measure(frame);
        next.samples.push_back(s);
        if (a.type == ActionType::kType) typed.samples.push_back(s);
      }
    }
    first.print(size_text.c_str(), "first");
    next.print(size_text.c_str(), "next");
    typed.print(size_text.c_str(), "typed");
  }
  return 0;
}

}  // namespace hemu::cli
