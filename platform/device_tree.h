// The device tree a real OS boots with, generated from the platform config
// (so a changed address, size or interrupt line reaches Linux unchanged),
// and compiled to a DTB with dtc from Debian's device-tree-compiler.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "platform/config.h"

namespace torpor {

struct DeviceTreeOptions {
  std::string bootargs;
  // Bytes at the start of DRAM kept out of the OS's memory: the M-mode
  // firmware's region (OpenSBI 1.1 does not mark its own region no-map, so
  // the memory node must not include it).
  uint64_t firmware_bytes = 2u << 20;
};

// The device tree source (DTS v1) for `config`.
std::string device_tree_source(const Config& config, const DeviceTreeOptions& options);

// Compiles DTS text with dtc; throws LoadError with dtc's message on failure
// and when dtc is missing. `what` names the source in errors.
std::vector<uint8_t> compile_device_tree(const std::string& dts, const std::string& what);

}  // namespace torpor
