#include "models/mmu/tlb.h"

#include <stdexcept>

#include <fmt/format.h>

namespace torpor::mmu {

Tlb::Tlb(std::string name, const TlbConfig& config) : name_(std::move(name)), config_(config) {
  if (config.entries == 0 || config.ways == 0 || config.entries % config.ways != 0)
    throw std::invalid_argument(fmt::format("{}: {} entries cannot be split into {} ways", name_, config.entries,
                                            config.ways));
  sets_ = config.entries / config.ways;
  if (sets_ & (sets_ - 1)) throw std::invalid_argument(fmt::format("{}: {} sets is not a power of two", name_, sets_));
  entries_.resize(config.entries);
}

bool Tlb::lookup(uint64_t vaddr, uint16_t asid) {
  for (uint64_t sizes = sizes_present_; sizes; sizes &= sizes - 1) {
    const unsigned shift = unsigned(__builtin_ctzll(sizes));
    const uint64_t vpn = vaddr >> shift;
    Entry* set = set_of(vpn);
    for (unsigned w = 0; w < config_.ways; ++w) {
      Entry& e = set[w];
      if (e.valid && e.vpn == vpn && e.page_shift == shift && (e.global || e.asid == asid)) {
        e.last_use = ++clock_;
        ++hits_;
        return true;
      }
    }
  }
  ++misses_;
  return false;
}

void Tlb::insert(uint64_t vaddr, unsigned page_shift, uint16_t asid, bool global) {
  const uint64_t vpn = vaddr >> page_shift;
  Entry* set = set_of(vpn);
  Entry* victim = &set[0];
  for (unsigned w = 0; w < config_.ways; ++w) {
    if (!set[w].valid) {
      victim = &set[w];
      break;
    }
    if (set[w].last_use < victim->last_use) victim = &set[w];
  }
  *victim = Entry{vpn, ++clock_, asid, uint8_t(page_shift), global, true};
  sizes_present_ |= uint64_t{1} << page_shift;
}

void Tlb::flush_all() {
  ++flushes_;
  for (Entry& e : entries_) e.valid = false;
  sizes_present_ = 0;
}

void Tlb::flush(bool by_address, uint64_t vaddr, bool by_asid, uint16_t asid) {
  if (!by_address && !by_asid) return flush_all();
  ++flushes_;
  for (Entry& e : entries_) {
    if (!e.valid) continue;
    const bool address_match = !by_address || (vaddr >> e.page_shift) == e.vpn;
    const bool asid_match = !by_asid || (!e.global && e.asid == asid);
    if (address_match && asid_match) e.valid = false;
  }
}

void Tlb::register_stats(StatsRegistry& stats) const {
  stats.add_counter(name_ + ".hits", &hits_, "lookups", "translations found");
  stats.add_counter(name_ + ".misses", &misses_, "lookups", "translations missing (walk or next level)");
  stats.add_counter(name_ + ".flushes", &flushes_, "flushes", "sfence.vma and satp changes");
}

}  // namespace torpor::mmu
