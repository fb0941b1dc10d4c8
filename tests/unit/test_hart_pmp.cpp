// Physical memory protection (privileged spec 3.7): TOR, NA4 and NAPOT
// matching, lowest-numbered entry wins, partial matches fail, locked
// entries bind M-mode and ignore writes, S/U are denied when no entry
// matches, page-table walks are checked as S-mode, MPRV applies PMP with
// MPP's privilege, and configuration changes take effect at once.
#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

constexpr uint8_t R = 1, W = 2, X = 4, TOR = 0x08, NA4 = 0x10, NAPOT = 0x18, L = 0x80;

constexpr uint64_t napot(uint64_t base, uint64_t size) { return (base | (size / 2 - 1)) >> 2; }

class HartPmp : public HartTest {
 protected:
  void set_entry(unsigned i, uint64_t addr, uint8_t cfg) {
    set_csr(uint16_t(csr::pmpaddr0 + i), addr);
    const uint16_t n = uint16_t(csr::pmpcfg0 + (i / 8) * 2);
    const unsigned shift = (i % 8) * 8;
    set_csr(n, (csr(n) & ~(0xFFull << shift)) | (uint64_t(cfg) << shift));
  }
  uint8_t cfg(unsigned i) {
    return uint8_t(csr(uint16_t(csr::pmpcfg0 + (i / 8) * 2)) >> ((i % 8) * 8));
  }
  void expect_fault(uint64_t c, uint64_t tval, uint64_t epc = kCode) {
    EXPECT_EQ(mcause(), c);
    EXPECT_EQ(mtval(), tval);
    EXPECT_EQ(mepc(), epc);
  }
};

TEST_F(HartPmp, SupervisorIsDeniedWhenNoEntryMatches) {
  EXPECT_FALSE(run_in(Priv::supervisor, {nop()}));
  expect_fault(cause::fetch_access, kCode, kCode);
  EXPECT_FALSE(run_in(Priv::user, {nop()}));
  expect_fault(cause::fetch_access, kCode, kCode);
}

TEST_F(HartPmp, MachineIsAllowedWhenNoEntryMatches) {
  hart->x[a1] = kData;
  EXPECT_TRUE(run_in(Priv::machine, {ld(a0, a1, 0), sd(a0, a1, 8)}));
}

TEST_F(HartPmp, TorEntryCoversTheRangeFromThePreviousAddress) {
  set_entry(0, kData >> 2, TOR | R | W | X);           // [0, kData)
  set_entry(1, (kData + 0x100) >> 2, TOR | R);          // [kData, kData + 0x100)
  set_entry(2, (kData + 0x200) >> 2, TOR | R | W);      // [kData + 0x100, kData + 0x200)
  hart->x[a1] = kData;
  hart->x[a2] = 0x77;
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0xF8), sd(a2, a1, -8), sd(a2, a1, 0x100), ld(a3, a1, 0x1F8)}));
  EXPECT_EQ(mem.get<uint64_t>(kData - 8), 0x77u);
  EXPECT_EQ(mem.get<uint64_t>(kData + 0x100), 0x77u);
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a2, a1, 0xF8)}));  // read-only
  expect_fault(cause::store_access, kData + 0xF8);
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0x200)}));  // beyond every entry
  expect_fault(cause::load_access, kData + 0x200);
}

TEST_F(HartPmp, TorWithTopBelowBottomMatchesNothing) {
  set_entry(0, (kData + 0x100) >> 2, TOR | R | W | X);  // entry 0: [0, kData+0x100)
  set_entry(1, kData >> 2, TOR);                       // [kData+0x100, kData): empty
  allow_all_pmp();
  hart->x[a1] = kData;
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0x100)}));  // entry 15 decides
}

TEST_F(HartPmp, Na4MatchesExactlyFourBytes) {
  set_entry(0, (kData + 0x10) >> 2, NA4);  // no permissions
  allow_all_pmp();
  hart->x[a1] = kData;
  EXPECT_TRUE(run_in(Priv::supervisor, {lw(a0, a1, 0xC), lw(a0, a1, 0x14), ld(a0, a1, 0x8), ld(a0, a1, 0x18)}));
  EXPECT_FALSE(run_in(Priv::supervisor, {lw(a0, a1, 0x10)}));
  expect_fault(cause::load_access, kData + 0x10);
  EXPECT_FALSE(run_in(Priv::supervisor, {lbu(a0, a1, 0x13)}));
  expect_fault(cause::load_access, kData + 0x13);
}

TEST_F(HartPmp, NapotMatchesANaturallyAlignedRegion) {
  set_entry(0, napot(kData, 0x1000), NAPOT | R);
  allow_all_pmp();
  hart->x[a1] = kData;
  hart->x[a2] = 5;
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0), ld(a0, a1, 0x7F8), sd(a2, a1, -8), sb(a2, a1, -1)}));
  hart->x[a1] = kData + 0x1000;
  EXPECT_TRUE(run_in(Priv::supervisor, {sd(a2, a1, 0)}));    // kData + 0x1000: outside
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a2, a1, -8)}));  // kData + 0xFF8: inside
  expect_fault(cause::store_access, kData + 0xFF8);
}

TEST_F(HartPmp, SmallestNapotRegionIsEightBytes) {
  set_entry(0, napot(kData + 8, 8), NAPOT);  // pmpaddr with no trailing ones
  allow_all_pmp();
  hart->x[a1] = kData;
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0), ld(a0, a1, 16)}));
  EXPECT_FALSE(run_in(Priv::supervisor, {lw(a0, a1, 12)}));
  expect_fault(cause::load_access, kData + 12);
}

TEST_F(HartPmp, LowestNumberedMatchingEntryDecides) {
  set_entry(0, napot(kData, 0x100), NAPOT | R | W);
  set_entry(1, napot(kData, 0x1000), NAPOT | R);
  allow_all_pmp();
  hart->x[a1] = kData;
  EXPECT_TRUE(run_in(Priv::supervisor, {sd(a1, a1, 0x80)}));
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a1, a1, 0x180)}));
  expect_fault(cause::store_access, kData + 0x180);
}

TEST_F(HartPmp, AccessMatchingAnEntryOnlyPartlyFailsEvenInMachineMode) {
  // An NA4 entry over bytes 4..7 of a doubleword: an 8-byte access matches
  // it partially and fails irrespective of L/R/W/X (3.7.1).
  set_entry(0, (kData + 4) >> 2, NA4 | R | W | X);
  hart->x[a1] = kData;
  EXPECT_TRUE(run_in(Priv::machine, {lw(a0, a1, 0), lw(a0, a1, 4)}));
  EXPECT_FALSE(run_in(Priv::machine, {ld(a0, a1, 0)}));
  expect_fault(cause::load_access, kData);
}

TEST_F(HartPmp, LockedEntryBindsMachineMode) {
  set_entry(0, napot(kData, 0x1000), NAPOT | R | L);
  hart->x[a1] = kData;
  EXPECT_TRUE(run_in(Priv::machine, {ld(a0, a1, 0)}));
  EXPECT_FALSE(run_in(Priv::machine, {sd(a0, a1, 8)}));
  expect_fault(cause::store_access, kData + 8);
}

TEST_F(HartPmp, UnlockedEntryDoesNotBindMachineMode) {
  set_entry(0, napot(kData, 0x1000), NAPOT);  // no permissions, not locked
  hart->x[a1] = kData;
  EXPECT_TRUE(run_in(Priv::machine, {ld(a0, a1, 0), sd(a0, a1, 8)}));
}

TEST_F(HartPmp, LockedEntryIgnoresWritesUntilReset) {
  set_entry(0, napot(kData, 0x1000), NAPOT | R | L);
  set_entry(0, napot(kCode, 0x1000), NAPOT | R | W | X);
  EXPECT_EQ(csr(csr::pmpaddr0), napot(kData, 0x1000));
  EXPECT_EQ(cfg(0), NAPOT | R | L);
  // Entries next to it stay writable.
  set_entry(1, 0x1234, TOR | R);
  EXPECT_EQ(csr(csr::pmpaddr0 + 1), 0x1234u);
  EXPECT_EQ(cfg(1), TOR | R);
  hart->reset();
  EXPECT_EQ(cfg(0), 0u);
}

TEST_F(HartPmp, LockedTorEntryAlsoLocksTheAddressBelowIt) {
  set_entry(0, kData >> 2, 0);
  set_entry(1, (kData + 0x1000) >> 2, TOR | R | L);
  set_csr(csr::pmpaddr0, 0);
  EXPECT_EQ(csr(csr::pmpaddr0), kData >> 2);
}

TEST_F(HartPmp, WriteWithoutReadIsNotRetained) {
  set_entry(2, napot(kData, 0x1000), NAPOT | W);  // R=0, W=1 is reserved
  EXPECT_EQ(cfg(2) & (R | W), 0);
}

TEST_F(HartPmp, FetchNeedsExecutePermission) {
  set_entry(0, napot(kCode, 0x1000), NAPOT | R | W);
  allow_all_pmp();
  EXPECT_FALSE(run_in(Priv::supervisor, {nop()}));
  expect_fault(cause::fetch_access, kCode, kCode);
  set_entry(0, napot(kCode, 0x1000), NAPOT | X);
  EXPECT_TRUE(run_in(Priv::supervisor, {nop()}));
}

TEST_F(HartPmp, ExecuteOnlyRegionCannotBeRead) {
  set_entry(0, napot(kCode, 0x1000), NAPOT | X);
  allow_all_pmp();
  hart->x[a1] = kCode;
  EXPECT_FALSE(run_in(Priv::supervisor, {lw(a0, a1, 0)}));
  expect_fault(cause::load_access, kCode);
}

TEST_F(HartPmp, ConfigurationChangesApplyToTheNextAccess) {
  hart->x[a1] = kData;
  hart->x[a3] = NAPOT | R | L;
  set_csr(csr::pmpaddr0, napot(kData, 0x1000));
  EXPECT_FALSE(run_in(Priv::machine, {sd(a2, a1, 0), csrw(csr::pmpcfg0, a3), sd(a2, a1, 0)}));
  expect_fault(cause::store_access, kData, kCode + 8);
}

TEST_F(HartPmp, MprvAppliesPmpWithMppPrivilege) {
  hart->x[a1] = kData;
  set_csr(csr::mstatus, ms::mprv | (1ull << ms::mpp_shift));
  EXPECT_FALSE(run_in(Priv::machine, {ld(a0, a1, 0)}));  // as S: no entry matches
  expect_fault(cause::load_access, kData);
  set_entry(0, napot(kData, 0x1000), NAPOT | R);
  set_csr(csr::mstatus, ms::mprv | (1ull << ms::mpp_shift));
  EXPECT_TRUE(run_in(Priv::machine, {ld(a0, a1, 0)}));
}

TEST_F(HartPmp, PageTableWalksAreCheckedAsSupervisor) {
  // Page tables in a region S-mode may not read: a translated load from
  // M-mode with MPRV (MPP = S) faults with an access fault on the walk.
  PageTables pt(mem, 3);
  pt.map(0x40000000, kData, 0, pte::V | pte::R | pte::A | pte::D);
  set_csr(csr::satp, pt.satp());
  set_entry(0, napot(kTables, 0x10000), NAPOT);  // no permissions for S
  allow_all_pmp();
  hart->x[a1] = 0x40000000;
  set_csr(csr::mstatus, ms::mprv | (1ull << ms::mpp_shift));
  EXPECT_FALSE(run_in(Priv::machine, {ld(a0, a1, 0)}));
  expect_fault(cause::load_access, 0x40000000);
  set_entry(0, napot(kTables, 0x10000), NAPOT | R);
  set_csr(csr::mstatus, ms::mprv | (1ull << ms::mpp_shift));
  EXPECT_TRUE(run_in(Priv::machine, {ld(a0, a1, 0)}));
}

TEST_F(HartPmp, PmpChecksTranslatedPhysicalAddress) {
  PageTables pt(mem, 3);
  pt.map(kCode, kCode, 0, pte::V | pte::R | pte::X | pte::A | pte::D);
  pt.map(0x40000000, kData, 0, pte::V | pte::R | pte::W | pte::A | pte::D);
  set_csr(csr::satp, pt.satp());
  set_entry(0, napot(kData, 0x1000), NAPOT | R);
  allow_all_pmp();
  hart->x[a1] = 0x40000000;
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a0, a1, 0)}));
  expect_fault(cause::store_access, 0x40000000);  // tval is the virtual address
}

}  // namespace
}  // namespace torpor::test
