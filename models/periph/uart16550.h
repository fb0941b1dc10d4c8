// A 16550A-compatible UART (National PC16550D datasheet), as the console of
// the platform. Transmit is instantaneous: a byte written to THR goes
// straight to an ostream. Receive goes through the 16-byte RX FIFO, fed by
// receive() from the host side.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/stats.h"

namespace torpor {

class Uart16550 : public sc_core::sc_module {
 public:
  // Register indices (datasheet, "Register Addresses"); a register sits at offset
  // index << reg_shift. Index 0 and 1 switch to DLL/DLM while LCR.DLAB is 1.
  enum RegisterIndex : unsigned {
    rbr = 0, thr = 0, dll = 0,
    ier = 1, dlm = 1,
    iir = 2, fcr = 2,
    lcr = 3, mcr = 4, lsr = 5, msr = 6, scr = 7,
  };
  // Bits the guest's driver looks at.
  static constexpr uint8_t ier_erbfi = 0x01;   // enable received data available interrupt
  static constexpr uint8_t ier_etbei = 0x02;   // enable THR empty interrupt
  static constexpr uint8_t ier_elsi = 0x04;    // enable receiver line status interrupt
  static constexpr uint8_t iir_no_interrupt = 0x01;
  static constexpr uint8_t iir_line_status = 0x06;
  static constexpr uint8_t iir_rx_data = 0x04;
  static constexpr uint8_t iir_thr_empty = 0x02;
  static constexpr uint8_t iir_fifos_enabled = 0xC0;
  static constexpr uint8_t fcr_fifo_enable = 0x01;
  static constexpr uint8_t fcr_rx_fifo_reset = 0x02;
  static constexpr uint8_t fcr_tx_fifo_reset = 0x04;
  static constexpr uint8_t lcr_dlab = 0x80;
  static constexpr uint8_t mcr_loop = 0x10;
  static constexpr uint8_t lsr_dr = 0x01;    // data ready
  static constexpr uint8_t lsr_oe = 0x02;    // overrun error
  static constexpr uint8_t lsr_thre = 0x20;  // transmitter holding register empty
  static constexpr uint8_t lsr_temt = 0x40;  // transmitter empty

  static constexpr unsigned rx_fifo_depth = 16;  // 16550A

  tlm_utils::simple_target_socket<Uart16550> socket;
  sc_core::sc_out<bool> irq;  // INTR: an enabled interrupt is pending

  // tx_out: where transmitted bytes go (flushed at each '\n').
  // reg_shift: registers are 1 << reg_shift bytes apart (0 on QEMU virt).
  Uart16550(sc_core::sc_module_name name, std::ostream& tx_out, unsigned reg_shift = 0);
  ~Uart16550() override;
  SC_HAS_PROCESS(Uart16550);

  // A byte arrives on the serial line. Dropped, with LSR.OE set, if the
  // RX FIFO is full. Call from a SystemC process or before simulation.
  void receive(uint8_t byte);
  // Power-on state: registers zero, FIFO empty, no interrupt.
  void reset();

  unsigned reg_shift() const { return reg_shift_; }
  // Called with each transmitted line (without its '\n'), e.g. to time a
  // guest's progress messages.
  void set_line_observer(std::function<void(const std::string&)> observer) { line_observer_ = std::move(observer); }

  void register_stats(StatsRegistry& stats) const;

 private:
  // One entry of the register map: what reading and writing the register
  // at this index does. `peek` reads without side effects (for debuggers).
  struct Register {
    const char* name;
    uint8_t (Uart16550::*read)(bool peek);
    void (Uart16550::*write)(uint8_t value);
  };
  static const Register register_map[8];

  uint8_t read_rbr(bool peek);
  void write_thr(uint8_t value);
  uint8_t read_ier(bool peek);
  void write_ier(uint8_t value);
  uint8_t read_iir(bool peek);
  void write_fcr(uint8_t value);
  uint8_t read_lcr(bool peek);
  void write_lcr(uint8_t value);
  uint8_t read_mcr(bool peek);
  void write_mcr(uint8_t value);
  uint8_t read_lsr(bool peek);
  uint8_t read_msr(bool peek);
  uint8_t read_scr(bool peek);
  void write_scr(uint8_t value);
  void write_ignored(uint8_t value);

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);

  bool dlab() const { return (lcr_ & lcr_dlab) != 0; }
  bool fifos_enabled() const { return (fcr_ & fcr_fifo_enable) != 0; }
  void push_rx(uint8_t byte);
  void clear_rx_fifo();
  // Highest-priority pending interrupt, as IIR bits 3:0 (datasheet, "Interrupt Control Functions").
  uint8_t pending_interrupt() const;
  void update_irq();
  // The one process that drives irq.
  void drive_irq();

  std::ostream& tx_out_;
  unsigned reg_shift_;
  std::function<void(const std::string&)> line_observer_;
  std::string tx_line_;  // the line being transmitted, while someone observes lines

  std::array<uint8_t, rx_fifo_depth> rx_fifo_{};
  unsigned rx_head_ = 0;
  unsigned rx_count_ = 0;

  uint8_t ier_ = 0;
  uint8_t fcr_ = 0;  // FIFO enable and RX trigger level, as last written
  uint8_t lcr_ = 0;
  uint8_t mcr_ = 0;
  uint8_t scr_ = 0;
  uint8_t dll_ = 0;
  uint8_t dlm_ = 0;
  uint8_t lsr_errors_ = 0;       // OE until LSR is read
  bool thr_empty_pending_ = false;  // THRE interrupt: set by THR write or enabling it, cleared by IIR read

  bool irq_level_ = false;
  sc_core::sc_event irq_update_event_;

  uint64_t tx_bytes_ = 0;
  uint64_t rx_bytes_ = 0;
  uint64_t rx_overruns_ = 0;
};

}  // namespace torpor
