// Virtual memory (privileged spec 4.3-4.6): Sv39/Sv48/Sv57 page tables built
// in fake RAM, leaves at every level, permission faults, U/SUM/MXR,
// misaligned superpages, A/D bits (hardware update or fault, per
// HartConfig::hardware_ad_update), reserved PTE bits, non-canonical
// addresses, SFENCE.VMA, satp switches, MPRV, and faults on the second half
// of an instruction that straddles a page boundary.
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>

#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;
using namespace pte;

constexpr uint64_t kVData = 0x40000000;  // a virtual address with nothing else near it

class TranslationBase : public HartTest {
 protected:
  // Page tables of `levels` levels with the code page (kCode) and the two
  // handler pages identity-mapped for S-mode execution; satp points at them.
  void setup(unsigned levels, bool user_code = false) {
    pt = std::make_unique<PageTables>(mem, levels);
    const uint64_t code_flags = V | R | X | A | D | (user_code ? U : 0);
    pt->map(kCode, kCode, 0, code_flags);
    allow_all_pmp();
    set_csr(csr::satp, pt->satp());
  }
  void expect_fault(uint64_t c, uint64_t tval, uint64_t epc = kCode) {
    EXPECT_EQ(hart->pc, kHandler);
    EXPECT_EQ(mcause(), c);
    EXPECT_EQ(mtval(), tval);
    EXPECT_EQ(mepc(), epc);
  }
  std::unique_ptr<PageTables> pt;
};

// ----------------------------------------------- leaves at every level

class HartTranslationLeaf : public TranslationBase,
                            public ::testing::WithParamInterface<std::tuple<unsigned, unsigned>> {};

TEST_P(HartTranslationLeaf, LeafAtEachLevelTranslatesLoadsAndStores) {
  const auto [levels, level] = GetParam();
  setup(levels);
  const uint64_t size = PageTables::page_size(level);
  const uint64_t va = std::max<uint64_t>(kVData, size);  // aligned, away from the code's slots
  const uint64_t pa_base = kData & ~(size - 1);
  const uint64_t leaf = pt->map(va, pa_base, level, V | R | W);  // A/D clear: hardware sets them
  const uint64_t offset = kData - pa_base + 0x18;
  mem.set<uint64_t>(kData + 0x18, 0x0123456789ABCDEFull);
  hart->x[a1] = va + offset;
  hart->x[a2] = 0x5A5A;
  ASSERT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0), sd(a2, a1, 8)}))
      << "mcause " << mcause() << " mtval 0x" << std::hex << mtval();
  EXPECT_EQ(hart->x[a0], 0x0123456789ABCDEFull);
  EXPECT_EQ(mem.get<uint64_t>(kData + 0x20), 0x5A5Au);
  EXPECT_EQ(mem.get<uint64_t>(leaf) & (A | D), A | D);
}

std::string LeafName(const ::testing::TestParamInfo<std::tuple<unsigned, unsigned>>& info) {
  const unsigned levels = std::get<0>(info.param);
  return std::string(levels == 3 ? "Sv39" : levels == 4 ? "Sv48" : "Sv57") + "_level" +
         std::to_string(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(HartAllModes, HartTranslationLeaf,
                         ::testing::Values(std::make_tuple(3u, 0u), std::make_tuple(3u, 1u), std::make_tuple(3u, 2u),
                                           std::make_tuple(4u, 0u), std::make_tuple(4u, 1u), std::make_tuple(4u, 2u),
                                           std::make_tuple(4u, 3u), std::make_tuple(5u, 0u), std::make_tuple(5u, 1u),
                                           std::make_tuple(5u, 2u), std::make_tuple(5u, 3u), std::make_tuple(5u, 4u)),
                         LeafName);

// ------------------------------------------------------------ Sv39 cases

class HartTranslation : public TranslationBase {
 protected:
  void SetUp() override {
    TranslationBase::SetUp();
    setup(3);
    mem.set<uint64_t>(kData, 0x1111);
    hart->x[a1] = kVData;
    hart->x[a2] = 0x2222;
  }
};

TEST_F(HartTranslation, FetchIsTranslatedAndAuipcSeesTheVirtualPc) {
  const uint64_t vcode = 0x40200000;
  pt->map(vcode, kCode2, 0, V | X | A);
  Asm a = at(kCode2);
  a(auipc(a0, 0));
  const uint64_t halt_offset = a.halt() - kCode2;
  enter(Priv::supervisor);
  start(vcode);
  ASSERT_TRUE(run_until_pc(vcode + halt_offset));
  EXPECT_EQ(hart->x[a0], vcode);
}

TEST_F(HartTranslation, LoadFromExecuteOnlyPageFaultsUnlessMxr) {
  pt->map(kVData, kData, 0, V | X | A | D);
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData);
  set_mstatus_bits(ms::mxr);
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
}

TEST_F(HartTranslation, StoreToReadOnlyPageRaisesStorePageFault) {
  pt->map(kVData, kData, 0, V | R | A | D);
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0), sd(a2, a1, 16)}));
  expect_fault(cause::store_page_fault, kVData + 16, kCode + 4);
  EXPECT_EQ(hart->x[a0], 0x1111u);
  EXPECT_EQ(mem.get<uint64_t>(kData + 16), 0u);
}

TEST_F(HartTranslation, AmoOnReadOnlyPageRaisesStorePageFault) {
  pt->map(kVData, kData, 0, V | R | A | D);
  EXPECT_FALSE(run_in(Priv::supervisor, {amo(amo_add, true, a0, a1, a2)}));
  expect_fault(cause::store_page_fault, kVData);
  EXPECT_FALSE(run_in(Priv::supervisor, {lr_d(a0, a1), sc_d(a3, a1, a2)}));
  expect_fault(cause::store_page_fault, kVData, kCode + 4);
}

TEST_F(HartTranslation, FetchFromNonExecutablePageRaisesInstructionPageFault) {
  pt->map(kVData, kCode2, 0, V | R | W | A | D);
  at(kCode2).halt();
  EXPECT_FALSE(run_in(Priv::supervisor, {jalr(ra, a1, 0)}));
  expect_fault(cause::fetch_page_fault, kVData, kVData);
}

TEST_F(HartTranslation, WriteWithoutReadPteIsReserved) {
  pt->map(kVData, kData, 0, V | W | A | D);
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData);
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a2, a1, 0)}));
  expect_fault(cause::store_page_fault, kVData);
}

TEST_F(HartTranslation, InvalidPteRaisesPageFault) {
  pt->map(kVData, kData, 0, R | W | A | D);  // V = 0
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData);
  hart->x[a1] = kVData + 0x200000;  // no PTE at all below the level-2 pointer
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a2, a1, 0)}));
  expect_fault(cause::store_page_fault, kVData + 0x200000);
}

TEST_F(HartTranslation, SupervisorAccessToUserPageNeedsSum) {
  pt->map(kVData, kData, 0, V | R | W | U | A | D);
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData);
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a2, a1, 0)}));
  expect_fault(cause::store_page_fault, kVData);
  set_mstatus_bits(ms::sum);
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0), sd(a2, a1, 8)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
  EXPECT_EQ(mem.get<uint64_t>(kData + 8), 0x2222u);
}

TEST_F(HartTranslation, SupervisorNeverExecutesUserPagesEvenWithSum) {
  pt->map(kVData, kCode2, 0, V | R | X | U | A | D);
  at(kCode2).halt();
  set_mstatus_bits(ms::sum);
  EXPECT_FALSE(run_in(Priv::supervisor, {jalr(ra, a1, 0)}));
  expect_fault(cause::fetch_page_fault, kVData, kVData);
}

TEST_F(HartTranslation, UserCannotAccessSupervisorPages) {
  setup(3, /*user_code=*/true);
  pt->map(kVData, kData, 0, V | R | W | A | D);
  set_mstatus_bits(ms::sum);  // SUM does not grant U access to S pages
  EXPECT_FALSE(run_in(Priv::user, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData);
  EXPECT_EQ(mpp(), 0u);
}

TEST_F(HartTranslation, UserAccessesUserPages) {
  setup(3, /*user_code=*/true);
  pt->map(kVData, kData, 0, V | R | W | U | A | D);
  EXPECT_TRUE(run_in(Priv::user, {ld(a0, a1, 0), sd(a2, a1, 8)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
  EXPECT_EQ(mem.get<uint64_t>(kData + 8), 0x2222u);
}

TEST_F(HartTranslation, UserCannotExecuteSupervisorCode) {
  // The code page is not a U page.
  EXPECT_FALSE(run_in(Priv::user, {nop()}));
  expect_fault(cause::fetch_page_fault, kCode, kCode);
}

TEST_F(HartTranslation, MisalignedSuperpageRaisesPageFault) {
  // A 2 MiB leaf whose PPN[0] is not zero (kData is 1 MiB aligned only).
  pt->map(kVData, kData, 1, V | R | W | A | D);
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData);
  // Same for a 1 GiB leaf with PPN[1] != 0.
  hart->x[a1] = 0x80000000ull * 4;
  pt->map(0x80000000ull * 4, kRamBase + 0x200000, 2, V | R | W | A | D);
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, 0x80000000ull * 4);
}

TEST_F(HartTranslation, HardwareSetsAccessedOnLoadAndDirtyOnStore) {
  const uint64_t leaf = pt->map(kVData, kData, 0, V | R | W);
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  EXPECT_EQ(mem.get<uint64_t>(leaf) & (A | D), A);
  EXPECT_TRUE(run_in(Priv::supervisor, {sd(a2, a1, 0)}));
  EXPECT_EQ(mem.get<uint64_t>(leaf) & (A | D), A | D);
  // Fetch sets A too.
  const uint64_t code_leaf = pt->map(0x40400000, kCode2, 0, V | X);
  at(kCode2).halt();
  enter(Priv::supervisor);
  start(0x40400000);
  step();
  EXPECT_EQ(hart->pc, 0x40400000u);
  EXPECT_EQ(mem.get<uint64_t>(code_leaf) & (A | D), A);
}

class HartTranslationSvade : public TranslationBase {
 protected:
  void SetUp() override {
    config.hardware_ad_update = false;
    TranslationBase::SetUp();
    setup(3);
    hart->x[a1] = kVData;
    hart->x[a2] = 0x2222;
  }
};

TEST_F(HartTranslationSvade, AccessWithAccessedClearRaisesPageFault) {
  const uint64_t leaf = pt->map(kVData, kData, 0, V | R | W);
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData);
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a2, a1, 0)}));
  expect_fault(cause::store_page_fault, kVData);
  EXPECT_EQ(mem.get<uint64_t>(leaf) & (A | D), 0u);  // PTE untouched
}

TEST_F(HartTranslationSvade, StoreWithDirtyClearRaisesPageFault) {
  const uint64_t leaf = pt->map(kVData, kData, 0, V | R | W | A);
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a2, a1, 0)}));
  expect_fault(cause::store_page_fault, kVData);
  EXPECT_EQ(mem.get<uint64_t>(leaf) & D, 0u);
  EXPECT_EQ(mem.get<uint64_t>(kData), 0u);
}

TEST_F(HartTranslationSvade, FetchWithAccessedClearRaisesInstructionPageFault) {
  pt->map(kVData, kCode2, 0, V | X);
  at(kCode2).halt();
  EXPECT_FALSE(run_in(Priv::supervisor, {jalr(ra, a1, 0)}));
  expect_fault(cause::fetch_page_fault, kVData, kVData);
}

TEST_F(HartTranslation, ReservedPteBitsRaisePageFault) {
  for (unsigned bit : {54u, 60u, 61u, 62u, 63u}) {
    pt->set_raw(kVData, 0, ((kData >> 12) << 10) | V | R | W | A | D | (1ull << bit));
    EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)})) << "bit " << bit;
    expect_fault(cause::load_page_fault, kVData);
  }
}

TEST_F(HartTranslation, NonCanonicalAddressRaisesPageFault) {
  // Sv39: bits 63:39 must all equal bit 38.
  for (uint64_t va : {0x0000008000000000ull, 0x0000004000000000ull, 0x8000000000000000ull, 0xFFFFFF0000000000ull}) {
    hart->x[a1] = va;
    EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)})) << std::hex << va;
    expect_fault(cause::load_page_fault, va);
  }
  hart->x[a1] = 0x0000004000000000ull << 1;  // bit 39 only
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a2, a1, 0)}));
  expect_fault(cause::store_page_fault, 0x0000008000000000ull);
  // Jumping to a non-canonical address faults on the fetch.
  EXPECT_FALSE(run_in(Priv::supervisor, {jalr(0, a1, 0)}));
  expect_fault(cause::fetch_page_fault, 0x0000008000000000ull, 0x0000008000000000ull);
}

TEST_F(HartTranslation, HighCanonicalAddressesTranslate) {
  const uint64_t va = 0xFFFFFFFFC0000000ull;  // VPN[2] = 511
  pt->map(va, kData, 0, V | R | A);
  hart->x[a1] = va;
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
}

TEST_F(HartTranslation, Sv48RejectsAddressesNotSignExtendedFromBit47) {
  setup(4);
  hart->x[a1] = 0x0000800000000000ull;
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, 0x0000800000000000ull);
}

TEST_F(HartTranslation, PointerPteAtTheLastLevelRaisesPageFault) {
  pt->set_raw(kVData, 0, ((kData >> 12) << 10) | V);  // non-leaf at level 0
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData);
}

TEST_F(HartTranslation, PageTableInUnmappedMemoryRaisesAccessFault) {
  pt->set_raw(kVData, 2, ((kUnmapped >> 12) << 10) | V);  // level-1 table nowhere
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  expect_fault(cause::load_access, kVData);
  EXPECT_FALSE(run_in(Priv::supervisor, {sd(a2, a1, 0)}));
  expect_fault(cause::store_access, kVData);
}

TEST_F(HartTranslation, SfenceVmaMakesAChangedMappingVisible) {
  pt->map(kVData, kData, 0, V | R | A);
  mem.set<uint64_t>(kData + 0x1000, 0x3333);
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
  pt->map(kVData, kData + 0x1000, 0, V | R | A);  // remap behind the hart's back
  EXPECT_TRUE(run_in(Priv::supervisor, {sfence_vma(), ld(a0, a1, 0)}));
  EXPECT_EQ(hart->x[a0], 0x3333u);
  pt->map(kVData, kData, 0, V | R | A);
  EXPECT_TRUE(run_in(Priv::supervisor, {sfence_vma(a1, 0), ld(a0, a1, 0)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
}

TEST_F(HartTranslation, SatpWriteSwitchesAddressSpace) {
  pt->map(kVData, kData, 0, V | R | A);
  PageTables other(mem, 3, kTables + 0x40000);
  other.map(kCode, kCode, 0, V | R | X | A);
  other.map(kVData, kData + 0x1000, 0, V | R | A);
  mem.set<uint64_t>(kData + 0x1000, 0x4444);
  hart->x[a3] = other.satp();
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0), csrw(csr::satp, a3), ld(a4, a1, 0)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
  EXPECT_EQ(hart->x[a4], 0x4444u);
}

TEST_F(HartTranslation, MachineModeIgnoresSatp) {
  hart->x[a1] = kData;  // physical
  EXPECT_TRUE(run_in(Priv::machine, {ld(a0, a1, 0)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
}

TEST_F(HartTranslation, MprvTranslatesMachineLoadsAndStoresWithMpp) {
  pt->map(kVData, kData, 0, V | R | W | A | D);
  set_csr(csr::mstatus, ms::mprv | (1ull << ms::mpp_shift));  // as S
  EXPECT_TRUE(run_in(Priv::machine, {ld(a0, a1, 0), sd(a2, a1, 8)}));  // fetch stays physical
  EXPECT_EQ(hart->x[a0], 0x1111u);
  EXPECT_EQ(mem.get<uint64_t>(kData + 8), 0x2222u);
  // As U, the S page is not accessible.
  set_csr(csr::mstatus, ms::mprv | (0ull << ms::mpp_shift));
  EXPECT_FALSE(run_in(Priv::machine, {ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData);
}

TEST_F(HartTranslation, InstructionStraddlingIntoAnUnmappedPageFaultsOnTheSecondHalf) {
  const uint64_t vpage = 0x40600000;
  pt->map(vpage, kCode2, 0, V | X | A);  // vpage + 0x1000 is not mapped
  Asm a = at(kCode2 + 0xFFC);
  a.c(cenc::c_nop());
  a.c(uint16_t(addi(a0, 0, 1)));  // low half of a 32-bit instruction at 0xFFE
  enter(Priv::supervisor);
  start(vpage + 0xFFC);
  ASSERT_TRUE(run_until_pc(kHandler));
  EXPECT_EQ(mcause(), cause::fetch_page_fault);
  EXPECT_EQ(mepc(), vpage + 0xFFE);     // the instruction's start
  EXPECT_EQ(mtval(), vpage + 0x1000);   // the part that faulted
}

TEST_F(HartTranslation, DelegatedPageFaultReportsInScauseAndStval) {
  set_csr(csr::medeleg, 1ull << cause::load_page_fault);
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  EXPECT_EQ(hart->pc, kSHandler);
  EXPECT_EQ(csr(csr::scause), cause::load_page_fault);
  EXPECT_EQ(csr(csr::stval), kVData);
  EXPECT_EQ(csr(csr::sepc), kCode);
}

TEST_F(HartTranslation, SumChangeTakesEffectForCachedTranslations) {
  pt->map(kVData, kData, 0, V | R | W | U | A | D);
  set_mstatus_bits(ms::sum);
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0)}));
  // Clear SUM from S-mode itself, then access again.
  hart->x[a3] = ms::sum;
  EXPECT_FALSE(run_in(Priv::supervisor, {ld(a0, a1, 0), csrrc(0, csr::sstatus, a3), ld(a0, a1, 0)}));
  expect_fault(cause::load_page_fault, kVData, kCode + 8);
}

TEST_F(HartTranslation, TranslationCacheConflictsAreResolved) {
  // Two virtual pages 256 pages apart (same index in a 256-entry cache)
  // mapping different physical pages, accessed alternately.
  const uint64_t other = kVData + 256 * 4096;
  pt->map(kVData, kData, 0, V | R | W | A | D);
  pt->map(other, kData + 0x1000, 0, V | R | W | A | D);
  mem.set<uint64_t>(kData + 0x1000, 0x9999);
  hart->x[a3] = other;
  EXPECT_TRUE(run_in(Priv::supervisor, {ld(a0, a1, 0), ld(a4, a3, 0), sd(a4, a1, 8), sd(a0, a3, 8), ld(a5, a1, 0)}));
  EXPECT_EQ(hart->x[a0], 0x1111u);
  EXPECT_EQ(hart->x[a4], 0x9999u);
  EXPECT_EQ(hart->x[a5], 0x1111u);
  EXPECT_EQ(mem.get<uint64_t>(kData + 8), 0x9999u);
  EXPECT_EQ(mem.get<uint64_t>(kData + 0x1008), 0x1111u);
}

TEST_F(HartTranslation, StoreThroughAnAliasOfACodePageIsSeenAfterFenceI) {
  // S-mode code at kCode (identity) patches itself through a second
  // virtual mapping of the same physical page.
  const uint64_t alias = 0x40800000;
  pt->map(alias, kCode, 0, V | R | W | A | D);
  // 0x00: addi a0, a0, 1   (patched to addi a0, a0, 100)
  // 0x04: bne  a2, x0, +0x14 -> halt
  // 0x08: addi a2, x0, 1
  // 0x0C: sw   t0, 0(t1)   (t1 = alias)
  // 0x10: fence.i
  // 0x14: jal  x0, -0x14
  // 0x18: halt
  hart->x[a0] = 0;
  hart->x[a2] = 0;
  hart->x[t0] = addi(a0, a0, 100);
  hart->x[t1] = alias;
  EXPECT_TRUE(run_in(Priv::supervisor, {addi(a0, a0, 1), bne(a2, 0, 0x14), addi(a2, 0, 1), sw(t0, t1, 0), fence_i(),
                                        jal(0, -0x14)}));
  EXPECT_EQ(hart->x[a0], 101u);
}

// A failed SC performs no store, so it must not set the PTE's D bit: "when
// a virtual page is ... written and the D bit is clear, the implementation
// sets" it, and "updates to the D bit must be exact (i.e., not
// speculative)" (privileged 4.3.1).
TEST_F(HartTranslation, FailedScDoesNotSetTheDirtyBit) {
  const uint64_t leaf = pt->map(kVData, kData, 0, V | R | W | A);
  EXPECT_TRUE(run_in(Priv::supervisor, {sc_d(a3, a1, a2)}));
  EXPECT_NE(hart->x[a3], 0u);
  EXPECT_EQ(mem.get<uint64_t>(kData), 0x1111u);
  EXPECT_EQ(mem.get<uint64_t>(leaf) & D, 0u);
}

}  // namespace
}  // namespace torpor::test
