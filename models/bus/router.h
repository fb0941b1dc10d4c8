// The interconnect: decodes addresses to targets, forwards transactions with
// target-relative addresses, and passes DMI grants and invalidations through
// with addresses translated back. Timing: every transaction pays a fixed
// latency and occupies the shared data path for length / width cycles;
// a transaction arriving while the path is busy waits (arbitration in
// arrival order), which shows as contention in time and statistics.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "models/common/stats.h"

namespace torpor::bus {

class Router : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Router> target_socket;        // initiators bind here
  tlm_utils::multi_passthrough_initiator_socket<Router> initiator_socket;  // targets bind here, in map() order

  struct Mapping {
    std::string name;
    uint64_t base;
    uint64_t size;
    unsigned port;  // index on initiator_socket
    bool overlay;   // takes precedence inside another mapping (e.g. HTIF tohost in DRAM)
  };

  struct Timing {
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;   // per transaction, each way
    sc_core::sc_time cycle = sc_core::SC_ZERO_TIME;     // bus clock period
    unsigned width_bytes = 0;                           // data path width; 0: no bandwidth limit
  };

  explicit Router(sc_core::sc_module_name name);
  void set_timing(const Timing& timing) { timing_ = timing; }
  // Called after every successful write: (global address, length, index of
  // the initiator on target_socket). The platform uses it to keep the
  // core's caches and decoded code coherent with DMA writes.
  using WriteObserver = std::function<void(uint64_t address, uint64_t length, int initiator)>;
  void set_write_observer(WriteObserver observer) { write_observer_ = std::move(observer); }

  // For waveforms: the last transaction of each initiator (0..3) and an
  // event notified with each one.
  struct Activity {
    uint64_t address = 0;
    uint32_t bytes = 0;
    bool write = false;
    sc_core::sc_event event;
  };
  static constexpr int traced_initiators = 4;
  const Activity& activity(int initiator) const { return activity_[initiator]; }

  // Declares the next target bound to initiator_socket. Throws
  // std::invalid_argument naming both devices if two plain mappings overlap.
  unsigned map(const std::string& name, uint64_t base, uint64_t size, bool overlay = false);
  const std::vector<Mapping>& mappings() const { return mappings_; }
  const Mapping* decode(uint64_t address) const;

  void register_stats(StatsRegistry& stats) const;

 private:
  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(int id, tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);
  // Decodes the whole access [address, address+length); nullptr when it is
  // unmapped or crosses a mapping's end.
  const Mapping* route(uint64_t address, uint64_t length) const;

  // Delay this transaction adds on the bus, given when it arrives.
  sc_core::sc_time occupy(const sc_core::sc_time& arrival, uint64_t bytes);

  std::vector<Mapping> mappings_;
  Timing timing_;
  WriteObserver write_observer_;
  Activity activity_[traced_initiators];
  sc_core::sc_time busy_until_ = sc_core::SC_ZERO_TIME;
  uint64_t busy_ps_ = 0, wait_ps_ = 0, bytes_ = 0;
  uint64_t transactions_ = 0;
  uint64_t decode_errors_ = 0;
};

}  // namespace torpor::bus
