// hemu tasks / hemu show.
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/json.h"
#include "image/png.h"
#include "image/file_io.h"
#include "policy/neural_policy.h"
#include "policy/text_reader.h"
#include "sim/element_labels.h"
#include "sim/task_env.h"

namespace hemu::cli {

int tasks_main(int argc, char** argv) {
  Flags flags("tasks", "List the embedded desktop's tasks.");
  std::string& family = flags.add_string("family", "", "only this family (click, type, select, pointer, multi-step)");
  bool& json = flags.add_bool("json", false, "one JSON object per line instead of a table");
  bool& markdown = flags.add_bool("markdown", false, "a markdown table (docs/tasks.md is made with it)");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("tasks", st);
  if (!family.empty()) {
    bool known = false;
    for (const auto& e : task_registry()) known |= e.info.family == family;
    if (!known) return report_error("tasks", not_found("no tasks in family '" + family + "'"));
  }
  int shown = 0;
  if (markdown) std::printf("| task | family | native size | step limit | description |\n|---|---|---|---|---|\n");
  else if (!json) std::printf("%-26s %-11s %6s  %s\n", "TASK", "FAMILY", "STEPS", "DESCRIPTION");
  for (const auto& e : task_registry()) {
    if (!family.empty() && e.info.family != family) continue;
    ++shown;
    if (markdown)
      std::printf("| `%s` | %s | %dx%d | %d | %s |\n", e.info.name.c_str(), e.info.family.c_str(), e.info.native_size.width,
                  e.info.native_size.height, e.info.max_steps, e.info.description.c_str());
    else if (json) {
      Json j = Json::object();
      j["name"] = e.info.name;
      j["family"] = e.info.family;
      j["max_steps"] = e.info.max_steps;
      j["time_limit_s"] = e.info.time_limit_s;
      j["native_size"] = std::to_string(e.info.native_size.width) + "x" + std::to_string(e.info.native_size.height);
      j["description"] = e.info.description;
      std::printf("%s\n", j.dump().c_str());
    }
    else
      std::printf("%-26s %-11s %6d  %s\n", e.info.name.c_str(), e.info.family.c_str(), e.info.max_steps,
                  e.info.description.c_str());
  }
  if (shown == 0) return report_error("tasks", not_found("no tasks in family '" + family + "'"));
  if (!json && !markdown) std::printf("\n%d tasks\n", shown);
  return 0;
}

namespace {

std::string element_summary(ElementClass c, const Rect& r, const std::string& text, bool checked, bool selected) {
  std::string s = std::string(element_class_name(c)) + " " + r.to_string() + " '" + text + "'";
  if (checked) s += " checked";
  if (selected) s += " selected";
  return s;
}

// The parser's elements next to the labels: matched (same class, IoU >= 0.5) with what differs,
// then the labels nothing matched. For finding what perception gets wrong on one screen.
void print_parse(const std::vector<UiElement>& parsed, const std::vector<ElementLabel>& labels) {
  std::vector<bool> used(labels.size(), false);
  std::printf("the parser sees %zu elements (%zu labels):\n", parsed.size(), labels.size());
  for (const UiElement& e : parsed) {
    int best = -1;
    double best_iou = 0.5;
    for (size_t i = 0; i < labels.size(); ++i) {
      if (used[i] || labels[i].element_class != e.element_class) continue;
      const double v = rect_iou(e.rect, labels[i].rect);
      if (v >= best_iou) best_iou = v, best = int(i);
    }
    std::string line = "  " + element_summary(e.element_class, e.rect, e.text, e.checked, e.selected);
    if (best < 0) {
      line += "   <- no such label";
    } else {
      used[size_t(best)] = true;
      const ElementLabel& l = labels[size_t(best)];
      if (normalize_reader_text(l.text) != e.text) line += "   <- label reads '" + l.text + "'";
      if (l.checked != e.checked) line += std::string("   <- label is ") + (l.checked ? "checked" : "not checked");
    }
    std::printf("%s\n", line.c_str());
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (used[i]) continue;
    const ElementLabel& l = labels[i];
    std::printf("  MISSED %s\n", element_summary(l.element_class, l.rect, l.text, l.checked, l.selected).c_str());
  }
}

}  // namespace

int show_main(int argc, char** argv) {
  Flags flags("show", "Render the first screen of a task episode to a PNG and print its instruction.", "TASK");
  int64_t& seed = flags.add_int("seed", 0, "episode seed");
  std::string& size = flags.add_string("size", "", "screen size WxH (default: the task's native size x scale)");
  double& scale = flags.add_double("scale", 1.0, "UI scale: 1, 1.5 or 2 (any value in 1..2)");
  std::string& theme = flags.add_string("theme", "", "light, dark or classic (default: from the seed)");
  std::string& out = flags.add_string("out", "", "output PNG path (default TASK-SEED.png)");
  int64_t& steps = flags.add_int("expert-steps", 0, "let the expert take this many steps first");
  std::string& labels = flags.add_string("labels", "", "also write the screen's element labels (training only) as JSON lines");
  bool& overlay = flags.add_bool("overlay", false, "draw the element labels' boxes on the PNG (with --parse: the policy's boxes)");
  std::string& parse_model = flags.add_string("parse", "", "also print what this model's screen parser sees (pixels only), next to the labels");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("show", st);
  if (flags.positional().size() != 1) return report_error("show", invalid_argument("expected one TASK (see hemu tasks)"));
  if (!out.empty() && (out.size() < 4 || out.compare(out.size() - 4, 4, ".png") != 0))
    return report_error("show", invalid_argument("--out '" + out + "': hemu writes PNG files; use a .png name"));
  EnvConfig config;
  config.task = flags.positional()[0];
  config.seed = uint64_t(seed);
  config.scale = scale;
  if (!size.empty()) {
    auto parsed = parse_size(size);
    if (!parsed.ok()) return report_error("show", parsed.status());
    config.screen = *parsed;
  }
  if (!theme.empty()) {
    if (theme == "light") config.theme = ThemeFamily::kLight;
    else if (theme == "dark") config.theme = ThemeFamily::kDark;
    else if (theme == "classic") config.theme = ThemeFamily::kClassic;
    else return report_error("show", invalid_argument("--theme: expected light, dark or classic, got '" + theme + "'"));
  }
  auto env = TaskEnv::create(config);
  if (!env.ok()) return report_error("show", env.status());
  for (int i = 0; i < steps && !(*env)->done(); ++i) (void)(*env)->step((*env)->expert_action());
  Frame frame;
  (*env)->render(frame);
  std::vector<UiElement> parsed;
  if (!parse_model.empty()) {
    auto policy = NeuralPolicy::load(parse_model);
    if (!policy.ok()) return report_error("show", policy.status());
    parsed = (*policy)->parse(frame, (*env)->desktop().scale());
    print_parse(parsed, element_labels((*env)->desktop()));
  }
  if (!labels.empty() || overlay) {
    auto elements = element_labels((*env)->desktop());
    if (!labels.empty()) {
      std::string lines;
      for (const auto& e : elements) lines += element_label_json(e).dump() + "\n";
      if (auto st = file_write_atomic(labels, std::vector<uint8_t>(lines.begin(), lines.end())); !st.ok())
        return report_error("show", st);
    }
    if (overlay) {
      Canvas canvas(frame);
      std::vector<UiElement> boxes;
      if (!parse_model.empty()) boxes = parsed;
      else for (const auto& e : elements) boxes.push_back({e.element_class, e.rect});
      for (const auto& e : boxes) {
        // One hue per class, so a person can check the labels at a glance.
        int c = int(e.element_class) * 47 % 360;
        Color colour = Color{uint8_t(128 + 127 * (c % 3 == 0)), uint8_t(128 + 127 * (c % 3 == 1)),
                             uint8_t(128 + 127 * (c % 3 == 2)), 255}.mix(Color{255, 0, 128, 255}, (c % 7) / 10.0);
        canvas.stroke_rect(e.rect, colour, std::max(1, int((*env)->desktop().scale())));
      }
    }
  }
  std::string path = out.empty() ? config.task + "-" + std::to_string(seed) + ".png" : out;
  if (auto st = png_write(frame, path); !st.ok()) return report_error("show", st);
  std::printf("%s\n%s (%dx%d, scale %g)\n", (*env)->instruction().c_str(), path.c_str(), frame.width, frame.height,
              config.scale);
  return 0;
}

}  // namespace hemu::cli
