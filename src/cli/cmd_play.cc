// hemu play: built-in policies on the embedded tasks, with a per-task report.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/play_report.h"
#include "cli/progress.h"
#include "core/clock.h"
#include "data/trace_writer.h"
#include "image/gif.h"
#include "image/png.h"
#include "image/resize.h"
#include "sim/play.h"

namespace hemu::cli {

Result<EnvConfig> base_config_from_flags(const std::string& size, double scale, const std::string& theme) {
  EnvConfig config;
  config.scale = scale;
  if (!size.empty()) {
    auto parsed = parse_size(size);
    HEMU_RETURN_IF_ERROR(parsed.status());
    config.screen = *parsed;
  }
  if (theme == "light") config.theme = ThemeFamily::kLight;
  else if (theme == "dark") config.theme = ThemeFamily::kDark;
  else if (theme == "classic") config.theme = ThemeFamily::kClassic;
  else if (!theme.empty()) return invalid_argument("--theme: expected light, dark or classic, got '" + theme + "'");
  return config;
}

Result<std::vector<std::string>> tasks_from_args(const std::vector<std::string>& args) {
  std::vector<std::string> tasks;
  for (const auto& arg : args)
    for (const auto& name : split_list(arg)) {
      if (name == "all") {
        for (const auto& n : task_names()) tasks.push_back(n);
        continue;
      }
      bool family = false;
      for (const auto& e : task_registry())
        if (e.info.family == name) tasks.push_back(e.info.name), family = true;
      if (family) continue;
      if (find_task(name) == nullptr) return not_found("unknown task or family '" + name + "' (see hemu tasks)");
      tasks.push_back(name);
    }
  if (tasks.empty()) return invalid_argument("no tasks given (a TASK, a family, or all)");
  return tasks;
}

Status write_episode_gif(const EpisodeReport& episode, const std::string& path, int max_width) {
  return write_frames_gif(episode.frames, path, max_width);
}

// Replays JSON-lines actions on one episode; a malformed line stops with its line number.
static int replay_actions(const std::vector<std::string>& args, const std::string& path, uint64_t seed,
                          const std::string& size, double scale, const std::string& theme) {
  if (args.size() != 1 || find_task(args[0]) == nullptr)
    return report_error("play", invalid_argument("--actions replays on exactly one TASK (see hemu tasks)"));
  auto base = base_config_from_flags(size, scale, theme);
  if (!base.ok()) return report_error("play", base.status());
  EnvConfig config = *base;
  config.task = args[0];
  config.seed = seed;
  auto env = TaskEnv::create(config);
  if (!env.ok()) return report_error("play", env.status());
  std::FILE* in = path == "-" ? stdin : std::fopen(path.c_str(), "r");
  if (in == nullptr) return report_error("play", not_found("cannot open actions file '" + path + "'"));
  std::printf("instruction: %s\n", (*env)->instruction().c_str());
  std::string line;
  int line_number = 0, status = 0;
  for (int c = 0; status == 0;) {
    line.clear();
    while ((c = std::fgetc(in)) != EOF && c != '\n') line += char(c);
    if (line.empty() && c == EOF) break;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto action = action_from_json(line);
    if (!action.ok()) {
      status = report_error("play", action.status().with_context(path + ":" + std::to_string(line_number)));
      break;
    }
    StepResult r = (*env)->step(*action);
    std::printf("step %d: %s%s\n", (*env)->steps(), action_to_json(*action).c_str(),
                r.status.ok() ? "" : ("  refused: " + r.status.message()).c_str());
    if (r.done) break;
  }
  if (in != stdin) std::fclose(in);
  if (status != 0) return status;
  const Outcome& outcome = (*env)->done() ? (*env)->outcome() : (*env)->finish("actions ended");
  std::printf("outcome: %s, reward %+.2f (%s)\n", outcome.success() ? "success" : "failure", outcome.reward,
              outcome.reason.c_str());
  return outcome.success() ? 0 : 1;
}

// --record: plays one episode and writes it as a trace (docs/data_format.md) to root/<task>-<seed>/:
// the frame the policy saw before every step, the action, the stage timings and the outcome, then
// the final frame. Times are the episode clock: simulated for the human-like expert, wall otherwise.
Result<EpisodeReport> play_recorded(const EnvConfig& config, SimPolicy policy, const std::string& root,
                                    const PlayOptions& options) {
  // Build the episode once for its screen and instruction (TaskEnv is deterministic in the seed).
  auto probe = TaskEnv::create(config);
  HEMU_RETURN_IF_ERROR(probe.status());
  TraceMeta meta;
  meta.kind = TraceKind::kEpisode;
  meta.screen = (*probe)->desktop().screen_size();
  meta.ui_scale = (*probe)->desktop().scale();
  meta.instruction = (*probe)->instruction();
  meta.task = config.task;
  meta.seed = config.seed;
  meta.policy = sim_policy_name(policy);
  meta.source = "sim:" + config.task;
  auto writer = TraceWriter::create(root + "/" + config.task + "-" + std::to_string(config.seed), meta);
  HEMU_RETURN_IF_ERROR(writer.status());
  TraceWriter& trace = **writer;
  PlayOptions recording = options;
  recording.capture_every_step = true;
  recording.keep_frames = true;  // the last frame closes the trace
  recording.on_step = [&trace](const PlayStep& step) {
    StageTimings timings;
    timings.capture_us = step.capture_us;
    timings.decide_us = step.decide_us;
    timings.act_us = step.act_us;
    return trace.add_step(step.index, *step.observed, int64_t(step.time_s * 1e6), step.action, timings,
                          step.status.ok() ? "" : step.status.message());
  };
  auto report = play_episode(config, policy, recording);
  HEMU_RETURN_IF_ERROR(report.status());
  int64_t end_us = int64_t((policy == SimPolicy::kHumanExpert ? report->human_like_s : report->wall_s) * 1e6);
  HEMU_RETURN_IF_ERROR(trace.add_frame(report->frames.back(), end_us).status());
  const Outcome& o = report->outcome;
  HEMU_RETURN_IF_ERROR(trace.add_outcome({o.success(), o.reward, o.reason, report->steps}, end_us));
  HEMU_RETURN_IF_ERROR(trace.finish());
  if (!options.keep_frames) report->frames.clear();
  return report;
}

int play_main(int argc, char** argv) {
  Flags flags("play",
              "Play tasks with a built-in policy and report success, steps and time against the\n"
              "Keystroke-Level-Model human reference. TASK may be a task name, a family, or all.",
              "TASK...");
  std::string& policy_name = flags.add_string("policy", "expert", "expert (clean), human (human-like timing) or random");
  int64_t& episodes = flags.add_int("episodes", 10, "episodes per task");
  int64_t& seed_start = flags.add_int("seed", 0, "first seed; episode i uses seed+i");
  std::string& size = flags.add_string("size", "", "screen size WxH (default: each task's native size x scale)");
  double& scale = flags.add_double("scale", 1.0, "UI scale in 1..2");
  std::string& theme = flags.add_string("theme", "", "light, dark or classic (default: from the seed)");
  std::string& gif = flags.add_string("gif", "", "write an animated GIF of the first episode of the first task");
  std::string& strip = flags.add_string("strip", "", "write a PNG contact sheet of that episode's frames");
  bool& json = flags.add_bool("json", false, "print one JSON line per episode instead of the table");
  std::string& actions = flags.add_string("actions", "", "replay actions from a JSON-lines file (- for stdin) "
                                          "on one episode of one task instead of a policy");
  std::string& record = flags.add_string("record", "", "write every episode as a trace to DIR/<task>-<seed>/ "
                                         "(frames, actions, timings, outcome; docs/data_format.md)");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("play", st);
  if (!actions.empty()) {
    // Replaying is one episode of one task: flags about policies, episodes and pictures do not
    // apply, and silently ignoring them would surprise.
    for (const char* unused : {"policy", "episodes", "gif", "strip", "json", "record"})
      if (flags.was_set(unused))
        return report_error("play", invalid_argument(std::string("--") + unused + " cannot be combined with --actions"));
    return replay_actions(flags.positional(), actions, uint64_t(seed_start), size, scale, theme);
  }
  auto policy = sim_policy_from_name(policy_name);
  if (!policy.ok()) return report_error("play", policy.status());
  auto tasks = tasks_from_args(flags.positional());
  if (!tasks.ok()) return report_error("play", tasks.status());
  auto base = base_config_from_flags(size, scale, theme);
  if (!base.ok()) return report_error("play", base.status());
  if (episodes < 1) return report_error("play", invalid_argument("--episodes must be at least 1"));

  PlayTable table(sim_policy_name(*policy));
  ProgressBar progress("play", int(tasks->size() * size_t(episodes)));
  int done = 0;
  for (const auto& task : *tasks) {
    for (int64_t i = 0; i < episodes; ++i) {
      EnvConfig config = *base;
      config.task = task;
      config.seed = uint64_t(seed_start + i);
      PlayOptions options;
      bool visual = i == 0 && task == tasks->front() && (!gif.empty() || !strip.empty());
      options.keep_frames = visual;
      auto episode = record.empty() ? play_episode(config, *policy, options)
                                    : play_recorded(config, *policy, record, options);
      if (!episode.ok()) return report_error("play", episode.status().with_context(task));
      if (json) std::printf("%s\n", episode_json(*episode, *policy).c_str());
      table.add(*episode, *policy);
      if (visual && !gif.empty()) {
        if (auto st = write_episode_gif(*episode, gif, 960); !st.ok()) return report_error("play", st);
        std::fprintf(stderr, "wrote %s (%zu frames)\n", gif.c_str(), episode->frames.size());
      }
      if (visual && !strip.empty()) {
        Frame sheet = tile_strip(episode->frames, 4, 320);
        if (auto st = png_write(sheet, strip); !st.ok()) return report_error("play", st);
        std::fprintf(stderr, "wrote %s\n", strip.c_str());
      }
      progress.update(++done, task);
    }
  }
  progress.finish();
  if (!json) std::fputs(table.render().c_str(), stdout);
  if (!record.empty()) std::fprintf(stderr, "recorded %d episodes in %s\n", done, record.c_str());
  return 0;
}

}  // namespace hemu::cli
