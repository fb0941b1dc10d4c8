// `torpor bench --linux`: the real thing. OpenSBI and an unmodified Linux
// 6.12 (built by sw/linux/build.sh) boot from the platform's disk, the init
// hibernates to the swap partition, the SoC is power-cycled, and the resume
// boot is timed phase by phase. Phases come from the first execution of
// kernel functions named in System.map and from the init's console lines;
// nothing in the kernel is patched for the measurement.
#pragma once
#include <cstdint>
#include <string>

#include "platform/config.h"

namespace torpor {

struct LinuxBenchOptions {
  std::string build_dir;  // Image + System.map; empty: run sw/linux/build.sh
  std::string firmware = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin";
  uint64_t swap_mib = 64;
  std::string extra_bootargs;  // appended to the kernel command line (e.g. hibernate=nocompress)
  unsigned extra_boots = 0;  // boots after the resume (a third boot must be a fresh one)
  std::string json;
  std::string keep_disk;     // save the disk at the end here
  std::string console;       // write the console here as it runs (default: kept in the JSON, shown on failure)
  bool stats = false;
  bool timed_fresh_boot = false;  // default: fast until the resume boot
};

int run_linux_bench(Config config, const LinuxBenchOptions& options);

// Runs sw/linux/build.sh (it builds the kernel once per machine) and returns
// the directory holding Image and System.map. Throws LoadError if it fails.
std::string linux_build_dir();

}  // namespace torpor
