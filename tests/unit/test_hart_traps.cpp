// Synchronous exceptions and trap returns (privileged spec 3.1.6-3.1.16,
// 3.3.2, 4.1): cause/epc/tval, mstatus stacking on entry and on MRET/SRET,
// delegation through medeleg, instructions that are illegal at a privilege
// level (MRET, SRET with TSR, SFENCE.VMA with TVM), and the effect of a
// trap on the rest of its block and on instret.
#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

class HartTraps : public HartTest {
 protected:
  // Places insns at kCode (then a halt) and runs them in privilege p until
  // a handler or the halt is reached; returns the pc it stopped at.
  uint64_t run_in(Priv p, std::initializer_list<uint32_t> insns) {
    allow_all_pmp();
    Asm a = at(kCode);
    for (uint32_t i : insns) a(i);
    const uint64_t halt = a.halt();
    enter(p);
    start(kCode);
    for (int i = 0; i < 100; ++i) {
      if (hart->pc == halt || hart->pc == kHandler || hart->pc == kSHandler) break;
      step();
    }
    return hart->pc;
  }
};

TEST_F(HartTraps, EcallFromMachineStacksInterruptEnableAndPrivilege) {
  set_mstatus_bits(ms::mie);
  ASSERT_TRUE(exec_to_trap({nop(), ecall()}));
  EXPECT_EQ(mcause(), cause::ecall_from_m);
  EXPECT_EQ(mepc(), kCode + 4);
  EXPECT_EQ(mtval(), 0u);
  EXPECT_EQ(hart->priv, Priv::machine);
  EXPECT_EQ(mpp(), 3u);
  const uint64_t s = csr(csr::mstatus);
  EXPECT_EQ(s & ms::mie, 0u);
  EXPECT_EQ(s & ms::mpie, ms::mpie);
}

TEST_F(HartTraps, MpieRecordsAClearMie) {
  set_csr(csr::mstatus, ms::mpie);  // MIE = 0, MPIE = 1 before the trap
  ASSERT_TRUE(exec_to_trap({ecall()}));
  EXPECT_EQ(csr(csr::mstatus) & (ms::mie | ms::mpie), 0u);
}

TEST_F(HartTraps, EcallCauseDependsOnPrivilege) {
  EXPECT_EQ(run_in(Priv::supervisor, {ecall()}), kHandler);
  EXPECT_EQ(mcause(), cause::ecall_from_s);
  EXPECT_EQ(mpp(), 1u);
  EXPECT_EQ(hart->priv, Priv::machine);
  EXPECT_EQ(run_in(Priv::user, {ecall()}), kHandler);
  EXPECT_EQ(mcause(), cause::ecall_from_u);
  EXPECT_EQ(mpp(), 0u);
  EXPECT_EQ(mepc(), kCode);
}

TEST_F(HartTraps, EbreakRaisesBreakpointAtItsOwnAddress) {
  ASSERT_TRUE(exec_to_trap({nop(), nop(), ebreak()}));
  EXPECT_EQ(mcause(), cause::breakpoint);
  EXPECT_EQ(mepc(), kCode + 8);
  // mtval is either 0 or the address (privileged 3.1.16).
  EXPECT_TRUE(mtval() == 0 || mtval() == kCode + 8) << std::hex << mtval();
}

TEST_F(HartTraps, IllegalInstructionReportsItsEncodingInMtval) {
  const uint32_t bad = 0xFFFFFFFF;
  ASSERT_TRUE(exec_to_trap({nop(), bad}));
  EXPECT_EQ(mcause(), cause::illegal_instruction);
  EXPECT_EQ(mepc(), kCode + 4);
  EXPECT_EQ(mtval(), bad);
}

TEST_F(HartTraps, ExceptionsAlwaysUseTheVectorBase) {
  set_csr(csr::mtvec, kHandler | 1);  // vectored: only interrupts are offset
  ASSERT_TRUE(exec_to_trap({ecall()}));
  EXPECT_EQ(hart->pc, kHandler);
}

TEST_F(HartTraps, TrappingInstructionDoesNotRetireNorDoLaterOnes) {
  hart->x[a2] = kUnmapped;
  hart->x[a1] = 7;
  const uint64_t before = hart->instret;
  ASSERT_TRUE(exec_to_trap({addi(a0, 0, 1), ld(a1, a2, 0), addi(a0, 0, 2)}));
  EXPECT_EQ(mepc(), kCode + 4);
  EXPECT_EQ(hart->x[a0], 1u);
  EXPECT_EQ(hart->x[a1], 7u);  // the faulting load's rd is unchanged
  // One instruction retired before the trap; the handler's halt may have run.
  const uint64_t retired = hart->instret - before;
  EXPECT_TRUE(retired == 1 || retired == 2) << retired;
}

TEST_F(HartTraps, EcallDoesNotRetire) {
  // The handler reads minstret; only the csrr before the ecall retired.
  Asm h = at(kHandler);
  h(csrr(a1, csr::minstret));
  const uint64_t halt = h.halt();
  at(kCode)(csrr(a0, csr::minstret))(ecall());
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a1] - hart->x[a0], 1u);
}

TEST_F(HartTraps, MretReturnsToMppAndRestoresMie) {
  set_csr(csr::mstatus, ms::mpie | (1ull << ms::mpp_shift));
  set_csr(csr::mepc, kCode2);
  ASSERT_TRUE(exec_to_trap({mret()}, kCode, kCode2));
  EXPECT_EQ(hart->priv, Priv::supervisor);
  const uint64_t s = csr(csr::mstatus);
  EXPECT_EQ(s & ms::mie, ms::mie);    // MIE = MPIE
  EXPECT_EQ(s & ms::mpie, ms::mpie);  // MPIE = 1
  EXPECT_EQ(mpp(), 0u);               // MPP = least-privileged mode (U)
}

TEST_F(HartTraps, MretToMachineKeepsMprvAndToLowerClearsIt) {
  set_csr(csr::mstatus, ms::mprv | (3ull << ms::mpp_shift));
  set_csr(csr::mepc, kCode2);
  ASSERT_TRUE(exec_to_trap({mret()}, kCode, kCode2));
  EXPECT_EQ(hart->priv, Priv::machine);
  EXPECT_EQ(csr(csr::mstatus) & ms::mprv, ms::mprv);

  set_csr(csr::mstatus, ms::mprv | (0ull << ms::mpp_shift));
  ASSERT_TRUE(exec_to_trap({mret()}, kCode, kCode2));
  EXPECT_EQ(hart->priv, Priv::user);
  EXPECT_EQ(csr(csr::mstatus) & ms::mprv, 0u);
}

TEST_F(HartTraps, SretReturnsToSppAndRestoresSie) {
  allow_all_pmp();
  set_csr(csr::mstatus, ms::spie | ms::mprv);  // SPP = U
  set_csr(csr::sepc, kCode2);
  enter(Priv::supervisor);
  ASSERT_TRUE(exec_to_trap({sret()}, kCode, kCode2));
  EXPECT_EQ(hart->priv, Priv::user);
  const uint64_t s = csr(csr::mstatus);
  EXPECT_EQ(s & ms::sie, ms::sie);
  EXPECT_EQ(s & ms::spie, ms::spie);
  EXPECT_EQ(s & ms::spp, 0u);
  EXPECT_EQ(s & ms::mprv, 0u);  // xRET to a mode below M clears MPRV
}

TEST_F(HartTraps, SretToSupervisorFromMachine) {
  set_csr(csr::mstatus, ms::spp);
  set_csr(csr::sepc, kCode2);
  ASSERT_TRUE(exec_to_trap({sret()}, kCode, kCode2));
  EXPECT_EQ(hart->priv, Priv::supervisor);
  EXPECT_EQ(csr(csr::mstatus) & (ms::spp | ms::sie | ms::spie), ms::spie);
}

TEST_F(HartTraps, XretIllegalBelowItsPrivilege) {
  EXPECT_EQ(run_in(Priv::supervisor, {mret()}), kHandler);
  EXPECT_EQ(mcause(), cause::illegal_instruction);
  EXPECT_EQ(mtval(), mret());
  EXPECT_EQ(run_in(Priv::user, {sret()}), kHandler);
  EXPECT_EQ(mcause(), cause::illegal_instruction);
  EXPECT_EQ(run_in(Priv::user, {mret()}), kHandler);
  EXPECT_EQ(mcause(), cause::illegal_instruction);
}

TEST_F(HartTraps, SretIllegalInSupervisorWhenTsrIsSet) {
  set_mstatus_bits(ms::tsr);
  EXPECT_EQ(run_in(Priv::supervisor, {sret()}), kHandler);
  EXPECT_EQ(mcause(), cause::illegal_instruction);
  // TSR does not affect M-mode.
  set_csr(csr::mstatus, ms::tsr | ms::spp);
  set_csr(csr::sepc, kCode2);
  ASSERT_TRUE(exec_to_trap({sret()}, kCode, kCode2));
}

TEST_F(HartTraps, SfenceVmaIllegalInUserAndInSupervisorUnderTvm) {
  EXPECT_EQ(run_in(Priv::user, {sfence_vma()}), kHandler);
  EXPECT_EQ(mcause(), cause::illegal_instruction);
  EXPECT_EQ(run_in(Priv::supervisor, {sfence_vma()}), kCode + 4);  // allowed
  set_mstatus_bits(ms::tvm);
  EXPECT_EQ(run_in(Priv::supervisor, {sfence_vma(a0, a1)}), kHandler);
  EXPECT_EQ(mcause(), cause::illegal_instruction);
}

TEST_F(HartTraps, DelegatedExceptionFromUserGoesToSupervisor) {
  set_csr(csr::medeleg, 1ull << cause::ecall_from_u);
  set_mstatus_bits(ms::sie);
  EXPECT_EQ(run_in(Priv::user, {nop(), ecall()}), kSHandler);
  EXPECT_EQ(hart->priv, Priv::supervisor);
  EXPECT_EQ(csr(csr::scause), cause::ecall_from_u);
  EXPECT_EQ(csr(csr::sepc), kCode + 4);
  EXPECT_EQ(csr(csr::stval), 0u);
  const uint64_t s = csr(csr::mstatus);
  EXPECT_EQ(s & ms::spp, 0u);         // came from U
  EXPECT_EQ(s & ms::spie, ms::spie);  // SPIE = old SIE
  EXPECT_EQ(s & ms::sie, 0u);
  EXPECT_EQ(mcause(), 0u);  // M-mode trap state untouched
  EXPECT_EQ(mepc(), 0u);
}

TEST_F(HartTraps, DelegatedExceptionFromSupervisorSetsSpp) {
  set_csr(csr::medeleg, 1ull << cause::illegal_instruction);
  EXPECT_EQ(run_in(Priv::supervisor, {0xFFFFFFFF}), kSHandler);
  EXPECT_EQ(csr(csr::scause), cause::illegal_instruction);
  EXPECT_EQ(csr(csr::stval), 0xFFFFFFFFu);
  EXPECT_EQ(csr(csr::mstatus) & (ms::spp | ms::spie), ms::spp);
}

TEST_F(HartTraps, DelegationNeverLowersPrivilegeForMachineModeTraps) {
  set_csr(csr::medeleg, 1ull << cause::illegal_instruction);
  ASSERT_TRUE(exec_to_trap({0xFFFFFFFF}));
  EXPECT_EQ(hart->priv, Priv::machine);
  EXPECT_EQ(mcause(), cause::illegal_instruction);
  EXPECT_EQ(csr(csr::scause), 0u);
}

TEST_F(HartTraps, UndelegatedExceptionFromUserGoesToMachine) {
  set_csr(csr::medeleg, 1ull << cause::breakpoint);  // a different one
  EXPECT_EQ(run_in(Priv::user, {ecall()}), kHandler);
  EXPECT_EQ(mcause(), cause::ecall_from_u);
  EXPECT_EQ(mpp(), 0u);
}

TEST_F(HartTraps, StvecVectoredModeDoesNotOffsetExceptions) {
  set_csr(csr::stvec, kSHandler | 1);
  set_csr(csr::medeleg, 1ull << cause::ecall_from_u);
  EXPECT_EQ(run_in(Priv::user, {ecall()}), kSHandler);
}

TEST_F(HartTraps, TrapFromSupervisorHandlerBackToMachineNests) {
  // U ecall delegated to S; the S handler's ecall goes to M with MPP = S.
  set_csr(csr::medeleg, 1ull << cause::ecall_from_u);
  at(kSHandler)(ecall());
  EXPECT_EQ(run_in(Priv::user, {ecall()}), kSHandler);
  ASSERT_TRUE(run_until_pc(kHandler));
  EXPECT_EQ(mcause(), cause::ecall_from_s);
  EXPECT_EQ(mepc(), kSHandler);
  EXPECT_EQ(mpp(), 1u);
  EXPECT_EQ(csr(csr::sepc), kCode);
}

TEST_F(HartTraps, ReturnFromHandlerResumesAfterTheEcall) {
  // A handler that skips the ecall: mepc += 4; mret.
  Asm h = at(kHandler);
  h(csrr(t0, csr::mepc))(addi(t0, t0, 4))(csrw(csr::mepc, t0))(mret());
  set_csr(csr::mstatus, 3ull << ms::mpp_shift);
  ASSERT_TRUE(exec({addi(a0, 0, 1), ecall(), addi(a0, a0, 1)}));
  EXPECT_EQ(hart->x[a0], 2u);
  EXPECT_EQ(hart->priv, Priv::machine);
}

TEST_F(HartTraps, TvmDoesNotAffectMachineMode) {
  set_mstatus_bits(ms::tvm);
  ASSERT_TRUE(exec({sfence_vma(), csrr(a0, csr::satp), csrw(csr::satp, 0)}));
}

TEST_F(HartTraps, ExceptionCodesAreNotInterrupts) {
  ASSERT_TRUE(exec_to_trap({ecall()}));
  EXPECT_EQ(mcause() & cause::interrupt_flag, 0u);
}

}  // namespace
}  // namespace torpor::test
