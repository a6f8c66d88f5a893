// hemu bench agent: the agent loop's speed in one run, in process and through X11 (`hemu desktop`
// on Xvfb), as ratios: speed as a multiple of the KLM human reference per task and mean, compute
// per step (capture to action sent) p50/p90, and whether both paths agree on success.
#include <cstdio>

#include "agent/neural_agent_policy.h"
#include "policy/neural_policy.h"
#include "cli/agent_runner.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/play_report.h"
#include "cli/progress.h"
#include "cli/run_report.h"

#ifdef HEMU_HAVE_X11
#include "x11/testing/xvfb.h"
#endif

namespace hemu::cli {

int bench_agent_main(int argc, char** argv) {
  Flags flags("bench agent",
              "The agent loop with a model, in process and through X11 in one run: per task success, speed as a\n"
              "multiple of the KLM human reference (successful episodes), and compute per step (capture to action\n"
              "sent) p50/p90. The X11 path shows each episode in a `hemu desktop` window on an Xvfb it starts\n"
              "(or on --display) and works it with MIT-SHM capture, XTest input and damage-driven settling.\n"
              "In process, frames are rendered without the pointer sprite, as X11 capture sees them.",
              "[TASK|FAMILY|all ...]");
  std::string& model = flags.add_string("model", "", "model file (default: $HEMU_MODEL or models/default.hemu)");
  std::string& seeds_flag = flags.add_string("seeds", "0-2", "held-out seeds");
  std::string& size_flag = flags.add_string("size", "1920x1080", "screen size of both paths (the task window sits at 0,0)");
  std::string& display = flags.add_string("display", "", "use this X display instead of starting Xvfb");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("bench agent", st);
  auto tasks = tasks_from_args(flags.positional().empty() ? std::vector<std::string>{"click", "type"} : flags.positional());
  if (!tasks.ok()) return report_error("bench agent", tasks.status());
  auto seeds = parse_seeds(seeds_flag);
  if (!seeds.ok()) return report_error("bench agent", seeds.status());
  auto size = parse_size(size_flag);
  if (!size.ok()) return report_error("bench agent", size.status());
  auto path = find_model(model);
  if (!path.ok()) return report_error("bench agent", path.status());
  auto policy = NeuralAgentPolicy::load(*path);
  if (!policy.ok()) return report_error("bench agent", policy.status());
#ifndef HEMU_HAVE_X11
  return report_error("bench agent", unavailable("this hemu was built without X11"));
#else
  std::unique_ptr<XvfbProcess> xvfb;
  std::string where = display;
  if (where.empty()) {
    auto started = XvfbProcess::start(*size);
    if (!started.ok()) return report_error("bench agent", started.status());
    xvfb = std::move(*started);
    where = xvfb->display();
  }
  RunTable local, x11;
  int agree = 0, total = 0;
  ProgressBar progress("bench agent", int(tasks->size() * seeds->size()));
  for (const std::string& task : *tasks) {
    for (uint64_t seed : *seeds) {
      EnvConfig config;
      config.task = task;
      config.seed = seed;
      config.screen = *size;
      // Each path starts with an empty reading cache: the same screens must not be read for free.
      (*policy)->policy().clear_caches();
      auto a = run_sim_task(config, **policy, RunOptions{}, /*show_pointer=*/false);
      if (!a.ok()) return report_error("bench agent", a.status().with_context(task));
      (*policy)->policy().clear_caches();
      auto b = run_task_via_desktop(config, where, **policy, RunOptions{});
      if (!b.ok()) return report_error("bench agent", b.status().with_context(task + " through X11"));
      local.add(*a);
      x11.add(*b);
      agree += a->success() == b->success() && a->result.steps == b->result.steps;
      progress.update(++total, task);
    }
  }
  progress.finish();
  std::printf("model %s, %dx%d screen, seeds %s; X11 on %s\n\n", path->c_str(), size->width, size->height,
              seeds_flag.c_str(), xvfb ? ("Xvfb " + where + " started by hemu").c_str() : where.c_str());
  std::printf("## in process\n\n%s\n## through X11 (hemu desktop + MIT-SHM + XTest + XDamage)\n\n%s\n",
              local.render().c_str(), x11.render().c_str());
  auto p = [](const RunTable& t, double q) { return t.compute_ms(q); };
  auto step_p50 = [](const RunTable& t) { return t.whole_step_ms(0.5); };
  std::printf("| figure | in process | X11 | X11 / in process |\n|---|---:|---:|---:|\n");
  std::printf("| success | %.1f %% | %.1f %% | |\n", 100 * local.success_rate(), 100 * x11.success_rate());
  std::printf("| mean speed x (successful episodes) | %.0f | %.0f | %.2f |\n", local.mean_speedup(), x11.mean_speedup(),
              local.mean_speedup() > 0 ? x11.mean_speedup() / local.mean_speedup() : 0.0);
  std::printf("| compute per step p50 ms | %.1f | %.1f | %.2f |\n", p(local, 0.5), p(x11, 0.5),
              p(local, 0.5) > 0 ? p(x11, 0.5) / p(local, 0.5) : 0.0);
  std::printf("| compute per step p90 ms | %.1f | %.1f | %.2f |\n", p(local, 0.9), p(x11, 0.9),
              p(local, 0.9) > 0 ? p(x11, 0.9) / p(local, 0.9) : 0.0);
  std::printf("| whole step p50 ms (+ settle, verify) | %.1f | %.1f | %.2f |\n", step_p50(local), step_p50(x11),
              step_p50(local) > 0 ? step_p50(x11) / step_p50(local) : 0.0);
  std::printf("\nepisodes with the same outcome and step count on both paths: %d of %d\n", agree, total);
  return 0;
#endif
}

}  // namespace hemu::cli
