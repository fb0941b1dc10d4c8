#include "platform/bench_report.h"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "platform/elf_loader.h"

namespace torpor {

ScratchDisk::ScratchDisk(const std::string& prefix) {
  std::string name = "/tmp/" + prefix + "-XXXXXX";
  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw LoadError("cannot create a temporary disk image in /tmp");
  ::close(fd);
  path_ = name;
}

ScratchDisk::~ScratchDisk() { ::unlink(path_.c_str()); }

void add_boots_and_phases(nlohmann::json& j, const Soc& soc, const std::function<std::string(uint64_t)>& phase_name) {
  for (const BootRecord& b : soc.boots())
    j["boots"].push_back({{"start_seconds", b.start.to_seconds()}, {"end_seconds", b.end.to_seconds()},
                          {"instructions", b.instructions}, {"ended_by", b.ended_by},
                          {"host_seconds", b.host_seconds}});
  for (const PhaseRecord& p : soc.phases())
    j["phases"].push_back({{"boot", p.boot}, {"id", p.id}, {"name", phase_name(p.id)},
                           {"seconds", p.time.to_seconds()}, {"instructions", p.instructions},
                           {"storage_read_bytes", p.storage_read}, {"storage_written_bytes", p.storage_written}});
}

void report_boots(const Soc& soc, const std::string& headline) {
  std::cerr << headline << "; boots:\n";
  for (const BootRecord& b : soc.boots())
    std::cerr << fmt::format("  {:.6f} s to {:.6f} s, {} instructions, ended by {}\n", b.start.to_seconds(),
                             b.end.to_seconds(), b.instructions, b.ended_by);
  if (const auto& stop = soc.stop_record()) std::cerr << "  the run ended: " << stop->message << "\n";
}

void write_outputs(const Soc& soc, bool stats, const std::string& json_path, const nlohmann::json& j) {
  if (stats)
    for (const auto& s : soc.stats().snapshot())
      std::cerr << fmt::format("{:<36} {:>16.3f} {:<13} {}\n", s.name, s.value, s.unit, s.description);
  if (json_path.empty()) return;
  std::ofstream out(json_path);
  if (!out) throw ConfigError(fmt::format("{}: cannot write the results file", json_path));
  out << j.dump(2) << "\n";
}

}  // namespace torpor
