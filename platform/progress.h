// Runs a simulation to its end in slices of simulated time so that a long
// run can say how far it got: a status line on stderr when it is a terminal
// (silent otherwise), and a one-line file named by TORPOR_PROGRESS_FILE,
// which `torpor sweep` reads for the points it runs.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace torpor {

struct ProgressSample {
  double simulated_seconds = 0;
  uint64_t instructions = 0;
  std::string activity;  // e.g. the guest's latest phase
};

// The one-line progress file: "<simulated s> <instructions> <host s> <activity>".
struct ProgressFile {
  double simulated_seconds = 0;
  uint64_t instructions = 0;
  double host_seconds = 0;
  std::string activity;
};
bool read_progress_file(const std::string& path, ProgressFile& out);

// sc_start() until the simulation stops or runs out of events, reporting
// `sample()` about twice a second of host time. `between_slices`, if given,
// runs after every slice (e.g. a watchdog that may stop the simulation).
void simulate_with_progress(const std::function<ProgressSample()>& sample,
                            const std::function<void()>& between_slices = {});

// "1m05s", "42s": for ETAs.
std::string format_duration(double seconds);

}  // namespace torpor
