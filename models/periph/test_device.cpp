#include "models/periph/test_device.h"
#include "models/common/register_access.h"

#include <algorithm>
#include <cstring>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace torpor {

TestDevice::TestDevice(sc_core::sc_module_name name, SimControl& control)
    : sc_core::sc_module(name), socket("socket"), control_(control) {
  socket.register_b_transport(this, &TestDevice::b_transport);
  socket.register_transport_dbg(this, &TestDevice::transport_dbg);
}

void TestDevice::finish(uint32_t value) {
  const uint32_t command = value & 0xFFFF;
  switch (command) {
    case finisher_pass:
      ++stop_requests_;
      control_.request_stop(StopReason::guest_poweroff, 0, "guest poweroff");
      return;
    case finisher_fail: {
      ++stop_requests_;
      const int code = static_cast<int>(value >> 16);
      control_.request_stop(StopReason::guest_fail, code, fmt::format("guest failure, exit code {}", code));
      return;
    }
    case finisher_reset:
      ++stop_requests_;
      control_.request_stop(StopReason::guest_reset, 0, "guest reset");
      return;
    default:
      // QEMU ignores other values too; say so once, a guest in a loop would
      // flood the log.
      ++unknown_commands_;
      if (!warned_unknown_command_) {
        warned_unknown_command_ = true;
        spdlog::warn("{}: ignoring unknown finisher command {:#x}", name(), value);
      }
      return;
  }
}

void TestDevice::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& /*delay*/) {
  const tlm::tlm_command cmd = trans.get_command();
  const unsigned length = trans.get_data_length();
  if (cmd == tlm::TLM_IGNORE_COMMAND) {
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  if (trans.get_address() != finisher_offset) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  // 32-bit accesses, or 16-bit ones to the command half (OpenSBI's sifive_test driver uses writew).
  if (const auto access = check_register_access(trans, length == 4 || length == 2); access != tlm::TLM_OK_RESPONSE) {
    trans.set_response_status(access);
    return;
  }
  if (cmd == tlm::TLM_READ_COMMAND) {
    std::memset(trans.get_data_ptr(), 0, length);
  } else {
    uint32_t value = 0;
    std::memcpy(&value, trans.get_data_ptr(), length);  // host and guest are little-endian
    finish(value);
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int TestDevice::transport_dbg(tlm::tlm_generic_payload& trans) {
  // A debugger must not end the run by accident: debug writes are refused.
  if (trans.get_command() != tlm::TLM_READ_COMMAND) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return 0;
  }
  if (trans.get_address() >= finisher_offset + 4) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  const unsigned length =
      std::min<unsigned>(trans.get_data_length(), static_cast<unsigned>(finisher_offset + 4 - trans.get_address()));
  std::memset(trans.get_data_ptr(), 0, length);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return length;
}

void TestDevice::register_stats(StatsRegistry& stats) const {
  const std::string prefix = name();
  stats.add_counter(prefix + ".stop_requests", &stop_requests_, "requests",
                    "pass, fail or reset commands written by the guest");
  stats.add_counter(prefix + ".unknown_commands", &unknown_commands_, "writes",
                    "writes with no finisher command in bits 15:0 (ignored)");
}

}  // namespace torpor
