// The tag-only cache model: hits and misses, replacement, write-back of
// dirty victims, invalidation, and rejected geometries.
#include <gtest/gtest.h>

#include "models/cache/cache.h"

namespace torpor::cache {
namespace {

// 4 sets x 2 ways x 64-byte lines = 512 bytes: easy to reason about.
CacheConfig small(Replacement r = Replacement::lru) {
  CacheConfig c;
  c.size_bytes = 512;
  c.ways = 2;
  c.line_bytes = 64;
  c.replacement = r;
  return c;
}
constexpr uint64_t set_stride = 4 * 64;  // addresses this far apart share a set

TEST(Cache, FirstAccessMissesThenHitsWithinTheLine) {
  Cache c("l1", small());
  EXPECT_FALSE(c.access(0x1000, false).hit);
  EXPECT_TRUE(c.access(0x1008, false).hit);
  EXPECT_TRUE(c.access(0x103f, true).hit);
  EXPECT_FALSE(c.access(0x1040, false).hit);
  EXPECT_EQ(c.hits(), 2u);
  EXPECT_EQ(c.misses(), 2u);
}

TEST(Cache, LruEvictsTheLeastRecentlyUsedWay) {
  Cache c("l1", small());
  c.access(0 * set_stride, false);
  c.access(1 * set_stride, false);
  c.access(0 * set_stride, false);  // way holding line 0 is now most recent
  c.access(2 * set_stride, false);  // evicts line 1
  EXPECT_TRUE(c.contains(0));
  EXPECT_FALSE(c.contains(1 * set_stride));
  EXPECT_TRUE(c.contains(2 * set_stride));
}

TEST(Cache, PlruKeepsTheMostRecentlyUsedLine) {
  CacheConfig cfg = small(Replacement::plru);
  cfg.size_bytes = 1024;
  cfg.ways = 4;  // 4 sets x 4 ways
  Cache c("l1", cfg);
  for (uint64_t i = 0; i < 4; ++i) c.access(i * set_stride, false);
  c.access(3 * set_stride, false);
  for (uint64_t i = 4; i < 7; ++i) {
    c.access(i * set_stride, false);
    EXPECT_TRUE(c.contains(i * set_stride));
    EXPECT_TRUE(c.contains((i - 1) * set_stride)) << "the line used just before was evicted";
  }
}

TEST(Cache, DirtyVictimIsReportedForWriteBack) {
  Cache c("l1", small());
  c.access(0, true);  // dirty
  c.access(set_stride, false);
  const LookupResult r = c.access(2 * set_stride, false);  // evicts the dirty line 0
  EXPECT_FALSE(r.hit);
  EXPECT_TRUE(r.writeback);
  EXPECT_EQ(r.victim_address, 0u);
  const LookupResult clean = c.access(3 * set_stride, false);  // evicts clean line 1
  EXPECT_FALSE(clean.writeback);
}

TEST(Cache, InvalidateDropsTheLineAndReportsDirtiness) {
  Cache c("l1", small());
  c.access(0x2000, true);
  EXPECT_TRUE(c.invalidate(0x2010));
  EXPECT_FALSE(c.contains(0x2000));
  EXPECT_FALSE(c.invalidate(0x2000));
  EXPECT_FALSE(c.access(0x2000, false).hit);
}

TEST(Cache, ResetEmptiesTheCache) {
  Cache c("l1", small());
  c.access(0x40, false);
  c.reset();
  EXPECT_FALSE(c.contains(0x40));
}

TEST(Cache, WorkingSetLargerThanTheCacheMissesEveryTime) {
  Cache c("l1", small());
  // 16 lines cycled through a 8-line LRU cache: every access misses.
  for (int round = 0; round < 3; ++round)
    for (uint64_t i = 0; i < 16; ++i) c.access(i * 64, false);
  EXPECT_EQ(c.hits(), 0u);
}

TEST(Cache, RejectsImpossibleGeometries) {
  CacheConfig c = small();
  c.line_bytes = 48;
  EXPECT_THROW(Cache("bad", c), std::invalid_argument);
  c = small();
  c.size_bytes = 384;  // 3 sets
  EXPECT_THROW(Cache("bad", c), std::invalid_argument);
  c = small();
  c.ways = 0;
  EXPECT_THROW(Cache("bad", c), std::invalid_argument);
  c = small(Replacement::plru);
  c.ways = 3;
  c.size_bytes = 3 * 64 * 4;
  EXPECT_THROW(Cache("bad", c), std::invalid_argument);
}

}  // namespace
}  // namespace torpor::cache
