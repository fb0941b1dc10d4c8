// DRAM presets. Each value is in tCK; the comment gives nanoseconds where the
// standard specifies time rather than cycles.
#include "models/dram/dram_timing.h"

namespace torpor::dram {

const std::vector<DramTiming>& dram_presets() {
  static const std::vector<DramTiming> presets = {
      {
          "lpddr4-3200-x32",
          "JEDEC JESD209-4 via the DRAMSys memspec JEDEC_8Gb_LPDDR4-3200_16bit (tCK, tRCD, RL, tRP, tRAS, BL, "
          "banks, tREFI, tRFC; see REFERENCE.md); two x16 channels used as one 32-bit bus as on the JH7110 DMC",
          625,   // tCK 0.625 ns (1600 MHz, 3200 MT/s)
          2, 4, 16, 1, 8,
          2048,  // 2 KiB page per x16 die
          29,    // tRCD 18 ns
          28,    // RL
          14,    // WL (set A)
          34,    // tRP 21 ns (all-bank)
          68,    // tRAS 42 ns
          16,    // tRRD 10 ns
          64,    // tFAW 40 ns
          29,    // tWR 18 ns
          16,    // tWTR 10 ns
          12,    // tRTP 7.5 ns
          8,     // tCCD = BL16 / 2
          6246,  // tREFI 3.9 us
          448,   // tRFC 280 ns (8 Gb)
      },
      {
          "lpddr4-2133-x32",
          "JEDEC JESD209-4 LPDDR4-2133 (RL 20 / WL 10, set A); nanosecond timings as lpddr4-3200-x32 rounded "
          "up to this clock; the JH7110 DMC's documented rate (REFERENCE.md)",
          938,   // tCK 0.938 ns (1066 MHz, 2133 MT/s)
          2, 4, 16, 1, 8,
          2048,
          20,    // tRCD 18 ns
          20,    // RL
          10,    // WL
          23,    // tRP 21 ns
          45,    // tRAS 42 ns
          11,    // tRRD 10 ns
          43,    // tFAW 40 ns
          20,    // tWR 18 ns
          11,    // tWTR 10 ns
          8,     // tRTP 7.5 ns
          8,     // tCCD = BL16 / 2
          4158,  // tREFI 3.9 us
          299,   // tRFC 280 ns
      },
      {
          "ddr4-3200-x64",
          "JEDEC JESD79-4 speed bin DDR4-3200AA (22-22-22), 8 Gb x8 devices, one 64-bit rank",
          625,   // tCK 0.625 ns
          2, 8, 8, 4, 4,
          8192,  // 1 KiB page per x8 device x 8 devices
          22,    // tRCD 13.75 ns
          22,    // CL
          16,    // CWL
          22,    // tRP 13.75 ns
          52,    // tRAS 32 ns
          8,     // tRRD_L 4.9 ns (same group; conservative for all)
          48,    // tFAW 30 ns (1 KiB page)
          24,    // tWR 15 ns
          12,    // tWTR_L 7.5 ns
          12,    // tRTP 7.5 ns
          4,     // tCCD_S; the model does not track bank groups, so tCCD_L (8) is not applied
          12480, // tREFI 7.8 us
          560,   // tRFC 350 ns (8 Gb)
      },
      {
          "lpddr5-6400-x32",
          "JEDEC JESD209-5 LPDDR5-6400 (CK 800 MHz, WCK 3200 MHz, 16 banks in 4 groups); latencies in CK "
          "cycles rounded up from the standard's nanosecond values",
          1250,  // tCK 1.25 ns (CK); data moves at 8 transfers per CK
          8, 4, 16, 4, 4,
          2048,  // 2 KiB page
          15,    // tRCD 18 ns
          14,    // RL (approx. 17 ns)
          7,     // WL (approx. 9 ns)
          15,    // tRP 18 ns (per bank)
          34,    // tRAS 42 ns
          4,     // tRRD 5 ns
          16,    // tFAW 20 ns
          28,    // tWR 34 ns
          10,    // tWTR 12 ns
          6,     // tRTP 7.5 ns
          2,     // tCCD: BL16 at 8 transfers per CK
          3120,  // tREFI 3.9 us
          224,   // tRFC 280 ns
      },
  };
  return presets;
}

const DramTiming* find_dram_preset(const std::string& name) {
  for (const DramTiming& t : dram_presets())
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace torpor::dram
