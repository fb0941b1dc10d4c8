// DRAM device timing: the parameters of one memory standard and speed bin,
// in clock cycles of the device (tCK), as JEDEC data sheets give them.
// Presets are named after the part and cite their source (dram_presets.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace torpor::dram {

struct DramTiming {
  std::string name;
  std::string source;        // where the numbers come from
  uint64_t tck_ps;           // clock period
  unsigned data_rate;        // transfers per clock (2: DDR)
  unsigned bus_bytes;        // data bus width of the channel, bytes
  unsigned burst_length;     // BL: transfers per column command
  unsigned bank_groups;      // 1 when the standard has none
  unsigned banks_per_group;
  uint64_t row_bytes;        // bytes of one open row (page) across the bus
  // Command-to-command constraints, in tCK
  unsigned tRCD;             // ACT to RD/WR, same bank
  unsigned tCL;              // RD to first data (read latency, RL/CL)
  unsigned tCWL;             // WR to first data (write latency, WL/CWL)
  unsigned tRP;              // PRE to ACT, same bank
  unsigned tRAS;             // ACT to PRE, same bank
  unsigned tRRD;             // ACT to ACT, different banks
  unsigned tFAW;             // window holding at most four ACTs
  unsigned tWR;              // end of write data to PRE (write recovery)
  unsigned tWTR;             // end of write data to RD (write-to-read turnaround)
  unsigned tRTP;             // RD to PRE
  unsigned tCCD;             // RD to RD / WR to WR (column-to-column)
  unsigned tREFI;            // average refresh interval
  unsigned tRFC;             // refresh cycle time (all banks busy)

  unsigned banks() const { return bank_groups * banks_per_group; }
  uint64_t burst_bytes() const { return uint64_t(bus_bytes) * burst_length; }
  // Peak data-bus bandwidth in bytes per second.
  double peak_bytes_per_second() const { return double(bus_bytes) * data_rate * 1e12 / double(tck_ps); }
};

// The named presets; the first is the default (LPDDR4-3200 x32, JH7110-class).
const std::vector<DramTiming>& dram_presets();
// Finds a preset by name; nullptr if unknown.
const DramTiming* find_dram_preset(const std::string& name);

}  // namespace torpor::dram
