// The DRAM timing model: physical bounds (never faster than the peak),
// row-buffer behaviour, refresh, and monotonic response to parameters.
#include <algorithm>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "models/dram/dram_controller.h"

namespace torpor::dram {
namespace {

const DramTiming& lpddr4() { return *find_dram_preset("lpddr4-3200-x32"); }

// Streams `bytes` sequentially, each burst issued when the previous one
// arrives (back-to-back requests), and returns achieved bytes/second.
double stream_bandwidth(const DramTiming& timing, uint64_t bytes, bool write) {
  DramController dram("dram", timing);
  uint64_t t = 0;
  for (uint64_t a = 0; a < bytes; a += timing.burst_bytes()) t = dram.access(a, write, 0).done_ps;
  return double(bytes) / (double(t) * 1e-12);
}

TEST(DramController, PresetsExistWithSources) {
  ASSERT_GE(dram_presets().size(), 3u);
  for (const DramTiming& t : dram_presets()) {
    EXPECT_FALSE(t.source.empty()) << t.name;
    EXPECT_GT(t.peak_bytes_per_second(), 1e9) << t.name;
    EXPECT_NO_THROW(DramController("d", t)) << t.name;
  }
  EXPECT_EQ(find_dram_preset("no-such-dram"), nullptr);
  EXPECT_DOUBLE_EQ(lpddr4().peak_bytes_per_second(), 12.8e9);
}

TEST(DramController, StreamingNeverExceedsPeakAndComesClose) {
  for (const DramTiming& t : dram_presets()) {
    for (bool write : {false, true}) {
      const double bw = stream_bandwidth(t, 16 << 20, write);
      EXPECT_LE(bw, t.peak_bytes_per_second()) << t.name;
      EXPECT_GE(bw, 0.75 * t.peak_bytes_per_second()) << t.name << (write ? " write" : " read");
    }
  }
}

TEST(DramController, RowHitIsFasterThanMissIsFasterThanConflict) {
  const DramTiming& t = lpddr4();
  DramController dram("dram", t);
  const uint64_t gap = 1'000'000;  // far apart: no interference between requests
  const DramAccess miss = dram.access(0, false, gap);
  const DramAccess hit = dram.access(64, false, 2 * gap);
  const uint64_t other_row_same_bank = t.row_bytes * t.banks();
  const DramAccess conflict = dram.access(other_row_same_bank, false, 3 * gap);
  EXPECT_EQ(miss.row, RowResult::miss);
  EXPECT_EQ(hit.row, RowResult::hit);
  EXPECT_EQ(conflict.row, RowResult::conflict);
  EXPECT_LT(hit.done_ps - 2 * gap, miss.done_ps - gap);
  EXPECT_LT(miss.done_ps - gap, conflict.done_ps - 3 * gap);
  // A hit costs at least the read latency plus the burst.
  EXPECT_GE(hit.done_ps - 2 * gap, (t.tCL + t.burst_length / t.data_rate) * t.tck_ps);
}

TEST(DramController, RandomAccessIsSlowerThanSequential) {
  const DramTiming& t = lpddr4();
  DramController seq("seq", t), rnd("rnd", t);
  uint64_t ts = 0, tr = 0, x = 12345;
  for (int i = 0; i < 20000; ++i) {
    ts = seq.access(uint64_t(i) * 64, false, ts).done_ps;
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    tr = rnd.access((x >> 20) % (1ull << 30) & ~63ull, false, tr).done_ps;
  }
  EXPECT_GT(tr, ts);
  EXPECT_GT(seq.row_hits(), rnd.row_hits());
}

TEST(DramController, RefreshHappensAndCostsTime) {
  const DramTiming& t = lpddr4();
  DramTiming no_refresh = t;
  no_refresh.tRFC = 0;
  const double with = stream_bandwidth(t, 32 << 20, false);
  const double without = stream_bandwidth(no_refresh, 32 << 20, false);
  EXPECT_LT(with, without);
  DramController dram("dram", t);
  dram.access(0, false, 10 * t.tREFI * t.tck_ps);
  StatsRegistry stats;
  dram.register_stats(stats);
  for (const auto& s : stats.snapshot())
    if (s.name == "dram.refreshes") EXPECT_EQ(s.value, 10.0);
}

TEST(DramController, SlowerDeviceIsNeverFaster) {
  DramTiming slow = lpddr4();
  slow.tck_ps = 938;  // LPDDR4-2133
  EXPECT_LE(stream_bandwidth(slow, 4 << 20, false), stream_bandwidth(lpddr4(), 4 << 20, false));
  DramTiming late = lpddr4();
  late.tRCD += 10;
  late.tRP += 10;
  DramController a("a", lpddr4()), b("b", late);
  EXPECT_LE(a.access(0, false, 0).done_ps, b.access(0, false, 0).done_ps);
}

TEST(DramController, TimingIsDeterministic) {
  auto run = [] {
    DramController dram("dram", lpddr4());
    uint64_t t = 0, x = 1;
    for (int i = 0; i < 5000; ++i) {
      x = x * 2862933555777941757ull + 3037000493ull;
      t = dram.access((x >> 16) & 0xFFFFFC0, (x >> 8) & 1, t).done_ps;
    }
    return t;
  };
  EXPECT_EQ(run(), run());
}

// Refresh after idle time is caught up in O(1); the closed form must match
// issuing the refreshes one tREFI at a time, bit for bit, whatever the
// banks were doing and however tRFC compares with tREFI.
TEST(DramController, IdleRefreshCatchUpMatchesStepByStep) {
  std::vector<std::pair<DramTiming, int>> timings;  // and how many requests
  for (const DramTiming& t : dram_presets()) timings.emplace_back(t, 20000);
  DramTiming slow_refresh = lpddr4();
  slow_refresh.tRFC = slow_refresh.tREFI + 37;  // refresh never keeps up: its lag grows
  timings.emplace_back(slow_refresh, 300);      // (and the reference gets slow)
  DramTiming exact_refresh = lpddr4();
  exact_refresh.tRFC = exact_refresh.tREFI;  // the lag stays where it was
  timings.emplace_back(exact_refresh, 20000);
  DramTiming no_refresh_cost = lpddr4();
  no_refresh_cost.tRFC = 0;
  timings.emplace_back(no_refresh_cost, 20000);
  DramTiming long_ras = lpddr4();
  long_ras.tRAS = 4 * long_ras.tREFI;  // banks busy across several refresh slots
  timings.emplace_back(long_ras, 20000);
  uint64_t x = 0x9E3779B97F4A7C15ull;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (const auto& [t, requests] : timings) {
    DramController fast("fast", t), reference("reference", t);
    reference.set_stepwise_refresh(true);
    const uint64_t refi = uint64_t(t.tREFI) * t.tck_ps;
    uint64_t now = 0;
    for (int i = 0; i < requests; ++i) {
      const uint64_t r = next();
      switch (r % 4) {  // the gap since the last request
        case 0: now += r % 200'000; break;                // busy: no refresh or one
        case 1: now += (r >> 8) % (3 * refi); break;      // a few refreshes
        case 2: now += (r >> 8) % (1000 * refi); break;   // long idle
        default: now += refi - 1 + (r >> 8) % 3; break;  // right at a refresh slot
      }
      // A few rows in a few banks, so requests find banks open and busy.
      const uint64_t address = ((r >> 20) % 4) * t.row_bytes * t.banks() + ((r >> 24) % 8) * t.row_bytes +
                               ((r >> 28) % 16) * t.burst_bytes();
      const bool write = (r >> 40) % 4 == 0;
      const uint64_t arrival = now - std::min<uint64_t>(now, (r >> 44) % 50'000);  // some arrive "late"
      const DramAccess a = fast.access(address, write, arrival);
      const DramAccess b = reference.access(address, write, arrival);
      ASSERT_EQ(a.done_ps, b.done_ps) << t.name << " request " << i;
      ASSERT_EQ(a.row, b.row) << t.name << " request " << i;
      ASSERT_EQ(fast.refreshes(), reference.refreshes()) << t.name << " request " << i;
      ASSERT_EQ(fast.open_banks(), reference.open_banks()) << t.name << " request " << i;
    }
    EXPECT_EQ(fast.row_hits(), reference.row_hits()) << t.name;
    EXPECT_EQ(fast.row_misses(), reference.row_misses()) << t.name;
    EXPECT_EQ(fast.row_conflicts(), reference.row_conflicts()) << t.name;
    EXPECT_GT(fast.refreshes(), 20000u) << t.name;  // the long gaps were exercised
  }
}

// A guest asleep for a simulated hour, or until the end of representable
// time, then touching DRAM: no host-time cost, the refreshes all counted,
// and the access itself timed as after any refresh (bank closed).
TEST(DramController, HourLongIdleGapCostsNoHostTime) {
  const DramTiming& t = lpddr4();
  const uint64_t refi = uint64_t(t.tREFI) * t.tck_ps;
  const uint64_t hour_ps = 3600ull * 1'000'000'000'000ull;
  DramController dram("dram", t);
  dram.access(0, false, 0);
  const DramAccess a = dram.access(0, false, hour_ps);
  EXPECT_EQ(dram.refreshes(), hour_ps / refi);
  EXPECT_EQ(a.row, RowResult::miss);  // refresh closed the row
  EXPECT_GT(a.done_ps, hour_ps);
  const DramAccess end = dram.access(64, false, UINT64_MAX - 1'000'000'000);
  EXPECT_EQ(end.row, RowResult::miss);
  EXPECT_GE(dram.refreshes(), (UINT64_MAX - 1'000'000'000) / refi - 1);
}

TEST(DramController, RejectsImpossibleGeometry) {
  DramTiming bad = lpddr4();
  bad.row_bytes = 3000;
  EXPECT_THROW(DramController("d", bad), std::invalid_argument);
  bad = lpddr4();
  bad.banks_per_group = 6;
  EXPECT_THROW(DramController("d", bad), std::invalid_argument);
  bad = lpddr4();
  bad.tREFI = 0;  // refresh would never move on
  EXPECT_THROW(DramController("d", bad), std::invalid_argument);
}

}  // namespace
}  // namespace torpor::dram
