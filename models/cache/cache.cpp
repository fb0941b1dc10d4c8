#include "models/cache/cache.h"

#include <stdexcept>

#include <fmt/format.h>

namespace torpor::cache {

namespace {
bool is_power_of_two(uint64_t v) { return v && !(v & (v - 1)); }
}  // namespace

Cache::Cache(std::string name, const CacheConfig& config) : name_(std::move(name)), config_(config) {
  if (!is_power_of_two(config.line_bytes) || config.line_bytes < 8)
    throw std::invalid_argument(fmt::format("{}: line size {} is not a power of two >= 8", name_, config.line_bytes));
  if (config.ways == 0 || config.size_bytes % (uint64_t(config.ways) * config.line_bytes) != 0)
    throw std::invalid_argument(fmt::format("{}: size {} is not a multiple of ways x line size", name_,
                                            config.size_bytes));
  const uint64_t sets = config.size_bytes / (uint64_t(config.ways) * config.line_bytes);
  if (!is_power_of_two(sets))
    throw std::invalid_argument(fmt::format("{}: {} sets is not a power of two", name_, sets));
  if (config.replacement == Replacement::plru && !is_power_of_two(config.ways))
    throw std::invalid_argument(fmt::format("{}: tree-PLRU needs a power-of-two number of ways", name_));
  sets_ = unsigned(sets);
  line_shift_ = unsigned(__builtin_ctz(config.line_bytes));
  ways_.resize(uint64_t(sets_) * config.ways);
  plru_.resize(sets_);
}

void Cache::reset() {
  last_line_ = ~0ull;
  for (Way& w : ways_) w = Way{};
  std::fill(plru_.begin(), plru_.end(), 0);
}

void Cache::touch(unsigned set, unsigned way) {
  ways_[uint64_t(set) * config_.ways + way].last_use = ++use_clock_;
  if (config_.replacement != Replacement::plru) return;
  // Tree-PLRU: walk from the root, pointing every node away from this way.
  uint64_t& bits = plru_[set];
  unsigned node = 0, lo = 0, hi = config_.ways;
  while (hi - lo > 1) {
    const unsigned mid = (lo + hi) / 2;
    if (way < mid) {
      bits |= 1ull << node;  // 1: the victim is on the right
      node = 2 * node + 1;
      hi = mid;
    } else {
      bits &= ~(1ull << node);
      node = 2 * node + 2;
      lo = mid;
    }
  }
}

unsigned Cache::choose_victim(unsigned set) {
  Way* w = &ways_[uint64_t(set) * config_.ways];
  for (unsigned i = 0; i < config_.ways; ++i)
    if (!w[i].valid) return i;
  if (config_.replacement == Replacement::plru) {
    const uint64_t bits = plru_[set];
    unsigned node = 0, lo = 0, hi = config_.ways;
    while (hi - lo > 1) {
      const unsigned mid = (lo + hi) / 2;
      if (bits & (1ull << node)) {
        node = 2 * node + 2;
        lo = mid;
      } else {
        node = 2 * node + 1;
        hi = mid;
      }
    }
    return lo;
  }
  unsigned victim = 0;
  for (unsigned i = 1; i < config_.ways; ++i)
    if (w[i].last_use < w[victim].last_use) victim = i;
  return victim;
}

LookupResult Cache::access(uint64_t address, bool write) {
  const uint64_t line = address >> line_shift_;
  if (line == last_line_ && (last_dirty_ || !write)) {
    ++hits_;
    return {true, false, 0};
  }
  last_line_ = line;
  last_dirty_ = write;
  const unsigned set = set_index(line);
  Way* w = &ways_[uint64_t(set) * config_.ways];
  for (unsigned i = 0; i < config_.ways; ++i) {
    if (w[i].valid && w[i].tag == line) {
      ++hits_;
      w[i].dirty |= write;
      last_dirty_ = w[i].dirty;
      touch(set, i);
      return {true, false, 0};
    }
  }
  ++misses_;
  const unsigned v = choose_victim(set);
  LookupResult result{false, w[v].valid && w[v].dirty, w[v].tag << line_shift_};
  if (result.writeback) ++writebacks_;
  w[v] = Way{line, true, write, 0};
  touch(set, v);
  return result;
}

bool Cache::contains(uint64_t address) const {
  const uint64_t line = address >> line_shift_;
  const Way* w = &ways_[uint64_t(set_index(line)) * config_.ways];
  for (unsigned i = 0; i < config_.ways; ++i)
    if (w[i].valid && w[i].tag == line) return true;
  return false;
}

bool Cache::invalidate(uint64_t address) {
  const uint64_t line = address >> line_shift_;
  if (line == last_line_) last_line_ = ~0ull;
  Way* w = &ways_[uint64_t(set_index(line)) * config_.ways];
  for (unsigned i = 0; i < config_.ways; ++i) {
    if (w[i].valid && w[i].tag == line) {
      ++invalidations_;
      const bool dirty = w[i].dirty;
      w[i] = Way{};
      return dirty;
    }
  }
  return false;
}

void Cache::register_stats(StatsRegistry& stats) const {
  stats.add_counter(name_ + ".hits", &hits_, "accesses", "lookups that hit");
  stats.add_counter(name_ + ".misses", &misses_, "accesses", "lookups that missed (line allocated)");
  stats.add_counter(name_ + ".writebacks", &writebacks_, "lines", "dirty victims written to the next level");
  stats.add_counter(name_ + ".invalidations", &invalidations_, "lines", "lines dropped by coherence (DMA writes)");
  stats.add_derived(name_ + ".hit_rate", [this] {
    const uint64_t n = hits_ + misses_;
    return n ? 100.0 * double(hits_) / double(n) : 0.0;
  }, "%", "hits / lookups");
}

}  // namespace torpor::cache
