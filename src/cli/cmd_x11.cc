// hemu screenshot / act / displays / bench x11 (being written).
#include "cli/commands.h"

namespace hemu::cli {

static int not_yet(const char* command) {
  return report_error(command, Status(ErrorCode::kUnavailable, "not implemented yet"));
}
int screenshot_main(int, char**) { return not_yet("screenshot"); }
int act_main(int, char**) { return not_yet("act"); }
int displays_main(int, char**) { return not_yet("displays"); }
int bench_x11_main(int, char**) { return not_yet("bench x11"); }

}  // namespace hemu::cli
