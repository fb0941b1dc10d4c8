// `torpor bench`: the time-to-resume benchmark. It writes a disk holding
// the hibernation kernel (sw/hibernate/) and its parameters, runs cold boot
// -> workload -> hibernate -> power cycle -> resume -> verification in one
// simulation, and reports the resume boot phase by phase from the guest's
// trace-marker phases.
#pragma once
#include <cstdint>
#include <string>

#include "platform/config.h"

namespace torpor {

struct BenchOptions {
  std::string kernel;          // hibernation kernel ELF
  uint64_t workload_mib = 64;
  uint64_t seed = 1;
  std::string resume_from;     // a disk already holding an image: resume only
  std::string keep_image;      // save the disk after hibernation here
  std::string json;            // machine-readable results
  bool stats = false;
  uint64_t build_id_xor = 0;   // with resume_from: pretend the resuming kernel is another build
  uint64_t copy_engine_base = 0;  // the kernel's restore loop uses the engine there (0: the core copies)
  bool skip_data_crc = false;     // bench.data_crc=off: the resume trusts the image data
};

// Runs the benchmark; returns the process exit status (0: verified resume).
int run_bench(Config config, const BenchOptions& options);

// The kernel next to the torpor binary (build/sw/hibernate_kernel.elf).
std::string default_kernel_path();

}  // namespace torpor
