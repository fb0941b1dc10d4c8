#include "models/dram/dram.h"

#include "models/common/timing_only.h"

namespace torpor {

Dram::Dram(sc_core::sc_module_name name, uint64_t size_bytes, uint8_t fill_byte, const dram::DramTiming& timing)
    : sc_module(name),
      socket("socket"),
      storage_("storage", size_bytes, fill_byte),
      storage_port_("storage_port"),
      controller_(std::string(this->name()) + ".controller", timing) {
  socket.register_b_transport(this, &Dram::b_transport);
  socket.register_transport_dbg(this, &Dram::transport_dbg);
  socket.register_get_direct_mem_ptr(this, &Dram::get_direct_mem_ptr);
  storage_port_.register_invalidate_direct_mem_ptr(this, &Dram::invalidate_direct_mem_ptr);
  storage_port_.bind(storage_.socket);
}

void Dram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t arrival_ps = (sc_core::sc_time_stamp() + delay).value();
  const uint64_t address = trans.get_address();
  const uint64_t length = trans.get_data_length();
  if (address >= storage_.size() || length > storage_.size() - address) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  bool write = trans.is_write();
  if (trans.get_command() == tlm::TLM_IGNORE_COMMAND) {
    const TimingOnly* timing_only = nullptr;
    trans.get_extension(timing_only);
    if (timing_only) write = timing_only->write;
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
  } else {
    storage_port_->b_transport(trans, delay);
    if (!trans.is_response_ok()) return;
  }
  const uint64_t done_ps = controller_.access_range(address, length, write, arrival_ps);
  delay += sc_core::sc_time::from_value(done_ps - arrival_ps);
  trans.set_dmi_allowed(true);
  activity_event_.notify(sc_core::SC_ZERO_TIME);
}

unsigned Dram::transport_dbg(tlm::tlm_generic_payload& trans) { return storage_port_->transport_dbg(trans); }

bool Dram::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  return storage_port_->get_direct_mem_ptr(trans, dmi);
}

void Dram::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
  socket->invalidate_direct_mem_ptr(start, end);
}

void Dram::register_stats(StatsRegistry& stats) const {
  storage_.register_stats(stats);
  controller_.register_stats(stats);
}

}  // namespace torpor
