#include "cli/stop_signal.h"

#include <atomic>
#include <csignal>

namespace hemu::cli {
namespace {
std::atomic<int> g_stop_signal{0};
}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = [](int n) { g_stop_signal.store(n); };
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: interrupt the wait at once
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int stop_signal() { return g_stop_signal.load(); }

}  // namespace hemu::cli
