// SIGINT / SIGTERM for long-running commands (desktop, record, act): the handler only records the
// signal; the command's loop looks at stop_signal() between waits and shuts down cleanly.
#pragma once

namespace hemu::cli {

// Installs the handlers (no SA_RESTART, so a blocking wait returns at once).
void install_stop_handlers();
// The signal number received, or 0.
int stop_signal();

}  // namespace hemu::cli
