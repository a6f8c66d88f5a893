// hemu flywheel: the whole data flywheel as one command — record or generate traces, label them,
// learn from them, evaluate, practise — with progress and one final report (DIR/report.md).
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/model_write.h"
#include "cli/play_report.h"
#include "cli/progress.h"
#include "image/file_io.h"
#include "policy/checkpoint.h"
#include "policy/neural_policy.h"
#include "train/imitation.h"
#include "train/policy_eval.h"
#include "train/practice.h"

namespace hemu::cli {
namespace {

// First seed of generated demonstrations: apart from training (1,000,000+), practice (3,000,000+)
// and evaluation (0..).
constexpr uint64_t kFirstFlywheelSeed = 4'000'000;

std::string comparison(const std::vector<EvalTaskRow>& before, const std::vector<EvalTaskRow>& after) {
  std::string out = "| task | base model | after learning from the traces |\n|---|---:|---:|\n";
  double a = 0, b = 0;
  char buf[256];
  for (size_t i = 0; i < before.size() && i < after.size(); ++i) {
    std::snprintf(buf, sizeof buf, "| %s | %.0f %% | %.0f %% |\n", before[i].task.c_str(), 100 * before[i].success_rate(),
                  100 * after[i].success_rate());
    out += buf;
    a += before[i].success_rate();
    b += after[i].success_rate();
  }
  const double n = double(std::max<size_t>(1, before.size()));
  std::snprintf(buf, sizeof buf, "| **mean** | **%.1f %%** | **%.1f %%** |\n", 100 * a / n, 100 * b / n);
  return out + buf;
}

}  // namespace

int flywheel_main(int argc, char** argv) {
  Flags flags("flywheel",
              "The data flywheel in one command:\n"
              "  1. data: generate demonstrations (the human-like expert's episodes on the embedded desktop, written as\n"
              "     traces) or take --traces (recordings of people from `hemu record`, episodes from `hemu run`);\n"
              "  2. label and learn: raw input becomes actions (hemu label's rules), frames go through the model's own\n"
              "     perception, and the decision part learns from them (`hemu imitate`);\n"
              "  3. evaluate the base and the new model from pixels on held-out seeds;\n"
              "  4. practise: self-play rounds on the same tasks (`hemu practice`);\n"
              "  5. report: DIR/report.md, DIR/imitated.hemu, DIR/practised.hemu.\n"
              "Default tasks: those of hemu practice (click_checkboxes click_radio type_time type_number\n"
              "drag_to_target email_star).",
              "[TASK|FAMILY|all ...]");
  std::string& out = flags.add_string("out", "flywheel", "output directory");
  std::string& model_path = flags.add_string("model", "models/default.hemu", "base model (its perception parses the frames)");
  std::string& traces = flags.add_string("traces", "", "comma-separated trace/dataset directories to learn from instead of generating");
  int64_t& episodes = flags.add_int("episodes", 20, "generated episodes per task");
  int64_t& imitate_steps = flags.add_int("imitate-steps", 300, "optimiser steps of learning from the traces");
  bool& from_scratch = flags.add_bool("from-scratch", false, "learn a fresh decision part from the traces alone");
  int64_t& rounds = flags.add_int("practice-rounds", 2, "self-play rounds (0: none)");
  int64_t& practice_episodes = flags.add_int("practice-episodes", 12, "self-play episodes per task and round");
  int64_t& practice_steps = flags.add_int("practice-steps", 100, "optimiser steps per self-play round");
  int64_t& practice_anchor = flags.add_int("practice-anchor", 30, "expert demonstrations per task mixed into practice (0: self-play alone)");
  std::string& seeds_flag = flags.add_string("seeds", "0-9", "held-out evaluation seeds");
  int64_t& threads = flags.add_int("threads", 2, "torch threads");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("flywheel", st);
  auto tasks = flags.positional().empty() ? Result<std::vector<std::string>>(default_practice_tasks()) : tasks_from_args(flags.positional());
  if (!tasks.ok()) return report_error("flywheel", tasks.status());
  auto seeds = parse_seeds(seeds_flag);
  if (!seeds.ok()) return report_error("flywheel", seeds.status());
  if (episodes < 1 || imitate_steps < 1 || rounds < 0 || practice_anchor < 0) return report_error("flywheel", invalid_argument("--episodes and --imitate-steps must be >= 1, --practice-rounds and --practice-anchor >= 0"));
  auto ck = load_checkpoint(model_path);
  if (!ck.ok()) return report_error("flywheel", ck.status().with_context("model " + model_path));
  auto base = NeuralPolicy::from_checkpoint(*ck);
  if (!base.ok()) return report_error("flywheel", base.status().with_context("model " + model_path));
  auto learner = NeuralPolicy::from_checkpoint(*ck);
  if (!learner.ok()) return report_error("flywheel", learner.status());
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return report_error("flywheel", io_error("cannot create " + out + ": " + ec.message()));

  // 1. Data.
  std::vector<std::string> roots = split_list(traces);
  std::string data_note;
  if (roots.empty()) {
    const std::string dir = out + "/traces";
    std::filesystem::remove_all(dir, ec);  // generated data is regenerated, never mixed with an older run
    ProgressBar progress("flywheel: generate", int(tasks->size() * size_t(episodes)));
    int done = 0, solved = 0;
    for (const std::string& task : *tasks) {
      for (int64_t i = 0; i < episodes; ++i) {
        EnvConfig config;
        config.task = task;
        config.seed = kFirstFlywheelSeed + uint64_t(i);
        auto episode = play_recorded(config, SimPolicy::kHumanExpert, dir);
        if (!episode.ok()) return report_error("flywheel", episode.status().with_context(task));
        solved += episode->outcome.success();
        progress.update(++done, task);
      }
    }
    progress.finish();
    roots = {dir};
    data_note = std::to_string(done) + " human-like demonstrations generated (" + std::to_string(solved) +
                " successful) in " + dir;
  } else {
    data_note = "traces from " + traces;
  }
  std::fprintf(stderr, "flywheel: 1. data: %s\n", data_note.c_str());

  // 2. Label and learn.
  ImitateOptions io;
  io.from_scratch = from_scratch;
  io.steps = imitate_steps;
  io.threads = int(threads);
  ProgressBar learn_progress("flywheel: learn", int(imitate_steps));
  io.on_step = [&learn_progress](int64_t step, double loss) {
    char note[32];
    std::snprintf(note, sizeof note, "loss %.3f", loss);
    learn_progress.update(int(step), note);
  };
  auto imitated = imitate(**learner, roots, io);
  learn_progress.finish();
  if (!imitated.ok()) return report_error("flywheel", imitated.status());
  Json meta = Json::object();
  meta["command"] = command_line(argc, argv);
  meta["data"] = data_note;
  meta["actions"] = imitated->actions;
  if (auto st = save_with_decision(*ck, **learner, "imitation", meta, out + "/imitated.hemu"); !st.ok()) {
    return report_error("flywheel", st);
  }
  std::fprintf(stderr, "flywheel: 2. learned from %lld traces (%lld actions, %lld not expressible), loss %.3f -> %.3f\n",
               (long long)imitated->used, (long long)imitated->actions, (long long)imitated->unencodable,
               imitated->fit.first_loss, imitated->fit.final_loss);

  // 3. Evaluate.
  std::fprintf(stderr, "flywheel: 3. evaluating the base and the new model from pixels\n");
  auto before = evaluate_from_pixels(**base, *tasks, *seeds);
  if (!before.ok()) return report_error("flywheel", before.status());
  auto after = evaluate_from_pixels(**learner, *tasks, *seeds);
  if (!after.ok()) return report_error("flywheel", after.status());

  // 4. Practise.
  std::string practice_table = "(no practice rounds)\n";
  if (rounds > 0) {
    PracticeOptions po;
    po.tasks = *tasks;
    po.rounds = int(rounds);
    po.episodes_per_task = int(practice_episodes);
    po.steps_per_round = int(practice_steps);
    po.anchor_episodes_per_task = int(practice_anchor);
    po.eval_seeds = *seeds;
    po.threads = int(threads);
    po.log = [](const std::string& m) { std::fprintf(stderr, "flywheel: 4. practice: %s\n", m.c_str()); };
    auto practised = practice(**learner, po);
    if (!practised.ok()) return report_error("flywheel", practised.status());
    practice_table = practice_markdown(*practised);
    Json pm = Json::object();
    pm["command"] = command_line(argc, argv);
    pm["mean_eval_success_before"] = practised->front().mean_eval_success;
    pm["mean_eval_success_after"] = practised->back().mean_eval_success;
    if (auto st = save_with_decision(*ck, **learner, "practice", pm, out + "/practised.hemu"); !st.ok()) {
      return report_error("flywheel", st);
    }
  }

  // 5. Report.
  std::string report = "# hemu flywheel report\n\n`" + command_line(argc, argv) + "`\n\n";
  report += "## 1. Data\n\n" + data_note + "\n\n";
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "## 2. Learning from the traces\n\n%lld of %lld traces used, %lld actions (%lld not expressible), "
                "%lld optimiser steps %s, loss %.3f -> %.3f. Model: %s/imitated.hemu\n\n",
                (long long)imitated->used, (long long)imitated->traces, (long long)imitated->actions,
                (long long)imitated->unencodable, (long long)imitated->fit.steps,
                from_scratch ? "from scratch" : "fine-tuning the base decision part",
                imitated->fit.first_loss, imitated->fit.final_loss, out.c_str());
  report += buf;
  report += "## 3. Success from pixels on held-out seeds " + seeds_flag + "\n\n" + comparison(*before, *after) + "\n";
  report += "## 4. Practice (self-play), rounds by held-out success\n\n" + practice_table + "\n";
  const std::string path = out + "/report.md";
  if (auto st = file_write_atomic(path, std::vector<uint8_t>(report.begin(), report.end())); !st.ok()) {
    return report_error("flywheel", st);
  }
  std::fputs(report.c_str(), stdout);
  std::printf("\nwrote %s\n", path.c_str());
  return 0;
}

}  // namespace hemu::cli
