// Every configuration key of the platform, its default and its meaning. The
// default memory map follows QEMU virt where it matters (DESIGN.md), so the
// same bare-metal ELF runs on both.
#include "platform/config.h"

namespace torpor {

const std::vector<ConfigKey>& config_schema() {
  static const std::vector<ConfigKey> schema = {
      {"core.frequency_hz", ConfigType::uint, "1500000000", "", "Hz", "core clock (JH7110-class U74: 1.5 GHz)"},
      {"core.hart_id", ConfigType::uint, "0", "", "", "value of mhartid"},
      {"core.satp_modes", ConfigType::choice_list, "[sv39, sv48, sv57]", "sv39,sv48,sv57", "",
       "translation modes satp accepts (the U74 supports only sv39)"},
      {"core.misaligned", ConfigType::choice, "trap", "trap,emulate", "",
       "misaligned loads/stores: trap (address-misaligned) or emulate in hardware"},
      {"core.pte_ad_update", ConfigType::choice, "hardware", "hardware,fault", "",
       "PTE A/D bits clear: hardware sets them, or fault (Svade)"},
      {"core.quantum_ns", ConfigType::uint, "10000", "", "ns",
       "temporal-decoupling quantum: how far the core runs ahead before synchronising"},
      {"core.mode", ConfigType::choice, "timed", "timed,fast", "",
       "timed: cycle-approximate pipeline, TLBs, caches, DRAM; fast: functional, one cycle per instruction"},
      {"core.timed_from_phase", ConfigType::uint, "0", "", "phase id",
       "with core.mode timed: run fast until the guest writes this id to the trace marker (0: timed from reset)"},
      // Pipeline CPI per instruction class: approximations of an in-order
      // dual-issue core (SiFive U74 class, REFERENCE.md); not measured.
      {"core.cpi.alu", ConfigType::uint, "1", "", "cycles", "integer ALU, lui/auipc"},
      {"core.cpi.branch", ConfigType::uint, "1", "", "cycles", "conditional branch, predicted right"},
      {"core.cpi.jump", ConfigType::uint, "1", "", "cycles", "jal/jalr, target predicted right"},
      {"core.cpi.load", ConfigType::uint, "1", "", "cycles", "load hitting the L1D"},
      {"core.cpi.store", ConfigType::uint, "1", "", "cycles", "store hitting the L1D"},
      {"core.cpi.mul", ConfigType::uint, "1", "", "cycles", "multiply (pipelined)"},
      {"core.cpi.div", ConfigType::uint, "20", "", "cycles", "divide/remainder (iterative)"},
      {"core.cpi.csr", ConfigType::uint, "3", "", "cycles", "CSR access (serialising)"},
      {"core.cpi.fence", ConfigType::uint, "1", "", "cycles", "fence, fence.i, sfence.vma"},
      {"core.cpi.amo", ConfigType::uint, "4", "", "cycles", "atomic memory operation, LR/SC"},
      {"core.cpi.system", ConfigType::uint, "3", "", "cycles", "ecall, ebreak, xret, wfi"},
      {"core.load_use_stall", ConfigType::uint, "2", "", "cycles", "extra when the next instruction uses a load's result"},
      {"core.dual_issue", ConfigType::choice, "on", "on,off", "", "issue two independent ALU instructions per cycle"},
      {"core.predictor.kind", ConfigType::choice, "gshare", "gshare,bimodal", "", "branch direction predictor"},
      {"core.predictor.counters", ConfigType::uint, "4096", "", "entries", "2-bit counters (power of two)"},
      {"core.predictor.history_bits", ConfigType::uint, "12", "", "bits", "gshare global history length"},
      {"core.predictor.btb_entries", ConfigType::uint, "512", "", "entries", "branch target buffer (power of two)"},
      {"core.predictor.mispredict_penalty", ConfigType::uint, "4", "", "cycles", "refetch after a misprediction"},
      // TLBs: U74-class L1 TLBs fully associative, a direct-mapped L2 TLB
      // (sizes as commonly quoted for the U74; verify against its manual).
      {"mmu.itlb.entries", ConfigType::uint, "40", "", "entries", "L1 instruction TLB"},
      {"mmu.itlb.ways", ConfigType::uint, "40", "", "ways", "L1 ITLB associativity (ways = entries: fully associative)"},
      {"mmu.dtlb.entries", ConfigType::uint, "40", "", "entries", "L1 data TLB"},
      {"mmu.dtlb.ways", ConfigType::uint, "40", "", "ways", "L1 DTLB associativity"},
      {"mmu.l2tlb.entries", ConfigType::uint, "512", "", "entries", "shared L2 TLB (0: none)"},
      {"mmu.l2tlb.ways", ConfigType::uint, "1", "", "ways", "L2 TLB associativity"},
      {"mmu.l2tlb.hit_cycles", ConfigType::uint, "4", "", "cycles", "L1 TLB miss that hits the L2 TLB"},
      // Caches: JH7110 has 32 KiB L1I + 32 KiB L1D per core and a 2 MiB L2
      // (REFERENCE.md); associativity and latencies are assumptions.
      {"cache.l1i.size_kib", ConfigType::uint, "32", "", "KiB", "L1 instruction cache"},
      {"cache.l1i.ways", ConfigType::uint, "4", "", "ways", "L1I associativity"},
      {"cache.l1i.line_bytes", ConfigType::uint, "64", "", "bytes", "L1I line size"},
      {"cache.l1i.replacement", ConfigType::choice, "lru", "lru,plru", "", "L1I replacement"},
      {"cache.l1d.size_kib", ConfigType::uint, "32", "", "KiB", "L1 data cache (write-back, write-allocate)"},
      {"cache.l1d.ways", ConfigType::uint, "8", "", "ways", "L1D associativity"},
      {"cache.l1d.line_bytes", ConfigType::uint, "64", "", "bytes", "L1D line size"},
      {"cache.l1d.replacement", ConfigType::choice, "lru", "lru,plru", "", "L1D replacement"},
      {"cache.l2.size_kib", ConfigType::uint, "2048", "", "KiB", "shared L2 cache (write-back, write-allocate)"},
      {"cache.l2.ways", ConfigType::uint, "16", "", "ways", "L2 associativity"},
      {"cache.l2.line_bytes", ConfigType::uint, "64", "", "bytes", "L2 line size"},
      {"cache.l2.hit_cycles", ConfigType::uint, "20", "", "cycles", "L1 miss that hits the L2"},
      {"cache.l2.replacement", ConfigType::choice, "plru", "lru,plru", "", "L2 replacement"},
      {"cache.l1d.prefetch_degree", ConfigType::uint, "4", "", "lines",
       "L1D stream prefetcher: after misses to consecutive lines, keep this many lines ahead (0: off)"},
      {"cache.l2.prefetch_degree", ConfigType::uint, "16", "", "lines",
       "L2 stream prefetcher: lines kept ahead of a detected stream (0: off)"},
      {"bus.frequency_hz", ConfigType::uint, "800000000", "", "Hz", "interconnect clock"},
      {"bus.width_bytes", ConfigType::uint, "16", "", "bytes", "data path width (128-bit AXI); 0: unlimited"},
      {"bus.latency_cycles", ConfigType::uint, "4", "", "cycles", "bus cycles each way per transaction"},
      {"boot_rom.base", ConfigType::uint, "0x1000", "", "address", "boot ROM (reset vector)"},
      {"boot_rom.size", ConfigType::uint, "0x1000", "", "bytes", "boot ROM size"},
      {"syscon.base", ConfigType::uint, "0x100000", "", "address", "test finisher (sifive,test0)"},
      {"clint.base", ConfigType::uint, "0x2000000", "", "address", "CLINT (msip, mtimecmp, mtime)"},
      {"clint.timebase_hz", ConfigType::uint, "10000000", "", "Hz", "mtime rate (device tree timebase-frequency)"},
      {"uart.base", ConfigType::uint, "0x10000000", "", "address", "UART 16550"},
      {"uart.reg_shift", ConfigType::uint, "0", "", "", "register spacing is 1 << reg_shift bytes"},
      {"trace_marker.base", ConfigType::uint, "0x10010000", "", "address", "trace marker (guest phase ids)"},
      {"dram.base", ConfigType::uint, "0x80000000", "", "address", "DRAM"},
      {"dram.size_mib", ConfigType::uint, "256", "", "MiB", "DRAM size"},
      {"dram.fill", ConfigType::uint, "0", "", "byte", "value DRAM holds at power-on"},
      {"dram.profile", ConfigType::choice, "lpddr4-3200-x32", "lpddr4-3200-x32,lpddr4-2133-x32,ddr4-3200-x64,lpddr5-6400-x32", "",
       "device timing preset (models/dram/dram_presets.cpp, each with its JEDEC source)"},
      {"sim.max_instructions", ConfigType::uint, "0", "", "instructions",
       "stop a runaway guest after this many instructions (0: no limit)"},
  };
  return schema;
}

}  // namespace torpor
