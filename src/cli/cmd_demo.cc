// hemu demo: the main job on the embedded desktop. Until the brain lands (issue: the brain), the
// scripted expert works the suite; the table reports speed against the KLM human reference.
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/play_report.h"
#include "cli/progress.h"
#include "sim/play.h"

namespace hemu::cli {

Result<std::vector<std::string>> tasks_from_args(const std::vector<std::string>& args);
Status write_episode_gif(const EpisodeReport& episode, const std::string& path, int max_width);

int demo_main(int argc, char** argv) {
  Flags flags("demo",
              "The main job: work every embedded task on held-out seeds, print a table of success,\n"
              "steps, time and speed against the human (KLM) reference, and write a GIF of one episode.");
  int64_t& episodes = flags.add_int("episodes", 5, "episodes per task");
  int64_t& seed_start = flags.add_int("seed", 1000, "first seed");
  std::string& gif = flags.add_string("gif", "hemu-demo.gif", "GIF of the first support-desk episode");
  std::string& gif_task = flags.add_string("gif-task", "support_ticket", "task shown in the GIF");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("demo", st);
  PlayTable table("expert");
  auto tasks = task_names();
  ProgressBar progress("demo", int(tasks.size() * size_t(episodes)));
  int done = 0;
  bool gif_written = false;
  for (const auto& task : tasks) {
    for (int64_t i = 0; i < episodes; ++i) {
      EnvConfig config;
      config.task = task;
      config.seed = uint64_t(seed_start + i);
      PlayOptions options;
      bool want_gif = !gif.empty() && !gif_written && task == gif_task;
      options.keep_frames = want_gif;
      auto episode = play_episode(config, SimPolicy::kExpert, options);
      if (!episode.ok()) return report_error("demo", episode.status().with_context(task));
      table.add(*episode, SimPolicy::kExpert);
      if (want_gif) {
        if (auto st = write_episode_gif(*episode, gif, 960); !st.ok()) return report_error("demo", st);
        gif_written = true;
      }
      progress.update(++done, task);
    }
  }
  progress.finish();
  std::fputs(table.render().c_str(), stdout);
  if (gif_written) std::printf("\nwrote %s (one %s episode)\n", gif.c_str(), gif_task.c_str());
  std::printf("policy: scripted expert (the learned model replaces it once trained: see README)\n");
  return table.overall_success() > 0.5 ? 0 : 1;
}

}  // namespace hemu::cli
