// The cycle-approximate timing of the core complex, separate from what the
// instructions do: the U74 issue model (pipeline_model.h, applied per basic
// block when it is decoded), the branch predictor, L1 ITLB/DTLB with an optional shared L2 TLB and timed
// page walks, L1I/L1D caches and a shared L2. Beyond the L2 it asks a
// MemoryTimingPort (the core module, over TLM) how long a line takes.
// Every cost is an integer number of core cycles; `now` arguments count
// cycles after the hart's current cycle (the start of its current block).
#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include "models/cache/cache.h"
#include "models/cache/stream_prefetcher.h"
#include "models/common/stats.h"
#include "models/core/branch_predictor.h"
#include "models/core/insn_class.h"
#include "models/core/pipeline_model.h"
#include "models/mmu/tlb.h"

namespace torpor::core {

struct CoreTimingConfig {
  PipelineConfig pipeline;
  BranchPredictorConfig predictor;
  mmu::TlbConfig itlb{40, 40}, dtlb{40, 40};
  std::optional<mmu::TlbConfig> l2_tlb = mmu::TlbConfig{512, 1};
  unsigned l2_tlb_hit_cycles = 4;
  cache::CacheConfig l1i{32 * 1024, 4, 64, 1, cache::Replacement::lru};
  cache::CacheConfig l1d{32 * 1024, 8, 64, 1, cache::Replacement::lru};
  cache::CacheConfig l2{2 * 1024 * 1024, 16, 64, 20, cache::Replacement::plru};
  unsigned l1d_prefetch_degree = 4;   // stream prefetchers: lines kept ahead (0: off)
  unsigned l2_prefetch_degree = 16;
};

// The memory system below the L2, as the core's timing sees it.
class MemoryTimingPort {
 public:
  virtual ~MemoryTimingPort() = default;
  // Core cycles until a line read (or write-back) of `bytes` at paddr
  // completes, starting `after_cycles` from the core's current cycle.
  virtual uint64_t line_transfer_cycles(uint64_t paddr, unsigned bytes, bool write, uint64_t after_cycles) = 0;
};

class CoreTiming {
 public:
  // name prefixes the statistics of the TLBs and caches ("soc.core.l1d...").
  CoreTiming(const std::string& name, const CoreTimingConfig& config, MemoryTimingPort& memory);

  const CoreTimingConfig& config() const { return config_; }
  // The hart's cycle at the start of the block being timed: `now` arguments
  // below count from here.
  void begin_block(uint64_t cycle) { block_start_ = cycle; }

  // Address translation timing: cycles for a TLB miss (0 on a hit). The
  // trace gives the PTE addresses a walk reads and the leaf page size.
  uint64_t itlb(uint64_t vaddr, uint16_t asid, const uint64_t* pte_addresses, unsigned levels,
                unsigned page_shift, bool global, uint64_t now);
  uint64_t dtlb(uint64_t vaddr, uint16_t asid, const uint64_t* pte_addresses, unsigned levels,
                unsigned page_shift, bool global, uint64_t now);
  bool itlb_hit(uint64_t vaddr, uint16_t asid) { return itlb_.lookup(vaddr, asid); }
  bool dtlb_hit(uint64_t vaddr, uint16_t asid) { return dtlb_.lookup(vaddr, asid); }
  // Instruction fetch of the line holding paddr: extra cycles beyond a hit.
  uint64_t fetch_line(uint64_t paddr, uint64_t now);
  // Data access: extra cycles beyond an L1D hit; from_memory tells whether
  // DRAM served it (else the L2 or a prefetch in flight).
  uint64_t data(uint64_t paddr, bool write, uint64_t now, bool& from_memory);
  uint64_t data(uint64_t paddr, bool write, uint64_t now) {
    bool from_memory;
    return data(paddr, write, now, from_memory);
  }
  unsigned branch(uint64_t pc, bool taken, uint64_t target) { return predictor_.conditional(pc, taken, target); }
  unsigned jump(uint64_t pc, uint64_t target, JumpKind kind, unsigned length) {
    return predictor_.jump(pc, target, kind, length);
  }

  // sfence.vma forms and satp writes.
  void flush_tlbs(bool by_address, uint64_t vaddr, bool by_asid, uint16_t asid);
  // fence.i: the I-cache is refilled from the (coherent) L2.
  void flush_icache() { l1i_.reset(); }
  // A DMA write made these lines stale (coherence by invalidation).
  void invalidate_range(uint64_t paddr, uint64_t length);

  void register_stats(StatsRegistry& stats, const std::string& prefix) const;
  // Power-on state: empty caches and TLBs, untrained predictor.
  void reset();

 private:
  // missed (if given): the L2 missed and DRAM served the line.
  uint64_t l2_access(uint64_t paddr, bool write, uint64_t now, bool* missed = nullptr);
  // Brings lines first..first+count-1 into a level ahead of demand.
  void prefetch_l1d(uint64_t first_line, unsigned count, uint64_t now);
  void prefetch_l2(uint64_t first_line, unsigned count, uint64_t now);

  uint64_t block_start_ = 0;
  cache::StreamPrefetcher l1d_prefetcher_, l2_prefetcher_;
  uint64_t prefetches_ = 0, prefetch_hits_ = 0;
  uint64_t tlb_miss(mmu::Tlb& l1, uint64_t vaddr, uint16_t asid, const uint64_t* ptes, unsigned levels,
                    unsigned page_shift, bool global, uint64_t now);

  CoreTimingConfig config_;
  MemoryTimingPort& memory_;
  BranchPredictor predictor_;
  mmu::Tlb itlb_, dtlb_;
  std::optional<mmu::Tlb> l2_tlb_;
  cache::Cache l1i_, l1d_, l2_;
  uint64_t walk_cycles_ = 0, walks_ = 0;
};

}  // namespace torpor::core
