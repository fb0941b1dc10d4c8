#include "models/mmu/pmp.h"

namespace torpor::mmu {

namespace {
constexpr uint64_t addr_mask = (1ull << 54) - 1;  // pmpaddr holds bits 55:2 of a 56-bit address
}

void Pmp::reset() {
  cfg_.fill(0);
  addr_.fill(0);
  decode_ranges();
}

void Pmp::decode_ranges() {
  active_count_ = 0;
  for (unsigned i = 0; i < entries; ++i) {
    uint64_t lo, hi;
    if (range(i, lo, hi)) active_[active_count_++] = {lo, hi, cfg_[i]};
  }
}

uint64_t Pmp::read_cfg(unsigned n) const {
  if (n % 2 != 0 || n * 4 >= entries) return 0;
  uint64_t value = 0;
  for (unsigned k = 0; k < 8; ++k) value |= uint64_t(cfg_[n * 4 + k]) << (8 * k);
  return value;
}

void Pmp::write_cfg(unsigned n, uint64_t value) {
  if (n % 2 != 0 || n * 4 >= entries) return;
  for (unsigned k = 0; k < 8; ++k) {
    unsigned i = n * 4 + k;
    if (locked(i)) continue;
    uint8_t c = uint8_t(value >> (8 * k)) & (cfg_r | cfg_w | cfg_x | cfg_a | cfg_l);
    if (!(c & cfg_r)) c &= ~cfg_w;  // R=0, W=1 is reserved: WARL keeps it unwritable
    cfg_[i] = c;
  }
  decode_ranges();
}

uint64_t Pmp::read_addr(unsigned i) const { return i < entries ? addr_[i] : 0; }

void Pmp::write_addr(unsigned i, uint64_t value) {
  if (i >= entries || locked(i)) return;
  // A locked TOR entry also protects the address below it.
  if (i + 1 < entries && locked(i + 1) && ((cfg_[i + 1] & cfg_a) >> 3) == tor) return;
  addr_[i] = value & addr_mask;
  decode_ranges();
}

bool Pmp::range(unsigned i, uint64_t& lo, uint64_t& hi) const {
  switch ((cfg_[i] & cfg_a) >> 3) {
    case tor:
      lo = i == 0 ? 0 : addr_[i - 1] << 2;
      hi = addr_[i] << 2;
      return lo < hi;
    case na4:
      lo = addr_[i] << 2;
      hi = lo + 4;
      return true;
    case napot: {
      uint64_t a = addr_[i];
      unsigned ones = 0;
      while (ones < 54 && ((a >> ones) & 1)) ++ones;
      if (ones >= 54) {  // the whole 56-bit space
        lo = 0;
        hi = 1ull << 56;
        return true;
      }
      uint64_t size = 1ull << (ones + 3);
      lo = (a & ~((1ull << (ones + 1)) - 1)) << 2;
      hi = lo + size;
      return true;
    }
    default:
      return false;
  }
}

bool Pmp::permits(uint8_t cfg, Access access, unsigned priv) const {
  if (priv == 3 && !(cfg & cfg_l)) return true;  // unlocked entries do not bind M-mode
  switch (access) {
    case Access::fetch: return cfg & cfg_x;
    case Access::load: return cfg & cfg_r;
    case Access::store: return cfg & cfg_w;
  }
  return false;
}

int Pmp::decide(uint64_t lo, uint64_t hi, Access access, unsigned priv) const {
  for (unsigned k = 0; k < active_count_; ++k) {  // in entry order: the lowest-numbered match decides
    const ActiveRange& e = active_[k];
    if (hi <= e.lo || lo >= e.hi) continue;     // no byte matches
    if (lo < e.lo || hi > e.hi) return -1;      // partial match: differs (or fails, spec 3.7.1.3)
    return permits(e.cfg, access, priv) ? 1 : 0;
  }
  // No match: M-mode succeeds; S and U fail since PMP entries are implemented.
  return priv == 3 ? 1 : 0;
}

bool Pmp::allows(uint64_t paddr, uint64_t size, Access access, unsigned priv) const {
  // An access partially matching an entry fails (spec 3.7.1.3).
  return decide(paddr, paddr + size, access, priv) == 1;
}

bool Pmp::allows_whole_page(uint64_t page_paddr, Access access, unsigned priv) const {
  return decide(page_paddr, page_paddr + 4096, access, priv) == 1;
}

}  // namespace torpor::mmu
