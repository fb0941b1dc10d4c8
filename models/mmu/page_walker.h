// Sv39/Sv48/Sv57 page-table walk, privileged spec 4.3.2 / 4.4 / 4.5 / 4.6.
// Stateless: the caller's translation caches hold the results.
#pragma once
#include <cstdint>

#include "models/mmu/physical_memory.h"
#include "models/mmu/pmp.h"

namespace torpor::mmu {

struct WalkRequest {
  uint64_t satp;             // mode must be Sv39, Sv48 or Sv57
  uint64_t vaddr;
  Access access;
  bool user;                 // effective privilege is U
  bool sum;                  // mstatus.SUM
  bool mxr;                  // mstatus.MXR
  bool hardware_ad;          // update A/D in hardware; false: fault (Svade)
};

enum class WalkFault : uint8_t { none, page_fault, access_fault };

struct WalkResult {
  WalkFault fault = WalkFault::none;
  uint64_t paddr = 0;
  bool writable = false;     // the leaf permits stores with D already set
};

class PageWalker {
 public:
  PageWalker(PhysicalMemory& memory, const Pmp& pmp) : memory_(memory), pmp_(pmp) {}
  WalkResult walk(const WalkRequest& request);

  // The path a hardware walker takes for vaddr, for timing: the physical
  // address of each PTE read and the page size of the leaf. No permission
  // checks, no A/D updates; false if the walk would not reach a leaf.
  struct WalkTrace {
    uint64_t pte_addresses[5];
    unsigned levels_read = 0;
    unsigned page_shift = 12;
    bool global = false;
  };
  bool trace(uint64_t satp, uint64_t vaddr, WalkTrace& out);

  uint64_t walks() const { return walks_; }
  uint64_t pte_reads() const { return pte_reads_; }

 private:
  PhysicalMemory& memory_;
  const Pmp& pmp_;
  uint64_t walks_ = 0;
  uint64_t pte_reads_ = 0;
};

}  // namespace torpor::mmu
