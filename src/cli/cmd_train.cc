// hemu train / hemu eval: the brain's trainer and its evaluation on the embedded task suite.
#include <algorithm>
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "policy/checkpoint.h"
#include "policy/decision_model.h"
#include "policy/element_detector.h"
#include "policy/neural_policy.h"
#include "policy/state_reader.h"
#include "policy/text_reader.h"
#include "image/file_io.h"
#include "sim/task.h"
#include "train/decision_training.h"
#include "train/detector_training.h"
#include "train/eval_chart.h"
#include "train/policy_eval.h"
#include "train/reader_training.h"
#include "train/state_training.h"
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
              "expert + DAgger) and write a model file (docs/model_format.md). With --pixel-dagger the\n"
              "decision part also plays from pixels (the detector + reader's output) and learns the expert's\n"
              "action at every state it reaches, encoded against the parsed elements; e.g. a fine-tune:\n"
              "  hemu train --parts decision --decision-init models/default.hemu --episodes 40 --dagger 0\n"
              "    --pixel-dagger 3 --expert-share 0 --steps 1000 --decision-lr 5e-4 --out m.hemu");
  std::string& tasks_text = flags.add_string("tasks", "train", "tasks: 'train' (all but the held-out five), or names/families, comma-separated");
  double& minutes = flags.add_double("minutes", 5, "optimisation time budget for the decision model");
  int64_t& steps = flags.add_int("steps", 0, "fixed number of optimiser steps instead of --minutes");
  int64_t& seed = flags.add_int("seed", 1, "training seed (data, initialisation, batches)");
  int64_t& episodes = flags.add_int("episodes", 150, "expert episodes per task");
  int64_t& dagger = flags.add_int("dagger", 1, "DAgger rounds");
  std::string& optimizer = flags.add_string("optimizer", "adamw", "adamw or lion");
  std::string& core = flags.add_string("core", "transformer", "temporal core: transformer (shipped: measured better) or mamba");
  int64_t& d_model = flags.add_int("d-model", 64, "width of the decision model");
  int64_t& batch = flags.add_int("batch", 8, "episode windows per batch");
  int64_t& threads = flags.add_int("threads", 2, "torch threads");
  std::string& out = flags.add_string("out", "model.hemu", "model file to write");
  std::string& parts_text = flags.add_string("parts", "detector,reader,states,decision", "parts to train from scratch (states: the checkbox/radio state reader)");
  double& detector_minutes = flags.add_double("detector-minutes", 10, "time budget of the element detector");
  double& reader_minutes = flags.add_double("reader-minutes", 5, "time budget of the text reader");
  std::string& detector_bytes = flags.add_string("detector-bytes", "", "use this detector (raw part file) instead of training one");
  std::string& reader_bytes = flags.add_string("reader-bytes", "", "use this text reader (raw part file) instead of training one");
  double& decision_lr = flags.add_double("decision-lr", 0, "decision: learning rate (0: the optimiser's default)");
  double& decision_noise = flags.add_double("decision-noise", 1, "decision: parser-error perturbation of the label elements (0 = clean, 1 = default)");
  std::string& decision_init = flags.add_string("decision-init", "", "start the decision model from this model file's decision part (fine-tuning) instead of from scratch; its detector and reader (when it has them) go into --out unless this run trains or is given others");
  double& expert_share = flags.add_double("expert-share", 0.5, "decision: share of the budget on the expert episodes alone before the first DAgger round (label or pixel)");
  int64_t& pixel_dagger = flags.add_int("pixel-dagger", 0, "decision: rounds of DAgger on parsed pixels after the --dagger rounds: the model plays from pixels (detector + reader of this run, --detector-bytes/--reader-bytes, or --decision-init's), the expert's action is encoded against the parsed elements");
  int64_t& pixel_episodes = flags.add_int("pixel-episodes", 24, "decision: pixel-DAgger episodes per task and round");
  double& pixel_model_share = flags.add_double("pixel-model-share", 0.5, "decision: probability that a pixel-DAgger step executes the model's action (else the expert's)");
  double& pixel_mix = flags.add_double("pixel-mix", 0.6, "decision: share of batch windows drawn from pixel-DAgger episodes once there are any");
  std::string& decision_train_only = flags.add_string("decision-train-only", "", "decision: train only the parameters whose names start with these comma-separated prefixes (e.g. notch_head: the scroll amounts); every other parameter, and so every other decision, stays as --decision-init had it");
  // Detector-only runs (--parts detector): start from a part, tune the data, write the part.
  std::string& detector_init = flags.add_string("detector-init", "", "detector: start from this part (raw file) instead of random weights");
  std::string& detector_arch = flags.add_string("detector-arch", "dense", "detector: dense (shipped), light (session 6: ~half the forward time, lower F1) or mid (session 7: 48 channels at stride 8); light and mid from a dense --detector-init start from that detector's most-used channels");
  std::string& detector_out = flags.add_string("detector-out", "", "detector: write the trained part (raw file) here; with --parts detector alone, stop after it");
  int64_t& detector_crop = flags.add_int("detector-crop", 192, "detector: training crop (model px, multiple of 32; 0 = whole frames)");
  int64_t& detector_batch = flags.add_int("detector-batch", 16, "detector: crops per step");
  double& detector_lr = flags.add_double("detector-lr", 0, "detector: learning rate (0: the optimiser's default)");
  double& detector_threshold = flags.add_double("detector-threshold", 0, "detector: score threshold stored with the part (0: keep)");
  std::string& detector_tasks = flags.add_string("detector-tasks", "", "detector: tasks to draw frames from, comma-separated; a name may repeat to weight it ('' = all)");
  std::string& reader_init = flags.add_string("reader-init", "", "reader: start from this part (a model file's reader, or a raw part file) instead of random weights");
  std::string& reader_out = flags.add_string("reader-out", "", "reader: write the trained part (raw file) here; with --parts reader alone, stop after it");
  double& reader_lr = flags.add_double("reader-lr", 0, "reader: learning rate (0: the optimiser's default)");
  double& reader_box_jitter = flags.add_double("reader-box-jitter", 0.3, "reader: move each side of an element crop's box by up to this fraction of its height, as detected boxes are off (0: the labelled box)");
  double& states_minutes = flags.add_double("states-minutes", 3, "time budget of the state reader");
  std::string& states_bytes = flags.add_string("states-bytes", "", "use this state reader (raw part file) instead of training one");
  std::string& states_init = flags.add_string("states-init", "", "states: start from this part (raw file) instead of random weights");
  std::string& states_out = flags.add_string("states-out", "", "states: write the trained part (raw file) here; with --parts states alone, stop after it");
  std::string& web_pages = flags.add_string("web-pages", "", "detector, reader, states: also train on web pages rendered by `hemu web render` in this directory (docs/web_pages.md)");
  double& web_share = flags.add_double("web-share", 0.3, "detector, reader, states: share of frames (detector) or crops (reader, states) from --web-pages");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("train", st);
  if (!decision_train_only.empty() && decision_init.empty())
    return report_error("train", invalid_argument("--decision-train-only needs --decision-init (the model whose other heads stay)"));
  auto in_unit = [](double x) { return x >= 0 && x <= 1; };
  if (!in_unit(expert_share) || !in_unit(pixel_model_share) || !in_unit(pixel_mix)) {
    return report_error("train", invalid_argument("--expert-share, --pixel-model-share and --pixel-mix must be in [0, 1]"));
  }
  if (!web_pages.empty() && !(web_share >= 0 && web_share <= 1)) {
    return report_error("train", invalid_argument("--web-share must be in [0, 1]"));
  }
  if (pixel_dagger < 0 || pixel_episodes < 1) {
    return report_error("train", invalid_argument("--pixel-dagger must be >= 0 and --pixel-episodes >= 1"));
  }
  std::vector<std::string> parts = split_list(parts_text);
  auto wants = [&](const std::string& p) { return std::find(parts.begin(), parts.end(), p) != parts.end(); };
  for (const auto& p : parts) {
    if (p != "detector" && p != "reader" && p != "states" && p != "decision") {
      return report_error("train", invalid_argument("--parts: unknown part '" + p + "' (detector, reader, states, decision)"));
    }
  }
  Checkpoint ck;
  auto read_part = [&](const std::string& path, const char* name) -> Status {
    auto bytes = file_read_all(path);
    if (!bytes.ok()) return bytes.status().with_context(std::string("--") + name + "-bytes");
    ck.sections[name] = std::string(bytes->begin(), bytes->end());
    return Status();
  };
  if (!detector_bytes.empty()) {
    if (auto st = read_part(detector_bytes, "detector"); !st.ok()) return report_error("train", st);
    if (auto d = ElementDetector::from_bytes(ck.sections["detector"]); !d.ok()) return report_error("train", d.status());
    ck.meta["detector"]["source"] = detector_bytes;
  } else if (wants("detector")) {
    if (detector_arch != "dense" && detector_arch != "light" && detector_arch != "mid")
      return report_error("train", invalid_argument("--detector-arch must be dense, light or mid"));
    const DetectorConfig arch = detector_arch == "light" ? light_detector_config()
                                : detector_arch == "mid" ? mid_detector_config()
                                                         : DetectorConfig{};
    auto detector = ElementDetector::create(arch, uint64_t(seed));
    if (!detector_init.empty()) {
      auto bytes = file_read_all(detector_init);
      if (!bytes.ok()) return report_error("train", bytes.status().with_context("--detector-init"));
      auto d = ElementDetector::from_bytes(std::string(bytes->begin(), bytes->end()));
      if (!d.ok()) return report_error("train", d.status().with_context("--detector-init"));
      detector = std::move(*d);
      // A light or mid detector from a dense one: keep the dense one's most-used channels.
      if (detector_arch != "dense" && detector->config().decoder != DetectorDecoder::kLight) {
        auto pruned = prune_detector(*detector, arch, /*frames=*/24, uint64_t(seed));
        if (!pruned.ok()) return report_error("train", pruned.status().with_context("--detector-arch " + detector_arch));
        detector = std::move(*pruned);
      }
    }
    DetectorTrainOptions d;
    d.minutes = detector_minutes;
    d.seed = uint64_t(seed);
    d.threads = int(threads);
    d.crop = int(detector_crop);
    d.batch = int(detector_batch);
    d.learning_rate = detector_lr;
    for (const auto& t : split_list(detector_tasks)) d.tasks.push_back(t);
    if (!web_pages.empty()) d.web_pages_dir = web_pages, d.web_share = web_share;
    d.progress = [](const TrainProgress& p) { print_progress("detector", p); };
    auto r = train_detector(*detector, d);
    std::fprintf(stderr, "\n");
    if (!r.ok()) return report_error("train", r.status());
    if (detector_threshold > 0) detector->set_decoding(detector_threshold, detector->config().nms_iou);
    ck.sections["detector"] = detector->to_bytes();
    ck.meta["detector"]["steps"] = r->steps;
    ck.meta["detector"]["final_loss"] = r->final_loss;
    ck.meta["detector"]["parameters"] = detector->parameter_count();
    std::fprintf(stderr, "detector: %lld steps, loss %.3f -> %.3f, %.0f s (%.0f s data)\n", (long long)r->steps,
                 r->first_loss, r->final_loss, r->seconds, r->data_seconds);
    if (!detector_out.empty()) {
      const std::string& part = ck.sections["detector"];
      if (auto st = file_write_atomic(detector_out, std::vector<uint8_t>(part.begin(), part.end())); !st.ok())
        return report_error("train", st);
      std::printf("wrote %s\n", detector_out.c_str());
      if (parts.size() == 1) return 0;
    }
  }
  if (!reader_bytes.empty()) {
    if (auto st = read_part(reader_bytes, "reader"); !st.ok()) return report_error("train", st);
    if (auto r = TextReader::from_bytes(ck.sections["reader"]); !r.ok()) return report_error("train", r.status());
    ck.meta["reader"]["source"] = reader_bytes;
  } else if (wants("reader")) {
    auto reader = TextReader::create(TextReaderConfig{}, uint64_t(seed));
    if (!reader_init.empty()) {
      auto bytes = load_part_file(reader_init, "reader");  // a model file or a raw part file
      if (!bytes.ok()) return report_error("train", bytes.status().with_context("--reader-init"));
      auto r = TextReader::from_bytes(*bytes);
      if (!r.ok()) return report_error("train", r.status().with_context("--reader-init"));
      reader = std::move(*r);
    }
    ReaderTrainOptions r;
    r.minutes = reader_minutes;
    r.learning_rate = reader_lr;
    r.box_jitter = reader_box_jitter;
    r.seed = uint64_t(seed);
    r.threads = int(threads);
    if (!web_pages.empty()) r.web_pages_dir = web_pages, r.web_share = web_share;
    r.progress = [](const TrainProgress& p) { print_progress("reader", p); };
    auto rep = train_reader(*reader, r);
    std::fprintf(stderr, "\n");
    if (!rep.ok()) return report_error("train", rep.status());
    ck.sections["reader"] = reader->to_bytes();
    ck.meta["reader"]["steps"] = rep->steps;
    ck.meta["reader"]["final_loss"] = rep->final_loss;
    ck.meta["reader"]["parameters"] = reader->parameter_count();
    if (!reader_out.empty()) {
      const std::string& part = ck.sections["reader"];
      if (auto st = file_write_atomic(reader_out, std::vector<uint8_t>(part.begin(), part.end())); !st.ok())
        return report_error("train", st);
      std::printf("wrote %s (%lld steps, loss %.3f -> %.3f)\n", reader_out.c_str(), (long long)rep->steps,
                  rep->first_loss, rep->final_loss);
      if (parts.size() == 1) return 0;
    }
  }
  if (!states_bytes.empty()) {
    if (auto st = read_part(states_bytes, "states"); !st.ok()) return report_error("train", st);
    if (auto r = StateReader::from_bytes(ck.sections["states"]); !r.ok()) return report_error("train", r.status());
    ck.meta["states"]["source"] = states_bytes;
  } else if (wants("states")) {
    auto states = StateReader::create(StateReaderConfig{}, uint64_t(seed));
    if (!states_init.empty()) {
      auto bytes = file_read_all(states_init);
      if (!bytes.ok()) return report_error("train", bytes.status().with_context("--states-init"));
      auto r = StateReader::from_bytes(std::string(bytes->begin(), bytes->end()));
      if (!r.ok()) return report_error("train", r.status().with_context("--states-init"));
      states = std::move(*r);
    }
    StateTrainOptions so;
    so.minutes = states_minutes;
    so.seed = uint64_t(seed);
    so.threads = int(threads);
    if (!web_pages.empty()) so.web_pages_dir = web_pages, so.web_share = web_share;
    so.progress = [](const TrainProgress& p) { print_progress("states", p); };
    auto rep = train_state_reader(*states, so);
    std::fprintf(stderr, "\n");
    if (!rep.ok()) return report_error("train", rep.status());
    ck.sections["states"] = states->to_bytes();
    ck.meta["states"]["steps"] = rep->steps;
    ck.meta["states"]["final_loss"] = rep->final_loss;
    ck.meta["states"]["parameters"] = states->parameter_count();
    if (!states_out.empty()) {
      const std::string& part = ck.sections["states"];
      if (auto st = file_write_atomic(states_out, std::vector<uint8_t>(part.begin(), part.end())); !st.ok())
        return report_error("train", st);
      std::printf("wrote %s (%lld steps, loss %.3f -> %.3f)\n", states_out.c_str(), (long long)rep->steps,
                  rep->first_loss, rep->final_loss);
      if (parts.size() == 1) return 0;
    }
  }
  auto tasks = resolve_tasks(tasks_text);
  if (!tasks.ok()) return report_error("train", tasks.status());
  DecisionConfig config;
  config.core = core;
  config.d_model = int(d_model);
  if (core != "mamba" && core != "transformer") return report_error("train", invalid_argument("--core must be mamba or transformer"));
  auto model = DecisionModel::create(config, uint64_t(seed));
  if (!decision_init.empty()) {
    auto init_ck = load_checkpoint(decision_init);
    if (!init_ck.ok()) return report_error("train", init_ck.status().with_context("--decision-init"));
    // Perception the decision part was trained with: kept with it unless this run brings its own.
    for (const char* name : {"detector", "reader", "states"}) {
      if (ck.sections.count(name) == 0 && init_ck->sections.count(name) != 0) {
        ck.sections[name] = init_ck->sections.at(name);
        ck.meta[name]["source"] = decision_init;
      }
    }
    auto part = init_ck->section("decision");
    if (!part.ok()) return report_error("train", part.status().with_context("--decision-init"));
    auto init = DecisionModel::from_bytes(**part);
    if (!init.ok()) return report_error("train", init.status().with_context("--decision-init"));
    model = std::move(*init);
    // A fine-tune reads today's inputs: an older model is widened (it decides as before at first).
    if (model->config().feature_version >= 2 && model->config().feature_version < kDecisionFeatureVersion) {
      auto up = model->upgraded();
      if (!up.ok()) return report_error("train", up.status().with_context("--decision-init"));
      model = std::move(*up);
    }
    config = model->config();
    ck.meta["decision"]["init"] = decision_init;
  }
  DecisionTrainOptions o;
  o.tasks = *tasks;
  o.minutes = minutes;
  o.steps = steps;
  o.seed = uint64_t(seed);
  o.episodes_per_task = int(episodes);
  o.dagger_rounds = int(dagger);
  o.optimizer = optimizer;
  o.learning_rate = decision_lr;
  o.parser_noise = decision_noise;
  o.threads = int(threads);
  o.batch_episodes = int(batch);
  o.expert_share = expert_share;
  o.pixel_dagger_rounds = int(pixel_dagger);
  o.pixel_episodes_per_task = int(pixel_episodes);
  o.pixel_model_share = pixel_model_share;
  o.pixel_mix = pixel_mix;
  o.trainable = split_list(decision_train_only);
  std::unique_ptr<NeuralPolicy> perception;  // the screen parser of pixel DAgger (its decision part unused)
  if (pixel_dagger > 0) {
    if (ck.sections.count("detector") == 0 || ck.sections.count("reader") == 0) {
      return report_error("train", invalid_argument("--pixel-dagger needs a detector and a reader: train them, give "
                                                    "--detector-bytes/--reader-bytes, or a --decision-init model that has them"));
    }
    Checkpoint parts_ck;
    parts_ck.sections["detector"] = ck.sections["detector"];
    parts_ck.sections["reader"] = ck.sections["reader"];
    if (ck.sections.count("states") != 0) parts_ck.sections["states"] = ck.sections["states"];
    parts_ck.sections["decision"] = model->to_bytes();
    auto p = NeuralPolicy::from_checkpoint(parts_ck);
    if (!p.ok()) return report_error("train", p.status().with_context("--pixel-dagger perception"));
    perception = std::move(*p);
    o.parser = [&perception](const Frame& frame, double ui_scale) { return perception->parse(frame, ui_scale); };
  }
  o.progress = [](const TrainProgress& p) { print_progress("decision", p); };
  o.log = [](const std::string& m) { std::fprintf(stderr, "\ntrain: %s\n", m.c_str()); };
  std::fprintf(stderr, "train: decision model (%lld parameters) on %zu tasks\n", (long long)model->parameter_count(),
               tasks->size());
  if (!wants("decision")) return report_error("train", invalid_argument("--parts must include decision"));
  auto report = train_decision(*model, o);
  std::fprintf(stderr, "\n");
  if (!report.ok()) return report_error("train", report.status());
  ck.meta["format"] = "hemu-model";
  ck.meta["decision"]["config"] = config.to_json();
  ck.meta["decision"]["parameters"] = model->parameter_count();
  Json& tr = ck.meta["training"];
  std::string command = "hemu";
  for (int i = 0; i < argc; ++i) command += std::string(" ") + argv[i];
  tr["command"] = command;
  tr["tasks"] = Json::array();
  for (const auto& t : *tasks) tr["tasks"].push_back(Json(t));
  tr["seed"] = seed;
  tr["optimizer"] = optimizer;
  if (!o.trainable.empty()) tr["train_only"] = decision_train_only;
  tr["steps"] = report->steps;
  tr["samples"] = report->samples;
  tr["seconds"] = report->seconds;
  tr["data_seconds"] = report->data_seconds;
  tr["first_loss"] = report->first_loss;
  tr["final_loss"] = report->final_loss;
  tr["episodes"] = report->episodes;
  tr["decisions"] = report->decisions;
  if (report->pixel_episodes > 0) {
    tr["pixel_dagger"]["rounds"] = pixel_dagger;
    tr["pixel_dagger"]["episodes"] = report->pixel_episodes;
    tr["pixel_dagger"]["decisions"] = report->pixel_decisions;
    tr["pixel_dagger"]["solved"] = report->pixel_successes;
    tr["pixel_dagger"]["model_actions"] = report->pixel_model_actions;
    tr["pixel_dagger"]["model_share"] = pixel_model_share;
    tr["pixel_dagger"]["mix"] = pixel_mix;
    for (const auto& [why, n] : report->pixel_unencodable) tr["pixel_dagger"]["unencodable"][why] = n;
  }
  for (const auto& [why, n] : report->unencodable) tr["unencodable"][why] = n;
  ck.sections["decision"] = model->to_bytes();
  if (auto st = save_checkpoint(out, ck); !st.ok()) return report_error("train", st);
  std::printf("wrote %s: %lld steps, loss %.3f -> %.3f, %.0f s training + %.0f s data\n", out.c_str(),
              (long long)report->steps, report->first_loss, report->final_loss, report->seconds, report->data_seconds);
  for (const auto& [why, n] : report->unencodable) std::printf("  not expressible (%lld): %s\n", (long long)n, why.c_str());
  if (report->pixel_episodes > 0) {
    std::printf("pixel DAgger: %lld episodes, %lld states (%lld the model's actions), %lld solved, %.0f s parsing\n",
                (long long)report->pixel_episodes, (long long)report->pixel_decisions,
                (long long)report->pixel_model_actions, (long long)report->pixel_successes, report->pixel_parse_seconds);
    for (const auto& [why, n] : report->pixel_unencodable)
      std::printf("  not expressible on parsed screens (%lld): %s\n", (long long)n, why.c_str());
  }
  return 0;
}

int eval_main(int argc, char** argv) {
  Flags flags("eval",
              "Evaluate a model on embedded tasks over held-out seeds: per task success, mean steps,\n"
              "compute time and speed against the KLM human reference.");
  std::string& model_path = flags.add_string("model", "model.hemu", "model file");
  std::string& tasks_text = flags.add_string("tasks", "all", "tasks: all, train, held-out, or names/families");
  std::string& seeds_text = flags.add_string("seeds", "0-19", "evaluation seeds (training uses seeds >= 1,000,000)");
  std::string& perception = flags.add_string("perception", "pixels", "pixels (the policy) or labels (diagnostic: elements from the widget tree)");
  std::string& json_out = flags.add_string("json", "", "write the report as JSON to this file");
  std::string& md_out = flags.add_string("markdown", "", "write the table as markdown to this file");
  bool& failures = flags.add_bool("failures", false, "list every failed episode with the task's reason");
  std::string& chart = flags.add_string("chart", "hemu-eval.png", "PNG chart: success against speed per task ('' for none)");
  double& ui_scale = flags.add_double("scale", 1.0, "UI scale of the desktop, 1-2 (the screen grows with it: 2 doubles every size)");
  bool& held_out_fonts = flags.add_bool("held-out-fonts", false, "draw the UI font from the families no part was trained on");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("eval", st);
  if (!(ui_scale >= 1.0 && ui_scale <= 2.0)) return report_error("eval", invalid_argument("--scale must be in [1, 2]"));
  auto tasks = resolve_tasks(tasks_text);
  if (!tasks.ok()) return report_error("eval", tasks.status());
  auto seeds = parse_seeds(seeds_text);
  if (!seeds.ok()) return report_error("eval", seeds.status());
  auto ck = load_checkpoint(model_path);
  if (!ck.ok()) return report_error("eval", ck.status());
  auto part = ck->section("decision");
  if (!part.ok()) return report_error("eval", part.status());
  auto model = DecisionModel::from_bytes(**part);
  if (!model.ok()) return report_error("eval", model.status());
  std::unique_ptr<NeuralPolicy> policy;
  std::unique_ptr<EpisodeAgent> agent;
  if (perception == "labels") {
    agent = make_label_perception_agent(**model);
  } else if (perception == "pixels") {
    auto p = NeuralPolicy::from_checkpoint(*ck);
    if (!p.ok()) return report_error("eval", p.status().with_context(model_path));
    policy = std::move(*p);
    agent = make_pixel_agent(*policy);
  } else {
    return report_error("eval", invalid_argument("--perception must be pixels or labels"));
  }
  EvalOptions o;
  o.tasks = *tasks;
  o.seeds = *seeds;
  o.scale = ui_scale;
  o.held_out_fonts = held_out_fonts;
  ProgressBar bar("eval", int(o.tasks.size() * o.seeds.size()));
  o.progress = [&](const EvalEpisode& e, int done, int) { bar.update(done, e.task); };
  auto episodes = evaluate_agent(*agent, o);
  bar.finish();
  if (!episodes.ok()) return report_error("eval", episodes.status());
  auto rows = summarise(*episodes);
  if (failures) {
    for (const auto& e : *episodes) {
      if (!e.success) std::printf("FAIL %s seed %llu after %d steps: %s\n", e.task.c_str(), (unsigned long long)e.seed, e.steps, e.reason.c_str());
    }
  }
  std::fputs(eval_markdown(rows).c_str(), stdout);
  auto write_text = [](const std::string& path, const std::string& text) -> Status {
    if (path.empty()) return Status();
    return file_write_atomic(path, std::vector<uint8_t>(text.begin(), text.end()));
  };
  Json report = eval_json(rows);
  report["perception"] = perception;  // so result files of different conditions can be told apart
  report["ui_scale"] = ui_scale;
  report["held_out_fonts"] = held_out_fonts;
  if (auto st = write_text(json_out, report.dump(2) + "\n"); !st.ok()) return report_error("eval", st);
  if (auto st = write_text(md_out, eval_markdown(rows)); !st.ok()) return report_error("eval", st);
  if (!chart.empty()) {
    std::string title = "hemu eval: " + model_path + " (" + perception + " perception, seeds " + seeds_text +
                        (ui_scale != 1.0 ? ", UI scale " + std::to_string(ui_scale).substr(0, 4) : "") +
                        (held_out_fonts ? ", held-out fonts" : "") + ")";
    if (auto st = write_eval_chart(rows, title, chart); !st.ok()) return report_error("eval", st);
    std::printf("wrote %s\n", chart.c_str());
  }
  return 0;
}

}  // namespace hemu::cli
