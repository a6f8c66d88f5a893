#include "agent/agent_loop.h"

#include <cmath>
#include <utility>

#include "agent/frame_change.h"
#include "core/clock.h"
#include "core/stats.h"
#include "data/trace_writer.h"

namespace hemu {
namespace {

// Moves, waits and done need not change the screen; everything else should.
bool expects_effect(const Action& action) {
  return action.type != ActionType::kMouseMove && action.type != ActionType::kWait &&
         action.type != ActionType::kDone;
}

std::vector<Rect> sprites(const Screen& screen, Point before, Point after) {
  std::vector<Rect> out;
  for (Point p : {before, after}) {
    if (auto r = screen.pointer_sprite(p)) out.push_back(*r);
  }
  return out;
}

}  // namespace

const char* stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::kDone: return "done";
    case StopReason::kJudged: return "judged";
    case StopReason::kStepLimit: return "step_limit";
    case StopReason::kTimeLimit: return "time_limit";
    case StopReason::kKillSwitch: return "kill_switch";
    case StopReason::kStuck: return "stuck";
    case StopReason::kPolicyError: return "policy_error";
  }
  return "?";
}

Result<RunResult> run_agent(Screen& screen, AgentPolicy& policy, const std::string& instruction,
                            const RunOptions& options) {
  RunResult result;
  const int64_t start_us = monotonic_us();
  auto stopping = [&] { return options.should_stop && options.should_stop(); };
  policy.begin(instruction, screen.ui_scale());
  if (options.trace != nullptr) {
    TraceMeta& meta = options.trace->mutable_meta();
    meta.screen = screen.size();
    meta.ui_scale = screen.ui_scale();
    meta.instruction = instruction;
    if (meta.source.empty()) meta.source = screen.name();
    if (meta.policy.empty()) meta.policy = policy.name();
  }

  Frame observed, next;
  int64_t capture_us = 0;
  {
    const int64_t t = monotonic_us();
    HEMU_RETURN_IF_ERROR(screen.capture(observed));
    capture_us = monotonic_us() - t;
  }
  int no_effect_run = 0;
  auto stop = [&](StopReason reason, std::string detail) {
    result.stop = reason;
    result.detail = std::move(detail);
  };

  while (true) {
    if (stopping()) {
      stop(StopReason::kKillSwitch, "kill switch");
      break;
    }
    if (result.steps >= options.max_steps) {
      stop(StopReason::kStepLimit, "step limit " + std::to_string(options.max_steps));
      break;
    }
    if ((monotonic_us() - start_us) / 1e6 >= options.max_seconds) {
      stop(StopReason::kTimeLimit, "time limit " + std::to_string(options.max_seconds) + " s");
      break;
    }
    const int64_t step_start_us = monotonic_us() - capture_us;  // the step began with its capture
    StepRecord rec;
    rec.index = result.steps;
    rec.timings.capture_us = capture_us;

    const int64_t t_decide = monotonic_us();
    Result<PolicyDecision> decision = policy.decide(observed);
    if (!decision.ok()) {
      stop(StopReason::kPolicyError, "policy: " + decision.status().message());
      break;
    }
    rec.action = decision->action;
    const int64_t decide_wall_us = monotonic_us() - t_decide;
    if (decision->preprocess_us == 0 && decision->decide_us == 0) {
      rec.timings.decide_us = decide_wall_us;  // a policy that does not split its stages
    } else {
      rec.timings.preprocess_us = decision->preprocess_us;
      rec.timings.decide_us = decision->decide_us;
    }

    const Point pointer_before = screen.cursor();
    const int64_t t_act = monotonic_us();
    Status acted = screen.act(rec.action);
    rec.timings.act_us = monotonic_us() - t_act;
    if (acted.code() == ErrorCode::kCancelled || stopping()) {
      result.steps++;
      result.records.push_back(rec);
      stop(StopReason::kKillSwitch, acted.ok() ? "kill switch" : acted.message());
      break;
    }
    if (!acted.ok()) rec.refused = acted.message();
    const bool is_done = rec.action.type == ActionType::kDone;

    // Settle, then capture what the action led to (the next step's observation).
    const int64_t t_settle = monotonic_us();
    Result<SettleResult> settled = SettleResult{};
    if (!is_done && acted.ok()) settled = screen.wait_until_settled(options.settle_quiet_ms, options.settle_cap_ms);
    HEMU_RETURN_IF_ERROR(settled.status());
    rec.timings.settle_us = monotonic_us() - t_settle;
    int64_t t_capture = monotonic_us();
    HEMU_RETURN_IF_ERROR(screen.capture(next));
    capture_us = monotonic_us() - t_capture;

    if (!is_done && (expects_effect(rec.action) || !acted.ok())) {
      const int64_t t_verify = monotonic_us();
      const std::vector<Rect> ignore = sprites(screen, pointer_before, screen.cursor());
      FrameChange change = compare_frames(observed, next, ignore, /*trust_damage=*/!settled->synchronous);
      if (!change.changed && acted.ok() && !settled->synchronous) {
        // A slow program: give it a little longer to start drawing before calling it no effect.
        Result<bool> late = screen.wait_for_change(options.slow_change_ms);
        HEMU_RETURN_IF_ERROR(late.status());
        if (*late) {
          HEMU_RETURN_IF_ERROR(screen.wait_until_settled(options.settle_quiet_ms, options.settle_cap_ms).status());
          t_capture = monotonic_us();
          HEMU_RETURN_IF_ERROR(screen.capture(next));
          capture_us = monotonic_us() - t_capture;
          change = compare_frames(observed, next, ignore, /*trust_damage=*/false);
        }
      }
      rec.changed = change.changed;
      rec.timings.verify_us = monotonic_us() - t_verify;
    }

    if (options.trace != nullptr) {
      HEMU_RETURN_IF_ERROR(options.trace->add_step(rec.index, observed, options.trace->trace_time_us(step_start_us),
                                                   rec.action, rec.timings, rec.refused, rec.changed));
    }
    if (options.on_step) HEMU_RETURN_IF_ERROR(options.on_step(rec, observed));
    result.steps++;
    result.records.push_back(rec);
    std::swap(observed, next);

    if (is_done) {
      stop(StopReason::kDone, "the policy said done");
      break;
    }
    if (options.judge != nullptr) {
      if (std::optional<Verdict> v = options.judge->after_step((monotonic_us() - step_start_us) / 1e6)) {
        result.verdict = v;
        stop(StopReason::kJudged, v->reason);
        break;
      }
    }
    if (rec.changed.has_value() && !*rec.changed) {
      result.no_effect_steps++;
      if (++no_effect_run >= options.max_no_effect_in_a_row) {
        stop(StopReason::kStuck, std::to_string(no_effect_run) + " actions in a row changed nothing");
        break;
      }
      policy.note_no_effect();
    } else if (rec.changed.has_value()) {
      no_effect_run = 0;
    }
  }

  if (options.judge != nullptr && !result.verdict) result.verdict = options.judge->final_verdict(result.detail);
  result.seconds = (monotonic_us() - start_us) / 1e6;
  result.last_frame = std::move(observed);
  if (options.trace != nullptr) {
    const int64_t t = options.trace->now_us();
    HEMU_RETURN_IF_ERROR(options.trace->add_frame(result.last_frame, t).status());
    OutcomeEvent outcome;
    outcome.success = result.verdict && result.verdict->success;
    outcome.reward = result.verdict ? result.verdict->reward : 0.0;
    outcome.reason = result.verdict ? result.verdict->reason : std::string(stop_reason_name(result.stop)) + ": " + result.detail;
    outcome.steps = result.steps;
    HEMU_RETURN_IF_ERROR(options.trace->add_outcome(outcome, t));
  }
  return result;
}

Json stage_summary_json(const std::vector<StepRecord>& records) {
  std::vector<std::pair<const char*, std::vector<double>>> stages = {
      {"capture", {}}, {"preprocess", {}}, {"decide", {}}, {"act", {}}, {"settle", {}}, {"verify", {}}, {"compute", {}}};
  for (const StepRecord& r : records) {
    const StageTimings& t = r.timings;
    const int64_t values[] = {t.capture_us, t.preprocess_us, t.decide_us, t.act_us, t.settle_us, t.verify_us,
                              r.compute_us()};
    for (size_t i = 0; i < stages.size(); ++i) stages[i].second.push_back(values[i] / 1000.0);
  }
  Json out = Json::object();
  for (auto& [name, samples] : stages) {
    Json s = Json::object();
    s["p50"] = std::round(percentile(samples, 0.5) * 1000) / 1000;
    s["p90"] = std::round(percentile(samples, 0.9) * 1000) / 1000;
    out[name] = s;
  }
  return out;
}

Json RunResult::to_json() const {
  Json j = Json::object();
  j["stop"] = stop_reason_name(stop);
  j["detail"] = detail;
  j["success"] = verdict ? Json(verdict->success) : Json();
  if (verdict) j["reward"] = verdict->reward;
  j["steps"] = steps;
  j["no_effect_steps"] = no_effect_steps;
  j["seconds"] = std::round(seconds * 1e4) / 1e4;
  j["stages_ms"] = stage_summary_json(records);
  return j;
}

}  // namespace hemu
