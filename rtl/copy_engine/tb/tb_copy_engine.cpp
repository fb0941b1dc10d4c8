// Verilator testbench for rtl/copy_engine/copy_engine.sv (contract:
// rtl/copy_engine/REGISTERS.md). Plain C++, no SystemC:
//
//   verilator --cc --exe --build -Wall rtl/copy_engine/copy_engine.sv \
//             rtl/copy_engine/tb/tb_copy_engine.cpp -o tb_copy_engine
//   obj_dir/tb_copy_engine [seed]
//
// Behind the engine's valid/ready channels sits a memory model (4 MiB of
// DRAM at 0x8000_0000) with random ready/valid delays and read latencies,
// which can fail the read or the write of one address. The model also checks
// the engine's side of the protocol: requests held stable until accepted,
// aligned and inside one 4 KiB page, write data only for accepted requests
// with `last` on the right beat, no more read bursts in flight than
// MAX_OUTSTANDING. Each test prints what it checks; any failure makes the
// exit status non-zero. Every run has a cycle budget: a hang fails the test.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "Vcopy_engine.h"
#include "verilated.h"

namespace {

// Register offsets (REGISTERS.md)
constexpr uint8_t REG_ID = 0x00, REG_VERSION = 0x04, REG_CONTROL = 0x08, REG_STATUS = 0x0C;
constexpr uint8_t REG_LIST_HEAD_LO = 0x10, REG_LIST_HEAD_HI = 0x14;
constexpr uint8_t REG_VA_PA_OFFSET_LO = 0x18, REG_VA_PA_OFFSET_HI = 0x1C;
constexpr uint8_t REG_PAGES_COPIED = 0x20, REG_BURST_BEATS = 0x24, REG_MAX_OUTSTANDING = 0x28;
constexpr uint8_t REG_LIST_LIMIT = 0x2C, REG_IRQ_STATUS = 0x30;
constexpr uint32_t CONTROL_START = 1, CONTROL_IRQ_ENABLE = 2;
constexpr uint32_t STATUS_BUSY = 1, STATUS_DONE = 2;

constexpr uint64_t PAGE = 4096;
constexpr uint64_t DRAM_BASE = 0x8000'0000;
constexpr uint64_t DRAM_SIZE = 4 << 20;
// Linux's linear map on RV64 (Sv39): virtual 0xffff_ffd8_0000_0000 is DRAM_BASE.
constexpr uint64_t LINEAR_MAP_VA = 0xffff'ffd8'0000'0000ull;
constexpr uint64_t VA_PA_OFFSET = DRAM_BASE - LINEAR_MAP_VA;  // mod 2^64

struct TestFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <typename... Args>
[[noreturn]] void fail(const char* fmt, Args... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  throw TestFailure(buf);
}

// How eager the memory side is: probabilities per cycle and latencies.
struct BusTiming {
  double req_ready = 0.6;
  double rdata_valid = 0.7;
  double wdata_ready = 0.7;
  double bresp_valid = 0.6;
  unsigned read_latency_max = 24;   // cycles from request accepted to first beat (1..max)
  unsigned bresp_latency_max = 12;  // cycles from last write beat to the response (1..max)
};

// DRAM behind the engine's memory channels.
class MemoryModel {
 public:
  std::vector<uint8_t> bytes = std::vector<uint8_t>(DRAM_SIZE);
  BusTiming timing;
  std::optional<uint64_t> read_error_at;   // a read beat of this 8-byte word fails
  std::optional<uint64_t> write_error_at;  // a write burst over this word fails
  unsigned max_outstanding = 4;            // the engine's MAX_OUTSTANDING, checked
  unsigned burst_beats = 8;                // the engine's BURST_BEATS, checked on page bursts

  // Statistics of the current run
  uint64_t read_bursts = 0, write_bursts = 0;
  unsigned max_reads_in_flight = 0;

  static bool in_dram(uint64_t pa, uint64_t len) {
    return pa >= DRAM_BASE && pa - DRAM_BASE <= DRAM_SIZE && len <= DRAM_SIZE - (pa - DRAM_BASE);
  }
  uint64_t load64(uint64_t pa) const {
    uint64_t v;
    std::memcpy(&v, &bytes[pa - DRAM_BASE], 8);
    return v;
  }
  void store64(uint64_t pa, uint64_t v) { std::memcpy(&bytes[pa - DRAM_BASE], &v, 8); }

  void reset_stats() { read_bursts = write_bursts = 0, max_reads_in_flight = 0; }
  bool idle() const { return reads_.empty() && writes_.empty() && bresps_.empty(); }

  // Before the clock edge: drive the memory's outputs for this cycle.
  void drive(Vcopy_engine& top, std::mt19937_64& rng, uint64_t cycle) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    top.mem_req_ready = u(rng) < timing.req_ready;
    top.mem_wdata_ready = u(rng) < timing.wdata_ready;

    // A valid beat stays valid, unchanged, until taken (AXI A3.2.1).
    if (!top.mem_rdata_valid && !reads_.empty() && reads_.front().ready_cycle <= cycle &&
        u(rng) < timing.rdata_valid) {
      const Burst& b = reads_.front();
      const uint64_t pa = b.addr + 8ull * read_beat_;
      const bool ok = in_dram(pa, 8) && !(read_error_at && *read_error_at == pa);
      top.mem_rdata_valid = 1;
      top.mem_rdata = ok ? load64(pa) : 0xdead'beef'dead'beefull;
      top.mem_rdata_error = !ok;
      top.mem_rdata_last = read_beat_ + 1 == b.beats;
    }
    if (!top.mem_bresp_valid && !bresps_.empty() && bresps_.front().ready_cycle <= cycle &&
        u(rng) < timing.bresp_valid) {
      top.mem_bresp_valid = 1;
      top.mem_bresp_error = bresps_.front().error;
    }
  }

  // At the clock edge: the handshakes that complete, and protocol checks.
  void sample(Vcopy_engine& top, std::mt19937_64& rng, uint64_t cycle) {
    // The request, once valid, must be held unchanged until accepted.
    if (held_req_) {
      if (!top.mem_req_valid || top.mem_req_write != held_req_->write ||
          top.mem_req_addr != held_req_->addr || top.mem_req_beats != held_req_->beats)
        fail("request changed or dropped before it was accepted (addr 0x%llx)",
             (unsigned long long)held_req_->addr);
    }
    if (held_wdata_) {
      if (!top.mem_wdata_valid || top.mem_wdata != held_wdata_->first ||
          bool(top.mem_wdata_last) != held_wdata_->second)
        fail("write beat changed or dropped before it was accepted");
    }
    held_req_.reset();
    held_wdata_.reset();

    if (top.mem_req_valid) {
      Burst b{bool(top.mem_req_write), top.mem_req_addr, top.mem_req_beats, 0, false};
      if (b.addr % 8) fail("request address 0x%llx not 8-byte aligned", (unsigned long long)b.addr);
      if (b.beats < 1 || b.beats > 16) fail("request of %u beats", b.beats);
      if (b.addr / PAGE != (b.addr + 8ull * b.beats - 1) / PAGE)
        fail("burst at 0x%llx of %u beats crosses 4 KiB", (unsigned long long)b.addr, b.beats);
      if (top.mem_req_ready) {
        std::uniform_int_distribution<unsigned> lat(1, timing.read_latency_max);
        if (b.write) {
          if (b.beats > burst_beats) fail("write burst of %u beats > BURST_BEATS %u", b.beats, burst_beats);
          b.error = !in_dram(b.addr, 8ull * b.beats) ||
                    (write_error_at && *write_error_at >= b.addr && *write_error_at < b.addr + 8ull * b.beats);
          writes_.push_back(b);
          ++write_bursts;
        } else {
          // Page reads follow BURST_BEATS; a pbe fetch is up to 3 beats.
          if (b.beats > std::max(burst_beats, 3u)) fail("read burst of %u beats > BURST_BEATS %u", b.beats, burst_beats);
          b.ready_cycle = cycle + lat(rng);
          reads_.push_back(b);
          ++read_bursts;
          if (reads_.size() > max_outstanding)
            fail("%zu read bursts in flight > MAX_OUTSTANDING %u", reads_.size(), max_outstanding);
          max_reads_in_flight = std::max<unsigned>(max_reads_in_flight, reads_.size());
        }
      } else {
        held_req_ = b;
      }
    }

    if (top.mem_rdata_valid && top.mem_rdata_ready) {
      taken_rdata_ = true;
      if (++read_beat_ == reads_.front().beats) {
        reads_.pop_front();
        read_beat_ = 0;
      }
    }

    if (top.mem_wdata_valid) {
      if (writes_.empty()) fail("write data with no accepted write request");
      Burst& b = writes_.front();
      const bool last = write_beat_ + 1 == b.beats;
      if (bool(top.mem_wdata_last) != last)
        fail("wdata_last %d on beat %u of a %u-beat burst", int(top.mem_wdata_last), write_beat_, b.beats);
      if (top.mem_wdata_ready) {
        if (!b.error) store64(b.addr + 8ull * write_beat_, top.mem_wdata);
        if (++write_beat_ == b.beats) {
          std::uniform_int_distribution<unsigned> lat(1, timing.bresp_latency_max);
          bresps_.push_back({cycle + lat(rng), b.error});
          writes_.pop_front();
          write_beat_ = 0;
        }
      } else {
        held_wdata_ = {top.mem_wdata, bool(top.mem_wdata_last)};
      }
    }

    if (top.mem_bresp_valid && top.mem_bresp_ready) {
      taken_bresp_ = true;
      bresps_.pop_front();
    }
  }

  // After the clock edge: a beat or response taken is no longer presented.
  void after_edge(Vcopy_engine& top) {
    if (taken_rdata_) top.mem_rdata_valid = 0;
    if (taken_bresp_) top.mem_bresp_valid = 0;
    taken_rdata_ = taken_bresp_ = false;
  }

 private:
  struct Burst {
    bool write;
    uint64_t addr;
    unsigned beats;
    uint64_t ready_cycle;
    bool error;
  };
  struct Response {
    uint64_t ready_cycle;
    bool error;
  };
  std::deque<Burst> reads_;   // accepted, beats still to return
  unsigned read_beat_ = 0;
  std::deque<Burst> writes_;  // accepted, beats still to come
  unsigned write_beat_ = 0;
  std::deque<Response> bresps_;
  bool taken_rdata_ = false, taken_bresp_ = false;
  std::optional<Burst> held_req_;
  std::optional<std::pair<uint64_t, bool>> held_wdata_;
};

// The engine, its clock and its memory.
class Bench {
 public:
  VerilatedContext ctx;
  Vcopy_engine top{&ctx};
  MemoryModel mem;
  std::mt19937_64 rng;
  uint64_t cycle = 0;

  explicit Bench(uint64_t seed) : rng(seed) {
    top.clk = 1;
    top.rst = 1;
    top.eval();
    for (int i = 0; i < 4; ++i) tick();
    top.rst = 0;
    tick();
  }

  void tick() {
    mem.drive(top, rng, cycle);
    top.clk = 0;
    top.eval();
    mem.sample(top, rng, cycle);
    top.clk = 1;
    top.eval();
    mem.after_edge(top);
    ++cycle;
  }

  void write_reg(uint8_t addr, uint32_t value) {
    top.reg_valid = 1;
    top.reg_write = 1;
    top.reg_addr = addr;
    top.reg_wdata = value;
    tick();
    top.reg_valid = 0;
    top.reg_write = 0;
  }
  uint32_t read_reg(uint8_t addr) {
    top.reg_addr = addr;
    top.eval();
    return top.reg_rdata;
  }
  void write_reg64(uint8_t lo, uint64_t value) {
    write_reg(lo, uint32_t(value));
    write_reg(lo + 4, uint32_t(value >> 32));
  }

  struct Config {
    uint64_t list_head = 0;
    uint64_t va_pa_offset = VA_PA_OFFSET;
    uint32_t burst_beats = 8;
    uint32_t max_outstanding = 4;
    uint32_t list_limit = 0x100000;
    bool irq_enable = true;
  };
  struct Result {
    uint32_t status;
    uint32_t pages;
    bool irq;
    uint64_t cycles;
    bool busy() const { return status & STATUS_BUSY; }
    bool done() const { return status & STATUS_DONE; }
    unsigned error() const { return (status >> 8) & 0xff; }
  };

  // Program the registers, START, and run until BUSY clears.
  Result run(const Config& c, uint64_t max_cycles) {
    write_reg(REG_IRQ_STATUS, 1);
    write_reg64(REG_LIST_HEAD_LO, c.list_head);
    write_reg64(REG_VA_PA_OFFSET_LO, c.va_pa_offset);
    write_reg(REG_BURST_BEATS, c.burst_beats);
    write_reg(REG_MAX_OUTSTANDING, c.max_outstanding);
    write_reg(REG_LIST_LIMIT, c.list_limit);
    mem.burst_beats = effective(c.burst_beats, 16);
    mem.max_outstanding = effective(c.max_outstanding, 8);
    mem.reset_stats();
    const uint64_t t0 = cycle;
    write_reg(REG_CONTROL, CONTROL_START | (c.irq_enable ? CONTROL_IRQ_ENABLE : 0));
    if (!(read_reg(REG_STATUS) & STATUS_BUSY)) fail("BUSY not set the cycle after START");
    while (read_reg(REG_STATUS) & STATUS_BUSY) {
      if (cycle - t0 > max_cycles) fail("engine still BUSY after %llu cycles (hang)", (unsigned long long)max_cycles);
      tick();
    }
    Result r{read_reg(REG_STATUS), read_reg(REG_PAGES_COPIED), bool(top.irq), cycle - t0};
    if (!r.done()) fail("BUSY cleared without DONE (STATUS 0x%x)", r.status);
    if (r.irq != c.irq_enable) fail("irq %d at the end of a run with IRQ_ENABLE %d", int(r.irq), int(c.irq_enable));
    // Let the bus settle: the engine must not have left anything in flight.
    for (int i = 0; i < 8; ++i) tick();
    if (!mem.idle()) fail("bus traffic still in flight after BUSY cleared");
    return r;
  }

  static unsigned effective(uint32_t value, uint32_t max) { return value >= 1 && value <= max ? value : max; }
};

// A restore_pblist laid out in DRAM: sources, destinations and entries all
// distinct, scattered at random, the rest of memory random too.
struct PbeList {
  std::vector<uint8_t> initial;   // DRAM before the run
  std::vector<uint8_t> expected;  // DRAM after a successful run
  std::vector<uint64_t> entry_pa; // entries in list order
  std::vector<uint64_t> src_pa, dst_pa;
  uint64_t head_va = 0;

  static uint64_t va(uint64_t pa) { return pa - VA_PA_OFFSET; }

  static PbeList make(std::mt19937_64& rng, unsigned pages) {
    PbeList l;
    l.initial.resize(DRAM_SIZE);
    for (size_t i = 0; i < DRAM_SIZE; i += 8) {
      const uint64_t v = rng();
      std::memcpy(&l.initial[i], &v, 8);
    }
    // Entries live in a region of 4 contiguous pages; one entry straddles a
    // 4 KiB boundary (the engine must split its fetch).
    const unsigned n_frames = DRAM_SIZE / PAGE;
    std::vector<unsigned> frames(n_frames);
    for (unsigned i = 0; i < n_frames; ++i) frames[i] = i;
    const unsigned region = std::uniform_int_distribution<unsigned>(0, n_frames / 4 - 1)(rng) * 4;
    frames.erase(frames.begin() + region, frames.begin() + region + 4);
    std::shuffle(frames.begin(), frames.end(), rng);
    for (unsigned i = 0; i < pages; ++i) {
      l.src_pa.push_back(DRAM_BASE + uint64_t(frames[2 * i]) * PAGE);
      l.dst_pa.push_back(DRAM_BASE + uint64_t(frames[2 * i + 1]) * PAGE);
    }
    std::vector<uint64_t> slots;
    const uint64_t region_pa = DRAM_BASE + uint64_t(region) * PAGE;
    uint64_t off = PAGE - 8;  // straddles the first boundary
    std::uniform_int_distribution<unsigned> gap(0, 16);
    while (slots.size() < pages) {
      slots.push_back(region_pa + off);
      off += 24 + 8 * gap(rng);
      if (off + 24 > 4 * PAGE) fail("too many entries for the pbe region");
    }
    std::shuffle(slots.begin(), slots.end(), rng);
    l.entry_pa = slots;
    auto put = [&](uint64_t pa, uint64_t v) { std::memcpy(&l.initial[pa - DRAM_BASE], &v, 8); };
    for (unsigned i = 0; i < pages; ++i) {
      put(slots[i], va(l.src_pa[i]));
      put(slots[i] + 8, va(l.dst_pa[i]));
      put(slots[i] + 16, i + 1 < pages ? va(slots[i + 1]) : 0);
    }
    l.head_va = pages ? va(slots[0]) : 0;
    l.expected = l.initial;
    for (unsigned i = 0; i < pages; ++i)
      std::memcpy(&l.expected[l.dst_pa[i] - DRAM_BASE], &l.initial[l.src_pa[i] - DRAM_BASE], PAGE);
    return l;
  }

  // Point entry i's word (0 address, 1 orig_address, 2 next) at a new value.
  void patch(unsigned i, unsigned word, uint64_t value) {
    std::memcpy(&initial[entry_pa[i] + 8 * word - DRAM_BASE], &value, 8);
  }
};

void expect_memory(const std::vector<uint8_t>& got, const std::vector<uint8_t>& want, const char* what) {
  for (size_t i = 0; i < DRAM_SIZE; ++i)
    if (got[i] != want[i])
      fail("%s: DRAM byte at 0x%llx is 0x%02x, expected 0x%02x", what,
           (unsigned long long)(DRAM_BASE + i), got[i], want[i]);
}

void expect(bool ok, const char* fmt, uint64_t a = 0, uint64_t b = 0) {
  if (!ok) fail(fmt, (unsigned long long)a, (unsigned long long)b);
}

uint64_t budget(unsigned pages) { return 20000 + 40000ull * pages; }

// ------------------------------------------------------------------ tests

uint64_t g_seed = 1;

void test_registers() {
  Bench tb(g_seed);
  expect(tb.read_reg(REG_ID) == 0x43505945, "ID 0x%llx", tb.read_reg(REG_ID));
  expect(tb.read_reg(REG_VERSION) == 1, "VERSION %llu", tb.read_reg(REG_VERSION));
  expect(tb.read_reg(REG_STATUS) == 0, "STATUS 0x%llx after reset", tb.read_reg(REG_STATUS));
  expect(tb.read_reg(REG_BURST_BEATS) == 8, "BURST_BEATS %llu after reset", tb.read_reg(REG_BURST_BEATS));
  expect(tb.read_reg(REG_MAX_OUTSTANDING) == 4, "MAX_OUTSTANDING %llu after reset", tb.read_reg(REG_MAX_OUTSTANDING));
  expect(tb.read_reg(REG_LIST_LIMIT) == 0x100000, "LIST_LIMIT 0x%llx after reset", tb.read_reg(REG_LIST_LIMIT));
  expect(!tb.top.irq, "irq after reset");
  tb.write_reg64(REG_LIST_HEAD_LO, 0x1122334455667788ull);
  expect(tb.read_reg(REG_LIST_HEAD_HI) == 0x11223344 && tb.read_reg(REG_LIST_HEAD_LO) == 0x55667788,
         "LIST_HEAD read back 0x%llx", tb.read_reg(REG_LIST_HEAD_LO));
  tb.write_reg(REG_BURST_BEATS, 0);
  expect(tb.read_reg(REG_BURST_BEATS) == 16, "BURST_BEATS 0 reads back %llu, expected 16", tb.read_reg(REG_BURST_BEATS));
  tb.write_reg(REG_BURST_BEATS, 17);
  expect(tb.read_reg(REG_BURST_BEATS) == 16, "BURST_BEATS 17 reads back %llu, expected 16", tb.read_reg(REG_BURST_BEATS));
  tb.write_reg(REG_MAX_OUTSTANDING, 9);
  expect(tb.read_reg(REG_MAX_OUTSTANDING) == 8, "MAX_OUTSTANDING 9 reads back %llu, expected 8", tb.read_reg(REG_MAX_OUTSTANDING));
  tb.write_reg(REG_CONTROL, CONTROL_IRQ_ENABLE);
  expect(tb.read_reg(REG_CONTROL) == CONTROL_IRQ_ENABLE, "CONTROL reads 0x%llx, expected IRQ_ENABLE only", tb.read_reg(REG_CONTROL));
  expect(!(tb.read_reg(REG_STATUS) & STATUS_BUSY), "CONTROL without START started a run");
}

void test_empty_list() {
  Bench tb(g_seed);
  auto l = PbeList::make(tb.rng, 0);
  tb.mem.bytes = l.initial;
  Bench::Config c;
  c.list_head = 0;
  auto r = tb.run(c, 16);
  expect(r.error() == 0 && r.pages == 0, "ERROR %llu, PAGES_COPIED %llu", r.error(), r.pages);
  expect(tb.mem.read_bursts + tb.mem.write_bursts == 0, "empty list made %llu bus requests",
         tb.mem.read_bursts + tb.mem.write_bursts);
  std::printf("    done after %llu cycles\n", (unsigned long long)r.cycles);
}

void copy_and_compare(unsigned pages, const BusTiming& timing, uint32_t burst, uint32_t outstanding,
                      const char* what, uint64_t seed, bool verbose) {
  Bench tb(seed);
  tb.mem.timing = timing;
  auto l = PbeList::make(tb.rng, pages);
  tb.mem.bytes = l.initial;
  Bench::Config c;
  c.list_head = l.head_va;
  c.burst_beats = burst;
  c.max_outstanding = outstanding;
  auto r = tb.run(c, budget(pages));
  if (r.error() != 0 || r.pages != pages)
    fail("%s: ERROR %u, PAGES_COPIED %u (expected 0, %u)", what, r.error(), r.pages, pages);
  expect_memory(tb.mem.bytes, l.expected, what);
  const unsigned want_out = Bench::effective(outstanding, 8);
  if (pages > 0 && tb.mem.max_reads_in_flight == 0) fail("%s: no reads", what);
  if (verbose)
    std::printf("    BURST_BEATS %2u MAX_OUTSTANDING %u: %u pages in %llu cycles (%.0f cycles/page), "
                "%llu read + %llu write bursts, up to %u reads in flight (limit %u)\n",
                burst, outstanding, pages, (unsigned long long)r.cycles, double(r.cycles) / pages,
                (unsigned long long)tb.mem.read_bursts, (unsigned long long)tb.mem.write_bursts,
                tb.mem.max_reads_in_flight, want_out);
}

void test_one_page() { copy_and_compare(1, BusTiming{}, 8, 4, "one page", g_seed, true); }

void test_many_pages() { copy_and_compare(40, BusTiming{}, 8, 4, "40 pages", g_seed, true); }

void test_sweep() {
  // Same list, same bus: every BURST_BEATS x MAX_OUTSTANDING gives the same memory.
  for (uint32_t burst : {1u, 8u, 16u})
    for (uint32_t out : {1u, 4u, 8u}) copy_and_compare(12, BusTiming{}, burst, out, "sweep", g_seed, true);
  // Odd values: bursts not dividing the page, and the "other values" rule.
  copy_and_compare(12, BusTiming{}, 3, 5, "BURST_BEATS 3", g_seed, true);
  copy_and_compare(12, BusTiming{}, 0, 0, "BURST_BEATS 0 / MAX_OUTSTANDING 0 (16 / 8)", g_seed, true);
  copy_and_compare(12, BusTiming{}, 100, 100, "BURST_BEATS 100 / MAX_OUTSTANDING 100 (16 / 8)", g_seed, true);
}

void test_fast_bus() {
  // Memory always ready, data always valid, short latency: the engine's own rate.
  BusTiming t{1.0, 1.0, 1.0, 1.0, 4, 4};
  for (uint32_t out : {1u, 4u, 8u}) copy_and_compare(8, t, 16, out, "fast bus", g_seed, true);
}

void test_random_runs() {
  std::mt19937_64 rng(g_seed * 7919 + 13);
  for (int run = 0; run < 24; ++run) {
    BusTiming t;
    std::uniform_real_distribution<double> p(0.05, 1.0);
    t.req_ready = p(rng), t.rdata_valid = p(rng), t.wdata_ready = p(rng), t.bresp_valid = p(rng);
    t.read_latency_max = 1 + rng() % 40;
    t.bresp_latency_max = 1 + rng() % 40;
    const unsigned pages = rng() % 7;
    const uint32_t burst = rng() % 18, out = rng() % 10;
    copy_and_compare(pages, t, burst, out, "random run", rng(), false);
  }
  std::printf("    24 runs: 0..6 pages, BURST_BEATS 0..17, MAX_OUTSTANDING 0..9, random bus rates\n");
}

// A read error in the source of page k: ERROR 2, earlier pages copied, later
// pages untouched, the interrupt raised; then the engine runs again cleanly.
void test_read_error() {
  Bench tb(g_seed);
  const unsigned pages = 6, k = 3;
  auto l = PbeList::make(tb.rng, pages);
  tb.mem.bytes = l.initial;
  tb.mem.read_error_at = l.src_pa[k] + 300 * 8;  // mid-page, with bursts in flight
  Bench::Config c;
  c.list_head = l.head_va;
  c.burst_beats = 16;
  c.max_outstanding = 8;
  auto r = tb.run(c, budget(pages));
  expect(r.error() == 2 && !r.busy(), "STATUS 0x%llx, expected ERROR 2 and BUSY clear", r.status);
  expect(r.pages == k, "PAGES_COPIED %llu, expected %llu", r.pages, k);
  expect(r.irq, "no irq after a bus error with IRQ_ENABLE");
  for (unsigned i = 0; i < pages; ++i) {
    if (i == k) continue;
    const uint8_t* want = i < k ? &l.expected[l.dst_pa[i] - DRAM_BASE] : &l.initial[l.dst_pa[i] - DRAM_BASE];
    if (std::memcmp(&tb.mem.bytes[l.dst_pa[i] - DRAM_BASE], want, PAGE))
      fail("page %u is %s", i, i < k ? "not copied" : "written after the error");
  }
  tb.write_reg(REG_IRQ_STATUS, 1);
  expect(!tb.top.irq && tb.read_reg(REG_IRQ_STATUS) == 0, "IRQ_STATUS write 1 did not clear irq");
  // Restart without the error: nothing stale from the aborted run may leak in.
  tb.mem.read_error_at.reset();
  r = tb.run(c, budget(pages));
  expect(r.error() == 0 && r.pages == pages, "rerun: ERROR %llu, PAGES_COPIED %llu", r.error(), r.pages);
  expect_memory(tb.mem.bytes, l.expected, "rerun after a read error");
}

void test_pbe_read_error() {
  Bench tb(g_seed);
  auto l = PbeList::make(tb.rng, 4);
  tb.mem.bytes = l.initial;
  tb.mem.read_error_at = l.entry_pa[2] + 8;  // orig_address of the third entry
  Bench::Config c;
  c.list_head = l.head_va;
  auto r = tb.run(c, budget(4));
  expect(r.error() == 2 && r.pages == 2, "ERROR %llu PAGES_COPIED %llu, expected 2 and 2", r.error(), r.pages);
}

void test_write_error() {
  Bench tb(g_seed);
  auto l = PbeList::make(tb.rng, 4);
  tb.mem.bytes = l.initial;
  tb.mem.write_error_at = l.dst_pa[1] + PAGE - 8;  // the last burst of page 1
  Bench::Config c;
  c.list_head = l.head_va;
  c.irq_enable = false;
  auto r = tb.run(c, budget(4));
  expect(r.error() == 2 && r.pages == 1, "ERROR %llu PAGES_COPIED %llu, expected 2 and 1", r.error(), r.pages);
  expect(!tb.top.irq && tb.read_reg(REG_IRQ_STATUS) == 0, "irq raised with IRQ_ENABLE clear");
}

void test_misaligned() {
  struct Case {
    const char* what;
    std::function<void(PbeList&, Bench::Config&)> setup;
    unsigned pages;  // PAGES_COPIED expected
  };
  const Case cases[] = {
      {"LIST_HEAD not 8-byte aligned", [](PbeList& l, Bench::Config& c) { c.list_head = l.head_va + 4; }, 0},
      {"page address not 4 KiB aligned", [](PbeList& l, Bench::Config&) { l.patch(0, 0, PbeList::va(l.src_pa[0]) + 8); }, 0},
      {"orig_address not 4 KiB aligned", [](PbeList& l, Bench::Config&) { l.patch(1, 1, PbeList::va(l.dst_pa[1]) + 0x800); }, 1},
      {"next not 8-byte aligned", [](PbeList& l, Bench::Config&) { l.patch(1, 2, PbeList::va(l.entry_pa[2]) + 1); }, 2},
      {"VA_PA_OFFSET not 8-byte aligned", [](PbeList&, Bench::Config& c) { c.va_pa_offset += 4; }, 0},
  };
  for (const Case& tc : cases) {
    Bench tb(g_seed);
    auto l = PbeList::make(tb.rng, 3);
    Bench::Config c;
    c.list_head = l.head_va;
    tc.setup(l, c);
    tb.mem.bytes = l.initial;
    auto r = tb.run(c, budget(3));
    if (r.error() != 1 || r.pages != tc.pages)
      fail("%s: ERROR %u PAGES_COPIED %u, expected 1 and %u", tc.what, r.error(), r.pages, tc.pages);
    std::printf("    %s: ERROR 1 after %u pages\n", tc.what, r.pages);
  }
}

void test_list_cycle() {
  Bench tb(g_seed);
  auto l = PbeList::make(tb.rng, 3);
  l.patch(2, 2, PbeList::va(l.entry_pa[0]));  // the last entry points back to the first
  tb.mem.bytes = l.initial;
  Bench::Config c;
  c.list_head = l.head_va;
  c.list_limit = 10;
  auto r = tb.run(c, budget(12));
  expect(r.error() == 3 && r.pages == 10, "ERROR %llu PAGES_COPIED %llu, expected 3 and 10", r.error(), r.pages);
  expect(r.irq, "no irq after ERROR 3", 0);
  // A list of exactly LIST_LIMIT entries is not too long.
  Bench tb2(g_seed);
  auto l2 = PbeList::make(tb2.rng, 3);
  tb2.mem.bytes = l2.initial;
  c.list_head = l2.head_va;
  c.list_limit = 3;
  r = tb2.run(c, budget(3));
  expect(r.error() == 0 && r.pages == 3, "list of LIST_LIMIT entries: ERROR %llu PAGES_COPIED %llu", r.error(), r.pages);
  c.list_limit = 2;
  tb2.mem.bytes = l2.initial;
  r = tb2.run(c, budget(3));
  expect(r.error() == 3 && r.pages == 2, "LIST_LIMIT 2 on 3 entries: ERROR %llu PAGES_COPIED %llu", r.error(), r.pages);
}

void test_frozen_while_busy() {
  Bench tb(g_seed);
  auto l = PbeList::make(tb.rng, 2);
  tb.mem.bytes = l.initial;
  tb.write_reg64(REG_LIST_HEAD_LO, l.head_va);
  tb.write_reg64(REG_VA_PA_OFFSET_LO, VA_PA_OFFSET);
  tb.write_reg(REG_CONTROL, CONTROL_START);
  tb.write_reg64(REG_LIST_HEAD_LO, 0x1234);
  tb.write_reg(REG_BURST_BEATS, 2);
  tb.write_reg(REG_CONTROL, CONTROL_START | CONTROL_IRQ_ENABLE);  // START ignored, IRQ_ENABLE taken
  expect(tb.read_reg(REG_LIST_HEAD_LO) == uint32_t(l.head_va), "LIST_HEAD written while BUSY");
  expect(tb.read_reg(REG_BURST_BEATS) == 8, "BURST_BEATS written while BUSY");
  expect(tb.read_reg(REG_CONTROL) == CONTROL_IRQ_ENABLE, "CONTROL not written while BUSY");
  const uint64_t t0 = tb.cycle;
  while (tb.read_reg(REG_STATUS) & STATUS_BUSY) {
    if (tb.cycle - t0 > budget(2)) fail("hang");
    tb.tick();
  }
  expect(tb.read_reg(REG_STATUS) == STATUS_DONE && tb.read_reg(REG_PAGES_COPIED) == 2, "STATUS 0x%llx", tb.read_reg(REG_STATUS));
  expect(tb.top.irq, "IRQ_ENABLE written while BUSY did not take effect");
  expect_memory(tb.mem.bytes, l.expected, "run with writes while BUSY");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) g_seed = std::strtoull(argv[1], nullptr, 0);
  std::printf("copy_engine testbench, seed %llu\n", (unsigned long long)g_seed);
  struct Test {
    const char* name;
    void (*fn)();
  };
  const Test tests[] = {
      {"registers: ID, VERSION, reset values, BURST_BEATS/MAX_OUTSTANDING out-of-range rule", test_registers},
      {"empty list (LIST_HEAD 0): DONE at once, no bus traffic, 0 pages", test_empty_list},
      {"one page copied, memory byte for byte", test_one_page},
      {"40 pages scattered in 4 MiB, VA_PA_OFFSET != 0, random delays: memory byte for byte", test_many_pages},
      {"BURST_BEATS 1/8/16 x MAX_OUTSTANDING 1/4/8 (and odd values) give the same memory", test_sweep},
      {"always-ready bus: cycles per page", test_fast_bus},
      {"random lists, settings and bus rates", test_random_runs},
      {"read error in a page: ERROR 2, BUSY clear, irq, earlier pages only; clean rerun", test_read_error},
      {"read error in a pbe: ERROR 2", test_pbe_read_error},
      {"write response error: ERROR 2, no irq without IRQ_ENABLE", test_write_error},
      {"misaligned pointer or page: ERROR 1", test_misaligned},
      {"list cycle with LIST_LIMIT 10: ERROR 3 after 10 pages; LIST_LIMIT boundary", test_list_cycle},
      {"registers other than CONTROL frozen while BUSY", test_frozen_while_busy},
  };
  int failures = 0;
  for (const Test& t : tests) {
    std::printf("CHECK %s\n", t.name);
    std::fflush(stdout);
    try {
      t.fn();
      std::printf("  PASS\n");
    } catch (const TestFailure& e) {
      std::printf("  FAIL: %s\n", e.what());
      ++failures;
    }
    std::fflush(stdout);
  }
  std::printf("%s: %d of %zu checks failed\n", failures ? "FAILED" : "PASSED", failures,
              sizeof tests / sizeof tests[0]);
  return failures ? 1 : 0;
}
