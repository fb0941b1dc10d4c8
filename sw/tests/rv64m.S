/* RV64M (unprivileged spec 20191213, chapter 7): multiply high/low in all
   signedness combinations, division and remainder rounding toward zero, the
   W forms (32-bit operands, sign-extended 32-bit results), and the results
   of table 7.1 for division by zero and signed overflow (no traps). */
#include "guest_test.h"

#define RR(op, a, b, result) li a0, a; li a1, b; op a2, a0, a1; EXPECT(a2, result)

TEST_BEGIN
  /* ---- mul: low 64 bits ---- */
  CHECK(1);  RR(mul, 3, -4, -12)
  CHECK(2);  RR(mul, 0x100000000, 0x100000000, 0)
  CHECK(3);  RR(mul, -1, -1, 1)
  CHECK(4);  RR(mul, 0x123456789, 0x10, 0x1234567890)
  CHECK(5);  RR(mul, 0x7fffffffffffffff, 2, -2)
  /* ---- mulh: signed x signed, high 64 bits ---- */
  CHECK(6);  RR(mulh, -1, -1, 0)
  CHECK(7);  RR(mulh, -1, 1, -1)
  CHECK(8);  RR(mulh, 0x8000000000000000, 0x8000000000000000, 0x4000000000000000)
  CHECK(9);  RR(mulh, 0x7fffffffffffffff, 0x7fffffffffffffff, 0x3fffffffffffffff)
  CHECK(10); RR(mulh, 0x8000000000000000, 0x7fffffffffffffff, 0xc000000000000000)
  CHECK(11); RR(mulh, 0x100000000, 0x100000000, 1)
  /* ---- mulhu: unsigned x unsigned ---- */
  CHECK(12); RR(mulhu, -1, -1, 0xfffffffffffffffe)
  CHECK(13); RR(mulhu, 0x8000000000000000, 2, 1)
  CHECK(14); RR(mulhu, -1, 1, 0)
  CHECK(15); RR(mulhu, 0x8000000000000000, 0x8000000000000000, 0x4000000000000000)
  /* ---- mulhsu: rs1 signed x rs2 unsigned ---- */
  CHECK(16); RR(mulhsu, -1, -1, -1)                      /* -(2^64-1) */
  CHECK(17); RR(mulhsu, -2, -1, 0xfffffffffffffffe)
  CHECK(18); RR(mulhsu, 1, -1, 0)
  CHECK(19); RR(mulhsu, 0x8000000000000000, 0x8000000000000000, 0xc000000000000000)
  CHECK(20); RR(mulhsu, 0x7fffffffffffffff, -1, 0x7ffffffffffffffe)
  CHECK(21); RR(mulhsu, -1, 0, 0)
  /* ---- mulw ---- */
  CHECK(22); RR(mulw, 0x7fffffff, 2, -2)
  CHECK(23); RR(mulw, 0x100000003, 0x100000005, 15)       /* upper bits ignored */
  CHECK(24); RR(mulw, 0x10000, 0x10000, 0)
  CHECK(25); RR(mulw, 0x8000, 0x10000, 0xffffffff80000000)
  CHECK(26); RR(mulw, -3, 5, -15)

  /* ---- div / rem: round toward zero, remainder has the dividend's sign ---- */
  CHECK(27); RR(div, 20, -6, -3)
  CHECK(28); RR(div, -20, 6, -3)
  CHECK(29); RR(div, -20, -6, 3)
  CHECK(30); RR(rem, -20, 6, -2)
  CHECK(31); RR(rem, 20, -6, 2)
  CHECK(32); RR(rem, -20, -6, -2)
  CHECK(33); RR(divu, -1, 2, 0x7fffffffffffffff)
  CHECK(34); RR(divu, 20, 6, 3)
  CHECK(35); RR(remu, -1, 10, 5)
  CHECK(36); RR(remu, 20, 6, 2)
  CHECK(37); RR(divu, -20, 6, 0x2aaaaaaaaaaaaaa7)
  CHECK(38); RR(div, 0x8000000000000000, 2, 0xc000000000000000)
  /* table 7.1: division by zero */
  CHECK(39); RR(div, 5, 0, -1)
  CHECK(40); RR(div, -5, 0, -1)
  CHECK(41); RR(divu, 5, 0, 0xffffffffffffffff)
  CHECK(42); RR(rem, 5, 0, 5)
  CHECK(43); RR(rem, -5, 0, -5)
  CHECK(44); RR(remu, 0x8000000000000001, 0, 0x8000000000000001)
  /* table 7.1: signed overflow */
  CHECK(45); RR(div, 0x8000000000000000, -1, 0x8000000000000000)
  CHECK(46); RR(rem, 0x8000000000000000, -1, 0)
  CHECK(47); RR(divu, 0x8000000000000000, -1, 0)          /* unsigned: no overflow */
  CHECK(48); RR(remu, 0x8000000000000000, -1, 0x8000000000000000)

  /* ---- W forms ---- */
  CHECK(49); RR(divw, -7, 2, -3)
  CHECK(50); RR(remw, -7, 2, -1)
  CHECK(51); RR(divw, 0x12345678fffffff9, 0x2, -3)        /* only the low 32 bits */
  CHECK(52); RR(divw, 0x80000000, -1, 0xffffffff80000000) /* overflow */
  CHECK(53); RR(remw, 0x80000000, -1, 0)
  CHECK(54); RR(divw, 5, 0x100000000, -1)                 /* rs2[31:0] == 0: by zero */
  CHECK(55); RR(remw, 0x180000001, 0, 0xffffffff80000001)
  CHECK(56); RR(divuw, 0xffffffff, 2, 0x7fffffff)
  CHECK(57); RR(divuw, 0x80000000, 1, 0xffffffff80000000) /* result sign-extended */
  CHECK(58); RR(divuw, 0xabcd00000010, 0x123400000004, 4)
  CHECK(59); RR(divuw, 7, 0, -1)
  CHECK(60); RR(remuw, 0xffffffff, 0x10, 15)
  CHECK(61); RR(remuw, 0xfffffffe, 0xffffffff, -2)
  CHECK(62); RR(remuw, 0x1800000f0, 0, 0xffffffff800000f0)
  CHECK(63); RR(remuw, 0x80000005, 0x80000000, 5)
  CHECK(64); RR(divw, 0x7fffffff, -1, 0xffffffff80000001)
  CHECK(65); RR(remw, 0x7fffffff, 0x10, 15)
  CHECK(66); RR(divuw, 0xffffffff80000000, 0xffffffff, 0)

  /* rd aliasing a source */
  CHECK(67); li a0, 6; mul a0, a0, a0; EXPECT(a0, 36)
  CHECK(68); li a0, 100; li a1, 7; rem a1, a0, a1; EXPECT(a1, 2)
  PASS
TEST_END
