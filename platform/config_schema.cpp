// Every configuration key of the platform, its default, its allowed range
// and its meaning. The default memory map follows QEMU virt where it
// matters (DESIGN.md), so the same bare-metal ELF runs on both.
//
// Ranges: what an SoC architect could ask for and the models handle. Sizes
// and counts that size host arrays are capped so a typo cannot allocate the
// host's memory away; clocks are 1 MHz..10 GHz (periods are divisions);
// latencies and CPIs are at most 1000 cycles. Checks involving several keys
// (cache and TLB geometry, regions, interrupt lines) are in
// Config::validate() (config.cpp).
#include <limits>

#include "platform/config.h"

namespace torpor {

namespace {

constexpr uint64_t any = std::numeric_limits<uint64_t>::max();
constexpr uint64_t MHz = 1'000'000, GHz = 1'000'000'000;
constexpr uint64_t max_boots = 1'000'000;  // power cycles of one run
constexpr uint64_t max_cycles = 1000;      // any CPI, stall, penalty or latency

// One builder per kind of key, so each schema row reads as one line.
ConfigKey uint_key(const char* key, const char* default_value, uint64_t min, uint64_t max, const char* unit,
                   const char* meaning) {
  return {key, ConfigType::uint, default_value, min, max, false, "", unit, meaning};
}
ConfigKey pow2_key(const char* key, const char* default_value, uint64_t min, uint64_t max, const char* unit,
                   const char* meaning) {
  return {key, ConfigType::uint, default_value, min, max, true, "", unit, meaning};
}
ConfigKey address_key(const char* key, const char* default_value, const char* meaning) {
  return {key, ConfigType::uint, default_value, 0, physical_address_limit - 1, false, "", "address", meaning};
}
ConfigKey choice_key(const char* key, const char* default_value, const char* choices, const char* meaning) {
  return {key, ConfigType::choice, default_value, 0, 0, false, choices, "", meaning};
}
// on/off; YAML's true/false, yes/no (YAML 1.1 spellings) are accepted too.
ConfigKey bool_key(const char* key, const char* default_value, const char* meaning) {
  return {key, ConfigType::choice, default_value, 0, 0, false, "on,off", "", meaning};
}
ConfigKey choice_list_key(const char* key, const char* default_value, const char* choices, const char* meaning) {
  return {key, ConfigType::choice_list, default_value, 0, 0, false, choices, "", meaning};
}
ConfigKey text_key(const char* key, const char* unit, const char* meaning) {
  return {key, ConfigType::text, "", 0, 0, false, "", unit, meaning};
}
ConfigKey uint_list_key(const char* key, const char* unit, const char* meaning) {
  return {key, ConfigType::uint_list, "[]", 0, any, false, "", unit, meaning};
}

}  // namespace

const std::vector<ConfigKey>& config_schema() {
  static const std::vector<ConfigKey> schema = {
      // At most 4 GHz: the device tree holds it in one 32-bit cell.
      uint_key("core.frequency_hz", "1500000000", 1 * MHz, 4 * GHz, "Hz", "core clock (JH7110-class U74: 1.5 GHz)"),
      uint_key("core.hart_id", "0", 0, 0xffff'ffff, "", "value of mhartid (one 32-bit cell in the device tree)"),
      choice_list_key("core.satp_modes", "[sv39, sv48, sv57]", "sv39,sv48,sv57",
                      "translation modes satp accepts (the U74 supports only sv39)"),
      bool_key("core.sstc", "off",
               "Sstc: stimecmp, so S-mode programs its timer without an SBI call (the JH7110's U74 has none)"),
      choice_key("core.misaligned", "trap", "trap,emulate",
                 "misaligned loads/stores: trap (address-misaligned) or emulate in hardware"),
      choice_key("core.pte_ad_update", "hardware", "hardware,fault", "PTE A/D bits clear: hardware sets them, or fault (Svade)"),
      uint_key("core.quantum_ns", "10000", 1, 1'000'000'000, "ns",
               "temporal-decoupling quantum: how far the core runs ahead before synchronising"),
      choice_key("core.mode", "timed", "timed,fast",
                 "timed: cycle-approximate pipeline, TLBs, caches, DRAM; fast: functional, one cycle per instruction"),
      uint_key("core.timed_from_phase", "0", 0, any, "phase id",
               "with core.mode timed: run fast until the guest writes this id to the trace marker (0: timed from reset)"),
      uint_key("core.timed_from_boot", "0", 0, max_boots, "boot",
               "with core.mode timed: run fast until this boot of a power-cycled run (0: timed from the first)"),
      // Pipeline CPI per instruction class: approximations of an in-order
      // dual-issue core (SiFive U74 class, REFERENCE.md); not measured.
      // The U74 issue model (models/core/pipeline_model.h). Sources: SiFive
      // U74 Core Complex Manual 21G1 3.3; LLVM RISCVSchedSiFive7.td; GCC sifive-7.md.
      bool_key("core.dual_issue", "on",
               "two instructions a cycle: pipe A (memory, ALU) and pipe B (branch, jump, mul/div, ALU), U74 manual 3.3"),
      bool_key("core.late_alu", "on",
               "ALU ops and branches whose operands come late (a load) execute in M2 instead of stalling (U74 manual 3.3)"),
      bool_key("core.short_forward_branch", "on",
               "a conditional branch over one ALU instruction executes as one predicated op, never mispredicted "
               "(SiFive 7-series; LLVM TuneShortForwardBranchIALU, GCC sifive_7_sfb_alu)"),
      uint_key("core.latency.load", "3", 1, max_cycles, "cycles",
               "load issue to data for an address or mul/div operand; ALU users see 1 (LLVM SiFive7 LoadLatency)"),
      uint_key("core.latency.mul", "3", 1, max_cycles, "cycles", "multiply, fully pipelined (LLVM/GCC SiFive7: 3)"),
      uint_key("core.latency.div", "34", 1, max_cycles, "cycles",
               "64-bit divide/remainder, divider busy meanwhile (manual: 3-64 by operands; LLVM worst case 66)"),
      uint_key("core.latency.divw", "18", 1, max_cycles, "cycles", "32-bit divide/remainder (LLVM worst case 34)"),
      uint_key("core.cpi.csr_read", "1", 1, max_cycles, "cycles", "CSR read: issues alone"),
      uint_key("core.cpi.csr_write", "7", 1, max_cycles, "cycles",
               "CSR write: flushes the pipeline (U74 manual 3.3, seven-cycle penalty)"),
      uint_key("core.cpi.fence", "1", 1, max_cycles, "cycles", "fence, fence.i, sfence.vma: issue alone"),
      uint_key("core.cpi.amo", "4", 1, max_cycles, "cycles", "atomic memory operation, LR/SC: issue alone"),
      uint_key("core.cpi.system", "3", 1, max_cycles, "cycles", "ecall, ebreak, xret, wfi: issue alone"),
      choice_key("core.predictor.kind", "gshare", "gshare,bimodal", "branch direction predictor"),
      pow2_key("core.predictor.counters", "4096", 1, 1 << 20, "entries", "2-bit counters"),
      uint_key("core.predictor.history_bits", "12", 0, 32, "bits", "gshare global history length"),
      pow2_key("core.predictor.btb_entries", "512", 1, 1 << 20, "entries", "branch target buffer"),
      uint_key("core.predictor.ras_entries", "6", 0, 1024, "entries",
               "return-address stack (U74: 6, SiFive FU740 manual; 0: returns use the BTB)"),
      uint_key("core.predictor.mispredict_penalty", "4", 0, max_cycles, "cycles", "refetch after a misprediction"),
      // TLBs: U74-class L1 TLBs fully associative, a direct-mapped L2 TLB
      // (sizes as commonly quoted for the U74; verify against its manual).
      uint_key("mmu.itlb.entries", "40", 1, 4096, "entries", "L1 instruction TLB"),
      uint_key("mmu.itlb.ways", "40", 1, 4096, "ways", "L1 ITLB associativity (ways = entries: fully associative)"),
      uint_key("mmu.dtlb.entries", "40", 1, 4096, "entries", "L1 data TLB"),
      uint_key("mmu.dtlb.ways", "40", 1, 4096, "ways", "L1 DTLB associativity"),
      uint_key("mmu.l2tlb.entries", "512", 0, 65536, "entries", "shared L2 TLB (0: none)"),
      uint_key("mmu.l2tlb.ways", "1", 1, 65536, "ways", "L2 TLB associativity"),
      uint_key("mmu.l2tlb.hit_cycles", "4", 0, max_cycles, "cycles", "L1 TLB miss that hits the L2 TLB"),
      // Caches: JH7110 has 32 KiB L1I + 32 KiB L1D per core and a 2 MiB L2
      // (REFERENCE.md); associativity and latencies are assumptions.
      uint_key("cache.l1i.size_kib", "32", 1, 4096, "KiB", "L1 instruction cache"),
      uint_key("cache.l1i.ways", "4", 1, 256, "ways", "L1I associativity"),
      pow2_key("cache.l1i.line_bytes", "64", 8, 1024, "bytes", "L1I line size"),
      choice_key("cache.l1i.replacement", "lru", "lru,plru", "L1I replacement (plru: power-of-two ways, at most 64)"),
      uint_key("cache.l1d.size_kib", "32", 1, 4096, "KiB", "L1 data cache (write-back, write-allocate)"),
      uint_key("cache.l1d.ways", "8", 1, 256, "ways", "L1D associativity"),
      pow2_key("cache.l1d.line_bytes", "64", 8, 1024, "bytes", "L1D line size"),
      choice_key("cache.l1d.replacement", "lru", "lru,plru", "L1D replacement (plru: power-of-two ways, at most 64)"),
      uint_key("cache.l2.size_kib", "2048", 1, 256 * 1024, "KiB", "shared L2 cache (write-back, write-allocate)"),
      uint_key("cache.l2.ways", "16", 1, 256, "ways", "L2 associativity"),
      pow2_key("cache.l2.line_bytes", "64", 8, 1024, "bytes", "L2 line size"),
      uint_key("cache.l2.hit_cycles", "20", 0, max_cycles, "cycles", "L1 miss that hits the L2"),
      choice_key("cache.l2.replacement", "plru", "lru,plru", "L2 replacement (plru: power-of-two ways, at most 64)"),
      uint_key("cache.l1d.prefetch_degree", "4", 0, 64, "lines",
               "L1D stream prefetcher: after misses to consecutive lines, keep this many lines ahead (0: off)"),
      uint_key("cache.l2.prefetch_degree", "16", 0, 64, "lines",
               "L2 stream prefetcher: lines kept ahead of a detected stream (0: off)"),
      uint_key("bus.frequency_hz", "800000000", 100 * MHz, 10 * GHz, "Hz", "interconnect clock"),
      uint_key("bus.width_bytes", "16", 0, 1024, "bytes", "data path width (128-bit AXI); 0: unlimited"),
      uint_key("bus.latency_cycles", "4", 0, max_cycles, "cycles", "bus cycles each way per transaction"),
      address_key("boot_rom.base", "0x1000", "boot ROM (reset vector)"),
      uint_key("boot_rom.size", "0x10000", 0x1000, 16 << 20, "bytes", "boot ROM size (holds the sw/boot program)"),
      address_key("syscon.base", "0x100000", "test finisher (sifive,test0)"),
      address_key("clint.base", "0x2000000", "CLINT (msip, mtimecmp, mtime)"),
      uint_key("clint.timebase_hz", "10000000", 1000, 1 * GHz, "Hz", "mtime rate (device tree timebase-frequency)"),
      address_key("plic.base", "0xc000000", "PLIC (context 0: hart 0 M-mode, 1: S-mode)"),
      uint_key("plic.sources", "32", 2, 1024, "sources", "interrupt sources, including the absent source 0"),
      address_key("uart.base", "0x10000000", "UART 16550"),
      uint_key("uart.irq", "10", 1, 1023, "PLIC source", "interrupt line of the UART (QEMU virt: 10)"),
      text_key("uart.input", "text", "bytes the UART receives at power-on (\\n for a newline)"),
      uint_key("uart.reg_shift", "0", 0, 3, "", "register spacing is 1 << reg_shift bytes"),
      bool_key("copy_engine.enabled", "off", "a DMA copy engine for the restore loop (rtl/copy_engine/REGISTERS.md)"),
      address_key("copy_engine.base", "0x10002000", "copy engine registers"),
      choice_key("copy_engine.model", "auto", "auto,rtl,twin",
                 "rtl: the Verilated SystemVerilog; twin: its C++ twin; auto: rtl when this torpor was built with Verilator"),
      uint_key("copy_engine.frequency_hz", "500000000", 1 * MHz, 10 * GHz, "Hz", "clock of the RTL engine"),
      uint_key("copy_engine.irq", "2", 1, 1023, "PLIC source", "interrupt line of the copy engine"),
      uint_key("copy_engine.burst_beats", "8", 1, 16, "beats", "BURST_BEATS after reset (8-byte beats per burst)"),
      uint_key("copy_engine.max_outstanding", "4", 1, 8, "bursts", "MAX_OUTSTANDING after reset"),
      address_key("trace_marker.base", "0x10010000", "trace marker (guest phase ids)"),
      address_key("dram.base", "0x80000000", "DRAM"),
      // At most 16 GiB: a power cycle fills all of DRAM with a pattern, which
      // commits it in host memory (the machines we run on have 24 GiB).
      uint_key("dram.size_mib", "256", 1, 16384, "MiB", "DRAM size"),
      uint_key("dram.fill", "0", 0, 0xff, "byte", "value DRAM holds at power-on"),
      choice_key("dram.profile", "lpddr4-3200-x32", "lpddr4-3200-x32,lpddr4-2133-x32,ddr4-3200-x64,lpddr5-6400-x32",
                 "device timing preset (models/dram/dram_presets.cpp, each with its JEDEC source)"),
      // Block storage: virtio-blk on virtio-mmio with media timing.
      address_key("storage.base", "0x10001000", "virtio-mmio block device"),
      uint_key("storage.irq", "1", 1, 1023, "PLIC source", "interrupt line of the block device"),
      text_key("storage.image", "path", "raw disk image; never modified unless storage.persist is on (empty: a blank disk)"),
      uint_key("storage.size_mib", "64", 1, 1 << 20, "MiB", "size of the blank disk when no image is given"),
      bool_key("storage.persist", "off", "write through to the image file (--persist)"),
      choice_key("storage.profile", "emmc51-hs400", "emmc51-hs400,ufs31,nvme-gen3x4,nvme-pcie2x1,sd-uhs1-sdr104",
                 "media timing preset (models/storage/media.cpp, each with its source)"),
      uint_list_key("storage.fault.read_error_sectors", "sectors", "reads touching these sectors fail with IOERR"),
      uint_list_key("storage.fault.write_error_sectors", "sectors", "writes touching these sectors fail with IOERR"),
      uint_key("storage.fault.error_ppm", "0", 0, 1'000'000, "per million", "any request fails with this probability"),
      uint_key("storage.fault.bitflip_ppm", "0", 0, 1'000'000, "per million",
               "a read request returns one flipped bit with this probability"),
      uint_key("storage.fault.power_loss_after_sectors", "0", 0, any, "sectors",
               "cut the power once this many sectors were written; the write in flight is torn (0: never)"),
      uint_key("storage.fault.seed", "1", 0, any, "", "seed of the fault-injection random numbers"),
      uint_key("sim.power_cycles", "0", 0, max_boots, "boots",
               "after a guest poweroff, reset or power loss, power-cycle and boot again this many times"),
      uint_key("dram.power_cycle_fill", "0xa5", 0, 0xff, "byte",
               "what DRAM holds after a power cycle (stale contents are lost visibly)"),
      text_key("sim.vcd", "path", "write a VCD waveform (GTKWave) of platform signals here"),
      uint_key("sim.vcd_from_phase", "0", 0, any, "phase id", "start the VCD when the guest marks this phase (0: at reset)"),
      uint_key("sim.vcd_boot", "0", 0, max_boots, "boot",
               "trace only during this boot of a power-cycled run (torpor bench: the resume boot)"),
      uint_key("sim.vcd_to_phase", "0", 0, any, "phase id", "stop the VCD when the guest marks this phase (0: at the end)"),
      uint_key("sim.max_instructions", "0", 0, any, "instructions",
               "stop a runaway guest after this many instructions (0: no limit)"),
      bool_key("bench.data_crc", "on",
               "torpor bench: the hibernation kernel checks the image's data CRC-32 at resume (off: trusts the media)"),
      uint_key("bench.boot_max_instructions", "20_000_000_000", 1, uint64_t{1} << 63, "instructions",
               "torpor bench: stop a boot that runs more instructions than this (a runaway kernel) and report the "
               "phase it was stuck in"),
      uint_key("bench.boot_max_ms", "60000", 1, 3'600'000'000, "ms",
               "torpor bench: stop a boot that runs longer than this in simulated time"),
  };
  return schema;
}

}  // namespace torpor
