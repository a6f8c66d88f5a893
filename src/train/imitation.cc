#include "train/imitation.h"

#include "data/dataset.h"
#include "data/labeler.h"
#include "data/trace_reader.h"
#include "policy/decision_model.h"
#include "policy/decision_net.h"
#include "policy/neural_policy.h"
#include "policy/torch_util.h"
#include "train/optimizer.h"

namespace hemu {

std::map<std::string, std::vector<const DecisionEpisode*>> ImitationData::views() const {
  std::map<std::string, std::vector<const DecisionEpisode*>> out;
  for (const auto& [group, episodes] : groups) {
    for (const DecisionEpisode& e : episodes) out[group].push_back(&e);
  }
  return out;
}

Result<ImitationData> load_imitation_data(NeuralPolicy& parser, const std::vector<std::string>& roots,
                                          const ImitationOptions& options) {
  ImitationData data;
  for (const std::string& root : roots) {
    auto dirs = find_traces(root);
    HEMU_RETURN_IF_ERROR(dirs.status());
    for (const std::string& dir : *dirs) {
      data.traces++;
      auto trace = TraceReader::open(dir);
      if (!trace.ok()) {
        data.skipped.push_back(dir + ": " + trace.status().message());
        continue;
      }
      TraceReader& t = **trace;
      const TraceMeta& meta = t.meta();
      if (meta.instruction.empty()) {
        data.skipped.push_back(dir + ": no instruction in meta.json (record with --instruction)");
        continue;
      }
      // (frame index, action) pairs: episode action lines, or a recording's labelled input.
      std::vector<std::pair<int64_t, Action>> steps;
      if (meta.kind == TraceKind::kEpisode) {
        if (std::optional<OutcomeEvent> outcome = t.outcome(); options.successful_only && outcome && !outcome->success) {
          data.skipped.push_back(dir + ": the episode failed");
          continue;
        }
        for (const StepEvent& s : t.steps()) {
          if (s.refused.empty()) steps.emplace_back(s.frame_index, s.action);
        }
      } else {
        std::vector<int64_t> frame_times;
        for (int64_t i = 0; i < t.frame_count(); ++i) frame_times.push_back(t.frame_info(i).header.t_us);
        for (const LabeledAction& a : label_input_events(t.events(), frame_times).actions) {
          steps.emplace_back(a.frame_index, a.action);
        }
      }
      std::vector<std::vector<UiElement>> seen;
      std::vector<Action> actions;
      Size screen = meta.screen;
      for (const auto& [index, action] : steps) {
        if (index < 0) continue;  // acted before the first frame: nothing was seen
        auto frame = t.frame(index);
        if (!frame.ok()) return frame.status().with_context(dir);
        screen = frame->size();
        seen.push_back(parser.parse(*frame, meta.ui_scale));
        actions.push_back(action);
      }
      if (actions.empty()) {
        data.skipped.push_back(dir + ": no actions with an observed frame");
        continue;
      }
      DecisionEpisode e = make_decision_episode(meta.instruction, seen, screen, actions,
                                                reads_remembered(parser.decision_model().config().feature_version),
                                                &data.unencodable_reasons);
      data.actions += int64_t(actions.size());
      data.unencodable += e.unencodable;
      data.used++;
      data.groups[meta.task.empty() ? meta.instruction : meta.task].push_back(std::move(e));
    }
  }
  if (data.used == 0) {
    std::string why = data.skipped.empty() ? "no traces found" : data.skipped.front();
    return invalid_argument("no usable traces to learn from (" + why + ")");
  }
  return data;
}

Result<ImitateReport> imitate(NeuralPolicy& policy, const std::vector<std::string>& roots, const ImitateOptions& options) {
  set_torch_threads(options.threads);
  auto data = load_imitation_data(policy, roots, options.data);
  HEMU_RETURN_IF_ERROR(data.status());
  if (options.from_scratch) {
    policy.replace_decision_model(DecisionModel::create(policy.decision_model().config(), options.seed));
  }
  DecisionModel& model = policy.decision_model();
  OptimizerOptions oo;
  oo.name = "adamw";
  oo.learning_rate = options.learning_rate > 0 ? options.learning_rate : options.from_scratch ? 2e-3 : 3e-4;
  auto optimizer = make_optimizer(model.net().parameters(), oo);
  HEMU_RETURN_IF_ERROR(optimizer.status());
  FitOptions fo;
  fo.steps = options.steps;
  fo.batch_episodes = options.batch_episodes;
  fo.seed = options.seed;
  fo.on_step = options.on_step;
  auto fit = fit_decision(model, **optimizer, data->views(), fo);
  HEMU_RETURN_IF_ERROR(fit.status());
  ImitateReport r;
  r.traces = data->traces;
  r.used = data->used;
  r.actions = data->actions;
  r.unencodable = data->unencodable;
  r.unencodable_reasons = data->unencodable_reasons;
  r.skipped = data->skipped;
  for (const auto& [group, episodes] : data->groups) r.episodes_per_group[group] = int64_t(episodes.size());
  r.fit = *fit;
  return r;
}

}  // namespace hemu
