#include "train/decision_training.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "core/rng.h"
#include "policy/decision_memory.h"
#include "policy/decision_net.h"
#include "sim/task_env.h"
#include "train/detector_training.h"
#include "train/optimizer.h"

namespace hemu {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct EpisodeData {
  std::vector<DecisionInput> inputs;
  std::vector<std::optional<ActionChoice>> targets;
};

// What a screen parser gets wrong, roughly: boxes a few pixels off, a misread character now and
// then, a small static text missed, a state flipped.
void perturb(std::vector<UiElement>& elements, Rng& rng, double noise) {
  if (noise <= 0) return;
  std::vector<UiElement> kept;
  for (auto& e : elements) {
    if (e.element_class == ElementClass::kText && rng.chance(0.02 * noise)) continue;
    int j = std::max(1, int(2 * noise));
    e.rect.x += rng.uniform_int(-j, j);
    e.rect.y += rng.uniform_int(-j, j);
    e.rect.width = std::max(4, e.rect.width + rng.uniform_int(-j, j));
    e.rect.height = std::max(4, e.rect.height + rng.uniform_int(-j, j));
    std::string text;
    for (char c : e.text) {
      if (rng.chance(0.003 * noise)) continue;
      text += rng.chance(0.01 * noise) && std::isalpha(uint8_t(c)) ? char('a' + rng.uniform_int(0, 25)) : c;
    }
    e.text = std::move(text);
    if (rng.chance(0.01 * noise)) e.checked = !e.checked;
    if (rng.chance(0.01 * noise)) e.focused = !e.focused;
    kept.push_back(std::move(e));
  }
  elements = std::move(kept);
}

// `remember`: the trained model reads remembered elements (feature version 6), so they are added
// as NeuralPolicy adds them.
EpisodeData play(const std::string& task, uint64_t seed, double scale, DecisionModel* model, double model_share,
                 bool remember, Rng& rng, double noise, DecisionTrainReport& report) {
  EpisodeData data;
  EnvConfig config;
  config.task = task;
  config.seed = seed;
  config.scale = scale;
  auto env = TaskEnv::create(config);
  if (!env.ok()) return data;
  if (model != nullptr) model->reset();
  std::vector<Action> past;
  ScreenMemory memory;
  const std::string instruction = (*env)->instruction();
  for (int step = 0; step < 100 && !(*env)->done(); ++step) {
    std::vector<UiElement> elements = visible_element_labels((*env)->desktop());
    perturb(elements, rng, noise);
    DecisionInput input =
        make_decision_input(instruction, std::move(elements), (*env)->desktop().screen_size(), memory, remember);
    set_history(input, past);
    Action expert = (*env)->expert_action();
    std::string why;
    std::optional<ActionChoice> target = encode_action(input, expert, &why);
    if (!target) report.unencodable[why]++;
    Action act = expert;
    if (model != nullptr) {
      ActionChoice choice = model->decide(input);
      if (rng.chance(model_share)) {
        auto decoded = decode_choice(input, choice);
        if (decoded.ok()) act = *decoded;
      }
    }
    data.inputs.push_back(std::move(input));
    data.targets.push_back(std::move(target));
    (*env)->step(act);
    past.push_back(act);
  }
  report.decisions += int64_t(data.inputs.size());
  report.episodes++;
  return data;
}

double pick_scale(Rng& rng) { return rng.chance(0.2) ? 2.0 : rng.chance(0.15) ? 1.5 : 1.0; }

}  // namespace

Result<DecisionTrainReport> train_decision(DecisionModel& model, const DecisionTrainOptions& options) {
  if (options.tasks.empty()) return invalid_argument("train_decision: no tasks");
  const int pixel_rounds = std::max(0, options.pixel_dagger_rounds);
  if (pixel_rounds > 0 && !options.parser) return invalid_argument("train_decision: pixel DAgger needs a screen parser");
  OptimizerOptions oo;
  oo.name = options.optimizer;
  oo.learning_rate = options.learning_rate > 0 ? options.learning_rate : options.optimizer == "lion" ? 3e-4 : 2e-3;
  oo.weight_decay = options.optimizer == "lion" ? 0.1 : 0.01;
  DecisionNetImpl& net = model.net();
  const bool remember = reads_remembered(model.config().feature_version);
  std::vector<torch::Tensor> parameters;
  for (auto& named : net.named_parameters()) {
    const bool trained = options.trainable.empty() ||
                         std::any_of(options.trainable.begin(), options.trainable.end(),
                                     [&](const std::string& prefix) { return named.key().starts_with(prefix); });
    named.value().set_requires_grad(trained);
    if (trained) parameters.push_back(named.value());
  }
  // Every parameter is trainable again afterwards, for whoever trains this model next in the
  // process (practice and imitate build their optimisers from all parameters).
  struct Unfreeze {
    DecisionNetImpl& net;
    ~Unfreeze() {
      for (auto& p : net.parameters()) p.set_requires_grad(true);
    }
  } unfreeze{net};
  if (parameters.empty()) return invalid_argument("train_decision: no parameter's name starts with the trainable prefixes");
  for (const auto& prefix : options.trainable) {
    bool matched = false;
    for (const auto& named : net.named_parameters()) matched |= named.key().starts_with(prefix);
    if (!matched) return invalid_argument("train_decision: no parameter's name starts with '" + prefix + "'");
  }
  auto optimizer = make_optimizer(parameters, oo);
  if (!optimizer.ok()) return optimizer.status();
  set_torch_threads(options.threads);
  torch::manual_seed(options.seed);
  Rng rng(options.seed * 7919 + 17);
  DecisionTrainReport report;
  auto log = [&](const std::string& m) { if (options.log) options.log(m); };

  // Per task, its episodes (so batches can be balanced across tasks).
  std::map<std::string, std::vector<EpisodeData>> data;
  uint64_t next_seed = kFirstTrainingSeed + options.seed * 100'000;
  auto t_data = Clock::now();
  for (const auto& task : options.tasks) {
    for (int i = 0; i < options.episodes_per_task; ++i) {
      EpisodeData e = play(task, next_seed++, pick_scale(rng), nullptr, 0, remember, rng, options.parser_noise, report);
      if (!e.inputs.empty()) data[task].push_back(std::move(e));
    }
  }
  report.data_seconds += seconds_since(t_data);
  log("generated " + std::to_string(report.episodes) + " expert episodes (" + std::to_string(report.decisions) +
      " decisions) in " + std::to_string(int(report.data_seconds)) + " s");
  if (data.empty() && pixel_rounds == 0) return invalid_argument("train_decision: no episodes could be generated");

  const int label_rounds = std::max(0, options.dagger_rounds);
  const int rounds = label_rounds + pixel_rounds;
  // Expert-only phase: none without expert episodes (a pixel-DAgger-only fine-tune).
  const double expert_share = data.empty() ? 0.0 : std::clamp(options.expert_share, 0.0, 1.0);
  std::map<std::string, std::vector<EpisodeData>> pixel_data;
  uint64_t next_pixel_seed = kFirstTrainingSeed + 50'000 + options.seed * 100'000;
  const double budget_s = options.minutes * 60;
  const int64_t total_steps = options.steps;
  auto t0 = Clock::now();
  double train_s = 0;
  int64_t step = 0;
  double smoothed = 0;
  std::vector<double> first, last;
  double last_report = -1e9;
  std::vector<std::string> task_names, pixel_task_names;
  for (const auto& [name, eps] : data) task_names.push_back(name);

  for (int phase = 0; phase <= rounds; ++phase) {
    // Phase 0 (expert data only) gets `expert_share` of the budget; each DAgger round an equal share
    // of the rest. Label rounds come first, then pixel rounds.
    double phase_end = rounds == 0  ? 1.0
                       : phase == 0 ? expert_share
                                    : expert_share + (1 - expert_share) * phase / rounds;
    if (phase > label_rounds) {
      auto t = Clock::now();
      const int64_t before = report.pixel_decisions, solved_before = report.pixel_successes;
      net.eval();
      PixelRolloutOptions po;
      po.model_share = options.pixel_model_share;
      for (const auto& task : options.tasks) {
        for (int i = 0; i < options.pixel_episodes_per_task; ++i) {
          PixelRollout r = play_pixel_dagger(task, next_pixel_seed++, options.parser, model, rng, po,
                                             &report.pixel_unencodable);
          report.pixel_episodes++;
          report.pixel_successes += r.success;
          report.pixel_model_actions += r.model_actions;
          report.pixel_parse_seconds += r.parse_seconds;
          report.pixel_decisions += int64_t(r.episode.inputs.size());
          if (r.episode.inputs.empty()) continue;
          if (pixel_data[task].empty()) pixel_task_names.push_back(task);
          pixel_data[task].push_back(EpisodeData{std::move(r.episode.inputs), std::move(r.episode.targets)});
        }
      }
      report.data_seconds += seconds_since(t);
      log("pixel DAgger round " + std::to_string(phase - label_rounds) + ": " +
          std::to_string(report.pixel_decisions - before) + " states parsed from pixels and labelled by the expert; " +
          std::to_string(report.pixel_successes - solved_before) + " of " +
          std::to_string(int64_t(options.tasks.size()) * options.pixel_episodes_per_task) +
          " mixed rollouts solved; " + std::to_string(int(seconds_since(t))) + " s");
      if (pixel_data.empty() && data.empty()) return invalid_argument("train_decision: no pixel episodes could be played");
    } else if (phase > 0) {
      auto t = Clock::now();
      int64_t before = report.decisions;
      net.eval();
      for (const auto& task : task_names) {
        for (int i = 0; i < options.dagger_episodes_per_task; ++i) {
          EpisodeData e = play(task, next_seed++, pick_scale(rng), &model, 0.7, remember, rng, options.parser_noise, report);
          if (!e.inputs.empty()) data[task].push_back(std::move(e));
        }
      }
      report.data_seconds += seconds_since(t);
      log("DAgger round " + std::to_string(phase) + ": " + std::to_string(report.decisions - before) +
          " states visited by the model, labelled by the expert");
    }
    // Nothing to learn from yet (e.g. --episodes 0 before the first pixel round): the next phase
    // takes this one's share of the budget.
    if (data.empty() && pixel_data.empty()) continue;
    net.train();
    while (true) {
      double progress = total_steps > 0 ? double(step) / double(total_steps) : train_s / std::max(1.0, budget_s);
      if (progress >= phase_end) break;
      auto t_step = Clock::now();
      std::vector<std::vector<const DecisionInput*>> inputs;
      std::vector<std::vector<const ActionChoice*>> targets;
      int64_t samples = 0;
      for (int b = 0; b < options.batch_episodes; ++b) {
        // Pixel episodes (once there are any) make `pixel_mix` of the windows; tasks uniform.
        const bool from_pixels = !pixel_data.empty() && (data.empty() || rng.chance(options.pixel_mix));
        const auto& names = from_pixels ? pixel_task_names : task_names;
        const auto& eps = (from_pixels ? pixel_data : data)[names[size_t(rng.uniform_int(0, int(names.size()) - 1))]];
        const EpisodeData& e = eps[size_t(rng.uniform_int(0, int(eps.size()) - 1))];
        std::vector<const DecisionInput*> in;
        std::vector<const ActionChoice*> tg;
        // One window of the episode, aligned with the run-time core resets (kCoreWindowSteps).
        size_t windows = (e.inputs.size() + kCoreWindowSteps - 1) / kCoreWindowSteps;
        size_t begin = size_t(rng.uniform_int(0, int(windows) - 1)) * kCoreWindowSteps;
        size_t end = std::min(e.inputs.size(), begin + kCoreWindowSteps);
        for (size_t s = begin; s < end; ++s) {
          in.push_back(&e.inputs[s]);
          tg.push_back(e.targets[s] ? &*e.targets[s] : nullptr);
          samples += e.targets[s].has_value();
        }
        inputs.push_back(std::move(in));
        targets.push_back(std::move(tg));
      }
      (*optimizer)->set_learning_rate(cosine_learning_rate(oo.learning_rate, progress));
      DecisionBatch batch = collate_decisions(inputs);
      DecisionOutputs out = net.forward(batch);
      torch::Tensor loss = decision_loss(out, batch, targets);
      (*optimizer)->zero_grad();
      loss.backward();
      torch::nn::utils::clip_grad_norm_(net.parameters(), 1.0);
      (*optimizer)->step();
      double l = loss.item<double>();
      smoothed = step == 0 ? l : 0.95 * smoothed + 0.05 * l;
      if (first.size() < 10) first.push_back(l);
      last.push_back(l);
      if (last.size() > 10) last.erase(last.begin());
      ++step;
      report.samples += samples;
      train_s += seconds_since(t_step);
      if (options.progress && (train_s - last_report >= 2 || progress >= 1)) {
        last_report = train_s;
        TrainProgress p;
        p.step = step;
        p.steps_total = total_steps;
        p.loss = smoothed;
        p.samples_per_s = double(report.samples) / std::max(1e-9, train_s);
        p.elapsed_s = seconds_since(t0);
        double frac = total_steps > 0 ? double(step) / double(total_steps) : train_s / std::max(1.0, budget_s);
        p.eta_s = frac > 0 ? train_s * (1 - frac) / frac : 0;
        options.progress(p);
      }
    }
  }
  net.eval();
  report.steps = step;
  report.seconds = seconds_since(t0);
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / double(v.size());
  };
  report.first_loss = mean(first);
  report.final_loss = mean(last);
  model.reset();
  return report;
}

}  // namespace hemu
