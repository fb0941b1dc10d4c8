#include "platform/boot_watchdog.h"

#include <fmt/format.h>

#include "platform/config.h"
#include "platform/soc.h"

namespace torpor {

bool stopped_by_watchdog(const Soc& soc) {
  return soc.stop_record() && soc.stop_record()->reason == StopReason::boot_budget;
}

BootWatchdog::BootWatchdog(Soc& soc, const Config& config, std::function<const char*(uint64_t)> phase_name)
    : soc_(soc),
      max_attempts_(config.get_uint("bench.boot_max_instructions")),
      max_ps_(config.get_uint("bench.boot_max_ms") * 1'000'000'000ull),
      phase_name_(std::move(phase_name)) {}

std::string BootWatchdog::current_phase() const {
  const unsigned boot = unsigned(soc_.boots().size() - 1);
  for (auto it = soc_.phases().rbegin(); it != soc_.phases().rend() && it->boot == boot; ++it)
    return fmt::format("'{}' (phase {})", phase_name_(it->id), it->id);
  return "before its first phase mark";
}

void BootWatchdog::check() {
  if (soc_.stop_record()) return;
  const core::Hart& hart = soc_.core().hart();
  const BootRecord& boot = soc_.boots().back();
  if (soc_.boots().size() - 1 != boot_) {  // a new boot: traps have no per-boot baseline of their own
    boot_ = soc_.boots().size() - 1;
    boot_start_traps_ = hart.traps_taken;
  }
  const uint64_t attempts = (hart.instret - boot.start_instructions) + (hart.traps_taken - boot_start_traps_);
  const uint64_t elapsed_ps = (sc_core::sc_time_stamp() - boot.start).value();
  const bool trap_only = hart.instret == last_instret_ && hart.traps_taken != last_traps_;
  if (trap_only && trap_only_slices_++ == 0) loop_start_traps_ = last_traps_;
  if (!trap_only) trap_only_slices_ = 0;
  last_instret_ = hart.instret;
  last_traps_ = hart.traps_taken;
  std::string over;
  if (trap_only_slices_ >= trap_loop_slices)
    over = fmt::format("is in a trap loop ({} traps and no instruction retired in {} ms of simulated time)",
                       hart.traps_taken - loop_start_traps_, trap_loop_slices);
  else if (attempts > max_attempts_)
    over = fmt::format("ran {} instructions and traps, over bench.boot_max_instructions = {}", attempts,
                       max_attempts_);
  else if (elapsed_ps > max_ps_)
    over = fmt::format("ran {:.3f} ms of simulated time, over bench.boot_max_ms = {}", elapsed_ps / 1e9,
                       max_ps_ / 1'000'000'000ull);
  if (over.empty()) return;
  const bool budget = trap_only_slices_ < trap_loop_slices;
  soc_.request_stop(StopReason::boot_budget, 0,
                    fmt::format("watchdog: boot {} {}; stuck in {} at pc 0x{:x}{}", boot_, over, current_phase(),
                                hart.pc, budget ? " (raise the budget with --set if this boot is legitimately long)" : ""));
}

}  // namespace torpor
