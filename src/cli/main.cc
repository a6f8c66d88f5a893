// hemu: the human emulator. One binary, one subcommand per job (see `hemu --help`).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/commands.h"

#ifdef HEMU_HAVE_JEMALLOC
// jemalloc (linked instead of glibc malloc): keep freed pages instead of returning them to the OS;
// torch's large, short-lived activations otherwise page-fault on every step (MACHINE_NOTES).
extern "C" const char* malloc_conf;
const char* malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";
#endif

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*main)(int, char**);
};

const Command kCommands[] = {
    {"tasks", "list the embedded desktop's tasks (name, family, description)", hemu::cli::tasks_main},
    {"show", "render a task's screen to a PNG", hemu::cli::show_main},
    {"play", "play tasks with a built-in policy (expert, human, random) and report", hemu::cli::play_main},
    {"demo", "the main job: work the embedded task suite, print a table, write a GIF", hemu::cli::demo_main},
    {"train", "train the brain from scratch on the embedded desktop and write a model file", hemu::cli::train_main},
    {"eval", "evaluate a model on embedded tasks over held-out seeds (success, steps, speed vs a person)",
     hemu::cli::eval_main},
    {"imitate", "train the decision part on traces (recordings of people, episodes) seen through the model's eyes",
     hemu::cli::imitate_main},
    {"flywheel", "generate or take traces, learn from them, evaluate, practise: one command, one report",
     hemu::cli::flywheel_main},
    {"practice", "self-play: the model works tasks, keeps what it solved, is fine-tuned on it, repeats",
     hemu::cli::practice_main},
    {"run", "run the agent loop for one episode (embedded task, or an instruction on an X display)",
     hemu::cli::run_main},
    {"agent", "a persistent worker: tasks as JSON lines on stdin, one JSON result line each", hemu::cli::agent_main},
    {"model", "inspect (info) or assemble a model file from separately trained parts", hemu::cli::model_main},
    {"web", "render labelled web pages of our own in Chromium (render), measure perception on them (eval)",
     hemu::cli::web_main},
    {"bench", "measure figures (bench sim | x11 | policy | agent)", hemu::cli::bench_main},
    {"screenshot", "capture an X display (or a region of it) to a PNG", hemu::cli::screenshot_main},
    {"act", "send actions (JSON) to an X display through the safety guard", hemu::cli::act_main},
    {"displays", "list an X display's monitors (XRandR outputs)", hemu::cli::displays_main},
    {"desktop", "show the embedded desktop in a real X window, worked through X11", hemu::cli::desktop_main},
    {"record", "record a person's input and screen on an X display as a trace", hemu::cli::record_main},
    {"label", "turn a recording's raw input events into actions aligned with its frames", hemu::cli::label_main},
    {"data", "datasets of recordings and episodes (stats, check, merge, split, export)", hemu::cli::data_main},
};

void print_help() {
  std::printf(
      "hemu - a human emulator: looks at the screen's pixels, decides, and works the keyboard and mouse.\n\n"
      "usage: hemu <command> [flags]   (hemu <command> --help for its flags)\n\ncommands:\n");
  for (const auto& c : kCommands) std::printf("  %-11s %s\n", c.name, c.summary);
}

}  // namespace

namespace hemu::cli {

int report_error(const char* command, const Status& status) {
  if (status.code() == ErrorCode::kCancelled) return 0;
  std::fprintf(stderr, "hemu %s: %s\n", command, status.to_string().c_str());
  switch (status.code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kOutOfRange:
    case ErrorCode::kNotFound: return 2;
    default: return 1;
  }
}

}  // namespace hemu::cli

int main(int argc, char** argv) {
  // OpenMP (torch, OpenBLAS) spin-waits by default: on a shared 2-core machine that was 10x slower
  // training than passive waiting (measured). Callers may still override it.
  setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    if (argc >= 3 && !std::strcmp(argv[1], "help")) {
      for (const auto& c : kCommands)
        if (!std::strcmp(argv[2], c.name)) {
          char help[] = "--help";
          char* args[] = {argv[2], help};
          return c.main(2, args);
        }
    }
    print_help();
    return argc < 2 ? 2 : 0;
  }
  for (const auto& c : kCommands)
    if (!std::strcmp(argv[1], c.name)) return c.main(argc - 1, argv + 1);
  std::fprintf(stderr, "hemu: unknown command '%s'\n\n", argv[1]);
  print_help();
  return 2;
}
