#include "platform/bench_report.h"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "platform/elf_loader.h"
#include "platform/json_text.h"

namespace torpor {

ScratchDisk::ScratchDisk(const std::string& prefix) {
  std::string name = "/tmp/" + prefix + "-XXXXXX";
  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw LoadError("cannot create a temporary disk image in /tmp");
  ::close(fd);
  path_ = name;
}

ScratchDisk::~ScratchDisk() { ::unlink(path_.c_str()); }

std::vector<PhaseRow> resume_phase_rows(const Soc& soc, const PhaseRecord& end, uint64_t rom_phase_id) {
  const BootRecord& boot = soc.boots()[end.boot];
  std::vector<PhaseRow> rows;
  uint64_t prev_id = rom_phase_id, prev_instr = boot.start_instructions, prev_read = boot.start_storage_read;
  core::CpiStack prev_cpi = boot.start_cpi;
  double prev_t = boot.start.to_seconds();
  bool first = true;
  for (const PhaseRecord& p : soc.phases()) {
    if (p.boot != end.boot) continue;
    const bool rom_mark = first && p.id == rom_phase_id;
    first = false;
    if (!rom_mark && (p.id != prev_id || p.time.to_seconds() > prev_t))
      rows.push_back({prev_id, p.time.to_seconds() - prev_t, p.instructions - prev_instr, p.storage_read - prev_read,
                      p.cpi.since(prev_cpi)});
    prev_id = rom_mark ? rom_phase_id : p.id;
    if (!rom_mark) {
      prev_t = p.time.to_seconds();
      prev_instr = p.instructions;
      prev_read = p.storage_read;
      prev_cpi = p.cpi;
    }
    if (&p == &end) break;
  }
  return rows;
}

namespace {

// Where each phase's core cycles went, in % of its cycles: the classes that
// matter anywhere in the resume get a column (the rest: "other").
void print_cpi_stacks(const std::vector<PhaseRow>& rows, const std::function<std::string(uint64_t)>& phase_name) {
  using core::CycleClass;
  core::CpiStack all;
  for (const PhaseRow& r : rows)
    for (unsigned c = 0; c < unsigned(CycleClass::count); ++c) all.cycles[c] += r.cpi.cycles[c];
  if (all.total() == 0 || all[CycleClass::functional] == all.total()) return;  // nothing timed
  std::vector<unsigned> shown;
  for (unsigned c = 0; c < unsigned(CycleClass::count); ++c)
    if (all.cycles[c] * 100 >= all.total()) shown.push_back(c);  // at least 1 % of the resume
  std::string header = fmt::format("{:<22} {:>13} {:>6} {:>6}", "cycles by class (%)", "cycles", "CPI", "dual");
  for (unsigned c : shown) header += fmt::format(" {:>13}", core::to_string(CycleClass(c)));
  std::cout << "\n" << header << fmt::format(" {:>6}\n", "other");
  for (const PhaseRow& r : rows) {
    const uint64_t cycles = r.cpi.total();
    if (cycles == 0) continue;
    const uint64_t issue = r.cpi[CycleClass::issue];
    std::string line = fmt::format("{:<22} {:>13} {:>6} {:>6}", phase_name(r.id), cycles,
                                   r.instructions ? fmt::format("{:.2f}", double(cycles) / double(r.instructions)) : "",
                                   issue ? fmt::format("{:.0f}%", 100.0 * double(r.cpi.dual_issue) / double(issue)) : "");
    uint64_t rest = cycles;
    for (unsigned c : shown) {
      line += fmt::format(" {:>13.1f}", 100.0 * double(r.cpi.cycles[c]) / double(cycles));
      rest -= r.cpi.cycles[c];
    }
    std::cout << line << fmt::format(" {:>6.1f}\n", 100.0 * double(rest) / double(cycles));
  }
}

}  // namespace

void print_phase_table(const std::vector<PhaseRow>& rows, double total, double peak,
                       const std::function<std::string(uint64_t)>& phase_name, const std::string& total_means,
                       nlohmann::json& j) {
  std::cout << fmt::format("{:<22} {:>12} {:>8} {:>14} {:>12} {:>16}\n", "phase", "time (ms)", "share",
                           "instructions", "read (MiB)", "read bandwidth");
  for (const PhaseRow& r : rows) {
    const std::string bw = r.storage_read && r.seconds > 0
                               ? fmt::format("{:.0f} MB/s ({:.0f}%)", r.storage_read / r.seconds / 1e6,
                                             100.0 * r.storage_read / r.seconds / 1e6 / peak)
                               : "";
    std::cout << fmt::format("{:<22} {:>12.3f} {:>7.1f}% {:>14} {:>12.2f} {:>16}\n", phase_name(r.id),
                             r.seconds * 1e3, 100.0 * r.seconds / total, r.instructions, r.storage_read / 1048576.0,
                             bw);
    nlohmann::json stack;
    for (unsigned c = 0; c < unsigned(core::CycleClass::count); ++c)
      stack[core::to_string(core::CycleClass(c))] = r.cpi.cycles[c];
    j["resume_phases"].push_back({{"phase", phase_name(r.id)}, {"seconds", r.seconds},
                                  {"share", r.seconds / total}, {"instructions", r.instructions},
                                  {"storage_read_bytes", r.storage_read}, {"cycles", r.cpi.total()},
                                  {"dual_issue_cycles", r.cpi.dual_issue}, {"cpi_stack", stack}});
  }
  std::cout << fmt::format("{:<22} {:>12.3f}   ({})\n", "time to resume", total * 1e3, total_means);
  j["time_to_resume_seconds"] = total;
  print_cpi_stacks(rows, phase_name);
}

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

void write_outputs(const Soc& soc, bool stats, const std::string& json_path, nlohmann::json& j) {
  for (const auto& s : soc.stats().snapshot()) {
    if (stats) std::cerr << fmt::format("{:<36} {:>16.3f} {:<13} {}\n", s.name, s.value, s.unit, s.description);
    j["stats"][s.name] = s.value;  // every statistic of the whole run, for sweeps and scripts
  }
  if (json_path.empty()) return;
  std::ofstream out(json_path);
  if (!out) throw ConfigError(fmt::format("{}: cannot write the results file", json_path));
  out << json_text(j) << "\n";
}

}  // namespace torpor
