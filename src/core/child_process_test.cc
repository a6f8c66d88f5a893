#include "core/child_process.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

namespace hemu {
namespace {

// Gone, or a zombie waiting for init: either way no longer running.
bool process_ended(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string line;
  std::getline(stat, line);
  const size_t paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z';
}

bool ends_within(int pid, int ms) {
  for (int waited = 0; waited < ms; waited += 20) {
    if (process_ended(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return process_ended(pid);
}

// A shell that starts a helper of its own and prints the helper's pid.
std::vector<std::string> parent_with_helper() { return {"/bin/sh", "-c", "sleep 60 & echo $!; wait"}; }

TEST(ChildProcess, KillingAGroupLeaderEndsItsHelpers) {
  auto child = ChildProcess::spawn(parent_with_helper(), /*quiet=*/true, /*own_group=*/true);
  ASSERT_TRUE(child.ok()) << child.status().to_string();
  auto line = (*child)->read_line(5000);
  ASSERT_TRUE(line.has_value());
  const int helper = std::stoi(*line);
  ASSERT_FALSE(process_ended(helper));
  (*child)->signal(SIGKILL);
  EXPECT_TRUE((*child)->wait_exit(5000).has_value());
  EXPECT_TRUE(ends_within(helper, 3000)) << "helper " << helper << " outlived its killed parent";
}

TEST(ChildProcess, WithoutAGroupOnlyTheParentIsKilled) {
  // The control: this is why Chromium is started with own_group.
  auto child = ChildProcess::spawn(parent_with_helper(), /*quiet=*/true);
  ASSERT_TRUE(child.ok()) << child.status().to_string();
  auto line = (*child)->read_line(5000);
  ASSERT_TRUE(line.has_value());
  const int helper = std::stoi(*line);
  (*child)->signal(SIGKILL);
  EXPECT_TRUE((*child)->wait_exit(5000).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(process_ended(helper));
  ::kill(helper, SIGKILL);  // ours: started by this test
  EXPECT_TRUE(ends_within(helper, 3000));
}

}  // namespace
}  // namespace hemu
