// hemu data: datasets of recordings and episodes (docs/data_format.md).
//   hemu data stats DIR...            counts, actions per type, success rate, duration, bytes, problems
//   hemu data check DIR...            validate every trace strictly (decodes every frame); exit 1 on damage
//   hemu data repair DIR...           keep the valid prefix of damaged or unfinished traces, finish them
//   hemu data merge OUT DIR...        link or copy traces into one dataset with a manifest (dataset.json)
//   hemu data split DIR --train 0.9   deterministic train/val manifests, grouped by task+seed
//   hemu data export TRACE out.mp4    a video for people to watch (ffmpeg)
//   hemu data bench                   bytes and milliseconds per frame of the trace format
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/play_report.h"
#include "core/clock.h"
#include "data/dataset.h"
#include "data/trace_reader.h"
#include "data/trace_repair.h"
#include "data/trace_writer.h"
#include "data/video_export.h"
#include "image/png.h"
#include "sim/task_env.h"

namespace hemu::cli {

namespace {

Json stats_json(const DatasetStats& s) {
  Json j = Json::object();
  j["traces"] = s.traces;
  j["episodes"] = s.episodes;
  j["recordings"] = s.recordings;
  j["frames"] = s.frames;
  j["events"] = s.events;
  Json actions = Json::object();
  for (const auto& [type, n] : s.action_types) actions[type] = n;
  j["actions"] = actions;
  Json events = Json::object();
  for (const auto& [type, n] : s.event_types) events[type] = n;
  j["event_types"] = events;
  j["outcomes"] = s.outcomes;
  j["successes"] = s.successes;
  j["success_rate"] = s.outcomes > 0 ? double(s.successes) / double(s.outcomes) : 0.0;
  j["duration_us"] = s.duration_us;
  j["bytes"] = s.bytes;
  j["damaged"] = s.damaged;
  Json problems = Json::array();
  for (const auto& p : s.problems) problems.push_back(p);
  j["problems"] = problems;
  return j;
}

int stats_main(int argc, char** argv) {
  Flags flags("data stats", "Counts over traces: a trace directory, or every trace below a directory.", "DIR...");
  bool& json = flags.add_bool("json", false, "print one JSON object");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("data stats", st);
  if (flags.positional().empty()) return report_error("data stats", invalid_argument("give at least one DIR"));
  DatasetStats stats;
  for (const auto& root : flags.positional()) {
    auto traces = find_traces(root);
    if (!traces.ok()) return report_error("data stats", traces.status());
    for (const auto& dir : *traces) {
      auto summary = summarize_trace(dir);
      if (!summary.ok()) {  // a damaged meta.json: counted as a trace with a problem
        ++stats.traces, ++stats.damaged;
        stats.problems.push_back(summary.status().message());
        continue;
      }
      stats.add(*summary);
    }
  }
  std::fputs(json ? (stats_json(stats).dump() + "\n").c_str() : stats.render().c_str(), stdout);
  return 0;
}

int check_main(int argc, char** argv) {
  Flags flags("data check", "Validate traces strictly, decoding every frame; lists every problem.", "DIR...");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("data check", st);
  if (flags.positional().empty()) return report_error("data check", invalid_argument("give at least one DIR"));
  int64_t traces = 0, damaged = 0;
  for (const auto& root : flags.positional()) {
    auto found = find_traces(root);
    if (!found.ok()) return report_error("data check", found.status());
    for (const auto& dir : *found) {
      ++traces;
      auto reader = TraceReader::open(dir, {.recover = true, .decode_frames = true});
      if (!reader.ok()) {
        ++damaged;
        std::printf("%s\n", reader.status().message().c_str());
        continue;
      }
      if (!(*reader)->problems().empty()) ++damaged;
      for (const auto& p : (*reader)->problems()) std::printf("%s: %s\n", dir.c_str(), p.to_string().c_str());
    }
  }
  std::printf("%lld traces, %lld damaged\n", (long long)traces, (long long)damaged);
  return damaged == 0 ? 0 : 1;
}

int repair_main(int argc, char** argv) {
  Flags flags("data repair",
              "Make damaged or unfinished traces (a recorder that crashed) usable: keep the valid prefix of\n"
              "each file, drop the rest, write frames.idx and a finished meta.json that lists what was\n"
              "wrong (extra.repaired). What is dropped is lost.",
              "DIR...");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("data repair", st);
  if (flags.positional().empty()) return report_error("data repair", invalid_argument("give at least one DIR"));
  int failures = 0;
  for (const auto& root : flags.positional()) {
    auto found = find_traces(root);
    if (!found.ok()) return report_error("data repair", found.status());
    for (const auto& dir : *found) {
      auto report = repair_trace(dir);
      if (!report.ok()) {
        ++failures;
        std::printf("%s: cannot repair: %s\n", dir.c_str(), report.status().message().c_str());
      } else if (!report->problems.empty()) {
        std::printf("%s: repaired (%lld frames and %lld events kept, %lld bytes dropped)\n", dir.c_str(),
                    (long long)report->frames_kept, (long long)report->events_kept, (long long)report->bytes_dropped);
        for (const auto& p : report->problems) std::printf("  %s\n", p.to_string().c_str());
      }
    }
  }
  return failures == 0 ? 0 : 1;
}

int merge_main(int argc, char** argv) {
  Flags flags("data merge",
              "Put every finished, undamaged trace found under the DIRs into OUT (hard links, or copies) and\n"
              "write OUT/dataset.json listing them with their checksums. Traces already in OUT are not\n"
              "added twice; damaged ones are skipped and named.",
              "OUT DIR...");
  bool& copy = flags.add_bool("copy", false, "copy files instead of hard-linking them");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("data merge", st);
  if (flags.positional().size() < 2) return report_error("data merge", invalid_argument("usage: hemu data merge OUT DIR..."));
  const std::string out = flags.positional()[0];
  std::vector<std::string> inputs(flags.positional().begin() + 1, flags.positional().end());
  auto report = merge_datasets(out, inputs, {.copy = copy});
  if (!report.ok()) return report_error("data merge", report.status());
  for (const auto& m : report->messages) std::fprintf(stderr, "%s\n", m.c_str());
  std::printf("added %lld traces to %s (%lld already there, %lld skipped)\n", (long long)report->added, out.c_str(),
              (long long)report->duplicates, (long long)report->skipped);
  return 0;
}

int split_main(int argc, char** argv) {
  Flags flags("data split",
              "Write DIR/train.json and DIR/val.json. Traces of the same task and seed always land on the\n"
              "same side (no leakage); the assignment depends only on --seed and each trace's task+seed\n"
              "(or path), so a group keeps its side when the dataset grows.",
              "DIR");
  double& train = flags.add_double("train", 0.9, "fraction of groups for training, 0..1");
  int64_t& seed = flags.add_int("seed", 0, "split seed");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("data split", st);
  if (flags.positional().size() != 1) return report_error("data split", invalid_argument("usage: hemu data split DIR --train 0.9"));
  auto report = split_dataset(flags.positional()[0], train, uint64_t(seed));
  if (!report.ok()) return report_error("data split", report.status());
  std::printf("train: %lld traces in %lld groups\nval:   %lld traces in %lld groups\n", (long long)report->train_traces,
              (long long)report->train_groups, (long long)report->val_traces, (long long)report->val_groups);
  return 0;
}

int export_main(int argc, char** argv) {
  Flags flags("data export",
              "Write a trace as a video (any container ffmpeg knows by the extension: .mp4, .webm, .mkv).\n"
              "Each frame is shown from its recorded time until the next, at least --min-frame-ms.",
              "TRACE OUT");
  int64_t& fps = flags.add_int("fps", 30, "video frame rate");
  int64_t& min_frame_ms = flags.add_int("min-frame-ms", 0, "show every frame at least this long (0: one video frame)");
  int64_t& hold_last_ms = flags.add_int("hold-last-ms", 1000, "show the last frame this long");
  std::string& ffmpeg = flags.add_string("ffmpeg", "", "path to the ffmpeg binary (default: found on PATH)");
  bool& recover = flags.add_bool("recover", false, "export the valid prefix of a damaged or unfinished trace");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("data export", st);
  if (flags.positional().size() != 2) return report_error("data export", invalid_argument("usage: hemu data export TRACE out.mp4"));
  VideoExportOptions options;
  options.fps = int(fps);
  options.min_frame_ms = int(min_frame_ms);
  options.hold_last_ms = int(hold_last_ms);
  options.ffmpeg = ffmpeg;
  options.recover = recover;
  auto report = export_video(flags.positional()[0], flags.positional()[1], options);
  if (!report.ok()) return report_error("data export", report.status());
  std::printf("wrote %s: %lld trace frames as %lld video frames, %.2f s\n", flags.positional()[1].c_str(),
              (long long)report->trace_frames, (long long)report->video_frames, report->seconds);
  return 0;
}

// Figures for docs/data_format.md: expert episodes on real task screens, written and read back.
int bench_main_data(int argc, char** argv) {
  Flags flags("data bench", "Bytes per frame and write/read milliseconds per frame of the trace format, on\n"
                            "expert episodes of the given tasks.", "[TASK...]");
  std::string& size_text = flags.add_string("size", "1280x800", "screen size");
  int64_t& seeds = flags.add_int("seeds", 3, "episodes per task");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("data bench", st);
  std::vector<std::string> args = flags.positional();
  if (args.empty()) args = {"click_button", "form_five_fields", "email_reply", "support_ticket", "scroll_list_find", "drag_to_target"};
  auto tasks = tasks_from_args(args);
  if (!tasks.ok()) return report_error("data bench", tasks.status());
  auto size = parse_size(size_text);
  if (!size.ok()) return report_error("data bench", size.status());
  std::vector<std::vector<Frame>> episodes;
  for (const auto& task : *tasks)
    for (int64_t seed = 0; seed < seeds; ++seed) {
      EnvConfig config;
      config.task = task, config.seed = uint64_t(seed), config.screen = *size;
      auto env = TaskEnv::create(config);
      if (!env.ok()) return report_error("data bench", env.status());
      std::vector<Frame> frames;
      Frame f;
      while (!(*env)->done()) {
        (*env)->render(f);
        frames.push_back(f);
        (*env)->step((*env)->expert_action());
      }
      (*env)->render(f);
      frames.push_back(f);
      episodes.push_back(std::move(frames));
    }
  const std::string root = (std::filesystem::temp_directory_path() / ("hemu_data_bench_" + std::to_string(::getpid()))).string();
  struct Config { const char* name; int level, interval; };
  const Config configs[] = {{"trace, zlib 1, deltas (default)", 1, kFrameDefaultKeyframeInterval},
                            {"trace, zlib 6, deltas", 6, kFrameDefaultKeyframeInterval},
                            {"trace, zlib 6, keyframes only", 6, 1},
                            {"trace, zlib 1, keyframes only", 1, 1}};
  int64_t frame_total = 0;
  for (const auto& e : episodes) frame_total += int64_t(e.size());
  std::printf("%lld frames of %zu expert episodes at %s\n\n", (long long)frame_total, episodes.size(), size_text.c_str());
  std::printf("| format | bytes per frame | write ms per frame | read ms per frame | open (validate) ms per frame |\n|---|---|---|---|---|\n");
  for (const auto& c : configs) {
    std::filesystem::remove_all(root);
    int64_t write_us = 0, read_us = 0, open_us = 0, bytes = 0;
    for (size_t e = 0; e < episodes.size(); ++e) {
      const std::string dir = root + "/" + std::to_string(e);
      TraceWriterOptions options;
      options.zlib_level = c.level, options.keyframe_interval = c.interval;
      auto writer = TraceWriter::create(dir, TraceMeta{}, options);
      if (!writer.ok()) return report_error("data bench", writer.status());
      for (size_t i = 0; i < episodes[e].size(); ++i) {
        Stopwatch watch;
        if (auto st = (*writer)->add_frame(episodes[e][i], int64_t(i)).status(); !st.ok()) return report_error("data bench", st);
        write_us += watch.elapsed_us();
      }
      if (auto st = (*writer)->finish(); !st.ok()) return report_error("data bench", st);
      bytes += (*writer)->frame_bytes();
      Stopwatch watch;
      auto reader = TraceReader::open(dir);
      if (!reader.ok()) return report_error("data bench", reader.status());
      open_us += watch.elapsed_us();
      watch.reset();
      for (int64_t i = 0; i < (*reader)->frame_count(); ++i)
        if (!(*reader)->frame(i).ok()) return report_error("data bench", internal_error("frame did not decode"));
      read_us += watch.elapsed_us();
    }
    std::printf("| %s | %.0f | %.2f | %.2f | %.2f |\n", c.name, double(bytes) / frame_total, write_us / 1e3 / frame_total,
                read_us / 1e3 / frame_total, open_us / 1e3 / frame_total);
  }
  std::filesystem::remove_all(root);
  int64_t png_bytes = 0, png_write_us = 0, png_read_us = 0;
  for (const auto& e : episodes)
    for (const auto& f : e) {
      Stopwatch watch;
      auto png = png_encode(f);
      png_write_us += watch.elapsed_us();
      if (!png.ok()) return report_error("data bench", png.status());
      png_bytes += int64_t(png->size());
      watch.reset();
      if (!png_decode(*png).ok()) return report_error("data bench", internal_error("png did not decode"));
      png_read_us += watch.elapsed_us();
    }
  std::printf("| PNG (zlib 3), for comparison | %.0f | %.2f | %.2f | |\n", double(png_bytes) / frame_total,
              png_write_us / 1e3 / frame_total, png_read_us / 1e3 / frame_total);
  std::printf("| raw RGB | %d | | | |\n", size->width * size->height * 3);
  return 0;
}

struct Subcommand {
  const char* name;
  const char* summary;
  int (*main)(int, char**);
};

const Subcommand kSubcommands[] = {
    {"stats", "counts, actions per type, success rate, duration, bytes, problems", stats_main},
    {"check", "validate traces strictly (every frame decoded); exit 1 on damage", check_main},
    {"repair", "keep the valid prefix of damaged or unfinished traces and finish them", repair_main},
    {"merge", "link or copy traces into one dataset with a manifest (dataset.json)", merge_main},
    {"split", "deterministic train/val manifests, grouped by task+seed", split_main},
    {"export", "a trace as a video file (ffmpeg)", export_main},
    {"bench", "bytes and ms per frame of the trace format", bench_main_data},
};

}  // namespace

int data_main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::printf("usage: hemu data <subcommand> [flags]   (hemu data <subcommand> --help)\n\n"
                "Recordings and episodes on disk (docs/data_format.md).\n\nsubcommands:\n");
    for (const auto& s : kSubcommands) std::printf("  %-8s %s\n", s.name, s.summary);
    return argc < 2 ? 2 : 0;
  }
  for (const auto& s : kSubcommands)
    if (!std::strcmp(argv[1], s.name)) return s.main(argc - 1, argv + 1);
  std::fprintf(stderr, "hemu data: unknown subcommand '%s' (see hemu data --help)\n", argv[1]);
  return 2;
}

}  // namespace hemu::cli
