/* Run with --set core.pte_ad_update=fault (Svade, privileged spec 20211203
   4.3.1): hardware never sets A or D. A leaf with A = 0 faults on any
   access (load 13, store 15, fetch 12), a store to a leaf with D = 0
   faults, and the PTEs stay as software wrote them. */
#include "guest_test.h"

#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_MPP  (3 << 11)
#define V 0x01
#define R 0x02
#define W 0x04
#define X 0x08
#define A 0x40
#define D 0x80

#define ENTER(mode, target)                                   \
  li t0, MSTATUS_MPP; csrc mstatus, t0;                       \
  li t0, (mode) << 11; csrs mstatus, t0;                      \
  la t0, target; csrw mepc, t0; mret
#define IN_S(code...) \
  la s11, 71f; li s2, -1; li s4, -1; ENTER(1, 72f); 72: code; ecall; 71:
#define PTE(index, label, flags) \
  la t0, label; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, flags; la t1, l0; sd t0, (index) * 8(t1)
#define PTE_FLAGS(reg, index) la reg, l0; ld reg, (index) * 8(reg); andi reg, reg, 0xff

TEST_BEGIN
  la t0, mtrap
  csrw mtvec, t0
  li t0, (((0x80000000 >> 12) << 10) | 0xcf); la t1, root; sd t0, 16(t1)   /* identity, A+D */
  la t0, l1; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, V; sd t0, 8(t1)
  la t0, l0; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, V; la t1, l1; sd t0, 0(t1)
  PTE(0, data, V | R | W)                /* 0x40000000: A = D = 0 */
  PTE(1, data, V | R | W | A)            /* 0x40001000: D = 0 */
  PTE(2, data, V | R | W | A | D)        /* 0x40002000 */
  PTE(3, code, V | R | X)                /* 0x40003000: A = 0 */
  PTE(4, code, V | R | X | A)            /* 0x40004000 */
  la t0, data; li t1, 0xdada; sd t1, 0(t0)
  la t0, root; srli t0, t0, 12; li t1, 8 << 60; or t0, t0, t1; csrw satp, t0; sfence.vma

  CHECK(1); IN_S(li a1, 0x40000000; ld a0, 0(a1)); EXPECT(s2, 13); li t0, 0x40000000; bne s4, t0, test_fail
  CHECK(2); IN_S(li a1, 0x40000008; sd a0, 0(a1)); EXPECT(s2, 15)
  CHECK(3); PTE_FLAGS(a0, 0); EXPECT(a0, V | R | W)                   /* untouched */
  CHECK(4); IN_S(li a1, 0x40001000; ld a0, 0(a1)); EXPECT(s2, 9); EXPECT(a0, 0xdada)
  CHECK(5); IN_S(li a1, 0x40001010; sd a0, 0(a1)); EXPECT(s2, 15); li t0, 0x40001010; bne s4, t0, test_fail
  CHECK(6); PTE_FLAGS(a0, 1); EXPECT(a0, V | R | W | A)
  CHECK(7); li a2, 0x77; IN_S(li a1, 0x40002010; sd a2, 0(a1); ld a0, 0(a1)); EXPECT(s2, 9); EXPECT(a0, 0x77)
  CHECK(8); IN_S(li t3, 0x40003000; jalr t3); EXPECT(s2, 12)
  CHECK(9); li a0, 0; IN_S(li t3, 0x40004000; jalr t3); EXPECT(s2, 9); EXPECT(a0, 0x42)
  CHECK(10); PTE_FLAGS(a0, 3); EXPECT(a0, V | R | X)
  CHECK(11); /* software sets A, fences, and the access works */
            PTE(0, data, V | R | W | A); IN_S(sfence.vma; li a1, 0x40000000; ld a0, 0(a1))
            EXPECT(s2, 9); EXPECT(a0, 0xdada)
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

  .balign 4096
code:
  li a0, 0x42
  ret
  .balign 4096

  .section .data
  .balign 4096
data: .fill 4096, 1, 0
root: .fill 4096, 1, 0
l1:   .fill 4096, 1, 0
l0:   .fill 4096, 1, 0
TEST_END
