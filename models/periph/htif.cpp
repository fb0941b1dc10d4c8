#include "models/periph/htif.h"

#include <cstring>

#include <fmt/format.h>

namespace torpor {

Htif::Htif(sc_core::sc_module_name name, SimControl& control, std::ostream& console)
    : sc_module(name), socket("socket"), control_(control), console_(console) {
  socket.register_b_transport(this, &Htif::b_transport);
  socket.register_transport_dbg(this, &Htif::transport_dbg);
}

bool Htif::access(tlm::tlm_generic_payload& trans) {
  const uint64_t offset = trans.get_address();
  const unsigned length = trans.get_data_length();
  if (offset + length > size || length == 0 || trans.get_byte_enable_ptr()) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  auto* bytes = reinterpret_cast<uint8_t*>(words_);
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), bytes + offset, length);
  else std::memcpy(bytes + offset, trans.get_data_ptr(), length);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return true;
}

void Htif::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  if (!access(trans) || !trans.is_write()) return;
  // Act once a write has touched tohost and left it non-zero.
  if (trans.get_address() < fromhost_offset && words_[0] != 0) execute(words_[0]);
}

unsigned int Htif::transport_dbg(tlm::tlm_generic_payload& trans) {
  return access(trans) ? trans.get_data_length() : 0;
}

void Htif::execute(uint64_t command) {
  ++commands_;
  const unsigned device = unsigned(command >> 56);
  const unsigned cmd = unsigned(command >> 48) & 0xFF;
  const uint64_t payload = command & ((1ull << 48) - 1);
  if (device == 0 && cmd == 0 && (payload & 1)) {
    const int code = int(payload >> 1);
    if (code == 0) control_.request_stop(StopReason::guest_poweroff, 0, "HTIF exit 0 (pass)");
    else control_.request_stop(StopReason::guest_fail, code, fmt::format("HTIF exit code {} (fail)", code));
    return;
  }
  if (device == 1 && cmd == 1) {  // console output, acknowledged at once
    console_.put(char(payload & 0xFF));
    if ((payload & 0xFF) == '\n') console_.flush();
    words_[0] = 0;
    words_[1] = (uint64_t(device) << 56) | (uint64_t(cmd) << 48);
    return;
  }
  if (device == 1 && cmd == 0) {  // console read request: no input, answer at once
    words_[0] = 0;
    return;
  }
  control_.request_stop(StopReason::simulator_error, 2,
                        fmt::format("unsupported HTIF command 0x{:016x} (device {}, command {}); only exit and "
                                    "console output are implemented",
                                    command, device, cmd));
}

void Htif::register_stats(StatsRegistry& stats) const {
  stats.add_counter(std::string(name()) + ".commands", &commands_, "commands", "tohost commands executed");
}

}  // namespace torpor
