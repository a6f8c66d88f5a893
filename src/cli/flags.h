// Flags: a small command-line parser for hemu's subcommands.
//
//   Flags f("show", "Render a task's first frame to a PNG.", "TASK");
//   auto& seed = f.add_int("seed", 0, "episode seed");
//   if (auto st = f.parse(argc, argv); !st.ok()) ...   // --help prints usage and returns kCancelled
// Accepts --name value and --name=value; booleans take no value (--gif) or --name=false.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "core/status.h"

namespace hemu::cli {

class Flags {
 public:
  Flags(std::string command, std::string summary, std::string positional_usage = "");

  std::string& add_string(const std::string& name, std::string default_value, std::string help);
  int64_t& add_int(const std::string& name, int64_t default_value, std::string help);
  double& add_double(const std::string& name, double default_value, std::string help);
  bool& add_bool(const std::string& name, bool default_value, std::string help);

  // Parses argv (argv[0] is the subcommand name). Returns kCancelled after printing --help.
  Status parse(int argc, char** argv);
  const std::vector<std::string>& positional() const { return positional_; }
  bool was_set(const std::string& name) const;
  std::string usage() const;

 private:
  struct Flag {
    std::string name, help, default_text;
    enum class Kind { kString, kInt, kDouble, kBool } kind;
    std::unique_ptr<std::string> s;
    std::unique_ptr<int64_t> i;
    std::unique_ptr<double> d;
    std::unique_ptr<bool> b;
    bool set = false;
  };
  Flag& make(const std::string& name, std::string help, Flag::Kind kind);
  std::string command_, summary_, positional_usage_;
  std::vector<std::unique_ptr<Flag>> flags_;
  std::vector<std::string> positional_;
};

// "1920x1080" -> {1920, 1080}.
Result<Size> parse_size(const std::string& text);
// "x,y,w,h" -> Rect (root pixels; the message names --region).
Result<Rect> parse_region(const std::string& text);
// "0-99", "5", "1,2,7", "100-199" -> seeds.
Result<std::vector<uint64_t>> parse_seeds(const std::string& text);
// Splits "a,b,c".
std::vector<std::string> split_list(const std::string& text);

}  // namespace hemu::cli
