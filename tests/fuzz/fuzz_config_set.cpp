// Fuzz target: `--set KEY=VALUE` overrides (Config::set, platform/config.h),
// one per line of the input.
//
// Properties: each set either applies or throws ConfigError (no other
// exception, no crash); a rejected assignment leaves the config as it was;
// the result survives validate() and prints (to_yaml) as a file that loads
// back to the same configuration.
#include <cstdint>
#include <sstream>
#include <string>

#include "platform/config.h"
#include "tests/fuzz/config_round_trip.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  torpor::Config config;
  for (std::string line; std::getline(lines, line);) {
    const std::string before = config.to_yaml();
    try {
      config.set(line);
    } catch (const torpor::ConfigError&) {
      if (config.to_yaml() != before) torpor::fuzz::fail("a rejected --set changed the configuration: " + line);
    }
  }
  torpor::fuzz::check_loaded_config(config);
  return 0;
}
