#include "train/episode_fit.h"

#include <torch/torch.h>

#include "core/rng.h"
#include "policy/decision_memory.h"
#include "policy/decision_model.h"
#include "policy/decision_net.h"
#include "train/optimizer.h"

namespace hemu {

DecisionEpisode make_decision_episode(const std::string& instruction, const std::vector<std::vector<UiElement>>& seen,
                                      Size screen, const std::vector<Action>& actions, bool remember,
                                      std::map<std::string, int64_t>* why) {
  DecisionEpisode e;
  ScreenMemory memory;
  for (size_t i = 0; i < actions.size() && i < seen.size(); ++i) {
    DecisionInput input = make_decision_input(instruction, seen[i], screen, memory, remember);
    set_history(input, std::vector<Action>(actions.begin(), actions.begin() + long(i)));
    std::string reason;
    std::optional<ActionChoice> target = encode_action(input, actions[i], &reason);
    if (!target) {
      e.unencodable++;
      if (why != nullptr) (*why)[reason]++;
    }
    e.targets.push_back(std::move(target));
    e.inputs.push_back(std::move(input));
  }
  return e;
}

Result<FitReport> fit_decision(DecisionModel& model, Optimizer& optimizer,
                               const std::map<std::string, std::vector<const DecisionEpisode*>>& groups,
                               const FitOptions& options) {
  std::vector<const std::vector<const DecisionEpisode*>*> usable;
  for (const auto& [name, episodes] : groups) {
    if (!episodes.empty()) usable.push_back(&episodes);
  }
  if (usable.empty()) return invalid_argument("no episodes to learn from");
  Rng rng(options.seed * 7919 + 3);
  DecisionNetImpl& net = model.net();
  net.train();
  FitReport report;
  std::vector<double> first, last;
  for (int64_t s = 0; s < options.steps; ++s) {
    std::vector<std::vector<const DecisionInput*>> inputs;
    std::vector<std::vector<const ActionChoice*>> targets;
    for (int b = 0; b < options.batch_episodes; ++b) {
      const auto& group = *usable[size_t(rng.uniform_int(0, int(usable.size()) - 1))];
      const DecisionEpisode& e = *group[size_t(rng.uniform_int(0, int(group.size()) - 1))];
      if (e.inputs.empty()) continue;
      const size_t windows = (e.inputs.size() + kCoreWindowSteps - 1) / kCoreWindowSteps;
      const size_t begin = size_t(rng.uniform_int(0, int(windows) - 1)) * kCoreWindowSteps;
      const size_t end = std::min(e.inputs.size(), begin + kCoreWindowSteps);
      std::vector<const DecisionInput*> in;
      std::vector<const ActionChoice*> tg;
      for (size_t k = begin; k < end; ++k) {
        in.push_back(&e.inputs[k]);
        tg.push_back(e.targets[k] ? &*e.targets[k] : nullptr);
      }
      inputs.push_back(std::move(in));
      targets.push_back(std::move(tg));
    }
    if (inputs.empty()) continue;
    DecisionBatch batch = collate_decisions(inputs);
    DecisionOutputs out = net.forward(batch);
    torch::Tensor loss = decision_loss(out, batch, targets);
    optimizer.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(net.parameters(), 1.0);
    optimizer.step();
    const double l = loss.item<double>();
    if (first.size() < 10) first.push_back(l);
    last.push_back(l);
    if (last.size() > 10) last.erase(last.begin());
    report.steps++;
    if (options.on_step) options.on_step(report.steps, l);
  }
  net.eval();
  model.reset();
  auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0.0 : sum / double(v.size());
  };
  report.first_loss = mean(first);
  report.final_loss = mean(last);
  return report;
}

}  // namespace hemu
