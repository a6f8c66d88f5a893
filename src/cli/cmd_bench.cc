// hemu bench sim: frames per second of the embedded desktop (step + render), one core.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/clock.h"
#include "core/stats.h"
#include "sim/play.h"

namespace hemu::cli {

namespace {

struct FpsResult {
  double fps = 0;            // frames per second of step + render (episode creation excluded)
  double resets_per_s = 0;   // episodes created per second (build + first render)
  int frames = 0;
};

// Steps the clean expert (starting new episodes as they end) and renders after every step. The
// expert's own decision time is excluded: this measures the desktop, not the policy.
Result<FpsResult> measure_fps(const std::string& task, Size screen, double scale, double seconds) {
  Frame frame;
  int frames = 0, episodes = 0;
  uint64_t seed = 0;
  int64_t step_us = 0, reset_us = 0;
  Stopwatch total;
  while (total.elapsed_us() < int64_t(seconds * 1e6)) {
    EnvConfig config;
    config.task = task;
    config.seed = seed++;
    config.screen = screen;
    config.scale = scale;
    Stopwatch reset;
    auto env = TaskEnv::create(config);
    HEMU_RETURN_IF_ERROR(env.status());
    (*env)->render(frame);
    reset_us += reset.elapsed_us();
    ++episodes;
    while (!(*env)->done()) {
      Action action = (*env)->expert_action();
      Stopwatch step;
      (void)(*env)->step(action);
      (*env)->render(frame);
      step_us += step.elapsed_us();
      ++frames;
    }
  }
  return FpsResult{frames / (std::max<int64_t>(1, step_us) / 1e6), episodes / (std::max<int64_t>(1, reset_us) / 1e6),
                   frames};
}

}  // namespace

int bench_main(int argc, char** argv) {
  Flags flags("bench",
              "Measure hemu's figures. Targets: `sim` (frames per second of the embedded desktop) and `x11`\n"
              "(capture, click and damage figures; see hemu bench x11 --help), `policy` (decide latency of a model)\n"
              "and `agent` (the agent loop in process and through X11, speed vs a person; hemu bench agent --help).",
              "sim|x11|policy|agent");
  double& seconds = flags.add_double("seconds", 1.0, "measuring time per configuration");
  std::string& tasks_flag = flags.add_string("tasks", "", "comma-separated tasks (default: all)");
  if (argc >= 2 && std::string(argv[1]) == "x11") return bench_x11_main(argc - 1, argv + 1);
  if (argc >= 2 && std::string(argv[1]) == "policy") return bench_policy_main(argc - 1, argv + 1);
  if (argc >= 2 && std::string(argv[1]) == "agent") return bench_agent_main(argc - 1, argv + 1);
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("bench", st);
  if (!(seconds > 0 && seconds <= 3600)) return report_error("bench", invalid_argument("--seconds must be in (0, 3600]"));
  if (flags.positional().size() != 1 || flags.positional()[0] != "sim")
    return report_error("bench", invalid_argument("expected a target: sim, x11, policy or agent"));
  std::vector<std::string> tasks = tasks_flag.empty() ? task_names() : split_list(tasks_flag);
  std::printf("frames per second of step + render on one core (episode resets excluded, shown as resets/s)\n\n");
  std::printf("| %-26s | %14s | %14s | %14s |\n", "task", "native fps", "1920x1080 fps", "resets/s");
  std::printf("|----------------------------|----------------|----------------|----------------|\n");
  std::vector<double> native, hd;
  for (const auto& task : tasks) {
    auto a = measure_fps(task, {0, 0}, 1.0, seconds);
    if (!a.ok()) return report_error("bench", a.status());
    auto b = measure_fps(task, {1920, 1080}, 1.0, seconds);
    if (!b.ok()) return report_error("bench", b.status());
    native.push_back(a->fps);
    hd.push_back(b->fps);
    std::printf("| %-26s | %14.0f | %14.0f | %14.0f |\n", task.c_str(), a->fps, b->fps, a->resets_per_s);
    std::fflush(stdout);
  }
  std::printf("| %-26s | %14.0f | %14.0f | %14s |\n", "median", percentile(native, 0.5), percentile(hd, 0.5), "");
  return 0;
}

}  // namespace hemu::cli
