// A translation lookaside buffer timing model: set-associative (ways ==
// entries makes it fully associative), LRU, ASID-tagged entries of any page
// size (4 KiB pages and 2 MiB / 1 GiB / ... superpages each take one entry).
// It holds no translations for function (the hart's translation caches do
// that); it decides hit or miss, so that misses cost a timed page walk.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/stats.h"

namespace torpor::mmu {

struct TlbConfig {
  unsigned entries = 32;
  unsigned ways = 32;
};

class Tlb {
 public:
  Tlb(std::string name, const TlbConfig& config);

  // True if a valid entry maps vaddr for this ASID (or a global entry).
  bool lookup(uint64_t vaddr, uint16_t asid);
  // Fills an entry for the page of 2^page_shift bytes holding vaddr.
  void insert(uint64_t vaddr, unsigned page_shift, uint16_t asid, bool global);
  // sfence.vma: all entries, or those of one address and/or one ASID
  // (global entries survive an ASID-only flush, privileged spec 4.2.1).
  void flush_all();
  void flush(bool by_address, uint64_t vaddr, bool by_asid, uint16_t asid);

  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  void register_stats(StatsRegistry& stats) const;

 private:
  struct Entry {
    uint64_t vpn = 0;  // vaddr >> page_shift
    uint64_t last_use = 0;
    uint16_t asid = 0;
    uint8_t page_shift = 0;
    bool global = false;
    bool valid = false;
  };
  Entry* set_of(uint64_t vpn) { return &entries_[(vpn & (sets_ - 1)) * config_.ways]; }

  std::string name_;
  TlbConfig config_;
  uint64_t sets_;
  std::vector<Entry> entries_;
  uint64_t sizes_present_ = 0;  // bit k: some entry has page_shift k (up to 48: Sv57 petapages)
  uint64_t clock_ = 0;
  uint64_t hits_ = 0, misses_ = 0, flushes_ = 0;
};

}  // namespace torpor::mmu
