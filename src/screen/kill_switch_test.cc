#include "screen/kill_switch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/clock.h"

namespace hemu {
namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("hemu_kill_" + std::to_string(::getpid()) + "_" + name)).string();
}

// Polls `kill` until tripped or `limit_ms`; returns the elapsed milliseconds.
double ms_until_tripped(const KillSwitch& kill, int64_t start_us, int limit_ms = 2000) {
  while (!kill.tripped() && monotonic_us() - start_us < limit_ms * 1000) std::this_thread::sleep_for(std::chrono::microseconds(100));
  return (monotonic_us() - start_us) / 1000.0;
}

TEST(KillSwitchTest, ManualTripLatchesUntilReset) {
  KillSwitch kill;
  EXPECT_FALSE(kill.tripped());
  EXPECT_EQ(kill.reason(), "");
  auto should_stop = kill.as_should_stop();
  EXPECT_FALSE(should_stop());
  kill.trip("operator pressed stop");
  EXPECT_TRUE(kill.tripped());
  EXPECT_TRUE(should_stop());
  EXPECT_EQ(kill.reason(), "kill switch: operator pressed stop");
  kill.trip("second reason");
  EXPECT_EQ(kill.reason(), "kill switch: operator pressed stop") << "the first cause is kept";
  kill.reset();
  EXPECT_FALSE(kill.tripped());
  EXPECT_EQ(kill.reason(), "");
}

TEST(KillSwitchTest, StopFileThatAlreadyExistsTripsAtOnce) {
  const std::string path = temp_path("existing");
  std::ofstream(path) << "stop";
  KillSwitch kill;
  ASSERT_TRUE(kill.watch_file(path).ok());
  EXPECT_TRUE(kill.tripped());
  EXPECT_EQ(kill.reason(), "kill switch: stop file " + path + " exists");
  std::filesystem::remove(path);
}

TEST(KillSwitchTest, StopFileTripsWithinThePollInterval) {
  const std::string path = temp_path("later");
  std::filesystem::remove(path);
  KillSwitch kill;
  ASSERT_TRUE(kill.watch_file(path).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_FALSE(kill.tripped());
  const int64_t start = monotonic_us();
  std::ofstream(path) << "stop";
  const double latency_ms = ms_until_tripped(kill, start);
  std::printf("stop file -> tripped(): %.2f ms (poll interval %d ms)\n", latency_ms, kStopFilePollMs);
  RecordProperty("stop_file_latency_us", int(latency_ms * 1000));
  EXPECT_TRUE(kill.tripped());
  EXPECT_LT(latency_ms, 200.0) << "requirement is 50 ms; slack for a loaded machine";
  EXPECT_NE(kill.reason().find("stop file"), std::string::npos);

  // Reset while the file still exists: the watcher trips it again.
  kill.reset();
  EXPECT_LT(ms_until_tripped(kill, monotonic_us()), 200.0);
  EXPECT_TRUE(kill.tripped());
  // Removed, then reset: stays clear.
  std::filesystem::remove(path);
  kill.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(3 * kStopFilePollMs));
  EXPECT_FALSE(kill.tripped());
}

TEST(KillSwitchTest, SignalTripsOnlySwitchesWatchingIt) {
  KillSwitch usr1, usr2;
  ASSERT_TRUE(usr1.trip_on_signal(SIGUSR1).ok());
  ASSERT_TRUE(usr2.trip_on_signal(SIGUSR2).ok());
  ASSERT_EQ(std::raise(SIGUSR1), 0);
  EXPECT_TRUE(usr1.tripped());
  EXPECT_FALSE(usr2.tripped());
  EXPECT_EQ(usr1.reason(), "kill switch: SIGUSR1");
  usr1.reset();
  EXPECT_FALSE(usr1.tripped());
  ASSERT_EQ(std::raise(SIGUSR2), 0);
  EXPECT_TRUE(usr2.tripped());
  EXPECT_FALSE(usr1.tripped());
  EXPECT_EQ(usr2.reason(), "kill switch: SIGUSR2");
  usr2.reset();
  EXPECT_FALSE(usr2.tripped());
}

TEST(KillSwitchTest, RejectsBadSignalsAndPaths) {
  KillSwitch kill;
  EXPECT_EQ(kill.trip_on_signal(0).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(kill.trip_on_signal(64).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(kill.watch_file("").code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(kill.tripped());
}

TEST(KillSwitchTest, ProcessSwitchIsOneInstance) {
  EXPECT_EQ(&KillSwitch::process(), &KillSwitch::process());
  EXPECT_EQ(signal_name(SIGUSR1), "SIGUSR1");
  EXPECT_EQ(signal_name(SIGTERM), "SIGTERM");
}

}  // namespace
}  // namespace hemu
