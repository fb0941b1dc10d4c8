// Where a hart's cycles go: every cycle the hart's clock advances is
// counted in exactly one class, so the classes add up to the cycle count.
#pragma once
#include <array>
#include <cstdint>

namespace torpor::core {

enum class CycleClass : uint8_t {
  issue,          // issued one or two instructions
  load_use,       // waited for a load (or late-ALU) result an address or operand needed
  mul_div,        // waited for a multiply/divide result or the busy divider
  serialise,      // extra cycles of CSR writes, fences, AMOs, ecall/xret/wfi
  mispredict,     // refetch after a wrong direction, an unknown target or a wrong return
  icache,         // instruction fetch missing the L1I
  dcache_l2,      // data access served by the L2 (or waiting on a prefetch in flight)
  dcache_memory,  // data access served by DRAM
  tlb_walk,       // L2 TLB lookups and page walks (instruction and data)
  trap,           // instructions cut short by a trap, and trap entry
  device,         // waiting for an uncached device access (MMIO) to complete
  idle,           // asleep in WFI, or powered off
  functional,     // fast mode: one cycle per instruction, not timed
  count
};

const char* to_string(CycleClass c);
const char* cycle_class_description(CycleClass c);

struct CpiStack {
  std::array<uint64_t, unsigned(CycleClass::count)> cycles{};
  uint64_t dual_issue = 0;  // issue cycles that issued two instructions

  void add(CycleClass c, uint64_t n) { cycles[unsigned(c)] += n; }
  uint64_t operator[](CycleClass c) const { return cycles[unsigned(c)]; }
  // What was added since `before` (an earlier snapshot of the same stack).
  CpiStack since(const CpiStack& before) const {
    CpiStack d;
    for (unsigned c = 0; c < cycles.size(); ++c) d.cycles[c] = cycles[c] - before.cycles[c];
    d.dual_issue = dual_issue - before.dual_issue;
    return d;
  }
  uint64_t total() const {
    uint64_t sum = 0;
    for (uint64_t c : cycles) sum += c;
    return sum;
  }
};

}  // namespace torpor::core
