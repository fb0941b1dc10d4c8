// RV64I semantics (unprivileged spec chapters 2 and 5): arithmetic with
// wrap-around, sign extension of immediates and of the W forms, shift
// amounts, control transfer, loads/stores of every width, x0, FENCE, and
// accesses that leave the direct (DMI) path: MMIO and bus errors.
#include <functional>
#include <vector>

#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

class HartRv64i : public HartTest {
 protected:
  // Runs `insn` with a1 = a, a2 = b and returns a0.
  uint64_t op(uint32_t insn, uint64_t a, uint64_t b = 0) {
    hart->x[a0] = 0xDEADBEEFDEADBEEFull;
    hart->x[a1] = a;
    hart->x[a2] = b;
    EXPECT_TRUE(exec({insn})) << core::instruction_name(insn);
    return hart->x[a0];
  }
};

constexpr uint64_t kMin = 0x8000000000000000ull, kMax = 0x7FFFFFFFFFFFFFFFull, kAll = ~0ull;

TEST_F(HartRv64i, AddAndSubWrapModulo2To64) {
  EXPECT_EQ(op(add(a0, a1, a2), kMax, 1), kMin);
  EXPECT_EQ(op(add(a0, a1, a2), kAll, 2), 1u);
  EXPECT_EQ(op(sub(a0, a1, a2), 0, 1), kAll);
  EXPECT_EQ(op(sub(a0, a1, a2), kMin, 1), kMax);
}

TEST_F(HartRv64i, AddiSignExtendsItsTwelveBitImmediate) {
  EXPECT_EQ(op(addi(a0, a1, -1), 0), kAll);
  EXPECT_EQ(op(addi(a0, a1, -2048), 0), uint64_t(-2048));
  EXPECT_EQ(op(addi(a0, a1, 2047), 1), 2048u);
  EXPECT_EQ(op(addi(a0, a1, 1), kMax), kMin);
}

TEST_F(HartRv64i, SetLessThanComparesSignedAndUnsigned) {
  EXPECT_EQ(op(slt(a0, a1, a2), kAll, 1), 1u);   // -1 < 1
  EXPECT_EQ(op(sltu(a0, a1, a2), kAll, 1), 0u);  // 2^64-1 > 1
  EXPECT_EQ(op(slt(a0, a1, a2), kMin, kMax), 1u);
  EXPECT_EQ(op(sltu(a0, a1, a2), kMin, kMax), 0u);
  EXPECT_EQ(op(slt(a0, a1, a2), 5, 5), 0u);
  EXPECT_EQ(op(slti(a0, a1, -1), kMin), 1u);
  EXPECT_EQ(op(slti(a0, a1, 0), 0), 0u);
  // sltu rd, x0, rs2 is "snez".
  EXPECT_EQ(op(sltu(a0, 0, a2), 0, 7), 1u);
}

TEST_F(HartRv64i, SltiuSignExtendsImmediateThenComparesUnsigned) {
  // sltiu rd, rs, -1 compares against 2^64-1: true for everything but that.
  EXPECT_EQ(op(sltiu(a0, a1, -1), 5), 1u);
  EXPECT_EQ(op(sltiu(a0, a1, -1), kAll), 0u);
  EXPECT_EQ(op(sltiu(a0, a1, 1), 0), 1u);  // seqz
  EXPECT_EQ(op(sltiu(a0, a1, 1), 3), 0u);
}

TEST_F(HartRv64i, LogicalOperations) {
  EXPECT_EQ(op(and_(a0, a1, a2), 0xF0F0, 0xFF00), 0xF000u);
  EXPECT_EQ(op(or_(a0, a1, a2), 0xF0F0, 0xFF00), 0xFFF0u);
  EXPECT_EQ(op(xor_(a0, a1, a2), 0xF0F0, 0xFF00), 0x0FF0u);
  EXPECT_EQ(op(xori(a0, a1, -1), 0x1234), ~uint64_t(0x1234));  // not
  EXPECT_EQ(op(andi(a0, a1, -16), kAll), ~uint64_t(15));       // immediate sign-extended
  EXPECT_EQ(op(ori(a0, a1, 0x800), 0), uint64_t(-2048));
}

TEST_F(HartRv64i, RegisterShiftsUseTheLowSixBitsOfRs2) {
  EXPECT_EQ(op(sll(a0, a1, a2), 1, 63), kMin);
  EXPECT_EQ(op(sll(a0, a1, a2), 1, 64 + 1), 2u);
  EXPECT_EQ(op(srl(a0, a1, a2), kMin, 63), 1u);
  EXPECT_EQ(op(srl(a0, a1, a2), kMin, 0xFFFFFFC1), 0x4000000000000000ull);  // by 1
  EXPECT_EQ(op(sra(a0, a1, a2), kMin, 63), kAll);
  EXPECT_EQ(op(sra(a0, a1, a2), kMin, 4), 0xF800000000000000ull);
  EXPECT_EQ(op(sra(a0, a1, a2), kMax, 62), 1u);
}

TEST_F(HartRv64i, ImmediateShiftsTakeSixBitShamt) {
  EXPECT_EQ(op(slli(a0, a1, 63), 3), kMin);
  EXPECT_EQ(op(srli(a0, a1, 63), kAll), 1u);
  EXPECT_EQ(op(srai(a0, a1, 63), kMin), kAll);
  EXPECT_EQ(op(srai(a0, a1, 32), 0x8000000000000000ull), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(op(srli(a0, a1, 32), 0x8000000000000000ull), 0x80000000ull);
  EXPECT_EQ(op(slli(a0, a1, 0), 0x1234), 0x1234u);
}

TEST_F(HartRv64i, WordArithmeticSignExtendsThe32BitResult) {
  EXPECT_EQ(op(addw(a0, a1, a2), 0x7FFFFFFF, 1), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(op(addw(a0, a1, a2), 0xFFFFFFFF, 1), 0u);
  EXPECT_EQ(op(addw(a0, a1, a2), 0x123456789ull, 0), 0x23456789u);  // upper bits ignored
  EXPECT_EQ(op(subw(a0, a1, a2), 0, 1), kAll);
  EXPECT_EQ(op(subw(a0, a1, a2), 0x80000000, 1), 0x7FFFFFFFu);
  EXPECT_EQ(op(addiw(a0, a1, 0), 0xFFFFFFFF00000001ull), 1u);  // sext.w
  EXPECT_EQ(op(addiw(a0, a1, 0), 0x80000000ull), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(op(addiw(a0, a1, -1), 0), kAll);
}

TEST_F(HartRv64i, WordShiftsUseFiveBitAmountsAndSignExtend) {
  EXPECT_EQ(op(sllw(a0, a1, a2), 1, 31), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(op(sllw(a0, a1, a2), 1, 32 + 1), 2u);  // rs2[5] ignored
  EXPECT_EQ(op(srlw(a0, a1, a2), 0xFFFFFFFF80000000ull, 0), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(op(srlw(a0, a1, a2), 0xFFFFFFFF80000000ull, 1), 0x40000000u);  // zero fills bit 31
  EXPECT_EQ(op(srlw(a0, a1, a2), 0x80000000ull, 31), 1u);
  EXPECT_EQ(op(sraw(a0, a1, a2), 0x80000000ull, 1), 0xFFFFFFFFC0000000ull);
  EXPECT_EQ(op(sraw(a0, a1, a2), 0x0000000140000000ull, 1), 0x20000000u);  // upper bits ignored
  EXPECT_EQ(op(slliw(a0, a1, 31), 1), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(op(slliw(a0, a1, 4), 0x0FFFFFFFFull), 0xFFFFFFFFFFFFFFF0ull);
  EXPECT_EQ(op(srliw(a0, a1, 31), 0x80000000ull), 1u);
  EXPECT_EQ(op(srliw(a0, a1, 0), 0x80000000ull), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(op(sraiw(a0, a1, 31), 0x80000000ull), kAll);
  EXPECT_EQ(op(sraiw(a0, a1, 4), 0xF00000070ull), 7u);
}

TEST_F(HartRv64i, LuiPlacesSignExtendedUpperImmediate) {
  EXPECT_EQ(op(lui(a0, 0x12345), 0), 0x12345000u);
  EXPECT_EQ(op(lui(a0, 0x80000), 0), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(op(lui(a0, 0xFFFFF), 0), 0xFFFFFFFFFFFFF000ull);
}

TEST_F(HartRv64i, AuipcAddsUpperImmediateToItsOwnPc) {
  ASSERT_TRUE(exec({nop(), auipc(a0, 1), auipc(a1, 0xFFFFF), auipc(a2, 0)}));
  EXPECT_EQ(hart->x[a0], kCode + 4 + 0x1000);
  EXPECT_EQ(hart->x[a1], kCode + 8 - 0x1000);
  EXPECT_EQ(hart->x[a2], kCode + 12);
}

TEST_F(HartRv64i, JalLinksTheNextPcAndJumpsRelative) {
  ASSERT_TRUE(exec({jal(ra, 8), addi(a0, 0, 1), addi(a1, 0, 2)}));
  EXPECT_EQ(hart->x[ra], kCode + 4);
  EXPECT_EQ(hart->x[a0], 0u);
  EXPECT_EQ(hart->x[a1], 2u);
}

TEST_F(HartRv64i, JalBackwardAndRdX0) {
  // kCode: j +12; kCode+4: addi a1,x0,5; j +12 (to halt at +16); kCode+12: j -8
  Asm a = at(kCode);
  a(jal(0, 12))(addi(a1, 0, 5))(jal(0, 8))(jal(0, -8));
  const uint64_t halt = a.halt();
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a1], 5u);
  EXPECT_EQ(hart->x[0], 0u);
}

TEST_F(HartRv64i, JalrClearsBitZeroAndReadsRs1BeforeWritingRd) {
  // jalr a0, 3(a0) with a0 = target - 2: the sum is target + 1, bit 0 cleared.
  Asm a = at(kCode);
  a(jalr(a0, a0, 3))(addi(a1, 0, 1));
  const uint64_t target = a.here();
  a(addi(a2, 0, 2));
  const uint64_t halt = a.halt();
  hart->x[a0] = target - 2;
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], kCode + 4);  // link
  EXPECT_EQ(hart->x[a1], 0u);
  EXPECT_EQ(hart->x[a2], 2u);
}

TEST_F(HartRv64i, ConditionalBranchesCompareSignedAndUnsigned) {
  struct Case {
    uint32_t (*branch)(uint32_t, uint32_t, int32_t);
    uint64_t a, b;
    bool taken;
  };
  const std::vector<Case> cases = {
      {beq, 5, 5, true},       {beq, 5, 6, false},      {bne, 5, 6, true},      {bne, kAll, kAll, false},
      {blt, kAll, 0, true},    {blt, 0, kAll, false},   {blt, 3, 3, false},     {bge, 3, 3, true},
      {bge, 0, kAll, true},    {bge, kMin, kMax, false}, {bltu, 0, kAll, true}, {bltu, kAll, 0, false},
      {bltu, 7, 7, false},     {bgeu, kAll, 0, true},   {bgeu, 7, 7, true},     {bgeu, kMax, kMin, false},
  };
  for (const Case& c : cases) {
    hart->x[a1] = c.a;
    hart->x[a2] = c.b;
    hart->x[a0] = 0;
    // branch over "a0 = 1"
    ASSERT_TRUE(exec({c.branch(a1, a2, 8), addi(a0, 0, 1)}));
    EXPECT_EQ(hart->x[a0], c.taken ? 0u : 1u)
        << core::instruction_name(c.branch(a1, a2, 8)) << " " << c.a << ", " << c.b;
  }
}

TEST_F(HartRv64i, BackwardBranchLoop) {
  // sum = 10 + 9 + ... + 1
  hart->x[a0] = 0;
  hart->x[a1] = 10;
  ASSERT_TRUE(exec({add(a0, a0, a1), addi(a1, a1, -1), bne(a1, 0, -8)}));
  EXPECT_EQ(hart->x[a0], 55u);
  EXPECT_EQ(hart->x[a1], 0u);
}

TEST_F(HartRv64i, LoadsSignOrZeroExtendEachWidth) {
  mem.set<uint64_t>(kData, 0x8081828384858687ull);  // bytes 87 86 85 84 83 82 81 80
  hart->x[a1] = kData;
  ASSERT_TRUE(exec({lb(t0, a1, 0), lbu(t1, a1, 0), lh(t2, a1, 0), lhu(a2, a1, 0), lw(a3, a1, 0),
                    lwu(a4, a1, 0), ld(a5, a1, 0), lb(a6, a1, 7), lw(a7, a1, 4)}));
  EXPECT_EQ(hart->x[t0], 0xFFFFFFFFFFFFFF87ull);
  EXPECT_EQ(hart->x[t1], 0x87u);
  EXPECT_EQ(hart->x[t2], 0xFFFFFFFFFFFF8687ull);
  EXPECT_EQ(hart->x[a2], 0x8687u);
  EXPECT_EQ(hart->x[a3], 0xFFFFFFFF84858687ull);
  EXPECT_EQ(hart->x[a4], 0x84858687u);
  EXPECT_EQ(hart->x[a5], 0x8081828384858687ull);
  EXPECT_EQ(hart->x[a6], 0xFFFFFFFFFFFFFF80ull);
  EXPECT_EQ(hart->x[a7], 0xFFFFFFFF80818283ull);

  mem.set<uint64_t>(kData + 8, 0x7F7E7D7C7B7A7978ull);
  ASSERT_TRUE(exec({lb(t0, a1, 8), lh(t1, a1, 8), lw(t2, a1, 8)}));
  EXPECT_EQ(hart->x[t0], 0x78u);
  EXPECT_EQ(hart->x[t1], 0x7978u);
  EXPECT_EQ(hart->x[t2], 0x7B7A7978u);
}

TEST_F(HartRv64i, StoresWriteOnlyTheirWidth) {
  for (uint64_t a = kData; a < kData + 32; a += 8) mem.set<uint64_t>(a, ~0ull);
  hart->x[a1] = kData;
  hart->x[a2] = 0x0123456789ABCDEFull;
  ASSERT_TRUE(exec({sb(a2, a1, 0), sh(a2, a1, 8), sw(a2, a1, 16), sd(a2, a1, 24)}));
  EXPECT_EQ(mem.get<uint64_t>(kData), 0xFFFFFFFFFFFFFFEFull);
  EXPECT_EQ(mem.get<uint64_t>(kData + 8), 0xFFFFFFFFFFFFCDEFull);
  EXPECT_EQ(mem.get<uint64_t>(kData + 16), 0xFFFFFFFF89ABCDEFull);
  EXPECT_EQ(mem.get<uint64_t>(kData + 24), 0x0123456789ABCDEFull);
}

TEST_F(HartRv64i, LoadAndStoreOffsetsAreSignedTwelveBit) {
  hart->x[a1] = kData + 2048;
  hart->x[a2] = 0x55;
  ASSERT_TRUE(exec({sd(a2, a1, -2048), ld(a0, a1, -2048), sb(a2, a1, 2047)}));
  EXPECT_EQ(hart->x[a0], 0x55u);
  EXPECT_EQ(mem.get<uint64_t>(kData), 0x55u);
  EXPECT_EQ(mem.get<uint8_t>(kData + 4095), 0x55u);
}

TEST_F(HartRv64i, WritesToX0AreDiscarded) {
  mem.set<uint64_t>(kData, 77);
  hart->x[a1] = kData;
  ASSERT_TRUE(exec({addi(0, 0, 5), lui(0, 1), ld(0, a1, 0), add(a0, 0, 0), jal(0, 4)}));
  EXPECT_EQ(hart->x[0], 0u);
  EXPECT_EQ(hart->x[a0], 0u);
}

TEST_F(HartRv64i, FenceVariantsAreNoOps) {
  ASSERT_TRUE(exec({addi(a0, 0, 1), fence(), fence(0x3, 0x3, 0x8), fence(0x1, 0x0), addi(a0, a0, 1)}));
  EXPECT_EQ(hart->x[a0], 2u);
}

TEST_F(HartRv64i, MmioLoadsAndStoresGoThroughTheBus) {
  mem.set<uint32_t>(kMmioBase + 0x10, 0xCAFEF00D);
  hart->x[a1] = kMmioBase;
  hart->x[a2] = 0x1122334455667788ull;
  ASSERT_TRUE(exec({lw(a0, a1, 0x10), sb(a2, a1, 0x20), sd(a2, a1, 0x28), lhu(a3, a1, 0x12)}));
  EXPECT_EQ(hart->x[a0], 0xFFFFFFFFCAFEF00Dull);
  EXPECT_EQ(hart->x[a3], 0xCAFEu);
  ASSERT_EQ(mem.mmio_log.size(), 4u);
  EXPECT_EQ(mem.mmio_log[0].addr, kMmioBase + 0x10);
  EXPECT_EQ(mem.mmio_log[0].size, 4u);
  EXPECT_FALSE(mem.mmio_log[0].write);
  EXPECT_EQ(mem.mmio_log[1].addr, kMmioBase + 0x20);
  EXPECT_EQ(mem.mmio_log[1].size, 1u);
  EXPECT_TRUE(mem.mmio_log[1].write);
  EXPECT_EQ(mem.mmio_log[1].value, 0x88u);
  EXPECT_EQ(mem.mmio_log[2].size, 8u);
  EXPECT_EQ(mem.mmio_log[2].value, 0x1122334455667788ull);
  EXPECT_EQ(mem.get<uint64_t>(kMmioBase + 0x28), 0x1122334455667788ull);
  EXPECT_EQ(mem.mmio_log[3].size, 2u);
}

TEST_F(HartRv64i, MmioLoadsAreNotCached) {
  // Every execution of a load from MMIO reaches the device.
  hart->x[a1] = kMmioBase;
  hart->x[a2] = 3;
  ASSERT_TRUE(exec({lw(a0, a1, 0), addi(a2, a2, -1), bne(a2, 0, -8)}));
  EXPECT_EQ(mem.mmio_log.size(), 3u);
}

TEST_F(HartRv64i, LoadFromUnmappedAddressRaisesLoadAccessFault) {
  hart->x[a1] = kUnmapped;
  hart->x[a0] = 42;
  ASSERT_TRUE(exec_to_trap({nop(), ld(a0, a1, 8)}));
  EXPECT_EQ(mcause(), cause::load_access);
  EXPECT_EQ(mepc(), kCode + 4);
  EXPECT_EQ(mtval(), kUnmapped + 8);
  EXPECT_EQ(hart->x[a0], 42u);  // rd unchanged
}

TEST_F(HartRv64i, StoreToUnmappedAddressRaisesStoreAccessFault) {
  hart->x[a1] = kUnmapped;
  ASSERT_TRUE(exec_to_trap({sw(a0, a1, 4)}));
  EXPECT_EQ(mcause(), cause::store_access);
  EXPECT_EQ(mepc(), kCode);
  EXPECT_EQ(mtval(), kUnmapped + 4);
}

TEST_F(HartRv64i, JumpToUnmappedAddressRaisesInstructionAccessFault) {
  hart->x[a1] = kUnmapped + 0x40;
  ASSERT_TRUE(exec_to_trap({jalr(ra, a1, 0)}));
  EXPECT_EQ(mcause(), cause::fetch_access);
  EXPECT_EQ(mepc(), kUnmapped + 0x40);
  EXPECT_EQ(mtval(), kUnmapped + 0x40);
  EXPECT_EQ(hart->x[ra], kCode + 4);  // the jump itself retired
}

TEST_F(HartRv64i, ExecutesCodeFetchedThroughTheBus) {
  // Code in the MMIO region has no direct pointer: fetched with reads.
  Asm a = at(kMmioBase);
  a(addi(a0, 0, 7))(addi(a0, a0, 8))(jal(0, 8))(addi(a0, 0, 0));
  a(jalr(0, a1, 0));  // back to RAM
  at(kCode).halt();
  hart->x[a1] = kCode;
  start(kMmioBase);
  ASSERT_TRUE(run_until_pc(kCode));
  EXPECT_EQ(hart->x[a0], 15u);
  EXPECT_FALSE(mem.mmio_log.empty());
}

TEST_F(HartRv64i, RamWorksWithoutDirectPointers) {
  mem.direct_access = false;
  mem.set<uint64_t>(kData, 0x1234);
  hart->x[a1] = kData;
  ASSERT_TRUE(exec({ld(a0, a1, 0), addi(a0, a0, 1), sd(a0, a1, 8), lbu(a2, a1, 9)}));
  EXPECT_EQ(hart->x[a0], 0x1235u);
  EXPECT_EQ(mem.get<uint64_t>(kData + 8), 0x1235u);
  EXPECT_EQ(hart->x[a2], 0x12u);
  EXPECT_GT(mem.ram_bus_reads, 0u);
  EXPECT_GT(mem.ram_bus_writes, 0u);
}

TEST_F(HartRv64i, InstretCountsRetiredInstructions) {
  const uint64_t before = hart->instret;
  ASSERT_TRUE(exec({nop(), nop(), nop()}));  // 3 nops + the first halt iteration
  EXPECT_GE(hart->instret - before, 3u);
  ASSERT_TRUE(run_instructions(100));
  EXPECT_GE(hart->instret - before, 103u);
}

TEST_F(HartRv64i, CodeAtAddressesThatShareADecodeCacheSlot) {
  // Two functions 8 KiB apart (and 1 MiB apart), called alternately.
  const uint64_t f1 = kCode2, f2 = kCode2 + 0x2000, f3 = kCode2 + 0x100000;
  at(f1)(addi(a0, a0, 1))(jalr(0, ra, 0));
  at(f2)(addi(a0, a0, 10))(jalr(0, ra, 0));
  at(f3)(addi(a0, a0, 100))(jalr(0, ra, 0));
  hart->x[a0] = 0;
  hart->x[a2] = 5;
  hart->x[s0] = f1;
  hart->x[s1] = f2;
  hart->x[s2] = f3;
  // loop: call f1; call f2; call f3; a2 -= 1; bnez a2, loop
  ASSERT_TRUE(exec({jalr(ra, s0, 0), jalr(ra, s1, 0), jalr(ra, s2, 0), addi(a2, a2, -1), bne(a2, 0, -16)}));
  EXPECT_EQ(hart->x[a0], 555u);
}

TEST_F(HartRv64i, LargeRunBudgetsGiveTheSameResults) {
  // One run() call with a big budget follows chained blocks.
  at(kCode2)(addi(a0, a0, 3))(jalr(0, ra, 0));
  hart->x[a0] = 0;
  hart->x[a2] = 1000;
  hart->x[s0] = kCode2;
  Asm a = at(kCode);
  a(jalr(ra, s0, 0))(addi(a2, a2, -1))(bne(a2, 0, -8));
  const uint64_t halt = a.halt();
  start(kCode);
  hart->run(hart->cycle + 100000);
  EXPECT_EQ(hart->pc, halt);
  EXPECT_EQ(hart->x[a0], 3000u);
  EXPECT_EQ(hart->x[a2], 0u);
}

TEST_F(HartRv64i, RequestExitMakesRunReturnOnceAtABlockBoundary) {
  at(kCode).halt();
  start(kCode);
  EXPECT_EQ(hart->run(hart->cycle + 10), RunExit::budget);
  hart->request_exit();
  EXPECT_EQ(hart->run(hart->cycle + 10), RunExit::requested);
  EXPECT_EQ(hart->run(hart->cycle + 10), RunExit::budget);
}

}  // namespace
}  // namespace torpor::test
