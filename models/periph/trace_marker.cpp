#include "models/periph/trace_marker.h"
#include "models/common/register_access.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace torpor {

namespace {
// Enough for the phases of any ordinary run; more only cost a regrowth.
constexpr size_t expected_marks = 1024;
}  // namespace

TraceMarker::TraceMarker(sc_core::sc_module_name name)
    : sc_core::sc_module(name), socket("socket"), phase("phase", 0) {
  marks_.reserve(expected_marks);
  socket.register_b_transport(this, &TraceMarker::b_transport);
  socket.register_transport_dbg(this, &TraceMarker::transport_dbg);

  SC_METHOD(drive_phase);
  sensitive << phase_changed_event_;
  dont_initialize();
}

void TraceMarker::drive_phase() { phase.write(current_phase_); }

void TraceMarker::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const tlm::tlm_command cmd = trans.get_command();
  const unsigned length = trans.get_data_length();
  if (cmd == tlm::TLM_IGNORE_COMMAND) {
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  if (trans.get_address() != phase_offset) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (const auto access = check_register_access(trans, length == 4 || length == 8); access != tlm::TLM_OK_RESPONSE) {
    trans.set_response_status(access);
    return;
  }
  // Data is in host byte order; host and guest are both little-endian.
  if (cmd == tlm::TLM_READ_COMMAND) {
    std::memcpy(trans.get_data_ptr(), &current_phase_, length);
  } else {
    uint64_t id = 0;
    std::memcpy(&id, trans.get_data_ptr(), length);
    current_phase_ = id;
    marks_.push_back({id, sc_core::sc_time_stamp() + delay});
    ++mark_count_;
    phase_changed_event_.notify(delay);  // the line changes at the writer's (decoupled) time
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int TraceMarker::transport_dbg(tlm::tlm_generic_payload& trans) {
  // Debug reads see the current id; a debug write would invent a phase.
  if (trans.get_command() != tlm::TLM_READ_COMMAND) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return 0;
  }
  const uint64_t address = trans.get_address();
  if (address - phase_offset >= 8) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  const unsigned start = static_cast<unsigned>(address - phase_offset);
  const unsigned length = std::min(trans.get_data_length(), 8u - start);
  std::memcpy(trans.get_data_ptr(), reinterpret_cast<const uint8_t*>(&current_phase_) + start, length);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return length;
}

void TraceMarker::register_stats(StatsRegistry& stats) const {
  const std::string prefix = name();
  stats.add_counter(prefix + ".marks", &mark_count_, "marks", "phase ids written by the guest");
}

}  // namespace torpor
