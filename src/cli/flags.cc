#include "cli/flags.h"

#include "core/action.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace hemu::cli {

Flags::Flags(std::string command, std::string summary, std::string positional_usage)
    : command_(std::move(command)), summary_(std::move(summary)), positional_usage_(std::move(positional_usage)) {}

Flags::Flag& Flags::make(const std::string& name, std::string help, Flag::Kind kind) {
  auto f = std::make_unique<Flag>();
  f->name = name;
  f->help = std::move(help);
  f->kind = kind;
  flags_.push_back(std::move(f));
  return *flags_.back();
}

std::string& Flags::add_string(const std::string& name, std::string value, std::string help) {
  Flag& f = make(name, std::move(help), Flag::Kind::kString);
  f.default_text = value.empty() ? "" : value;
  f.s = std::make_unique<std::string>(std::move(value));
  return *f.s;
}

int64_t& Flags::add_int(const std::string& name, int64_t value, std::string help) {
  Flag& f = make(name, std::move(help), Flag::Kind::kInt);
  f.default_text = std::to_string(value);
  f.i = std::make_unique<int64_t>(value);
  return *f.i;
}

double& Flags::add_double(const std::string& name, double value, std::string help) {
  Flag& f = make(name, std::move(help), Flag::Kind::kDouble);
  std::ostringstream os;
  os << value;
  f.default_text = os.str();
  f.d = std::make_unique<double>(value);
  return *f.d;
}

bool& Flags::add_bool(const std::string& name, bool value, std::string help) {
  Flag& f = make(name, std::move(help), Flag::Kind::kBool);
  f.default_text = value ? "true" : "false";
  f.b = std::make_unique<bool>(value);
  return *f.b;
}

bool Flags::was_set(const std::string& name) const {
  for (const auto& f : flags_)
    if (f->name == name) return f->set;
  return false;
}

std::string Flags::usage() const {
  std::ostringstream os;
  os << "usage: hemu " << command_ << " [flags]" << (positional_usage_.empty() ? "" : " " + positional_usage_)
     << "\n\n" << summary_ << "\n\nflags:\n";
  for (const auto& f : flags_) {
    std::string left = "  --" + f->name;
    if (f->kind != Flag::Kind::kBool) left += " " + std::string(f->kind == Flag::Kind::kString ? "TEXT" : "N");
    os << left << std::string(left.size() < 26 ? 26 - left.size() : 1, ' ') << f->help;
    if (!f->default_text.empty()) os << " (default " << f->default_text << ")";
    os << "\n";
  }
  os << "  --help                  show this help\n";
  return os.str();
}

Status Flags::parse(int argc, char** argv) {
  for (int k = 1; k < argc; ++k) {
    std::string arg = argv[k];
    if (arg == "--help" || arg == "-h") {
      std::fputs(usage().c_str(), stdout);
      return Status(ErrorCode::kCancelled, "help shown");
    }
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    Flag* flag = nullptr;
    for (auto& f : flags_)
      if (f->name == name) flag = f.get();
    if (flag == nullptr)
      return invalid_argument("hemu " + command_ + ": unknown flag --" + name + " (see hemu " + command_ + " --help)");
    if (flag->kind == Flag::Kind::kBool) {
      if (has_value && value != "true" && value != "false")
        return invalid_argument("--" + name + " takes true or false, got '" + value + "'");
      *flag->b = !has_value || value == "true";
      flag->set = true;
      continue;
    }
    if (!has_value) {
      if (k + 1 >= argc) return invalid_argument("--" + name + " needs a value");
      value = argv[++k];
    }
    char* end = nullptr;
    switch (flag->kind) {
      case Flag::Kind::kString: *flag->s = value; break;
      case Flag::Kind::kInt:
        errno = 0;
        *flag->i = std::strtoll(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || errno == ERANGE)
          return invalid_argument("--" + name + " expects an integer in range, got '" + value + "'");
        break;
      case Flag::Kind::kDouble:
        errno = 0;
        *flag->d = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(*flag->d))
          return invalid_argument("--" + name + " expects a finite number, got '" + value + "'");
        break;
      case Flag::Kind::kBool: break;
    }
    flag->set = true;
  }
  return Status();
}

Result<Size> parse_size(const std::string& text) {
  auto x = text.find('x');
  if (x == std::string::npos) return invalid_argument("size '" + text + "': expected WIDTHxHEIGHT, e.g. 1920x1080");
  const std::string width_text = text.substr(0, x), height_text = text.substr(x + 1);
  char* end = nullptr;
  long w = std::strtol(width_text.c_str(), &end, 10);
  bool ok_w = *end == '\0' && !width_text.empty();
  long h = std::strtol(height_text.c_str(), &end, 10);
  bool ok_h = *end == '\0' && !height_text.empty();
  if (!ok_w || !ok_h || w <= 0 || h <= 0 || w > 100000 || h > 100000)
    return invalid_argument("size '" + text + "': expected WIDTHxHEIGHT with positive integers, e.g. 1920x1080");
  return Size{int(w), int(h)};
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

Result<std::vector<uint64_t>> parse_seeds(const std::string& text) {
  std::vector<uint64_t> seeds;
  for (const auto& part : split_list(text)) {
    auto dash = part.find('-');
    char* end = nullptr;
    if (dash == std::string::npos) {
      unsigned long long v = std::strtoull(part.c_str(), &end, 10);
      if (*end != '\0') return invalid_argument("seeds '" + text + "': '" + part + "' is not a number");
      seeds.push_back(v);
      continue;
    }
    const std::string first = part.substr(0, dash), last = part.substr(dash + 1);
    unsigned long long a = std::strtoull(first.c_str(), &end, 10);
    bool ok_a = *end == '\0' && !first.empty();
    unsigned long long b = std::strtoull(last.c_str(), &end, 10);
    if (!ok_a || *end != '\0' || last.empty() || b < a || b - a > 1000000)
      return invalid_argument("seeds '" + text + "': '" + part + "' is not a range like 100-199");
    for (unsigned long long s = a; s <= b; ++s) seeds.push_back(s);
  }
  if (seeds.empty()) return invalid_argument("seeds '" + text + "': no seeds");
  return seeds;
}

// "x,y,w,h" -> Rect.
Result<Rect> parse_region(const std::string& text) {
  std::vector<std::string> parts = split_list(text);
  std::vector<int> v;
  for (const std::string& p : parts) {
    char* end = nullptr;
    const long n = std::strtol(p.c_str(), &end, 10);
    if (p.empty() || *end != '\0' || n < 0 || n > kMaxCoordinatePx) break;
    v.push_back(int(n));
  }
  if (parts.size() != 4 || v.size() != 4 || v[2] == 0 || v[3] == 0) {
    return invalid_argument("--region '" + text + "': expected x,y,width,height in root pixels, e.g. 0,0,1280,720");
  }
  return Rect{v[0], v[1], v[2], v[3]};
}

}  // namespace hemu::cli
