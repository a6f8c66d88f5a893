// hemu agent --jsonl: a persistent worker. Loads the model once, reads one task per JSON line on
// stdin, works it with the agent loop, writes one JSON result line per task on stdout (flushed).
// Malformed lines get an error line and the worker keeps serving. docs/agent.md has the protocol.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "agent/neural_agent_policy.h"
#include "cli/agent_runner.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "core/json.h"
#include "data/trace_writer.h"
#include "screen/kill_switch.h"

namespace hemu::cli {
namespace {

// One parsed request line.
struct AgentTask {
  Json id;                   // echoed back (null when absent)
  std::string task;          // an embedded task, or
  std::string instruction;   // an instruction for a display
  uint64_t seed = 0;
  double scale = 1.0;
  std::string display;
  std::optional<Rect> region;
  std::string monitor;
  int max_steps = 100;
  double max_seconds = 300;
  bool record = false;
};

Status field_error(const std::string& name, const std::string& expected) {
  return invalid_argument("field '" + name + "': expected " + expected);
}

Result<AgentTask> parse_task(const std::string& line) {
  auto json = Json::parse(line);
  if (!json.ok()) return invalid_argument("not JSON: " + json.status().message());
  if (!json->is_object()) return invalid_argument("expected a JSON object");
  AgentTask t;
  for (const auto& [key, value] : json->items()) {
    if (key == "id") {
      t.id = value;
    } else if (key == "task" || key == "instruction" || key == "display" || key == "monitor") {
      if (!value.is_string() || value.as_string().empty()) return field_error(key, "a non-empty string");
      (key == "task" ? t.task : key == "instruction" ? t.instruction : key == "display" ? t.display : t.monitor) =
          value.as_string();
    } else if (key == "seed") {
      if (!value.is_integer() || value.as_int() < 0) return field_error(key, "an integer >= 0");
      t.seed = uint64_t(value.as_int());
    } else if (key == "scale") {
      if (!value.is_number() || value.as_number() < 1 || value.as_number() > 2) return field_error(key, "a number in 1..2");
      t.scale = value.as_number();
    } else if (key == "max_steps") {
      if (!value.is_integer() || value.as_int() < 1 || value.as_int() > 10000) return field_error(key, "an integer in 1..10000");
      t.max_steps = int(value.as_int());
    } else if (key == "max_seconds") {
      if (!value.is_number() || value.as_number() <= 0 || value.as_number() > 86400) return field_error(key, "seconds in (0, 86400]");
      t.max_seconds = value.as_number();
    } else if (key == "region") {
      const bool ok = value.is_array() && value.as_array().size() == 4 &&
                      std::all_of(value.as_array().begin(), value.as_array().end(),
                                  [](const Json& v) { return v.is_integer() && v.as_int() >= 0 && v.as_int() <= kMaxCoordinatePx; });
      if (!ok || value.as_array()[2].as_int() == 0 || value.as_array()[3].as_int() == 0) {
        return field_error(key, "[x, y, width, height] in root pixels");
      }
      const auto& a = value.as_array();
      t.region = Rect{int(a[0].as_int()), int(a[1].as_int()), int(a[2].as_int()), int(a[3].as_int())};
    } else if (key == "record") {
      if (!value.is_bool()) return field_error(key, "true or false");
      t.record = value.as_bool();
    } else {
      return invalid_argument("unknown field '" + key + "' (known: id, task, seed, scale, instruction, display, "
                              "region, monitor, max_steps, max_seconds, record)");
    }
  }
  if (t.task.empty() == t.instruction.empty()) return invalid_argument("give exactly one of 'task' and 'instruction'");
  if (!t.instruction.empty() && t.display.empty()) return invalid_argument("'instruction' needs 'display'");
  if (!t.task.empty() && (t.region || !t.monitor.empty())) {
    return invalid_argument("'region'/'monitor' are for 'instruction' tasks");
  }
  return t;
}

Json error_line(const Json& id, int line_number, const std::string& message) {
  Json j = Json::object();
  j["id"] = id;
  j["ok"] = false;
  j["line"] = line_number;
  j["error"] = message;
  return j;
}

}  // namespace

int agent_main(int argc, char** argv) {
  Flags flags("agent",
              "A persistent worker: loads the model once, then reads tasks as JSON lines on stdin and writes\n"
              "one JSON result line per task on stdout. A task is\n"
              "  {\"id\":1,\"task\":\"login_navigate\",\"seed\":3}                      embedded desktop, in process\n"
              "  {\"id\":2,\"task\":\"click_button\",\"display\":\":99\"}                a hemu desktop window, through X11\n"
              "  {\"id\":3,\"instruction\":\"...\",\"display\":\":0\",\"region\":[0,0,1280,720]}   any X display\n"
              "with optional max_steps, max_seconds, scale, monitor, record. Results carry success (null when\n"
              "unknown), steps, seconds, stop reason and stage timings (p50/p90 ms). Malformed lines get\n"
              "{\"ok\":false,\"error\":...} and the worker goes on. EOF ends it; SIGUSR1 (the kill switch) stops the\n"
              "current task and the worker. Protocol: docs/agent.md.");
  bool& jsonl = flags.add_bool("jsonl", false, "JSON lines on stdin and stdout (the only protocol so far; required)");
  std::string& model = flags.add_string("model", "", "model file (default: $HEMU_MODEL or models/default.hemu)");
  std::string& out = flags.add_string("out", "hemu-runs", "tasks with \"record\": true write episodes to OUT/agent-<n>/");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("agent", st);
  if (!jsonl) return report_error("agent", invalid_argument("pass --jsonl (JSON lines on stdin/stdout)"));
  auto path = find_model(model);
  if (!path.ok()) return report_error("agent", path.status());
  auto policy = NeuralAgentPolicy::load(*path);
  if (!policy.ok()) return report_error("agent", policy.status());
  KillSwitch& kill = KillSwitch::process();
  if (auto st = kill.trip_on_signal(SIGUSR1); !st.ok()) return report_error("agent", st);
  std::fprintf(stderr, "hemu agent: %s loaded; reading tasks from stdin\n", path->c_str());

  std::string line;
  int line_number = 0, served = 0;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto task = parse_task(line);
    if (!task.ok()) {
      // Echo the id when the line is an object that has one, so the caller can match the error.
      Json id;
      if (auto json = Json::parse(line); json.ok() && json->is_object() && json->find("id") != nullptr) id = *json->find("id");
      std::printf("%s\n", error_line(id, line_number, task.status().message()).dump().c_str());
      std::fflush(stdout);
      continue;
    }
    RunOptions options;
    options.max_steps = task->max_steps;
    options.max_seconds = task->max_seconds;
    options.should_stop = [&kill] { return kill.tripped(); };
    std::unique_ptr<TraceWriter> trace;
    if (task->record) {
      TraceMeta meta;
      meta.kind = TraceKind::kEpisode;
      meta.task = task->task;
      if (!task->task.empty()) meta.seed = task->seed;
      auto writer = TraceWriter::create(out + "/agent-" + std::to_string(::getpid()) + "-" + std::to_string(line_number), meta);
      if (!writer.ok()) {
        std::printf("%s\n", error_line(task->id, line_number, writer.status().message()).dump().c_str());
        std::fflush(stdout);
        continue;
      }
      trace = std::move(*writer);
      options.trace = trace.get();
    }
    Result<SimRun> run = Status(ErrorCode::kInternal, "no run");
    if (!task->task.empty()) {
      EnvConfig config;
      config.task = task->task;
      config.seed = task->seed;
      config.scale = task->scale;
      run = task->display.empty() ? run_sim_task(config, **policy, options)
                                  : run_task_via_desktop(config, task->display, **policy, options);
    } else {
      DisplayTarget target;
      target.display = task->display;
      target.region = task->region;
      target.monitor = task->monitor;
      run = run_on_display(target, **policy, task->instruction, options);
    }
    if (trace && run.ok()) {
      if (auto st = trace->finish(); !st.ok()) run = st;
    }
    if (!run.ok()) {
      std::printf("%s\n", error_line(task->id, line_number, run.status().message()).dump().c_str());
      std::fflush(stdout);
      continue;
    }
    Json j = run->result.to_json();
    j["id"] = task->id;
    j["ok"] = true;
    if (!task->task.empty()) {
      j["task"] = task->task;
      j["seed"] = int64_t(task->seed);
      j["human_s"] = run->human_reference_s;
      j["speedup"] = run->speedup();
    }
    if (trace) j["episode"] = trace->dir();
    std::printf("%s\n", j.dump().c_str());
    std::fflush(stdout);
    ++served;
    if (kill.tripped()) {
      std::fprintf(stderr, "hemu agent: kill switch tripped; stopping after %d tasks\n", served);
      return 1;
    }
  }
  std::fprintf(stderr, "hemu agent: end of input after %d tasks\n", served);
  return 0;
}

}  // namespace hemu::cli
