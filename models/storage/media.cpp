#include "models/storage/media.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace torpor::storage {

const std::vector<MediaProfile>& media_profiles() {
  // Bandwidths are bus or vendor sequential figures (REFERENCE.md); command
  // latencies are typical published values for the class of device.
  static const std::vector<MediaProfile> profiles = {
      {"emmc51-hs400",
       "JEDEC eMMC 5.1 HS400 bus: 200 MHz DDR x 8 bit = 400 MB/s; write and latency typical of vendor eMMC 5.1 parts",
       400, 180, 100'000, 40'000, 2'000'000, 128 * 1024, 4},
      {"ufs31",
       "UFS 3.1, 2 lanes HS-G4: ~2100 MB/s read, ~1200 MB/s write (vendor product figures)",
       2100, 1200, 60'000, 20'000, 500'000, 512 * 1024, 32},
      {"nvme-gen3x4",
       "NVMe on PCIe Gen3 x4: ~3500 MB/s read (bus 3.9 GB/s), ~3000 MB/s write; ~20-100 us command latency",
       3500, 3000, 30'000, 15'000, 300'000, 1024 * 1024, 64},
      {"nvme-pcie2x1",
       "NVMe in the VisionFive 2 M.2 slot: PCIe 2.0 x1, 5 GT/s 8b/10b = 500 MB/s bus limit",
       500, 450, 30'000, 15'000, 300'000, 1024 * 1024, 64},
      {"sd-uhs1-sdr104",
       "SD UHS-I SDR104: 104 MB/s bus limit (SD Physical Layer spec); ~30 MB/s writes and ~1 ms latency typical",
       104, 30, 1'000'000, 250'000, 5'000'000, 64 * 1024, 1},
  };
  return profiles;
}

const MediaProfile* find_media_profile(const std::string& name) {
  for (const MediaProfile& p : media_profiles())
    if (p.name == name) return &p;
  return nullptr;
}

Media::Media(std::string name, const MediaProfile& profile) : name_(std::move(name)), profile_(profile) {
  if (profile.parallelism == 0 || profile.parallelism > max_parallelism)
    throw std::invalid_argument(fmt::format("{}: parallelism must be 1..{}", profile.name, max_parallelism));
  if (profile.read_mb_per_s <= 0 || profile.write_mb_per_s <= 0)
    throw std::invalid_argument(fmt::format("{}: bandwidths must be positive", profile.name));
  reset();
}

void Media::reset() {
  slot_free_ps_.fill(0);
  link_free_ps_ = 0;
  stream_end_ = ~0ull;
}

uint64_t Media::serve(MediaOp op, uint64_t offset, uint64_t bytes, uint64_t arrival) {
  ++commands_;
  // The command takes the internal slot that frees first.
  auto slot = std::min_element(slot_free_ps_.begin(), slot_free_ps_.begin() + profile_.parallelism);
  const uint64_t start = std::max(arrival, *slot);
  uint64_t latency = 0;
  double mb_per_s = profile_.read_mb_per_s;
  switch (op) {
    case MediaOp::read:
      // A read continuing the previous one within the read-ahead window
      // finds its data already fetched.
      if (stream_end_ != ~0ull && offset >= stream_end_ && offset - stream_end_ < profile_.readahead_bytes) {
        ++readahead_hits_;
      } else {
        latency = profile_.read_latency_ns * 1000;
      }
      stream_end_ = offset + bytes;
      bytes_read_ += bytes;
      break;
    case MediaOp::write:
      latency = profile_.write_latency_ns * 1000;
      mb_per_s = profile_.write_mb_per_s;
      bytes_written_ += bytes;
      break;
    case MediaOp::flush:
      latency = profile_.flush_latency_ns * 1000;
      break;
  }
  // Data crosses the one interface at the sequential bandwidth.
  const uint64_t transfer = uint64_t(double(bytes) * 1e6 / mb_per_s);  // ps: bytes / (MB/s) = us
  const uint64_t link_start = std::max(start + latency, link_free_ps_);
  const uint64_t done = link_start + transfer;
  link_free_ps_ = done;
  *slot = done;
  busy_ps_ += transfer;
  first_ps_ = std::min(first_ps_, arrival);
  last_ps_ = std::max(last_ps_, done);
  return done;
}

void Media::register_stats(StatsRegistry& stats) const {
  stats.add_counter(name_ + ".commands", &commands_, "commands", "read, write and flush commands served");
  stats.add_counter(name_ + ".bytes_read", &bytes_read_, "bytes", "bytes read from the media");
  stats.add_counter(name_ + ".bytes_written", &bytes_written_, "bytes", "bytes written to the media");
  stats.add_counter(name_ + ".readahead_hits", &readahead_hits_, "commands", "sequential reads that skipped the latency");
  stats.add_derived(name_ + ".interface_busy", [this] { return double(busy_ps_) / 1e6; }, "us",
                    "time data occupied the interface");
  stats.add_derived(name_ + ".profile_read_bandwidth", [this] { return profile_.read_mb_per_s; }, "MB/s",
                    "the profile's sequential read figure");
}

}  // namespace torpor::storage
