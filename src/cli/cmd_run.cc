// hemu run: one episode of the agent loop (capture, decide, act, settle, verify) with live
// progress, written as an episode trace (docs/data_format.md) for audit and for the flywheel.
//   hemu run --task login_navigate --seed 3               embedded desktop, in process
//   hemu run --task login_navigate --display :99          the same task in a `hemu desktop` window, through X11
//   hemu run --display :0 --region 0,0,1280,720 --instruction "Click \"Save\"."   any X display
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "agent/neural_agent_policy.h"
#include "cli/agent_runner.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/play_report.h"
#include "cli/run_report.h"
#include "data/trace_writer.h"
#include "screen/kill_switch.h"

namespace hemu::cli {
namespace {

std::string compact_utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// root/<name>-<UTC time>, with -2, -3, ... when that exists (two runs in one second).
std::string episode_dir(const std::string& root, const std::string& name) {
  const std::string base = root + "/" + name + "-" + compact_utc_now();
  std::string dir = base;
  for (int i = 2; std::filesystem::exists(dir); ++i) dir = base + "-" + std::to_string(i);
  return dir;
}

}  // namespace

int run_main(int argc, char** argv) {
  Flags flags("run",
              "Run the agent loop for one episode: capture, decide, act, wait until the screen settles, verify\n"
              "the action changed something (else choose differently), until done, a limit or the kill switch.\n"
              "Prints a line per step, writes the episode (frames, actions, stage timings, outcome) as a trace.\n"
              "  --task TASK [--seed N]                 a task of the embedded desktop, in process\n"
              "  --task TASK --display :N               the same task in a `hemu desktop` window, through X11\n"
              "  --display :N --instruction \"...\"       any X display [--region x,y,w,h | --monitor NAME]\n"
              "Exit code: 0 success (or done/limit on a display, where success is unknown), 1 failure, 2 usage.");
  std::string& task = flags.add_string("task", "", "embedded task to work (see hemu tasks)");
  int64_t& seed = flags.add_int("seed", 0, "episode seed (with --task)");
  std::string& display = flags.add_string("display", "", "X display, e.g. :99");
  std::string& instruction = flags.add_string("instruction", "", "what to do (on a display, without --task)");
  std::string& region = flags.add_string("region", "", "work only inside this root rectangle x,y,w,h");
  std::string& monitor = flags.add_string("monitor", "", "work only on this XRandR monitor");
  std::string& policy_flag = flags.add_string("policy", "model", "model, or expert (embedded tasks in process only)");
  std::string& model = flags.add_string("model", "", "model file (default: $HEMU_MODEL or models/default.hemu)");
  std::string& size = flags.add_string("size", "", "sim screen size WxH (default: the task's native size x scale)");
  double& scale = flags.add_double("scale", 1.0, "UI scale in 1..2");
  std::string& theme = flags.add_string("theme", "", "light, dark or classic (default: from the seed)");
  int64_t& max_steps = flags.add_int("max-steps", 100, "step limit (embedded tasks: also the task's own limit)");
  double& max_seconds = flags.add_double("max-seconds", 300, "time limit");
  std::string& out = flags.add_string("out", "hemu-runs", "episodes go to OUT/<task>-<UTC time>/");
  bool& no_record = flags.add_bool("no-record", false, "do not write the episode");
  std::string& gif = flags.add_string("gif", "", "also write an animated GIF of the episode");
  std::string& stop_file = flags.add_string("stop-file", "", "kill switch: stop as soon as this file exists (SIGUSR1 always works)");
  std::string& audit_log = flags.add_string("audit-log", "", "on a display: one JSON line per action sent (- for stderr)");
  bool& dry_run = flags.add_bool("dry-run", false, "on a display: decide and log, send nothing");
  bool& json = flags.add_bool("json", false, "print the result as one JSON line on stdout");
  bool& quiet = flags.add_bool("quiet", false, "no per-step lines");
  bool& no_pointer = flags.add_bool("no-pointer", false, "in process: frames without the pointer sprite, as an X11 capture sees them");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("run", st);
  if (!flags.positional().empty()) return report_error("run", invalid_argument("unexpected argument '" + flags.positional()[0] + "'"));
  if (task.empty() && instruction.empty()) return report_error("run", invalid_argument("give --task TASK, or --display :N with --instruction"));
  if (!task.empty() && !instruction.empty()) return report_error("run", invalid_argument("--instruction comes from the task with --task: give one of them"));
  if (task.empty() && display.empty()) return report_error("run", invalid_argument("--instruction needs --display"));
  if (!task.empty() && (!region.empty() || !monitor.empty())) return report_error("run", invalid_argument("--region/--monitor are for --instruction runs; a task's window is at the display's top-left"));

  auto spec = policy_spec(policy_flag, model);
  if (!spec.ok()) return report_error("run", spec.status());
  if (spec->kind == "expert" && (task.empty() || !display.empty())) {
    return report_error("run", invalid_argument("--policy expert reads the sim's widget tree: only with --task in process"));
  }
  KillSwitch& kill = KillSwitch::process();
  if (auto st = kill.trip_on_signal(SIGUSR1); !st.ok()) return report_error("run", st);
  if (!stop_file.empty()) {
    if (auto st = kill.watch_file(stop_file); !st.ok()) return report_error("run", st);
  }

  RunOptions options;
  options.max_steps = int(max_steps);
  options.max_seconds = max_seconds;
  options.should_stop = [&kill] { return kill.tripped(); };
  std::vector<Frame> frames;
  options.on_step = [&](const StepRecord& r, const Frame& observed) {
    if (!quiet) std::fprintf(stderr, "%s\n", step_line(r).c_str());
    if (!gif.empty()) frames.push_back(observed);
    return Status();
  };

  // Everything that can fail on bad input is checked before the episode's trace is created.
  EnvConfig config;
  if (!task.empty()) {
    auto base = base_config_from_flags(size, scale, theme);
    if (!base.ok()) return report_error("run", base.status());
    config = *base;
    config.task = task;
    config.seed = uint64_t(seed);
    if (auto env = TaskEnv::create(config); !env.ok()) return report_error("run", env.status());
  }
  DisplayTarget target;
  target.display = display;
  target.monitor = monitor;
  target.audit_log = audit_log;
  target.dry_run = dry_run;
  if (!region.empty()) {
    auto r = parse_region(region);
    if (!r.ok()) return report_error("run", r.status());
    target.region = *r;
  }
  std::unique_ptr<NeuralAgentPolicy> model_policy;
  if (spec->kind == "model") {
    auto loaded = NeuralAgentPolicy::load(spec->model_path);
    if (!loaded.ok()) return report_error("run", loaded.status());
    model_policy = std::move(*loaded);
  }

  std::unique_ptr<TraceWriter> trace;
  if (!no_record) {
    TraceMeta meta;  // instruction and screen are filled in by the loop
    meta.kind = TraceKind::kEpisode;
    meta.policy = spec->kind == "expert" ? "expert" : "model:" + spec->model_path;
    meta.task = task;
    if (!task.empty()) meta.seed = uint64_t(seed);
    meta.source = !display.empty() ? "x11:" + display : "sim:" + task;
    auto writer = TraceWriter::create(episode_dir(out, task.empty() ? "display" : task), meta);
    if (!writer.ok()) return report_error("run", writer.status());
    trace = std::move(*writer);
    options.trace = trace.get();
  }

  Result<SimRun> run = Status(ErrorCode::kInternal, "no run");
  if (!task.empty() && display.empty()) {
    if (model_policy) {
      run = run_sim_task(config, *model_policy, options, !no_pointer);
    } else {
      auto factory = make_policy_factory(*spec);  // the expert, built on the episode's desktop
      run = factory.ok() ? run_sim_task(config, *factory, options, !no_pointer) : Result<SimRun>(factory.status());
    }
  } else if (!task.empty()) {
    run = run_task_via_desktop(config, display, *model_policy, options);
  } else {
    run = run_on_display(target, *model_policy, instruction, options);
  }
  if (!run.ok()) return report_error("run", run.status());
  if (trace) {
    if (auto st = trace->finish(); !st.ok()) return report_error("run", st);
  }
  if (!gif.empty()) {
    frames.push_back(run->result.last_frame);
    if (auto st = write_frames_gif(frames, gif, 960); !st.ok()) return report_error("run", st);
  }

  const RunResult& r = run->result;
  std::vector<StepRecord> records = r.records;
  const Json stages = stage_summary_json(records);
  const Json* compute = stages.find("compute");
  std::string outcome = r.verdict ? (r.verdict->success ? "SUCCESS" : "FAILURE") + std::string(": ") + r.verdict->reason
                                  : std::string("stopped (") + stop_reason_name(r.stop) + "): " + r.detail;
  std::fprintf(stderr, "%s\n%d steps in %.3f s", outcome.c_str(), r.steps, r.seconds);
  if (run->human_reference_s > 0) {
    std::fprintf(stderr, ", %.0fx the human reference (KLM %.1f s)", run->speedup(), run->human_reference_s);
  }
  std::fprintf(stderr, "; compute per step p50 %.1f ms, p90 %.1f ms; %d without effect\n",
               compute->find("p50")->as_number(), compute->find("p90")->as_number(), r.no_effect_steps);
  if (trace) std::fprintf(stderr, "episode: %s\n", trace->dir().c_str());
  if (!gif.empty()) std::fprintf(stderr, "wrote %s\n", gif.c_str());
  if (json) {
    Json j = r.to_json();
    if (!task.empty()) {
      j["task"] = task;
      j["seed"] = seed;
      j["human_s"] = run->human_reference_s;
      j["speedup"] = run->speedup();
    }
    if (trace) j["episode"] = trace->dir();
    std::printf("%s\n", j.dump().c_str());
  }
  if (r.verdict) return r.verdict->success ? 0 : 1;
  return r.stop == StopReason::kPolicyError || r.stop == StopReason::kStuck || r.stop == StopReason::kKillSwitch ? 1 : 0;
}

}  // namespace hemu::cli
