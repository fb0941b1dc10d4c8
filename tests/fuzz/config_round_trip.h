// Shared by the config fuzz targets: checks on a Config that loaded.
#pragma once
#include <string>

#include "platform/config.h"
#include "tests/fuzz/fuzz_support.h"

namespace torpor::fuzz {

// validate() either passes or throws ConfigError; `torpor config` (to_yaml)
// prints a file that loads back, without errors, to the same configuration.
inline void check_loaded_config(const Config& config) {
  try {
    config.validate();
  } catch (const ConfigError&) {
    // A combination of keys the models cannot build: a message, fine.
  }
  const std::string yaml = config.to_yaml();
  Config again;
  try {
    again.load_file(write_scratch_file("effective.yaml", yaml));
  } catch (const ConfigError& e) {
    fail(std::string("the effective configuration does not load again: ") + e.what() + "\n" + yaml);
  }
  if (again.to_yaml() != yaml)
    fail("the effective configuration loads to another configuration:\n" + yaml + "\nloads as\n" + again.to_yaml());
}

}  // namespace torpor::fuzz
