// Core-Local Interruptor for one hart, laid out like the SiFive CLINT (and
// QEMU virt's "sifive,clint0"): the machine software interrupt (MSIP) and
// the machine timer (mtime, mtimecmp -> MTIP) of the RISC-V privileged spec.
#pragma once
#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/stats.h"

namespace torpor {

class Clint : public sc_core::sc_module {
 public:
  // Register offsets from the CLINT base (hart 0).
  static constexpr uint64_t msip_offset = 0x0000;      // 32-bit, bit 0 = MSIP
  static constexpr uint64_t mtimecmp_offset = 0x4000;  // 64-bit, or two 32-bit halves
  static constexpr uint64_t mtime_offset = 0xBFF8;     // 64-bit, or two 32-bit halves

  // The latest time (in SystemC time units) a timer deadline is scheduled
  // for: half the range of sc_time (2^63 ps, 106 days, at the default 1 ps
  // resolution), so the simulation can always run on past a deadline.
  // mtimecmp further ahead (e.g. all ones) means "never".
  static constexpr uint64_t timer_horizon_units = UINT64_MAX / 2;

  tlm_utils::simple_target_socket<Clint> socket;
  sc_core::sc_out<bool> timer_irq;  // MTIP: mtime >= mtimecmp
  sc_core::sc_out<bool> soft_irq;   // MSIP: msip bit 0

  // timebase_hz: the rate mtime counts at (the device tree's
  // timebase-frequency; 10 MHz on QEMU virt).
  Clint(sc_core::sc_module_name name, uint64_t timebase_hz);
  SC_HAS_PROCESS(Clint);

  uint64_t timebase_hz() const { return timebase_hz_; }
  // Register values as the guest would read them at sc_time_stamp().
  uint64_t mtime() const;
  uint64_t mtimecmp() const { return mtimecmp_; }
  bool msip() const { return (msip_ & 1) != 0; }

  void register_stats(StatsRegistry& stats) const;
  // Power-on state: msip clear, mtimecmp all ones, mtime counting from 0 now.
  void reset();

 private:
  enum class Register { msip, mtimecmp, mtime };

  void end_of_elaboration() override;
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);

  // Finds the register an access of `length` bytes at `offset` hits; sets
  // an address or burst error response if there is none.
  bool decode(uint64_t offset, unsigned length, Register& reg, unsigned& shift,
              tlm::tlm_response_status& status) const;
  uint64_t read_register(Register reg, const sc_core::sc_time& now) const;
  void write_register(Register reg, unsigned shift, unsigned length, uint64_t value, const sc_core::sc_time& now);

  // Timebase ticks elapsed at simulated time t, before the guest's offset.
  uint64_t ticks_at(const sc_core::sc_time& t) const;
  uint64_t mtime_at(const sc_core::sc_time& t) const { return ticks_at(t) + mtime_adjust_; }
  // After mtime or mtimecmp changed at `now`: new MTIP level, next deadline.
  void update_timer(const sc_core::sc_time& now);
  // The one process that drives timer_irq and soft_irq.
  void drive_irqs();

  uint64_t timebase_hz_;
  uint64_t time_units_per_second_ = 0;  // of the SystemC time resolution

  uint32_t msip_ = 0;
  uint64_t mtimecmp_ = UINT64_MAX;  // reset: no timer interrupt
  uint64_t mtime_adjust_ = 0;       // guest writes to mtime shift the count

  bool timer_level_ = false;    // what MTIP should be
  bool timer_driven_ = false;   // what drive_irqs last put on timer_irq
  bool soft_driven_ = false;    // what drive_irqs last put on soft_irq
  sc_core::sc_event irq_update_event_;
  sc_core::sc_event timer_deadline_event_;  // mtime reaches mtimecmp

  uint64_t timer_interrupts_ = 0;
  uint64_t soft_interrupts_ = 0;
};

}  // namespace torpor
