// The brain through the command line: the shipped model loads, works a few tasks from pixels,
// refuses damaged files clearly, and `hemu train` writes a model `hemu eval` can read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/json.h"
#include "run_hemu.h"

namespace hemu {
namespace {

using hemu::testing::run_hemu;
namespace fs = std::filesystem;

const char* kModel = "models/default.hemu";  // tests run in the source directory

std::string temp(const std::string& name) { return (fs::temp_directory_path() / name).string(); }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(Brain, ShippedModelHasAllPartsAndWorksFromPixels) {
  auto info = run_hemu(std::string("model info ") + kModel);
  ASSERT_EQ(info.exit_code, 0) << info.output;
  for (const char* part : {"part detector", "part reader", "part states", "part decision", "\"command\""}) {
    EXPECT_NE(info.output.find(part), std::string::npos) << part << "\n" << info.output;
  }
  // Held-out seeds, pixels only. click_button has 3-6 buttons: a random click succeeds < 1/3.
  std::string json = temp("brain_eval.json");
  auto eval = run_hemu(std::string("eval --model ") + kModel +
                       " --tasks click_button --seeds 0-9 --perception pixels --chart '' --json " + json);
  ASSERT_EQ(eval.exit_code, 0) << eval.output;
  auto doc = Json::parse(read_file(json));
  ASSERT_TRUE(doc.ok()) << doc.status().to_string();
  double success = doc->find("overall")->find("success")->as_number();
  EXPECT_GE(success, 0.4) << eval.output;
  // Ticks: click_checkboxes needs exactly the named boxes ticked and the others not (random actions
  // ~0 %). The shipped model solves 7 of 10 seeds with its state reader (session 5's, without one,
  // 10-30 % of seeds 10-39).
  auto boxes = run_hemu(std::string("eval --model ") + kModel +
                        " --tasks click_checkboxes --seeds 0-9 --perception pixels --chart '' --json " + json);
  ASSERT_EQ(boxes.exit_code, 0) << boxes.output;
  auto boxes_doc = Json::parse(read_file(json));
  ASSERT_TRUE(boxes_doc.ok()) << boxes_doc.status().to_string();
  EXPECT_GE(boxes_doc->find("overall")->find("success")->as_number(), 0.4) << boxes.output;
  fs::remove(json);
}

// Generalisation: a 2x UI scale (every screen twice as large) and a font family no part was trained
// on. click_button reaches 90 % on seeds 0-9 this way (random clicks stay under 1/3); 0.5 leaves
// room for a retrained model without letting a broken scale or font path through.
TEST(Brain, ShippedModelWorksAtUiScaleTwoWithUnseenFonts) {
  std::string json = temp("brain_eval_scale.json");
  auto eval = run_hemu(std::string("eval --model ") + kModel +
                       " --tasks click_button --seeds 0-9 --scale 2 --held-out-fonts --chart '' --json " + json);
  ASSERT_EQ(eval.exit_code, 0) << eval.output;
  auto doc = Json::parse(read_file(json));
  ASSERT_TRUE(doc.ok()) << doc.status().to_string();
  EXPECT_GE(doc->find("overall")->find("success")->as_number(), 0.5) << eval.output;
  EXPECT_EQ(doc->find("ui_scale")->as_number(), 2.0);
  EXPECT_TRUE(doc->find("held_out_fonts")->as_bool());
  fs::remove(json);
  auto bad = run_hemu(std::string("eval --model ") + kModel + " --scale 3 --tasks click_button --seeds 0");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--scale must be in [1, 2]"), std::string::npos) << bad.output;
}

TEST(Brain, DamagedModelsAreRefusedWithTheReason) {
  std::string bytes = read_file(kModel);
  ASSERT_GT(bytes.size(), 1000u);
  std::string flipped = temp("brain_flipped.hemu"), cut = temp("brain_cut.hemu");
  std::string f = bytes;
  f[f.size() / 2] = char(f[f.size() / 2] ^ 0x40);
  std::ofstream(flipped, std::ios::binary) << f;
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 3);
  auto a = run_hemu("eval --model " + flipped + " --tasks click_button --seeds 0 --chart ''");
  EXPECT_EQ(a.exit_code, 1) << a.output;
  EXPECT_NE(a.output.find("SHA-256"), std::string::npos) << a.output;
  auto b = run_hemu("eval --model " + cut + " --tasks click_button --seeds 0 --chart ''");
  EXPECT_EQ(b.exit_code, 1) << b.output;
  EXPECT_NE(b.output.find("truncated"), std::string::npos) << b.output;
  auto c = run_hemu("bench policy --model /nonexistent.hemu");
  EXPECT_NE(c.exit_code, 0);
  EXPECT_NE(c.output.find("/nonexistent.hemu"), std::string::npos) << c.output;
  fs::remove(flipped);
  fs::remove(cut);
}

TEST(Brain, TrainWritesAModelThatEvalReads) {
  std::string out = temp("brain_tiny.hemu");
  auto train = run_hemu("train --parts decision --tasks click_button --episodes 4 --steps 3 --dagger 0 --threads 1 --out " + out);
  ASSERT_EQ(train.exit_code, 0) << train.output;
  auto eval = run_hemu("eval --model " + out + " --perception labels --tasks click_button --seeds 0-1 --chart ''");
  EXPECT_EQ(eval.exit_code, 0) << eval.output;
  EXPECT_NE(eval.output.find("| click_button | 2 |"), std::string::npos) << eval.output;
  // A decision-only model is not a complete policy: pixel evaluation names the missing part.
  auto pixels = run_hemu("eval --model " + out + " --perception pixels --tasks click_button --seeds 0 --chart ''");
  EXPECT_NE(pixels.exit_code, 0);
  EXPECT_NE(pixels.output.find("no part 'detector'"), std::string::npos) << pixels.output;
  auto bad = run_hemu("train --parts decision,eyes --out " + out);
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  fs::remove(out);
}

// The optional state reader part: trained alone, assembled into a model, listed and loaded.
TEST(Brain, StateReaderPartAssemblesIntoAModel) {
  std::string part = temp("brain_states.bin"), model = temp("brain_states.hemu");
  auto train = run_hemu("train --parts states --states-minutes 0.05 --threads 1 --states-out " + part);
  ASSERT_EQ(train.exit_code, 0) << train.output;
  auto assemble = run_hemu("model assemble --detector models/default.hemu --reader models/default.hemu --decision "
                           "models/default.hemu --states " + part + " --out " + model);
  ASSERT_EQ(assemble.exit_code, 0) << assemble.output;
  auto info = run_hemu("model info " + model);
  EXPECT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find("part states"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("parameters:"), std::string::npos) << info.output;
  // A damaged part is refused by name, not loaded half-way.
  {
    std::ofstream f(part, std::ios::binary | std::ios::trunc);
    f << "HEMUSTATES\nversion=1 size=20 channels=16\ngarbage";
  }
  auto bad = run_hemu("model assemble --detector models/default.hemu --reader models/default.hemu --decision "
                      "models/default.hemu --states " + part + " --out " + model + ".bad");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("state reader"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(model + ".bad"));
  fs::remove(part);
  fs::remove(model);
}

}  // namespace
}  // namespace hemu
