// Physical memory protection (privileged spec 3.7): 16 entries, grain 4 bytes.
// The core checks PMP when it fills its translation caches, so a page is
// cached only when one PMP decision covers all of it.
#pragma once
#include <array>
#include <cstdint>

#include "models/mmu/physical_memory.h"

namespace torpor::mmu {

class Pmp {
 public:
  static constexpr unsigned entries = 16;

  // pmpcfg CSR index n (0..15); RV64 implements only even n. Values are the
  // whole 64-bit CSR: eight 8-bit configurations.
  uint64_t read_cfg(unsigned n) const;
  void write_cfg(unsigned n, uint64_t value);
  uint64_t read_addr(unsigned i) const;
  void write_addr(unsigned i, uint64_t value);

  // May an access of `size` bytes at `paddr` by privilege `priv` (0 U, 1 S,
  // 3 M) proceed?
  bool allows(uint64_t paddr, uint64_t size, Access access, unsigned priv) const;
  // Same question for a whole 4 KiB page; false also when the answer differs
  // within the page (the caller then must not cache the page).
  bool allows_whole_page(uint64_t page_paddr, Access access, unsigned priv) const;

  void reset();

 private:
  static constexpr uint8_t cfg_r = 0x01, cfg_w = 0x02, cfg_x = 0x04, cfg_a = 0x18, cfg_l = 0x80;
  enum Match : uint8_t { off = 0, tor = 1, na4 = 2, napot = 3 };

  bool locked(unsigned i) const { return cfg_[i] & cfg_l; }
  // Byte range [lo, hi) of entry i; false when the entry is off.
  bool range(unsigned i, uint64_t& lo, uint64_t& hi) const;
  bool permits(uint8_t cfg, Access access, unsigned priv) const;
  // The decision for [lo, hi): 1 allowed, 0 denied, -1 differs within it.
  int decide(uint64_t lo, uint64_t hi, Access access, unsigned priv) const;

  // The active entries' byte ranges, decoded when a CSR changes (checks
  // run on every translation-cache fill).
  void decode_ranges();
  struct ActiveRange {
    uint64_t lo, hi;
    uint8_t cfg;
  };
  std::array<ActiveRange, entries> active_{};
  unsigned active_count_ = 0;

  std::array<uint8_t, entries> cfg_{};
  std::array<uint64_t, entries> addr_{};
};

}  // namespace torpor::mmu
