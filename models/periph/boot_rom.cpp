#include "models/periph/boot_rom.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace torpor {

BootRom::BootRom(sc_core::sc_module_name name, std::vector<uint8_t> contents, uint64_t size)
    : sc_core::sc_module(name), socket("socket"), storage_(std::move(contents)) {
  if (size == 0) throw std::invalid_argument(std::string(this->name()) + ": ROM size must not be 0");
  if (storage_.size() > size) {
    throw std::invalid_argument(std::string(this->name()) + ": image of " + std::to_string(storage_.size()) +
                                " bytes does not fit a ROM of " + std::to_string(size) + " bytes");
  }
  storage_.resize(size, 0);

  socket.register_b_transport(this, &BootRom::b_transport);
  socket.register_transport_dbg(this, &BootRom::transport_dbg);
  socket.register_get_direct_mem_ptr(this, &BootRom::get_direct_mem_ptr);
}

void BootRom::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& /*delay*/) {
  const tlm::tlm_command cmd = trans.get_command();
  const uint64_t address = trans.get_address();
  const unsigned length = trans.get_data_length();
  const unsigned streaming_width = trans.get_streaming_width();
  const uint8_t* byte_enable = trans.get_byte_enable_ptr();
  const unsigned byte_enable_length = trans.get_byte_enable_length();
  const uint64_t rom_size = storage_.size();

  if (cmd == tlm::TLM_IGNORE_COMMAND) {
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  if (address >= rom_size || length > rom_size - address) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (cmd == tlm::TLM_WRITE_COMMAND) {
    ++writes_refused_;
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  if (length == 0 || (streaming_width != 0 && streaming_width < length)) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  if (byte_enable != nullptr && byte_enable_length == 0) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }

  const uint8_t* rom = storage_.data() + address;
  uint8_t* out = trans.get_data_ptr();
  if (byte_enable != nullptr) {
    // Only bytes whose enable is 0xFF are transferred (IEEE 1666-2011, byte
    // enable pointer attribute).
    for (unsigned i = 0; i < length; ++i) {
      if (byte_enable[i % byte_enable_length] == TLM_BYTE_ENABLED) out[i] = rom[i];
    }
  } else {
    std::memcpy(out, rom, length);
  }
  bytes_read_ += length;
  trans.set_dmi_allowed(true);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int BootRom::transport_dbg(tlm::tlm_generic_payload& trans) {
  const uint64_t address = trans.get_address();
  const uint64_t rom_size = storage_.size();
  if (address >= rom_size) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  const uint64_t available = rom_size - address;
  const unsigned length =
      trans.get_data_length() < available ? trans.get_data_length() : static_cast<unsigned>(available);
  switch (trans.get_command()) {
    case tlm::TLM_READ_COMMAND: std::memcpy(trans.get_data_ptr(), storage_.data() + address, length); break;
    // Debug writes are how a loader places firmware in the ROM.
    case tlm::TLM_WRITE_COMMAND: std::memcpy(storage_.data() + address, trans.get_data_ptr(), length); break;
    default: trans.set_response_status(tlm::TLM_OK_RESPONSE); return 0;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return length;
}

bool BootRom::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  if (trans.get_address() >= storage_.size()) return false;
  // Read-only access is granted even when write access was asked for; the
  // initiator must check is_write_allowed() (IEEE 1666-2011, DMI access
  // rules) and send its writes through b_transport, which refuses them.
  dmi.set_dmi_ptr(storage_.data());
  dmi.set_start_address(0);
  dmi.set_end_address(storage_.size() - 1);
  dmi.set_read_latency(sc_core::SC_ZERO_TIME);
  dmi.set_write_latency(sc_core::SC_ZERO_TIME);
  dmi.allow_read();
  return true;
}

void BootRom::register_stats(StatsRegistry& stats) const {
  const std::string prefix = name();
  stats.add_counter(prefix + ".bytes_read", &bytes_read_, "bytes", "bytes read through b_transport");
  stats.add_counter(prefix + ".writes_refused", &writes_refused_, "accesses",
                    "guest writes refused with a command error");
}

}  // namespace torpor
