// mcycle in fast mode (core.mode: fast, or before core.timed_from_*): the
// functional model is a 1-IPC core, so mcycle counts exactly what minstret
// counts (issue 13, item 6). Each read sees the counter as of the reading
// instruction, so back-to-back reads differ by one in either order, and
// nothing that moves simulated time without retiring instructions (traps,
// fetch faults, WFI sleep, device latency) separates the two. Timed mode
// counts core cycles again, carrying on from the value mcycle had.
#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

class HartCountersFast : public HartTest {
 protected:
  // What the guest would see with both counters read by one instruction.
  void expect_counters_equal() { EXPECT_EQ(csr(csr::mcycle), csr(csr::minstret)); }
};

TEST_F(HartCountersFast, McycleAndMinstretReadAlikeInEitherOrder) {
  ASSERT_TRUE(exec({csrr(a0, csr::mcycle), csrr(a1, csr::minstret), nop(), nop(), csrr(a2, csr::minstret),
                    csrr(a3, csr::mcycle), csrr(a4, csr::cycle), csrr(a5, csr::instret)}));
  EXPECT_EQ(hart->x[a1], hart->x[a0] + 1);  // one instruction later
  EXPECT_EQ(hart->x[a3], hart->x[a2] + 1);
  EXPECT_EQ(hart->x[a5], hart->x[a4] + 1);  // the unprivileged views too
  EXPECT_EQ(hart->x[a3] - hart->x[a0], hart->x[a2] - hart->x[a1] + 2);
  expect_counters_equal();
}

TEST_F(HartCountersFast, CountersStayEqualOverALoop) {
  // The shape of a timed loop: read both, spin, read both.
  ASSERT_TRUE(exec({csrr(s0, csr::mcycle), csrr(s1, csr::minstret), addi(t0, zero, 100), addi(t0, t0, -1),
                    bne(t0, zero, -4), csrr(s2, csr::mcycle), csrr(s3, csr::minstret)}));
  EXPECT_EQ(hart->x[s2] - hart->x[s0], hart->x[s3] - hart->x[s1]);
  EXPECT_EQ(hart->x[s3] - hart->x[s1], 1 + 1 + 200 + 1u);  // csrr, addi, 100 x (addi, bne), csrr
  expect_counters_equal();
}

TEST_F(HartCountersFast, TrapsMoveTimeButNotMcycle) {
  // A handler that skips the ecall: mepc += 4, mret.
  at(kHandler)(csrr(t1, csr::mepc))(addi(t1, t1, 4))(csrw(csr::mepc, t1))(mret());
  ASSERT_TRUE(exec({csrr(s0, csr::mcycle), csrr(s1, csr::minstret), ecall(), ecall(), ecall(), ecall(),
                    csrr(s2, csr::mcycle), csrr(s3, csr::minstret)}));
  EXPECT_EQ(hart->x[s2] - hart->x[s0], hart->x[s3] - hart->x[s1]);
  EXPECT_EQ(hart->traps_taken, 4u);
  EXPECT_GT(hart->cycle, hart->instret);  // each trap still costs simulated time
  expect_counters_equal();
}

TEST_F(HartCountersFast, FetchFaultsMoveTimeButNotMcycle) {
  at(kHandler)(csrw(csr::mepc, ra))(mret());  // return to the caller
  hart->x[t2] = kUnmapped;
  ASSERT_TRUE(exec({csrr(s0, csr::mcycle), csrr(s1, csr::minstret), jalr(ra, t2, 0), csrr(s2, csr::mcycle),
                    csrr(s3, csr::minstret)}));
  EXPECT_EQ(mcause(), cause::fetch_access);
  EXPECT_EQ(hart->x[s2] - hart->x[s0], hart->x[s3] - hart->x[s1]);
  expect_counters_equal();
}

TEST_F(HartCountersFast, SleepAndDeviceLatencyMoveTimeButNotMcycle) {
  ASSERT_TRUE(exec({nop(), nop()}));
  // The core adds the cycles of a WFI sleep or a slow device access to the
  // hart's clock (models/core/core.cpp): simulated time, not instructions.
  hart->cycle += 15'000'000;
  expect_counters_equal();
  ASSERT_TRUE(exec({csrr(s0, csr::mcycle), csrr(s1, csr::minstret)}));
  EXPECT_EQ(hart->x[s1], hart->x[s0] + 1);
}

TEST_F(HartCountersFast, WrittenMcycleCountsOnWithInstructions) {
  hart->x[a1] = 1'000'000;
  ASSERT_TRUE(exec({csrw(csr::mcycle, a1), csrr(a2, csr::mcycle), nop(), nop(), csrr(a3, csr::mcycle)}));
  EXPECT_EQ(hart->x[a2], 1'000'000u);  // the write wins over the writing instruction's count
  EXPECT_EQ(hart->x[a3], 1'000'003u);
}

TEST_F(HartCountersFast, ResetRestartsBothFromZero) {
  at(kHandler)(csrr(t1, csr::mepc))(addi(t1, t1, 4))(csrw(csr::mepc, t1))(mret());
  ASSERT_TRUE(exec({ecall(), nop()}));
  hart->cycle += 1000;  // time passed while powered off
  hart->reset();
  EXPECT_EQ(csr(csr::mcycle), 0u);
  EXPECT_EQ(csr(csr::minstret), 0u);
}

struct NoMemoryLatency : core::MemoryTimingPort {
  uint64_t line_transfer_cycles(uint64_t, unsigned, bool, uint64_t) override { return 100; }
};

TEST_F(HartCountersFast, SwitchingModesKeepsMcycleContinuous) {
  at(kHandler)(csrr(t1, csr::mepc))(addi(t1, t1, 4))(csrw(csr::mepc, t1))(mret());
  ASSERT_TRUE(exec({ecall(), nop(), nop()}));
  hart->cycle += 5000;
  const uint64_t fast_value = csr(csr::mcycle);
  NoMemoryLatency memory;
  core::CoreTiming timing("core", core::CoreTimingConfig{}, memory);
  hart->set_timing(&timing);  // timed from here: mcycle counts core cycles
  EXPECT_EQ(csr(csr::mcycle), fast_value);
  const uint64_t cycle_before = hart->cycle;
  ASSERT_TRUE(exec({nop(), nop(), nop(), nop()}));
  EXPECT_EQ(csr(csr::mcycle) - fast_value, hart->cycle - cycle_before);
  const uint64_t timed_value = csr(csr::mcycle);
  hart->set_timing(nullptr);  // and back
  EXPECT_EQ(csr(csr::mcycle), timed_value);
  const uint64_t minstret_before = csr(csr::minstret);
  ASSERT_TRUE(exec({nop(), nop()}));
  EXPECT_EQ(csr(csr::mcycle) - timed_value, csr(csr::minstret) - minstret_before);  // fast again: 1 IPC
}

}  // namespace
}  // namespace torpor::test
