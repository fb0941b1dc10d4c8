/* Run with --set core.misaligned=emulate: misaligned loads and stores are
   carried out in hardware (unprivileged spec 20191213, 2.6 allows it), with
   the same results as aligned ones, also across a 4 KiB page boundary and
   under Sv39; an access running off the end of DRAM or into an unmapped
   page still faults. LR/SC and AMOs are never emulated (spec 8.2/8.4:
   address-misaligned or access fault). */
#include "guest_test.h"

#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_MPP  (3 << 11)
#define DRAM_END 0x90000000

#define ENTER(mode, target)                                   \
  li t0, MSTATUS_MPP; csrc mstatus, t0;                       \
  li t0, (mode) << 11; csrs mstatus, t0;                      \
  la t0, target; csrw mepc, t0; mret
#define IN_S(code...) \
  la s11, 71f; li s2, -1; li s4, -1; ENTER(1, 72f); 72: code; ecall; 71:
#define FAULTS(code...) la s11, 71f; li s2, -1; li s4, -1; code; li s11, 0; 71:

TEST_BEGIN
  la t0, mtrap
  csrw mtvec, t0
  la s0, buf
  li t0, 0x0706050403020100; sd t0, 0(s0)
  li t0, 0x8f8e8d8c8b8a8988; sd t0, 8(s0)

  /* ---- loads at every misalignment ---- */
  CHECK(1); ld a0, 1(s0); EXPECT(a0, 0x8807060504030201)
  CHECK(2); ld a0, 7(s0); EXPECT(a0, 0x8e8d8c8b8a898807)
  CHECK(3); lw a0, 6(s0); EXPECT(a0, 0xffffffff89880706)     /* sign-extended */
  CHECK(4); lwu a0, 6(s0); EXPECT(a0, 0x89880706)
  CHECK(5); lw a0, 3(s0); EXPECT(a0, 0x06050403)
  CHECK(6); lh a0, 7(s0); EXPECT(a0, 0xffffffffffff8807)
  CHECK(7); lhu a0, 7(s0); EXPECT(a0, 0x8807)
  CHECK(8); lh a0, 1(s0); EXPECT(a0, 0x0201)
  /* ---- stores ---- */
  CHECK(9); li a1, 0x1122334455667788; sd a1, 3(s0)
            ld a0, 0(s0); EXPECT(a0, 0x4455667788020100)
            ld a0, 8(s0); EXPECT(a0, 0x8f8e8d8c8b112233)
  CHECK(10); li a1, 0xaabbccdd; sw a1, 13(s0); ld a0, 8(s0); EXPECT(a0, 0xbbccdd8c8b112233)
             lbu a0, 16(s0); EXPECT(a0, 0xaa)
  CHECK(11); li a1, 0xeeff; sh a1, 5(s0); ld a0, 0(s0); EXPECT(a0, 0x44eeff7788020100)

  /* ---- across a page boundary (physical) ---- */
  CHECK(12); la s1, page2; li t0, 0x1716151413121110; sd t0, 0(s1)
            li t0, 0x0f0e0d0c0b0a0908; sd t0, -8(s1)
            ld a0, -3(s1); EXPECT(a0, 0x14131211100f0e0d)
  CHECK(13); li a1, 0x0123456789abcdef; sd a1, -5(s1)
            ld a0, -8(s1); EXPECT(a0, 0x6789abcdef0a0908)
            ld a0, 0(s1); EXPECT(a0, 0x1716151413012345)

  /* ---- faults still happen ---- */
  CHECK(14); FAULTS(li t0, DRAM_END - 4; ld a0, 0(t0))
            EXPECT(s2, 5)
            li t0, DRAM_END - 4; bltu s4, t0, test_fail; li t0, DRAM_END + 4; bgeu s4, t0, test_fail
  CHECK(15); addi a0, s0, 2; FAULTS(amoadd.w a1, zero, (a0))         /* AMOs: never emulated */
            li t0, 6; li t1, 7; beq s2, t0, 1f; bne s2, t1, test_fail
1:          bne s4, a0, test_fail
  CHECK(16); addi a0, s0, 4; FAULTS(lr.d a1, (a0))
            li t0, 4; li t1, 5; beq s2, t0, 1f; bne s2, t1, test_fail
1:
  CHECK(17); addi a0, s0, 4; FAULTS(sc.d a1, zero, (a0))
            li t0, 6; li t1, 7; beq s2, t0, 1f; bne s2, t1, test_fail
1:

  /* ---- under Sv39: the second page unmapped ---- */
  li t0, (((0x80000000 >> 12) << 10) | 0xcf); la t1, root; sd t0, 16(t1)   /* identity */
  la t0, l1; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, 1; sd t0, 8(t1)
  la t0, l0; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, 1; la t1, l1; sd t0, 0(t1)
  la t0, page1; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, 0xc7; la t1, l0; sd t0, 0(t1)
  la t0, page2; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, 0xc7; sd t0, 8(t1)    /* VA +0x1000 */
  /* VA 0x40002000: not mapped */
  la t0, root; srli t0, t0, 12; li t1, 8 << 60; or t0, t0, t1; csrw satp, t0; sfence.vma
  CHECK(18); IN_S(li a1, 0x40000ffd; ld a0, 0(a1))                   /* spans two mapped pages */
            EXPECT(s2, 9); EXPECT(a0, 0x14130123456789ab)
  CHECK(19); IN_S(li a1, 0x40001ffc; ld a0, 0(a1))                   /* into the unmapped page */
            EXPECT(s2, 13); li t0, 0x40001ffc; bltu s4, t0, test_fail; li t0, 0x40002004; bgeu s4, t0, test_fail
  CHECK(20); IN_S(li a1, 0x40001ffa; li a2, -1; sd a2, 0(a1))
            EXPECT(s2, 15); li t0, 0x40001ffa; bltu s4, t0, test_fail; li t0, 0x40002002; bgeu s4, t0, test_fail
            csrw satp, zero; sfence.vma
  PASS

  .balign 4
mtrap:
  beqz s11, unexpected_trap
  csrr s2, mcause
  csrr s4, mtval
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  li t0, MSTATUS_MPIE
  csrc mstatus, t0
  csrw mepc, s11
  li s11, 0
  mret

  .section .data
  .balign 16
buf: .fill 32, 1, 0
  .balign 4096
page1: .fill 4096, 1, 0
page2: .fill 4096, 1, 0
root:  .fill 4096, 1, 0
l1:    .fill 4096, 1, 0
l0:    .fill 4096, 1, 0
TEST_END
