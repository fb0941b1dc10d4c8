// What the MMU needs from the memory system: physical reads and writes that
// report a bus error. The core implements it over its TLM initiator socket,
// so page-table walks travel the same path as every other access.
#pragma once
#include <cstdint>

namespace torpor::mmu {

enum class Access : uint8_t { fetch, load, store };

class PhysicalMemory {
 public:
  virtual ~PhysicalMemory() = default;
  // false: the bus answered with an error (an access fault for the guest).
  virtual bool read(uint64_t paddr, void* data, unsigned size) = 0;
  virtual bool write(uint64_t paddr, const void* data, unsigned size) = 0;
};

}  // namespace torpor::mmu
