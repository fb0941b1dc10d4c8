// Zicsr and the CSR file (unprivileged chapter 9, privileged chapters 2-4):
// read/modify/write semantics of the six instructions, the access rules
// (read-only CSRs, privilege level in bits 9:8, unimplemented CSRs), WARL
// fields of mstatus, mtvec and satp, delegation and interrupt registers,
// counters with mcounteren/scounteren, and minstret write precedence.
#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

class HartCsr : public HartTest {
 protected:
  void expect_illegal(uint32_t insn) {
    EXPECT_EQ(mcause(), cause::illegal_instruction) << core::instruction_name(insn);
    EXPECT_EQ(mepc(), kCode);
    EXPECT_EQ(mtval(), insn);
  }
};

TEST_F(HartCsr, MisaReportsRv64ImacWithSupervisorAndUser) {
  auto letter = [](char c) { return 1ull << (c - 'A'); };
  EXPECT_EQ(csr(csr::misa),
            (2ull << 62) | letter('A') | letter('C') | letter('I') | letter('M') | letter('S') | letter('U'));
}

TEST_F(HartCsr, MachineInformationRegistersAreReadOnly) {
  config.hart_id = 5;
  rebuild();
  ASSERT_TRUE(exec({csrr(a0, csr::mhartid), csrr(a1, csr::mvendorid), csrr(a2, csr::marchid),
                    csrr(a3, csr::mimpid), csrr(a4, csr::mconfigptr)}));
  EXPECT_EQ(hart->x[a0], 5u);
  EXPECT_EQ(hart->x[a1], 0u);
  EXPECT_EQ(hart->x[a2], 0u);
  EXPECT_EQ(hart->x[a3], 0u);
  EXPECT_EQ(hart->x[a4], 0u);
}

TEST_F(HartCsr, CsrrwSwapsOldAndNewValues) {
  set_csr(csr::mscratch, 0x1111);
  hart->x[a1] = 0x2222;
  ASSERT_TRUE(exec({csrrw(a0, csr::mscratch, a1)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
  EXPECT_EQ(csr(csr::mscratch), 0x2222u);
}

TEST_F(HartCsr, CsrrwWithRdEqualRs1UsesTheOldRegisterValue) {
  set_csr(csr::mscratch, 7);
  hart->x[a0] = 9;
  ASSERT_TRUE(exec({csrrw(a0, csr::mscratch, a0)}));
  EXPECT_EQ(hart->x[a0], 7u);
  EXPECT_EQ(csr(csr::mscratch), 9u);
}

TEST_F(HartCsr, CsrrsAndCsrrcSetAndClearBits) {
  set_csr(csr::mscratch, 0xF0);
  hart->x[a1] = 0x0F;
  hart->x[a2] = 0x30;
  ASSERT_TRUE(exec({csrrs(a0, csr::mscratch, a1), csrrc(a3, csr::mscratch, a2), csrr(a4, csr::mscratch)}));
  EXPECT_EQ(hart->x[a0], 0xF0u);
  EXPECT_EQ(hart->x[a3], 0xFFu);
  EXPECT_EQ(hart->x[a4], 0xCFu);
}

TEST_F(HartCsr, ImmediateFormsUseZeroExtendedUimm) {
  set_csr(csr::mscratch, ~0ull);
  ASSERT_TRUE(exec({csrrwi(a0, csr::mscratch, 31), csrrsi(a1, csr::mscratch, 0x40 >> 2),
                    csrrci(a2, csr::mscratch, 1), csrr(a3, csr::mscratch)}));
  EXPECT_EQ(hart->x[a0], ~0ull);
  EXPECT_EQ(hart->x[a1], 31u);         // written as zero-extended 31
  EXPECT_EQ(hart->x[a2], 31u | 0x10);  // csrrsi set bit 4 (already set)
  EXPECT_EQ(hart->x[a3], 30u);
}

TEST_F(HartCsr, WritingAReadOnlyCsrIsIllegal) {
  hart->x[a1] = 0;
  const uint32_t insn = csrrw(0, csr::mhartid, a1);
  ASSERT_TRUE(exec_to_trap({insn}));
  expect_illegal(insn);
}

TEST_F(HartCsr, ReadOnlyCsrsAreReadableWhenNoWriteIsAttempted) {
  // csrrs/csrrc with rs1=x0 and csrrsi/csrrci with uimm=0 do not write.
  ASSERT_TRUE(exec({csrrs(a0, csr::mhartid, 0), csrrc(a1, csr::mvendorid, 0), csrrsi(a2, csr::mhartid, 0),
                    csrrci(a3, csr::cycle, 0)}));
}

TEST_F(HartCsr, SetWithNonX0SourceAttemptsAWriteEvenIfTheValueIsZero) {
  hart->x[a1] = 0;
  const uint32_t insn = csrrs(a0, csr::mhartid, a1);
  ASSERT_TRUE(exec_to_trap({insn}));
  expect_illegal(insn);
  const uint32_t insn2 = csrrsi(a0, csr::cycle, 1);
  ASSERT_TRUE(exec_to_trap({insn2}));
  expect_illegal(insn2);
}

TEST_F(HartCsr, UnimplementedCsrsAreIllegal) {
  for (uint16_t n : {uint16_t(0x7C0), uint16_t(0x5C0), uint16_t(0xFC0), uint16_t(0x3A1) /* pmpcfg1 on RV64 */,
                     uint16_t(0x3A3)}) {
    const uint32_t insn = csrr(a0, n);
    ASSERT_TRUE(exec_to_trap({insn})) << std::hex << n;
    expect_illegal(insn);
  }
}

TEST_F(HartCsr, CsrPrivilegeLevelIsCheckedFromBits9To8) {
  EXPECT_FALSE(try_in(Priv::supervisor, csrr(a0, csr::mstatus)));
  expect_illegal(csrr(a0, csr::mstatus));
  EXPECT_FALSE(try_in(Priv::supervisor, csrw(csr::mscratch, a0)));
  EXPECT_FALSE(try_in(Priv::user, csrr(a0, csr::sstatus)));
  EXPECT_FALSE(try_in(Priv::user, csrr(a0, csr::sscratch)));
  EXPECT_TRUE(try_in(Priv::supervisor, csrr(a0, csr::sstatus)));
  EXPECT_TRUE(try_in(Priv::supervisor, csrw(csr::sscratch, a0)));
  EXPECT_TRUE(try_in(Priv::machine, csrr(a0, csr::sstatus)));
}

TEST_F(HartCsr, MstatusKeepsOnlyImplementedFields) {
  set_csr(csr::mstatus, ~0ull);
  const uint64_t writable = ms::sie | ms::mie | ms::spie | ms::mpie | ms::spp | ms::mpp | ms::mprv | ms::sum |
                            ms::mxr | ms::tvm | ms::tw | ms::tsr;
  // UXL = SXL = 2 (64-bit) read-only; FS = XS = 0 (no F, no custom state), so SD = 0.
  EXPECT_EQ(csr(csr::mstatus), writable | (2ull << 32) | (2ull << 34));
  set_csr(csr::mstatus, 0);
  EXPECT_EQ(csr(csr::mstatus), (2ull << 32) | (2ull << 34));
}

TEST_F(HartCsr, MstatusMppIsWarlAndRejectsTheReservedValue) {
  set_csr(csr::mstatus, 1ull << ms::mpp_shift);  // S
  EXPECT_EQ(mpp(), 1u);
  set_csr(csr::mstatus, 2ull << ms::mpp_shift);  // reserved: keeps a legal value
  EXPECT_NE(mpp(), 2u);
  set_csr(csr::mstatus, 0);
  EXPECT_EQ(mpp(), 0u);
}

TEST_F(HartCsr, SstatusIsARestrictedViewOfMstatus) {
  set_csr(csr::mstatus, ms::mie | ms::mpie | (3ull << ms::mpp_shift) | ms::tvm);
  // sstatus shows none of the M-only fields...
  const uint64_t s = csr(csr::sstatus);
  EXPECT_EQ(s & (ms::mie | ms::mpie | ms::mpp | ms::tvm), 0u);
  EXPECT_EQ((s >> 32) & 3, 2u);  // UXL
  // ...and writing it changes only S fields.
  set_csr(csr::sstatus, ~0ull);
  const uint64_t m = csr(csr::mstatus);
  EXPECT_EQ(m & (ms::sie | ms::spie | ms::spp | ms::sum | ms::mxr), ms::sie | ms::spie | ms::spp | ms::sum | ms::mxr);
  EXPECT_EQ(m & (ms::mie | ms::mpie | ms::mpp | ms::tvm), ms::mie | ms::mpie | (3ull << ms::mpp_shift) | ms::tvm);
  EXPECT_EQ(m & (ms::mprv | ms::tw | ms::tsr), 0u);
  set_csr(csr::sstatus, 0);
  EXPECT_EQ(csr(csr::mstatus) & ms::mie, ms::mie);
}

TEST_F(HartCsr, MtvecModeIsWarl) {
  set_csr(csr::mtvec, kHandler | 1);
  EXPECT_EQ(csr(csr::mtvec), kHandler | 1);
  set_csr(csr::mtvec, kCode2 | 2);  // reserved mode: base taken, mode stays legal
  EXPECT_LT(csr(csr::mtvec) & 3, 2u);
  set_csr(csr::mtvec, kCode2 | 3);
  EXPECT_LT(csr(csr::mtvec) & 3, 2u);
  set_csr(csr::mtvec, kHandler);
  EXPECT_EQ(csr(csr::mtvec), kHandler);
  set_csr(csr::stvec, kSHandler | 1);
  EXPECT_EQ(csr(csr::stvec), kSHandler | 1);
  set_csr(csr::stvec, kSHandler | 3);
  EXPECT_LT(csr(csr::stvec) & 3, 2u);
}

TEST_F(HartCsr, SatpIgnoresWritesOfUnsupportedModes) {
  const uint64_t sv39 = (8ull << 60) | (5ull << 44) | (kTables >> 12);
  set_csr(csr::satp, sv39);
  EXPECT_EQ(csr(csr::satp), sv39);
  for (uint64_t mode : {1ull, 7ull, 11ull, 15ull}) {  // reserved, Sv64 (not implemented)
    set_csr(csr::satp, (mode << 60) | 0x1234);
    EXPECT_EQ(csr(csr::satp), sv39) << "mode " << mode;  // the whole write has no effect
  }
  set_csr(csr::satp, (9ull << 60) | (kTables >> 12));
  EXPECT_EQ(csr(csr::satp) >> 60, 9u);
  set_csr(csr::satp, (10ull << 60) | (kTables >> 12));
  EXPECT_EQ(csr(csr::satp) >> 60, 10u);
  set_csr(csr::satp, 0);
  EXPECT_EQ(csr(csr::satp), 0u);
}

TEST_F(HartCsr, SatpModesDisabledInConfigAreNotAccepted) {
  config.sv57 = false;
  config.sv48 = false;
  rebuild();
  set_csr(csr::satp, (10ull << 60) | 1);
  EXPECT_EQ(csr(csr::satp), 0u);
  set_csr(csr::satp, (9ull << 60) | 1);
  EXPECT_EQ(csr(csr::satp), 0u);
  set_csr(csr::satp, (8ull << 60) | 1);
  EXPECT_EQ(csr(csr::satp), (8ull << 60) | 1);
}

TEST_F(HartCsr, SatpAccessFromSupervisorTrapsWhenTvmIsSet) {
  EXPECT_TRUE(try_in(Priv::supervisor, csrr(a0, csr::satp)));
  EXPECT_TRUE(try_in(Priv::supervisor, csrw(csr::satp, 0)));
  set_mstatus_bits(ms::tvm);
  EXPECT_FALSE(try_in(Priv::supervisor, csrr(a0, csr::satp)));
  expect_illegal(csrr(a0, csr::satp));
  EXPECT_FALSE(try_in(Priv::supervisor, csrw(csr::satp, 0)));
  EXPECT_TRUE(try_in(Priv::machine, csrr(a0, csr::satp)));  // TVM does not affect M
}

TEST_F(HartCsr, MedelegCannotDelegateEcallFromMachine) {
  set_csr(csr::medeleg, ~0ull);
  const uint64_t m = csr(csr::medeleg);
  EXPECT_EQ(m & (1ull << cause::ecall_from_m), 0u);
  for (uint64_t c : {cause::fetch_misaligned, cause::illegal_instruction, cause::breakpoint, cause::ecall_from_u,
                     cause::ecall_from_s, cause::fetch_page_fault, cause::load_page_fault, cause::store_page_fault})
    EXPECT_NE(m & (1ull << c), 0u) << "cause " << c;
}

TEST_F(HartCsr, MidelegHoldsOnlySupervisorInterrupts) {
  set_csr(csr::mideleg, ~0ull);
  EXPECT_EQ(csr(csr::mideleg), irq::s_level);
}

TEST_F(HartCsr, MieHoldsOnlyImplementedInterrupts) {
  set_csr(csr::mie, ~0ull);
  EXPECT_EQ(csr(csr::mie), irq::all);
}

TEST_F(HartCsr, MipMachineBitsFollowThePinsAndSupervisorBitsAreWritable) {
  set_csr(csr::mip, ~0ull);
  EXPECT_EQ(csr(csr::mip), irq::ssip | irq::stip | irq::seip);
  hart->set_interrupt_pins(irq::mtip | irq::meip);
  EXPECT_EQ(csr(csr::mip) & (irq::mtip | irq::meip | irq::msip), irq::mtip | irq::meip);
  set_csr(csr::mip, 0);  // software cannot clear a pin-driven bit
  EXPECT_EQ(csr(csr::mip), irq::mtip | irq::meip);
  hart->set_interrupt_pins(0);
  EXPECT_EQ(csr(csr::mip), 0u);
}

TEST_F(HartCsr, SieAndSipAreViewsMaskedByMideleg) {
  set_csr(csr::sie, ~0ull);
  EXPECT_EQ(csr(csr::mie), 0u);  // nothing delegated: sie bits read-only zero
  set_csr(csr::mip, irq::stip);
  EXPECT_EQ(csr(csr::sip), 0u);
  set_csr(csr::mideleg, irq::s_level);
  EXPECT_EQ(csr(csr::sip), irq::stip);
  set_csr(csr::sie, ~0ull);
  EXPECT_EQ(csr(csr::mie), irq::s_level);
  EXPECT_EQ(csr(csr::sie), irq::s_level);
  // Only SSIP is writable through sip; STIP is not.
  set_csr(csr::sip, irq::ssip);
  EXPECT_EQ(csr(csr::mip), irq::ssip | irq::stip);
  set_csr(csr::sip, 0);
  EXPECT_EQ(csr(csr::mip), irq::stip);
}

TEST_F(HartCsr, EpcRegistersClearBitZero) {
  set_csr(csr::mepc, kCode + 3);
  EXPECT_EQ(csr(csr::mepc), kCode + 2);
  set_csr(csr::sepc, 0x1235);
  EXPECT_EQ(csr(csr::sepc), 0x1234u);
}

TEST_F(HartCsr, CounterAccessBelowMachineNeedsMcounteren) {
  for (uint16_t n : {csr::cycle, csr::time, csr::instret}) {
    const unsigned bit = n - csr::cycle;
    set_csr(csr::mcounteren, 0);
    set_csr(csr::scounteren, 0);
    EXPECT_FALSE(try_in(Priv::supervisor, csrr(a0, n))) << n;
    EXPECT_FALSE(try_in(Priv::user, csrr(a0, n))) << n;
    set_csr(csr::mcounteren, 1u << bit);
    EXPECT_TRUE(try_in(Priv::supervisor, csrr(a0, n))) << n;
    EXPECT_FALSE(try_in(Priv::user, csrr(a0, n))) << n;  // scounteren still clear
    set_csr(csr::scounteren, 1u << bit);
    EXPECT_TRUE(try_in(Priv::user, csrr(a0, n))) << n;
    set_csr(csr::mcounteren, 0);
    EXPECT_FALSE(try_in(Priv::user, csrr(a0, n))) << n;  // both are needed
    EXPECT_TRUE(try_in(Priv::machine, csrr(a0, n))) << n;
  }
}

TEST_F(HartCsr, TimeReadsTheMemoryPortsMtime) {
  mem.mtime_value = 123456789;
  ASSERT_TRUE(exec({csrr(a0, csr::time)}));
  EXPECT_EQ(hart->x[a0], 123456789u);
}

TEST_F(HartCsr, MinstretCountsRetiredInstructions) {
  ASSERT_TRUE(exec({csrr(a0, csr::minstret), nop(), nop(), nop(), nop(), nop(), csrr(a1, csr::minstret),
                    csrr(a2, csr::instret)}));
  EXPECT_EQ(hart->x[a1] - hart->x[a0], 6u);  // the first csrr and five nops
  EXPECT_EQ(hart->x[a2] - hart->x[a1], 1u);
}

TEST_F(HartCsr, MinstretCountsInstructionsInsideOneBlock) {
  // The reads are in the middle of straight-line code, not at block ends.
  ASSERT_TRUE(exec({nop(), csrr(a0, csr::minstret), nop(), nop(), csrr(a1, csr::minstret)}));
  EXPECT_EQ(hart->x[a1] - hart->x[a0], 3u);
}

TEST_F(HartCsr, MinstretWriteTakesPrecedenceOverTheIncrement) {
  // "a value written to instret by one instruction will be the value read
  // by the following instruction" (unprivileged 10.1 / Zicntr).
  hart->x[a1] = 1000;
  ASSERT_TRUE(exec({csrw(csr::minstret, a1), csrr(a2, csr::minstret), nop(), nop(), csrr(a3, csr::minstret)}));
  EXPECT_EQ(hart->x[a2], 1000u);
  EXPECT_EQ(hart->x[a3], 1003u);
  // The read-modify-write form returns the value before.
  hart->x[a1] = 50;
  ASSERT_TRUE(exec({nop(), csrrw(a4, csr::minstret, a1), csrr(a5, csr::minstret)}));
  EXPECT_GT(hart->x[a4], 1003u);
  EXPECT_EQ(hart->x[a5], 50u);
}

TEST_F(HartCsr, McycleIsWritable) {
  hart->x[a1] = 1'000'000;
  ASSERT_TRUE(exec({csrw(csr::mcycle, a1), csrr(a2, csr::mcycle), csrr(a3, csr::cycle)}));
  EXPECT_GE(hart->x[a2], 1'000'000u);
  EXPECT_GE(hart->x[a3], hart->x[a2]);
}

TEST_F(HartCsr, HardwarePerformanceCountersAreHardwiredToZero) {
  ASSERT_TRUE(exec({csrr(a0, csr::mhpmcounter3), csrr(a1, csr::hpmcounter31), csrw(csr::mhpmevent3, a2),
                    csrr(a2, csr::mhpmevent3)}));
  EXPECT_EQ(hart->x[a0], 0u);
  EXPECT_EQ(hart->x[a1], 0u);
}

TEST_F(HartCsr, PmpCsrsForUnimplementedEntriesReadZero) {
  set_csr(csr::pmpaddr0 + 20, 0x1234);
  EXPECT_EQ(csr(csr::pmpaddr0 + 20), 0u);
  set_csr(csr::pmpaddr0 + 3, 0x1234);
  EXPECT_EQ(csr(csr::pmpaddr0 + 3), 0x1234u);
}

TEST_F(HartCsr, CounterenRegistersAreThirtyTwoBitsWide) {
  set_csr(csr::mcounteren, ~0ull);
  EXPECT_EQ(csr(csr::mcounteren), 0xFFFFFFFFu);
  set_csr(csr::scounteren, ~0ull);
  EXPECT_EQ(csr(csr::scounteren), 0xFFFFFFFFu);
}

TEST_F(HartCsr, ResetEntersMachineModeAtTheResetVectorWithInterruptsAndMprvOff) {
  // Privileged 3.4: priv = M, mstatus.MIE = MPRV = 0, pc = reset vector,
  // PMP A and L fields cleared; the rest is unspecified.
  set_csr(csr::mstatus, ms::mie | ms::mprv | (1ull << ms::mpp_shift));
  set_csr(csr::pmpaddr0, 0x1000);
  set_csr(csr::pmpcfg0, 0x9F);  // NAPOT, RWX, locked
  enter(Priv::user);
  hart->pc = kData;
  hart->reset();
  EXPECT_EQ(hart->priv, Priv::machine);
  EXPECT_EQ(hart->pc, config.reset_pc);
  EXPECT_EQ(csr(csr::mstatus) & (ms::mie | ms::mprv), 0u);
  EXPECT_EQ(csr(csr::pmpcfg0) & 0x98, 0u);
  EXPECT_EQ(csr(csr::misa) >> 62, 2u);
}

}  // namespace
}  // namespace torpor::test
