// The DRAM: storage (Memory) plus the timing of the controller and devices
// (DramController). Reads and writes by b_transport move data and are
// charged their DRAM time; TimingOnly transactions (cache line fills and
// write-backs) are charged without moving data; DMI gives initiators the
// storage for functional accesses, whose time the core's caches account.
#pragma once
#include <memory>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/stats.h"
#include "models/dram/dram_controller.h"
#include "models/dram/memory.h"

namespace torpor {

class Dram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Dram> socket;

  Dram(sc_core::sc_module_name name, uint64_t size_bytes, uint8_t fill_byte, const dram::DramTiming& timing);

  uint8_t* data() { return storage_.data(); }
  uint64_t size() const { return storage_.size(); }
  const dram::DramController& controller() const { return controller_; }
  // For waveforms: notified after every timed access.
  const sc_core::sc_event& activity_event() const { return activity_event_; }
  void register_stats(StatsRegistry& stats) const;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

  Memory storage_;
  tlm_utils::simple_initiator_socket<Dram> storage_port_;
  dram::DramController controller_;
  sc_core::sc_event activity_event_;
};

}  // namespace torpor
