// The issue model of a SiFive 7-series (U74) integer pipeline, applied to a
// basic block when it is decoded: in order, up to two instructions a cycle,
// with the U74's pairing rules, its early ALU (stage AG) and late ALU
// (stage M2), and the latencies of loads, multiplies and divides.
//
// Sources (facts only; the parameters are in configs and the schema):
// - SiFive U74 Core Complex Manual 21G1, 3.3 "Execution Pipeline": 8 stages
//   F1 F2 D1 D2 AG M1 M2 WB; integer arithmetic and branches execute in AG
//   when their operands are ready there, else in M2; loads produce data in
//   M2; addresses are computed in AG; mul/div take operands in AG; a pair
//   issues together only without a hazard between them, with at most one
//   memory access, one branch/jump, one mul/div, and no CSR access.
// - LLVM RISCVSchedSiFive7.td and GCC sifive-7.md: pipe A takes memory
//   operations and ALU ops, pipe B branches, jumps, mul/div, CSR and ALU
//   ops; load and mul latency 3; ALU consumers read 2 cycles late (M2).
//
// Caches are assumed to hit: misses, TLB walks and mispredictions are added
// when the block runs. Dependences between blocks are kept as a summary:
// the results still in flight when a block ends, and when the next block
// first needs each register (BlockCycles::entry_stall).
#pragma once
#include <cstdint>

#include "models/core/insn_class.h"

namespace torpor::core {

struct PipelineConfig {
  bool dual_issue = true;   // two instructions a cycle (pipes A and B)
  bool late_alu = true;     // an ALU op or branch with a late operand executes in M2 instead of stalling
  bool short_forward_branch = true;  // a branch over one ALU op is fused (predicated), never mispredicted
  unsigned load_latency = 3;   // issue to data for a consumer in AG (address, mul/div operand)
  unsigned mul_latency = 3;    // likewise for a multiply's result (fully pipelined)
  unsigned div_latency = 34;   // 64-bit divide/remainder (unpipelined; the divider is busy meanwhile)
  unsigned divw_latency = 18;  // 32-bit forms
  unsigned csr_read_cycles = 1;    // a CSR read issues alone
  unsigned csr_write_cycles = 7;   // a CSR write flushes the pipeline
  unsigned fence_cycles = 1;       // fence, fence.i, sfence.vma (plus what the caches and TLBs cost)
  unsigned amo_cycles = 4;         // AMO, LR/SC: issue alone and occupy the memory pipe
  unsigned system_cycles = 3;      // ecall, ebreak, xret, wfi: issue alone
};

enum class Wait : uint8_t { none, load_use, mul_div };

// A result still in flight when a block ends: usable `left` cycles after
// the end by an instruction in AG. Register 0 stands for the divider (busy).
struct InFlight {
  uint8_t reg = 0, left = 0;
  Wait cause = Wait::none;
};

// Where the cycles of a block go when every access hits; they add up to
// `cycles`. Each cycle either issues (one or two instructions) or waits.
struct BlockCycles {
  static constexpr unsigned max_in_flight = 4;
  static constexpr uint8_t never = 0xFF;

  // (16 bits: a block has at most 32 instructions of at most 1000 cycles each.)
  uint16_t cycles = 0;
  uint16_t issue = 0;        // cycles that issued at least one instruction
  uint16_t dual = 0;         // ... of which issued two
  uint16_t load_use = 0;     // waiting for a load (or a late-ALU result) an address or operand needs
  uint16_t mul_div = 0;      // waiting for a mul/div result or the busy divider
  uint16_t serialise = 0;    // extra cycles of CSR, fence, AMO and system instructions
  bool ends_with_lone_issue = false;  // its last cycle issued one instruction
  // After a lone branch (schedule_block's after_lone_branch): the cycles
  // saved when the first instruction pairs with it (0 or 1), and how the
  // block then ends. The saved cycle counts as a pair, not an issue cycle.
  uint8_t pair_saving = 0;
  bool paired_ends_with_lone_issue = false;
  // For the next block: results in flight at the end (the latest few)...
  InFlight in_flight[max_in_flight];
  uint8_t in_flight_count = 0;
  // ... and for this one: the cycle (from its start) by which its first
  // reader of each register needs it in AG (`never`: not read before it is
  // written); [0]: the first divide.
  uint8_t needed_at[32] = {};

  // Cycles this block waits at its start for what the previous one left in
  // flight (`elapsed` cycles ago, e.g. its cache misses), and why; `early`:
  // the block starts that many cycles sooner (paired with the branch).
  uint32_t entry_stall(const InFlight* pending, unsigned count, uint32_t elapsed, Wait& cause,
                       unsigned early = 0) const {
    uint32_t stall = 0;
    for (unsigned i = 0; i < count; ++i) {
      const uint32_t at = needed_at[pending[i].reg];
      const uint32_t left = pending[i].left + early;
      if (at == never || left <= elapsed + at) continue;
      if (left - elapsed - at > stall) {
        stall = left - elapsed - at;
        cause = pending[i].cause;
      }
    }
    return stall;
  }
};

// Schedules `count` instructions (32-bit encodings; RVC expanded; 0 for an
// illegal one) and writes each one's issue cycle, counted from the block's
// first cycle, to issue_cycle[i]. With after_lone_branch, the block follows
// a correctly predicted branch or jump that issued alone (and writes no
// register the block reads): the block's first instruction may issue in
// that cycle, paired with it (the fetch unit has the target's instructions
// queued behind the branch), and its cycles count from the next one.
// Without after_lone_branch it also fills pair_saving and
// paired_ends_with_lone_issue. At most max_scheduled_insns instructions.
constexpr unsigned max_scheduled_insns = 64;
BlockCycles schedule_block(const uint32_t* insns, unsigned count, const PipelineConfig& config,
                           uint16_t* issue_cycle, bool after_lone_branch = false);

}  // namespace torpor::core
