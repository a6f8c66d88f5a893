// hemu model: inspect and assemble model files (docs/model_format.md).
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/sha256.h"
#include "image/file_io.h"
#include "policy/checkpoint.h"
#include "policy/neural_policy.h"

namespace hemu::cli {
namespace {

int info(int argc, char** argv) {
  Flags flags("model info", "Print a model file's parts, sizes, checksums and metadata.", "MODEL");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("model info", st);
  if (flags.positional().size() != 1) return report_error("model info", invalid_argument("expected one MODEL file"));
  const std::string& path = flags.positional()[0];
  auto ck = load_checkpoint(path);
  if (!ck.ok()) return report_error("model info", ck.status());
  std::printf("%s: hemu model, format version %u\n", path.c_str(), kModelFormatVersion);
  for (const auto& [name, bytes] : ck->sections) {
    std::printf("  part %-9s %9zu bytes  sha256 %s\n", name.c_str(), bytes.size(), sha256_hex(bytes).substr(0, 16).c_str());
  }
  auto policy = NeuralPolicy::from_checkpoint(*ck);
  if (policy.ok()) std::printf("  parameters: %lld\n", (long long)(*policy)->parameter_count());
  else std::printf("  not a complete policy: %s\n", policy.status().message().c_str());
  std::printf("%s\n", ck->meta.dump(2).c_str());
  return 0;
}

int assemble(int argc, char** argv) {
  Flags flags("model assemble",
              "Build a model file from parts trained separately (each from a model file or a raw part file).");
  std::string& detector = flags.add_string("detector", "", "detector part");
  std::string& reader = flags.add_string("reader", "", "text reader part");
  std::string& decision = flags.add_string("decision", "", "decision part (its model file's metadata is kept)");
  std::string& states = flags.add_string("states", "", "state reader part (optional: without it the detector's checked state stands)");
  std::string& out = flags.add_string("out", "", "model file to write");
  std::string& meta_file = flags.add_string("meta", "", "a JSON object file merged into the metadata (how each part was made)");
  if (auto st = flags.parse(argc, argv); !st.ok()) return report_error("model assemble", st);
  if (detector.empty() || reader.empty() || decision.empty() || out.empty()) {
    return report_error("model assemble", invalid_argument("--detector, --reader, --decision and --out are required"));
  }
  Checkpoint ck;
  if (auto base = load_checkpoint(decision); base.ok()) ck.meta = base->meta;
  if (states.empty() && ck.meta.is_object()) {
    // The decision file's metadata may describe a state reader this model will not have.
    auto without_states = [](const Json& object) {
      Json out = Json::object();
      for (const auto& [key, value] : object.items())
        if (key != "states") out[key] = value;
      return out;
    };
    ck.meta = without_states(ck.meta);
    for (const char* key : {"assembled_from", "parts"})
      if (const Json* j = ck.meta.find(key); j != nullptr && j->is_object()) ck.meta[key] = without_states(*j);
  }
  for (auto [name, path] : {std::pair{"detector", detector}, {"reader", reader}, {"decision", decision}, {"states", states}}) {
    if (path.empty()) continue;  // only --states may be left out (checked above)
    auto part = load_part_file(path, name);
    if (!part.ok()) return report_error("model assemble", part.status());
    ck.sections[name] = *part;
    ck.meta["assembled_from"][name] = path;
  }
  if (!meta_file.empty()) {
    auto bytes = file_read_all(meta_file);
    if (!bytes.ok()) return report_error("model assemble", bytes.status());
    auto extra = Json::parse(std::string(bytes->begin(), bytes->end()));
    if (!extra.ok()) return report_error("model assemble", extra.status().with_context(meta_file));
    if (!extra->is_object()) return report_error("model assemble", invalid_argument(meta_file + ": expected a JSON object"));
    for (const auto& [key, value] : extra->items()) ck.meta[key] = value;
  }
  auto policy = NeuralPolicy::from_checkpoint(ck);
  if (!policy.ok()) return report_error("model assemble", policy.status());
  if (auto st = save_checkpoint(out, ck); !st.ok()) return report_error("model assemble", st);
  std::printf("wrote %s (%lld parameters)\n", out.c_str(), (long long)(*policy)->parameter_count());
  return 0;
}

}  // namespace

int model_main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "info") return info(argc - 1, argv + 1);
  if (argc >= 2 && std::string(argv[1]) == "assemble") return assemble(argc - 1, argv + 1);
  std::fprintf(stderr, "usage: hemu model info MODEL | hemu model assemble --detector F --reader F --decision F [--states F] --out F\n");
  return argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") ? 0 : 2;
}

}  // namespace hemu::cli
