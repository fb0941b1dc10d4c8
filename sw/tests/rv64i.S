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
  CHECK(7); li a0, 0x7fffffffffffffff; li a1, 1; add a2, a0, a1; EXPECT(a2, 0x8000000000000000)
  CHECK(8); li a0, -1; li a1, -1; add a2, a0, a1; EXPECT(a2, -2)
  CHECK(9); li a0, -1; addi a2, a0, -2048; EXPECT(a2, -2049)
  CHECK(10); li a0, 1; addi a2, a0, 2047; EXPECT(a2, 2048)
  CHECK(11); li a0, 0; li a1, 1; sub a2, a0, a1; EXPECT(a2, -1)
  CHECK(12); li a0, 0x8000000000000000; li a1, 1; sub a2, a0, a1; EXPECT(a2, 0x7fffffffffffffff)
  CHECK(13); li a0, 0x123456789; sub a2, a0, a0; EXPECT(a2, 0)
  CHECK(14); addi x0, x0, 5; add a2, x0, x0; EXPECT(a2, 0)        /* x0 stays 0 */
  CHECK(15); li a0, 7; add x0, a0, a0; mv a2, x0; EXPECT(a2, 0)

  /* ---- slt / sltu / slti / sltiu ---- */
  CHECK(16); li a0, -1; li a1, 1; slt a2, a0, a1; EXPECT(a2, 1)
  CHECK(17); slt a2, a1, a0; EXPECT(a2, 0)
  CHECK(18); sltu a2, a0, a1; EXPECT(a2, 0)
  CHECK(19); sltu a2, a1, a0; EXPECT(a2, 1)
  CHECK(20); slt a2, a0, a0; EXPECT(a2, 0)
  CHECK(21); li a0, -5; slti a2, a0, -4; EXPECT(a2, 1)
  CHECK(22); slti a2, a0, -5; EXPECT(a2, 0)
  CHECK(23); li a0, 5; sltiu a2, a0, -1; EXPECT(a2, 1)          /* imm = 2^64-1 unsigned */
  CHECK(24); li a0, 0; sltiu a2, a0, 1; EXPECT(a2, 1)            /* seqz */
  CHECK(25); li a0, 0x8000000000000000; sltiu a2, a0, 1; EXPECT(a2, 0)
  CHECK(26); li a0, 0x8000000000000000; li a1, 0x7fffffffffffffff; slt a2, a0, a1; EXPECT(a2, 1)
  CHECK(27); sltu a2, a0, a1; EXPECT(a2, 0)

  /* ---- logic ---- */
  CHECK(28); li a0, 0xff00ff00ff00ff00; li a1, 0x0ff00ff00ff00ff0
             xor a2, a0, a1; EXPECT(a2, 0xf0f0f0f0f0f0f0f0)
  CHECK(29); or a2, a0, a1;  EXPECT(a2, 0xfff0fff0fff0fff0)
  CHECK(30); and a2, a0, a1; EXPECT(a2, 0x0f000f000f000f00)
  CHECK(31); xori a2, a0, -1; EXPECT(a2, 0x00ff00ff00ff00ff)     /* not */
  CHECK(32); xori a2, a0, 0x7ff; EXPECT(a2, 0xff00ff00ff00f8ff)
  CHECK(33); ori a2, a0, -2048; EXPECT(a2, 0xffffffffffffff00)
  CHECK(34); andi a2, a0, -16; EXPECT(a2, 0xff00ff00ff00ff00)
  CHECK(35); andi a2, a0, 0x7ff; EXPECT(a2, 0x700)
  CHECK(36); li a0, 0x1234; ori a2, a0, 0x0f; EXPECT(a2, 0x123f)

  /* ---- 64-bit shifts ---- */
  CHECK(37); li a0, 1; slli a2, a0, 63; EXPECT(a2, 0x8000000000000000)
  CHECK(38); li a0, 0x8000000000000000; srli a2, a0, 63; EXPECT(a2, 1)
  CHECK(39); srai a2, a0, 63; EXPECT(a2, -1)
  CHECK(40); srai a2, a0, 0; EXPECT(a2, 0x8000000000000000)
  CHECK(41); li a0, 0xf0; slli a2, a0, 32; EXPECT(a2, 0xf000000000)
  CHECK(42); li a0, 1; li a1, 63; sll a2, a0, a1; EXPECT(a2, 0x8000000000000000)
  CHECK(43); li a1, 65; sll a2, a0, a1; EXPECT(a2, 2)               /* only rs2[5:0] */
  CHECK(44); li a0, 0x8000000000000000; li a1, 63; srl a2, a0, a1; EXPECT(a2, 1)
  CHECK(45); sra a2, a0, a1; EXPECT(a2, -1)
  CHECK(46); li a1, 0xffffffffffffffc4; srl a2, a0, a1; EXPECT(a2, 0x0800000000000000)  /* rs2[5:0] = 4 */
  CHECK(47); li a0, 0x7000000000000000; li a1, 60; sra a2, a0, a1; EXPECT(a2, 7)
  CHECK(48); li a0, -256; srli a2, a0, 4; EXPECT(a2, 0x0ffffffffffffff0)
  CHECK(49); srai a2, a0, 4; EXPECT(a2, -16)

  /* ---- W forms: operate on the low 32 bits, sign-extend the result ---- */
  CHECK(50); li a0, 0x7fffffff; addiw a2, a0, 1; EXPECT(a2, 0xffffffff80000000)
  CHECK(51); li a0, 0x180000000; addiw a2, a0, 0; EXPECT(a2, 0xffffffff80000000)   /* sext.w */
  CHECK(52); li a0, 0xffffffff7fffffff; addiw a2, a0, 0; EXPECT(a2, 0x7fffffff)
  CHECK(53); li a0, 0x7fffffff; li a1, 1; addw a2, a0, a1; EXPECT(a2, 0xffffffff80000000)
  CHECK(54); li a0, 0x100000001; li a1, 0x200000000; addw a2, a0, a1; EXPECT(a2, 1)
  CHECK(55); li a0, 0; li a1, 0x80000000; subw a2, a0, a1; EXPECT(a2, 0xffffffff80000000)
  CHECK(56); li a0, 0x500000003; li a1, 5; subw a2, a0, a1; EXPECT(a2, -2)
  CHECK(57); li a0, 1; slliw a2, a0, 31; EXPECT(a2, 0xffffffff80000000)
  CHECK(58); li a0, 0x1ffffffff; slliw a2, a0, 1; EXPECT(a2, -2)
  CHECK(59); li a0, 0x80000000; srliw a2, a0, 31; EXPECT(a2, 1)
  CHECK(60); li a0, 0xffffffff80000000; srliw a2, a0, 0; EXPECT(a2, 0xffffffff80000000)
  CHECK(61); li a0, -1; srliw a2, a0, 1; EXPECT(a2, 0x7fffffff)
  CHECK(62); li a0, 0x80000000; sraiw a2, a0, 31; EXPECT(a2, -1)
  CHECK(63); li a0, 0x123456787fffffff; sraiw a2, a0, 31; EXPECT(a2, 0)
  CHECK(64); li a0, 0x80000000; sraiw a2, a0, 4; EXPECT(a2, 0xfffffffff8000000)
  CHECK(65); li a0, 1; li a1, 31; sllw a2, a0, a1; EXPECT(a2, 0xffffffff80000000)
  CHECK(66); li a1, 33; sllw a2, a0, a1; EXPECT(a2, 2)              /* only rs2[4:0] */
  CHECK(67); li a0, 0x80000000; li a1, 31; srlw a2, a0, a1; EXPECT(a2, 1)
  CHECK(68); li a1, 32; srlw a2, a0, a1; EXPECT(a2, 0xffffffff80000000)
  CHECK(69); li a0, 0xffffffff00000010; li a1, 4; srlw a2, a0, a1; EXPECT(a2, 1)
  CHECK(70); li a0, 0x80000000; li a1, 31; sraw a2, a0, a1; EXPECT(a2, -1)
  CHECK(71); li a0, 0x0000000f80000000; li a1, 63; sraw a2, a0, a1; EXPECT(a2, -1)  /* shamt 31 */
  CHECK(72); li a0, 0xffffffff70000000; li a1, 28; sraw a2, a0, a1; EXPECT(a2, 7)

  /* ---- loads: sign vs zero extension ---- */
  la s0, ldata
  CHECK(73); lb a0, 0(s0);  EXPECT(a0, 0xffffffffffffff88)
  CHECK(74); lbu a0, 0(s0); EXPECT(a0, 0x88)
  CHECK(75); lh a0, 0(s0);  EXPECT(a0, 0xffffffffffff8788)
  CHECK(76); lhu a0, 0(s0); EXPECT(a0, 0x8788)
  CHECK(77); lw a0, 0(s0);  EXPECT(a0, 0xffffffff85868788)
  CHECK(78); lwu a0, 0(s0); EXPECT(a0, 0x85868788)
  CHECK(79); ld a0, 0(s0);  EXPECT(a0, 0x8182838485868788)
  CHECK(80); lw a0, 4(s0);  EXPECT(a0, 0xffffffff81828384)
  CHECK(81); lb a0, 7(s0);  EXPECT(a0, 0xffffffffffffff81)
  CHECK(82); lb a0, 8(s0);  EXPECT(a0, 0x7f)                /* positive: no extension */
  CHECK(83); lh a0, 8(s0);  EXPECT(a0, 0x7f7f)
  CHECK(84); lw a0, 8(s0);  EXPECT(a0, 0x05067f7f)
  CHECK(85); lwu a0, 12(s0); EXPECT(a0, 0x01020304)
  addi s1, s0, 16
  CHECK(86); lb a0, -1(s1); EXPECT(a0, 1)                   /* negative offset */
  CHECK(87); lh a0, -8(s1); EXPECT(a0, 0x7f7f)
  CHECK(88); ld a0, -16(s1); EXPECT(a0, 0x8182838485868788)
  CHECK(89); lhu a0, 6(s0); EXPECT(a0, 0x8182)
  CHECK(90); mv a0, s0; ld a0, 8(a0); EXPECT(a0, 0x0102030405067f7f)   /* rd == rs1 */

  /* ---- stores of each width: only the addressed bytes change ---- */
  la s0, sdata
  li a0, -1
  sd a0, 0(s0); sd a0, 8(s0)
  CHECK(91); li a1, 0x123; sb a1, 1(s0); ld a0, 0(s0); EXPECT(a0, 0xffffffffffff23ff)
  CHECK(92); li a1, 0x1abcd; sh a1, 2(s0); ld a0, 0(s0); EXPECT(a0, 0xffffffffabcd23ff)
  CHECK(93); li a1, 0x1289abcdef; sw a1, 4(s0); ld a0, 0(s0); EXPECT(a0, 0x89abcdefabcd23ff)
  CHECK(94); ld a0, 8(s0); EXPECT(a0, -1)                   /* neighbour untouched */
  CHECK(95); li a1, 0x0123456789abcdef; sd a1, 8(s0); ld a0, 8(s0); EXPECT(a0, 0x0123456789abcdef)
  CHECK(96); ld a0, 0(s0); EXPECT(a0, 0x89abcdefabcd23ff)
  CHECK(97); addi s1, s0, 16; li a1, 0x55; sb a1, -16(s1); lbu a0, 0(s0); EXPECT(a0, 0x55)
  CHECK(98); sh x0, -2(s1); lhu a0, 14(s0); EXPECT(a0, 0)
  CHECK(99); ld a0, 8(s0); EXPECT(a0, 0x0000456789abcdef)

  /* ---- branches: taken / not taken, forward and backward ---- */
  CHECK(100); BR_TAKEN(beq, 5, 5)
  CHECK(101); BR_NOT(beq, 5, 6)
  CHECK(102); BR_TAKEN(bne, 5, 6)
  CHECK(103); BR_NOT(bne, -1, -1)
  CHECK(104); BR_TAKEN(blt, -1, 0)
  CHECK(105); BR_NOT(blt, 0, -1)
  CHECK(106); BR_NOT(blt, 3, 3)
  CHECK(107); BR_TAKEN(bge, 0, -1)
  CHECK(108); BR_TAKEN(bge, 3, 3)
  CHECK(109); BR_NOT(bge, -1, 0)
  CHECK(110); BR_TAKEN(bltu, 0, -1)
  CHECK(111); BR_NOT(bltu, -1, 0)
  CHECK(112); BR_NOT(bltu, 7, 7)
  CHECK(113); BR_TAKEN(bgeu, -1, 0)
  CHECK(114); BR_TAKEN(bgeu, 7, 7)
  CHECK(115); BR_NOT(bgeu, 0, -1)
  CHECK(116); BR_TAKEN(blt, 0x8000000000000000, 0x7fffffffffffffff)
  CHECK(117); BR_NOT(bltu, 0x8000000000000000, 0x7fffffffffffffff)
  /* backward branches: a loop counting down */
  CHECK(118); li a0, 5; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, -1; bnez a0, 1b
            EXPECT(a2, 5)
  CHECK(119); li a0, -3; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, 1; blt a0, zero, 1b
            EXPECT(a2, 3)
  CHECK(120); li a0, 0; li a1, 4; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, 1; bltu a0, a1, 1b
            EXPECT(a2, 4)
  CHECK(121); li a0, 10; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, -3; bge a0, zero, 1b
            EXPECT(a2, 4)
  CHECK(122); li a0, 3; li a1, 2; li a2, 0
1:          addi a2, a2, 1; addi a1, a1, 1; beq a0, a1, 1b    /* taken once, then not */
            EXPECT(a2, 2)
  CHECK(123); li a0, 2; li a1, 0; li a2, 0
1:          addi a2, a2, 1; addi a0, a0, -1; bgeu a0, a1, 2f; j 3f
2:          bnez a0, 1b
3:          EXPECT(a2, 2)

  /* ---- jal / jalr ---- */
  CHECK(124); jal a0, 1f
2:          j test_fail
1:          la a1, 2b; bne a0, a1, test_fail        /* link = pc + 4 */
  CHECK(125); la t0, 1f; jalr a0, 0(t0)
2:          j test_fail
1:          la a1, 2b; bne a0, a1, test_fail
  CHECK(126); la t0, 1f; addi t0, t0, -7; jalr a0, 8(t0)    /* target bit 0 cleared */
2:          j test_fail
            j test_fail
1:          la a1, 2b; bne a0, a1, test_fail
  CHECK(127); la a0, 1f; jalr a0, 0(a0)                     /* rd == rs1: old rs1 used */
2:          j test_fail
1:          la a1, 2b; bne a0, a1, test_fail
  CHECK(144); la t0, 1f; jalr x0, 0(t0); j test_fail
1:          jal x0, 1f; j test_fail
1:          li a0, 0; jal ra, sub_add7; EXPECT(a0, 7)     /* call / ret */
  CHECK(145); la t0, sub_add7; li a0, 1; jalr t0; EXPECT(a0, 8)
  CHECK(146); la t0, 1f; addi t0, t0, 16; jalr a0, -16(t0)   /* negative offset */
2:          j test_fail
1:          la a1, 2b; bne a0, a1, test_fail
  CHECK(147); jal a0, 1f; j test_fail
            .rept 300
            nop
            .endr
1:          /* far forward jal */
  CHECK(148); fence; fence rw, rw; fence.tso; li a0, 3; EXPECT(a0, 3)

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
