// Fuzz target: the boot header (sw/boot/boot_format.h) as the boot ROM
// reads it. The host never parses a boot header: `torpor mkdisk` and the
// benchmarks only write one (platform/boot_disk.cpp, linux_disk.cpp), and
// the boot ROM program (sw/boot/boot_rom.c) validates it on the simulated
// hart. So this target runs the real ROM on the platform (platform/soc.h,
// fast mode) against a disk made from the input, and checks the ROM's
// decisions against the format's contract, written out again here.
//
// Input: bytes 0..511 are sector 0 (the header; an MBR may follow it);
// the rest is the disk from sector 8 (BOOT_DATA_SECTOR) on. The disk is
// 1 MiB, zero elsewhere; DRAM is 1 MiB with the ROM's scratch area in its
// top 64 KiB.
//
// Properties, for every header:
//   - a header without the magic, the version or 1..12 segments fails with
//     BOOT_FAIL_NO_HEADER; a segment outside DRAM, over the scratch area,
//     with more file than memory bytes, or whose sectors lie outside the
//     boot region or before sector 8, or an entry outside every segment,
//     fails with BOOT_FAIL_BAD_SEGMENT, before anything is loaded;
//   - a valid header whose sectors lie past the disk fails with
//     BOOT_FAIL_READ;
//   - otherwise the ROM jumps to the entry (bit 0 cleared, as jalr does: the
//     format does not require an aligned entry) with a0 = hart id, a1 = arg1,
//     and DRAM holds each segment's file bytes followed by zeros up to its
//     memory size (later segments over earlier ones);
//   - and nothing crashes the simulator or trips a sanitizer.
//
// One elaboration per process (SystemC): each input is one boot of the same
// platform. The platform is told to power cycle (a guest reset) between
// inputs, and the next disk is written while it is off (the power-off
// hook); stop requests only pause the simulation (sc_pause), so it can go
// on. Memory grows by a few hundred bytes per input (boot and phase
// records); run long sessions in pieces (scripts/fuzz does).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <systemc>

#include "platform/config.h"
#include "platform/soc.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" {
#include "sw/boot/boot_format.h"
}

namespace {

using torpor::fuzz::fail;

constexpr uint64_t dram_base = 0x80000000;
constexpr uint64_t dram_mib = 1;
constexpr uint64_t dram_bytes = dram_mib << 20;
constexpr uint64_t scratch = dram_base + dram_bytes - 0x10000;  // as the platform sets rom_params.scratch
constexpr uint64_t scratch_bytes = 0x10000;
constexpr uint64_t disk_mib = 1;
constexpr uint64_t disk_bytes = disk_mib << 20;
constexpr uint64_t sector = 512;
using u128 = unsigned __int128;

// The contract of boot_format.h, independently of the ROM's code: 0 if the
// ROM must load and jump, else the BOOT_FAIL_* code it must report.
unsigned expected_failure(const boot_header& h) {
  if (h.magic != BOOT_HEADER_MAGIC || h.version != BOOT_HEADER_VERSION || h.segment_count == 0 ||
      h.segment_count > BOOT_MAX_SEGMENTS)
    return BOOT_FAIL_NO_HEADER;
  bool entry_in_a_segment = false;
  bool past_the_disk = false;
  for (uint32_t i = 0; i < h.segment_count; ++i) {
    const boot_segment& s = h.segments[i];
    const u128 start = s.load_address, end = u128(s.load_address) + s.memory_bytes;
    if (s.file_bytes > s.memory_bytes) return BOOT_FAIL_BAD_SEGMENT;
    if (h.entry >= start && h.entry < end) entry_in_a_segment = true;
    if (s.memory_bytes == 0) continue;
    if (start < dram_base || end > u128(dram_base) + dram_bytes) return BOOT_FAIL_BAD_SEGMENT;
    if (start < scratch + scratch_bytes && end > scratch) return BOOT_FAIL_BAD_SEGMENT;
    if (s.file_bytes == 0) continue;
    const u128 sectors = (u128(s.file_bytes) + sector - 1) / sector;
    if (s.disk_sector < BOOT_DATA_SECTOR || sectors > UINT32_MAX || s.disk_sector + sectors > h.total_sectors)
      return BOOT_FAIL_BAD_SEGMENT;
    if (s.disk_sector + sectors > disk_bytes / sector) past_the_disk = true;
  }
  if (!entry_in_a_segment) return BOOT_FAIL_BAD_SEGMENT;
  return past_the_disk ? BOOT_FAIL_READ : 0;
}

std::string describe(const boot_header& h) {
  std::string s = fmt::format("magic 0x{:x} version {} segments {} entry 0x{:x} total_sectors {} arg1 0x{:x}", h.magic,
                              h.version, h.segment_count, h.entry, h.total_sectors, h.arg1);
  for (uint32_t i = 0; i < std::min(h.segment_count, BOOT_MAX_SEGMENTS); ++i)
    s += fmt::format("\n  segment {}: load 0x{:x} sector {} file {} memory {}", i, h.segments[i].load_address,
                     h.segments[i].disk_sector, h.segments[i].file_bytes, h.segments[i].memory_bytes);
  return s;
}

// The platform, with every stop request turned into a pause.
class FuzzSoc : public torpor::Soc {
 public:
  FuzzSoc(const torpor::Config& config, std::ostream& console) : Soc("soc", config, nullptr, console) {}

  struct Stop {
    size_t boot;
    torpor::StopReason reason;
    int exit_code;
  };
  void request_stop(torpor::StopReason reason, int exit_code, const std::string&) override {
    if (!stop || stop->boot != boots().size()) stop = Stop{boots().size(), reason, exit_code};
    sc_core::sc_pause();
  }
  // Powers the platform off and on again (the guest-reset path of a power cycle).
  void power_cycle() { Soc::request_stop(torpor::StopReason::guest_reset, 0, "next input"); }

  std::optional<Stop> stop;  // the first stop request of a boot
};

torpor::Config platform_config() {
  torpor::Config c;
  for (const char* s : {"core.mode=fast", "sim.power_cycles=1000000"}) c.set(s);
  c.set(fmt::format("dram.base={}", dram_base));
  c.set(fmt::format("dram.size_mib={}", dram_mib));
  c.set(fmt::format("storage.size_mib={}", disk_mib));
  return c;
}

class Harness {
 public:
  Harness() : soc_(platform_config(), console_) {
    soc_.set_power_off_hook([this] { prepare_boot(); });
  }

  void run(const uint8_t* data, size_t size) {
    input_.assign(data, data + std::min<size_t>(size, sector + disk_bytes - BOOT_DATA_SECTOR * sector));
    std::memset(&header_, 0, sizeof header_);
    if (!input_.empty()) std::memcpy(&header_, input_.data(), std::min(input_.size(), sizeof header_));
    expected_ = expected_failure(header_);
    jumped_ = false;
    if (first_) {
      first_ = false;
      prepare_boot();
    } else {
      soc_.power_cycle();
    }
    // Loading at most 1 MiB from a 1 MiB disk takes a few simulated ms.
    sc_core::sc_start(sc_core::sc_time(20, sc_core::SC_MS));
    torpor::fuzz::restore_main_stack_bounds();
    check_outcome();
  }

 private:
  // While the platform is off: the disk of this input, the watch on its entry.
  void prepare_boot() {
    torpor::storage::DiskImage& disk = soc_.disk();
    std::vector<uint8_t> first(sector, 0);
    if (!input_.empty()) std::memcpy(first.data(), input_.data(), std::min<size_t>(input_.size(), sector));
    disk.write(0, first.data(), sector);
    const std::vector<uint8_t> zeros(written_, 0);
    if (written_) disk.write(BOOT_DATA_SECTOR * sector, zeros.data(), written_);
    written_ = input_.size() > sector ? input_.size() - sector : 0;
    if (written_) disk.write(BOOT_DATA_SECTOR * sector, input_.data() + sector, written_);
    // The ROM runs from ROM: a watched DRAM address is reached only by its
    // jump, a jalr, which clears bit 0 of the target.
    std::vector<uint64_t> watched;
    const uint64_t target = header_.entry & ~uint64_t{1};
    if (target >= dram_base && target - dram_base < dram_bytes) watched.push_back(target);
    soc_.core().hart().watch_pcs(watched, [this](uint64_t) { on_jump(); });
  }

  uint8_t disk_byte(uint64_t offset) const {
    if (offset < sector) return offset < input_.size() ? input_[offset] : 0;
    if (offset < BOOT_DATA_SECTOR * sector) return 0;
    const uint64_t at = offset - BOOT_DATA_SECTOR * sector + sector;
    return at < input_.size() ? input_[at] : 0;
  }

  // The ROM reached the entry: before the next stage's first instruction
  // runs, DRAM and the argument registers are what the contract says.
  void on_jump() {
    if (jumped_) return;
    jumped_ = true;
    if (expected_ != 0)
      fail(fmt::format("the boot ROM jumped to 0x{:x} although it should have failed with 0x{:x}\n{}", header_.entry,
                       expected_, describe(header_)));
    const torpor::core::Hart& hart = soc_.core().hart();
    if (hart.x[10] != 0 || hart.x[11] != header_.arg1)
      fail(fmt::format("at the entry a0 = 0x{:x}, a1 = 0x{:x}; expected 0 and 0x{:x}", hart.x[10], hart.x[11],
                       header_.arg1));
    std::vector<uint8_t> expected(dram_bytes);
    std::vector<bool> loaded(dram_bytes, false);
    for (uint32_t i = 0; i < header_.segment_count; ++i) {
      const boot_segment& s = header_.segments[i];
      for (uint64_t k = 0; k < s.memory_bytes; ++k) {
        const uint64_t at = s.load_address - dram_base + k;
        expected[at] = k < s.file_bytes ? disk_byte(s.disk_sector * sector + k) : 0;
        loaded[at] = true;
      }
    }
    const uint8_t* dram = soc_.dram().data();
    for (uint64_t at = 0; at < dram_bytes; ++at)
      if (loaded[at] && dram[at] != expected[at])
        fail(fmt::format("after the load, DRAM 0x{:x} holds 0x{:02x}, expected 0x{:02x}\n{}", dram_base + at, dram[at],
                         expected[at], describe(header_)));
    sc_core::sc_pause();
  }

  void check_outcome() {
    const size_t boot = soc_.boots().size();
    const bool failed = soc_.stop && soc_.stop->boot == boot;
    if (jumped_) return;  // checked in on_jump
    if (expected_ == 0)
      fail(fmt::format("the boot ROM did not jump to a valid header's entry (stop: {}, code 0x{:x})\n{}",
                       failed ? torpor::to_string(soc_.stop->reason) : "none", failed ? soc_.stop->exit_code : 0,
                       describe(header_)));
    if (!failed || soc_.stop->reason != torpor::StopReason::guest_fail || unsigned(soc_.stop->exit_code) != expected_)
      fail(fmt::format("the boot ROM should fail with 0x{:x}; stop: {}, code 0x{:x}\n{}", expected_,
                       failed ? torpor::to_string(soc_.stop->reason) : "none", failed ? soc_.stop->exit_code : 0,
                       describe(header_)));
  }

  std::ostream console_{nullptr};  // the UART's output goes nowhere
  FuzzSoc soc_;
  std::vector<uint8_t> input_;
  boot_header header_{};
  unsigned expected_ = 0;
  bool jumped_ = false;
  bool first_ = true;
  uint64_t written_ = 0;  // data bytes the last input put on the disk
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  spdlog::set_level(spdlog::level::err);  // the models warn about every malformed input
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Harness* harness = new Harness;  // lives as long as the process, like the simulation
  harness->run(data, size);
  return 0;
}
