// RV64M (unprivileged spec chapter 7): products, high halves of signed,
// unsigned and mixed products, truncating division, and the results of
// table 7.1 for division by zero and signed overflow (no traps), for the
// 64-bit and the W forms.
#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

constexpr uint64_t kMin = 0x8000000000000000ull, kMax = 0x7FFFFFFFFFFFFFFFull, kAll = ~0ull;

class HartRv64m : public HartTest {
 protected:
  // Runs `insn` (rd=a0, rs1=a1, rs2=a2) and returns a0.
  uint64_t op(uint32_t insn, uint64_t a, uint64_t b) {
    hart->x[a0] = 0xDEADBEEFDEADBEEFull;
    hart->x[a1] = a;
    hart->x[a2] = b;
    EXPECT_TRUE(exec({insn})) << core::instruction_name(insn);
    return hart->x[a0];
  }
};

TEST_F(HartRv64m, MulReturnsTheLow64BitsOfTheProduct) {
  EXPECT_EQ(op(mul(a0, a1, a2), 3, 7), 21u);
  EXPECT_EQ(op(mul(a0, a1, a2), kAll, kAll), 1u);
  EXPECT_EQ(op(mul(a0, a1, a2), kMin, 2), 0u);
  EXPECT_EQ(op(mul(a0, a1, a2), 0x100000000ull, 0x100000001ull), 0x100000000ull);
  EXPECT_EQ(op(mul(a0, a1, a2), uint64_t(-6), 7), uint64_t(-42));
}

TEST_F(HartRv64m, MulhVariantsReturnTheHighHalfWithTheirSignedness) {
  EXPECT_EQ(op(mulh(a0, a1, a2), kAll, kAll), 0u);                 // (-1)(-1) = 1
  EXPECT_EQ(op(mulh(a0, a1, a2), kAll, 1), kAll);                  // -1
  EXPECT_EQ(op(mulh(a0, a1, a2), kMin, kMin), 0x4000000000000000ull);
  EXPECT_EQ(op(mulh(a0, a1, a2), kMax, kMax), 0x3FFFFFFFFFFFFFFFull);
  EXPECT_EQ(op(mulh(a0, a1, a2), kMin, kMax), 0xC000000000000000ull);
  EXPECT_EQ(op(mulhu(a0, a1, a2), kAll, kAll), 0xFFFFFFFFFFFFFFFEull);
  EXPECT_EQ(op(mulhu(a0, a1, a2), kMin, 2), 1u);
  EXPECT_EQ(op(mulhu(a0, a1, a2), 5, 7), 0u);
  // mulhsu: rs1 signed, rs2 unsigned.
  EXPECT_EQ(op(mulhsu(a0, a1, a2), kAll, kAll), kAll);  // -1 * (2^64-1) = -2^64 + 1
  EXPECT_EQ(op(mulhsu(a0, a1, a2), 2, kAll), 1u);       // 2 * (2^64-1)
  EXPECT_EQ(op(mulhsu(a0, a1, a2), uint64_t(-2), 3), kAll);
  EXPECT_EQ(op(mulhsu(a0, a1, a2), kMin, kAll), 0x8000000000000000ull);  // -2^63 * (2^64-1)
}

TEST_F(HartRv64m, MulwMultipliesLow32BitsAndSignExtends) {
  EXPECT_EQ(op(mulw(a0, a1, a2), 0x7FFFFFFF, 2), 0xFFFFFFFFFFFFFFFEull);
  EXPECT_EQ(op(mulw(a0, a1, a2), 0x100000003ull, 5), 15u);
  EXPECT_EQ(op(mulw(a0, a1, a2), 0x10000, 0x8000), 0xFFFFFFFF80000000ull);
}

TEST_F(HartRv64m, DivisionTruncatesTowardZero) {
  EXPECT_EQ(op(div_(a0, a1, a2), uint64_t(-7), 2), uint64_t(-3));
  EXPECT_EQ(op(rem(a0, a1, a2), uint64_t(-7), 2), uint64_t(-1));  // sign of the dividend
  EXPECT_EQ(op(div_(a0, a1, a2), 7, uint64_t(-2)), uint64_t(-3));
  EXPECT_EQ(op(rem(a0, a1, a2), 7, uint64_t(-2)), 1u);
  EXPECT_EQ(op(divu(a0, a1, a2), kAll, 2), kMax);
  EXPECT_EQ(op(remu(a0, a1, a2), kAll, 10), 5u);
  EXPECT_EQ(op(divu(a0, a1, a2), uint64_t(-7), 2), 0x7FFFFFFFFFFFFFFCull);
}

TEST_F(HartRv64m, DivideByZeroFollowsTable7_1) {
  const uint64_t x = 0x123456789ABCDEF0ull;
  EXPECT_EQ(op(div_(a0, a1, a2), x, 0), kAll);    // -1
  EXPECT_EQ(op(divu(a0, a1, a2), x, 0), kAll);    // 2^64 - 1
  EXPECT_EQ(op(rem(a0, a1, a2), x, 0), x);        // the dividend
  EXPECT_EQ(op(remu(a0, a1, a2), x, 0), x);
  EXPECT_EQ(op(rem(a0, a1, a2), kMin, 0), kMin);
  EXPECT_EQ(hart->traps_taken, 0u);  // no exception
}

TEST_F(HartRv64m, SignedOverflowFollowsTable7_1) {
  EXPECT_EQ(op(div_(a0, a1, a2), kMin, kAll), kMin);
  EXPECT_EQ(op(rem(a0, a1, a2), kMin, kAll), 0u);
}

TEST_F(HartRv64m, WordDivisionUsesLow32BitsAndSignExtends) {
  EXPECT_EQ(op(divw(a0, a1, a2), 0x1FFFFFFF9ull, 0x500000002ull), uint64_t(-3));  // -7 / 2
  EXPECT_EQ(op(remw(a0, a1, a2), 0x1FFFFFFF9ull, 0x500000002ull), uint64_t(-1));
  EXPECT_EQ(op(divuw(a0, a1, a2), 0xFFFFFFFFFFFFFFFEull, 2), 0x7FFFFFFFu);
  EXPECT_EQ(op(divuw(a0, a1, a2), 0x80000000ull, 1), 0xFFFFFFFF80000000ull);  // result sign-extended
  EXPECT_EQ(op(remuw(a0, a1, a2), 0xFFFFFFFFull, 0x10), 0xFu);
  EXPECT_EQ(op(remuw(a0, a1, a2), 0x80000001ull, 0x100000000ull + 0x80000000ull), 1u);
}

TEST_F(HartRv64m, WordDivideByZeroFollowsTable7_1) {
  const uint64_t x = 0x1234567880000001ull;  // low word 0x80000001
  EXPECT_EQ(op(divw(a0, a1, a2), x, 0x100000000ull), kAll);  // divisor's low word is 0
  EXPECT_EQ(op(divuw(a0, a1, a2), x, 0), kAll);               // 2^32-1, sign-extended
  EXPECT_EQ(op(remw(a0, a1, a2), x, 0), 0xFFFFFFFF80000001ull);
  EXPECT_EQ(op(remuw(a0, a1, a2), x, 0), 0xFFFFFFFF80000001ull);
  EXPECT_EQ(op(remuw(a0, a1, a2), 0x12345678ull, 0), 0x12345678u);
}

TEST_F(HartRv64m, WordSignedOverflowFollowsTable7_1) {
  EXPECT_EQ(op(divw(a0, a1, a2), 0x80000000ull, kAll), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(op(remw(a0, a1, a2), 0x80000000ull, kAll), 0u);
}

TEST_F(HartRv64m, RegisterAliasingReadsSourcesBeforeWriting) {
  hart->x[a0] = 12;
  ASSERT_TRUE(exec({mul(a0, a0, a0), divu(a1, a0, a0)}));
  EXPECT_EQ(hart->x[a0], 144u);
  EXPECT_EQ(hart->x[a1], 1u);
}

}  // namespace
}  // namespace torpor::test
