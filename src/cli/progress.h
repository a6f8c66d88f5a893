// A one-line progress bar on stderr (only when stderr is a terminal, so logs stay clean).
#pragma once

#include <cstdio>
#include <string>

#include "core/clock.h"

namespace hemu::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, int total);
  ~ProgressBar();
  void update(int done, const std::string& note = "");
  void finish();

 private:
  std::string label_;
  int total_;
  bool enabled_;
  bool finished_ = false;
  Stopwatch clock_;
};

}  // namespace hemu::cli
