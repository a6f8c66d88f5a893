// Self-play through the command line: a short practice run evaluates, plays, keeps what it solved,
// fine-tunes, and writes a model that loads, carries the round table, and differs in its decision
// part only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/json.h"
#include "run_hemu.h"

namespace hemu {
namespace {

using hemu::testing::run_hemu;
namespace fs = std::filesystem;

TEST(Practice, ShortRunWritesAPractisedModelWithItsRoundTable) {
  const std::string out = (fs::temp_directory_path() / ("hemu_practice_" + std::to_string(::getpid()) + ".hemu")).string();
  auto r = run_hemu("practice click_button click_tab --model models/default.hemu --rounds 1 --episodes 4 --steps 4 "
                    "--anchor 1 --seeds 0-3 --threads 1 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Two rows: before practice and the final evaluation; click_button is solved from pixels often,
  // so the first round keeps at least one solved episode to learn from.
  EXPECT_NE(r.output.find("| 0 | "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("solved exploring"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("anchor: 1 expert demonstrations per task"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("| 1 (final) |"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("| 0 | 0 / 8 |"), std::string::npos) << "nothing solved in practice\n" << r.output;
  auto info = run_hemu("model info " + out);
  ASSERT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find("practice"), std::string::npos) << info.output;
  auto eval = run_hemu("eval --model " + out + " --tasks click_button --seeds 0-1 --chart ''");
  EXPECT_EQ(eval.exit_code, 0) << eval.output;
  fs::remove(out);
  auto bad = run_hemu("practice --model /nonexistent.hemu");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("/nonexistent.hemu"), std::string::npos) << bad.output;
  auto bad_share = run_hemu("practice click_button --explore 1.5");
  EXPECT_EQ(bad_share.exit_code, 2) << bad_share.output;
  EXPECT_NE(bad_share.output.find("--explore"), std::string::npos) << bad_share.output;
}

}  // namespace
}  // namespace hemu
