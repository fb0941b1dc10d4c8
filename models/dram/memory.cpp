#include "models/dram/memory.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace torpor {

namespace {

// The TLM-2.0 byte-enable rule (IEEE 1666-2011, byte enable pointer
// attribute): byte i of the data array is transferred iff
// byte_enable[i % byte_enable_length] is 0xFF; the pattern repeats.
void copy_enabled(uint8_t* dst, const uint8_t* src, unsigned length, const uint8_t* byte_enable,
                  unsigned byte_enable_length) {
  for (unsigned i = 0; i < length; ++i) {
    if (byte_enable[i % byte_enable_length] == TLM_BYTE_ENABLED) dst[i] = src[i];
  }
}

}  // namespace

Memory::Memory(sc_core::sc_module_name name, uint64_t size_bytes, uint8_t fill_byte)
    : sc_core::sc_module(name), socket("socket"), size_bytes_(size_bytes) {
  if (size_bytes_ == 0) throw std::invalid_argument(std::string(this->name()) + ": memory size must not be 0");
  void* p = mmap(nullptr, size_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    throw std::runtime_error(std::string(this->name()) + ": cannot map " + std::to_string(size_bytes_) +
                             " bytes: " + std::strerror(errno));
  }
  storage_ = static_cast<uint8_t*>(p);
  // Anonymous pages read as zero; any other fill touches every page.
  if (fill_byte != 0) std::memset(storage_, fill_byte, size_bytes_);

  socket.register_b_transport(this, &Memory::b_transport);
  socket.register_transport_dbg(this, &Memory::transport_dbg);
  socket.register_get_direct_mem_ptr(this, &Memory::get_direct_mem_ptr);
}

Memory::~Memory() { munmap(storage_, size_bytes_); }

void Memory::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& /*delay*/) {
  const tlm::tlm_command cmd = trans.get_command();
  const uint64_t address = trans.get_address();
  const unsigned length = trans.get_data_length();
  const unsigned streaming_width = trans.get_streaming_width();
  const uint8_t* byte_enable = trans.get_byte_enable_ptr();
  const unsigned byte_enable_length = trans.get_byte_enable_length();

  if (cmd == tlm::TLM_IGNORE_COMMAND) {
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  if (address >= size_bytes_ || length > size_bytes_ - address) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  // Streaming (a FIFO-like window narrower than the data) makes no sense
  // for RAM; a width of 0 is tolerated as "not set".
  if (length == 0 || (streaming_width != 0 && streaming_width < length)) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  if (byte_enable != nullptr && byte_enable_length == 0) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }

  uint8_t* mem = storage_ + address;
  if (cmd == tlm::TLM_READ_COMMAND) {
    if (byte_enable != nullptr) {
      copy_enabled(trans.get_data_ptr(), mem, length, byte_enable, byte_enable_length);
    } else {
      std::memcpy(trans.get_data_ptr(), mem, length);
    }
    bytes_read_ += length;
  } else {
    if (byte_enable != nullptr) {
      copy_enabled(mem, trans.get_data_ptr(), length, byte_enable, byte_enable_length);
    } else {
      std::memcpy(mem, trans.get_data_ptr(), length);
    }
    bytes_written_ += length;
  }
  trans.set_dmi_allowed(true);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int Memory::transport_dbg(tlm::tlm_generic_payload& trans) {
  const uint64_t address = trans.get_address();
  if (address >= size_bytes_) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  // A debug access past the end is cut short, not refused: transport_dbg
  // returns how many bytes it transferred (IEEE 1666-2011, debug transport).
  const uint64_t available = size_bytes_ - address;
  const unsigned length =
      trans.get_data_length() < available ? trans.get_data_length() : static_cast<unsigned>(available);
  switch (trans.get_command()) {
    case tlm::TLM_READ_COMMAND: std::memcpy(trans.get_data_ptr(), storage_ + address, length); break;
    case tlm::TLM_WRITE_COMMAND: std::memcpy(storage_ + address, trans.get_data_ptr(), length); break;
    default: trans.set_response_status(tlm::TLM_OK_RESPONSE); return 0;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return length;
}

bool Memory::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  if (trans.get_address() >= size_bytes_) return false;
  dmi.set_dmi_ptr(storage_);
  dmi.set_start_address(0);
  dmi.set_end_address(size_bytes_ - 1);
  dmi.set_read_latency(sc_core::SC_ZERO_TIME);
  dmi.set_write_latency(sc_core::SC_ZERO_TIME);
  dmi.allow_read_write();
  return true;
}

void Memory::register_stats(StatsRegistry& stats) const {
  const std::string prefix = name();
  stats.add_counter(prefix + ".bytes_read", &bytes_read_, "bytes", "bytes read through b_transport");
  stats.add_counter(prefix + ".bytes_written", &bytes_written_, "bytes", "bytes written through b_transport");
}

}  // namespace torpor
