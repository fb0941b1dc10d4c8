// The copy engine's C++ twin: the registers and behaviour of
// rtl/copy_engine/copy_engine.sv (contract: rtl/copy_engine/REGISTERS.md),
// as a TLM model for builds without Verilator. It walks a restore_pblist
// ({address, orig_address, next}, virtual addresses + VA_PA_OFFSET) and
// copies each 4 KiB page in bursts through its own initiator socket, so its
// traffic is timed by the bus and DRAM and contends with the core. Up to
// MAX_OUTSTANDING read bursts start together (the DRAM model serialises
// them), then their write bursts.
#pragma once
#include <array>
#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/stats.h"

namespace torpor {

class CopyEngineTwin : public sc_core::sc_module {
 public:
  // Register offsets (REGISTERS.md)
  static constexpr uint64_t reg_id = 0x00, reg_version = 0x04, reg_control = 0x08, reg_status = 0x0C;
  static constexpr uint64_t reg_list_head_lo = 0x10, reg_list_head_hi = 0x14;
  static constexpr uint64_t reg_offset_lo = 0x18, reg_offset_hi = 0x1C;
  static constexpr uint64_t reg_pages_copied = 0x20, reg_burst_beats = 0x24, reg_max_outstanding = 0x28;
  static constexpr uint64_t reg_list_limit = 0x2C, reg_irq_status = 0x30, region_size = 0x40;
  static constexpr uint32_t id_value = 0x43505945;
  static constexpr uint32_t control_start = 1, control_irq_enable = 2;
  static constexpr uint32_t status_busy = 1, status_done = 2;
  enum Error : uint32_t { none = 0, misaligned = 1, bus_error = 2, list_too_long = 3 };

  tlm_utils::simple_target_socket<CopyEngineTwin> socket;  // registers
  tlm_utils::simple_initiator_socket<CopyEngineTwin> dma;  // memory
  sc_core::sc_out<bool> irq;

  // Reset values of BURST_BEATS and MAX_OUTSTANDING (the design's choice).
  // A register access both engines accept: aligned 32-bit, in the region,
  // no byte enables (REGISTERS.md).
  static bool is_register_access(const tlm::tlm_generic_payload& trans) {
    const uint64_t offset = trans.get_address();
    return trans.get_data_length() == 4 && !(offset & 3) && offset < region_size && !trans.get_byte_enable_ptr();
  }

  explicit CopyEngineTwin(sc_core::sc_module_name name, uint32_t burst_beats = 8, uint32_t max_outstanding = 4);
  SC_HAS_PROCESS(CopyEngineTwin);

  void reset();
  void register_stats(StatsRegistry& stats) const;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);
  uint32_t read_register(uint64_t offset) const;
  void write_register(uint64_t offset, uint32_t value);
  void engine_thread();
  void drive_irq();
  // One burst; false on a bus error. `delay` is this burst's start offset on
  // entry and its completion offset on return.
  bool burst(tlm::tlm_command command, uint64_t paddr, uint8_t* data, unsigned bytes, sc_core::sc_time& delay);
  Error copy_page(uint64_t from, uint64_t to, sc_core::sc_time& t);
  void finish(Error error);

  uint64_t list_head_ = 0, va_pa_offset_ = 0;
  uint32_t control_ = 0, pages_copied_ = 0, burst_beats_ = 8, max_outstanding_ = 4, list_limit_ = 0x100000;
  uint32_t irq_status_ = 0, error_ = 0;
  bool busy_ = false, done_ = false;
  sc_core::sc_event start_event_, irq_event_;
  std::array<uint8_t, 4096> page_{};

  uint32_t reset_burst_beats_, reset_max_outstanding_;
  uint64_t runs_ = 0, pages_ = 0, bytes_ = 0, errors_ = 0;
};

}  // namespace torpor
