// hemu imitate: the decision part learns from traces — recordings of people at work (labelled on
// the fly with hemu label's rules) and episodes — seen through the model's own screen parser.
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/model_write.h"
#include "policy/checkpoint.h"
#include "policy/neural_policy.h"
#include "train/imitation.h"

namespace hemu::cli {

int imitate_main(int argc, char** argv) {
  Flags flags("imitate",
              "Behaviour cloning of the decision part on traces: recordings (`hemu record`; raw input is labelled\n"
              "with hemu label's rules) and episodes (`hemu run`, `hemu play --record`). Every observation frame\n"
              "goes through the model's own detector and reader, so the decision part learns from what it will\n"
              "see at run time. Traces need an instruction (record with --instruction). Failed episodes are\n"
              "skipped unless --all-episodes.",
              "TRACE_OR_DATASET_DIR...");
  std::string& model_path = flags.add_string("model", "models/default.hemu", "base model: its perception parses the frames");
  std::string& out = flags.add_string("out", "imitated.hemu", "the new model");
  bool& from_scratch = flags.add_bool("from-scratch", false, "train a fresh decision part (same config) instead of fine-tuning");
  int64_t& steps = flags.add_int("steps", 400, "optimiser steps");
  double& lr = flags.add_double("lr", 0, "AdamW learning rate (0: 2e-3 from scratch, 3e-4 fine-tuning)");
  int64_t& seed = flags.add_int("seed", 1, "random seed");
  int64_t& threads = flags.add_int("threads", 2, "torch threads");
  bool& all_episodes = flags.add_bool("all-episodes", false, "also learn from failed episodes");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("imitate", st);
  if (flags.positional().empty()) return report_error("imitate", invalid_argument("give at least one trace or dataset directory"));
  if (steps < 1) return report_error("imitate", invalid_argument("--steps must be >= 1"));
  auto ck = load_checkpoint(model_path);
  if (!ck.ok()) return report_error("imitate", ck.status().with_context("model " + model_path));
  auto policy = NeuralPolicy::from_checkpoint(*ck);
  if (!policy.ok()) return report_error("imitate", policy.status().with_context("model " + model_path));

  ImitateOptions o;
  o.data.successful_only = !all_episodes;
  o.from_scratch = from_scratch;
  o.steps = steps;
  o.learning_rate = lr;
  o.seed = uint64_t(seed);
  o.threads = int(threads);
  o.on_step = [&steps](int64_t step, double loss) {
    if (step % 10 == 0 || step == steps) {
      std::fprintf(stderr, "\rimitate: step %lld/%lld loss %.3f", (long long)step, (long long)steps, loss);
      std::fflush(stderr);
    }
  };
  std::fprintf(stderr, "imitate: parsing the traces' frames with %s\n", model_path.c_str());
  auto report = imitate(**policy, flags.positional(), o);
  std::fprintf(stderr, "\n");
  if (!report.ok()) return report_error("imitate", report.status());
  for (const std::string& s : report->skipped) std::fprintf(stderr, "skipped %s\n", s.c_str());
  std::printf("traces: %lld found, %lld used; %lld actions, %lld not expressible\n", (long long)report->traces,
              (long long)report->used, (long long)report->actions, (long long)report->unencodable);
  for (const auto& [why, n] : report->unencodable_reasons) std::printf("  not expressible (%lld): %s\n", (long long)n, why.c_str());
  for (const auto& [group, n] : report->episodes_per_group) std::printf("  %s: %lld episodes\n", group.c_str(), (long long)n);
  std::printf("loss %.3f -> %.3f over %lld steps (%s)\n", report->fit.first_loss, report->fit.final_loss,
              (long long)report->fit.steps, from_scratch ? "from scratch" : "fine-tuned");
  Json meta = Json::object();
  meta["command"] = command_line(argc, argv);
  meta["from"] = model_path;
  meta["from_scratch"] = from_scratch;
  meta["traces_used"] = report->used;
  meta["actions"] = report->actions;
  meta["steps"] = report->fit.steps;
  meta["final_loss"] = report->fit.final_loss;
  if (auto st = save_with_decision(*ck, **policy, "imitation", meta, out); !st.ok()) return report_error("imitate", st);
  std::printf("wrote %s\n", out.c_str());
  return 0;
}

}  // namespace hemu::cli
