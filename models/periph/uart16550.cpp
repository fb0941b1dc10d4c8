#include "models/periph/uart16550.h"
#include "models/common/register_access.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace torpor {

namespace {

// Modem status bits (datasheet, "Modem Status Register").
constexpr uint8_t msr_cts = 0x10;
constexpr uint8_t msr_dsr = 0x20;
constexpr uint8_t msr_ri = 0x40;
constexpr uint8_t msr_dcd = 0x80;
// Modem control bits that loop back to them.
constexpr uint8_t mcr_dtr = 0x01;
constexpr uint8_t mcr_rts = 0x02;
constexpr uint8_t mcr_out1 = 0x04;
constexpr uint8_t mcr_out2 = 0x08;

constexpr unsigned register_count = 8;

}  // namespace

// The register map: index -> name, read behaviour, write behaviour.
const Uart16550::Register Uart16550::register_map[register_count] = {
    /* 0 */ {"RBR/THR/DLL", &Uart16550::read_rbr, &Uart16550::write_thr},
    /* 1 */ {"IER/DLM", &Uart16550::read_ier, &Uart16550::write_ier},
    /* 2 */ {"IIR/FCR", &Uart16550::read_iir, &Uart16550::write_fcr},
    /* 3 */ {"LCR", &Uart16550::read_lcr, &Uart16550::write_lcr},
    /* 4 */ {"MCR", &Uart16550::read_mcr, &Uart16550::write_mcr},
    /* 5 */ {"LSR", &Uart16550::read_lsr, &Uart16550::write_ignored},  // factory test only
    /* 6 */ {"MSR", &Uart16550::read_msr, &Uart16550::write_ignored},
    /* 7 */ {"SCR", &Uart16550::read_scr, &Uart16550::write_scr},
};

Uart16550::Uart16550(sc_core::sc_module_name name, std::ostream& tx_out, unsigned reg_shift)
    : sc_core::sc_module(name), socket("socket"), irq("irq"), tx_out_(tx_out), reg_shift_(reg_shift) {
  if (reg_shift_ > 3) throw std::invalid_argument(std::string(this->name()) + ": reg_shift must be 0..3");
  socket.register_b_transport(this, &Uart16550::b_transport);
  socket.register_transport_dbg(this, &Uart16550::transport_dbg);

  // Runs once at start to drive the reset level (low).
  SC_METHOD(drive_irq);
  sensitive << irq_update_event_;
}

Uart16550::~Uart16550() { tx_out_.flush(); }

// ---- Receive path -----------------------------------------------------

void Uart16550::reset() {
  clear_rx_fifo();
  ier_ = fcr_ = lcr_ = mcr_ = scr_ = dll_ = dlm_ = lsr_errors_ = 0;
  thr_empty_pending_ = false;
  update_irq();
}

void Uart16550::receive(uint8_t byte) {
  push_rx(byte);
  update_irq();
}

void Uart16550::push_rx(uint8_t byte) {
  if (rx_count_ == rx_fifo_depth) {
    // Datasheet: in FIFO mode an overrun does not replace the FIFO's
    // contents; the new character is lost.
    lsr_errors_ |= lsr_oe;
    ++rx_overruns_;
    return;
  }
  rx_fifo_[(rx_head_ + rx_count_) % rx_fifo_depth] = byte;
  ++rx_count_;
  ++rx_bytes_;
}

void Uart16550::clear_rx_fifo() {
  rx_head_ = 0;
  rx_count_ = 0;
}

// ---- Registers --------------------------------------------------------

uint8_t Uart16550::read_rbr(bool peek) {
  if (dlab()) return dll_;
  if (rx_count_ == 0) return 0;
  const uint8_t byte = rx_fifo_[rx_head_];
  if (!peek) {
    rx_head_ = (rx_head_ + 1) % rx_fifo_depth;
    --rx_count_;
  }
  return byte;
}

void Uart16550::write_thr(uint8_t value) {
  if (dlab()) {
    dll_ = value;
    return;
  }
  ++tx_bytes_;
  if (mcr_ & mcr_loop) {
    // Loopback: the transmitter feeds the receiver, nothing leaves the chip.
    push_rx(value);
  } else {
    tx_out_.put(static_cast<char>(value));
    if (value == '\n') tx_out_.flush();
    if (line_observer_) {
      if (value != '\n') {
        if (value != '\r' && tx_line_.size() < 4096) tx_line_ += char(value);
      } else {
        line_observer_(tx_line_);
        tx_line_.clear();
      }
    }
  }
  // Transmission is instantaneous, so THR is empty again at once and the
  // THRE interrupt, cleared by the write, is pending again.
  thr_empty_pending_ = true;
}

uint8_t Uart16550::read_ier(bool peek) { return dlab() ? dlm_ : ier_; }

void Uart16550::write_ier(uint8_t value) {
  if (dlab()) {
    dlm_ = value;
    return;
  }
  // Enabling the THRE interrupt while THR is empty (always, here) raises it.
  if ((value & ier_etbei) && !(ier_ & ier_etbei)) thr_empty_pending_ = true;
  ier_ = value & 0x0F;
}

uint8_t Uart16550::read_iir(bool peek) {
  const uint8_t id = pending_interrupt();
  // Reading IIR while it reports THRE clears that interrupt (datasheet,
  // "Interrupt Control Functions": reset by reading IIR if source of interrupt).
  if (!peek && id == iir_thr_empty) thr_empty_pending_ = false;
  return id | (fifos_enabled() ? iir_fifos_enabled : 0);
}

void Uart16550::write_fcr(uint8_t value) {
  const bool was_enabled = fifos_enabled();
  if (!(value & fcr_fifo_enable)) {
    // FCR0 = 0 disables the FIFOs; the other bits are not programmed.
    fcr_ = 0;
    if (was_enabled) clear_rx_fifo();
    return;
  }
  if (!was_enabled || (value & fcr_rx_fifo_reset)) clear_rx_fifo();
  // The TX FIFO is always empty: fcr_tx_fifo_reset has nothing to clear.
  // Keep FIFO enable, DMA mode and the RX trigger level (bits 0, 3, 7:6).
  fcr_ = value & 0xC9;
}

uint8_t Uart16550::read_lcr(bool peek) { return lcr_; }
void Uart16550::write_lcr(uint8_t value) { lcr_ = value; }

uint8_t Uart16550::read_mcr(bool peek) { return mcr_; }
void Uart16550::write_mcr(uint8_t value) { mcr_ = value & 0x1F; }

uint8_t Uart16550::read_lsr(bool peek) {
  uint8_t value = lsr_thre | lsr_temt | lsr_errors_;
  if (rx_count_ > 0) value |= lsr_dr;
  // Error bits are cleared by reading LSR.
  if (!peek) lsr_errors_ = 0;
  return value;
}

uint8_t Uart16550::read_msr(bool peek) {
  if (mcr_ & mcr_loop) {
    // Loopback wires DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD.
    return ((mcr_ & mcr_dtr) ? msr_dsr : 0) | ((mcr_ & mcr_rts) ? msr_cts : 0) |
           ((mcr_ & mcr_out1) ? msr_ri : 0) | ((mcr_ & mcr_out2) ? msr_dcd : 0);
  }
  // A terminal is always attached: carrier, data set ready, clear to send.
  return msr_dcd | msr_dsr | msr_cts;
}

uint8_t Uart16550::read_scr(bool peek) { return scr_; }
void Uart16550::write_scr(uint8_t value) { scr_ = value; }

void Uart16550::write_ignored(uint8_t value) {}

// ---- Interrupt ----------------------------------------------------------

uint8_t Uart16550::pending_interrupt() const {
  // Priority order of the datasheet's "Interrupt Control Functions". Character timeout and modem
  // status interrupts never occur: data is ready at once and the modem
  // lines never change.
  if ((ier_ & ier_elsi) && lsr_errors_) return iir_line_status;
  if ((ier_ & ier_erbfi) && rx_count_ > 0) return iir_rx_data;
  if ((ier_ & ier_etbei) && thr_empty_pending_) return iir_thr_empty;
  return iir_no_interrupt;
}

void Uart16550::update_irq() {
  const bool level = pending_interrupt() != iir_no_interrupt;
  if (level != irq_level_) {
    irq_level_ = level;
    irq_update_event_.notify(sc_core::SC_ZERO_TIME);
  }
}

void Uart16550::drive_irq() { irq.write(irq_level_); }

// ---- TLM ------------------------------------------------------------------

void Uart16550::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const tlm::tlm_command cmd = trans.get_command();
  const uint64_t offset = trans.get_address();
  const unsigned length = trans.get_data_length();
  if (cmd == tlm::TLM_IGNORE_COMMAND) {
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  const uint64_t index = offset >> reg_shift_;
  if (index >= register_count || (offset & ((uint64_t{1} << reg_shift_) - 1)) != 0) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  // Byte registers; wider accesses are accepted and use the low byte, as
  // drivers for reg-io-width = 4 do.
  if (const auto access = check_register_access(trans, length == 1 || length == 2 || length == 4); access != tlm::TLM_OK_RESPONSE) {
    trans.set_response_status(access);
    return;
  }

  const Register& reg = register_map[index];
  uint8_t* data = trans.get_data_ptr();
  if (cmd == tlm::TLM_READ_COMMAND) {
    std::memset(data, 0, length);
    data[0] = (this->*reg.read)(false);
  } else {
    (this->*reg.write)(data[0]);
  }
  update_irq();
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int Uart16550::transport_dbg(tlm::tlm_generic_payload& trans) {
  // Debug reads see the registers without popping the FIFO or clearing
  // status; debug writes would transmit, so they are refused.
  if (trans.get_command() != tlm::TLM_READ_COMMAND) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return 0;
  }
  const uint64_t offset = trans.get_address();
  const uint64_t window = uint64_t{register_count} << reg_shift_;
  if (offset >= window) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  const uint64_t stride_mask = (uint64_t{1} << reg_shift_) - 1;
  const unsigned length = static_cast<unsigned>(std::min<uint64_t>(trans.get_data_length(), window - offset));
  uint8_t* data = trans.get_data_ptr();
  for (unsigned i = 0; i < length; ++i) {
    const uint64_t a = offset + i;
    data[i] = (a & stride_mask) == 0 ? (this->*register_map[a >> reg_shift_].read)(true) : 0;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return length;
}

void Uart16550::register_stats(StatsRegistry& stats) const {
  const std::string prefix = name();
  stats.add_counter(prefix + ".tx_bytes", &tx_bytes_, "bytes", "bytes written to THR");
  stats.add_counter(prefix + ".rx_bytes", &rx_bytes_, "bytes", "bytes received into the RX FIFO");
  stats.add_counter(prefix + ".rx_overruns", &rx_overruns_, "bytes", "bytes lost because the RX FIFO was full");
}

}  // namespace torpor
