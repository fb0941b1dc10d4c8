// Main memory as plain RAM: every access completes at once. DRAM timing
// (row buffers, refresh, bank conflicts) comes in a later model; this one is
// the storage underneath and the fast path (DMI) for the cores and loaders.
#pragma once
#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/stats.h"

namespace torpor {

class Memory : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Memory> socket;

  // size_bytes: capacity of the region (the router maps it at its base).
  // fill_byte: value every byte reads as before it is first written.
  Memory(sc_core::sc_module_name name, uint64_t size_bytes, uint8_t fill_byte = 0);
  ~Memory() override;
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  // Backing store, for the platform's loader and for tests.
  uint8_t* data() { return storage_; }
  const uint8_t* data() const { return storage_; }
  uint64_t size() const { return size_bytes_; }

  void register_stats(StatsRegistry& stats) const;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);

  uint64_t size_bytes_;
  // Anonymous mmap: pages are only backed when touched, so a 4 GiB guest
  // memory costs what the guest actually uses.
  uint8_t* storage_ = nullptr;

  uint64_t bytes_read_ = 0;
  uint64_t bytes_written_ = 0;
};

}  // namespace torpor
