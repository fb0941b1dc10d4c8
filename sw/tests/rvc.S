/* RVC (unprivileged spec 20191213, chapter 16): each RV64C instruction with
   its immediate ranges and sign extension, control transfers (c.jalr links
   pc + 2), reserved encodings trapping as illegal with mtval = the 16 bits,
   32-bit instructions at 2-byte alignment, and 32-bit instructions that
   straddle a 4 KiB page boundary (first half at page offset 0xFFE). */
#include "guest_test.h"

/* Expect an illegal-instruction trap on the 16-bit encoding `bits`. */
#define ILLEGAL16(bits) \
  la s11, 81f; li s2, 0; 82: .half bits; j test_fail; 81: \
  EXPECT(s2, 2); EXPECT(s4, bits); la t0, 82b; bne s3, t0, test_fail

TEST_BEGIN
  .option rvc
  la t0, trap_resume
  csrw mtvec, t0
  la sp, buf_mid           /* c.*sp instructions use this as the stack */
  la s0, buf_mid

  /* ---- c.li / c.lui / c.addi / c.addiw / c.nop ---- */
  CHECK(1);  c.li a0, -32; EXPECT(a0, -32)
  CHECK(2);  c.li a0, 31; EXPECT(a0, 31)
  CHECK(3);  c.lui a0, 1; EXPECT(a0, 0x1000)
  CHECK(4);  c.lui a0, 0x1f; EXPECT(a0, 0x1f000)
  CHECK(5);  c.lui a0, 0xfffe0; EXPECT(a0, 0xfffffffffffe0000)   /* nzimm[17] sign-extends */
  CHECK(6);  c.lui a0, 0xfffff; EXPECT(a0, -4096)
  CHECK(7);  c.li a0, 5; c.addi a0, -32; EXPECT(a0, -27)
  CHECK(8);  c.addi a0, 31; EXPECT(a0, 4)
  CHECK(9);  li a0, 0x7fffffff; c.addiw a0, 1; EXPECT(a0, 0xffffffff80000000)
  CHECK(10); li a0, 0x1ffffffff; c.addiw a0, 0; EXPECT(a0, -1)       /* sext.w */
  CHECK(11); li a0, 0x100000000; c.addiw a0, -1; EXPECT(a0, -1)
  CHECK(12); li a0, 9; c.nop; c.nop; EXPECT(a0, 9)

  /* ---- stack-pointer forms ---- */
  CHECK(13); mv t1, sp; c.addi16sp sp, -512; sub t2, t1, sp; EXPECT(t2, 512)
  CHECK(14); c.addi16sp sp, 496; sub t2, t1, sp; EXPECT(t2, 16)
  CHECK(15); c.addi16sp sp, 16; bne sp, t1, test_fail
  CHECK(16); c.addi4spn a0, sp, 4; sub t2, a0, sp; EXPECT(t2, 4)
  CHECK(17); c.addi4spn a5, sp, 1020; sub t2, a5, sp; EXPECT(t2, 1020)
  CHECK(18); c.addi4spn s1, sp, 40; sub t2, s1, sp; EXPECT(t2, 40)
  /* c.sdsp / c.ldsp / c.swsp / c.lwsp */
  CHECK(19); li a1, 0x8877665544332211; c.sdsp a1, 0(sp); c.ldsp a2, 0(sp); EXPECT(a2, 0x8877665544332211)
  CHECK(20); c.sdsp a1, 504(sp); ld a2, 504(sp); EXPECT(a2, 0x8877665544332211)
  CHECK(21); c.ldsp t3, 504(sp); EXPECT(t3, 0x8877665544332211)
  CHECK(22); c.lwsp a2, 4(sp); EXPECT(a2, 0xffffffff88776655)          /* sign-extended */
  CHECK(23); c.lwsp a2, 0(sp); EXPECT(a2, 0x44332211)
  CHECK(24); li a1, 0xfedcba9876543210; c.swsp a1, 252(sp); ld a2, 248(sp); srli a2, a2, 32; EXPECT(a2, 0x76543210)
  CHECK(25); c.lwsp ra, 252(sp); EXPECT(ra, 0x76543210)
  CHECK(26); li a1, 0x80000000; c.swsp a1, 8(sp); c.lwsp a2, 8(sp); EXPECT(a2, 0xffffffff80000000)
  CHECK(27); li a1, 0x123; c.sdsp a1, 64(sp); ld a2, 64(sp); EXPECT(a2, 0x123)
  /* c.sd / c.ld / c.sw / c.lw through x8..x15 */
  CHECK(28); li a1, 0x0123456789abcdef; c.sd a1, 248(s0); ld a2, 248(s0); EXPECT(a2, 0x0123456789abcdef)
  CHECK(29); c.ld a3, 248(s0); EXPECT(a3, 0x0123456789abcdef)
  CHECK(30); addi s1, s0, 128; c.lw a3, 120(s1); EXPECT(a3, 0xffffffff89abcdef)
  CHECK(31); c.lw a4, 124(s1); EXPECT(a4, 0x01234567)
  CHECK(32); li a1, 0x7fff0001; c.sw a1, 124(s0); lw a2, 124(s0); EXPECT(a2, 0x7fff0001)
  CHECK(33); c.lw a5, 124(s0); EXPECT(a5, 0x7fff0001)
  CHECK(34); mv s1, s0; li a1, -2; c.sw a1, 0(s1); c.lw s1, 0(s1); EXPECT(s1, -2)   /* rd == rs1 */
  CHECK(35); li a1, 0x55; c.sd a1, 8(s0); c.ld a2, 8(s0); EXPECT(a2, 0x55)

  /* ---- register-register ---- */
  CHECK(36); li a0, 3; li a1, 0x7fffffffffffffff; c.mv a2, a1; EXPECT(a2, 0x7fffffffffffffff)
  CHECK(37); c.add a0, a1; EXPECT(a0, 0x8000000000000002)
  CHECK(38); li a0, 5; li a1, 7; c.sub a0, a1; EXPECT(a0, -2)
  CHECK(39); li a0, 0xff00; li a1, 0x0ff0; c.xor a0, a1; EXPECT(a0, 0xf0f0)
  CHECK(40); li a0, 0xff00; c.or a0, a1; EXPECT(a0, 0xfff0)
  CHECK(41); li a0, 0xff00; c.and a0, a1; EXPECT(a0, 0x0f00)
  CHECK(42); li a0, 0x7fffffff; li a1, -1; c.subw a0, a1; EXPECT(a0, 0xffffffff80000000)
  CHECK(43); li a0, 0x100000000; li a1, 0x200000001; c.addw a0, a1; EXPECT(a0, 1)
  CHECK(44); li a0, 0x7fffffff; li a1, 1; c.addw a0, a1; EXPECT(a0, 0xffffffff80000000)
  CHECK(45); li a0, 0x300000000; li a1, 0x300000001; c.subw a0, a1; EXPECT(a0, -1)

  /* ---- shifts and c.andi ---- */
  CHECK(46); li a0, 1; c.slli a0, 63; EXPECT(a0, 0x8000000000000000)
  CHECK(47); li t3, 0x3; c.slli t3, 32; EXPECT(t3, 0x300000000)
  CHECK(48); li a0, 0x8000000000000000; c.srli a0, 63; EXPECT(a0, 1)
  CHECK(49); li a0, 0x8000000000000000; c.srai a0, 63; EXPECT(a0, -1)
  CHECK(50); li a0, 0x8000000000000000; c.srai a0, 32; EXPECT(a0, 0xffffffff80000000)
  CHECK(51); li a0, 0x8000000000000000; c.srli a0, 1; EXPECT(a0, 0x4000000000000000)
  CHECK(52); li a0, 0x1ff; c.andi a0, -32; EXPECT(a0, 0x1e0)
  CHECK(53); li a0, -1; c.andi a0, 31; EXPECT(a0, 31)
  CHECK(54); li a0, -1; c.andi a0, 0; EXPECT(a0, 0)

  /* ---- control transfer ---- */
  CHECK(55); c.j 1f
             j test_fail
1:
  CHECK(56); li a0, 0; c.beqz a0, 1f
             j test_fail
1:           li a0, 1; c.beqz a0, 2f
             c.j 3f
2:           j test_fail
3:
  CHECK(57); li a0, 1; c.bnez a0, 1f
             j test_fail
1:           li a0, 0; c.bnez a0, 2f
             c.j 3f
2:           j test_fail
3:
  CHECK(58); li a0, 4; li a2, 0            /* backward c.bnez */
1:           addi a2, a2, 1; c.addi a0, -1; c.bnez a0, 1b
             EXPECT(a2, 4)
  CHECK(59); li s1, -1; li a2, 0           /* backward c.beqz */
1:           addi a2, a2, 1; addi s1, s1, 1; c.beqz s1, 1b
             EXPECT(a2, 2)
  CHECK(60); li a0, 0x8000000000000000; c.bnez a0, 1f    /* only "!= 0" */
             j test_fail
1:
  CHECK(61); la t0, 1f; c.jr t0
             j test_fail
1:
  CHECK(62); la t0, 1f; c.jalr t0                       /* ra = pc + 2 */
2:           j test_fail
1:           la t1, 2b; bne ra, t1, test_fail
  CHECK(63); la ra, 1f; c.jalr ra                       /* rs1 == ra: old value is the target */
2:           j test_fail
1:           la t1, 2b; bne ra, t1, test_fail
  CHECK(64); la t0, sub_c; li a0, 1; c.jalr t0; EXPECT(a0, 11)
  CHECK(65); c.j 3f                                     /* backward c.j */
2:           c.j 4f
3:           c.j 2b
4:

  /* ---- 32-bit instructions at 2 (mod 4) ---- */
  CHECK(66); .balign 4
             c.nop
             .option push
             .option norvc
             li a0, 0x12345678                          /* lui+addiw, both at 2 mod 4 */
             jal a1, 1f
2:           j test_fail
1:           .option pop
             la t1, 2b; bne a1, t1, test_fail; andi t1, t1, 3; EXPECT(t1, 2)
             EXPECT(a0, 0x12345678)

  /* ---- reserved and unsupported 16-bit encodings: illegal instruction ---- */
  CHECK(67); ILLEGAL16(0x0004)     /* c.addi4spn with nzuimm = 0 */
  CHECK(68); ILLEGAL16(0x4002)     /* c.lwsp with rd = 0 */
  CHECK(69); ILLEGAL16(0x8002)     /* c.jr with rs1 = 0 */
  CHECK(70); ILLEGAL16(0x6101)     /* c.addi16sp with nzimm = 0 */
  CHECK(71); ILLEGAL16(0x2001)     /* c.addiw with rd = 0 */
  CHECK(72); ILLEGAL16(0x9c41)     /* quadrant 1, funct6 100111, funct2 10: reserved */
  CHECK(73); ILLEGAL16(0x2000)     /* c.fld: no D extension */
  CHECK(74); ILLEGAL16(0x0000)     /* all zeros is defined illegal */
  CHECK(75); ILLEGAL16(0x6081)     /* c.lui with nzimm = 0 */
  /* HINTs execute as no-ops: c.slli/c.srli with shamt 0, c.li/c.mv/c.add with rd = x0 */
  CHECK(76); li a0, 0x1234; mv t0, s0; li s11, 0
             .half 0x0502       /* c.slli a0, 0 */
             .half 0x8001       /* c.srli s0, 0 */
             .half 0x4015       /* c.li x0, 5 */
             .half 0x802a       /* c.mv x0, a0 */
             .half 0x902a       /* c.add x0, a0 */
             .half 0x0001 | (5 << 2)   /* c.nop with a nonzero immediate */
             EXPECT(a0, 0x1234); bne s0, t0, test_fail; EXPECT(zero, 0)

  /* ---- c.ebreak: cause 3, mepc = its address ---- */
  CHECK(77); la s11, 1f; li s2, 0
2:           c.ebreak
             j test_fail
1:           EXPECT(s2, 3); la t0, 2b; bne s3, t0, test_fail

  /* ---- straddling 32-bit instructions at page offset 0xFFE ---- */
  CHECK(78); la t0, straddle1; li t1, 0xfff; and t0, t0, t1; EXPECT(t0, 0xffe)
  CHECK(79); li a0, 0; jal ra, straddle_start            /* falls through into it */
             EXPECT(a0, 0x128)
  CHECK(80); li a0, 1; la t0, straddle1; jalr ra, t0      /* jumps straight to it */
             EXPECT(a0, 0x124)
  CHECK(81); la t0, straddle2; li t1, 0xfff; and t0, t0, t1; EXPECT(t0, 0xffe)
  CHECK(82); la t0, straddle2; li a0, 0; jalr a1, t0      /* a straddling jal, rd = a1 */
2:           EXPECT(a0, 0x77)
             la t0, straddle2; addi t0, t0, 4; bne t3, t0, test_fail   /* link = start + 4 */
  PASS

sub_c:
  c.addi a0, 10
  c.jr ra

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

/* Code placed so a 4-byte instruction starts 2 bytes before a page end. */
  .balign 4096
  .skip 0xffc
straddle_start:
  c.li a0, 5                      /* page offset 0xffc */
  .option push
  .option norvc
straddle1:
  addi a0, a0, 0x123              /* page offset 0xffe .. 0x1001 */
  .option pop
  c.jr ra
  .balign 4096
  .skip 0xffe
  .option push
  .option norvc
straddle2:
  jal t3, 1f                      /* page offset 0xffe: crosses into the next page */
  .option pop
  j test_fail
1:
  li a0, 0x77
  jr a1

  .section .data
  .balign 16
buf: .fill 1024, 1, 0
buf_mid: .fill 1024, 1, 0
TEST_END
