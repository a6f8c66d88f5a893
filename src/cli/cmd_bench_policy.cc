// hemu bench policy: decide latency of the brain per frame size (p50, p90), by stage.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "policy/neural_policy.h"
#include "policy/torch_util.h"
#include "sim/task_env.h"

namespace hemu::cli {
namespace {

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))];
}

}  // namespace

int bench_policy_main(int argc, char** argv) {
  Flags flags("bench policy",
              "Decide latency of a model (frame -> action: detect + read + decide) on one core, per frame size.\n"
              "Cold: a frame the policy has not seen (each sample is another task and seed). Warm: the same\n"
              "frame again (the detector's and reader's caches answer).");
  std::string& model_path = flags.add_string("model", "models/default.hemu", "model file");
  int64_t& samples = flags.add_int("samples", 15, "frames per size");
  int64_t& threads = flags.add_int("threads", 1, "torch threads (the figure is defined on one core)");
  std::string& sizes_text = flags.add_string("sizes", "640x480,1280x800,1920x1080,3840x2160", "frame sizes");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("bench policy", st);
  set_torch_threads(int(threads));
  auto policy = NeuralPolicy::load(model_path);
  if (!policy.ok()) return report_error("bench policy", policy.status());
  const std::vector<std::string> tasks = {"form_five_fields", "support_ticket", "email_open", "click_checkboxes",
                                          "select_dropdown"};
  std::printf("model %s (%lld parameters), %lld thread(s)\n", model_path.c_str(),
              (long long)(*policy)->parameter_count(), (long long)threads);
  std::printf("%-11s %9s %9s %9s %9s %9s %9s %9s\n", "size", "p50 ms", "p90 ms", "detect", "read", "decide",
              "warm p50", "elements");
  for (const auto& size_text : split_list(sizes_text)) {
    auto size = parse_size(size_text);
    if (!size.ok()) return report_error("bench policy", size.status());
    std::vector<double> total, detect, read, decide, warm, count;
    for (int64_t i = 0; i < samples; ++i) {
      EnvConfig config;
      config.task = tasks[size_t(i) % tasks.size()];
      config.seed = uint64_t(7000 + i);
      config.screen = *size;
      config.scale = size->width >= 3000 ? 2.0 : 1.0;
      auto env = TaskEnv::create(config);
      if (!env.ok()) return report_error("bench policy", env.status());
      Frame frame;
      (*env)->render(frame);
      (*policy)->begin((*env)->instruction(), config.scale);
      auto a = (*policy)->decide(frame);
      (void)a;  // a wrong choice still costs the same
      const DecideTimings& t = (*policy)->last_timings();
      total.push_back(t.total_us() / 1000.0);
      detect.push_back(t.detect_us / 1000.0);
      read.push_back(t.read_us / 1000.0);
      decide.push_back(t.decide_us / 1000.0);
      count.push_back(double((*policy)->last_elements().size()));
      auto again = (*policy)->decide(frame);
      (void)again;
      warm.push_back((*policy)->last_timings().total_us() / 1000.0);
    }
    std::printf("%-11s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.0f\n", size_text.c_str(), percentile(total, 0.5),
                percentile(total, 0.9), percentile(detect, 0.5), percentile(read, 0.5), percentile(decide, 0.5),
                percentile(warm, 0.5), percentile(count, 0.5));
  }
  return 0;
}

}  // namespace hemu::cli
