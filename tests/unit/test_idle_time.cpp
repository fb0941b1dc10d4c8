// Idle time costs no host time (issue 13, item 2): a guest asleep for hours
// of simulated time, then touching DRAM or starting DMA, and a bus whose
// latency leaves hours between DRAM accesses, run as fast as any other
// accesses. The DRAM's periodic refresh is the state that has to catch up;
// it does so in O(1) (test_dram_controller.cpp checks it bit for bit).
#include <chrono>
#include <cstring>

#include <gtest/gtest.h>

#include "models/bus/router.h"
#include "models/copy_engine/copy_engine_twin.h"
#include "models/dram/dram.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using test::TlmTestInitiator;
using Clock = std::chrono::steady_clock;
constexpr uint64_t ram = 0x80000000, ram_size = 1 << 20, regs = 0x10002000;

const dram::DramTiming& lpddr4() { return *dram::find_dram_preset("lpddr4-3200-x32"); }
uint64_t refresh_interval_ps() { return uint64_t(lpddr4().tREFI) * lpddr4().tck_ps; }

// Before the O(1) catch-up, one simulated hour cost 7.4 s of host time; ten
// hours now cost nothing measurable. Generous, for a loaded machine.
constexpr double host_seconds_allowed = 3.0;

// The SoC's memory side: a timed bus, the DRAM and the copy engine twin.
struct MemoryBench {
  TlmTestInitiator cpu{"cpu"};
  bus::Router router{"router"};
  Dram dram{"dram", ram_size, 0, lpddr4()};
  CopyEngineTwin engine{"engine"};
  sc_core::sc_signal<bool> irq{"irq"};

  explicit MemoryBench(const sc_core::sc_time& latency = sc_core::sc_time(5, sc_core::SC_NS)) {
    bus::Router::Timing timing;
    timing.cycle = sc_core::sc_time(1250, sc_core::SC_PS);  // 800 MHz
    timing.latency = latency;
    timing.width_bytes = 16;
    router.set_timing(timing);
    cpu.socket.bind(router.target_socket);
    engine.dma.bind(router.target_socket);
    router.map("dram", ram, ram_size);
    router.initiator_socket.bind(dram.socket);
    router.map("engine", regs, CopyEngineTwin::region_size);
    router.initiator_socket.bind(engine.socket);
    engine.irq.bind(irq);
  }
  uint8_t* at(uint64_t pa) { return dram.data() + (pa - ram); }
  // Host seconds to run the simulation to its end.
  static double run_all() {
    const Clock::time_point start = Clock::now();
    sc_core::sc_start();
    return std::chrono::duration<double>(Clock::now() - start).count();
  }
};

TEST(IdleTime, DramAccessAfterTenHoursAsleep) {
  MemoryBench b;
  const sc_core::sc_time asleep(10 * 3600, sc_core::SC_SEC);
  const uint64_t value = 42;
  std::memcpy(b.at(ram + 0x100), &value, 8);
  b.cpu.run([&] {
    sc_core::wait(asleep);  // a WFI with the timer ten hours ahead
    EXPECT_EQ(b.cpu.read64(ram + 0x100), 42u);
    EXPECT_GT(b.cpu.last_delay(), sc_core::SC_ZERO_TIME);  // still timed
  });
  const double host = MemoryBench::run_all();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_LT(host, host_seconds_allowed);
  EXPECT_EQ(b.dram.controller().refreshes(), uint64_t(asleep.value()) / refresh_interval_ps());
}

TEST(IdleTime, DmaAfterTenHoursAsleep) {
  MemoryBench b;
  // One page, pbe at 0x80001000 (physical addresses, offset 0).
  const uint64_t pbe = ram + 0x1000, from = ram + 0x10000, to = ram + 0x20000;
  for (unsigned i = 0; i < 4096; ++i) *b.at(from + i) = uint8_t(i * 7);
  const uint64_t entry[3] = {from, to, 0};
  std::memcpy(b.at(pbe), entry, sizeof entry);
  b.cpu.run([&] {
    sc_core::wait(10 * 3600, sc_core::SC_SEC);
    b.cpu.write32(regs + CopyEngineTwin::reg_list_head_lo, uint32_t(pbe));
    b.cpu.write32(regs + CopyEngineTwin::reg_list_head_hi, uint32_t(pbe >> 32));
    b.cpu.write32(regs + CopyEngineTwin::reg_control, CopyEngineTwin::control_start);
    do sc_core::wait(1, sc_core::SC_US);
    while (b.cpu.read32(regs + CopyEngineTwin::reg_status) & CopyEngineTwin::status_busy);
    EXPECT_EQ(b.cpu.read32(regs + CopyEngineTwin::reg_pages_copied), 1u);
  });
  const double host = MemoryBench::run_all();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_LT(host, host_seconds_allowed);
  EXPECT_EQ(std::memcmp(b.at(from), b.at(to), 4096), 0);
}

TEST(IdleTime, AbsurdBusLatencyCostsNoHostTime) {
  // One second each way per transaction: every DRAM access lands two
  // seconds (half a million refresh intervals) after the previous one.
  MemoryBench b(sc_core::sc_time(1, sc_core::SC_SEC));
  b.cpu.run([&] {
    for (unsigned i = 0; i < 2000; ++i) {
      b.cpu.read64(ram + 64 * i);
      sc_core::wait(b.cpu.last_delay());
    }
  });
  const double host = MemoryBench::run_all();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_LT(host, host_seconds_allowed);
  EXPECT_GE(sc_core::sc_time_stamp(), sc_core::sc_time(4000, sc_core::SC_SEC));
  EXPECT_GT(b.dram.controller().refreshes(), 1'000'000'000u);
}

}  // namespace
}  // namespace torpor
