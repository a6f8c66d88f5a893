// Order statistics for timing summaries (p50, p90) over small samples.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace hemu {

// The q-quantile (0 <= q <= 1) of `samples` by nearest rank on the sorted values: the value at
// index round(q * (n - 1)). 0 for no samples. Takes a copy: callers keep their order.
inline double percentile(std::vector<double> samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const double rank = std::clamp(q, 0.0, 1.0) * double(samples.size() - 1);
  return samples[std::min(samples.size() - 1, size_t(rank + 0.5))];
}

}  // namespace hemu
