// What the two time-to-resume benchmarks (bench.cpp: our hibernation
// kernel; linux_bench.cpp: real Linux) share: a private scratch disk, the
// JSON of boots and phases, the failure report and the output files.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/soc.h"

namespace torpor {

// A temporary disk image in /tmp, deleted when this goes out of scope.
class ScratchDisk {
 public:
  explicit ScratchDisk(const std::string& prefix);
  ~ScratchDisk();
  ScratchDisk(const ScratchDisk&) = delete;
  ScratchDisk& operator=(const ScratchDisk&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The resume boot phase by phase: from reset release (the span before the
// boot ROM's own mark is the ROM's too) to `end`, one row per span between
// consecutive marks, each named by the mark that opened it.
struct PhaseRow {
  uint64_t id;
  double seconds;
  uint64_t instructions, storage_read;
  core::CpiStack cpi;  // where the phase's core cycles went
};
std::vector<PhaseRow> resume_phase_rows(const Soc& soc, const PhaseRecord& end, uint64_t rom_phase_id);

// Prints the phase table (time, share, instructions, bytes read, read
// bandwidth against the storage profile's peak), the time to resume, and
// where each phase's core cycles went (the CPI stack, for timed phases);
// adds "resume_phases" (with "cpi_stack") and "time_to_resume_seconds" to j.
void print_phase_table(const std::vector<PhaseRow>& rows, double time_to_resume, double peak_mb_per_s,
                       const std::function<std::string(uint64_t)>& phase_name, const std::string& total_means,
                       nlohmann::json& j);

// "boots" and "phases" arrays of the results JSON.
void add_boots_and_phases(nlohmann::json& j, const Soc& soc, const std::function<std::string(uint64_t)>& phase_name);
// Every boot on stderr, after `headline` (the run did not resume).
void report_boots(const Soc& soc, const std::string& headline);
// Adds every statistic to j ("stats"), prints them with --stats, and writes
// --json to a file (ConfigError when it cannot be written).
void write_outputs(const Soc& soc, bool stats, const std::string& json_path, nlohmann::json& j);

}  // namespace torpor
