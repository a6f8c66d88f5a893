// hemu train / hemu eval: the brain's trainer and its evaluation on the embedded task suite.
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "policy/checkpoint.h"
#include "policy/decision_model.h"
#include "sim/task.h"
#include "train/decision_training.h"
#include "train/eval_chart.h"
#include "train/policy_eval.h"
#include "image/file_io.h"
#include "train/task_split.h"

namespace hemu::cli {

Result<std::vector<std::string>> tasks_from_args(const std::vector<std::string>& args);

namespace {

void print_progress(const char* what, const TrainProgress& p) {
  std::fprintf(stderr, "\r%s step %lld  loss %.4f  %.0f samples/s  elapsed %.0f s  eta %.0f s   ", what,
               (long long)p.step, p.loss, p.samples_per_s, p.elapsed_s, p.eta_s);
  std::fflush(stderr);
}

Result<std::vector<std::string>> resolve_tasks(const std::string& text) {
  if (text == "train") return training_tasks();
  if (text == "held-out") return held_out_tasks();
  return tasks_from_args(split_list(text));
}

}  // namespace

int train_main(int argc, char** argv) {
  Flags flags("train",
              "Train the brain from scratch on the embedded desktop (behaviour cloning from the scripted\n"
              "expert + DAgger) and write a model file (docs/model_format.md).");
  std::string& tasks_text = flags.add_string("tasks", "train", "tasks: 'train' (all but the held-out five), or names/families, comma-separated");
  double& minutes = flags.add_double("minutes", 5, "optimisation time budget for the decision model");
  int64_t& steps = flags.add_int("steps", 0, "fixed number of optimiser steps instead of --minutes");
  int64_t& seed = flags.add_int("seed", 1, "training seed (data, initialisation, batches)");
  int64_t& episodes = flags.add_int("episodes", 150, "expert episodes per task");
  int64_t& dagger = flags.add_int("dagger", 1, "DAgger rounds");
  std::string& optimizer = flags.add_string("optimizer", "adamw", "adamw or lion");
  std::string& core = flags.add_string("core", "mamba", "temporal core: mamba or transformer");
  int64_t& d_model = flags.add_int("d-model", 64, "width of the decision model");
  int64_t& batch = flags.add_int("batch", 8, "episode windows per batch");
  int64_t& threads = flags.add_int("threads", 2, "torch threads");
  std::string& out = flags.add_string("out", "model.hemu", "model file to write");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("train", st);
  auto tasks = resolve_tasks(tasks_text);
  if (!tasks.ok()) return report_error("train", tasks.status());
  DecisionConfig config;
  config.core = core;
  config.d_model = int(d_model);
  if (core != "mamba" && core != "transformer") return report_error("train", invalid_argument("--core must be mamba or transformer"));
  auto model = DecisionModel::create(config, uint64_t(seed));
  DecisionTrainOptions o;
  o.tasks = *tasks;
  o.minutes = minutes;
  o.steps = steps;
  o.seed = uint64_t(seed);
  o.episodes_per_task = int(episodes);
  o.dagger_rounds = int(dagger);
  o.optimizer = optimizer;
  o.threads = int(threads);
  o.batch_episodes = int(batch);
  o.progress = [](const TrainProgress& p) { print_progress("decision", p); };
  o.log = [](const std::string& m) { std::fprintf(stderr, "\ntrain: %s\n", m.c_str()); };
  std::fprintf(stderr, "train: decision model (%lld parameters) on %zu tasks\n", (long long)model->parameter_count(),
               tasks->size());
  auto report = train_decision(*model, o);
  std::fprintf(stderr, "\n");
  if (!report.ok()) return report_error("train", report.status());
  Checkpoint ck;
  ck.meta["format"] = "hemu-model";
  ck.meta["decision"]["config"] = config.to_json();
  ck.meta["decision"]["parameters"] = model->parameter_count();
  Json& tr = ck.meta["training"];
  tr["command"] = "hemu train";
  tr["tasks"] = Json::array();
  for (const auto& t : *tasks) tr["tasks"].push_back(Json(t));
  tr["seed"] = seed;
  tr["optimizer"] = optimizer;
  tr["steps"] = report->steps;
  tr["samples"] = report->samples;
  tr["seconds"] = report->seconds;
  tr["data_seconds"] = report->data_seconds;
  tr["first_loss"] = report->first_loss;
  tr["final_loss"] = report->final_loss;
  tr["episodes"] = report->episodes;
  tr["decisions"] = report->decisions;
  for (const auto& [why, n] : report->unencodable) tr["unencodable"][why] = n;
  ck.sections["decision"] = model->to_bytes();
  if (auto st = save_checkpoint(out, ck); !st.ok()) return report_error("train", st);
  std::printf("wrote %s: %lld steps, loss %.3f -> %.3f, %.0f s training + %.0f s data\n", out.c_str(),
              (long long)report->steps, report->first_loss, report->final_loss, report->seconds, report->data_seconds);
  for (const auto& [why, n] : report->unencodable) std::printf("  not expressible (%lld): %s\n", (long long)n, why.c_str());
  return 0;
}

int eval_main(int argc, char** argv) {
  Flags flags("eval",
              "Evaluate a model on embedded tasks over held-out seeds: per task success, mean steps,\n"
              "compute time and speed against the KLM human reference.");
  std::string& model_path = flags.add_string("model", "model.hemu", "model file");
  std::string& tasks_text = flags.add_string("tasks", "all", "tasks: all, train, held-out, or names/families");
  std::string& seeds_text = flags.add_string("seeds", "0-19", "evaluation seeds (training uses seeds >= 1,000,000)");
  std::string& perception = flags.add_string("perception", "labels", "labels (diagnostic: widget tree) or pixels");
  std::string& json_out = flags.add_string("json", "", "write the report as JSON to this file");
  std::string& md_out = flags.add_string("markdown", "", "write the table as markdown to this file");
  std::string& chart = flags.add_string("chart", "hemu-eval.png", "PNG chart: success against speed per task ('' for none)");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("eval", st);
  auto tasks = resolve_tasks(tasks_text == "all" ? "all" : tasks_text);
  if (!tasks.ok()) return report_error("eval", tasks.status());
  auto seeds = parse_seeds(seeds_text);
  if (!seeds.ok()) return report_error("eval", seeds.status());
  auto ck = load_checkpoint(model_path);
  if (!ck.ok()) return report_error("eval", ck.status());
  auto part = ck->section("decision");
  if (!part.ok()) return report_error("eval", part.status());
  auto model = DecisionModel::from_bytes(**part);
  if (!model.ok()) return report_error("eval", model.status());
  std::unique_ptr<EpisodeAgent> agent;
  if (perception == "labels") agent = make_label_perception_agent(**model);
  else return report_error("eval", invalid_argument("--perception pixels needs the screen parser (not built yet)"));
  EvalOptions o;
  o.tasks = *tasks;
  o.seeds = *seeds;
  ProgressBar bar("eval", int(o.tasks.size() * o.seeds.size()));
  o.progress = [&](const EvalEpisode& e, int done, int) { bar.update(done, e.task); };
  auto episodes = evaluate_agent(*agent, o);
  bar.finish();
  if (!episodes.ok()) return report_error("eval", episodes.status());
  auto rows = summarise(*episodes);
  std::fputs(eval_markdown(rows).c_str(), stdout);
  auto write_text = [](const std::string& path, const std::string& text) -> Status {
    if (path.empty()) return Status();
    return file_write_atomic(path, std::vector<uint8_t>(text.begin(), text.end()));
  };
  if (auto st = write_text(json_out, eval_json(rows).dump(2) + "\n"); !st.ok()) return report_error("eval", st);
  if (auto st = write_text(md_out, eval_markdown(rows)); !st.ok()) return report_error("eval", st);
  if (!chart.empty()) {
    std::string title = "hemu eval: " + model_path + " (" + perception + " perception, seeds " + seeds_text + ")";
    if (auto st = write_eval_chart(rows, title, chart); !st.ok()) return report_error("eval", st);
    std::printf("wrote %s\n", chart.c_str());
  }
  return 0;
}

}  // namespace hemu::cli
