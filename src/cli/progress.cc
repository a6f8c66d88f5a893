#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>

namespace hemu::cli {

ProgressBar::ProgressBar(std::string label, int total)
    : label_(std::move(label)), total_(std::max(1, total)), enabled_(isatty(STDERR_FILENO) != 0) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(int done, const std::string& note) {
  if (!enabled_) return;
  constexpr int kWidth = 28;
  int filled = kWidth * std::clamp(done, 0, total_) / total_;
  double elapsed = clock_.elapsed_ms() / 1000.0;
  double eta = done > 0 ? elapsed * (total_ - done) / done : 0;
  std::fprintf(stderr, "\r%-12s [%s%s] %d/%d  %.0fs left  %-30.30s", label_.c_str(), std::string(size_t(filled), '#').c_str(),
               std::string(size_t(kWidth - filled), '.').c_str(), done, total_, eta, note.c_str());
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  std::fprintf(stderr, "\r%*s\r", 100, "");
  std::fflush(stderr);
}

}  // namespace hemu::cli
