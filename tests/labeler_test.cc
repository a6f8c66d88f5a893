// The labeler recovers the action sequence a person performed from raw input events. The "person"
// is the human-like expert (Fitts' law paths, landing jitter, typos corrected with BackSpace),
// whose hand movements are turned into the raw events an X server would report.
#include "data/labeler.h"

#include "data/trace_writer.h"
#include "run_hemu.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <filesystem>

#include "sim/humanize.h"
#include "sim/play.h"
#include "sim/task_env.h"

namespace hemu {
namespace {

struct RawSession {
  std::vector<TraceEvent> events;
  std::vector<Action> clean;  // what the person meant to do, one per step
};

void push(RawSession& s, double t_s, InputEvent e) { s.events.push_back({int64_t(t_s * 1e6), e}); }

InputEvent pointer(InputKind kind, Point p, int button = 0, std::vector<std::string> mods = {}) {
  InputEvent e;
  e.kind = kind;
  e.position = p;
  e.button = button;
  e.modifiers = std::move(mods);
  return e;
}

InputEvent key(const std::string& keysym, const std::string& text, std::vector<std::string> mods) {
  InputEvent e;
  e.kind = InputKind::kKeyPress;
  e.keysym = keysym;
  e.text = text;
  e.modifiers = std::move(mods);
  return e;
}

// What the X server reports for one humanised hand movement.
void to_raw(RawSession& s, const TimedAction& timed, Point cursor) {
  const Action& a = timed.action;
  double t = timed.time_s;
  std::vector<std::string> mods;
  if (!a.text.empty() && a.has_coordinate())
    for (const char* m : {"ctrl", "shift"})
      if (a.text.find(m) != std::string::npos) mods.push_back(m);
  switch (a.type) {
    case ActionType::kMouseMove: push(s, t, pointer(InputKind::kMotion, a.coordinate)); break;
    case ActionType::kLeftClick:
      push(s, t - 0.1, pointer(InputKind::kButtonPress, a.coordinate, 1, mods));
      push(s, t, pointer(InputKind::kButtonRelease, a.coordinate, 1, mods));
      break;
    case ActionType::kDoubleClick:
      for (double dt : {0.25, 0.0}) {
        push(s, t - dt - 0.08, pointer(InputKind::kButtonPress, a.coordinate, 1));
        push(s, t - dt, pointer(InputKind::kButtonRelease, a.coordinate, 1));
      }
      break;
    case ActionType::kRightClick:
      push(s, t - 0.1, pointer(InputKind::kButtonPress, a.coordinate, 3));
      push(s, t, pointer(InputKind::kButtonRelease, a.coordinate, 3));
      break;
    case ActionType::kLeftClickDrag: {
      push(s, t - 0.5, pointer(InputKind::kButtonPress, a.start_coordinate, 1));
      for (int i = 1; i <= 5; ++i) {
        Point p{a.start_coordinate.x + (a.coordinate.x - a.start_coordinate.x) * i / 5,
                a.start_coordinate.y + (a.coordinate.y - a.start_coordinate.y) * i / 5};
        push(s, t - 0.5 + 0.08 * i, pointer(InputKind::kMotion, p));
      }
      push(s, t, pointer(InputKind::kButtonRelease, a.coordinate, 1));
      break;
    }
    case ActionType::kScroll: {
      InputEvent e = pointer(InputKind::kWheel, a.coordinate);
      int n = a.scroll_amount;
      e.wheel_dy = a.scroll_direction == ScrollDirection::kDown ? n : a.scroll_direction == ScrollDirection::kUp ? -n : 0;
      e.wheel_dx = a.scroll_direction == ScrollDirection::kRight ? n : a.scroll_direction == ScrollDirection::kLeft ? -n : 0;
      push(s, t, e);
      break;
    }
    case ActionType::kType: {
      bool upper = a.text.size() == 1 && std::isupper(uint8_t(a.text[0]));
      if (upper) push(s, t - 0.05, key("Shift_L", "", {}));
      push(s, t, key(a.text, a.text, upper ? std::vector<std::string>{"shift"} : std::vector<std::string>{}));
      break;
    }
    case ActionType::kKey: {
      KeyCombo combo = *parse_key_combo(a.text);
      std::vector<std::string> held;
      if (combo.ctrl) push(s, t - 0.06, key("Control_L", "", {})), held.push_back("ctrl");
      if (combo.shift) push(s, t - 0.04, key("Shift_L", "", held)), held.push_back("shift");
      if (combo.alt) push(s, t - 0.02, key("Alt_L", "", held)), held.push_back("alt");
      push(s, t, key(combo.key, "", held));
      break;
    }
    case ActionType::kWait:
    case ActionType::kDone: break;
  }
  (void)cursor;
}

RawSession perform(const std::string& task, uint64_t seed, Size screen = {0, 0}, double scale = 1.0) {
  EnvConfig config;
  config.task = task;
  config.seed = seed;
  config.screen = screen;
  config.scale = scale;
  auto env = TaskEnv::create(config);
  EXPECT_TRUE(env.ok()) << env.status().to_string();
  RawSession s;
  Rng rng(seed * 7 + 1);
  HumanProfile person = HumanProfile::sample(rng);
  person.typo_rate = 0.08;  // plenty of corrections to undo
  double clock = 0;
  while (!(*env)->done()) {
    Action clean = (*env)->expert_action();
    if (clean.type == ActionType::kDone) break;
    Desktop& d = (*env)->desktop();
    int target = clean.has_coordinate() ? target_size_at(d, clean.coordinate) : 0;
    auto timeline = humanize(clean, clock, d.cursor(), target, person, rng);
    for (size_t i = 0; i < timeline.size(); ++i) {
      to_raw(s, timeline[i], d.cursor());
      if (i + 1 < timeline.size()) (void)d.apply(timeline[i].action);
      else (void)(*env)->step(timeline[i].action);
    }
    clock = timeline.back().time_s;
    s.clean.push_back(clean);
  }
  EXPECT_TRUE((*env)->outcome().success()) << task << ": " << (*env)->outcome().reason;
  return s;
}

// Consecutive scrolls in one direction are one gesture to a labeler: compare them merged.
std::vector<Action> merge_scrolls(const std::vector<Action>& actions) {
  std::vector<Action> out;
  for (const Action& a : actions) {
    if (!out.empty() && a.type == ActionType::kScroll && out.back().type == ActionType::kScroll &&
        out.back().scroll_direction == a.scroll_direction) {
      out.back().scroll_amount += a.scroll_amount;
      continue;
    }
    out.push_back(a);
  }
  return out;
}

void expect_same_actions(const std::vector<Action>& want_in, const std::vector<LabeledAction>& got_in,
                         const std::string& task) {
  std::vector<Action> want = merge_scrolls(want_in), got;
  for (const auto& g : got_in) got.push_back(g.action);
  got = merge_scrolls(got);
  ASSERT_EQ(got.size(), want.size()) << task;
  for (size_t i = 0; i < want.size(); ++i) {
    const Action &w = want[i], &g = got[i];
    EXPECT_EQ(action_type_name(g.type), std::string(action_type_name(w.type))) << task << " action " << i;
    if (w.type == ActionType::kType || w.type == ActionType::kKey) EXPECT_EQ(g.text, w.text) << task << " action " << i;
    if (w.type == ActionType::kScroll) {
      EXPECT_EQ(g.scroll_amount, w.scroll_amount) << task << " action " << i;
      EXPECT_EQ(g.scroll_direction, w.scroll_direction) << task << " action " << i;
    }
    if (w.has_coordinate() && w.type != ActionType::kScroll) {
      // The person lands near, not on, the aimed point (within a third of the target).
      EXPECT_LE(std::abs(g.coordinate.x - w.coordinate.x), 25) << task << " action " << i;
      EXPECT_LE(std::abs(g.coordinate.y - w.coordinate.y), 25) << task << " action " << i;
    }
    if (w.type == ActionType::kLeftClick) EXPECT_EQ(g.text, w.text) << task << " modifiers of action " << i;
  }
}

class LabelerRecovers : public ::testing::TestWithParam<std::string> {};

TEST_P(LabelerRecovers, TheActionsAPersonPerformed) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    RawSession s = perform(GetParam(), seed);
    LabelResult r = label_input_events(s.events, {});
    expect_same_actions(s.clean, r.actions, GetParam() + " seed " + std::to_string(seed));
    EXPECT_TRUE(r.unlabeled.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Tasks, LabelerRecovers,
                         ::testing::Values("click_button", "type_text", "type_password", "click_checkboxes",
                                           "select_multi", "select_dropdown", "slider_value", "drag_to_target",
                                           "scroll_list_find", "email_reply", "support_ticket"));

TEST(Labeler, AlignsEachActionWithTheFrameSeenBeforeIt) {
  RawSession s = perform("type_text", 4);
  std::vector<int64_t> frames = {0, 500000, 2000000, 9000000};
  LabelResult r = label_input_events(s.events, frames);
  ASSERT_FALSE(r.actions.empty());
  for (const auto& a : r.actions) {
    ASSERT_GE(a.frame_index, 0);
    EXPECT_LE(frames[size_t(a.frame_index)], a.t_us);
    if (size_t(a.frame_index) + 1 < frames.size()) EXPECT_GT(frames[size_t(a.frame_index) + 1], a.t_us);
  }
}

TEST(Labeler, JitterIsIgnoredAndUnknownButtonsAreReported) {
  std::vector<TraceEvent> events;
  for (int i = 0; i < 20; ++i) events.push_back({i * 10000, pointer(InputKind::kMotion, {100 + i % 3, 100})});
  events.push_back({300000, pointer(InputKind::kButtonPress, {101, 100}, 1)});
  events.push_back({310000, pointer(InputKind::kMotion, {103, 101})});  // a wobble, not a drag
  events.push_back({320000, pointer(InputKind::kButtonRelease, {102, 101}, 1)});
  events.push_back({900000, pointer(InputKind::kButtonPress, {5, 5}, 2)});
  LabelResult r = label_input_events(events, {});
  ASSERT_EQ(r.actions.size(), 1u);
  EXPECT_EQ(r.actions[0].action.type, ActionType::kLeftClick);
  EXPECT_EQ(r.actions[0].action.coordinate, (Point{101, 100}));
  ASSERT_EQ(r.unlabeled.size(), 1u);
  EXPECT_NE(r.unlabeled[0].find("button 2"), std::string::npos);
}

TEST(LabelCommand, LabelsARecordingOnDisk) {
  RawSession s = perform("type_text", 9);
  std::string dir = (std::filesystem::temp_directory_path() / ("hemu_label_" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  TraceMeta meta;
  meta.kind = TraceKind::kRecording;
  meta.screen = {640, 480};
  meta.instruction = "type it";
  auto writer = TraceWriter::create(dir, meta);
  ASSERT_TRUE(writer.ok()) << writer.status().to_string();
  Frame frame(640, 480);
  ASSERT_TRUE((*writer)->add_frame(frame, 0).ok());
  for (const auto& e : s.events) ASSERT_TRUE((*writer)->add_event(e).ok());
  ASSERT_TRUE((*writer)->finish().ok());
  auto run = hemu::testing::run_hemu("label " + dir);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  // One JSON line per action, the typed text corrected, aligned with frame 0.
  size_t lines = 0;
  for (size_t at = 0; (at = run.output.find("\"frame\":0", at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, merge_scrolls(s.clean).size()) << run.output;
  for (const Action& a : s.clean)
    if (a.type == ActionType::kType) EXPECT_NE(run.output.find(Json(a.text).dump()), std::string::npos) << run.output;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hemu
