// Runs the built `hemu` binary (HEMU_BINARY) the way a user's shell does, for integration tests.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace hemu::testing {

struct CommandResult {
  int exit_code;
  std::string output;  // stdout and stderr, interleaved
};

// `args` are appended to the binary's path as shell words; `stdin_text` (if any) is fed on stdin,
// otherwise stdin is /dev/null. Without `merge_stderr` the output is stdout only (JSON results).
inline CommandResult run_hemu(const std::string& args, const std::string& stdin_text = "", bool merge_stderr = true) {
  std::string command = std::string(HEMU_BINARY) + " " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  std::string input_file;
  if (!stdin_text.empty()) {
    input_file = std::filesystem::temp_directory_path() / ("hemu_stdin_" + std::to_string(::getpid()));
    std::ofstream(input_file) << stdin_text;
    command += " < " + input_file;
  } else {
    command += " < /dev/null";
  }
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  if (!input_file.empty()) std::filesystem::remove(input_file);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace hemu::testing
