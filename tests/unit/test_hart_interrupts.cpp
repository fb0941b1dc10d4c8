// Interrupts (privileged spec 3.1.6.1, 3.1.9, 4.1.3) and WFI (3.3.3):
// pins and software-pending bits, global enables by privilege, delegation
// through mideleg, the priority order MEI > MSI > MTI > SEI > SSI > STI,
// vectored mtvec/stvec, evaluation right after CSR writes and xRET, and
// when WFI makes run() return RunExit::wfi.
#include <vector>

#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

constexpr uint64_t irq_cause(unsigned code) { return cause::interrupt_flag | code; }

class HartInterrupts : public HartTest {
 protected:
  void SetUp() override {
    HartTest::SetUp();
    allow_all_pmp();
    // An endless loop counting in a0.
    at(kCode)(addi(a0, a0, 1))(jal(0, -4));
  }
  // Starts the loop in privilege p and lets it run a few blocks.
  void run_loop(Priv p) {
    enter(p);
    start(kCode);
    for (int i = 0; i < 3; ++i) step();
    ASSERT_EQ(hart->pc, kCode);
    ASSERT_GE(hart->x[a0], 3u);
  }
  // True if the next block boundary is in the M (or S) handler.
  bool takes_machine() {
    step();
    return hart->pc == kHandler;
  }
};

TEST_F(HartInterrupts, MachineTimerInterruptTrapsWithInterruptCause) {
  set_csr(csr::mie, irq::mtip);
  set_mstatus_bits(ms::mie);
  run_loop(Priv::machine);
  hart->set_interrupt_pins(irq::mtip);
  EXPECT_TRUE(hart->interrupt_pending());
  ASSERT_TRUE(takes_machine());
  EXPECT_EQ(mcause(), irq_cause(irq::mti));
  EXPECT_EQ(mepc(), kCode);  // the instruction that had not run yet
  EXPECT_EQ(mtval(), 0u);
  EXPECT_EQ(mpp(), 3u);
  EXPECT_EQ(csr(csr::mstatus) & (ms::mie | ms::mpie), ms::mpie);
}

TEST_F(HartInterrupts, MachineInterruptsMaskedByMieInMachineMode) {
  set_csr(csr::mie, irq::mtip | irq::msip | irq::meip);
  run_loop(Priv::machine);  // mstatus.MIE = 0
  hart->set_interrupt_pins(irq::mtip | irq::msip | irq::meip);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(takes_machine());
  EXPECT_EQ(csr(csr::mip) & irq::mtip, irq::mtip);  // pending, not taken
}

TEST_F(HartInterrupts, InterruptsNotEnabledInMieAreNotTaken) {
  set_mstatus_bits(ms::mie);
  set_csr(csr::mie, irq::msip);
  run_loop(Priv::machine);
  hart->set_interrupt_pins(irq::mtip | irq::meip);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(takes_machine());
}

TEST_F(HartInterrupts, MachineInterruptsTakenBelowMachineRegardlessOfMie) {
  set_csr(csr::mie, irq::meip);
  for (Priv p : {Priv::supervisor, Priv::user}) {
    clear_mstatus_bits(ms::mie);
    hart->set_interrupt_pins(0);
    run_loop(p);
    hart->set_interrupt_pins(irq::meip);
    ASSERT_TRUE(takes_machine());
    EXPECT_EQ(mcause(), irq_cause(irq::mei));
    EXPECT_EQ(mpp(), unsigned(p));
    EXPECT_EQ(hart->priv, Priv::machine);
  }
}

TEST_F(HartInterrupts, PriorityOrderIsMeiMsiMtiSeiSsiSti) {
  set_csr(csr::mie, irq::all);
  uint64_t pins = irq::meip | irq::msip | irq::mtip;
  set_csr(csr::mip, irq::seip | irq::ssip | irq::stip);
  for (unsigned expected : {irq::mei, irq::msi, irq::mti, irq::sei, irq::ssi, irq::sti}) {
    hart->set_interrupt_pins(pins);
    set_mstatus_bits(ms::mie);
    start(kCode);
    ASSERT_TRUE(takes_machine()) << expected;
    EXPECT_EQ(mcause(), irq_cause(expected));
    // Retire this source and go on with the rest.
    pins &= ~(1ull << expected);
    set_csr(csr::mip, csr(csr::mip) & ~(1ull << expected) & (irq::seip | irq::ssip | irq::stip));
  }
  hart->set_interrupt_pins(0);
  set_mstatus_bits(ms::mie);
  start(kCode);
  EXPECT_FALSE(takes_machine());
}

TEST_F(HartInterrupts, SoftwareWrittenSupervisorBitsInterruptMachineWhenNotDelegated) {
  set_csr(csr::mie, irq::stip);
  set_mstatus_bits(ms::mie);
  run_loop(Priv::machine);
  set_csr(csr::mip, irq::stip);
  ASSERT_TRUE(takes_machine());
  EXPECT_EQ(mcause(), irq_cause(irq::sti));
}

TEST_F(HartInterrupts, DelegatedInterruptTrapsToSupervisorWhenSieIsSet) {
  set_csr(csr::mideleg, irq::stip);
  set_csr(csr::mie, irq::stip);
  set_mstatus_bits(ms::sie);
  run_loop(Priv::supervisor);
  set_csr(csr::mip, irq::stip);
  step();
  ASSERT_EQ(hart->pc, kSHandler);
  EXPECT_EQ(hart->priv, Priv::supervisor);
  EXPECT_EQ(csr(csr::scause), irq_cause(irq::sti));
  EXPECT_EQ(csr(csr::sepc), kCode);
  EXPECT_EQ(csr(csr::stval), 0u);
  EXPECT_EQ(csr(csr::mstatus) & (ms::spp | ms::spie | ms::sie), ms::spp | ms::spie);
  EXPECT_EQ(mcause(), 0u);
}

TEST_F(HartInterrupts, DelegatedInterruptMaskedBySieInSupervisor) {
  set_csr(csr::mideleg, irq::ssip);
  set_csr(csr::mie, irq::ssip);
  run_loop(Priv::supervisor);  // SIE = 0
  set_csr(csr::sip, irq::ssip);
  for (int i = 0; i < 5; ++i) {
    step();
    EXPECT_EQ(hart->pc, kCode);
  }
}

TEST_F(HartInterrupts, DelegatedInterruptTakenInUserRegardlessOfSie) {
  set_csr(csr::mideleg, irq::ssip);
  set_csr(csr::mie, irq::ssip);
  run_loop(Priv::user);
  set_csr(csr::sip, irq::ssip);
  step();
  ASSERT_EQ(hart->pc, kSHandler);
  EXPECT_EQ(csr(csr::scause), irq_cause(irq::ssi));
  EXPECT_EQ(csr(csr::mstatus) & ms::spp, 0u);
}

TEST_F(HartInterrupts, DelegatedInterruptNeverTakenInMachineMode) {
  set_csr(csr::mideleg, irq::s_level);
  set_csr(csr::mie, irq::s_level);
  set_mstatus_bits(ms::mie | ms::sie);
  run_loop(Priv::machine);
  set_csr(csr::mip, irq::s_level);
  for (int i = 0; i < 5; ++i) {
    step();
    EXPECT_EQ(hart->pc, kCode);
  }
}

TEST_F(HartInterrupts, MachineInterruptPreemptsDelegatedSupervisorInterrupt) {
  set_csr(csr::mideleg, irq::stip);
  set_csr(csr::mie, irq::stip | irq::mtip);
  set_mstatus_bits(ms::sie);
  run_loop(Priv::supervisor);
  set_csr(csr::mip, irq::stip);
  hart->set_interrupt_pins(irq::mtip);
  ASSERT_TRUE(takes_machine());
  EXPECT_EQ(mcause(), irq_cause(irq::mti));
}

// Privileged spec 3.1.9: "Interrupts to M-mode take priority over any
// interrupts to lower privilege modes." Here SSI is not delegated (it goes
// to M) while SEI is delegated (it goes to S); both are enabled in U-mode.
TEST_F(HartInterrupts, MachineDestinedInterruptBeatsHigherNumberedDelegatedOne) {
  set_csr(csr::mideleg, irq::seip);
  set_csr(csr::mie, irq::seip | irq::ssip);
  run_loop(Priv::user);
  set_csr(csr::mip, irq::seip | irq::ssip);
  step();
  EXPECT_EQ(hart->pc, kHandler);
  EXPECT_EQ(mcause(), irq_cause(irq::ssi));
}

TEST_F(HartInterrupts, VectoredMtvecJumpsToBasePlusFourTimesCause) {
  set_csr(csr::mtvec, kHandler | 1);
  for (unsigned code : {irq::msi, irq::mti, irq::mei}) at(kHandler + 4 * code).halt();
  set_csr(csr::mie, irq::msip | irq::mtip | irq::meip);
  for (unsigned code : {irq::msi, irq::mti, irq::mei}) {
    set_mstatus_bits(ms::mie);
    hart->set_interrupt_pins(1ull << code);
    start(kCode);
    step();
    EXPECT_EQ(hart->pc, kHandler + 4 * code) << code;
    EXPECT_EQ(mcause(), irq_cause(code));
  }
}

TEST_F(HartInterrupts, VectoredStvecJumpsToBasePlusFourTimesCause) {
  set_csr(csr::stvec, kSHandler | 1);
  at(kSHandler + 4 * irq::sti).halt();
  set_csr(csr::mideleg, irq::stip);
  set_csr(csr::mie, irq::stip);
  run_loop(Priv::user);
  set_csr(csr::mip, irq::stip);
  step();
  EXPECT_EQ(hart->pc, kSHandler + 4 * irq::sti);
}

TEST_F(HartInterrupts, EnablingAPendingInterruptTrapsBeforeTheNextInstruction) {
  hart->set_interrupt_pins(irq::mtip);
  set_mstatus_bits(ms::mie);
  hart->x[a1] = irq::mtip;
  hart->x[a0] = 0;
  Asm a = at(kCode2);
  a(csrrs(0, csr::mie, a1))(addi(a0, 0, 1));
  a.halt();
  start(kCode2);
  ASSERT_TRUE(run_until_pc(kHandler));
  EXPECT_EQ(mcause(), irq_cause(irq::mti));
  EXPECT_EQ(mepc(), kCode2 + 4);
  EXPECT_EQ(hart->x[a0], 0u);
}

TEST_F(HartInterrupts, SettingMstatusMieWithAPendingInterruptTrapsImmediately) {
  hart->set_interrupt_pins(irq::msip);
  set_csr(csr::mie, irq::msip);
  hart->x[a0] = 0;
  Asm a = at(kCode2);
  a(csrrsi(0, csr::mstatus, 8))(addi(a0, 0, 1));
  a.halt();
  start(kCode2);
  ASSERT_TRUE(run_until_pc(kHandler));
  EXPECT_EQ(mcause(), irq_cause(irq::msi));
  EXPECT_EQ(mepc(), kCode2 + 4);
  EXPECT_EQ(hart->x[a0], 0u);
}

TEST_F(HartInterrupts, MretEnablingInterruptsTakesThePendingOneAtTheReturnTarget) {
  hart->set_interrupt_pins(irq::mtip);
  set_csr(csr::mie, irq::mtip);
  set_csr(csr::mstatus, ms::mpie | (3ull << ms::mpp_shift));
  set_csr(csr::mepc, kCode);
  Asm a = at(kCode2);
  a(mret());
  start(kCode2);
  ASSERT_TRUE(run_until_pc(kHandler));
  EXPECT_EQ(mcause(), irq_cause(irq::mti));
  EXPECT_EQ(mepc(), kCode);
}

TEST_F(HartInterrupts, InterruptsStopWhenThePinIsReleased) {
  set_csr(csr::mie, irq::meip);
  set_mstatus_bits(ms::mie);
  run_loop(Priv::machine);
  hart->set_interrupt_pins(irq::meip);
  hart->set_interrupt_pins(0);
  EXPECT_FALSE(hart->interrupt_pending());
  EXPECT_FALSE(takes_machine());
}

TEST_F(HartInterrupts, InterruptIsTakenWithinALongerRunBudget) {
  // run() with a large budget samples the pins on entry.
  set_csr(csr::mie, irq::mtip);
  set_mstatus_bits(ms::mie);
  enter(Priv::machine);
  start(kCode);
  hart->run(hart->cycle + 1000);
  hart->set_interrupt_pins(irq::mtip);
  hart->run(hart->cycle + 1000);
  EXPECT_EQ(mcause(), irq_cause(irq::mti));
  EXPECT_EQ(hart->pc, kHandler);
  EXPECT_EQ(mepc(), kCode);
  EXPECT_EQ(hart->interrupts_taken, 1u);
}

// ------------------------------------------------------------------- WFI

class HartWfi : public HartTest {
 protected:
  uint64_t halt_ = 0;
  void place(Priv p) {
    allow_all_pmp();
    Asm a = at(kCode);
    a(wfi())(addi(a0, 0, 1));
    halt_ = a.halt();
    hart->x[a0] = 0;
    enter(p);
    start(kCode);
  }
};

TEST_F(HartWfi, WaitsWhenAnInterruptIsEnabledAndNothingIsPending) {
  set_csr(csr::mie, irq::mtip);
  place(Priv::machine);
  EXPECT_EQ(hart->run(hart->cycle + 1000), RunExit::wfi);
  EXPECT_EQ(hart->pc, kCode + 4);  // WFI retired; resumes after it
  EXPECT_EQ(hart->x[a0], 0u);
}

TEST_F(HartWfi, InterruptAfterWfiTrapsWithEpcAfterTheWfi) {
  set_csr(csr::mie, irq::mtip);
  set_mstatus_bits(ms::mie);
  place(Priv::machine);
  ASSERT_EQ(hart->run(hart->cycle + 1000), RunExit::wfi);
  hart->set_interrupt_pins(irq::mtip);
  hart->run(hart->cycle + 1);
  EXPECT_EQ(hart->pc, kHandler);
  EXPECT_EQ(mcause(), irq_cause(irq::mti));
  EXPECT_EQ(mepc(), kCode + 4);
}

TEST_F(HartWfi, WakesWithoutTrapWhenGloballyDisabled) {
  set_csr(csr::mie, irq::mtip);
  place(Priv::machine);  // mstatus.MIE = 0
  ASSERT_EQ(hart->run(hart->cycle + 1000), RunExit::wfi);
  hart->set_interrupt_pins(irq::mtip);
  ASSERT_TRUE(run_until_pc(halt_));
  EXPECT_EQ(hart->x[a0], 1u);
  EXPECT_EQ(hart->traps_taken, 0u);
}

TEST_F(HartWfi, IsANopWhenNoInterruptIsEnabled) {
  set_csr(csr::mie, 0);
  place(Priv::machine);
  EXPECT_EQ(hart->run(hart->cycle + 1000), RunExit::budget);
  EXPECT_EQ(hart->pc, halt_);
  EXPECT_EQ(hart->x[a0], 1u);
}

TEST_F(HartWfi, DoesNotWaitWhenAnEnabledInterruptIsAlreadyPending) {
  // Pending and enabled in mie but globally disabled: WFI completes at once.
  set_csr(csr::mie, irq::mtip);
  hart->set_interrupt_pins(irq::mtip);
  place(Priv::machine);
  EXPECT_EQ(hart->run(hart->cycle + 1000), RunExit::budget);
  EXPECT_EQ(hart->pc, halt_);
  EXPECT_EQ(hart->traps_taken, 0u);
}

TEST_F(HartWfi, IllegalInUserMode) {
  set_csr(csr::mie, irq::mtip);
  place(Priv::user);
  hart->run(hart->cycle + 1);
  EXPECT_EQ(hart->pc, kHandler);
  EXPECT_EQ(mcause(), cause::illegal_instruction);
  EXPECT_EQ(mtval(), wfi());
  EXPECT_EQ(mepc(), kCode);
}

TEST_F(HartWfi, AllowedInSupervisorUnlessTwIsSet) {
  set_csr(csr::mie, irq::mtip);
  place(Priv::supervisor);
  EXPECT_EQ(hart->run(hart->cycle + 1000), RunExit::wfi);
  set_mstatus_bits(ms::tw);
  place(Priv::supervisor);
  EXPECT_NE(hart->run(hart->cycle + 1), RunExit::wfi);
  EXPECT_EQ(hart->pc, kHandler);
  EXPECT_EQ(mcause(), cause::illegal_instruction);
}

TEST_F(HartWfi, TwDoesNotAffectMachineMode) {
  set_csr(csr::mie, irq::mtip);
  set_mstatus_bits(ms::tw);
  place(Priv::machine);
  EXPECT_EQ(hart->run(hart->cycle + 1000), RunExit::wfi);
}

// Privileged spec, mip: a read returns SEIP ORed with the external line,
// but CSRRS/CSRRC modify only the software bit. Firmware that sets STIP
// (csrrs mip) while the PLIC holds SEIP high must not latch SEIP.
TEST_F(HartInterrupts, CsrrsOnMipDoesNotLatchTheExternalSeipLine) {
  hart->set_interrupt_pins(irq::seip);
  hart->x[t0] = irq::stip;
  EXPECT_TRUE(exec({csrrs(a0, csr::mip, t0)}));
  EXPECT_EQ(hart->x[a0] & irq::seip, irq::seip);  // the read shows the line
  hart->set_interrupt_pins(0);                    // the PLIC drops it
  EXPECT_EQ(csr(csr::mip) & (irq::seip | irq::stip), irq::stip);
}

}  // namespace
}  // namespace torpor::test
