// hemu's subcommands. Each takes argv starting at the subcommand name and returns an exit code
// (0 ok, 1 failure of the work, 2 bad usage). Mains do flags and wiring only.
#pragma once

#include "core/status.h"

namespace hemu::cli {

int tasks_main(int argc, char** argv);
int show_main(int argc, char** argv);
int play_main(int argc, char** argv);
int bench_main(int argc, char** argv);
int demo_main(int argc, char** argv);
// The brain: `hemu train`, `hemu eval` (cmd_train.cc).
int train_main(int argc, char** argv);
int eval_main(int argc, char** argv);
int bench_policy_main(int argc, char** argv);  // cmd_bench_policy.cc
int model_main(int argc, char** argv);         // cmd_model.cc: info, assemble
int web_main(int argc, char** argv);           // cmd_web.cc: render, eval (web pages in Chromium)
// The agent loop: `hemu run` (cmd_run.cc), `hemu agent --jsonl` (cmd_agent.cc).
int run_main(int argc, char** argv);
int agent_main(int argc, char** argv);
int bench_agent_main(int argc, char** argv);  // cmd_bench_agent.cc
int practice_main(int argc, char** argv);      // cmd_practice.cc: self-play
int imitate_main(int argc, char** argv);       // cmd_imitate.cc: behaviour cloning on traces
int flywheel_main(int argc, char** argv);      // cmd_flywheel.cc: the whole loop
// X11 commands (cmd_x11.cc, cmd_desktop.cc).
int screenshot_main(int argc, char** argv);
int act_main(int argc, char** argv);
int displays_main(int argc, char** argv);
int desktop_main(int argc, char** argv);
// Datasets of recordings and episodes: stats, check, merge, split, export, bench (cmd_data.cc).
int data_main(int argc, char** argv);
int label_main(int argc, char** argv);
// `hemu record`: a person's input (XRecord) and screen changes on an X display, as a trace (cmd_record.cc).
int record_main(int argc, char** argv);
// `hemu bench x11`: capture, click round trip and damage latency figures (cmd_x11.cc).
int bench_x11_main(int argc, char** argv);

// Prints "hemu <cmd>: <message>" to stderr and returns 2 for usage errors (kInvalidArgument,
// kOutOfRange, kNotFound) and 1 otherwise; returns 0 for kCancelled (after --help).
int report_error(const char* command, const hemu::Status& status);

}  // namespace hemu::cli
