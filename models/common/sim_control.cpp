#include "models/common/sim_control.h"

namespace torpor {

const char* to_string(StopReason reason) {
  switch (reason) {
    case StopReason::guest_poweroff: return "guest poweroff";
    case StopReason::guest_fail: return "guest failure";
    case StopReason::guest_reset: return "guest reset";
    case StopReason::power_loss: return "power loss";
    case StopReason::instruction_limit: return "instruction limit";
    case StopReason::deadlock: return "deadlock";
    case StopReason::simulator_error: return "simulator error";
    case StopReason::boot_budget: return "boot budget";
  }
  return "unknown";
}

}  // namespace torpor
