// A tag-only set-associative cache timing model: which lines are present,
// which are dirty, and what an access costs. Data stays in DRAM (reached
// through DMI), so the model tracks state only. Write-back, write-allocate;
// LRU or tree-PLRU replacement. Plain C++ so the core's hot path can call it
// directly (no TLM, no virtual calls).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/stats.h"

namespace torpor::cache {

enum class Replacement : uint8_t { lru, plru };

struct CacheConfig {
  uint64_t size_bytes = 32 * 1024;
  unsigned ways = 8;
  unsigned line_bytes = 64;
  unsigned hit_cycles = 1;  // load-to-use latency of a hit, in core cycles
  Replacement replacement = Replacement::lru;
};

// What one lookup did: hit, or miss with the victim's address if it was
// dirty (the caller charges the write-back to the next level).
struct LookupResult {
  bool hit;
  bool writeback;           // a dirty victim must be written to the next level
  uint64_t victim_address;  // line address of that victim
};

class Cache {
 public:
  Cache(std::string name, const CacheConfig& config);

  // Looks up the line holding `address`; on a miss the line is allocated
  // (write-allocate) and the victim chosen by the replacement policy.
  LookupResult access(uint64_t address, bool write);
  // True if the line is present (no state change): for tests and snooping.
  bool contains(uint64_t address) const;
  // Drops the line if present (DMA writes keep caches coherent this way);
  // returns whether it was dirty.
  bool invalidate(uint64_t address);
  // Drops every line (power-on state).
  void reset();

  const CacheConfig& config() const { return config_; }
  const std::string& name() const { return name_; }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  void register_stats(StatsRegistry& stats) const;

 private:
  struct Way {
    uint64_t tag = 0;
    bool valid = false;
    bool dirty = false;
    uint64_t last_use = 0;  // LRU timestamp
  };

  unsigned set_index(uint64_t line) const { return unsigned(line & (sets_ - 1)); }
  unsigned choose_victim(unsigned set);
  void touch(unsigned set, unsigned way);

  std::string name_;
  CacheConfig config_;
  unsigned sets_;
  unsigned line_shift_;
  std::vector<Way> ways_;          // sets_ x ways, set-major
  std::vector<uint64_t> plru_;     // one tree of ways-1 bits per set
  uint64_t use_clock_ = 0;
  // The line of the last access (already most recently used): a repeated
  // access to it needs no search and changes no replacement state.
  uint64_t last_line_ = ~0ull;
  bool last_dirty_ = false;
  uint64_t hits_ = 0, misses_ = 0, writebacks_ = 0, invalidations_ = 0;
};

}  // namespace torpor::cache
