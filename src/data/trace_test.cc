#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "data/test_traces.h"
#include "data/trace_reader.h"
#include "data/trace_repair.h"
#include "data/trace_writer.h"

namespace hemu {
namespace {

using testing::read_bytes;
using testing::same_pixels;
using testing::TempDir;
using testing::ui_frame;
using testing::write_bytes;

constexpr int kWidth = 64, kHeight = 48;

TraceWriterOptions fast_options() {
  TraceWriterOptions options;
  options.keyframe_interval = 4;
  return options;
}

// An episode of `steps` steps: frame + action per step, a final frame and the outcome.
void write_episode(const std::string& dir, int steps, bool finish = true) {
  auto writer = TraceWriter::create(dir, testing::test_meta(), fast_options());
  ASSERT_TRUE(writer.ok()) << writer.status().to_string();
  for (int i = 0; i < steps; ++i) {
    StageTimings timings{100 + i, 200, 300};
    ASSERT_TRUE((*writer)->add_step(i, ui_frame(kWidth, kHeight, i), 1000 * i,
                                    Action::left_click({10 + i, 20}), timings, i == 1 ? "off screen" : "").ok());
  }
  ASSERT_TRUE((*writer)->add_frame(ui_frame(kWidth, kHeight, steps), 1000 * steps).ok());
  ASSERT_TRUE((*writer)->add_outcome({true, 1.0, "clicked OK", steps}, 1000 * steps).ok());
  if (finish) {
    ASSERT_TRUE((*writer)->finish().ok());
  }
}

TEST(Trace, EpisodeRoundTripsPixelExact) {
  TempDir tmp("roundtrip");
  const std::string dir = tmp.path("ep");
  write_episode(dir, 7);
  auto reader = TraceReader::open(dir, {.decode_frames = true});
  ASSERT_TRUE(reader.ok()) << reader.status().to_string();
  TraceReader& r = **reader;
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.meta().task, "click_button");
  EXPECT_EQ(r.meta().seed, 3u);
  EXPECT_EQ(r.meta().instruction, "Click \"OK\"");
  EXPECT_EQ(r.meta().frame_count, 8);
  EXPECT_EQ(r.meta().event_count, 8);
  EXPECT_EQ(r.meta().duration_us, 7000);
  ASSERT_EQ(r.frame_count(), 8);
  for (int i : {0, 1, 2, 3, 4, 5, 6, 7, 3, 0, 6, 6}) {  // in order, then seeking back and forth
    auto f = r.frame(i);
    ASSERT_TRUE(f.ok()) << f.status().to_string();
    EXPECT_TRUE(same_pixels(*f, ui_frame(kWidth, kHeight, i))) << "frame " << i;
    EXPECT_EQ(f->capture_time_us, 1000 * i);
  }
  EXPECT_EQ(r.frame(8).status().code(), ErrorCode::kOutOfRange);
  auto steps = r.steps();
  ASSERT_EQ(steps.size(), 7u);
  EXPECT_EQ(steps[2].action, Action::left_click({12, 20}));
  EXPECT_EQ(steps[2].frame_index, 2);
  EXPECT_EQ(steps[2].timings, (StageTimings{102, 200, 300}));
  EXPECT_EQ(steps[1].refused, "off screen");
  ASSERT_TRUE(r.outcome().has_value());
  EXPECT_EQ(r.outcome()->reason, "clicked OK");
  EXPECT_TRUE(r.outcome()->success);
}

TEST(Trace, RecordingEventsRoundTrip) {
  TempDir tmp("recording");
  const std::string dir = tmp.path("rec");
  auto input = [](InputKind kind, int button = 0, int wheel_dy = 0) {
    InputEvent e;
    e.kind = kind;
    e.position = {3, 4};
    e.button = button;
    e.wheel_dy = wheel_dy;
    return e;
  };
  std::vector<TraceEvent> events;
  events.push_back({5, input(InputKind::kMotion)});
  events.push_back({9, input(InputKind::kButtonPress, 1)});
  events.push_back({12, input(InputKind::kButtonRelease, 1)});
  events.push_back({20, input(InputKind::kWheel, 0, 2)});
  InputEvent key = input(InputKind::kKeyPress);
  key.keysym = "eacute", key.modifiers = {"shift", "ctrl"}, key.text = "É";
  events.push_back({30, key});
  key.kind = InputKind::kKeyRelease, key.modifiers = {"shift"}, key.text = "";
  events.push_back({31, key});
  Json note = Json::object();
  note["window"] = "Terminal";
  events.push_back({40, OtherEvent{"focus", note}});
  {
    auto writer = TraceWriter::create(dir, testing::test_meta(TraceKind::kRecording));
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->add_frame(ui_frame(kWidth, kHeight, 0), 0).ok());
    for (const auto& e : events) ASSERT_TRUE((*writer)->add_event(e).ok());
    EXPECT_EQ((*writer)->add_event({39, InputEvent{}}).code(), ErrorCode::kInvalidArgument);  // back in time
    EXPECT_EQ((*writer)->add_event({50, OtherEvent{"motion", Json::object()}}).code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ((*writer)->add_event({50, OtherEvent{"", Json::object()}}).code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ((*writer)->add_frame(ui_frame(kWidth, kHeight, 0), -1).status().code(), ErrorCode::kInvalidArgument);
    ASSERT_TRUE((*writer)->finish().ok());
    EXPECT_FALSE((*writer)->add_event(events[0]).ok());
  }
  auto reader = TraceReader::open(dir);
  ASSERT_TRUE(reader.ok()) << reader.status().to_string();
  EXPECT_EQ((*reader)->meta().kind, TraceKind::kRecording);
  EXPECT_EQ((*reader)->events(), events);
  EXPECT_EQ((*reader)->events()[4].type_name(), "key_press");
  // A second writer on the same directory is refused.
  EXPECT_EQ(TraceWriter::create(dir, testing::test_meta()).status().code(), ErrorCode::kInvalidArgument);
}

TEST(Trace, UnfinishedTraceIsReportedAndRecoverable) {
  TempDir tmp("unfinished");
  const std::string dir = tmp.path("ep");
  write_episode(dir, 3, /*finish=*/false);
  auto strict = TraceReader::open(dir);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(strict.status().message().find("not finished"), std::string::npos) << strict.status().message();
  auto recovered = TraceReader::open(dir, {.recover = true});
  ASSERT_TRUE(recovered.ok());
  EXPECT_EQ((*recovered)->frame_count(), 4);
  EXPECT_EQ((*recovered)->events().size(), 4u);
  ASSERT_EQ((*recovered)->problems().size(), 1u);
  EXPECT_EQ((*recovered)->problems()[0].file, "meta.json");
}

// Cuts frames.bin and events.jsonl at every byte of their last records: the reader keeps exactly
// the records before the cut and names the cut one.
TEST(Trace, TruncationAtEveryByteOfTheLastRecordsLoadsThePrefix) {
  TempDir tmp("truncate");
  const std::string dir = tmp.path("ep");
  write_episode(dir, 5, /*finish=*/false);
  auto whole = TraceReader::open(dir, {.recover = true});
  ASSERT_TRUE(whole.ok());
  const auto records = [&] {
    std::vector<FrameRecordInfo> r;
    for (int64_t i = 0; i < (*whole)->frame_count(); ++i) r.push_back((*whole)->frame_info(i));
    return r;
  }();
  const std::vector<char> frames = read_bytes(dir + "/frames.bin");
  const std::vector<char> events = read_bytes(dir + "/events.jsonl");
  const size_t frames_from = size_t(records[records.size() - 2].offset);
  for (size_t cut = frames_from; cut < frames.size(); ++cut) {
    write_bytes(dir + "/frames.bin", std::vector<char>(frames.begin(), frames.begin() + long(cut)));
    auto r = TraceReader::open(dir, {.recover = true, .decode_frames = true});
    ASSERT_TRUE(r.ok()) << cut;
    const int64_t expected = cut < size_t(records.back().offset) ? int64_t(records.size()) - 2 : int64_t(records.size()) - 1;
    ASSERT_EQ((*r)->frame_count(), expected) << "cut at " << cut;
    const std::string where = "frames.bin: record " + std::to_string(expected) + " at byte " +
                              std::to_string(records[size_t(expected)].offset) + ": truncated";
    bool found = false;
    for (const auto& p : (*r)->problems()) found |= p.to_string().rfind(where, 0) == 0;
    // A cut between two records leaves a clean end: only the unfinished meta.json (and the action
    // line that refers to the lost frame) tell.
    const bool at_boundary = cut == size_t(records[size_t(expected)].offset);
    EXPECT_EQ(found, !at_boundary) << "cut at " << cut << ": " << (*r)->problems().back().to_string();
    if (expected > 0) {
      EXPECT_TRUE(same_pixels(*(*r)->frame(expected - 1), ui_frame(kWidth, kHeight, int(expected) - 1)));
    }
  }
  write_bytes(dir + "/frames.bin", frames);
  size_t last_line = events.size() - 1;
  while (last_line > 0 && events[last_line - 1] != '\n') --last_line;
  size_t previous_line = last_line - 1;
  while (previous_line > 0 && events[previous_line - 1] != '\n') --previous_line;
  for (size_t cut = previous_line + 1; cut < events.size(); ++cut) {
    write_bytes(dir + "/events.jsonl", std::vector<char>(events.begin(), events.begin() + long(cut)));
    auto r = TraceReader::open(dir, {.recover = true});
    ASSERT_TRUE(r.ok()) << cut;
    const size_t expected = cut < last_line ? 4 : 5;  // 6 lines: 5 actions and the outcome
    ASSERT_EQ((*r)->events().size(), expected) << "cut at " << cut;
    const std::string& last = (*r)->problems().back().to_string();
    if (cut != last_line) {
      EXPECT_EQ(last.rfind("events.jsonl line " + std::to_string(expected + 1) + ": truncated", 0), 0u) << last;
    }
  }
}

TEST(Trace, EverySingleByteFlipIsDetected) {
  TempDir tmp("flips");
  const std::string dir = tmp.path("ep");
  write_episode(dir, 4);
  testing::TestRandom random(11);
  for (const char* name : {"meta.json", "events.jsonl", "frames.bin", "frames.idx"}) {
    const std::string path = dir + "/" + name;
    const std::vector<char> original = read_bytes(path);
    for (int trial = 0; trial < 150; ++trial) {
      std::vector<char> damaged = original;
      const size_t at = size_t(random.uniform_int(0, int(damaged.size()) - 1));
      damaged[at] = char(damaged[at] ^ (1 << random.uniform_int(0, 7)));
      write_bytes(path, damaged);
      auto strict = TraceReader::open(dir);
      EXPECT_FALSE(strict.ok()) << name << " byte " << at;
      auto recovered = TraceReader::open(dir, {.recover = true, .decode_frames = true});
      if (std::string(name) == "meta.json") {
        EXPECT_FALSE(recovered.ok());
      } else {
        ASSERT_TRUE(recovered.ok()) << name << " byte " << at << ": " << recovered.status().to_string();
        EXPECT_FALSE((*recovered)->problems().empty());
        EXPECT_EQ((*recovered)->problems().front().file, name) << (*recovered)->problems().front().to_string();
      }
    }
    write_bytes(path, original);
  }
  EXPECT_TRUE(TraceReader::open(dir).ok());
}

TEST(Trace, RandomGarbageNeverCrashesTheReader) {
  TempDir tmp("garbage");
  const std::string dir = tmp.path("ep");
  write_episode(dir, 3);
  testing::TestRandom random(12);
  const std::vector<char> frames = read_bytes(dir + "/frames.bin");
  const std::vector<char> events = read_bytes(dir + "/events.jsonl");
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<char> f = frames, e = events;
    for (int k = 0; k < 8; ++k) {
      f[size_t(random.uniform_int(0, int(f.size()) - 1))] = char(random.byte());
      e[size_t(random.uniform_int(0, int(e.size()) - 1))] = char(random.byte());
    }
    f.resize(size_t(random.uniform_int(0, int(f.size()))));
    write_bytes(dir + "/frames.bin", f);
    write_bytes(dir + "/events.jsonl", e);
    auto r = TraceReader::open(dir, {.recover = true, .decode_frames = true});
    ASSERT_TRUE(r.ok());
    for (int64_t i = 0; i < (*r)->frame_count(); ++i) EXPECT_TRUE((*r)->frame(i).ok());
  }
}

TEST(Trace, MissingOrStaleIndexIsReportedAndRebuilt) {
  TempDir tmp("index");
  const std::string dir = tmp.path("ep");
  write_episode(dir, 3);
  std::filesystem::remove(dir + "/frames.idx");
  auto r = TraceReader::open(dir, {.recover = true});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->frame_count(), 4);
  ASSERT_FALSE((*r)->problems().empty());
  EXPECT_EQ((*r)->problems()[0].to_string(), "frames.idx: missing (rebuilt by scanning frames.bin)");
  EXPECT_EQ(TraceReader::open(tmp.path("nothing")).status().code(), ErrorCode::kNotFound);
}

TEST(Trace, RepairKeepsTheValidPrefixAndFinishesTheTrace) {
  TempDir tmp("repair");
  const std::string dir = tmp.path("ep");
  write_episode(dir, 6, /*finish=*/false);
  const std::vector<char> frames = read_bytes(dir + "/frames.bin");
  write_bytes(dir + "/frames.bin", std::vector<char>(frames.begin(), frames.end() - 5));  // cut inside the last frame
  auto report = repair_trace(dir);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->frames_kept, 6);
  EXPECT_EQ(report->events_kept, 7);  // 6 actions (frames 0..5 kept) and the outcome
  EXPECT_GT(report->bytes_dropped, 0);
  ASSERT_EQ(report->problems.size(), 2u);
  auto r = TraceReader::open(dir, {.decode_frames = true});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_TRUE((*r)->complete());
  EXPECT_EQ((*r)->meta().extra.find("repaired")->size(), 2u);
  EXPECT_TRUE(same_pixels(*(*r)->frame(5), ui_frame(kWidth, kHeight, 5)));
  // Repairing a sound trace changes nothing.
  auto again = repair_trace(dir);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->problems.empty());
  // An action whose frame was lost goes too.
  const std::string dir2 = tmp.path("ep2");
  write_episode(dir2, 3, /*finish=*/false);
  auto whole = TraceReader::open(dir2, {.recover = true});
  const int64_t cut = (*whole)->frame_info(2).offset + 3;
  whole->reset();
  std::filesystem::resize_file(dir2 + "/frames.bin", uintmax_t(cut));
  auto report2 = repair_trace(dir2);
  ASSERT_TRUE(report2.ok()) << report2.status().to_string();
  EXPECT_EQ(report2->frames_kept, 2);
  EXPECT_EQ(report2->events_kept, 2);
  EXPECT_TRUE(TraceReader::open(dir2).ok());
}

// A child process writes frames and events as fast as it can and is SIGKILLed mid-write: the
// trace loads up to the cut.
TEST(Trace, WriterKilledMidWriteLoadsUpToTheCut) {
  TempDir tmp("killed");
  for (int round = 0; round < 3; ++round) {
    const std::string dir = tmp.path("ep" + std::to_string(round));
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto writer = TraceWriter::create(dir, testing::test_meta());
      if (!writer.ok()) ::_exit(3);
      for (int i = 0;; ++i)
        if (!(*writer)->add_step(i, ui_frame(320, 200, i), i, Action::left_click({1, 2})).ok()) ::_exit(4);
    }
    ::usleep(useconds_t(60000 + 40000 * round));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer exited by itself: " << status;
    auto r = TraceReader::open(dir, {.recover = true, .decode_frames = true});
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    EXPECT_GT((*r)->frame_count(), 0);
    EXPECT_GE((*r)->frame_count(), int64_t((*r)->events().size()));
    EXPECT_LE((*r)->frame_count(), int64_t((*r)->events().size()) + 1);
    ASSERT_FALSE((*r)->problems().empty());
    EXPECT_EQ((*r)->problems()[0].file, "meta.json");
    for (int64_t i = 0; i < (*r)->frame_count(); i += 7)
      EXPECT_TRUE(same_pixels(*(*r)->frame(i), ui_frame(320, 200, int(i))));
    for (const auto& p : (*r)->problems()) std::printf("  killed writer, round %d: %s\n", round, p.to_string().c_str());
  }
}

}  // namespace
}  // namespace hemu
