/* RV64I base integer instructions (unprivileged spec 20191213, chapters 2
   and 5): every computational instruction incl. the W forms, loads with sign
   and zero extension, stores of each width, all branches taken and not taken
   in both directions, jal/jalr link values, lui/auipc. Assembled without RVC
   so that every instruction here is its 32-bit form. */
#include "guest_test.h"

/* Branch checks: a taken branch must skip the `j test_fail`. */
#define BR_TAKEN(op, a, b)  li a0, a; li a1, b; op a0, a1, 91f; j test_fail; 91:
#define BR_NOT(op, a, b)    li a0, a; li a1, b; op a0, a1, 92f; j 93f; 92: j test_fail; 93:

TEST_BEGIN
  .option norvc

  /* ---- lui / auipc ---- */
  CHECK(1);  lui a0, 0x12345;     EXPECT(a0, 0x12345000)
  CHECK(2);  lui a0, 0x80000;     EXPECT(a0, 0xffffffff80000000)   /* sign-extended */
  CHECK(3);  lui a0, 0xfffff;     EXPECT(a0, -4096)
  CHECK(4);  jal a1, 1f
1:           auipc a0, 0          /* a1 = address of this auipc */
             bne a0, a1, test_fail
  CHECK(5);  jal a1, 1f
1:           auipc a0, 0x1
             sub a0, a0, a1;      EXPECT(a0, 0x1000)
  CHECK(6);  jal a1, 1f
1:           auipc a0, 0x80000    /* imm sign-extended: pc - 2 GiB */
             sub a0, a0, a1;      EXPECT(a0, 0xffffffff80000000)

  /* ---- add / addi / sub ---- */
  CHECK(10); li a0, 0x7fffffffffffffff; li a1, 1; add a2, a0, a1; EXPECT(a2, 0x8000000000000000)
  CHECK(11); li a0, -1; li a1, -1; add a2, a0, a1; EXPECT(a2, -2)
  CHECK(12); li a0, -1; addi a2, a0, -2048; EXPECT(a2, -2049)
  CHECK(13); li a0, 1; addi a2, a0, 2047; EXPECT(a2, 2048)
  CHECK(14); li a0, 0; li a1, 1; sub a2, a0, a1; EXPECT(a2, -1)
  CHECK(15); li a0, 0x8000000000000000; li a1, 1; sub a2, a0, a1; EXPECT(a2, 0x7fffffffffffffff)
  CHECK(16); li a0, 0x123456789; sub a2, a0, a0; EXPECT(a2, 0)
  CHECK(17); addi x0, x0, 5; add a2, x0, x0; EXPECT(a2, 0)        /* x0 stays 0 */
  CHECK(18); li a0, 7; add x0, a0, a0; mv a2, x0; EXPECT(a2, 0)

  /* ---- slt / sltu / slti / sltiu ---- */
  CHECK(20); li a0, -1; li a1, 1; slt a2, a0, a1; EXPECT(a2, 1)
  CHECK(21); slt a2, a1, a0; EXPECT(a2, 0)
  CHECK(22); sltu a2, a0, a1; EXPECT(a2, 0)
  CHECK(23); sltu a2, a1, a0; EXPECT(a2, 1)
  CHECK(24); slt a2, a0, a0; EXPECT(a2, 0)
  CHECK(25); li a0, -5; slti a2, a0, -4; EXPECT(a2, 1)
  CHECK(26); slti a2, a0, -5; EXPECT(a2, 0)
  CHECK(27); li a0, 5; sltiu a2, a0, -1; EXPECT(a2, 1)          /* imm = 2^64-1 unsigned */
  CHECK(28); li a0, 0; sltiu a2, a0, 1; EXPECT(a2, 1)            /* seqz */
  CHECK(29); li a0, 0x8000000000000000; sltiu a2, a0, 1; EXPECT(a2, 0)
  CHECK(30); li a0, 0x8000000000000000; li a1, 0x7fffffffffffffff; slt a2, a0, a1; EXPECT(a2, 1)
  CHECK(31); sltu a2, a0, a1; EXPECT(a2, 0)

  /* ---- logic ---- */
  CHECK(35); li a0, 0xff00ff00ff00ff00; li a1, 0x0ff00ff00ff00ff0
             xor a2, a0, a1; EXPECT(a2, 0xf0f0f0f0f0f0f0f0)
  CHECK(36); or a2, a0, a1;  EXPECT(a2, 0xfff0fff0fff0fff0)
  CHECK(37); and a2, a0, a1; EXPECT(a2, 0x0f000f000f000f00)
  CHECK(38); xori a2, a0, -1; EXPECT(a2, 0x00ff00ff00ff00ff)     /* not */
  CHECK(39); xori a2, a0, 0x7ff; EXPECT(a2, 0xff00ff00ff00f8ff)
  CHECK(40); ori a2, a0, -2048; EXPECT(a2, 0xfffffffffffffff00 & 0xffffffffffffffff | 0xff00ff00ff00ff00)
  CHECK(41); andi a2, a0, -16; EXPECT(a2, 0xff00ff00ff00ff00)
  CHECK(42); andi a2, a0, 0x7ff; EXPECT(a2, 0x700)
  CHECK(43); li a0, 0x1234; ori a2, a0, 0x0f; EXPECT(a2, 0x123f)

  /* ---- 64-bit shifts ---- */
  CHECK(50); li a0, 1; slli a2, a0, 63; EXPECT(a2, 0x8000000000000000)
  CHECK(51); li a0, 0x8000000000000000; srli a2, a0, 63; EXPECT(a2, 1)
  CHECK(52); srai a2, a0, 63; EXPECT(a2, -1)
  CHECK(53); srai a2, a0, 0; EXPECT(a2, 0x8000000000000000)
  CHECK(54); li a0, 0xf0; slli a2, a0, 32; EXPECT(a2, 0xf000000000)
  CHECK(55); li a0, 1; li a1, 63; sll a2, a0, a1; EXPECT(a2, 0x8000000000000000)
  CHECK(56); li a1, 65; sll a2, a0, a1; EXPECT(a2, 2)               /* only rs2[5:0] */
  CHECK(57); li a0, 0x8000000000000000; li a1, 63; srl a2, a0, a1; EXPECT(a2, 1)
  CHECK(58); sra a2, a0, a1; EXPECT(a2, -1)
  CHECK(59); li a1, 0xffffffffffffffc4; srl a2, a0, a1; EXPECT(a2, 0x800)  /* shift 4+... = 60? */
  CHECK(60); li a0, 0x7000000000000000; li a1, 60; sra a2, a0, a1; EXPECT(a2, 7)
  CHECK(61); li a0, -256; srli a2, a0, 4; EXPECT(a2, 0x0ffffffffffffff0)
  CHECK(62); srai a2, a0, 4; EXPECT(a2, -16)

  /* ---- W forms: operate on the low 32 bits, sign-extend the result ---- */
  CHECK(70); li a0, 0x7fffffff; addiw a2, a0, 1; EXPECT(a2, 0xffffffff80000000)
  CHECK(71); li a0, 0x180000000; addiw a2, a0, 0; EXPECT(a2, 0xffffffff80000000)   /* sext.w */
  CHECK(72); li a0, 0xffffffff7fffffff; addiw a2, a0, 0; EXPECT(a2, 0x7fffffff)
  CHECK(73); li a0, 0x7fffffff; li a1, 1; addw a2, a0, a1; EXPECT(a2, 0xffffffff80000000)
  CHECK(74); li a0, 0x100000001; li a1, 0x200000000; addw a2, a0, a1; EXPECT(a2, 1)
  CHECK(75); li a0, 0; li a1, 0x80000000; subw a2, a0, a1; EXPECT(a2, 0xffffffff80000000)
  CHECK(76); li a0, 0x500000003; li a1, 5; subw a2, a0, a1; EXPECT(a2, -2)
  CHECK(77); li a0, 1; slliw a2, a0, 31; EXPECT(a2, 0xffffffff80000000)
  CHECK(78); li a0, 0x1ffffffff; slliw a2, a0, 1; EXPECT(a2, -2)
  CHECK(79); li a0, 0x80000000; srliw a2, a0, 31; EXPECT(a2, 1)
  CHECK(80); li a0, 0xffffffff80000000; srliw a2, a0, 0; EXPECT(a2, 0xffffffff80000000)
  CHECK(81); li a0, -1; srliw a2, a0, 1; EXPECT(a2, 0x7fffffff)
  CHECK(82); li a0, 0x80000000; sraiw a2, a0, 31; EXPECT(a2, -1)
  CHECK(83); li a0, 0x123456787fffffff; sraiw a2, a0, 31; EXPECT(a2, 0)
  CHECK(84); li a0, 0x80000000; sraiw a2, a0, 4; EXPECT(a2, 0xfffffffff8000000)
  CHECK(85); li a0, 1; li a1, 31; sllw a2, a0, a1; EXPECT(a2, 0xffffffff80000000)
  CHECK(86); li a1, 33; sllw a2, a0, a1; EXPECT(a2, 2)              /* only rs2[4:0] */
  CHECK(87); li a0, 0x80000000; li a1, 31; srlw a2, a0, a1; EXPECT(a2, 1)
  CHECK(88); li a1, 32; srlw a2, a0, a1; EXPECT(a2, 0xffffffff80000000)
  CHECK(89); li a0, 0xffffffff00000010; li a1, 4; srlw a2, a0, a1; EXPECT(a2, 1)
  CHECK(90); li a0, 0x80000000; li a1, 31; sraw a2, a0, a1; EXPECT(a2, -1)
  CHECK(91); li a0, 0x0000000f80000000; li a1, 63; sraw a2, a0, a1; EXPECT(a2, -1)  /* shamt 31 */
  CHECK(92); li a0, 0xffffffff70000000; li a1, 28; sraw a2, a0, a1; EXPECT(a2, 7)

  /* ---- loads: sign vs zero extension ---- */
  la s0, ldata
  CHECK(100); lb a0, 0(s0);  EXPECT(a0, 0xffffffffffffff88)
  CHECK(101); lbu a0, 0(s0); EXPECT(a0, 0x88)
  CHECK(102); lh a0, 0(s0);  EXPECT(a0, 0xffffffffffff8788)
  CHECK(103); lhu a0, 0(s0); EXPECT(a0, 0x8788)
  CHECK(104); lw a0, 0(s0);  EXPECT(a0, 0xffffffff85868788)
  CHECK(105); lwu a0, 0(s0); EXPECT(a0, 0x85868788)
  CHECK(106); ld a0, 0(s0);  EXPECT(a0, 0x8182838485868788)
  CHECK(107); lw a0, 4(s0);  EXPECT(a0, 0xffffffff81828384)
  CHECK(108); lb a0, 7(s0);  EXPECT(a0, 0xffffffffffffff81)
  CHECK(109); lb a0, 8(s0);  EXPECT(a0, 0x7f)                /* positive: no extension */
  CHECK(110); lh a0, 8(s0);  EXPECT(a0, 0x7f7f)
  CHECK(111); lw a0, 8(s0);  EXPECT(a0, 0x05067f7f)
  CHECK(112); lwu a0, 12(s0); EXPECT(a0, 0x01020304)
  addi s1, s0, 16
  CHECK(113); lb a0, -1(s1); EXPECT(a0, 1)                   /* negative offset */
  CHECK(114); lh a0, -8(s1); EXPECT(a0, 0x7f7f)
  CHECK(115); ld a0, -16(s1); EXPECT(a0, 0x8182838485868788)
  CHECK(116); lhu a0, 6(s0); EXPECT(a0, 0x8182)
  CHECK(117); mv a0, s0; ld a0, 8(a0); EXPECT(a0, 0x0102030405067f7f)   /* rd == rs1 */

  /* ---- stores of each width: only the addressed bytes change ---- */
  la s0, sdata
  li a0, -1
  sd a0, 0(s0); sd a0, 8(s0)
  CHECK(120); li a1, 0x123; sb a1, 1(s0); ld a0, 0(s0); EXPECT(a0, 0xffffffffffff23ff)
  CHECK(121); li a1, 0x1abcd; sh a1, 2(s0); ld a0, 0(s0); EXPECT(a0, 0xffffffffabcd23ff)
  CHECK(122); li a1, 0x1289abcdef; sw a1, 4(s0); ld a0, 0(s0); EXPECT(a0, 0x89abcdefabcd23ff)
  CHECK(123); ld a0, 8(s0); EXPECT(a0, -1)                   /* neighbour untouched */
  CHECK(124); li a1, 0x0123456789abcdef; sd a1, 8(s0); ld a0, 8(s0); EXPECT(a0, 0x0123456789abcdef)
  CHECK(125); ld a0, 0(s0); EXPECT(a0, 0x89abcdefabcd23ff)
  CHECK(126); addi s1, s0, 16; li a1, 0x55; sb a1, -16(s1); lbu a0, 0(s0); EXPECT(a0, 0x55)
  CHECK(127); sh x0, -2(s1); lhu a0, 14(s0); EXPECT(a0, 0)
  CHECK(128); ld a0, 8(s0); EXPECT(a0, 0x000023456789abcdef & 0x0000ffffffffffff)

  /* ---- branches: taken / not taken, forward and backward ---- */
  CHECK(130); BR_TAKEN(beq, 5, 5)
  CHECK(131); BR_NOT(beq, 5, 6)
  CHECK(132); BR_TAKEN(bne, 5, 6)
  CHECK(133); BR_NOT(bne, -1, -1)
  CHECK(134); BR_TAKEN(blt, -1, 0)
  CHECK(135); BR_NOT(blt, 0, -1)
  CHECK(136); BR_NOT(blt, 3, 3)
  CHECK(137); BR_TAKEN(bge, 0, -1)
  CHECK(138); BR_TAKEN(bge, 3, 3)
  CHECK(139); BR_NOT(bge, -1, 0)
  CHECK(140); BR_TAKEN(bltu, 0, -1)
  CHECK(141); BR_NOT(bltu, -1, 0)
  CHECK(142); BR_NOT(bltu, 7, 7)
  CHECK(143); BR_TAKEN(bgeu, -1, 0)
  CHECK(144); BR_TAKEN(bgeu, 7, 7)
  CHECK(145); BR_NOT(bgeu, 0, -1)
  CHECK(146); BR_TAKEN(blt, 0x8000000000000000, 0x7fffffffffffffff)
  CHECK(147); BR_NOT(bltu, 0x8000000000000000, 0x7fffffffffffffff)
  /* backward branches: a loop counting down */
  CHECK(148); li a0, 5; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, -1; bnez a0, 1b
            EXPECT(a2, 5)
  CHECK(149); li a0, -3; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, 1; blt a0, zero, 1b
            EXPECT(a2, 3)
  CHECK(150); li a0, 0; li a1, 4; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, 1; bltu a0, a1, 1b
            EXPECT(a2, 4)
  CHECK(151); li a0, 10; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, -3; bge a0, zero, 1b
            EXPECT(a2, 4)
  CHECK(152); li a0, 3; li a1, 3; li a2, 0
1:          addi a2, a2, 1; addi a1, a1, 1; beq a0, a1, 1b    /* not taken the second time round */
            EXPECT(a2, 1)
  CHECK(153); li a0, 2; li a1, 0; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, -1; bgeu a0, a1, 2f; j 3f
2:          bnez a0, 1b
3:          EXPECT(a2, 2)

  /* ---- jal / jalr ---- */
  CHECK(160); jal a0, 1f
2:          j test_fail
1:          la a1, 2b; bne a0, a1, test_fail        /* link = pc + 4 */
  CHECK(161); la t0, 1f; jalr a0, 0(t0)
2:          j test_fail
1:          la a1, 2b; bne a0, a1, test_fail
  CHECK(162); la t0, 1f; addi t0, t0, -7; jalr a0, 8(t0)    /* target bit 0 cleared */
2:          j test_fail
            j test_fail
1:          la a1, 2b; bne a0, a1, test_fail
  CHECK(163); la a0, 1f; jalr a0, 0(a0)                     /* rd == rs1: old rs1 used */
2:          j test_fail
1:          la a1, 2b; bne a0, a1, test_fail
  CHECK(164); la t0, 1f; jalr x0, 0(t0); j test_fail
1:          jal x0, 1f; j test_fail
1:          li a0, 0; jal ra, sub_add7; EXPECT(a0, 7)     /* call / ret */
  CHECK(165); la t0, sub_add7; li a0, 1; jalr t0; EXPECT(a0, 8)
  CHECK(166); la t0, 1f; addi t0, t0, 16; jalr a0, -16(t0)   /* negative offset */
2:          j test_fail
1:          la a1, 2b; bne a0, a1, test_fail
  CHECK(167); jal a0, 1f; j test_fail
            .rept 300
            nop
            .endr
1:          /* far forward jal */
  CHECK(168); fence; fence rw, rw; fence.tso; li a0, 3; EXPECT(a0, 3)

  PASS

sub_add7:
  addi a0, a0, 7
  ret

  .section .data
  .balign 16
ldata:
  .dword 0x8182838485868788
  .dword 0x0102030405067f7f
  .balign 16
sdata:
  .dword 0, 0
TEST_END
