// The reset-vector ROM: read-only to the guest. Loaders patch it through the
// debug interface (transport_dbg), the one way to change its contents.
#pragma once
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/stats.h"

namespace torpor {

class BootRom : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<BootRom> socket;

  // contents: the image at offset 0; the rest of size reads as zero.
  // Throws std::invalid_argument if contents is larger than size.
  BootRom(sc_core::sc_module_name name, std::vector<uint8_t> contents, uint64_t size);

  uint64_t size() const { return storage_.size(); }

  void register_stats(StatsRegistry& stats) const;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);

  std::vector<uint8_t> storage_;

  uint64_t bytes_read_ = 0;
  uint64_t writes_refused_ = 0;
};

}  // namespace torpor
