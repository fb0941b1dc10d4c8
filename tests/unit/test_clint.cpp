#include <algorithm>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "models/common/stats.h"
#include "models/periph/clint.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_PS;
using sc_core::SC_US;
using test::TlmTestInitiator;

constexpr uint64_t msip = Clint::msip_offset;
constexpr uint64_t mtimecmp = Clint::mtimecmp_offset;
constexpr uint64_t mtime = Clint::mtime_offset;
constexpr uint64_t ten_mhz = 10'000'000;  // one tick per 100 ns

// A CLINT with its interrupt lines on signals and a test initiator.
struct ClintBench {
  sc_core::sc_signal<bool> timer_irq{"timer_irq_signal"};
  sc_core::sc_signal<bool> soft_irq{"soft_irq_signal"};
  Clint clint;
  TlmTestInitiator cpu{"cpu"};

  explicit ClintBench(uint64_t timebase_hz) : clint("clint", timebase_hz) {
    clint.timer_irq.bind(timer_irq);
    clint.soft_irq.bind(soft_irq);
    cpu.socket.bind(clint.socket);
  }
};

TEST(Clint, MsipKeepsOnlyBitZeroAndDrivesSoftIrq) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.write32(msip, 0xffffffff), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(msip), 1u);
    sc_core::wait(1, SC_NS);
    EXPECT_TRUE(b.soft_irq.read());
    b.cpu.write32(msip, 0);
    sc_core::wait(1, SC_NS);
    EXPECT_FALSE(b.soft_irq.read());
    EXPECT_EQ(b.cpu.read32(msip), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Clint, MtimecmpResetsToAllOnesWithNoTimerInterrupt) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] { EXPECT_EQ(b.cpu.read64(mtimecmp), UINT64_MAX); });
  sc_core::sc_start(sc_time(1, SC_US));
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_FALSE(b.timer_irq.read());
  EXPECT_FALSE(b.soft_irq.read());
}

TEST(Clint, TimerRegistersReadBackWholeAndInHalves) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.write32(mtimecmp, 0x89abcdef), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.write32(mtimecmp + 4, 0x01234567), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read64(mtimecmp), 0x0123456789abcdefull);
    EXPECT_EQ(b.cpu.read32(mtimecmp + 4), 0x01234567u);

    EXPECT_EQ(b.cpu.write64(mtime, 0x0000000500000000ull), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(mtime + 4), 5u);
    EXPECT_EQ(b.cpu.read32(mtime), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Clint, MtimeCountsTimebaseTicksIncludingDelay) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.read64(mtime), 0u);
    sc_core::wait(1, SC_US);
    EXPECT_EQ(b.cpu.read64(mtime), 10u);
    sc_core::wait(99, SC_NS);
    EXPECT_EQ(b.cpu.read64(mtime), 10u);  // ticks are whole: 10.99 -> 10
    // An initiator 250 ns ahead of SystemC time sees 250 ns more.
    b.cpu.set_local_offset(sc_time(250, SC_NS));
    EXPECT_EQ(b.cpu.read64(mtime), 13u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(b.clint.mtime(), 10u);
}

TEST(Clint, WrittenMtimeKeepsCountingFromNewValue) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] {
    sc_core::wait(3, SC_US);
    b.cpu.write64(mtime, 1000);
    EXPECT_EQ(b.cpu.read64(mtime), 1000u);
    sc_core::wait(1, SC_US);
    EXPECT_EQ(b.cpu.read64(mtime), 1010u);
    b.cpu.write32(mtime + 4, 2);  // high half only
    EXPECT_EQ(b.cpu.read64(mtime), (uint64_t{2} << 32) + 1010);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Clint, TimerIrqRisesWhenMtimeReachesMtimecmp) {
  ClintBench b(ten_mhz);
  StatsRegistry stats;
  b.clint.register_stats(stats);
  sc_time raised_at = sc_core::SC_ZERO_TIME;
  b.cpu.run([&] {
    b.cpu.write64(mtimecmp, 50);  // 50 ticks of 100 ns
    sc_core::wait(4990, SC_NS);
    EXPECT_FALSE(b.timer_irq.read());
    sc_core::wait(b.timer_irq.posedge_event());
    raised_at = sc_core::sc_time_stamp();
  });
  sc_core::sc_start(sc_time(20, SC_US));
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(raised_at, sc_time(5, SC_US));
  EXPECT_TRUE(b.timer_irq.read());
  ASSERT_EQ(stats.snapshot().at(0).name, "clint.timer_interrupts");
  EXPECT_EQ(stats.snapshot().at(0).value, 1);
}

TEST(Clint, TimerDeadlineRoundsUpToFirstTickInstant) {
  // 3 MHz: tick 1 begins at 333333.33 ps, so the first whole picosecond
  // at which mtime reads 1 is 333334 ps.
  ClintBench b(3'000'000);
  sc_time raised_at = sc_core::SC_ZERO_TIME;
  b.cpu.run([&] {
    b.cpu.write64(mtimecmp, 1);
    sc_core::wait(b.timer_irq.posedge_event());
    raised_at = sc_core::sc_time_stamp();
    EXPECT_EQ(b.cpu.read64(mtime), 1u);
  });
  sc_core::sc_start(sc_time(1, SC_US));
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(raised_at, sc_time(333334, SC_PS));
}

TEST(Clint, TimerIrqFollowsMtimecmpWrittenBehindOrAheadOfMtime) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] {
    sc_core::wait(1, SC_US);
    b.cpu.write64(mtimecmp, 5);  // already passed: raise at once
    sc_core::wait(sc_core::SC_ZERO_TIME);
    sc_core::wait(sc_core::SC_ZERO_TIME);
    EXPECT_TRUE(b.timer_irq.read());
    EXPECT_EQ(sc_core::sc_time_stamp(), sc_time(1, SC_US));
    b.cpu.write64(mtimecmp, UINT64_MAX);  // the usual way to acknowledge
    sc_core::wait(1, SC_NS);
    EXPECT_FALSE(b.timer_irq.read());
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Clint, RewritingMtimecmpReplacesPendingDeadline) {
  ClintBench b(ten_mhz);
  sc_time raised_at = sc_core::SC_ZERO_TIME;
  b.cpu.run([&] {
    b.cpu.write64(mtimecmp, 50);  // 5 us
    sc_core::wait(1, SC_US);
    b.cpu.write64(mtimecmp, 100);  // moved to 10 us
    sc_core::wait(b.timer_irq.posedge_event());
    raised_at = sc_core::sc_time_stamp();
  });
  sc_core::sc_start(sc_time(20, SC_US));
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(raised_at, sc_time(10, SC_US));
}

TEST(Clint, WritingMtimeMovesTheDeadline) {
  ClintBench b(ten_mhz);
  sc_time raised_at = sc_core::SC_ZERO_TIME;
  b.cpu.run([&] {
    b.cpu.write64(mtimecmp, 100);
    b.cpu.write64(mtime, 90);  // 10 ticks to go
    sc_core::wait(b.timer_irq.posedge_event());
    raised_at = sc_core::sc_time_stamp();
  });
  sc_core::sc_start(sc_time(20, SC_US));
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(raised_at, sc_time(1, SC_US));
}

TEST(Clint, DeadlineCountsFromTheAnnotatedTime) {
  ClintBench b(ten_mhz);
  sc_time raised_at = sc_core::SC_ZERO_TIME;
  b.cpu.run([&] {
    b.cpu.set_local_offset(sc_time(2, SC_US));  // the write happens at 2 us
    b.cpu.write64(mtimecmp, 30);
    sc_core::wait(b.timer_irq.posedge_event());
    raised_at = sc_core::sc_time_stamp();
  });
  sc_core::sc_start(sc_time(20, SC_US));
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(raised_at, sc_time(3, SC_US));
}

TEST(Clint, WriteFromInitiatorAheadOfTimeRaisesAtOnce) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] {
    b.cpu.set_local_offset(sc_time(2, SC_US));  // mtime reads 20 for this initiator
    b.cpu.write64(mtimecmp, 10);
    sc_core::wait(sc_core::SC_ZERO_TIME);
    sc_core::wait(sc_core::SC_ZERO_TIME);
    EXPECT_TRUE(b.timer_irq.read());
    EXPECT_EQ(sc_core::sc_time_stamp(), sc_core::SC_ZERO_TIME);
  });
  sc_core::sc_start(sc_time(5, SC_US));
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_TRUE(b.timer_irq.read());  // still high after SystemC time passed 1 us
}

// Runs the platform's way (platform/progress.cpp): slices of at least 1 ms,
// jumping to the next event, until nothing is left to do.
void run_in_slices() {
  const sc_time slice(1, sc_core::SC_MS);
  sc_core::sc_start(slice);
  while (sc_core::sc_pending_activity())
    sc_core::sc_start(std::max(slice, sc_core::sc_time_to_pending_activity()));
}

// mtimecmp = value puts the deadline past the horizon (2^63 ps): no event
// is scheduled, no interrupt rises, and running on does not overflow time.
void expect_never_scheduled(uint64_t value) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] {
    b.cpu.write64(mtimecmp, value);
    sc_core::wait(sc_core::SC_ZERO_TIME);
    sc_core::wait(sc_core::SC_ZERO_TIME);
    EXPECT_FALSE(sc_core::sc_pending_activity_at_future_time());
  });
  EXPECT_NO_THROW(run_in_slices());
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_FALSE(b.timer_irq.read());
  EXPECT_EQ(sc_core::sc_time_stamp(), sc_time(1, sc_core::SC_MS));  // the first slice, nothing after
}

constexpr uint64_t ps_per_tick = 100'000;  // at 10 MHz

TEST(Clint, AllOnesMtimecmpIsNeverScheduled) { expect_never_scheduled(UINT64_MAX); }

TEST(Clint, MtimecmpJustPastTheHorizonIsNeverScheduled) {
  expect_never_scheduled(Clint::timer_horizon_units / ps_per_tick + 1);
}

TEST(Clint, MtimecmpAtTheEndOfSystemCTimeIsNeverScheduled) {
  // 52 ns before the end of representable time: it used to be scheduled,
  // and the next slice overflowed SystemC time (E544).
  expect_never_scheduled(UINT64_MAX / ps_per_tick);
}

TEST(Clint, MtimecmpJustInsideTheHorizonStillFires) {
  ClintBench b(ten_mhz);
  const uint64_t ticks = Clint::timer_horizon_units / ps_per_tick;
  b.cpu.run([&] { b.cpu.write64(mtimecmp, ticks); });
  EXPECT_NO_THROW(run_in_slices());
  EXPECT_TRUE(b.timer_irq.read());
  EXPECT_GE(sc_core::sc_time_stamp().value(), ticks * ps_per_tick);
  EXPECT_LE(sc_core::sc_time_stamp().value(), ticks * ps_per_tick + 1'000'000'000);  // at most one more slice
}

TEST(Clint, NearDeadlineFiresWhenMtimeWasWrittenNearItsEnd) {
  // Counting from mtime, not from zero: mtime = 2^64 - 101, mtimecmp all
  // ones is 100 ticks (10 us) away.
  ClintBench b(ten_mhz);
  sc_time raised_at = sc_core::SC_ZERO_TIME;
  b.cpu.run([&] {
    b.cpu.write64(mtime, UINT64_MAX - 100);
    b.cpu.write64(mtimecmp, UINT64_MAX);
    sc_core::wait(b.timer_irq.posedge_event());
    raised_at = sc_core::sc_time_stamp();
  });
  sc_core::sc_start(sc_time(1, sc_core::SC_MS));
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(raised_at, sc_time(10, SC_US));
}

TEST(Clint, BadOffsetsAndSizesAreErrors) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] {
    b.cpu.read32(0x8);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write64(0x4008, 0), tlm::TLM_ADDRESS_ERROR_RESPONSE);  // no hart 1
    EXPECT_EQ(b.cpu.write32(0xC000, 0), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read16(mtimecmp);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_BURST_ERROR_RESPONSE);
    b.cpu.read64(mtimecmp + 4);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write64(msip, 1), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write8(mtime + 1, 1), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.read32(msip), 0u);  // the bad write changed nothing
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Clint, DebugReadsRegistersAndRefusesWrites) {
  ClintBench b(ten_mhz);
  b.cpu.run([&] {
    b.cpu.write64(mtimecmp, 1234);
    uint64_t value = 0;
    EXPECT_EQ(b.cpu.debug_read(mtimecmp, &value, 8), 8u);
    EXPECT_EQ(value, 1234u);
    const uint32_t one = 1;
    EXPECT_EQ(b.cpu.debug_write(msip, &one, 4), 0u);
    EXPECT_EQ(b.cpu.read32(msip), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

}  // namespace
}  // namespace torpor
