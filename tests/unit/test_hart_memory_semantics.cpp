// Misaligned loads and stores (unprivileged 2.6, privileged 3.1.16): they
// trap with the address in mtval unless HartConfig::misaligned_emulate, in
// which case they complete with little-endian results (atomics never do);
// and self-modifying code (Zifencei): a store over code that has already
// run, followed by FENCE.I, makes the new instruction execute.
#include <utility>

#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

// ------------------------------------------------------------ misaligned

class HartMisaligned : public HartTest {
 protected:
  void SetUp() override {
    HartTest::SetUp();
    for (unsigned k = 0; k < 32; ++k) mem.set<uint8_t>(kData + k, uint8_t(0x80 + k));
    hart->x[a1] = kData;
  }
};

TEST_F(HartMisaligned, MisalignedLoadsTrapByDefault) {
  struct Case {
    uint32_t insn;
    uint64_t addr;
  };
  for (const Case& c : {Case{lh(a0, a1, 1), kData + 1}, Case{lhu(a0, a1, 3), kData + 3}, Case{lw(a0, a1, 2), kData + 2},
                        Case{lwu(a0, a1, 7), kData + 7}, Case{ld(a0, a1, 4), kData + 4}, Case{ld(a0, a1, 1), kData + 1}}) {
    hart->x[a0] = 99;
    ASSERT_TRUE(exec_to_trap({c.insn})) << core::instruction_name(c.insn);
    EXPECT_EQ(mcause(), cause::load_misaligned);
    EXPECT_EQ(mtval(), c.addr);
    EXPECT_EQ(mepc(), kCode);
    EXPECT_EQ(hart->x[a0], 99u);
  }
}

TEST_F(HartMisaligned, MisalignedStoresTrapByDefaultAndWriteNothing) {
  hart->x[a2] = 0;
  for (const auto& [insn, addr] : {std::pair{sh(a2, a1, 1), kData + 1}, std::pair{sw(a2, a1, 6), kData + 6},
                                   std::pair{sd(a2, a1, 12), kData + 12}}) {
    ASSERT_TRUE(exec_to_trap({insn})) << core::instruction_name(insn);
    EXPECT_EQ(mcause(), cause::store_misaligned);
    EXPECT_EQ(mtval(), addr);
  }
  for (unsigned k = 0; k < 32; ++k) EXPECT_EQ(mem.get<uint8_t>(kData + k), uint8_t(0x80 + k));
}

TEST_F(HartMisaligned, AlignedAccessesOfEveryWidthDoNotTrap) {
  ASSERT_TRUE(exec({lb(a0, a1, 1), lh(a0, a1, 2), lw(a0, a1, 4), ld(a0, a1, 8), sb(a0, a1, 3), sh(a0, a1, 6),
                    sw(a0, a1, 12), sd(a0, a1, 16)}));
}

class HartMisalignedEmulated : public HartMisaligned {
 protected:
  void SetUp() override {
    config.misaligned_emulate = true;
    HartMisaligned::SetUp();
  }
};

TEST_F(HartMisalignedEmulated, LoadsReturnLittleEndianValues) {
  ASSERT_TRUE(exec({lh(t0, a1, 1), lhu(t1, a1, 1), lw(t2, a1, 3), lwu(a2, a1, 3), ld(a3, a1, 5)}));
  EXPECT_EQ(hart->x[t0], 0xFFFFFFFFFFFF8281ull);
  EXPECT_EQ(hart->x[t1], 0x8281u);
  EXPECT_EQ(hart->x[t2], 0xFFFFFFFF86858483ull);
  EXPECT_EQ(hart->x[a2], 0x86858483u);
  EXPECT_EQ(hart->x[a3], 0x8C8B8A8988878685ull);
  EXPECT_EQ(hart->traps_taken, 0u);
}

TEST_F(HartMisalignedEmulated, StoresWriteEveryByte) {
  hart->x[a2] = 0x0102030405060708ull;
  ASSERT_TRUE(exec({sd(a2, a1, 3), sw(a2, a1, 17), sh(a2, a1, 23)}));
  EXPECT_EQ(mem.get<uint64_t>(kData + 3), 0x0102030405060708ull);
  EXPECT_EQ(mem.get<uint8_t>(kData + 2), 0x82u);
  EXPECT_EQ(mem.get<uint8_t>(kData + 11), 0x8Bu);
  EXPECT_EQ(mem.get<uint32_t>(kData + 17), 0x05060708u);
  EXPECT_EQ(mem.get<uint16_t>(kData + 23), 0x0708u);
}

TEST_F(HartMisalignedEmulated, AccessesMayCrossAPageBoundary) {
  mem.set<uint64_t>(kData + 0xFFC, 0);
  mem.set<uint64_t>(kData + 0x1004, 0);
  hart->x[a2] = 0x1122334455667788ull;
  ASSERT_TRUE(exec({sd(a2, a1, 0x7FC), ld(a0, a1, 0x7FC)}, kCode));
  EXPECT_EQ(mem.get<uint64_t>(kData + 0x7FC), 0x1122334455667788ull);  // not across: warm-up
  hart->x[a1] = kData + 0x800;
  ASSERT_TRUE(exec({sd(a2, a1, 0x7FD), ld(a3, a1, 0x7FD), lw(a4, a1, 0x7FE)}));
  EXPECT_EQ(mem.get<uint64_t>(kData + 0xFFD), 0x1122334455667788ull);
  EXPECT_EQ(hart->x[a3], 0x1122334455667788ull);
  EXPECT_EQ(hart->x[a4], 0x44556677u);
}

TEST_F(HartMisalignedEmulated, AccessRunningIntoUnmappedMemoryFaults) {
  hart->x[a1] = kRamBase + kRamSize - 4;
  ASSERT_TRUE(exec_to_trap({ld(a0, a1, 0)}));
  EXPECT_EQ(mcause(), cause::load_access);
  EXPECT_EQ(mepc(), kCode);
}

TEST_F(HartMisalignedEmulated, AtomicsStillTrapOnMisalignment) {
  hart->x[a1] = kData + 2;
  ASSERT_TRUE(exec_to_trap({amo(amo_add, false, a0, a1, a2)}));
  EXPECT_EQ(mcause(), cause::store_misaligned);
  ASSERT_TRUE(exec_to_trap({lr_w(a0, a1)}));
  EXPECT_EQ(mcause(), cause::load_misaligned);
  ASSERT_TRUE(exec_to_trap({sc_w(a0, a1, a2)}));
  EXPECT_EQ(mcause(), cause::store_misaligned);
}

// ---------------------------------------------------- self-modifying code

class HartSelfModifying : public HartTest {};

TEST_F(HartSelfModifying, StoreOverExecutedCodeThenFenceIRunsTheNewInstruction) {
  // First run: kCode sets a0 = 1.
  Asm first = at(kCode);
  first(addi(a0, 0, 1));
  const uint64_t halt = first.halt();
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  ASSERT_EQ(hart->x[a0], 1u);
  // Code on another page rewrites that instruction, executes FENCE.I and
  // jumps back. The test does not flush anything itself.
  hart->x[t0] = addi(a0, 0, 2);
  hart->x[t1] = kCode;
  Asm patch = at(kCode2);
  patch(sw(t0, t1, 0))(fence_i())(jalr(0, t1, 0));
  hart->pc = kCode2;
  ASSERT_TRUE(run_until_pc(kCode2 + 8));  // (the patcher was never decoded before)
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], 2u);
  EXPECT_EQ(mem.get<uint32_t>(kCode), addi(a0, 0, 2));
}

TEST_F(HartSelfModifying, LoopPatchesItsOwnPage) {
  // 0x00: addi a0, a0, 1        (patched into addi a0, a0, 100)
  // 0x04: bne  a2, x0, +0x14    -> 0x18 on the second pass
  // 0x08: addi a2, x0, 1
  // 0x0C: sw   t0, 0(t1)
  // 0x10: fence.i
  // 0x14: jal  x0, -0x14        -> 0x00
  // 0x18: halt
  Asm a = at(kCode);
  a(addi(a0, a0, 1))(bne(a2, 0, 0x14))(addi(a2, 0, 1))(sw(t0, t1, 0))(fence_i())(jal(0, -0x14));
  const uint64_t halt = a.halt();
  hart->x[a0] = 0;
  hart->x[a2] = 0;
  hart->x[t0] = addi(a0, a0, 100);
  hart->x[t1] = kCode;
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], 101u);
}

TEST_F(HartSelfModifying, PatchWorksWithLargeRunBudgets) {
  // Same as above but with one run() call covering everything, so that
  // block chaining between the loop's blocks is exercised.
  Asm a = at(kCode);
  a(addi(a0, a0, 1))(bne(a2, 0, 0x14))(addi(a2, 0, 1))(sw(t0, t1, 0))(fence_i())(jal(0, -0x14));
  const uint64_t halt = a.halt();
  hart->x[t0] = addi(a0, a0, 100);
  hart->x[t1] = kCode;
  start(kCode);
  hart->run(hart->cycle + 10000);
  EXPECT_EQ(hart->pc, halt);
  EXPECT_EQ(hart->x[a0], 101u);
}

TEST_F(HartSelfModifying, PatchingACompressedInstruction) {
  // A 16-bit c.li a0, 1 is replaced by c.li a0, 7 with a halfword store.
  Asm a = at(kCode);
  a.c(cenc::c_li(a0, 1)).c(cenc::c_nop());
  const uint64_t halt = a.halt();
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  ASSERT_EQ(hart->x[a0], 1u);
  hart->x[t0] = cenc::c_li(a0, 7);
  hart->x[t1] = kCode;
  at(kCode2)(sh(t0, t1, 0))(fence_i())(jalr(0, t1, 0));
  hart->pc = kCode2;
  ASSERT_TRUE(run_until_pc(kCode2 + 8));
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], 7u);
}

TEST_F(HartSelfModifying, StoreToCodeWithoutDirectPointersIsAlsoSeen) {
  mem.direct_access = false;
  Asm first = at(kCode);
  first(addi(a0, 0, 1));
  const uint64_t halt = first.halt();
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  hart->x[t0] = addi(a0, 0, 3);
  hart->x[t1] = kCode;
  at(kCode2)(sw(t0, t1, 0))(fence_i())(jalr(0, t1, 0));
  hart->pc = kCode2;
  ASSERT_TRUE(run_until_pc(kCode2 + 8));
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], 3u);
}

}  // namespace
}  // namespace torpor::test
