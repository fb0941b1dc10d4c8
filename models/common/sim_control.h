// How a model asks the platform to end the simulation (poweroff, test
// finisher, HTIF exit, limits). Models hold a reference to this interface,
// never to the platform itself.
#pragma once
#include <string>

namespace torpor {

enum class StopReason {
  guest_poweroff,     // syscon 0x5555 or HTIF exit 0: the guest finished
  guest_fail,         // syscon 0x3333 or HTIF exit code != 0
  guest_reset,        // syscon 0x7777: the guest asks for a reset
  power_loss,         // fault injection cut the power (a write may be torn)
  instruction_limit,  // --max-instructions reached: a runaway guest
  deadlock,           // the core waits for an interrupt that can never come
  simulator_error,    // the simulator cannot go on (message says why)
  boot_budget,        // a benchmark boot ran over its instruction or time budget (a runaway kernel)
};

const char* to_string(StopReason reason);

class SimControl {
 public:
  virtual ~SimControl() = default;
  // Records why and with which exit code the run ends and stops SystemC
  // after the current process yields. The first request wins.
  virtual void request_stop(StopReason reason, int exit_code, const std::string& message) = 0;
};

}  // namespace torpor
