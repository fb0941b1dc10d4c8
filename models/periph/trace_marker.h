// A register the guest writes a phase id to ("boot done", "benchmark
// start"...), so a run can be cut into phases by simulated time: each write
// is recorded with its time and drives the `phase` signal for waveforms.
#pragma once
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/stats.h"

namespace torpor {

struct PhaseMark {
  uint64_t id;
  sc_core::sc_time time;  // simulated time of the guest's write
};

class TraceMarker : public sc_core::sc_module {
 public:
  static constexpr uint64_t phase_offset = 0x0;  // 32- or 64-bit phase id

  tlm_utils::simple_target_socket<TraceMarker> socket;
  sc_core::sc_signal<uint64_t> phase;  // the last id written

  explicit TraceMarker(sc_core::sc_module_name name);
  SC_HAS_PROCESS(TraceMarker);

  const std::vector<PhaseMark>& marks() const { return marks_; }
  uint64_t current_phase() const { return current_phase_; }

  void register_stats(StatsRegistry& stats) const;
  // Power-on state: phase 0. The recorded marks are kept (a run's timeline
  // spans its power cycles).
  void reset() {
    current_phase_ = 0;
    phase_changed_event_.notify(sc_core::SC_ZERO_TIME);
  }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  // The one process that writes `phase`: the guest's writes come from
  // any initiator's process, a signal takes one writer.
  void drive_phase();

  std::vector<PhaseMark> marks_;
  uint64_t current_phase_ = 0;
  sc_core::sc_event phase_changed_event_;

  uint64_t mark_count_ = 0;
};

}  // namespace torpor
