// The core's timing model: cache levels, TLB misses with timed walks,
// coherence invalidation and the prefetcher, against a fake memory below
// the L2 with a fixed latency.
#include <gtest/gtest.h>

#include "models/core/core_timing.h"

namespace torpor::core {
namespace {

struct FixedLatencyMemory : MemoryTimingPort {
  uint64_t latency = 100;
  unsigned reads = 0, writes = 0;
  uint64_t line_transfer_cycles(uint64_t, unsigned, bool write, uint64_t) override {
    (write ? writes : reads)++;
    return latency;
  }
};

CoreTimingConfig no_prefetch() {
  CoreTimingConfig c;
  c.l1d_prefetch_degree = 0;
  c.l2_prefetch_degree = 0;
  return c;
}

TEST(CoreTiming, EachLevelCostsMoreThanTheOneAbove) {
  FixedLatencyMemory mem;
  CoreTiming t("core", no_prefetch(), mem);
  const uint64_t dram = t.data(0x80000000, false, 0);   // misses everywhere
  const uint64_t l1 = t.data(0x80000008, false, 0);     // same line: L1 hit
  t.data(0x80000000 + 64 * 1024, false, 0);             // another line
  EXPECT_EQ(l1, 0u);
  EXPECT_EQ(dram, t.config().l2.hit_cycles + mem.latency);
  EXPECT_EQ(mem.reads, 2u);
}

TEST(CoreTiming, L2HitCostsTheL2Latency) {
  FixedLatencyMemory mem;
  CoreTimingConfig c = no_prefetch();
  c.l1d.size_bytes = 4 * 1024;  // small L1D: 64 sets x 1 way below
  c.l1d.ways = 1;
  CoreTiming t("core", c, mem);
  t.data(0x80000000, false, 0);
  t.data(0x80000000 + 4096, false, 0);  // evicts the first line from the direct-mapped L1D
  EXPECT_EQ(t.data(0x80000000, false, 0), c.l2.hit_cycles);
}

TEST(CoreTiming, InvalidatedLinesMissAgain) {
  FixedLatencyMemory mem;
  CoreTiming t("core", no_prefetch(), mem);
  t.data(0x80001000, false, 0);
  t.invalidate_range(0x80001000, 64);
  EXPECT_EQ(t.data(0x80001000, false, 0), t.config().l2.hit_cycles + mem.latency);
}

TEST(CoreTiming, TlbMissWalksThroughTheL2AndThenHits) {
  FixedLatencyMemory mem;
  CoreTimingConfig c = no_prefetch();
  c.l2_tlb.reset();
  CoreTiming t("core", c, mem);
  const uint64_t ptes[3] = {0x80100000, 0x80101000, 0x80102000};
  EXPECT_FALSE(t.dtlb_hit(0x40000000, 1));
  const uint64_t walk = t.dtlb(0x40000000, 1, ptes, 3, 12, false, 0);
  EXPECT_EQ(walk, 3 * (c.l2.hit_cycles + mem.latency));
  EXPECT_TRUE(t.dtlb_hit(0x40000ff8, 1));
  t.flush_tlbs(false, 0, false, 0);
  EXPECT_FALSE(t.dtlb_hit(0x40000000, 1));
}

TEST(CoreTiming, StreamPrefetchHidesLatencyOfSequentialLines) {
  FixedLatencyMemory mem;
  CoreTiming with("a", CoreTimingConfig{}, mem), without("b", no_prefetch(), mem);
  uint64_t cycles_with = 0, cycles_without = 0;
  for (uint64_t a = 0x80000000; a < 0x80000000 + 64 * 256; a += 8) {
    cycles_with += with.data(a, false, cycles_with);
    cycles_without += without.data(a, false, cycles_without);
  }
  EXPECT_LT(cycles_with, cycles_without);
}

TEST(CoreTiming, FenceIEmptiesTheInstructionCache) {
  FixedLatencyMemory mem;
  CoreTiming t("core", no_prefetch(), mem);
  t.fetch_line(0x80000000, 0);
  EXPECT_EQ(t.fetch_line(0x80000000, 0), 0u);
  t.flush_icache();
  EXPECT_GT(t.fetch_line(0x80000000, 0), 0u);
}

}  // namespace
}  // namespace torpor::core
