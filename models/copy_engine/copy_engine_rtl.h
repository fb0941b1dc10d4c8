// The Verilated RTL copy engine (rtl/copy_engine/copy_engine.sv) as a TLM
// model with the twin's interface: registers through a TLM target socket,
// the engine's valid/ready memory channels bridged to TLM b_transport on
// its own initiator socket (so its traffic is timed by the bus and DRAM),
// clocked by this module at `clock` while the engine is busy. Built only
// with TORPOR_WITH_VERILATOR (TORPOR_HAVE_RTL_COPY_ENGINE).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/stats.h"

class Vcopy_engine;
class VerilatedContext;
class VerilatedVcdC;

namespace torpor {

class CopyEngineRtl : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<CopyEngineRtl> socket;  // registers
  tlm_utils::simple_initiator_socket<CopyEngineRtl> dma;  // memory
  sc_core::sc_out<bool> irq;

  // burst_beats/max_outstanding: written to the engine after every reset,
  // as the platform's configuration of the design.
  CopyEngineRtl(sc_core::sc_module_name name, sc_core::sc_time clock, uint32_t burst_beats = 8,
                uint32_t max_outstanding = 4);
  ~CopyEngineRtl() override;
  SC_HAS_PROCESS(CopyEngineRtl);

  void reset();
  void register_stats(StatsRegistry& stats) const;
  // Verilator's own waveform of every engine signal, on the platform's time
  // base (picoseconds of simulated time), from now on.
  void trace_to(const std::string& vcd_path);

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);
  uint32_t read_register(uint8_t offset);
  void clock_edge();          // one rising edge with the current inputs
  void engine_thread();       // steps the clock while the engine is busy
  void step_memory();         // one cycle of the memory-side bridge
  bool busy();
  void update_irq();  // from the RTL's irq output, driven by drive_irq
  void drive_irq();
  bool irq_level_ = false;

  struct Beat {
    uint64_t data;
    bool last, error;
    uint64_t ready_cycle;
  };
  struct PendingWrite {
    uint64_t address;
    unsigned beats;
    std::vector<uint64_t> data;
  };
  struct Response {
    bool error;
    uint64_t ready_cycle;
  };

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Vcopy_engine> rtl_;
  std::unique_ptr<VerilatedVcdC> vcd_;
  uint64_t time_base_ps_ = 0;  // SystemC time at the start of the current batch of cycles
  unsigned batch_cycle_ = 0;
  sc_core::sc_time clock_;
  uint32_t burst_beats_, max_outstanding_;
  void write_register(uint8_t offset, uint32_t value);
  uint64_t cycle_ = 0;
  std::deque<Beat> read_beats_;
  std::deque<PendingWrite> writes_;
  std::deque<Response> responses_;
  sc_core::sc_event start_event_, irq_event_;
  uint64_t cycles_ = 0, bursts_ = 0;
};

}  // namespace torpor
