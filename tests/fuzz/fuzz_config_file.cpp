// Fuzz target: a config file (Config::load_file, platform/config.h), the
// input being the file's YAML.
//
// Properties: load_file either merges the file or throws ConfigError naming
// the file (no other exception, no crash, no hang, e.g. on deep nesting or
// odd keys); a failed load leaves the config unchanged; a loaded config
// survives validate() and prints (to_yaml) as a file that loads back to
// the same configuration.
#include <cstdint>
#include <string>

#include "platform/config.h"
#include "tests/fuzz/config_round_trip.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = torpor::fuzz::write_scratch_file("input.yaml", data, size);
  static const std::string defaults = torpor::Config().to_yaml();
  torpor::Config config;
  try {
    config.load_file(path);
  } catch (const torpor::ConfigError&) {
    if (config.to_yaml() != defaults) torpor::fuzz::fail("a rejected file changed the configuration");
    return 0;
  }
  torpor::fuzz::check_loaded_config(config);
  return 0;
}
