#include "sim/humanize.h"

#include <algorithm>
#include <cmath>

#include "sim/text_field.h"

namespace hemu {

HumanProfile HumanProfile::sample(Rng& rng) {
  HumanProfile p;
  p.words_per_minute = rng.uniform(40, 80);
  p.typo_rate = rng.uniform(0.01, 0.05);
  p.fitts_a_s = rng.uniform(0.05, 0.15);
  p.fitts_b_s = rng.uniform(0.09, 0.16);
  p.think_mean_s = rng.uniform(0.6, 1.3);
  return p;
}

namespace {

constexpr double kMoveSampleS = 1.0 / 60.0;  // pointer reports at 60 Hz

// Keys next to each letter on a QWERTY keyboard, for realistic typos.
char neighbour_key(char c, Rng& rng) {
  static const char* rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
  char lower = char(std::tolower(uint8_t(c)));
  for (int r = 0; r < 3; ++r)
    for (int i = 0; rows[r][i]; ++i)
      if (rows[r][i] == lower) {
        int len = int(std::string(rows[r]).size());
        int j = std::clamp(i + (rng.chance(0.5) ? 1 : -1), 0, len - 1);
        if (j == i) j = i == 0 ? 1 : i - 1;
        char out = rows[r][j];
        return std::isupper(uint8_t(c)) ? char(std::toupper(uint8_t(out))) : out;
      }
  return 0;  // no typo for non-letters
}

// Appends a Fitts'-law pointer path from `from` to `to` ending at time `start + duration`.
void append_path(std::vector<TimedAction>& out, double start_s, Point from, Point to, int target_px,
                 const HumanProfile& person, Rng& rng, double* end_s) {
  double distance = std::hypot(double(to.x - from.x), double(to.y - from.y));
  double width = std::max(8, target_px);
  double movement_s = person.fitts_a_s + person.fitts_b_s * std::log2(distance / width + 1.0);
  movement_s *= rng.uniform(0.85, 1.15);
  if (distance < 2) {
    *end_s = start_s;
    return;
  }
  // A slight arc: the control point sits off the straight line by a few percent of the distance.
  double nx = -(to.y - from.y) / distance, ny = (to.x - from.x) / distance;
  double bow = rng.normal(0, 0.06) * distance;
  double cx = (from.x + to.x) / 2.0 + nx * bow, cy = (from.y + to.y) / 2.0 + ny * bow;
  // Occasional overshoot, corrected in a short second sub-movement.
  bool overshoot = distance > 150 && rng.chance(0.25);
  Point aim = to;
  if (overshoot) {
    double over = rng.uniform(0.03, 0.08) * distance;
    aim = {to.x + int(std::lround((to.x - from.x) / distance * over)),
           to.y + int(std::lround((to.y - from.y) / distance * over))};
  }
  int samples = std::max(2, int(movement_s / kMoveSampleS));
  Point last = from;
  for (int i = 1; i <= samples; ++i) {
    double t = double(i) / samples;
    double s = 10 * t * t * t - 15 * t * t * t * t + 6 * t * t * t * t * t;  // minimum-jerk profile
    double x = (1 - s) * (1 - s) * from.x + 2 * (1 - s) * s * cx + s * s * aim.x;
    double y = (1 - s) * (1 - s) * from.y + 2 * (1 - s) * s * cy + s * s * aim.y;
    Point p{int(std::lround(x)), int(std::lround(y))};
    if (p != last) out.push_back({start_s + t * movement_s, Action::mouse_move(p)});
    last = p;
  }
  double end = start_s + movement_s;
  if (overshoot) {
    double correction_s = person.fitts_a_s + rng.uniform(0.05, 0.15);
    out.push_back({end + correction_s * 0.5, Action::mouse_move({(aim.x + to.x) / 2, (aim.y + to.y) / 2})});
    out.push_back({end + correction_s, Action::mouse_move(to)});
    end += correction_s;
  } else if (last != to) {
    out.push_back({end, Action::mouse_move(to)});
  }
  *end_s = end;
}

}  // namespace

std::vector<TimedAction> humanize(const Action& clean, double now_s, Point pointer, int target_size_px,
                                  const HumanProfile& person, Rng& rng) {
  std::vector<TimedAction> out;
  double think = std::max(0.15, rng.normal(person.think_mean_s, person.think_mean_s * 0.3));
  double t = now_s + think;
  int target = target_size_px > 0 ? target_size_px : 24;
  // Land inside the target, not on its exact centre (a third of its size, normally distributed).
  auto land = [&](Point p) {
    double spread = target / 6.0;
    return Point{p.x + int(std::lround(std::clamp(rng.normal(0, spread), -target / 3.0, target / 3.0))),
                 p.y + int(std::lround(std::clamp(rng.normal(0, spread), -target / 3.0, target / 3.0)))};
  };
  switch (clean.type) {
    case ActionType::kLeftClick:
    case ActionType::kDoubleClick:
    case ActionType::kRightClick: {
      Point p = land(clean.coordinate);
      double end = t;
      append_path(out, t, pointer, p, target, person, rng, &end);
      Action click = clean;
      click.coordinate = p;
      out.push_back({end + 2 * kKlmButton + (clean.type == ActionType::kDoubleClick ? 0.15 : 0), click});
      break;
    }
    case ActionType::kMouseMove: {
      double end = t;
      append_path(out, t, pointer, clean.coordinate, target, person, rng, &end);
      if (out.empty() || !(out.back().action == clean)) out.push_back({end, clean});
      break;
    }
    case ActionType::kScroll: {
      double end = t;
      append_path(out, t, pointer, clean.coordinate, std::max(target, 80), person, rng, &end);
      // One notch at a time, ~80 ms apart, as a finger rolls the wheel.
      for (int i = 0; i < clean.scroll_amount; ++i) {
        Action notch = Action::scroll(clean.coordinate, clean.scroll_direction, 1);
        out.push_back({end + 0.08 * (i + 1), notch});
      }
      break;
    }
    case ActionType::kLeftClickDrag: {
      double end = t;
      append_path(out, t, pointer, clean.start_coordinate, target, person, rng, &end);
      // The drag itself is one action; the time includes the slower, loaded movement.
      double distance = std::hypot(double(clean.coordinate.x - clean.start_coordinate.x),
                                   double(clean.coordinate.y - clean.start_coordinate.y));
      double drag_s = 1.3 * (person.fitts_a_s + person.fitts_b_s * std::log2(distance / target + 1.0));
      out.push_back({end + drag_s + 2 * kKlmButton, clean});
      break;
    }
    case ActionType::kType: {
      double per_char = 60.0 / (person.words_per_minute * 5.0);
      std::string_view s = clean.text;
      for (size_t i = 0; i < s.size();) {
        size_t next = utf8_next(s, i);
        std::string ch(s.substr(i, next - i));
        double gap = std::max(0.04, rng.normal(per_char, per_char * 0.35));
        if (ch.size() == 1 && rng.chance(person.typo_rate)) {
          if (char wrong = neighbour_key(ch[0], rng)) {
            t += gap;
            out.push_back({t, Action::type_text(std::string(1, wrong))});
            t += std::max(0.15, rng.normal(0.35, 0.1));  // noticing the typo
            out.push_back({t, Action::key("BackSpace")});
            gap = std::max(0.05, rng.normal(per_char, per_char * 0.3));
          }
        }
        t += gap;
        out.push_back({t, Action::type_text(ch)});
        i = next;
      }
      break;
    }
    case ActionType::kKey: {
      out.push_back({t + kKlmKeystroke, clean});
      break;
    }
    case ActionType::kWait:
      out.push_back({now_s + clean.duration_s, clean});
      break;
    case ActionType::kDone:
      out.push_back({t, clean});
      break;
  }
  return out;
}

double klm_seconds(const Action& a, const Action* previous) {
  auto is_mouse = [](const Action* x) {
    return x != nullptr && x->type != ActionType::kType && x->type != ActionType::kKey &&
           x->type != ActionType::kWait && x->type != ActionType::kDone;
  };
  auto is_keyboard = [](const Action* x) {
    return x != nullptr && (x->type == ActionType::kType || x->type == ActionType::kKey);
  };
  switch (a.type) {
    case ActionType::kLeftClick:
    case ActionType::kRightClick:
      return (is_keyboard(previous) ? kKlmHome : 0) + kKlmMental + kKlmPoint + 2 * kKlmButton;
    case ActionType::kDoubleClick:
      return (is_keyboard(previous) ? kKlmHome : 0) + kKlmMental + kKlmPoint + 4 * kKlmButton;
    case ActionType::kMouseMove:
      return (is_keyboard(previous) ? kKlmHome : 0) + kKlmPoint;
    case ActionType::kLeftClickDrag:
      return (is_keyboard(previous) ? kKlmHome : 0) + kKlmMental + 2 * kKlmPoint + 2 * kKlmButton;
    case ActionType::kScroll:
      return (is_keyboard(previous) ? kKlmHome : 0) + kKlmMental + kKlmPoint + a.scroll_amount * kKlmButton;
    case ActionType::kType:
      return (is_mouse(previous) ? kKlmHome : 0) + kKlmMental + double(utf8_length(a.text)) * kKlmKeystroke;
    case ActionType::kKey: {
      int keys = 1 + int(std::count(a.text.begin(), a.text.end(), '+'));
      // A keystroke right after typing (Return, Tab) continues the same chunk: no extra M. So does
      // the same key pressed again (stepping a slider or a list): people repeat it without a
      // new decision per press.
      bool chunk = previous != nullptr && (previous->type == ActionType::kType ||
                                           (previous->type == ActionType::kKey && previous->text == a.text));
      return (is_mouse(previous) ? kKlmHome : 0) + (chunk ? 0 : kKlmMental) + keys * kKlmKeystroke;
    }
    case ActionType::kWait:
      return a.duration_s;
    case ActionType::kDone:
      return 0;
  }
  return 0;
}

double klm_seconds(const std::vector<Action>& actions) {
  double total = 0;
  for (size_t i = 0; i < actions.size(); ++i) total += klm_seconds(actions[i], i == 0 ? nullptr : &actions[i - 1]);
  return total;
}

}  // namespace hemu
