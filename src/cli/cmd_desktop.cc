// hemu desktop (being written).
#include "cli/commands.h"

namespace hemu::cli {

int desktop_main(int, char**) {
  return report_error("desktop", Status(ErrorCode::kUnavailable, "not implemented yet"));
}

}  // namespace hemu::cli
