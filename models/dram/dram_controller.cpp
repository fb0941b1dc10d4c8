#include "models/dram/dram_controller.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace torpor::dram {

namespace {
unsigned log2_exact(uint64_t v, const std::string& what) {
  if (!v || (v & (v - 1))) throw std::invalid_argument(fmt::format("{} ({}) must be a power of two", what, v));
  return unsigned(__builtin_ctzll(v));
}
// Times past the end of uint64 picoseconds (213 days) mean "never".
uint64_t saturate(unsigned __int128 ps) { return ps > UINT64_MAX ? UINT64_MAX : uint64_t(ps); }
}  // namespace

DramController::DramController(std::string name, const DramTiming& timing) : name_(std::move(name)), timing_(timing) {
  column_bits_ = log2_exact(timing.row_bytes, timing.name + " row_bytes");
  bank_bits_ = log2_exact(timing.banks(), timing.name + " banks");
  if (timing.burst_bytes() > timing.row_bytes)
    throw std::invalid_argument(timing.name + ": a burst is larger than a row");
  if (timing.tck_ps == 0 || timing.tREFI == 0)
    throw std::invalid_argument(timing.name + ": tCK and tREFI must be non-zero");
  banks_.resize(timing.banks());
  reset();
}

void DramController::reset() {
  std::fill(banks_.begin(), banks_.end(), Bank{});
  write_queue_.clear();
  recent_acts_.fill(0);
  last_act_ps_ = last_cas_ps_ = last_write_data_end_ps_ = bus_free_ps_ = 0;
  any_act_ = false;
  next_refresh_ps_ = ck(timing_.tREFI);
}

// All-bank refresh at every tREFI: banks close and stay busy for tRFC.
// One refresh: it waits for every bank to be precharged, then holds them all.
void DramController::refresh_once() {
  uint64_t start = next_refresh_ps_;
  for (const Bank& b : banks_) start = std::max(start, b.open ? b.ready_pre_ps + ck(timing_.tRP) : b.ready_act_ps);
  const uint64_t end = start + ck(timing_.tRFC);
  for (Bank& b : banks_) {
    b.open = false;
    b.ready_act_ps = std::max(b.ready_act_ps, end);
  }
  ++refreshes_;
  next_refresh_ps_ = saturate((unsigned __int128)next_refresh_ps_ + ck(timing_.tREFI));
}

// Catches up every refresh due by t in O(1), however long the DRAM sat idle
// (a guest asleep for an hour owes a billion of them). The first refresh
// closes every bank; from then on, refresh k starts at its slot or when
// refresh k-1 ends, whichever is later, and leaves every bank ready at its
// own end. So only the last one matters, and its delay past its slot follows
// lag(k) = max(0, lag(k-1) + tRFC - tREFI), which has a closed form.
// Bit-identical to calling refresh_once() for each (see test_dram_controller).
void DramController::refresh_until(uint64_t t) {
  // UINT64_MAX: the next refresh lies past representable time, never due.
  auto due = [&] { return next_refresh_ps_ <= t && next_refresh_ps_ != UINT64_MAX; };
  if (!due()) return;
  refresh_once();
  if (stepwise_refresh_) {  // the reference the closed form is tested against
    while (due()) refresh_once();
    return;
  }
  if (!due()) return;
  const uint64_t refi = ck(timing_.tREFI), rfc = ck(timing_.tRFC);
  const uint64_t more = (t - next_refresh_ps_) / refi + 1;  // refreshes still due, the first at next_refresh_ps_
  uint64_t ready = 0;  // all banks closed: the next refresh waits for the last to be ready
  for (const Bank& b : banks_) ready = std::max(ready, b.ready_act_ps);
  using int128 = __int128;
  const int128 first_lag = ready > next_refresh_ps_ ? int128(ready - next_refresh_ps_) : 0;
  // Lags never go below zero; while positive they change by tRFC - tREFI a step.
  const int128 last_lag = std::max<int128>(0, first_lag + int128(more - 1) * (int128(rfc) - int128(refi)));
  const unsigned __int128 last_slot = (unsigned __int128)next_refresh_ps_ + (unsigned __int128)(more - 1) * refi;
  const unsigned __int128 end = last_slot + (unsigned __int128)last_lag + rfc;
  for (Bank& b : banks_) b.ready_act_ps = saturate(end);
  refreshes_ += more;
  next_refresh_ps_ = saturate(last_slot + refi);
}

DramAccess DramController::access(uint64_t address, bool write, uint64_t arrival) {
  const uint64_t burst_address = address & ~(timing_.burst_bytes() - 1);
  if (write) {
    // Posted: the write completes for the requester once queued.
    if (std::find(write_queue_.begin(), write_queue_.end(), burst_address) == write_queue_.end())
      write_queue_.push_back(burst_address);
    // A full queue pushes back: this write completes when the batch is in.
    if (write_queue_.size() >= write_queue_depth) return {drain_writes(arrival), RowResult::hit};
    return {arrival, RowResult::hit};
  }
  if (std::find(write_queue_.begin(), write_queue_.end(), burst_address) != write_queue_.end()) {
    ++reads_from_write_queue_;
    return {arrival + ck(timing_.tCCD), RowResult::hit};
  }
  const DramAccess a = issue(burst_address, false, arrival);
  ++reads_;
  read_latency_ps_total_ += a.done_ps - arrival;
  return a;
}

uint64_t DramController::drain_writes(uint64_t arrival) {
  ++write_drains_;
  // In address order, so the batch streams through open rows.
  std::sort(write_queue_.begin(), write_queue_.end());
  uint64_t done = arrival;
  for (uint64_t a : write_queue_) done = std::max(done, issue(a, true, arrival).done_ps);
  write_queue_.clear();
  return done;
}

DramAccess DramController::issue(uint64_t address, bool write, uint64_t arrival) {
  // Address map, low to high: column (within a row), bank, row. Sequential
  // lines stay in one open row; the next row goes to the next bank.
  const uint64_t bank_index = (address >> column_bits_) & ((1ull << bank_bits_) - 1);
  const uint64_t row = address >> (column_bits_ + bank_bits_);
  Bank& bank = banks_[bank_index];
  refresh_until(std::max(arrival, last_cas_ps_));  // the earliest this request can start

  uint64_t t = arrival;
  RowResult result;
  if (bank.open && bank.row == row) {
    result = RowResult::hit;
    ++row_hits_;
  } else {
    uint64_t act = std::max(t, bank.ready_act_ps);
    if (bank.open) {  // close the other row first
      result = RowResult::conflict;
      ++row_conflicts_;
      act = std::max(act, std::max(t, bank.ready_pre_ps) + ck(timing_.tRP));
    } else {
      result = RowResult::miss;
      ++row_misses_;
    }
    if (any_act_) act = std::max(act, last_act_ps_ + ck(timing_.tRRD));
    act = std::max(act, recent_acts_[0] + ck(timing_.tFAW));  // at most four ACTs per tFAW
    std::rotate(recent_acts_.begin(), recent_acts_.begin() + 1, recent_acts_.end());
    recent_acts_[3] = act;
    last_act_ps_ = act;
    any_act_ = true;
    bank.open = true;
    bank.row = row;
    bank.act_ps = act;
    bank.ready_pre_ps = act + ck(timing_.tRAS);
    t = act + ck(timing_.tRCD);
  }

  // Column command: tCCD after the previous one, tWTR after write data when
  // reading, and its data must find the bus free.
  uint64_t cas = std::max(t, last_cas_ps_ + (requests_ ? ck(timing_.tCCD) : 0));
  if (!write) cas = std::max(cas, last_write_data_end_ps_ + ck(timing_.tWTR));
  const uint64_t latency = ck(write ? timing_.tCWL : timing_.tCL);
  const uint64_t burst = ck(timing_.burst_length / timing_.data_rate);
  if (cas + latency < bus_free_ps_) cas = bus_free_ps_ - latency;
  const uint64_t data_start = cas + latency;
  const uint64_t data_end = data_start + burst;
  last_cas_ps_ = cas;
  bus_free_ps_ = data_end;
  if (write) {
    last_write_data_end_ps_ = data_end;
    bank.ready_pre_ps = std::max(bank.ready_pre_ps, data_end + ck(timing_.tWR));
    bytes_written_ += timing_.burst_bytes();
  } else {
    bank.ready_pre_ps = std::max(bank.ready_pre_ps, cas + ck(timing_.tRTP));
    bytes_read_ += timing_.burst_bytes();
  }
  bank.ready_act_ps = std::max(bank.ready_act_ps, bank.ready_pre_ps + ck(timing_.tRP));
  ++requests_;
  latency_ps_total_ += data_end - arrival;
  busy_until_ps_ = data_end;
  return {data_end, result};
}

uint64_t DramController::access_range(uint64_t address, uint64_t length, bool write, uint64_t arrival) {
  const uint64_t burst = timing_.burst_bytes();
  uint64_t done = arrival;
  for (uint64_t a = address & ~(burst - 1); a < address + length; a += burst)
    done = std::max(done, access(a, write, arrival).done_ps);
  return done;
}

void DramController::register_stats(StatsRegistry& stats) const {
  stats.add_counter(name_ + ".row_hits", &row_hits_, "accesses", "column accesses to the open row");
  stats.add_counter(name_ + ".row_misses", &row_misses_, "accesses", "accesses to a closed bank (ACT needed)");
  stats.add_counter(name_ + ".row_conflicts", &row_conflicts_, "accesses", "accesses to another row (PRE + ACT)");
  stats.add_counter(name_ + ".refreshes", &refreshes_, "refreshes", "all-bank refresh commands");
  stats.add_counter(name_ + ".bytes_read", &bytes_read_, "bytes", "bytes read from the devices");
  stats.add_counter(name_ + ".bytes_written", &bytes_written_, "bytes", "bytes written to the devices");
  stats.add_derived(name_ + ".row_hit_rate", [this] {
    const uint64_t n = row_hits_ + row_misses_ + row_conflicts_;
    return n ? 100.0 * double(row_hits_) / double(n) : 0.0;
  }, "%", "row hits / accesses");
  stats.add_derived(name_ + ".average_read_latency", [this] {
    return reads_ ? double(read_latency_ps_total_) / double(reads_) / 1000.0 : 0.0;
  }, "ns", "read arrival to last data beat, per burst (queueing included)");
  stats.add_counter(name_ + ".write_drains", &write_drains_, "drains", "write-queue batches written to the devices");
  stats.add_counter(name_ + ".reads_from_write_queue", &reads_from_write_queue_, "bursts",
                    "reads served by a posted write not yet drained");
  stats.add_derived(name_ + ".peak_bandwidth", [this] { return timing_.peak_bytes_per_second() / 1e9; }, "GB/s",
                    "data rate x bus width of the preset");
  stats.add_derived(name_ + ".bandwidth", [this] {
    return busy_until_ps_ ? double(bytes_read_ + bytes_written_) / (double(busy_until_ps_) * 1e-12) / 1e9 : 0.0;
  }, "GB/s", "bytes moved / time of the last transfer");
}

}  // namespace torpor::dram
