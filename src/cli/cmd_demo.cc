// hemu demo: the main job. The shipped model (or the scripted expert, for reference) works every
// task of the embedded desktop through the agent loop on held-out seeds; prints a table per task
// (success, steps, time, speed as a multiple of the KLM human reference) and writes a GIF of one
// episode.
#include <cstdio>

#include "cli/agent_runner.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/play_report.h"
#include "cli/progress.h"
#include "cli/run_report.h"
#include "image/file_io.h"

namespace hemu::cli {

int demo_main(int argc, char** argv) {
  Flags flags("demo",
              "The main job: the shipped model works every embedded task on held-out seeds through the agent\n"
              "loop (capture, decide, act, settle, verify), from pixels only. Prints a table of success, steps,\n"
              "time and speed against the human (KLM) reference, and writes a GIF of one episode: the longest\n"
              "successful episode of the run (of --gif-task when it has one).",
              "[TASK|FAMILY|all ...]");
  std::string& policy_flag = flags.add_string("policy", "model", "model, or expert (the scripted reference, reads the widget tree)");
  std::string& model = flags.add_string("model", "", "model file (default: $HEMU_MODEL or models/default.hemu)");
  int64_t& episodes = flags.add_int("episodes", 3, "episodes per task");
  int64_t& seed_start = flags.add_int("seed", 1000, "first seed (training uses seeds from 1,000,000; eval 0..)");
  std::string& gif = flags.add_string("gif", "hemu-demo.gif", "GIF of one episode ('' for none)");
  std::string& gif_task = flags.add_string("gif-task", "", "prefer this task's episodes for the GIF");
  std::string& json = flags.add_string("json", "", "also write the table as JSON to this file");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("demo", st);
  auto tasks = tasks_from_args(flags.positional().empty() ? std::vector<std::string>{"all"} : flags.positional());
  if (!tasks.ok()) return report_error("demo", tasks.status());
  auto spec = policy_spec(policy_flag, model);
  if (!spec.ok()) return report_error("demo", spec.status());
  auto factory = make_policy_factory(*spec);
  if (!factory.ok()) return report_error("demo", factory.status());

  RunTable table;
  ProgressBar progress("demo", int(tasks->size() * size_t(episodes)));
  int done = 0;
  // The GIF: the best episode by (is the preferred task, steps). Frames are kept for the current
  // episode and the best so far only, and encoded once at the end.
  std::vector<Frame> frames, gif_frames;
  std::string gif_written_task;
  int gif_score = -1;
  for (const auto& task : *tasks) {
    for (int64_t i = 0; i < episodes; ++i) {
      EnvConfig config;
      config.task = task;
      config.seed = uint64_t(seed_start + i);
      RunOptions options;
      frames.clear();
      if (!gif.empty()) {
        options.on_step = [&frames](const StepRecord&, const Frame& observed) {
          frames.push_back(observed);
          return Status();
        };
      }
      auto run = run_sim_task(config, *factory, options);
      if (!run.ok()) return report_error("demo", run.status().with_context(task));
      table.add(*run);
      const int score = run->success() ? run->result.steps + (task == gif_task ? 1000 : 0) : -1;
      if (!gif.empty() && score > gif_score) {
        frames.push_back(run->result.last_frame);
        gif_frames.swap(frames);
        gif_score = score;
        gif_written_task = task + " seed " + std::to_string(config.seed);
      }
      progress.update(++done, task);
    }
  }
  progress.finish();
  if (!gif_frames.empty()) {
    if (auto st = write_frames_gif(gif_frames, gif, 960); !st.ok()) return report_error("demo", st);
  }
  const std::string who = spec->kind == "expert" ? "the scripted expert (reference; reads the widget tree)"
                                                  : "model " + spec->model_path + " (pixels only)";
  std::printf("policy: %s; %lld episodes per task, seeds %lld..%lld, in process\n\n", who.c_str(),
              (long long)episodes, (long long)seed_start, (long long)(seed_start + episodes - 1));
  std::fputs(table.render().c_str(), stdout);
  std::printf("speed: KLM human time / agent time over successful episodes (floor 8x, goal 30x)\n");
  if (!gif_written_task.empty()) std::printf("wrote %s (%s)\n", gif.c_str(), gif_written_task.c_str());
  else if (!gif.empty()) std::printf("no GIF: no episode succeeded\n");
  if (!json.empty()) {
    const std::string text = table.to_json().dump(2) + "\n";
    if (auto st = file_write_atomic(json, std::vector<uint8_t>(text.begin(), text.end())); !st.ok()) {
      return report_error("demo", st);
    }
  }
  return 0;
}

}  // namespace hemu::cli
