// A per-boot budget for the benchmarks: a runaway kernel (a corrupted
// image resumed without its CRC check, a boot header that jumps into
// zeros, a bogus saved satp) must end the run with a report, not keep
// `torpor bench` busy for ever. Each boot of a power-cycled run gets
// `bench.boot_max_instructions` attempts (instructions retired plus traps
// taken, so a trap loop counts) and `bench.boot_max_ms` of simulated time.
// It is checked between the simulation's 1 ms slices, so where a run stops
// is deterministic and costs nothing on the simulation's hot paths.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace torpor {

class Config;
class Soc;

// The exit status of a benchmark the watchdog stopped (as `torpor run`'s
// instruction limit).
constexpr int exit_boot_budget = 124;
bool stopped_by_watchdog(const Soc& soc);

class BootWatchdog {
 public:
  // phase_name names a phase id of the benchmark's guest, for the report.
  BootWatchdog(Soc& soc, const Config& config, std::function<const char*(uint64_t)> phase_name);

  // Stops the simulation (StopReason::boot_budget) when the current boot
  // is over budget. Call between slices.
  void check();

 private:
  std::string current_phase() const;

  Soc& soc_;
  uint64_t max_attempts_;
  uint64_t max_ps_;
  std::function<const char*(uint64_t)> phase_name_;
  size_t boot_ = ~size_t(0);       // the boot the baseline below belongs to
  uint64_t boot_start_traps_ = 0;  // traps taken before it (the counter is cumulative)
  // A trap loop (e.g. a jump into zeroed memory with mtvec there too) retires
  // nothing and traps at a few MHz of host time, so it would take the
  // instruction budget hours: slices with traps and no retired instruction
  // in a row end the boot at once.
  static constexpr unsigned trap_loop_slices = 3;
  unsigned trap_only_slices_ = 0;
  uint64_t last_instret_ = 0, last_traps_ = 0, loop_start_traps_ = 0;
};

}  // namespace torpor
