#include "cli/agent_runner.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "agent/neural_agent_policy.h"
#include "core/child_process.h"
#include "core/json.h"
#include "screen/guard.h"
#include "sim/play.h"
#include "screen/kill_switch.h"

#ifdef HEMU_HAVE_X11
#include "x11/x11_screen.h"
#endif

namespace hemu::cli {

Result<std::string> find_model(const std::string& flag) {
  if (!flag.empty()) {
    if (!std::filesystem::exists(flag)) return not_found("model file " + flag + " does not exist");
    return flag;
  }
  std::vector<std::string> tried;
  if (const char* env = std::getenv("HEMU_MODEL"); env != nullptr && *env != '\0') {
    if (std::filesystem::exists(env)) return std::string(env);
    tried.push_back(std::string(env) + " ($HEMU_MODEL)");
  }
  const std::filesystem::path exe_dir = std::filesystem::path(self_executable()).parent_path();
  for (const std::filesystem::path& p : {std::filesystem::path("models/default.hemu"),
                                         exe_dir.parent_path() / "models/default.hemu",
                                         exe_dir / "models/default.hemu"}) {
    if (std::filesystem::exists(p)) return p.lexically_normal().string();
    tried.push_back(p.lexically_normal().string());
  }
  std::string list;
  for (const auto& t : tried) list += (list.empty() ? "" : ", ") + t;
  return not_found("no model file: pass --model PATH (tried " + list + ")");
}

Result<PolicySpec> policy_spec(const std::string& policy_flag, const std::string& model_flag) {
  PolicySpec spec;
  spec.kind = policy_flag;
  if (spec.kind == "expert") return spec;
  if (spec.kind != "model") return invalid_argument("--policy '" + policy_flag + "': expected model or expert");
  auto path = find_model(model_flag);
  HEMU_RETURN_IF_ERROR(path.status());
  spec.model_path = *path;
  return spec;
}

Result<SimPolicyFactory> make_policy_factory(const PolicySpec& spec) {
  if (spec.kind == "expert") {
    return SimPolicyFactory([](TaskEnv& env) -> Result<std::unique_ptr<AgentPolicy>> {
      return std::unique_ptr<AgentPolicy>(new ExpertAgentPolicy(env));
    });
  }
  auto loaded = NeuralAgentPolicy::load(spec.model_path);
  HEMU_RETURN_IF_ERROR(loaded.status());
  // Episodes share the one loaded model (begin() resets its memory).
  std::shared_ptr<NeuralAgentPolicy> model(std::move(*loaded));
  return SimPolicyFactory([model](TaskEnv&) -> Result<std::unique_ptr<AgentPolicy>> {
    return borrow_policy(*model, model);
  });
}

#ifndef HEMU_HAVE_X11

Result<SimRun> run_on_display(const DisplayTarget&, AgentPolicy&, const std::string&, RunOptions) {
  return unavailable("this hemu was built without X11 (install libx11-dev and rebuild)");
}
Result<SimRun> run_task_via_desktop(const EnvConfig&, const std::string&, AgentPolicy&, RunOptions) {
  return unavailable("this hemu was built without X11 (install libx11-dev and rebuild)");
}

#else

namespace {

Result<std::unique_ptr<X11Screen>> open_x11(const std::string& display, std::optional<Rect> region,
                                            const std::string& monitor) {
  X11ScreenOptions o;
  o.display = display;
  o.region = region;
  o.monitor = monitor;
  o.should_stop = KillSwitch::process().as_should_stop();
  return X11Screen::open(o);
}

// The outcome line `hemu desktop` prints when its task is judged finished.
std::optional<Verdict> parse_outcome(const std::string& line) {
  auto json = Json::parse(line);
  if (!json.ok() || !json->is_object()) return std::nullopt;
  const Json* success = json->find("success");
  const Json* reward = json->find("reward");
  const Json* reason = json->find("reason");
  if (success == nullptr || !success->is_bool()) return std::nullopt;
  Verdict v;
  v.success = success->as_bool();
  v.reward = reward != nullptr && reward->is_number() ? reward->as_number() : 0.0;
  v.reason = reason != nullptr && reason->is_string() ? reason->as_string() : "";
  return v;
}

class DesktopJudge final : public EpisodeJudge {
 public:
  explicit DesktopJudge(ChildProcess& child) : child_(child) {}
  std::optional<Verdict> after_step(double) override {
    // The child judges as it handles the input, before it redraws, and the loop has already
    // waited for the redraw to settle: the line is there if the task finished.
    while (auto line = child_.read_line(0)) {
      if (auto v = parse_outcome(*line)) return v;
    }
    return std::nullopt;
  }
  std::optional<Verdict> final_verdict(const std::string&) override {
    if (auto v = after_step(0)) return v;
    child_.signal(SIGINT);  // the desktop judges the state as it stands and prints the outcome
    while (auto line = child_.read_line(10000)) {
      if (auto v = parse_outcome(*line)) return v;
    }
    return std::nullopt;
  }

 private:
  ChildProcess& child_;
};

}  // namespace

Result<SimRun> run_on_display(const DisplayTarget& target, AgentPolicy& policy, const std::string& instruction,
                              RunOptions options) {
  auto x11 = open_x11(target.display, target.region, target.monitor);
  HEMU_RETURN_IF_ERROR(x11.status());
  GuardOptions guard;
  guard.audit_log_path = target.audit_log;
  guard.dry_run = target.dry_run;
  auto screen = GuardedScreen::create(**x11, guard);
  HEMU_RETURN_IF_ERROR(screen.status());
  KillSwitch& kill = KillSwitch::process();
  auto outer_stop = options.should_stop;
  options.should_stop = [&kill, outer_stop] { return kill.tripped() || (outer_stop && outer_stop()); };
  auto result = run_agent(**screen, policy, instruction, options);
  HEMU_RETURN_IF_ERROR(result.status());
  SimRun run;
  run.instruction = instruction;
  run.result = std::move(*result);
  return run;
}

Result<SimRun> run_task_via_desktop(const EnvConfig& config, const std::string& display, AgentPolicy& policy,
                                    RunOptions options) {
  // The same episode in process gives the window's size and the human reference.
  auto env = TaskEnv::create(config);
  HEMU_RETURN_IF_ERROR(env.status());
  const Size size = (*env)->desktop().screen_size();
  auto human = human_reference_seconds(config);
  HEMU_RETURN_IF_ERROR(human.status());
  std::vector<std::string> args = {self_executable(), "desktop", "--display", display, config.task,
                                   "--seed", std::to_string(config.seed), "--size",
                                   std::to_string(size.width) + "x" + std::to_string(size.height),
                                   "--scale", std::to_string(config.scale)};
  if (config.theme) args.insert(args.end(), {"--theme", theme_family_name(*config.theme)});
  auto child = ChildProcess::spawn(args, /*quiet=*/true);
  HEMU_RETURN_IF_ERROR(child.status());
  std::optional<std::string> instruction = (*child)->read_line(20000);
  if (!instruction || instruction->empty()) {
    auto code = (*child)->wait_exit(1000);
    return unavailable("hemu desktop on " + (display.empty() ? std::string("$DISPLAY") : display) +
                       " showed no task" + (code ? " (exit code " + std::to_string(*code) + ")" : ""));
  }
  auto screen = open_x11(display, Rect{0, 0, size.width, size.height}, "");
  HEMU_RETURN_IF_ERROR(screen.status());
  DesktopJudge judge(**child);
  options.judge = &judge;
  options.max_steps = std::min(options.max_steps, (*env)->task().info().max_steps);
  SimRun run;
  run.task = config.task;
  run.seed = config.seed;
  run.instruction = *instruction;
  run.human_reference_s = *human;
  auto result = run_agent(**screen, policy, *instruction, options);
  HEMU_RETURN_IF_ERROR(result.status());
  run.result = std::move(*result);
  (*child)->wait_exit(5000);
  return run;
}

#endif  // HEMU_HAVE_X11

}  // namespace hemu::cli
