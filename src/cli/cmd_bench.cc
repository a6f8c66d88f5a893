// hemu bench sim: frames per second of the embedded desktop (step + render), one core.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/clock.h"
#include "sim/play.h"

namespace hemu::cli {

namespace {

struct FpsResult {
  double fps = 0;
  int frames = 0;
};

// Steps the clean expert (restarting episodes as they end) and renders after every step.
Result<FpsResult> measure_fps(const std::string& task, Size screen, double scale, double seconds) {
  Frame frame;
  Stopwatch clock;
  int frames = 0;
  uint64_t seed = 0;
  double total_s = 0;
  while (total_s < seconds) {
    EnvConfig config;
    config.task = task;
    config.seed = seed++;
    config.screen = screen;
    config.scale = scale;
    auto env = TaskEnv::create(config);
    HEMU_RETURN_IF_ERROR(env.status());
    Stopwatch episode;
    while (!(*env)->done()) {
      (void)(*env)->step((*env)->expert_action());
      (*env)->render(frame);
      ++frames;
    }
    total_s += episode.elapsed_us() / 1e6;
  }
  return FpsResult{frames / total_s, frames};
}

}  // namespace

int bench_main(int argc, char** argv) {
  Flags flags("bench", "Measure hemu's figures. Targets: `sim` (frames per second of the embedded desktop).", "sim");
  double& seconds = flags.add_double("seconds", 1.0, "measuring time per configuration");
  std::string& tasks_flag = flags.add_string("tasks", "", "comma-separated tasks (default: all)");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("bench", st);
  if (flags.positional().size() != 1 || flags.positional()[0] != "sim")
    return report_error("bench", invalid_argument("expected a target: sim"));
  std::vector<std::string> tasks = tasks_flag.empty() ? task_names() : split_list(tasks_flag);
  std::printf("| %-26s | %14s | %14s |\n", "task", "native fps", "1920x1080 fps");
  std::printf("|----------------------------|----------------|----------------|\n");
  std::vector<double> native, hd;
  for (const auto& task : tasks) {
    auto a = measure_fps(task, {0, 0}, 1.0, seconds);
    if (!a.ok()) return report_error("bench", a.status());
    auto b = measure_fps(task, {1920, 1080}, 1.0, seconds);
    if (!b.ok()) return report_error("bench", b.status());
    native.push_back(a->fps);
    hd.push_back(b->fps);
    std::printf("| %-26s | %14.0f | %14.0f |\n", task.c_str(), a->fps, b->fps);
    std::fflush(stdout);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  };
  std::printf("| %-26s | %14.0f | %14.0f |\n", "median", median(native), median(hd));
  return 0;
}

}  // namespace hemu::cli
