#include "data/trace_event.h"

#include <cmath>

namespace hemu {
namespace {

constexpr InputKind kInputKinds[] = {InputKind::kMotion,     InputKind::kButtonPress, InputKind::kButtonRelease,
                                     InputKind::kWheel,      InputKind::kKeyPress,    InputKind::kKeyRelease};

bool is_key(InputKind k) { return k == InputKind::kKeyPress || k == InputKind::kKeyRelease; }
bool is_button(InputKind k) { return k == InputKind::kButtonPress || k == InputKind::kButtonRelease; }

// Field readers: a missing optional field keeps the default; a present field of the wrong type is
// an error naming it.
class Fields {
 public:
  explicit Fields(const Json& json) : json_(json) {}
  Status integer(const char* name, int64_t& out, bool required, int64_t lo = INT64_MIN, int64_t hi = INT64_MAX) {
    const Json* v = json_.find(name);
    if (v == nullptr) return required ? missing(name) : Status::ok_status();
    if (!v->is_integer()) return corrupt(std::string("field '") + name + "': expected an integer");
    if (v->as_int() < lo || v->as_int() > hi)
      return corrupt(std::string("field '") + name + "': " + std::to_string(v->as_int()) + " is out of range");
    out = v->as_int();
    return Status::ok_status();
  }
  Status integer(const char* name, int& out, bool required, int64_t lo = INT32_MIN, int64_t hi = INT32_MAX) {
    int64_t value = out;
    HEMU_RETURN_IF_ERROR(integer(name, value, required, lo, hi));
    out = int(value);
    return Status::ok_status();
  }
  Status string(const char* name, std::string& out, bool required) {
    const Json* v = json_.find(name);
    if (v == nullptr) return required ? missing(name) : Status::ok_status();
    if (!v->is_string()) return corrupt(std::string("field '") + name + "': expected a string");
    out = v->as_string();
    return Status::ok_status();
  }
  Status boolean(const char* name, bool& out, bool required) {
    const Json* v = json_.find(name);
    if (v == nullptr) return required ? missing(name) : Status::ok_status();
    if (!v->is_bool()) return corrupt(std::string("field '") + name + "': expected true or false");
    out = v->as_bool();
    return Status::ok_status();
  }
  Status number(const char* name, double& out, bool required) {
    const Json* v = json_.find(name);
    if (v == nullptr) return required ? missing(name) : Status::ok_status();
    if (!v->is_number()) return corrupt(std::string("field '") + name + "': expected a number");
    out = v->as_number();
    return Status::ok_status();
  }

 private:
  static Status missing(const char* name) { return corrupt(std::string("missing field '") + name + "'"); }
  const Json& json_;
};

Result<InputEvent> input_from_json(InputKind kind, const Json& json) {
  InputEvent e;
  e.kind = kind;
  Fields f(json);
  HEMU_RETURN_IF_ERROR(f.integer("x", e.position.x, true));
  HEMU_RETURN_IF_ERROR(f.integer("y", e.position.y, true));
  if (is_button(kind)) HEMU_RETURN_IF_ERROR(f.integer("button", e.button, true, 1, 255));
  if (kind == InputKind::kWheel) {
    HEMU_RETURN_IF_ERROR(f.integer("dx", e.wheel_dx, false));
    HEMU_RETURN_IF_ERROR(f.integer("dy", e.wheel_dy, false));
  }
  if (is_key(kind)) {
    HEMU_RETURN_IF_ERROR(f.string("keysym", e.keysym, true));
    HEMU_RETURN_IF_ERROR(f.string("text", e.text, false));
    if (const Json* mods = json.find("modifiers")) {
      if (!mods->is_array()) return corrupt("field 'modifiers': expected an array of strings");
      for (const Json& m : mods->as_array()) {
        if (!m.is_string()) return corrupt("field 'modifiers': expected an array of strings");
        e.modifiers.push_back(m.as_string());
      }
    }
  }
  return e;
}

Result<StepEvent> step_from_json(const Json& json) {
  StepEvent e;
  Fields f(json);
  HEMU_RETURN_IF_ERROR(f.integer("step", e.step, true, 0));
  HEMU_RETURN_IF_ERROR(f.integer("frame", e.frame_index, false, -1));
  HEMU_RETURN_IF_ERROR(f.string("refused", e.refused, false));
  const Json* action = json.find("action");
  if (action == nullptr) return corrupt("missing field 'action'");
  auto parsed = action_from_json(action->dump());
  if (!parsed.ok()) return corrupt("field 'action': " + parsed.status().message());
  e.action = *parsed;
  if (const Json* t = json.find("timings_us")) {
    if (!t->is_object()) return corrupt("field 'timings_us': expected an object");
    Fields timings(*t);
    HEMU_RETURN_IF_ERROR(timings.integer("capture", e.timings.capture_us, true, 0));
    HEMU_RETURN_IF_ERROR(timings.integer("decide", e.timings.decide_us, true, 0));
    HEMU_RETURN_IF_ERROR(timings.integer("act", e.timings.act_us, true, 0));
    HEMU_RETURN_IF_ERROR(timings.integer("preprocess", e.timings.preprocess_us, false, 0));
    HEMU_RETURN_IF_ERROR(timings.integer("settle", e.timings.settle_us, false, 0));
    HEMU_RETURN_IF_ERROR(timings.integer("verify", e.timings.verify_us, false, 0));
    e.has_timings = true;
  }
  if (json.find("changed") != nullptr) {
    bool changed = false;
    HEMU_RETURN_IF_ERROR(f.boolean("changed", changed, true));
    e.changed = changed;
  }
  return e;
}

Result<OutcomeEvent> outcome_from_json(const Json& json) {
  OutcomeEvent e;
  Fields f(json);
  HEMU_RETURN_IF_ERROR(f.boolean("success", e.success, true));
  HEMU_RETURN_IF_ERROR(f.number("reward", e.reward, true));
  HEMU_RETURN_IF_ERROR(f.string("reason", e.reason, false));
  HEMU_RETURN_IF_ERROR(f.integer("steps", e.steps, true, 0));
  return e;
}

}  // namespace

const char* input_kind_name(InputKind kind) {
  switch (kind) {
    case InputKind::kMotion: return "motion";
    case InputKind::kButtonPress: return "button_press";
    case InputKind::kButtonRelease: return "button_release";
    case InputKind::kWheel: return "wheel";
    case InputKind::kKeyPress: return "key_press";
    case InputKind::kKeyRelease: return "key_release";
  }
  return "?";
}

std::string TraceEvent::type_name() const {
  if (const auto* in = input()) return input_kind_name(in->kind);
  if (step() != nullptr) return "action";
  if (outcome() != nullptr) return "outcome";
  return std::get<OtherEvent>(body).type;
}

Json event_to_json(const TraceEvent& event) {
  Json j = Json::object();
  j["t_us"] = event.t_us;
  j["type"] = event.type_name();
  if (const auto* in = event.input()) {
    j["x"] = in->position.x;
    j["y"] = in->position.y;
    if (is_button(in->kind)) j["button"] = in->button;
    if (in->kind == InputKind::kWheel) {
      j["dx"] = in->wheel_dx;
      j["dy"] = in->wheel_dy;
    }
    if (is_key(in->kind)) {
      j["keysym"] = in->keysym;
      Json mods = Json::array();
      for (const auto& m : in->modifiers) mods.push_back(m);
      j["modifiers"] = mods;
      if (!in->text.empty()) j["text"] = in->text;
    }
  } else if (const auto* s = event.step()) {
    j["step"] = s->step;
    j["frame"] = s->frame_index;
    j["action"] = *Json::parse(action_to_json(s->action));
    if (s->has_timings) {
      Json t = Json::object();
      t["capture"] = s->timings.capture_us;
      t["decide"] = s->timings.decide_us;
      t["act"] = s->timings.act_us;
      // Stages only the agent loop has: absent (0) for the built-in sim policies.
      if (s->timings.preprocess_us != 0) t["preprocess"] = s->timings.preprocess_us;
      if (s->timings.settle_us != 0) t["settle"] = s->timings.settle_us;
      if (s->timings.verify_us != 0) t["verify"] = s->timings.verify_us;
      j["timings_us"] = t;
    }
    if (!s->refused.empty()) j["refused"] = s->refused;
    if (s->changed.has_value()) j["changed"] = *s->changed;
  } else if (const auto* o = event.outcome()) {
    j["success"] = o->success;
    j["reward"] = o->reward;
    j["reason"] = o->reason;
    j["steps"] = o->steps;
  } else {
    const auto& other = std::get<OtherEvent>(event.body);
    if (other.fields.is_object())
      for (const auto& [name, value] : other.fields.items())
        if (name != "t_us" && name != "type") j[name] = value;
  }
  return j;
}

Result<TraceEvent> event_from_json(const Json& json) {
  if (!json.is_object()) return corrupt("expected a JSON object");
  TraceEvent event;
  Fields f(json);
  HEMU_RETURN_IF_ERROR(f.integer("t_us", event.t_us, true, 0));
  std::string type;
  HEMU_RETURN_IF_ERROR(f.string("type", type, true));
  for (InputKind kind : kInputKinds)
    if (type == input_kind_name(kind)) {
      auto in = input_from_json(kind, json);
      HEMU_RETURN_IF_ERROR(in.status());
      event.body = std::move(*in);
      return event;
    }
  if (type == "action") {
    auto s = step_from_json(json);
    HEMU_RETURN_IF_ERROR(s.status());
    event.body = std::move(*s);
  } else if (type == "outcome") {
    auto o = outcome_from_json(json);
    HEMU_RETURN_IF_ERROR(o.status());
    event.body = std::move(*o);
  } else {
    if (type.empty()) return corrupt("field 'type': empty");
    Json fields = Json::object();
    for (const auto& [name, value] : json.items())
      if (name != "t_us" && name != "type") fields[name] = value;
    event.body = OtherEvent{type, std::move(fields)};
  }
  return event;
}

}  // namespace hemu
