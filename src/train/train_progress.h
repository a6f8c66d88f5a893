// Progress of a training run, reported to a caller-supplied callback (CLI progress bar, logs).
// Shared by every trainer (detector, text reader, decision model). Plain data, no torch.
// Thread-safety: a value type; the callback is invoked on the training thread.
#pragma once

#include <cstdint>

namespace hemu {

struct TrainProgress {
  int64_t step = 0;         // optimiser steps done so far
  int64_t steps_total = 0;  // 0 if the run is time-bounded (then eta_s comes from the time budget)
  double loss = 0;          // smoothed training loss
  double samples_per_s = 0; // training samples per second since the start
  double elapsed_s = 0;     // wall time since the start
  double eta_s = 0;         // estimated seconds until the run ends
};

}  // namespace hemu
