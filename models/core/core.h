// The core as a SystemC module: runs the hart in one thread with temporal
// decoupling (a quantum of simulated time between synchronisations), turns
// its memory accesses into TLM transactions (DMI for RAM, b_transport for
// the rest) and samples the interrupt lines.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/common/sim_control.h"
#include "models/common/stats.h"
#include "models/core/hart.h"

namespace torpor::core {

struct CoreOptions {
  sc_core::sc_time quantum = sc_core::sc_time(10, sc_core::SC_US);
  uint64_t max_instructions = 0;  // 0: no limit
  std::optional<CoreTimingConfig> timing;  // the timing models; fast (functional) only when empty
  bool start_timed = true;                 // with timing: run timed from reset (else from set_timed)
  uint64_t mtime_address = 0;              // the CLINT's mtime register, which the time CSR shadows (0: none)
};

class Core : public sc_core::sc_module, private MemoryPort, private MemoryTimingPort {
 public:
  tlm_utils::simple_initiator_socket<Core> socket;
  sc_core::sc_in<bool> machine_timer_irq;
  sc_core::sc_in<bool> machine_soft_irq;
  sc_core::sc_in<bool> machine_external_irq;
  sc_core::sc_in<bool> supervisor_external_irq;

  Core(sc_core::sc_module_name name, const HartConfig& config, const CoreOptions& options, SimControl& control);

  Hart& hart() { return hart_; }
  // Switches between timed and fast mode at the next block boundary (from
  // any SystemC process, e.g. on a guest phase marker). Timed mode needs
  // the core to have been built with timing options.
  void set_timed(bool timed);
  bool timed() const { return hart_.timed(); }
  // Another bus master (DMA) wrote memory: drop stale cache lines and any
  // decoded code of those pages.
  void external_write(uint64_t paddr, uint64_t length);

  // Power cycle handshake with the platform: the core stops at the next
  // block boundary, resets to its power-on state and notifies halted_event();
  // it runs again from the reset vector after release().
  void request_power_cycle();
  const sc_core::sc_event& halted_event() const { return halted_event_; }
  void release() { release_event_.notify(sc_core::SC_ZERO_TIME); }
  // Simulated time as the core sees it (including its decoupled offset).
  sc_core::sc_time local_time() const;
  // For waveforms: notified when the privilege mode seen at a
  // synchronisation differs from the last one.
  const sc_core::sc_event& privilege_event() const { return privilege_event_; }
  void register_stats(StatsRegistry& stats) const;

 private:
  void run_thread();
  void sample_interrupt_pins();
  void synchronise();
  sc_core::sc_time cycles_to_time(uint64_t cycles) const;
  uint64_t time_to_cycles(const sc_core::sc_time& t) const;
  uint64_t time_to_cycles_rounded_up(const sc_core::sc_time& t) const;
  // Sstc: how long a WFI may sleep before the comparator raises STIP;
  // nothing when it never will (no deadline, or one past the horizon).
  std::optional<sc_core::sc_time> supervisor_timer_sleep();
  // The latest time a timer wake-up is scheduled for: half of SystemC's
  // range (the CLINT's timer_horizon_units, at the 1 ps resolution).
  static constexpr uint64_t timer_horizon_ps = UINT64_MAX / 2;

  // MemoryPort
  uint8_t* page_pointer(uint64_t page_paddr, bool for_write) override;
  bool read(uint64_t paddr, void* data, unsigned size) override;
  bool write(uint64_t paddr, const void* data, unsigned size) override;
  uint64_t mtime() override;
  // MemoryTimingPort: a TimingOnly transaction through the bus.
  uint64_t line_transfer_cycles(uint64_t paddr, unsigned bytes, bool write, uint64_t after_cycles) override;
  bool bus_access(tlm::tlm_command command, uint64_t paddr, void* data, unsigned size);

  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

  HartConfig config_;
  CoreOptions options_;
  SimControl& control_;
  Hart hart_;
  uint64_t quantum_cycles_;
  uint64_t synced_cycle_ = 0;   // hart cycle at the last synchronisation
  std::vector<tlm::tlm_dmi> dmi_regions_;
  std::set<std::pair<uint64_t, bool>> dmi_refused_;  // (page, for_write) already asked
  tlm::tlm_generic_payload bus_payload_;
  tlm::tlm_generic_payload timing_payload_;
  std::unique_ptr<CoreTiming> timing_;
  bool want_timed_ = false;
  sc_core::sc_event privilege_event_;
  Priv traced_priv_ = Priv::machine;
  bool power_cycle_requested_ = false;
  sc_core::sc_event halted_event_, release_event_;
  sc_core::sc_event wake_event_;  // ends a WFI sleep for the platform's requests
  void power_cycle();
  uint64_t bus_accesses_ = 0;
  uint64_t wfi_waits_ = 0;
  static constexpr uint64_t max_idle_wfis = 100000;
  uint64_t idle_wfis_ = 0;  // consecutive WFIs with no event left in the platform
};

}  // namespace torpor::core
