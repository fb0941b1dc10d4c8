// RV64A (unprivileged spec chapter 8): LR/SC reservations, every AMO's
// result and returned old value (W forms sign-extend the old value and
// compare 32-bit quantities), alignment and fault rules, AMOs on memory
// without a direct pointer.
#include <functional>
#include <vector>

#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

class HartAtomics : public HartTest {
 protected:
  void SetUp() override {
    HartTest::SetUp();
    hart->x[a1] = kData;
  }
};

TEST_F(HartAtomics, LrScPairSucceedsAndStores) {
  mem.set<uint64_t>(kData, 41);
  hart->x[a3] = 0;
  ASSERT_TRUE(exec({lr_d(a0, a1), addi(a2, a0, 1), sc_d(a3, a1, a2)}));
  EXPECT_EQ(hart->x[a0], 41u);
  EXPECT_EQ(hart->x[a3], 0u);  // success
  EXPECT_EQ(mem.get<uint64_t>(kData), 42u);
}

TEST_F(HartAtomics, LrWSignExtendsAndScWStoresLowWord) {
  mem.set<uint64_t>(kData, 0x11111111F0000000ull);
  hart->x[a2] = 0xAAAAAAAA12345678ull;
  ASSERT_TRUE(exec({lr_w(a0, a1), sc_w(a3, a1, a2)}));
  EXPECT_EQ(hart->x[a0], 0xFFFFFFFFF0000000ull);
  EXPECT_EQ(hart->x[a3], 0u);
  EXPECT_EQ(mem.get<uint64_t>(kData), 0x1111111112345678ull);
}

TEST_F(HartAtomics, ScWithoutReservationFailsAndDoesNotStore) {
  mem.set<uint64_t>(kData, 5);
  hart->x[a2] = 9;
  ASSERT_TRUE(exec({sc_d(a3, a1, a2)}));
  EXPECT_NE(hart->x[a3], 0u);
  EXPECT_EQ(mem.get<uint64_t>(kData), 5u);
}

TEST_F(HartAtomics, ScToAnotherAddressThanTheReservationFails) {
  mem.set<uint64_t>(kData + 64, 5);
  hart->x[a4] = kData + 64;
  hart->x[a2] = 9;
  ASSERT_TRUE(exec({lr_d(a0, a1), sc_d(a3, a4, a2)}));
  EXPECT_NE(hart->x[a3], 0u);
  EXPECT_EQ(mem.get<uint64_t>(kData + 64), 5u);
}

TEST_F(HartAtomics, SecondScAfterASuccessfulOneFails) {
  hart->x[a2] = 1;
  hart->x[a4] = 2;
  ASSERT_TRUE(exec({lr_d(a0, a1), sc_d(a3, a1, a2), sc_d(a5, a1, a4)}));
  EXPECT_EQ(hart->x[a3], 0u);
  EXPECT_NE(hart->x[a5], 0u);
  EXPECT_EQ(mem.get<uint64_t>(kData), 1u);
}

TEST_F(HartAtomics, ScSucceedsAcrossBlocksWhileReservationHolds) {
  // LR, a taken branch (new block), then SC.
  hart->x[a2] = 77;
  ASSERT_TRUE(exec({lr_w(a0, a1), jal(0, 8), nop(), sc_w(a3, a1, a2)}));
  EXPECT_EQ(hart->x[a3], 0u);
  EXPECT_EQ(mem.get<uint32_t>(kData), 77u);
}

struct AmoCase {
  Amo op;
  bool dword;
  uint64_t memory, operand;
  uint64_t expected_rd;   // old value as returned (W: sign-extended)
  uint64_t expected_mem;  // 64-bit memory after (W: upper word untouched)
};

TEST_F(HartAtomics, EveryAmoReturnsOldValueAndStoresResult) {
  const uint64_t hi = 0x5555555500000000ull;  // upper word that W forms must not touch
  const std::vector<AmoCase> cases = {
      // 64-bit
      {amo_swap, true, 1, 2, 1, 2},
      {amo_add, true, ~0ull, 2, ~0ull, 1},
      {amo_xor, true, 0xF0F0, 0xFF00, 0xF0F0, 0x0FF0},
      {amo_and, true, 0xF0F0, 0xFF00, 0xF0F0, 0xF000},
      {amo_or, true, 0xF0F0, 0xFF00, 0xF0F0, 0xFFF0},
      {amo_min, true, ~0ull, 1, ~0ull, ~0ull},                  // signed: -1 < 1
      {amo_max, true, ~0ull, 1, ~0ull, 1},
      {amo_minu, true, ~0ull, 1, ~0ull, 1},                     // unsigned: 1 < 2^64-1
      {amo_maxu, true, ~0ull, 1, ~0ull, ~0ull},
      {amo_min, true, 0x8000000000000000ull, 0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull, 0x8000000000000000ull},
      // 32-bit: old value sign-extended into rd, 32-bit compare, low word stored
      {amo_swap, false, hi | 0x80000000, 7, 0xFFFFFFFF80000000ull, hi | 7},
      {amo_add, false, hi | 0xFFFFFFFF, 2, ~0ull, hi | 1},                  // carry does not leak upward
      {amo_xor, false, hi | 0x0000F0F0, 0xFFFFFFFF0000FF00ull, 0xF0F0, hi | 0x0FF0},
      {amo_and, false, hi | 0xFFFFFFFF, 0x12345678, ~0ull, hi | 0x12345678},
      {amo_or, false, hi | 0x1, 0x80000000, 1, hi | 0x80000001},
      {amo_min, false, hi | 0x80000000, 1, 0xFFFFFFFF80000000ull, hi | 0x80000000},
      {amo_max, false, hi | 0x80000000, 1, 0xFFFFFFFF80000000ull, hi | 1},
      {amo_minu, false, hi | 0x80000000, 1, 0xFFFFFFFF80000000ull, hi | 1},
      {amo_maxu, false, hi | 0x80000000, 1, 0xFFFFFFFF80000000ull, hi | 0x80000000},
      // the operand's upper word is ignored by the W compare
      {amo_minu, false, hi | 5, 0xFFFFFFFF00000003ull, 5, hi | 3},
      {amo_max, false, hi | 5, 0x00000001FFFFFFFFull, 5, hi | 5},  // operand's low word is -1
  };
  for (const AmoCase& c : cases) {
    mem.set<uint64_t>(kData, c.memory);
    hart->x[a2] = c.operand;
    const uint32_t insn = amo(c.op, c.dword, a0, a1, a2);
    ASSERT_TRUE(exec({insn})) << core::instruction_name(insn);
    EXPECT_EQ(hart->x[a0], c.expected_rd) << core::instruction_name(insn) << " mem=" << std::hex << c.memory
                                          << " operand=" << c.operand;
    EXPECT_EQ(mem.get<uint64_t>(kData), c.expected_mem)
        << core::instruction_name(insn) << " mem=" << std::hex << c.memory << " operand=" << c.operand;
  }
}

TEST_F(HartAtomics, AmoWithRdX0StillStoresAndRdEqualRs2Works) {
  mem.set<uint64_t>(kData, 10);
  hart->x[a2] = 5;
  ASSERT_TRUE(exec({amo(amo_add, true, 0, a1, a2), amo(amo_swap, true, a2, a1, a2)}));
  EXPECT_EQ(hart->x[a2], 15u);              // old value of the swap
  EXPECT_EQ(mem.get<uint64_t>(kData), 5u);  // the swap stored the old rs2
}

TEST_F(HartAtomics, MisalignedAmoRaisesStoreMisaligned) {
  hart->x[a1] = kData + 4;
  ASSERT_TRUE(exec_to_trap({amo(amo_add, true, a0, a1, a2)}));
  EXPECT_EQ(mcause(), cause::store_misaligned);
  EXPECT_EQ(mtval(), kData + 4);
  hart->x[a1] = kData + 2;
  ASSERT_TRUE(exec_to_trap({amo(amo_swap, false, a0, a1, a2)}));
  EXPECT_EQ(mcause(), cause::store_misaligned);
}

TEST_F(HartAtomics, MisalignedLrRaisesLoadMisalignedAndScStoreMisaligned) {
  hart->x[a1] = kData + 2;
  ASSERT_TRUE(exec_to_trap({lr_w(a0, a1)}));
  EXPECT_EQ(mcause(), cause::load_misaligned);
  EXPECT_EQ(mtval(), kData + 2);
  ASSERT_TRUE(exec_to_trap({sc_d(a0, a1, a2)}));
  EXPECT_EQ(mcause(), cause::store_misaligned);
  EXPECT_EQ(mtval(), kData + 2);
}

TEST_F(HartAtomics, AmoOnUnmappedMemoryRaisesStoreAccessFault) {
  hart->x[a1] = kUnmapped;
  ASSERT_TRUE(exec_to_trap({amo(amo_or, true, a0, a1, a2)}));
  EXPECT_EQ(mcause(), cause::store_access);
  EXPECT_EQ(mtval(), kUnmapped);
  ASSERT_TRUE(exec_to_trap({lr_d(a0, a1)}));
  EXPECT_EQ(mcause(), cause::load_access);
}

TEST_F(HartAtomics, AmoOnMmioReadsThenWritesThroughTheBus) {
  mem.set<uint32_t>(kMmioBase + 8, 0xFFFFFFF0);
  hart->x[a1] = kMmioBase + 8;
  hart->x[a2] = 0x20;
  ASSERT_TRUE(exec({amo(amo_add, false, a0, a1, a2)}));
  EXPECT_EQ(hart->x[a0], 0xFFFFFFFFFFFFFFF0ull);
  EXPECT_EQ(mem.get<uint32_t>(kMmioBase + 8), 0x10u);
  ASSERT_EQ(mem.mmio_log.size(), 2u);
  EXPECT_FALSE(mem.mmio_log[0].write);
  EXPECT_TRUE(mem.mmio_log[1].write);
  EXPECT_EQ(mem.mmio_log[1].size, 4u);
}

TEST_F(HartAtomics, AmoWithoutDirectPointersWorks) {
  mem.direct_access = false;
  mem.set<uint64_t>(kData, 3);
  hart->x[a2] = 4;
  ASSERT_TRUE(exec({amo(amo_maxu, true, a0, a1, a2), lr_d(a3, a1), sc_d(a4, a1, a0)}));
  EXPECT_EQ(hart->x[a0], 3u);
  EXPECT_EQ(hart->x[a3], 4u);
  EXPECT_EQ(hart->x[a4], 0u);
  EXPECT_EQ(mem.get<uint64_t>(kData), 3u);
}

}  // namespace
}  // namespace torpor::test
