/* RV64A (unprivileged spec 20191213, chapter 8): LR/SC success and failure
   (an SC without a valid reservation fails, writes rd != 0 and leaves memory
   alone), every AMO in .w and .d form (rd gets the old value, sign-extended
   for .w; .w writes only 32 bits and uses only rs2[31:0]), signed vs unsigned
   min/max, and misaligned LR/SC/AMO traps. */
#include "guest_test.h"

#define GUARD 0x5a5a5a5a

/* op.w: memory word = init, rs2 = operand; rd must be old (sign-extended),
   memory must become mem, the next word must stay GUARD. */
#define AMO_W(op, init, operand, old, mem)                      \
  li t0, init; sw t0, 0(s0); li t0, GUARD; sw t0, 4(s0);        \
  li a1, operand; op a0, a1, (s0);                              \
  EXPECT(a0, old); lwu a2, 0(s0); EXPECT(a2, mem);              \
  lwu a2, 4(s0); EXPECT(a2, GUARD); EXPECT(a1, operand)

#define AMO_D(op, init, operand, old, mem)                      \
  li t0, init; sd t0, 0(s0); li t0, GUARD; sd t0, 8(s0);        \
  li a1, operand; op a0, a1, (s0);                              \
  EXPECT(a0, old); ld a2, 0(s0); EXPECT(a2, mem);               \
  ld a2, 8(s0); EXPECT(a2, GUARD)

TEST_BEGIN
  la s0, buf
  la t0, trap_resume
  csrw mtvec, t0

  /* ---- LR/SC ---- */
  CHECK(1); li t0, 0x1122334455667788; sd t0, 0(s0)
            lr.d a0, (s0); EXPECT(a0, 0x1122334455667788)
            li a2, 0x0102030405060708; sc.d a1, a2, (s0); EXPECT(a1, 0)
            ld a3, 0(s0); EXPECT(a3, 0x0102030405060708)
  CHECK(2); li a2, 0x7777; sc.d a1, a2, (s0)          /* reservation was used up */
            beqz a1, test_fail
            ld a3, 0(s0); EXPECT(a3, 0x0102030405060708)
  CHECK(3); li t0, 0x80000001; sw t0, 0(s0); li t0, GUARD; sw t0, 4(s0)
            lr.w a0, (s0); EXPECT(a0, 0xffffffff80000001)    /* sign-extended */
            li a2, 0xfedcba9876543210; sc.w a1, a2, (s0); EXPECT(a1, 0)
            lwu a3, 0(s0); EXPECT(a3, 0x76543210)
            lwu a3, 4(s0); EXPECT(a3, GUARD)                  /* only 32 bits written */
  CHECK(4); li a2, 1; sc.w a1, a2, (s0); beqz a1, test_fail
            lwu a3, 0(s0); EXPECT(a3, 0x76543210)
  CHECK(5); /* a fresh hart state: SC with no LR at all before it on this address */
            addi s1, s0, 64; sd zero, 0(s1)
            li a2, -1; sc.d a1, a2, (s1); beqz a1, test_fail
            ld a3, 0(s1); EXPECT(a3, 0)
  CHECK(6); /* an LR/SC loop increment, the canonical use */
            li t0, 41; sd t0, 0(s1)
1:          lr.d a0, (s1); addi a0, a0, 1; sc.d a1, a0, (s1); bnez a1, 1b
            ld a3, 0(s1); EXPECT(a3, 42)
  CHECK(7); /* a trap between LR and SC: the SC may fail but must not write
               unless it succeeds; after the trap we retry until success */
            li t0, 5; sd t0, 0(s1)
            lr.d a0, (s1)
            la s11, 1f; ecall                              /* to trap_resume */
1:          li a2, 9; sc.d a1, a2, (s1)
            ld a3, 0(s1)
            beqz a1, 2f
            EXPECT(a3, 5)                                  /* failed: unchanged */
            j 3f
2:          EXPECT(a3, 9)
3:
  CHECK(8); li a2, 0xabc; sc.w a1, a2, (s0); beqz a1, test_fail   /* consumed */
  CHECK(9); li t0, 0x1234; sd t0, 0(s0); lr.d a0, (s0); li a2, 0x99; sc.d x0, a2, (s0)  /* rd = x0 */
            ld a3, 0(s0); EXPECT(a3, 0x99)

  /* ---- AMO .w ---- */
  CHECK(10); AMO_W(amoswap.w, 0x80000000, 0x123456789, 0xffffffff80000000, 0x23456789)
  CHECK(11); AMO_W(amoadd.w, 0x7fffffff, 1, 0x7fffffff, 0x80000000)
  CHECK(12); AMO_W(amoadd.w, 0xffffffff, 0x100000002, -1, 1)          /* carry out dropped */
  CHECK(13); AMO_W(amoxor.w, 0xf0f0f0f0, 0xffffffff, 0xfffffffff0f0f0f0, 0x0f0f0f0f)
  CHECK(14); AMO_W(amoand.w, 0xf0f0f0f0, 0x3c3c3c3c, 0xfffffffff0f0f0f0, 0x30303030)
  CHECK(15); AMO_W(amoor.w, 0x0000f0f0, 0x80000001, 0xf0f0, 0x8000f0f1)
  /* signed vs unsigned: -1 vs 1 */
  CHECK(16); AMO_W(amomin.w, 0xffffffff, 1, -1, 0xffffffff)
  CHECK(17); AMO_W(amomax.w, 0xffffffff, 1, -1, 1)
  CHECK(18); AMO_W(amominu.w, 0xffffffff, 1, -1, 1)
  CHECK(19); AMO_W(amomaxu.w, 0xffffffff, 1, -1, 0xffffffff)
  CHECK(20); AMO_W(amomin.w, 5, 0x80000000, 5, 0x80000000)
  CHECK(21); AMO_W(amomax.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x7fffffff)
  /* only rs2[31:0] takes part in the comparison */
  CHECK(22); AMO_W(amomaxu.w, 5, 0x100000003, 5, 5)
  CHECK(23); AMO_W(amominu.w, 5, 0xffffffff00000003, 5, 3)
  CHECK(24); AMO_W(amomin.w, 5, 0x00000000ffffffff, 5, 0xffffffff)      /* rs2 is -1 as a word */
  CHECK(25); AMO_W(amomax.w, 0xfffffffe, 0xffffffff00000000, -2, 0)

  /* ---- AMO .d ---- */
  CHECK(26); AMO_D(amoswap.d, 0x8000000000000000, 0x123, 0x8000000000000000, 0x123)
  CHECK(27); AMO_D(amoadd.d, 0xffffffff, 1, 0xffffffff, 0x100000000)
  CHECK(28); AMO_D(amoadd.d, -1, 2, -1, 1)
  CHECK(29); AMO_D(amoxor.d, 0xff00ff00ff00ff00, -1, 0xff00ff00ff00ff00, 0x00ff00ff00ff00ff)
  CHECK(30); AMO_D(amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
  CHECK(31); AMO_D(amoor.d, 0xff00000000000000, 0xff, 0xff00000000000000, 0xff000000000000ff)
  CHECK(32); AMO_D(amomin.d, -1, 1, -1, -1)
  CHECK(33); AMO_D(amomax.d, -1, 1, -1, 1)
  CHECK(34); AMO_D(amominu.d, -1, 1, -1, 1)
  CHECK(35); AMO_D(amomaxu.d, -1, 1, -1, -1)
  CHECK(36); AMO_D(amomin.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000)
  CHECK(37); AMO_D(amomaxu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000)
  CHECK(38); AMO_D(amominu.d, 0x00000001ffffffff, 0x0000000200000000, 0x1ffffffff, 0x1ffffffff)
  CHECK(39); AMO_D(amomax.d, 0x00000000ffffffff, 0xffffffff00000000, 0xffffffff, 0xffffffff)

  /* ordering bits are accepted */
  CHECK(40); li t0, 10; sd t0, 0(s0); li a1, 5; amoadd.d.aqrl a0, a1, (s0); EXPECT(a0, 10)
             amoadd.w.aq a0, a1, (s0); EXPECT(a0, 15); ld a2, 0(s0); EXPECT(a2, 20)
  CHECK(41); lr.d.aq a0, (s0); sc.d.rl a1, a1, (s0); EXPECT(a1, 0); ld a2, 0(s0); EXPECT(a2, 5)
  /* rd == rs2 and rd = x0 */
  CHECK(42); li t0, 3; sd t0, 0(s0); li a1, 4; amoswap.d a1, a1, (s0); EXPECT(a1, 3)
             ld a2, 0(s0); EXPECT(a2, 4)
  CHECK(43); amoadd.d x0, a1, (s0); ld a2, 0(s0); EXPECT(a2, 7)
  CHECK(44); li a1, 1; amoadd.w a1, a1, (s0); EXPECT(a1, 7); lw a2, 0(s0); EXPECT(a2, 8)

  /* ---- misaligned: address-misaligned traps (default config), nothing written ---- */
  CHECK(45); sd zero, 0(s0); sd zero, 8(s0); addi a0, s0, 2; li a1, -1
             la s11, 1f; li s2, 0; amoadd.w a2, a1, (a0); j test_fail
1:           EXPECT(s2, 6); bne s4, a0, test_fail; ld a3, 0(s0); EXPECT(a3, 0)
  CHECK(46); addi a0, s0, 4; la s11, 1f; li s2, 0; amoswap.d a2, a1, (a0); j test_fail
1:           EXPECT(s2, 6); bne s4, a0, test_fail; ld a3, 0(s0); EXPECT(a3, 0); ld a3, 8(s0); EXPECT(a3, 0)
  CHECK(47); addi a0, s0, 4; la s11, 1f; li s2, 0; lr.d a2, (a0); j test_fail
1:           li t0, 4; li t1, 5; beq s2, t0, 2f; bne s2, t1, test_fail   /* misaligned or access fault */
2:           bne s4, a0, test_fail
  CHECK(48); addi a0, s0, 1; la s11, 1f; li s2, 0; sc.w a2, a1, (a0); j test_fail
1:           li t0, 6; li t1, 7; beq s2, t0, 2f; bne s2, t1, test_fail
2:           ld a3, 0(s0); EXPECT(a3, 0)
  PASS

/* Expected-trap handler: records mcause/mepc/mtval in s2/s3/s4 and resumes
   at the address in s11. */
  .balign 4
trap_resume:
  beqz s11, unexpected_trap     /* no resume address: not expected */
  csrr s2, mcause
  csrr s3, mepc
  csrr s4, mtval
  csrw mepc, s11
  li s11, 0                    /* each resume address is used once */
  mret

  .section .data
  .balign 64
buf: .fill 128, 1, 0
TEST_END
