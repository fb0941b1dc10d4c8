// What the two time-to-resume benchmarks (bench.cpp: our hibernation
// kernel; linux_bench.cpp: real Linux) share: a private scratch disk, the
// JSON of boots and phases, the failure report and the output files.
#pragma once
#include <functional>
#include <string>

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

// "boots" and "phases" arrays of the results JSON.
void add_boots_and_phases(nlohmann::json& j, const Soc& soc, const std::function<std::string(uint64_t)>& phase_name);
// Every boot on stderr, after `headline` (the run did not resume).
void report_boots(const Soc& soc, const std::string& headline);
// --stats to stderr and --json to a file (ConfigError when it cannot be written).
void write_outputs(const Soc& soc, bool stats, const std::string& json_path, const nlohmann::json& j);

}  // namespace torpor
