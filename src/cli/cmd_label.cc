// hemu label: a recording's raw input events -> actions aligned with the frames (docs/labeler.md).
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/json.h"
#include "data/labeler.h"
#include "data/trace_reader.h"

namespace hemu::cli {

int label_main(int argc, char** argv) {
  Flags flags("label",
              "Turn a recording's raw input events into actions (computer-use JSON), each with the index of\n"
              "the frame the person saw before acting. Prints one JSON line per action, then a summary on\n"
              "stderr with every event it could not label.",
              "TRACE_DIR");
  int64_t& drag_px = flags.add_int("drag-threshold", 6, "pointer travel (pixels) that turns a click into a drag");
  int64_t& double_ms = flags.add_int("double-click-ms", 400, "two clicks closer than this are a double click");
  bool& recover = flags.add_bool("recover", false, "label the valid prefix of a damaged recording");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("label", st);
  if (flags.positional().size() != 1) return report_error("label", invalid_argument("expected one TRACE_DIR"));
  TraceOpenOptions open_options;
  open_options.recover = recover;
  auto reader = TraceReader::open(flags.positional()[0], open_options);
  if (!reader.ok()) return report_error("label", reader.status());
  std::vector<int64_t> frame_times;
  for (int64_t i = 0; i < (*reader)->frame_count(); ++i) frame_times.push_back((*reader)->frame_info(i).header.t_us);
  LabelerOptions options;
  options.drag_threshold_px = int(drag_px);
  options.double_click_ms = int(double_ms);
  LabelResult result = label_input_events((*reader)->events(), frame_times, options);
  for (const auto& a : result.actions) {
    Json line = Json::object();
    line["t_us"] = a.t_us;
    line["frame"] = a.frame_index;
    line["action"] = *Json::parse(action_to_json(a.action));
    std::printf("%s\n", line.dump().c_str());
  }
  std::fprintf(stderr, "%zu actions from %zu events; %zu events not labelled\n", result.actions.size(),
               (*reader)->events().size(), result.unlabeled.size());
  for (const auto& u : result.unlabeled) std::fprintf(stderr, "  %s\n", u.c_str());
  for (const auto& p : (*reader)->problems()) std::fprintf(stderr, "  problem: %s\n", p.to_string().c_str());
  return 0;
}

}  // namespace hemu::cli
