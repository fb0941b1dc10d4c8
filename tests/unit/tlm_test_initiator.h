// A TLM-2.0 initiator for unit tests: bind its socket to a target, give it
// the test body with run(), then sc_start(). The body runs in this module's
// thread, so it may wait() and calls b_transport like a core would.
//
//   TlmTestInitiator cpu("cpu");
//   cpu.socket.bind(uart.socket);
//   cpu.run([&] { EXPECT_EQ(cpu.write8(0x7, 0x5a), tlm::TLM_OK_RESPONSE); });
//   sc_core::sc_start();
#pragma once
#include <cstdint>
#include <cstring>
#include <functional>
#include <utility>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace torpor::test {

class TlmTestInitiator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<TlmTestInitiator> socket;

  explicit TlmTestInitiator(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket") {
    SC_THREAD(thread);
  }
  SC_HAS_PROCESS(TlmTestInitiator);

  // The test body, run once when the simulation starts.
  void run(std::function<void()> body) { body_ = std::move(body); }
  // True once the body has returned: check it after sc_start(), so a body
  // that never ran or got stuck in a wait() cannot pass silently.
  bool finished() const { return finished_; }

  // Delay annotation passed with each b_transport: the initiator's local
  // time offset ahead of sc_time_stamp() (temporal decoupling).
  void set_local_offset(const sc_core::sc_time& offset) { local_offset_ = offset; }
  // Delay as returned by the target on the last call.
  const sc_core::sc_time& last_delay() const { return last_delay_; }
  tlm::tlm_response_status last_status() const { return last_status_; }

  // b_transport of `length` bytes; for reads, `data` receives the bytes.
  tlm::tlm_response_status access(tlm::tlm_command command, uint64_t address, void* data, unsigned length) {
    tlm::tlm_generic_payload trans;
    trans.set_command(command);
    trans.set_address(address);
    trans.set_data_ptr(static_cast<unsigned char*>(data));
    trans.set_data_length(length);
    trans.set_streaming_width(length);
    trans.set_byte_enable_ptr(nullptr);
    trans.set_dmi_allowed(false);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    return transport(trans);
  }

  // b_transport of a payload the test set up itself (byte enables,
  // streaming width...). Records status and returned delay.
  tlm::tlm_response_status transport(tlm::tlm_generic_payload& trans) {
    sc_core::sc_time delay = local_offset_;
    socket->b_transport(trans, delay);
    last_delay_ = delay;
    last_status_ = trans.get_response_status();
    return last_status_;
  }

  template <typename T>
  tlm::tlm_response_status write(uint64_t address, T value) {
    return access(tlm::TLM_WRITE_COMMAND, address, &value, sizeof(T));
  }
  // Reads a value; last_status() tells whether the read succeeded (the
  // value is 0 if it did not).
  template <typename T>
  T read(uint64_t address) {
    T value{};
    if (access(tlm::TLM_READ_COMMAND, address, &value, sizeof(T)) != tlm::TLM_OK_RESPONSE) value = T{};
    return value;
  }

  tlm::tlm_response_status write8(uint64_t address, uint8_t value) { return write(address, value); }
  tlm::tlm_response_status write16(uint64_t address, uint16_t value) { return write(address, value); }
  tlm::tlm_response_status write32(uint64_t address, uint32_t value) { return write(address, value); }
  tlm::tlm_response_status write64(uint64_t address, uint64_t value) { return write(address, value); }
  uint8_t read8(uint64_t address) { return read<uint8_t>(address); }
  uint16_t read16(uint64_t address) { return read<uint16_t>(address); }
  uint32_t read32(uint64_t address) { return read<uint32_t>(address); }
  uint64_t read64(uint64_t address) { return read<uint64_t>(address); }

  // transport_dbg; returns the number of bytes the target transferred.
  unsigned debug_access(tlm::tlm_command command, uint64_t address, void* data, unsigned length) {
    tlm::tlm_generic_payload trans;
    trans.set_command(command);
    trans.set_address(address);
    trans.set_data_ptr(static_cast<unsigned char*>(data));
    trans.set_data_length(length);
    return socket->transport_dbg(trans);
  }
  unsigned debug_read(uint64_t address, void* data, unsigned length) {
    return debug_access(tlm::TLM_READ_COMMAND, address, data, length);
  }
  unsigned debug_write(uint64_t address, const void* data, unsigned length) {
    return debug_access(tlm::TLM_WRITE_COMMAND, address, const_cast<void*>(data), length);
  }

  // get_direct_mem_ptr for a read (or write) at address; true if granted.
  bool get_dmi(uint64_t address, bool for_write, tlm::tlm_dmi& dmi) {
    tlm::tlm_generic_payload trans;
    trans.set_command(for_write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    trans.set_address(address);
    return socket->get_direct_mem_ptr(trans, dmi);
  }

 private:
  void thread() {
    if (body_) body_();
    finished_ = true;
  }

  std::function<void()> body_;
  bool finished_ = false;
  sc_core::sc_time local_offset_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time last_delay_ = sc_core::SC_ZERO_TIME;
  tlm::tlm_response_status last_status_ = tlm::TLM_INCOMPLETE_RESPONSE;
};

}  // namespace torpor::test
