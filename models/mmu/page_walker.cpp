#include "models/mmu/page_walker.h"

namespace torpor::mmu {

namespace {
constexpr uint64_t pte_v = 1 << 0, pte_r = 1 << 1, pte_w = 1 << 2, pte_x = 1 << 3;
constexpr uint64_t pte_u = 1 << 4, pte_a = 1 << 6, pte_d = 1 << 7;
// Bits 63:54: N (Svnapot), PBMT (Svpbmt) and reserved; none are implemented,
// so a leaf or pointer with any of them set is a page fault.
constexpr uint64_t pte_reserved = ~0ull << 54;
constexpr unsigned pte_ppn_shift = 10;
constexpr uint64_t pte_ppn_mask = (1ull << 44) - 1;
constexpr unsigned supervisor = 1;  // page-table accesses are S-mode for PMP
}  // namespace

WalkResult PageWalker::walk(const WalkRequest& req) {
  ++walks_;
  WalkResult result;
  const unsigned mode = unsigned(req.satp >> 60);
  const int levels = mode == 8 ? 3 : mode == 9 ? 4 : 5;
  const unsigned va_bits = 12 + 9 * levels;

  // The address must be sign-extended from its top implemented bit (the
  // left shift on the unsigned value: shifting a negative int64_t is UB).
  const unsigned unused_bits = 64 - va_bits;
  if (uint64_t(int64_t(req.vaddr << unused_bits) >> unused_bits) != req.vaddr) {
    result.fault = WalkFault::page_fault;
    return result;
  }

  uint64_t table = (req.satp & pte_ppn_mask) << 12;
  for (int level = levels - 1; level >= 0; --level) {
    const uint64_t vpn = (req.vaddr >> (12 + 9 * level)) & 0x1FF;
    const uint64_t pte_addr = table + vpn * 8;
    uint64_t pte = 0;
    ++pte_reads_;
    if (!pmp_.allows(pte_addr, 8, Access::load, supervisor) || !memory_.read(pte_addr, &pte, 8)) {
      result.fault = WalkFault::access_fault;
      return result;
    }
    if (!(pte & pte_v) || (!(pte & pte_r) && (pte & pte_w)) || (pte & pte_reserved)) {
      result.fault = WalkFault::page_fault;
      return result;
    }
    const uint64_t ppn = (pte >> pte_ppn_shift) & pte_ppn_mask;
    if (!(pte & (pte_r | pte_x))) {  // pointer to the next level
      table = ppn << 12;
      continue;
    }

    // Leaf: permission checks (4.3.2 step 5).
    bool allowed;
    switch (req.access) {
      case Access::fetch: allowed = pte & pte_x; break;
      case Access::load: allowed = (pte & pte_r) || (req.mxr && (pte & pte_x)); break;
      default: allowed = pte & pte_w; break;
    }
    if (pte & pte_u) {
      if (!req.user && (req.access == Access::fetch || !req.sum)) allowed = false;
    } else if (req.user) {
      allowed = false;
    }
    // A superpage whose low PPN bits are not zero is misaligned (step 6).
    const uint64_t low_ppn_mask = (1ull << (9 * level)) - 1;
    if (!allowed || (ppn & low_ppn_mask)) {
      result.fault = WalkFault::page_fault;
      return result;
    }

    const bool store = req.access == Access::store;
    if (!(pte & pte_a) || (store && !(pte & pte_d))) {
      if (!req.hardware_ad) {
        result.fault = WalkFault::page_fault;
        return result;
      }
      const uint64_t updated = pte | pte_a | (store ? pte_d : 0);
      if (!pmp_.allows(pte_addr, 8, Access::store, supervisor) || !memory_.write(pte_addr, &updated, 8)) {
        result.fault = WalkFault::access_fault;
        return result;
      }
      pte = updated;
    }

    const uint64_t offset_mask = (1ull << (12 + 9 * level)) - 1;
    result.paddr = ((ppn << 12) & ~offset_mask) | (req.vaddr & offset_mask);
    result.writable = (pte & pte_w) && (pte & pte_d);
    return result;
  }
  result.fault = WalkFault::page_fault;  // ran out of levels without a leaf
  return result;
}

bool PageWalker::trace(uint64_t satp, uint64_t vaddr, WalkTrace& out) {
  const unsigned mode = unsigned(satp >> 60);
  const int levels = mode == 8 ? 3 : mode == 9 ? 4 : 5;
  uint64_t table = (satp & pte_ppn_mask) << 12;
  out.levels_read = 0;
  for (int level = levels - 1; level >= 0; --level) {
    const uint64_t pte_addr = table + ((vaddr >> (12 + 9 * level)) & 0x1FF) * 8;
    out.pte_addresses[out.levels_read++] = pte_addr;
    uint64_t pte = 0;
    if (!memory_.read(pte_addr, &pte, 8) || !(pte & pte_v)) return false;
    if (pte & (pte_r | pte_x)) {
      out.page_shift = 12 + 9 * unsigned(level);
      out.global = pte & (1 << 5);
      return true;
    }
    table = ((pte >> pte_ppn_shift) & pte_ppn_mask) << 12;
  }
  return false;
}

}  // namespace torpor::mmu
