// The test finisher of QEMU virt ("sifive,test0"): the guest writes one
// 32-bit word to end the run with pass, fail (with an exit code) or reset.
#pragma once
#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/sim_control.h"
#include "models/common/stats.h"

namespace torpor {

class TestDevice : public sc_core::sc_module {
 public:
  static constexpr uint64_t finisher_offset = 0x0;
  // Low 16 bits of the word written to the finisher register.
  static constexpr uint32_t finisher_fail = 0x3333;   // bits 31:16 = exit code
  static constexpr uint32_t finisher_pass = 0x5555;
  static constexpr uint32_t finisher_reset = 0x7777;

  tlm_utils::simple_target_socket<TestDevice> socket;

  TestDevice(sc_core::sc_module_name name, SimControl& control);

  void register_stats(StatsRegistry& stats) const;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  void finish(uint32_t value);

  SimControl& control_;
  bool warned_unknown_command_ = false;

  uint64_t stop_requests_ = 0;
  uint64_t unknown_commands_ = 0;
};

}  // namespace torpor
