// Host-target interface of Spike's bare-metal convention: the guest writes
// commands to a 64-bit `tohost` word (found by the ELF symbol) and reads
// answers from `fromhost`. Mapped by the router as an overlay on RAM, so the
// words are device registers while the rest of their page stays plain RAM.
//
//   tohost = (code << 1) | 1           exit with `code` (device 0, command 0)
//   tohost = 1 << 56 | 1 << 48 | ch    console putchar (device 1, command 1)
#pragma once
#include <cstdint>
#include <ostream>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/sim_control.h"
#include "models/common/stats.h"

namespace torpor {

class Htif : public sc_core::sc_module {
 public:
  static constexpr uint64_t tohost_offset = 0, fromhost_offset = 8, size = 16;

  tlm_utils::simple_target_socket<Htif> socket;

  Htif(sc_core::sc_module_name name, SimControl& control, std::ostream& console);

  void register_stats(StatsRegistry& stats) const;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool access(tlm::tlm_generic_payload& trans);
  void execute(uint64_t command);

  SimControl& control_;
  std::ostream& console_;
  uint64_t words_[2] = {0, 0};  // tohost, fromhost
  uint64_t commands_ = 0;
};

}  // namespace torpor
