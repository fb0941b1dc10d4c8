// Sstc (the "stimecmp" extension): the CSR exists only when configured;
// below M-mode it needs menvcfg.STCE and mcounteren.TM; while STCE is set,
// STIP is (time >= stimecmp), read-only to software, and raises the
// supervisor timer interrupt like any pending bit.
#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

constexpr uint16_t stimecmp = csr::stimecmp;
constexpr uint64_t stce = csr::menvcfg_stce;

class HartSstc : public HartTest {
 protected:
  void SetUp() override {
    config.sstc = true;
    HartTest::SetUp();
    allow_all_pmp();
  }
};

TEST_F(HartSstc, SupervisorAccessNeedsStceAndTm) {
  hart->x[t0] = 1234;
  EXPECT_FALSE(try_in(Priv::supervisor, csrrw(a0, stimecmp, t0)));  // STCE = 0
  EXPECT_EQ(csr(csr::mcause), cause::illegal_instruction);
  set_csr(csr::menvcfg, stce);
  EXPECT_FALSE(try_in(Priv::supervisor, csrrw(a0, stimecmp, t0)));  // mcounteren.TM = 0
  set_csr(csr::mcounteren, 2);
  EXPECT_TRUE(try_in(Priv::supervisor, csrrw(a0, stimecmp, t0)));
  EXPECT_EQ(csr(stimecmp), 1234u);
  EXPECT_FALSE(try_in(Priv::user, csrr(a0, stimecmp)));  // a supervisor CSR
}

TEST_F(HartSstc, MachineModeAlwaysReachesStimecmp) {
  hart->x[t0] = 77;
  EXPECT_TRUE(try_in(Priv::machine, csrrw(zero, stimecmp, t0)));
  EXPECT_EQ(csr(stimecmp), 77u);
}

TEST_F(HartSstc, StipFollowsTheComparatorAndIsReadOnly) {
  set_csr(csr::menvcfg, stce);
  EXPECT_EQ(csr(csr::menvcfg) & stce, stce);
  mem.mtime_value = 50;
  set_csr(stimecmp, 100);
  EXPECT_EQ(csr(csr::mip) & irq::stip, 0u);
  set_csr(csr::mip, irq::stip);  // ignored: the comparator owns STIP
  EXPECT_EQ(csr(csr::mip) & irq::stip, 0u);
  mem.mtime_value = 100;
  EXPECT_EQ(csr(csr::mip) & irq::stip, irq::stip);
  set_csr(stimecmp, 200);  // a new deadline clears it
  EXPECT_EQ(csr(csr::mip) & irq::stip, 0u);
  EXPECT_EQ(hart->supervisor_timer_deadline(), 200u);
}

TEST_F(HartSstc, ComparatorRaisesTheSupervisorTimerInterrupt) {
  set_csr(csr::menvcfg, stce);
  set_csr(csr::mideleg, irq::stip);
  set_csr(csr::mie, irq::stip);
  set_mstatus_bits(ms::sie);
  mem.mtime_value = 10;
  set_csr(stimecmp, 20);
  at(kCode)(addi(a0, a0, 1))(jal(0, -4));
  enter(Priv::supervisor);
  start(kCode);
  for (int i = 0; i < 3; ++i) step();
  EXPECT_EQ(hart->pc, kCode);  // not yet
  mem.mtime_value = 20;
  hart->update_supervisor_timer();  // what the core does when time has moved
  step();
  ASSERT_EQ(hart->pc, kSHandler);
  EXPECT_EQ(csr(csr::scause), cause::interrupt_flag | irq::sti);
}

class HartWithoutSstc : public HartTest {};

TEST_F(HartWithoutSstc, NoStimecmpAndNoStce) {
  core::DecodedInsn d{};
  uint64_t v = 0;
  EXPECT_FALSE(hart->csr_read(stimecmp, d, v));
  set_csr(csr::menvcfg, stce | 1);
  EXPECT_EQ(csr(csr::menvcfg), 1u);  // FIOM only
  set_csr(csr::mip, irq::stip);      // STIP stays software-writable
  EXPECT_EQ(csr(csr::mip) & irq::stip, irq::stip);
}

}  // namespace
}  // namespace torpor::test
