#include "platform/linux_bench.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <systemc>

#include "platform/bench_report.h"
#include "platform/boot_watchdog.h"
#include "platform/elf_loader.h"
#include "platform/input_file.h"
#include "platform/linux_disk.h"
#include "platform/progress.h"
#include "platform/scratch_cleanup.h"
#include "platform/soc.h"

extern "C" {
#include "sw/boot/boot_format.h"
}

namespace torpor {

namespace {

// Where a phase starts: the first execution, in a boot, of a kernel function
// (System.map), of an address (the firmware's and the kernel's entry), or a
// console line "torpor-phase: NAME" of our init (sw/linux/init.c).
struct LinuxPhase {
  uint64_t id;
  const char* name;
  const char* symbol;   // kernel function, or nullptr
  const char* marker;   // init's console marker, or nullptr
};

enum : uint64_t { firmware_entry = 100, kernel_entry = 101, resumed_id = 112 };

const std::vector<LinuxPhase>& linux_phases() {
  static const std::vector<LinuxPhase> phases = {
      {PHASE_BOOT_ROM, "boot ROM", nullptr, nullptr},
      {PHASE_LOAD_NEXT_STAGE, "firmware+kernel load", nullptr, nullptr},
      {firmware_entry, "OpenSBI", nullptr, nullptr},
      {kernel_entry, "kernel early boot", nullptr, nullptr},
      {102, "kernel init", "start_kernel", nullptr},
      {103, "init", nullptr, "init"},
      {104, "resume request", nullptr, "resume-check"},
      {105, "image check, freeze", "software_resume", nullptr},
      {106, "image read + LZO", "swsusp_read", nullptr},
      {107, "device suspend", "hibernation_restore", nullptr},
      {108, "page-table build", "swsusp_arch_resume", nullptr},
      {109, "copy loop", "hibernate_restore_image", nullptr},
      {110, "device resume, thaw", "__hibernate_cpu_resume", nullptr},
      {resumed_id, "resumed", nullptr, "resumed"},
      {120, "fresh boot", nullptr, "fresh-boot"},
      {121, "hibernate", nullptr, "hibernate"},
      {122, "snapshot", "swsusp_arch_suspend", nullptr},
      {123, "image write", "swsusp_write", nullptr},
  };
  return phases;
}

const char* linux_phase_name(uint64_t id) {
  for (const LinuxPhase& p : linux_phases())
    if (p.id == id) return p.name;
  return "?";
}

// System.map lines are "ADDRESS TYPE NAME", the address in hex; every line
// is checked, so a damaged file is reported where it is damaged. A real
// one is a few MiB: the limit keeps a wrong file from being read whole.
std::map<std::string, uint64_t> read_system_map(const std::string& path) {
  check_input_file(path, "the kernel's System.map", 256u << 20);
  std::ifstream in(path);
  if (!in) throw LoadError(fmt::format("{}: cannot open the kernel's System.map", path));
  std::map<std::string, uint64_t> symbols;
  std::string line;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string word; fields >> word;) f.push_back(word);
    if (f.empty()) continue;
    if (f.size() == 2 && f[0].size() == 1) continue;  // "w NAME": an undefined symbol has no address
    if (f.size() != 3 || f[1].size() != 1)
      throw LoadError(fmt::format("{}: line {}: malformed (expected ADDRESS TYPE NAME)", path, number));
    const std::string &address = f[0], &type = f[1], &name = f[2];
    if (address.size() > 16 || address.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
      throw LoadError(fmt::format("{}: line {}: address '{}' is not a 64-bit hex number", path, number,
                                  address.substr(0, 40)));
    if (type == "T" || type == "t") symbols[name] = std::stoull(address, nullptr, 16);
  }
  return symbols;
}
// Phase starts: watched instructions (the firmware's and the kernel's
// entry, kernel functions) and the init's console lines.
void watch_linux_phases(Soc& soc, uint64_t dram_base, const std::map<std::string, uint64_t>& symbols,
                        const std::string& dir) {
  auto watch = std::make_shared<std::map<uint64_t, uint64_t>>();  // pc -> phase id
  (*watch)[dram_base] = firmware_entry;
  (*watch)[dram_base + linux_kernel_offset] = kernel_entry;
  for (const LinuxPhase& p : linux_phases()) {
    if (!p.symbol) continue;
    auto it = symbols.find(p.symbol);
    if (it == symbols.end())
      throw LoadError(fmt::format("{}/System.map: no symbol {} (phase '{}')", dir, p.symbol, p.name));
    (*watch)[it->second] = p.id;
  }
  std::vector<uint64_t> pcs;
  for (const auto& [pc, id] : *watch) pcs.push_back(pc);
  soc.core().hart().watch_pcs(pcs, [&soc, watch](uint64_t pc) { soc.mark_phase(watch->at(pc), true); });
  soc.uart().set_line_observer([&soc](const std::string& line) {
    static const std::string prefix = "torpor-phase: ";
    if (line.compare(0, prefix.size(), prefix) != 0) return;
    for (const LinuxPhase& p : linux_phases())
      if (p.marker && line.substr(prefix.size()) == p.marker) soc.mark_phase(p.id, false);
  });
}

}  // namespace

std::string linux_build_dir() {
  const std::string script = std::string(TORPOR_SOURCE_DIR) + "/sw/linux/build.sh";
  FILE* p = ::popen(script.c_str(), "r");
  if (!p) throw LoadError(fmt::format("{}: cannot run", script));
  std::string line;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) line = buf;
  const int status = ::pclose(p);
  const std::string last = line.substr(0, line.find_last_not_of("\n") + 1);
  if (status != 0 || last.empty()) throw LoadError(fmt::format("{}: the Linux build failed (see above)", script));
  return last;
}

int run_linux_bench(Config config, const LinuxBenchOptions& o) {
  const std::string dir = o.build_dir.empty() ? linux_build_dir() : o.build_dir;
  const std::map<std::string, uint64_t> symbols = read_system_map(dir + "/System.map");

  const ScratchDisk scratch("torpor-linux");
  const std::string disk = scratch.path();
  const ScratchCleanup cleanup(disk);  // removed on SIGINT/SIGTERM too
  LinuxDiskContents contents;
  contents.firmware = o.firmware;
  contents.kernel = dir + "/Image";
  contents.swap_mib = o.swap_mib;
  if (!o.extra_bootargs.empty()) contents.bootargs += " " + o.extra_bootargs;
  write_linux_disk(disk, config, contents);

  config.set("storage.image=" + disk);
  config.set("storage.persist=on");
  config.set(fmt::format("sim.power_cycles={}", 1 + o.extra_boots));  // fresh boot + hibernate, then resume
  if (!o.timed_fresh_boot && config.get_choice("core.mode") == "timed" && config.get_uint("core.timed_from_boot") == 0 &&
      config.get_uint("core.timed_from_phase") == 0)
    config.set("core.timed_from_boot=1");  // the fresh boot runs fast, the resume boot is timed
  config.set("sim.vcd_boot=1");

  std::ostringstream console_text;
  std::ofstream console_file;
  if (!o.console.empty()) {
    console_file.open(o.console);
    if (!console_file) throw LoadError(fmt::format("{}: cannot write the console log", o.console));
  }
  std::ostream& console = o.console.empty() ? static_cast<std::ostream&>(console_text) : console_file;
  Soc soc("soc", config, nullptr, console);
  watch_linux_phases(soc, config.get_uint("dram.base"), symbols, dir);

  BootWatchdog watchdog(soc, config, linux_phase_name);
  const auto host_start = std::chrono::steady_clock::now();
  simulate_with_progress(
      [&] {
        const PhaseRecord* last = soc.phases().empty() ? nullptr : &soc.phases().back();
        return ProgressSample{soc.core().local_time().to_seconds(), soc.core().hart().instret,
                              last ? fmt::format("boot {}: {}", last->boot, linux_phase_name(last->id)) : "boot ROM"};
      },
      [&] { watchdog.check(); });
  const double host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();
  soc.finish();
  if (!o.keep_disk.empty()) {
    soc.disk().flush();
    try {
      const ScratchCleanup partial(o.keep_disk);  // a half-written disk must not survive a signal
      copy_file_sparse(disk, o.keep_disk);
    } catch (const LoadError& e) {
      throw LoadError(fmt::format("--keep-disk {}: {}", o.keep_disk, e.what()));
    }
  }

  nlohmann::json j;
  j["kernel"] = dir;
  j["storage_profile"] = soc.storage().media().profile().name;
  j["host_seconds"] = host_seconds;
  add_boots_and_phases(j, soc, linux_phase_name);
  std::string log = console_text.str();
  j["console"] = log;

  const PhaseRecord* resumed = nullptr;
  for (const PhaseRecord& p : soc.phases())
    if (p.id == resumed_id && !resumed) resumed = &p;
  int status = 0;
  if (!resumed) {
    if (o.console.empty()) std::cerr << log << "\n";
    report_boots(soc, "torpor bench --linux: the system never resumed (no 'resumed' line from the init)");
    status = stopped_by_watchdog(soc) ? exit_boot_budget : 1;
  } else {
    const BootRecord& boot = soc.boots()[resumed->boot];
    const double total = resumed->time.to_seconds() - boot.start.to_seconds();
    const BootRecord& fresh = soc.boots().front();
    uint64_t image_written = 0;  // all the fresh boot wrote: counters are cumulative
    for (const PhaseRecord& p : soc.phases())
      if (p.boot == 1) {
        image_written = p.storage_written;
        break;
      }
    std::cout << fmt::format("torpor bench --linux: Linux 6.12 + OpenSBI, {} storage, {} DRAM, {} MiB\n",
                             soc.storage().media().profile().name, config.get_choice("dram.profile"),
                             config.get_uint("dram.size_mib"));
    std::cout << fmt::format("fresh boot + hibernation: {:.1f} ms, {} instructions, {:.2f} MiB written\n",
                             (fresh.end - fresh.start).to_seconds() * 1e3, fresh.instructions,
                             image_written / 1048576.0);
    std::cout << "\nresume boot\n";
    print_phase_table(resume_phase_rows(soc, *resumed, PHASE_BOOT_ROM), total,
                      soc.storage().media().profile().read_mb_per_s, linux_phase_name,
                      "power-on reset release to the init's 'resumed'", j);
    std::cout << fmt::format("RESUMED; host time {:.2f} s, of which the resume boot {:.2f} s ({:.0f} MIPS, {} mode)\n",
                             host_seconds, boot.host_seconds, boot.instructions / boot.host_seconds / 1e6,
                             soc.core().hart().timed() ? "timed" : "fast");
    j["resumed"] = true;
  }
  write_outputs(soc, o.stats, o.json, j);
  return status;
}

}  // namespace torpor
