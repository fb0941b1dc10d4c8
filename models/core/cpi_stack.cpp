#include "models/core/cpi_stack.h"

namespace torpor::core {

const char* to_string(CycleClass c) {
  static const char* names[] = {"issue",     "load_use",      "mul_div",  "serialise", "mispredict",
                                "icache",    "dcache_l2",     "dcache_memory", "tlb_walk", "trap",
                                "device",    "idle",          "functional"};
  static_assert(sizeof(names) / sizeof(names[0]) == unsigned(CycleClass::count));
  return c < CycleClass::count ? names[unsigned(c)] : "?";
}

const char* cycle_class_description(CycleClass c) {
  static const char* descriptions[] = {
      "cycles that issued one or two instructions",
      "waiting for a load (or late-ALU) result an address or operand needed",
      "waiting for a multiply/divide result or the busy divider",
      "extra cycles of CSR writes, fences, AMOs, ecall/xret/wfi",
      "refetch after a wrong direction, an unknown target or a wrong return",
      "instruction fetch missing the L1I",
      "data accesses served by the L2 (or a prefetch in flight)",
      "data accesses served by DRAM",
      "L2 TLB lookups and page walks",
      "instructions cut short by a trap, and trap entry",
      "waiting for uncached device (MMIO) accesses",
      "asleep in WFI or powered off",
      "fast mode (untimed, one per instruction)"};
  static_assert(sizeof(descriptions) / sizeof(descriptions[0]) == unsigned(CycleClass::count));
  return c < CycleClass::count ? descriptions[unsigned(c)] : "?";
}

}  // namespace torpor::core
