#include "platform/bench.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <systemc>

#include "platform/bench_report.h"
#include "platform/boot_watchdog.h"
#include "platform/boot_disk.h"
#include "platform/elf_loader.h"
#include "platform/input_file.h"
#include "platform/progress.h"
#include "platform/scratch_cleanup.h"
#include "platform/soc.h"

extern "C" {
#include "sw/hibernate/hibernate_abi.h"
}

namespace torpor {

namespace {

const char* phase_name(uint64_t id) {
  static const std::map<uint64_t, const char*> names = {
      {PHASE_ROM, "boot ROM"},
      {PHASE_KERNEL_LOAD, "kernel load"},
      {PHASE_FIRMWARE, "firmware"},
      {PHASE_KERNEL_INIT, "kernel init"},
      {PHASE_IMAGE_HEADER, "image header"},
      {PHASE_IMAGE_READ, "image read"},
      {PHASE_PAGE_TABLE_BUILD, "page-table build"},
      {PHASE_COPY_LOOP, "copy loop"},
      {PHASE_CONTEXT_RESTORE, "context restore"},
      {PHASE_RESUMED, "resumed"},
      {PHASE_VERIFY, "verification"},
      {PHASE_VERIFY_OK, "verified"},
      {PHASE_VERIFY_FAILED, "verification failed"},
      {PHASE_COLD_BOOT, "cold boot"},
      {PHASE_WORKLOAD, "workload"},
      {PHASE_SNAPSHOT, "snapshot"},
      {PHASE_IMAGE_WRITE, "image write"},
      {PHASE_POWEROFF, "poweroff"},
      {PHASE_IMAGE_REJECTED, "image rejected"},
  };
  auto it = names.find(id);
  return it == names.end() ? "?" : it->second;
}

void write_params(const std::string& disk, const BenchOptions& o, uint64_t swap_first, uint64_t swap_sectors) {
  hibernate_params p{};
  p.magic = HIBERNATE_PARAMS_MAGIC;
  p.workload_bytes = o.workload_mib << 20;
  p.seed = o.seed;
  p.swap_first_sector = swap_first;
  p.swap_sectors = swap_sectors;
  p.build_id_xor = o.build_id_xor;
  p.copy_engine_base = o.copy_engine_base;
  p.flags = o.skip_data_crc ? HIBERNATE_FLAG_SKIP_DATA_CRC : 0;
  std::fstream f(disk, std::ios::in | std::ios::out | std::ios::binary);
  if (!f) throw LoadError(fmt::format("{}: cannot open the benchmark disk", disk));
  char sector[512] = {};
  std::memcpy(sector, &p, sizeof p);
  f.seekp(HIBERNATE_PARAMS_SECTOR * 512);
  f.write(sector, sizeof sector);
  if (!f) throw LoadError(fmt::format("{}: cannot write the benchmark parameters", disk));
}

// --resume-from: the user's image is checked first, so errors name it and
// not the scratch copy; then copied sparsely (a 100 GiB sparse image costs
// its data, not 100 GiB) and this run's choices patched into the copy.
void prepare_resume_disk(const BenchOptions& o, const std::string& disk) {
  const std::string& image = o.resume_from;
  check_input_file(image, "the image to resume from");
  hibernate_params p{};
  {
    const int fd = ::open(image.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0)
      throw LoadError(fmt::format("{}: cannot open the image to resume from: {}", image, std::strerror(errno)));
    const bool have_params = ::pread(fd, &p, sizeof p, HIBERNATE_PARAMS_SECTOR * 512) == ssize_t(sizeof p);
    ::close(fd);
    if (st.st_size % 512 != 0)
      throw LoadError(fmt::format("{}: size {} bytes is not a multiple of 512: not a disk image", image, st.st_size));
    if (!have_params || p.magic != HIBERNATE_PARAMS_MAGIC)
      throw LoadError(fmt::format("{}: not a disk saved by `torpor bench --keep-image` (no benchmark parameters in "
                                  "sector {})",
                                  image, HIBERNATE_PARAMS_SECTOR));
  }
  copy_file_sparse(image, disk);
  // This run's choices: the build id (tests), the copy engine and the CRC check.
  p.build_id_xor = o.build_id_xor;
  p.copy_engine_base = o.copy_engine_base;
  p.flags = (p.flags & ~HIBERNATE_FLAG_SKIP_DATA_CRC) | (o.skip_data_crc ? HIBERNATE_FLAG_SKIP_DATA_CRC : 0);
  const int fd = ::open(disk.c_str(), O_WRONLY | O_CLOEXEC);
  const ssize_t n = fd >= 0 ? ::pwrite(fd, &p, sizeof p, HIBERNATE_PARAMS_SECTOR * 512) : -1;
  const int error = n < 0 ? errno : EIO;
  if (fd >= 0) ::close(fd);
  if (n != ssize_t(sizeof p))
    throw LoadError(fmt::format("{} (the scratch copy of {}): cannot write the benchmark parameters: {}", disk, image,
                                std::strerror(error)));
}

// The workload size a saved disk was hibernated with (its benchmark parameters).
uint64_t saved_workload_mib(const std::string& disk) {
  hibernate_params p{};
  std::ifstream in(disk, std::ios::binary);
  in.seekg(HIBERNATE_PARAMS_SECTOR * 512);
  in.read(reinterpret_cast<char*>(&p), sizeof p);
  return p.workload_bytes >> 20;
}

}  // namespace

std::string default_kernel_path() {
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  std::string dir = n > 0 ? std::string(exe, size_t(n)) : std::string(".");
  dir = dir.substr(0, dir.find_last_of('/'));
  return dir + "/sw/hibernate_kernel.elf";
}

int run_bench(Config config, const BenchOptions& options) {
  BenchOptions o = options;
  if (config.get_choice("copy_engine.enabled") == "on") o.copy_engine_base = config.get_uint("copy_engine.base");
  o.skip_data_crc = config.get_choice("bench.data_crc") == "off";
  // The disk: a private copy of --resume-from, or a fresh one with the kernel
  // in its boot region and the swap area after 64 MiB.
  const ScratchDisk scratch("torpor-bench");
  const std::string disk = scratch.path();
  const ScratchCleanup cleanup(disk);  // removed on SIGINT/SIGTERM too

  const uint64_t swap_first = (64ull << 20) / 512;
  const uint64_t swap_sectors = ((o.workload_mib + 16) << 20) / 512 + ((o.workload_mib << 20) / 4096) / 64 + 64;
  const uint64_t disk_bytes = (swap_first + swap_sectors) * 512;
  if (o.resume_from.empty()) {
    write_boot_disk(disk, read_elf(o.kernel), disk_bytes);
    write_params(disk, o, swap_first, swap_sectors);
    config.set("sim.power_cycles=1");  // cold boot + hibernate, then the resume boot
    config.set("sim.vcd_boot=1");      // waveforms of the resume boot
  } else {
    prepare_resume_disk(o, disk);
    o.workload_mib = saved_workload_mib(disk);  // what the image holds, for the report
    config.set("sim.power_cycles=0");
  }
  config.set("storage.image=" + disk);
  config.set("storage.persist=on");  // the private copy carries the image between boots and to --keep-image

  Soc soc("soc", config, nullptr, std::cout);
  bool kept = false;
  std::string keep_error;  // the hook runs in a SystemC process: it records a failure and stops the run
  if (!o.keep_image.empty()) {
    // The disk as hibernation left it, before the resume boot consumes the image.
    soc.set_power_off_hook([&] {
      if (kept) return;
      kept = true;
      try {
        soc.disk().flush();
        const ScratchCleanup partial(o.keep_image);  // a half-written image must not survive a signal
        copy_file_sparse(disk, o.keep_image);
      } catch (const std::exception& e) {
        keep_error = fmt::format("--keep-image {}: {}", o.keep_image, e.what());
        sc_core::sc_stop();
      }
    });
  }
  BootWatchdog watchdog(soc, config, phase_name);
  const auto host_start = std::chrono::steady_clock::now();
  simulate_with_progress(
      [&] {
        const PhaseRecord* last = soc.phases().empty() ? nullptr : &soc.phases().back();
        return ProgressSample{soc.core().local_time().to_seconds(), soc.core().hart().instret,
                              last ? fmt::format("boot {}: {}", last->boot, phase_name(last->id)) : "boot ROM"};
      },
      [&] { watchdog.check(); });
  const double host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();
  soc.finish();
  std::cout.flush();
  if (!keep_error.empty()) throw LoadError(keep_error);

  // The resume boot: the one whose guest marked PHASE_RESUMED.
  const PhaseRecord* resumed = nullptr;
  bool verified = false;
  for (const PhaseRecord& p : soc.phases()) {
    if (p.id == PHASE_RESUMED) resumed = &p;
    if (p.id == PHASE_VERIFY_OK) verified = true;
  }
  const double peak = soc.storage().media().profile().read_mb_per_s;
  nlohmann::json j;
  j["workload_mib"] = o.workload_mib;
  j["storage_profile"] = soc.storage().media().profile().name;
  j["storage_peak_read_mb_per_s"] = peak;
  j["host_seconds"] = host_seconds;
  add_boots_and_phases(j, soc, phase_name);

  int status = 0;
  if (!resumed) {
    report_boots(soc, "torpor bench: the guest never resumed (no 'resumed' phase)");
    status = stopped_by_watchdog(soc) ? exit_boot_budget : 1;
  } else {
    const double total = resumed->time.to_seconds() - soc.boots()[resumed->boot].start.to_seconds();
    std::cout << fmt::format("\ntorpor bench: time to resume, {} MiB workload, {} storage, {} DRAM\n",
                             o.workload_mib, soc.storage().media().profile().name, config.get_choice("dram.profile"));
    print_phase_table(resume_phase_rows(soc, *resumed, PHASE_ROM), total, peak, phase_name,
                      "power-on reset release to the first resumed instruction", j);
    std::cout << fmt::format("verification: {}; host time {:.2f} s\n", verified ? "passed" : "FAILED", host_seconds);
    j["verified"] = verified;
    if (!verified) status = 1;
  }
  write_outputs(soc, o.stats, o.json, j);
  return status;
}

}  // namespace torpor
