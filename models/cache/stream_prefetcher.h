// A stream prefetcher for one cache level: a demand miss to the line after
// a recent miss starts a stream, and the cache then keeps `degree` lines
// ahead of the demand accesses. It also remembers when each prefetched line
// arrives, so a demand access to a line still in flight waits only for the
// rest of its transfer. Timing bookkeeping only; the cache holds the tags.
#pragma once
#include <array>
#include <cstdint>

namespace torpor::cache {

class StreamPrefetcher {
 public:
  // At most as many lines ahead as it can track in flight: beyond that a
  // prefetch would only overwrite the record of an earlier one, and a huge
  // degree would make every stream start a near-endless burst of requests.
  static constexpr unsigned max_degree = 64;

  explicit StreamPrefetcher(unsigned degree) : degree_(degree < max_degree ? degree : max_degree) {}

  unsigned degree() const { return degree_; }
  // Records a demand miss; true if it continues a stream (prefetch ahead).
  bool demand_miss(uint64_t line) {
    bool stream = false;
    for (uint64_t& recent : recent_misses_)
      if (recent + 1 == line) stream = true;
    recent_misses_[next_recent_++ % recent_misses_.size()] = line;
    return stream && degree_ > 0;
  }
  // A prefetch of `line` was issued and completes at cycle `ready`.
  void issued(uint64_t line, uint64_t ready) { in_flight_[line % in_flight_.size()] = {line, ready}; }
  // A demand hit on `line`: true if it was prefetched (the stream goes on);
  // `ready` is then the cycle its data arrives.
  bool demand_hit(uint64_t line, uint64_t& ready) {
    InFlight& f = in_flight_[line % in_flight_.size()];
    if (f.line != line) return false;
    ready = f.ready;
    f.line = ~0ull;
    return true;
  }

 private:
  struct InFlight {
    uint64_t line = ~0ull;
    uint64_t ready = 0;
  };
  unsigned degree_;
  std::array<uint64_t, 8> recent_misses_{};
  unsigned next_recent_ = 0;
  std::array<InFlight, max_degree> in_flight_{};
};

}  // namespace torpor::cache
