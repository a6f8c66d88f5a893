// `hemu record` on a private Xvfb while a "person" (a second X11Screen driving XTEST) clicks, types
// and scrolls; `hemu label` must recover exactly those actions from the recording.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "core/json.h"
#include "data/trace_reader.h"
#include "run_hemu.h"
#include "x11/testing/xvfb.h"
#include "x11/x11_screen.h"

namespace hemu {
namespace {

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Starts `hemu record` in the background; returns its pid.
pid_t start_recorder(const std::string& display, const std::string& out_dir, double seconds) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string seconds_text = std::to_string(seconds);
    execl(HEMU_BINARY, HEMU_BINARY, "record", "--display", display.c_str(), "--out", out_dir.c_str(), "--seconds",
          seconds_text.c_str(), "--instruction", "click, type, scroll", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

TEST(RecordTest, LabelledRecordingIsWhatThePersonDid) {
  auto xvfb = XvfbProcess::start({800, 600});
  ASSERT_TRUE(xvfb.ok()) << xvfb.status().to_string();
  const std::filesystem::path out_dir =
      std::filesystem::temp_directory_path() / ("hemu_record_" + std::to_string(::getpid()));
  std::filesystem::remove_all(out_dir);

  const pid_t recorder = start_recorder((*xvfb)->display(), out_dir, /*seconds=*/3);
  ASSERT_GT(recorder, 0);
  // The recorder creates the trace directory only after its XRecord context is open: wait for it
  // rather than a fixed time (a loaded machine starts the torch-linked binary in over a second).
  for (int i = 0; i < 400 && !std::filesystem::exists(out_dir); ++i) sleep_ms(50);
  ASSERT_TRUE(std::filesystem::exists(out_dir)) << "hemu record did not start within 20 s";
  sleep_ms(100);

  X11ScreenOptions options;
  options.display = (*xvfb)->display();
  auto person = X11Screen::open(options);
  ASSERT_TRUE(person.ok()) << person.status().to_string();
  const std::vector<Action> actions = {Action::left_click({100, 100}), Action::double_click({200, 150}),
                                       Action::type_text("Hello World"), Action::key("Return"),
                                       Action::scroll({300, 300}, ScrollDirection::kDown, 3)};
  for (const Action& action : actions) {
    ASSERT_TRUE((*person)->act(action).ok()) << action_to_json(action);
    sleep_ms(200);  // a person pauses between actions
  }

  int status = 0;
  ASSERT_EQ(waitpid(recorder, &status, 0), recorder);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "hemu record exit status " << status;

  auto trace = TraceReader::open(out_dir.string());
  ASSERT_TRUE(trace.ok()) << trace.status().to_string();
  EXPECT_EQ((*trace)->meta().kind, TraceKind::kRecording);
  EXPECT_EQ((*trace)->meta().screen, (Size{800, 600}));
  EXPECT_EQ((*trace)->meta().instruction, "click, type, scroll");
  EXPECT_GE((*trace)->frame_count(), 1);

  const testing::CommandResult labelled = testing::run_hemu("label " + out_dir.string());
  ASSERT_EQ(labelled.exit_code, 0) << labelled.output;
  std::vector<std::string> got;
  std::istringstream lines(labelled.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;  // the summary on stderr
    auto json = Json::parse(line);
    ASSERT_TRUE(json.ok()) << line;
    const Json* action = json->find("action");
    ASSERT_NE(action, nullptr) << line;
    got.push_back(action->dump());
  }
  std::vector<std::string> want;
  for (const Action& action : actions) want.push_back(Json::parse(action_to_json(action))->dump());
  EXPECT_EQ(got, want) << labelled.output;
  std::filesystem::remove_all(out_dir);
}

}  // namespace
}  // namespace hemu
