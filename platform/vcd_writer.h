// A VCD waveform writer for GTKWave, limited to a window of guest phases so
// traces stay small: it opens when the guest marks `from_phase` (0: at
// start) and closes when it marks `to_phase` (0: at the end). Each probe is
// a signal (or anything with a change event) sampled when it changes.
#pragma once
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <systemc>

namespace torpor {

struct VcdProbe {
  std::string scope;             // e.g. "core"
  std::string name;              // e.g. "privilege"
  unsigned width;                // bits
  const sc_core::sc_event* changed;
  std::function<uint64_t()> read;
};

class VcdWriter : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(VcdWriter);
  // The probe reading the phase id decides the window; it must be probes[0].
  // boot: only trace during this boot of a power-cycled run (boot_index()
  // tells the current one); ~0: any boot.
  VcdWriter(sc_core::sc_module_name name, const std::string& path, std::vector<VcdProbe> probes, uint64_t from_phase,
            uint64_t to_phase, uint64_t boot = ~0ull, std::function<uint64_t()> boot_index = {});
  ~VcdWriter() override;

 private:
  void sample();
  void write_header();
  void write_value(size_t i, uint64_t value);

  std::ofstream out_;
  std::vector<VcdProbe> probes_;
  std::vector<uint64_t> last_;
  std::vector<bool> written_;
  uint64_t from_phase_, to_phase_;
  uint64_t boot_;
  std::function<uint64_t()> boot_index_;
  bool open_ = false, closed_ = false;
  uint64_t last_time_ps_ = ~0ull;
};

}  // namespace torpor
