// torpor: the command line. `torpor run ELF` runs a bare-metal guest;
// `torpor config` prints the effective configuration.
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <systemc>

#include "platform/config.h"
#include "models/storage/disk_image.h"
#include "platform/elf_loader.h"
#include "platform/bench.h"
#include "platform/boot_disk.h"
#include "platform/input_file.h"
#include "platform/json_text.h"
#include "platform/linux_bench.h"
#include "platform/progress.h"
#include "platform/soc.h"
#include "platform/sweep.h"

namespace {

// Exit statuses of torpor itself; a guest's own exit code passes through.
// 2: bad input (a file, argument or config value; the message names it).
// 3: an internal error, a bug in torpor: every known cause of a failure is
// reported as bad input or a guest/limit status where it arises.
constexpr int exit_bad_input = 2;
constexpr int exit_internal_error = 3;
constexpr int exit_instruction_limit = 124;
constexpr int exit_simulator_stuck = 125;

void print_stats(const torpor::StatsRegistry& stats, double sim_seconds, double host_seconds, uint64_t instructions) {
  std::cerr << "---- torpor statistics ----\n";
  for (const auto& s : stats.snapshot()) {
    // Counters print as integers, derived values (rates, ratios) with decimals.
    const std::string value = s.value == double(uint64_t(s.value)) ? fmt::format("{:.0f}", s.value)
                                                                     : fmt::format("{:.3f}", s.value);
    std::cerr << fmt::format("{:<36} {:>16} {:<13} {}\n", s.name, value, s.unit, s.description);
  }
  std::cerr << fmt::format("{:<36} {:>16.9f} {:<13} {}\n", "sim.simulated_time", sim_seconds, "s",
                           "simulated time at the end of the run");
  std::cerr << fmt::format("{:<36} {:>16.3f} {:<13} {}\n", "sim.host_time", host_seconds, "s",
                           "host wall-clock time of the simulation");
  std::cerr << fmt::format("{:<36} {:>16.1f} {:<13} {}\n", "sim.mips", instructions / host_seconds / 1e6, "MIPS",
                           "million guest instructions per host second");
}

void write_stats_json(const std::string& path, const torpor::StatsRegistry& stats, const std::string& stop,
                      int exit_code, double sim_seconds, double host_seconds, uint64_t instructions,
                      const std::vector<torpor::BootRecord>& boots) {
  nlohmann::json j;
  j["stop_reason"] = stop;
  j["exit_code"] = exit_code;
  j["simulated_seconds"] = sim_seconds;
  j["host_seconds"] = host_seconds;
  j["mips"] = instructions / host_seconds / 1e6;
  for (const torpor::BootRecord& b : boots)
    j["boots"].push_back({{"start_seconds", b.start.to_seconds()},
                          {"end_seconds", b.end.to_seconds()},
                          {"instructions", b.instructions},
                          {"ended_by", b.ended_by}});
  for (const auto& s : stats.snapshot()) j["stats"][s.name] = {{"value", s.value}, {"unit", s.unit}, {"description", s.description}};
  std::ofstream out(path);
  if (!out) throw torpor::ConfigError(fmt::format("{}: cannot write the statistics file", path));
  out << torpor::json_text(j) << "\n";
  out.close();
  if (!out) throw torpor::ConfigError(fmt::format("{}: cannot write the statistics file (write failed)", path));
}

// A non-negative integer option in [min, max]. CLI11 alone would wrap "-1"
// to 2^64-1 and saturate an overflowing value; this runs on the text first
// and parses it the same way (decimal, 0x hex). `note` says why the range.
CLI::Validator uint_in(uint64_t min, uint64_t max, const std::string& note = "") {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const size_t start = text.find_first_not_of(" \t");
        const bool digits = start != std::string::npos && std::isdigit(static_cast<unsigned char>(text[start]));
        char* end = nullptr;
        errno = 0;
        const uint64_t value = digits ? std::strtoull(text.c_str(), &end, 0) : 0;
        if (!digits || *end != '\0') return fmt::format("'{}' is not a non-negative integer", text);
        if (errno == ERANGE) return fmt::format("'{}' does not fit in 64 bits", text);
        if (value < min || value > max)
          return fmt::format("{} is out of range [{}, {}]{}", text, min, max, note.empty() ? "" : " (" + note + ")");
        return "";
      },
      max == UINT64_MAX ? "" : fmt::format("[{}, {}]", min, max));  // for --help
}

// The range of a config key an option sets, so both say the same.
CLI::Validator like_key(const std::string& key) {
  for (const torpor::ConfigKey& k : torpor::config_schema())
    if (key == k.key) return uint_in(k.min, k.max, "as " + key);
  throw std::logic_error("no config key " + key);
}

torpor::Config make_config(const std::string& file, const std::vector<std::string>& sets) {
  torpor::Config config;
  if (!file.empty()) config.load_file(file);
  for (const auto& s : sets) config.set(s);
  config.validate();  // so `torpor config` rejects what a run would (the Soc checks again after the commands' own sets)
  return config;
}

int run(const torpor::Config& config, const std::string& elf_path, bool stats, const std::string& stats_json) {
  std::optional<torpor::ElfImage> image;
  if (!elf_path.empty()) image = torpor::read_elf(elf_path);
  torpor::Soc soc("soc", config, image ? &*image : nullptr, std::cout);

  const auto start = std::chrono::steady_clock::now();
  torpor::simulate_with_progress([&] {
    const uint64_t phase = soc.phases().empty() ? 0 : soc.phases().back().id;
    return torpor::ProgressSample{soc.core().local_time().to_seconds(), soc.core().hart().instret,
                                  fmt::format("boot {}, last phase mark {}", soc.boots().size(), phase)};
  });
  const double host_seconds =
      std::max(1e-9, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  std::cout.flush();

  soc.finish();
  const uint64_t instructions = soc.core().hart().instret;
  const double sim_seconds = soc.core().local_time().to_seconds();
  int status = 0;
  std::string reason;
  if (const auto& stop = soc.stop_record()) {
    reason = torpor::to_string(stop->reason);
    switch (stop->reason) {
      case torpor::StopReason::guest_poweroff: status = 0; break;
      // A failure must never look like success: exit codes that are 0 modulo 256 become 1.
      case torpor::StopReason::guest_fail: status = (stop->exit_code & 0xFF) ? stop->exit_code & 0xFF : 1; break;
      case torpor::StopReason::guest_reset: status = 0; break;
      case torpor::StopReason::instruction_limit: status = exit_instruction_limit; break;
      default: status = exit_simulator_stuck; break;
    }
    if (stop->reason != torpor::StopReason::guest_poweroff) std::cerr << "torpor: " << stop->message << "\n";
  } else {
    reason = "starved";
    status = exit_simulator_stuck;
    std::cerr << fmt::format("torpor: the simulation ran out of events with no stop request (pc 0x{:x})\n",
                             soc.core().hart().pc);
  }
  if (soc.boots().size() > 1) {
    std::cerr << "---- boots ----\n";
    for (size_t i = 0; i < soc.boots().size(); ++i) {
      const torpor::BootRecord& b = soc.boots()[i];
      std::cerr << fmt::format("boot {}: {:.6f} s to {:.6f} s, {} instructions, ended by {}\n", i,
                               b.start.to_seconds(), b.end.to_seconds(), b.instructions, b.ended_by);
    }
  }
  if (stats) print_stats(soc.stats(), sim_seconds, host_seconds, instructions);
  if (!stats_json.empty())
    write_stats_json(stats_json, soc.stats(), reason, status, sim_seconds, host_seconds, instructions, soc.boots());
  return status;
}

}  // namespace

int sc_main(int argc, char** argv) {
  CLI::App app{"torpor: a SystemC/TLM virtual platform of an RV64 SoC for time-to-resume studies"};
  app.require_subcommand(1);
  std::string config_file, stats_json, elf;
  std::vector<std::string> sets;
  uint64_t max_instructions = 0;
  bool stats = false;

  auto* run_cmd = app.add_subcommand("run", "run a bare-metal RISC-V ELF until it exits");
  run_cmd->add_option("--config", config_file, "YAML SoC description (default: built-in)");
  run_cmd->add_option("--set", sets, "override a config key: KEY=VALUE (repeatable)")->allow_extra_args(false);
  run_cmd->add_option("--max-instructions", max_instructions, "stop a runaway guest after N instructions")
      ->check(like_key("sim.max_instructions"));
  uint64_t power_cycles = 0;
  run_cmd->add_option("--power-cycles", power_cycles, "boot again after a guest poweroff/reset, N times")
      ->check(like_key("sim.power_cycles"));
  run_cmd->add_flag("--stats", stats, "print statistics (instructions, time, MIPS) to stderr");
  std::string disk;
  bool persist = false;
  run_cmd->add_option("--disk", disk, "raw disk image for the block device (same as --set storage.image=FILE)");
  run_cmd->add_flag("--persist", persist, "write guest writes through to the disk image (default: a private copy)");
  run_cmd->add_option("--stats-json", stats_json, "write statistics as JSON to FILE");
  std::string vcd;
  uint64_t vcd_from = 0, vcd_to = 0;
  for (auto* cmd : {run_cmd}) {
    cmd->add_option("--vcd", vcd, "write a VCD waveform of platform signals to FILE (GTKWave: traces/torpor.gtkw)");
    cmd->add_option("--vcd-from", vcd_from, "start the VCD at this guest phase id")
        ->check(like_key("sim.vcd_from_phase"));
    cmd->add_option("--vcd-to", vcd_to, "stop the VCD at this guest phase id")->check(like_key("sim.vcd_to_phase"));
  }
  run_cmd->add_option("elf", elf, "the guest executable, preloaded into DRAM (none: boot from the disk)");

  std::string mkdisk_boot, mkdisk_out;
  uint64_t mkdisk_size_mib = 64;
  auto* mkdisk_cmd = app.add_subcommand("mkdisk", "write a bootable disk image holding an ELF in its boot region");
  mkdisk_cmd->add_option("--boot", mkdisk_boot, "the program the boot ROM loads and starts")->required();
  mkdisk_cmd->add_option("--out", mkdisk_out, "the disk image to create (overwritten)")->required();
  mkdisk_cmd->add_option("--size-mib", mkdisk_size_mib, "minimum image size (sparse beyond the data)")
      ->check(uint_in(0, 1 << 20, "at most 1 TiB"));

  torpor::BenchOptions bench;
  std::string bench_storage, bench_dram;
  bool bench_timed_cold_boot = false;
  auto* bench_cmd = app.add_subcommand("bench", "time-to-resume benchmark: cold boot, hibernate, power cycle, resume");
  bench_cmd->add_option("--config", config_file, "YAML SoC description (default: built-in)");
  bench_cmd->add_option("--set", sets, "override a config key: KEY=VALUE (repeatable)")->allow_extra_args(false);
  // The upper bound of --workload-mib is dram.size_mib, checked once the config is known.
  bench_cmd
      ->add_option("--workload-mib", bench.workload_mib,
                   "memory the workload fills before hibernating (at most dram.size_mib)")
      ->check(uint_in(0, UINT64_MAX));
  bench_cmd->add_option("--seed", bench.seed, "workload seed")->check(uint_in(0, UINT64_MAX));
  bench_cmd->add_option("--storage", bench_storage, "storage profile (storage.profile)");
  bench_cmd->add_option("--dram", bench_dram, "DRAM profile (dram.profile)");
  bench_cmd->add_option("--json", bench.json, "write the results as JSON to FILE");
  bench_cmd->add_option("--resume-from", bench.resume_from, "resume a disk saved with --keep-image (no cold boot)");
  bench_cmd->add_option("--keep-image", bench.keep_image, "save the disk with its hibernation image to FILE");
  bench_cmd->add_option("--kernel", bench.kernel, "hibernation kernel ELF (default: next to this binary)");
  bench_cmd->add_flag("--timed-cold-boot", bench_timed_cold_boot, "time the cold boot too (default: fast until the resume boot)");
  bench_cmd->add_flag("--stats", bench.stats, "print every statistic to stderr");
  bench_cmd->add_option("--build-id-xor", bench.build_id_xor,
                        "with --resume-from: the resuming kernel pretends to be another build (failure test)")
      ->check(uint_in(0, UINT64_MAX));
  bool bench_linux = false;
  torpor::LinuxBenchOptions linux_bench;
  bench_cmd->add_flag("--linux", bench_linux,
                      "real OpenSBI + Linux 6.12 (sw/linux/build.sh builds it once): fresh boot, hibernate, resume");
  bench_cmd->add_option("--linux-dir", linux_bench.build_dir, "with --linux: a kernel build (Image, System.map)");
  bench_cmd->add_option("--firmware", linux_bench.firmware, "with --linux: OpenSBI fw_jump.bin");
  // The MBR's 32-bit sector counts hold 2 TiB: 1 TiB leaves room for the boot region.
  bench_cmd->add_option("--swap-mib", linux_bench.swap_mib, "with --linux: size of the swap partition")
      ->check(uint_in(1, 1 << 20, "at most 1 TiB"));
  bench_cmd->add_option("--bootargs", linux_bench.extra_bootargs,
                        "with --linux: extra kernel arguments (e.g. hibernate=nocompress)");
  bench_cmd->add_option("--extra-boots", linux_bench.extra_boots, "with --linux: boots after the resume")
      ->check(uint_in(0, 999'999, "with the first two boots, sim.power_cycles is at most 1000000"));
  bench_cmd->add_option("--console", linux_bench.console, "with --linux: write the console to FILE as it runs");
  bench_cmd->add_option("--keep-disk", linux_bench.keep_disk, "with --linux: save the disk at the end to FILE");
  bench_cmd->add_option("--vcd", vcd, "write a VCD waveform of platform signals to FILE (GTKWave: traces/torpor.gtkw)");
  bench_cmd->add_option("--vcd-from", vcd_from, "start the VCD at this guest phase id (e.g. 5: image header)")
      ->check(like_key("sim.vcd_from_phase"));
  bench_cmd->add_option("--vcd-to", vcd_to, "stop the VCD at this guest phase id (e.g. 10: resumed)")
      ->check(like_key("sim.vcd_to_phase"));

  torpor::SweepOptions sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "design study: many configs resuming one hibernation image, in parallel");
  sweep_cmd->add_option("spec", sweep.spec, "the sweep spec (YAML)");
  sweep_cmd->add_option("--emit-jobs", sweep.emit_jobs, "write job files (Slurm array, GNU parallel) to DIR instead of running");
  sweep_cmd->add_option("--collect", sweep.collect, "merge the results of jobs emitted to DIR");
  sweep_cmd->add_option("--out", sweep.out_dir, "directory for results.csv, results.json and logs");
  sweep_cmd->add_option("-j,--jobs", sweep.jobs, "points run at once (default: the number of cores)")
      ->check(uint_in(0, 1024));

  auto* config_cmd = app.add_subcommand("config", "print the effective configuration");
  config_cmd->add_option("--config", config_file, "YAML SoC description (default: built-in)");
  config_cmd->add_option("--set", sets, "override a config key: KEY=VALUE (repeatable)")->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_bad_input;
  }
  // SystemC's banner and info messages would mix with the guest's output.
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  try {
    // Outputs first: a path that cannot be written fails now, not after the simulation.
    using torpor::check_output_file;
    if (!stats_json.empty()) check_output_file("--stats-json", stats_json, "the statistics");
    if (!vcd.empty()) check_output_file("--vcd", vcd, "the waveform");
    if (mkdisk_cmd->parsed()) check_output_file("--out", mkdisk_out, "the disk image", true);
    if (bench_cmd->parsed()) {
      if (!bench.json.empty()) check_output_file("--json", bench.json, "the results");
      if (!bench.keep_image.empty() && !bench.resume_from.empty())
        throw torpor::ConfigError("--keep-image: not with --resume-from (a resumed run does not hibernate again)");
      if (!bench.keep_image.empty()) check_output_file("--keep-image", bench.keep_image, "the disk image", true);
      if (!linux_bench.keep_disk.empty())
        check_output_file("--keep-disk", linux_bench.keep_disk, "the disk image", true);
      if (!linux_bench.console.empty()) check_output_file("--console", linux_bench.console, "the console log");
      struct stat st {};
      if (bench_linux && !linux_bench.build_dir.empty() &&
          (::stat(linux_bench.build_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)))
        throw torpor::LoadError(fmt::format("--linux-dir {}: not a directory (a kernel build: Image, System.map)",
                                            linux_bench.build_dir));
    }
    if (sweep_cmd->parsed()) {
      struct stat st {};
      if (!sweep.collect.empty()) {
        // A missing one is reported by the collection itself ("no emitted sweep there").
        if (::stat(sweep.collect.c_str(), &st) == 0)
          torpor::check_output_dir("--collect", sweep.collect, "the results");
      } else if (!sweep.emit_jobs.empty()) {
        torpor::check_output_dir("--emit-jobs", sweep.emit_jobs, "the job files");
      } else if (!sweep.spec.empty()) {
        torpor::check_output_dir("--out", sweep.out_dir, "the results");
      }
    }
    torpor::Config config = make_config(config_file, sets);
    if (max_instructions) config.set(fmt::format("sim.max_instructions={}", max_instructions));
    if (!disk.empty()) config.set("storage.image=" + disk);
    if (power_cycles) config.set(fmt::format("sim.power_cycles={}", power_cycles));
    if (persist) config.set("storage.persist=on");
    if (!vcd.empty()) config.set("sim.vcd=" + vcd);
    if (vcd_from) config.set(fmt::format("sim.vcd_from_phase={}", vcd_from));
    if (vcd_to) config.set(fmt::format("sim.vcd_to_phase={}", vcd_to));
    if (sweep_cmd->parsed()) {
      if (sweep.spec.empty() && sweep.collect.empty()) throw torpor::ConfigError("sweep: give a SPEC or --collect DIR");
      return torpor::run_sweep(sweep);
    }
    if (bench_cmd->parsed()) {
      if (!bench_storage.empty()) config.set("storage.profile=" + bench_storage);
      if (!bench_dram.empty()) config.set("dram.profile=" + bench_dram);
      if (bench_linux) {
        linux_bench.json = bench.json;
        linux_bench.stats = bench.stats;
        linux_bench.timed_fresh_boot = bench_timed_cold_boot;
        return torpor::run_linux_bench(config, linux_bench);
      }
      // The workload's bytes must fit in DRAM (and so cannot overflow).
      const uint64_t dram_mib = config.get_uint("dram.size_mib");
      if (bench.workload_mib > dram_mib)
        throw torpor::ConfigError(fmt::format("--workload-mib: {} is out of range [0, {}] (the workload must fit in "
                                              "DRAM: dram.size_mib is {})",
                                              bench.workload_mib, dram_mib, dram_mib));
      if (bench.kernel.empty()) bench.kernel = torpor::default_kernel_path();
      if (!bench_timed_cold_boot && config.get_choice("core.mode") == "timed" && bench.resume_from.empty())
        config.set("core.timed_from_boot=1");
      return torpor::run_bench(config, bench);
    }
    if (mkdisk_cmd->parsed()) {
      torpor::write_boot_disk(mkdisk_out, torpor::read_elf(mkdisk_boot), mkdisk_size_mib << 20);
      return 0;
    }
    if (config_cmd->parsed()) {
      std::cout << config.to_yaml();
      return 0;
    }
    return run(config, elf, stats, stats_json);
  } catch (const torpor::ConfigError& e) {
    std::cerr << "torpor: config error: " << e.what() << "\n";
  } catch (const torpor::LoadError& e) {
    std::cerr << "torpor: load error: " << e.what() << "\n";
  } catch (const torpor::storage::DiskError& e) {
    std::cerr << "torpor: load error: " << e.what() << "\n";
  } catch (const std::invalid_argument& e) {
    std::cerr << "torpor: platform error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    // Not a known cause: a bug to fix where it arises. Never a crash, though.
    std::cerr << "torpor: internal error: " << e.what() << "\n";
    return exit_internal_error;
  } catch (...) {
    std::cerr << "torpor: internal error: an unknown exception\n";
    return exit_internal_error;
  }
  return exit_bad_input;
}

// Our own main so the SystemC banner is off before the library prints it.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
