// An open-page DRAM controller timing model for one channel: per-bank row
// buffers, the JEDEC command constraints of DramTiming (tRCD, tCL, tRP,
// tRAS, tRRD, tFAW, tWR, tWTR, tRTP, tCCD), refresh (tREFI/tRFC) and the
// shared data bus. It answers one question: a request arriving at time t
// (picoseconds) completes when? Requests are served in arrival order
// (FCFS); the data bus makes back-to-back requests never exceed the peak
// bandwidth. Writes are posted into a write queue and drained in a batch
// when it fills (as controllers do to avoid read/write turnarounds and row
// conflicts between interleaved reads and write-backs); a read of a queued
// line is served from the queue. It knows nothing of TLM (the DRAM module
// wraps it).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/stats.h"
#include "models/dram/dram_timing.h"

namespace torpor::dram {

enum class RowResult : uint8_t { hit, miss, conflict };

struct DramAccess {
  uint64_t done_ps;     // last data beat transferred
  RowResult row;
};

class DramController {
 public:
  static constexpr unsigned write_queue_depth = 32;

  DramController(std::string name, const DramTiming& timing);

  // One burst-sized access (a cache line) at byte `address` (relative to the
  // start of DRAM) arriving at `arrival_ps`.
  DramAccess access(uint64_t address, bool write, uint64_t arrival_ps);
  // An access of any length: split into bursts issued back to back.
  uint64_t access_range(uint64_t address, uint64_t length, bool write, uint64_t arrival_ps);
  void reset();

  const DramTiming& timing() const { return timing_; }
  uint64_t row_hits() const { return row_hits_; }
  uint64_t row_misses() const { return row_misses_; }
  uint64_t row_conflicts() const { return row_conflicts_; }
  uint64_t bytes() const { return bytes_read_ + bytes_written_; }
  unsigned open_banks() const {
    unsigned n = 0;
    for (const Bank& b : banks_) n += b.open;
    return n;
  }
  void register_stats(StatsRegistry& stats) const;
  uint64_t refreshes() const { return refreshes_; }
  // Tests: catch refresh up one tREFI at a time, the reference the O(1)
  // catch-up must match bit for bit.
  void set_stepwise_refresh(bool on) { stepwise_refresh_ = on; }

 private:
  struct Bank {
    bool open = false;
    uint64_t row = 0;
    uint64_t act_ps = 0;        // last ACT
    uint64_t ready_act_ps = 0;  // earliest next ACT (after tRP)
    uint64_t ready_pre_ps = 0;  // earliest PRE (tRAS, tWR, tRTP)
  };

  uint64_t ck(unsigned cycles) const { return uint64_t(cycles) * timing_.tck_ps; }
  // Issues every refresh due by time t (O(1) however many).
  void refresh_until(uint64_t t);
  void refresh_once();
  // Issues one burst to the devices (ACT/PRE as needed, then RD or WR).
  DramAccess issue(uint64_t address, bool write, uint64_t arrival_ps);
  // Writes the whole queue; returns when the last write's data is in.
  uint64_t drain_writes(uint64_t arrival_ps);

  std::vector<uint64_t> write_queue_;

  std::string name_;
  DramTiming timing_;
  unsigned column_bits_, bank_bits_;
  std::vector<Bank> banks_;
  std::array<uint64_t, 4> recent_acts_{};  // for tFAW, oldest first
  uint64_t last_act_ps_ = 0;
  uint64_t last_cas_ps_ = 0;
  uint64_t last_write_data_end_ps_ = 0;
  uint64_t bus_free_ps_ = 0;
  uint64_t next_refresh_ps_;
  bool any_act_ = false;
  bool stepwise_refresh_ = false;

  uint64_t row_hits_ = 0, row_misses_ = 0, row_conflicts_ = 0, refreshes_ = 0;
  uint64_t bytes_read_ = 0, bytes_written_ = 0, requests_ = 0, latency_ps_total_ = 0, busy_until_ps_ = 0;
  uint64_t write_drains_ = 0, reads_from_write_queue_ = 0, reads_ = 0, read_latency_ps_total_ = 0;
};

}  // namespace torpor::dram
