#include "data/dataset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "data/test_traces.h"
#include "data/trace_reader.h"
#include "data/video_export.h"

namespace hemu {
namespace {

using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

// A small finished episode of `task` and `seed`.
void write_trace(const std::string& dir, const std::string& task, uint64_t seed, bool success, bool finish = true) {
  TraceMeta meta = testing::test_meta();
  meta.task = task;
  meta.seed = seed;
  auto writer = TraceWriter::create(dir, meta);
  ASSERT_TRUE(writer.ok()) << writer.status().to_string();
  ASSERT_TRUE((*writer)->add_step(0, testing::ui_frame(48, 32, int(seed)), 10, Action::left_click({1, 2})).ok());
  ASSERT_TRUE((*writer)->add_step(1, testing::ui_frame(48, 32, int(seed) + 1), 20, Action::type_text("hi")).ok());
  ASSERT_TRUE((*writer)->add_outcome({success, success ? 1.0 : -1.0, "", 2}, 30).ok());
  if (finish) {
    ASSERT_TRUE((*writer)->finish().ok());
  }
}

TEST(Dataset, StatsCountActionsOutcomesAndProblems) {
  TempDir tmp("stats");
  write_trace(tmp.path("a/click-0"), "click", 0, true);
  write_trace(tmp.path("a/click-1"), "click", 1, false);
  write_trace(tmp.path("a/deep/type-0"), "type", 0, true, /*finish=*/false);
  auto traces = find_traces(tmp.path("a"));
  ASSERT_TRUE(traces.ok());
  ASSERT_EQ(traces->size(), 3u);
  EXPECT_EQ(find_traces(tmp.path("a/click-0"))->size(), 1u);
  DatasetStats stats;
  for (const auto& dir : *traces) stats.add(*summarize_trace(dir));
  EXPECT_EQ(stats.episodes, 3);
  EXPECT_EQ(stats.frames, 6);
  EXPECT_EQ(stats.action_types["left_click"], 3);
  EXPECT_EQ(stats.action_types["type"], 3);
  EXPECT_EQ(stats.outcomes, 3);
  EXPECT_EQ(stats.successes, 2);
  EXPECT_EQ(stats.damaged, 1);
  const std::string text = stats.render();
  EXPECT_NE(text.find("66.7 %"), std::string::npos) << text;
  EXPECT_NE(text.find("not finished"), std::string::npos) << text;
}

TEST(Dataset, MergeIsDeterministicSkipsDamageAndDuplicates) {
  TempDir tmp("merge");
  write_trace(tmp.path("run1/click-0"), "click", 0, true);
  write_trace(tmp.path("run1/click-1"), "click", 1, true);
  write_trace(tmp.path("run2/click-0"), "click", 7, true);  // same name, other content
  write_trace(tmp.path("run2/broken"), "click", 9, true, /*finish=*/false);
  auto first = merge_datasets(tmp.path("out1"), {tmp.path("run1"), tmp.path("run2")});
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(first->added, 3);
  EXPECT_EQ(first->skipped, 1);
  ASSERT_EQ(first->messages.size(), 1u);
  EXPECT_NE(first->messages[0].find("broken"), std::string::npos);
  auto second = merge_datasets(tmp.path("out2"), {tmp.path("run1"), tmp.path("run2")}, {.copy = true});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(read_bytes(tmp.path("out1/dataset.json")), read_bytes(tmp.path("out2/dataset.json")));
  auto manifest = read_manifest(tmp.path("out1/dataset.json"));
  ASSERT_TRUE(manifest.ok()) << manifest.status().to_string();
  ASSERT_EQ(manifest->size(), 3u);
  EXPECT_EQ((*manifest)[0].path, "click-0");
  EXPECT_EQ((*manifest)[1].path, "click-0-2");
  EXPECT_EQ((*manifest)[1].seed, 7u);
  EXPECT_EQ((*manifest)[2].path, "click-1");
  EXPECT_TRUE(TraceReader::open(tmp.path("out1/click-0-2")).ok());
  // Merging again adds nothing: the traces are already there.
  auto again = merge_datasets(tmp.path("out1"), {tmp.path("run1"), tmp.path("out1")});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->duplicates, 5);
  EXPECT_EQ(read_bytes(tmp.path("out1/dataset.json")), read_bytes(tmp.path("out2/dataset.json")));
  // A damaged manifest is refused, not silently rewritten.
  std::vector<char> bytes = read_bytes(tmp.path("out2/dataset.json"));
  bytes[bytes.size() / 2] ^= 0x01;
  write_bytes(tmp.path("out2/dataset.json"), bytes);
  EXPECT_EQ(merge_datasets(tmp.path("out2"), {tmp.path("run1")}).status().code(), ErrorCode::kCorrupt);
}

TEST(Dataset, SplitKeepsTaskSeedGroupsTogetherAndIsDeterministic) {
  TempDir tmp("split");
  for (int seed = 0; seed < 30; ++seed)
    for (int copy = 0; copy < 2; ++copy)  // two traces per (task, seed): must stay together
      write_trace(tmp.path("d/t-" + std::to_string(seed) + "-" + std::to_string(copy)), "t", uint64_t(seed), true);
  auto report = split_dataset(tmp.path("d"), 0.7, 42);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->train_traces + report->val_traces, 60);
  EXPECT_EQ(report->train_groups + report->val_groups, 30);
  EXPECT_GT(report->val_groups, 2);
  EXPECT_GT(report->train_groups, 12);
  auto train = read_manifest(tmp.path("d/train.json"));
  auto val = read_manifest(tmp.path("d/val.json"));
  ASSERT_TRUE(train.ok() && val.ok());
  std::set<std::string> train_groups;
  for (const auto& e : *train) train_groups.insert(e.group_key());
  for (const auto& e : *val) EXPECT_FALSE(train_groups.count(e.group_key())) << e.group_key();
  const auto train_bytes = read_bytes(tmp.path("d/train.json"));
  ASSERT_TRUE(split_dataset(tmp.path("d"), 0.7, 42).ok());
  EXPECT_EQ(read_bytes(tmp.path("d/train.json")), train_bytes);
  ASSERT_TRUE(split_dataset(tmp.path("d"), 0.7, 43).ok());
  EXPECT_NE(read_bytes(tmp.path("d/train.json")), train_bytes);
  // Growing the dataset never moves an existing group to the other side.
  write_trace(tmp.path("d/t-new"), "t", 1000, true);
  ASSERT_TRUE(split_dataset(tmp.path("d"), 0.7, 42).ok());
  std::set<std::string> grown;
  // Keep the Result alive for the loop: `for (x : *f())` would iterate a destroyed temporary.
  auto grown_manifest = read_manifest(tmp.path("d/train.json"));
  ASSERT_TRUE(grown_manifest.ok());
  for (const auto& e : *grown_manifest) grown.insert(e.group_key());
  for (const auto& key : train_groups) EXPECT_TRUE(grown.count(key)) << key;
  EXPECT_EQ(split_dataset(tmp.path("d"), 1.5, 42).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(split_dataset(tmp.path("empty-missing"), 0.5, 42).status().code(), ErrorCode::kNotFound);
}

TEST(VideoExport, FramesStartAtTheirTimesWithAMinimumDuration) {
  // 0 s, 1 s, 1.01 s (too close: pushed one frame later), 3 s; at 10 fps.
  EXPECT_EQ(video_frame_starts({0, 1'000'000, 1'010'000, 3'000'000}, 10, 0), (std::vector<int64_t>{0, 10, 11, 30}));
  // A floor of 500 ms: the expert's microsecond steps become watchable.
  EXPECT_EQ(video_frame_starts({0, 5, 9}, 10, 500), (std::vector<int64_t>{0, 5, 10}));
  // A trace that starts late starts the video at its first frame.
  EXPECT_EQ(video_frame_starts({2'000'000, 2'500'000}, 10, 0), (std::vector<int64_t>{0, 5}));
}

TEST(VideoExport, MissingFfmpegIsAClearError) {
  TempDir tmp("export");
  write_trace(tmp.path("t"), "t", 0, true);
  VideoExportOptions options;
  options.ffmpeg = tmp.path("no-ffmpeg-here");
  auto r = export_video(tmp.path("t"), tmp.path("t.mp4"), options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(r.status().message().find("apt-get install ffmpeg"), std::string::npos);
}

}  // namespace
}  // namespace hemu
