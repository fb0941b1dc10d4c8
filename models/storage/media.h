// Storage media timing, separate from the protocol: how long the flash and
// its interface take to serve a read, write or flush. A command pays a
// latency (shorter when it continues a sequential stream the device's
// read-ahead has already fetched), up to `parallelism` commands overlap
// their latencies, and all data crosses one interface at the profile's
// sequential bandwidth, so nothing moves faster than the profile allows.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/stats.h"

namespace torpor::storage {

struct MediaProfile {
  std::string name;
  std::string source;
  double read_mb_per_s;        // sequential read, 10^6 bytes/s
  double write_mb_per_s;       // sequential write
  uint64_t read_latency_ns;    // random read command latency
  uint64_t write_latency_ns;   // write command latency (to the device cache)
  uint64_t flush_latency_ns;   // cache flush
  uint64_t readahead_bytes;    // sequential reads within this window skip the command latency
  unsigned parallelism;        // commands whose latencies overlap (internal queue depth)
};

const std::vector<MediaProfile>& media_profiles();
const MediaProfile* find_media_profile(const std::string& name);

enum class MediaOp : uint8_t { read, write, flush };

class Media {
 public:
  explicit Media(std::string name, const MediaProfile& profile);

  // A command of `bytes` at byte `offset` arriving at `arrival_ps`: when
  // does its last byte cross the interface?
  uint64_t serve(MediaOp op, uint64_t offset, uint64_t bytes, uint64_t arrival_ps);
  void reset();
  const MediaProfile& profile() const { return profile_; }
  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t bytes_written() const { return bytes_written_; }
  void register_stats(StatsRegistry& stats) const;

 private:
  static constexpr unsigned max_parallelism = 64;
  std::string name_;
  MediaProfile profile_;
  std::array<uint64_t, max_parallelism> slot_free_ps_{};
  uint64_t link_free_ps_ = 0;
  uint64_t stream_end_ = ~0ull;      // byte after the last read (read-ahead window start)
  uint64_t commands_ = 0, bytes_read_ = 0, bytes_written_ = 0, readahead_hits_ = 0;
  uint64_t busy_ps_ = 0, first_ps_ = ~0ull, last_ps_ = 0;
};

}  // namespace torpor::storage
