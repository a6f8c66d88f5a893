// hemu practice: self-play. The model works tasks from pixels, keeps the episodes it solved, is
// fine-tuned on them, and repeats; prints the round-by-round success table (src/train/practice.h).
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/model_write.h"
#include "cli/play_report.h"
#include "policy/checkpoint.h"
#include "policy/neural_policy.h"
#include "train/practice.h"

namespace hemu::cli {

int practice_main(int argc, char** argv) {
  Flags flags("practice",
              "Self-play: the model works the tasks from pixels on practice seeds (3,000,000 and up), keeps the\n"
              "episodes the task judged solved, fine-tunes its decision part on what it saw and did there, and\n"
              "repeats. Before each round and after the last one it is evaluated from pixels on held-out seeds;\n"
              "the table of rounds by success is printed and stored in the new model's metadata.\n"
              "Half the practice episodes explore (sample actions instead of the argmax); --anchor mixes expert\n"
              "demonstrations, seen through the model's own parser, into fine-tuning so the buffer is not memorised.\n"
              "Default tasks, where behaviour cloning alone is weak from pixels: click_checkboxes click_radio\n"
              "type_time type_number drag_to_target email_star.",
              "[TASK|FAMILY|all ...]");
  std::string& model_path = flags.add_string("model", "models/default.hemu", "model to start from");
  std::string& out = flags.add_string("out", "practiced.hemu", "the practised model");
  int64_t& rounds = flags.add_int("rounds", 3, "practice rounds");
  int64_t& episodes = flags.add_int("episodes", 16, "practice episodes per task and round");
  int64_t& steps = flags.add_int("steps", 150, "optimiser steps per round");
  double& lr = flags.add_double("lr", 3e-4, "AdamW learning rate");
  double& explore = flags.add_double("explore", 0.5, "share of practice episodes that explore (sample actions) instead of acting greedily");
  double& temperature = flags.add_double("temperature", 1.0, "sampling temperature of exploring episodes");
  int64_t& anchor = flags.add_int("anchor", 30, "expert demonstrations per task (parsed from pixels) mixed into fine-tuning (0: none, self-play alone)");
  int64_t& buffer = flags.add_int("buffer", 200, "successful episodes kept per task (0: learn from the anchor alone, a control)");
  std::string& seeds = flags.add_string("seeds", "0-9", "held-out evaluation seeds");
  int64_t& seed = flags.add_int("seed", 1, "random seed (practice seeds and batches)");
  int64_t& threads = flags.add_int("threads", 2, "torch threads");
  std::string& markdown = flags.add_string("markdown", "", "also write the table to this file");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("practice", st);
  auto tasks = flags.positional().empty() ? Result<std::vector<std::string>>(default_practice_tasks()) : tasks_from_args(flags.positional());
  if (!tasks.ok()) return report_error("practice", tasks.status());
  auto eval_seeds = parse_seeds(seeds);
  if (!eval_seeds.ok()) return report_error("practice", eval_seeds.status());
  if (rounds < 1 || episodes < 1 || steps < 0) return report_error("practice", invalid_argument("--rounds and --episodes must be >= 1, --steps >= 0"));
  if (anchor < 0 || buffer < 0) return report_error("practice", invalid_argument("--anchor and --buffer must be >= 0"));
  if (explore < 0 || explore > 1 || temperature <= 0 || temperature > 10) return report_error("practice", invalid_argument("--explore must be in [0, 1] and --temperature in (0, 10]"));
  auto ck = load_checkpoint(model_path);
  if (!ck.ok()) return report_error("practice", ck.status().with_context("model " + model_path));
  auto policy = NeuralPolicy::from_checkpoint(*ck);
  if (!policy.ok()) return report_error("practice", policy.status().with_context("model " + model_path));

  PracticeOptions o;
  o.tasks = *tasks;
  o.rounds = int(rounds);
  o.episodes_per_task = int(episodes);
  o.steps_per_round = int(steps);
  o.learning_rate = lr;
  o.explore_share = explore;
  o.anchor_episodes_per_task = int(anchor);
  o.buffer_per_task = int(buffer);
  o.explore_temperature = temperature;
  o.eval_seeds = *eval_seeds;
  o.seed = uint64_t(seed);
  o.threads = int(threads);
  bool progress_line = false;  // a \r progress line is open: end it before a log line
  o.log = [&](const std::string& m) {
    std::fprintf(stderr, "%spractice: %s\n", progress_line ? "\n" : "", m.c_str());
    progress_line = false;
  };
  o.progress = [&](const TrainProgress& p) {
    progress_line = true;
    std::fprintf(stderr, "\rpractice: step %lld/%lld loss %.3f %.0f s", (long long)p.step, (long long)p.steps_total,
                 p.loss, p.elapsed_s);
    std::fflush(stderr);
  };
  std::fprintf(stderr, "practice: %s on %zu tasks, %lld rounds of %lld episodes per task\n", model_path.c_str(),
               tasks->size(), (long long)rounds, (long long)episodes);
  auto rows = practice(**policy, o);
  std::fprintf(stderr, "\n");
  if (!rows.ok()) return report_error("practice", rows.status());
  const std::string table = practice_markdown(*rows);
  std::fputs(table.c_str(), stdout);

  Json meta = Json::object();
  meta["command"] = command_line(argc, argv);
  meta["from"] = model_path;
  Json table_json = Json::array();
  for (const PracticeRound& r : *rows) {
    Json j = Json::object();
    j["round"] = r.round;
    j["practice_episodes"] = r.practice_episodes;
    j["practice_successes"] = r.practice_successes;
    j["mean_eval_success"] = r.mean_eval_success;
    for (const auto& [task, s] : r.eval_success) j["eval_success"][task] = s;
    table_json.push_back(j);
  }
  meta["rounds"] = table_json;
  if (auto st = save_with_decision(*ck, **policy, "practice", meta, out); !st.ok()) return report_error("practice", st);
  if (!markdown.empty()) {
    if (FILE* f = std::fopen(markdown.c_str(), "w")) {
      std::fputs(table.c_str(), f);
      std::fclose(f);
    } else {
      return report_error("practice", io_error("cannot write " + markdown));
    }
  }
  std::printf("\nwrote %s (evaluation before practice %.1f %%, after %.1f %%)\n", out.c_str(),
              100 * rows->front().mean_eval_success, 100 * rows->back().mean_eval_success);
  return 0;
}

}  // namespace hemu::cli
