/* Physical memory protection (privileged spec 20211203, 3.7): NAPOT, NA4
   and TOR regions placed before an allow-all entry; S/U accesses without
   permission fault (load 5, store 7, fetch 1, mtval = the address) while
   unlocked entries never bind M-mode; the lowest-numbered matching entry
   wins; an access only partly inside an entry fails whatever the
   permissions and the privilege; page-table walks are checked as S-mode
   accesses (access fault, not page fault); a PMP change seen after
   sfence.vma; reserved R=0/W=1 never reads back; locked entries bind
   M-mode, ignore writes to their cfg and address, and a locked TOR entry
   also protects the pmpaddr below it. */
#include "guest_test.h"

#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_MPP  (3 << 11)
#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_TOR   0x08
#define PMP_NA4   0x10
#define PMP_NAPOT 0x18
#define PMP_L 0x80
#define ALLOW_ALL (PMP_NAPOT | PMP_R | PMP_W | PMP_X)

#define ENTER(mode, target)                                   \
  li t0, MSTATUS_MPP; csrc mstatus, t0;                       \
  li t0, (mode) << 11; csrs mstatus, t0;                      \
  la t0, target; csrw mepc, t0; mret
/* Run code in S (mode 1) or U (mode 0); afterwards s2 = the ecall's cause
   (9 / 8) or the cause of a fault, s4 = mtval. */
#define IN_MODE(mode, code...) \
  la s11, 71f; li s2, -1; li s4, -1; ENTER(mode, 72f); 72: code; ecall; 71:
/* M-mode code expected to fault: s2 = cause, s4 = mtval, or -1. */
#define IN_M(code...) \
  la s11, 71f; li s2, -1; li s4, -1; code; li s11, 0; 71:

/* t0 = NAPOT pmpaddr for the 4 KiB page at label */
#define NAPOT_4K(label) la t0, label; srli t0, t0, 2; ori t0, t0, 0x1ff
#define FAULT(cause, addr_reg) EXPECT(s2, cause); bne s4, addr_reg, test_fail

TEST_BEGIN
  .option norvc
  la t0, mtrap
  csrw mtvec, t0
  la s0, region            /* data page */
  la s1, pcode             /* code page */
  li t0, 0x0123456789abcdef; sd t0, 0(s0); sd t0, 8(s0)
  li t0, 4096; add s3, s0, t0   /* region2, the next page */
  li t0, -1; sd t0, -8(s0); sd t0, 0(s3)
  li t0, 0x7f8; add s5, s0, t0  /* middle of region */

  /* ---- NAPOT 4 KiB, no permissions, before the allow-all entry ---- */
  CHECK(1); NAPOT_4K(region); csrw pmpaddr0, t0; csrr a0, pmpaddr0; bne a0, t0, test_fail
            li t0, -1; csrw pmpaddr1, t0
            li t0, PMP_NAPOT | (ALLOW_ALL << 8); csrw pmpcfg0, t0; sfence.vma
            csrr a0, pmpcfg0; li t1, 0xffff; and a0, a0, t1; EXPECT(a0, PMP_NAPOT | (ALLOW_ALL << 8))
  CHECK(2); IN_MODE(1, ld a0, 0(s0)); FAULT(5, s0)
  CHECK(3); li a2, 0x99; IN_MODE(1, sd a2, 0(s5)); FAULT(7, s5)
            ld a0, 0(s5); EXPECT(a0, 0)                             /* nothing written */
  CHECK(4); addi a1, s3, -4; IN_MODE(1, lw a0, 0(a1)); FAULT(5, a1)   /* last word */
  CHECK(5); IN_MODE(1, ld a0, -8(s0); ld a2, 0(s3))               /* neighbours are fine */
            EXPECT(s2, 9); EXPECT(a0, -1); EXPECT(a2, -1)
  CHECK(6); IN_MODE(0, lbu a0, 0x10(s0)); addi a1, s0, 0x10; FAULT(5, a1)   /* U as well */
  CHECK(7); IN_MODE(1, amoadd.d a0, zero, (s0)); FAULT(7, s0)
  CHECK(8); ld a0, 0(s0); EXPECT(a0, 0x0123456789abcdef)            /* M is not bound */
            li t0, 0x55; sd t0, 16(s0); ld a0, 16(s0); EXPECT(a0, 0x55)

  /* ---- partial permissions: R only, then R+W ---- */
  CHECK(9); li t0, (PMP_NAPOT | PMP_R) | (ALLOW_ALL << 8); csrw pmpcfg0, t0; sfence.vma
            IN_MODE(1, ld a0, 0(s0)); EXPECT(s2, 9); EXPECT(a0, 0x0123456789abcdef)
  CHECK(10); IN_MODE(1, sd zero, 8(s0)); addi a1, s0, 8; FAULT(7, a1)
  CHECK(11); li t0, (PMP_NAPOT | PMP_R | PMP_W) | (ALLOW_ALL << 8); csrw pmpcfg0, t0; sfence.vma
            li a2, 0x77; IN_MODE(1, sd a2, 24(s0)); EXPECT(s2, 9)
            ld a0, 24(s0); EXPECT(a0, 0x77)
  /* ---- execute permission on a code page ---- */
  CHECK(12); NAPOT_4K(pcode); csrw pmpaddr0, t0
            li t0, (PMP_NAPOT | PMP_R | PMP_X) | (ALLOW_ALL << 8); csrw pmpcfg0, t0; sfence.vma
            IN_MODE(1, li a0, 0; jalr s1); EXPECT(s2, 9); EXPECT(a0, 0x66)
  CHECK(13); li t0, (PMP_NAPOT | PMP_R) | (ALLOW_ALL << 8); csrw pmpcfg0, t0; sfence.vma
            IN_MODE(1, jalr s1); FAULT(1, s1)
  CHECK(14); IN_MODE(0, jalr s1); FAULT(1, s1)
  CHECK(15); li a0, 0; jalr s1; EXPECT(a0, 0x66)                    /* M still executes it */
  CHECK(16); li t0, (PMP_NAPOT | PMP_X) | (ALLOW_ALL << 8); csrw pmpcfg0, t0; sfence.vma
            IN_MODE(1, lw a0, 0(s1)); FAULT(5, s1)                  /* execute-only: no loads */

  /* ---- reserved R=0, W=1 never reads back ---- */
  CHECK(17); li t0, (PMP_NAPOT | PMP_W) | (ALLOW_ALL << 8); csrw pmpcfg0, t0
            csrr a0, pmpcfg0; andi a0, a0, PMP_R | PMP_W; li t1, PMP_W; beq a0, t1, test_fail

  /* ---- NA4 and the all-bytes rule ---- */
  CHECK(18); addi t0, s0, 4; srli t0, t0, 2; csrw pmpaddr0, t0
            li t0, (PMP_NA4 | PMP_R | PMP_W) | (ALLOW_ALL << 8); csrw pmpcfg0, t0; sfence.vma
            IN_MODE(1, lw a0, 4(s0); lw a2, 0(s0); lw a3, 8(s0)); EXPECT(s2, 9)
            EXPECT(a0, 0x01234567); EXPECT(a2, 0xffffffff89abcdef)
  CHECK(19); IN_MODE(1, ld a0, 0(s0)); FAULT(5, s0)                 /* straddles the NA4 entry */
  CHECK(20); IN_M(ld a0, 0(s0)); FAULT(5, s0)                       /* ...even for M */
  CHECK(21); IN_M(sd zero, 0(s0)); FAULT(7, s0)
  CHECK(22); IN_M(lw a0, 0(s0); lw a2, 4(s0)); EXPECT(s2, -1); EXPECT(a2, 0x01234567)
  CHECK(23); li t0, (PMP_NA4) | (ALLOW_ALL << 8); csrw pmpcfg0, t0; sfence.vma
            addi a1, s0, 4; IN_MODE(1, lw a0, 4(s0)); FAULT(5, a1)
            IN_MODE(1, lw a0, 8(s0)); EXPECT(s2, 9)

  /* ---- TOR, and the lowest-numbered match wins ---- */
  CHECK(24); srli t0, s0, 2; csrw pmpaddr0, t0
            addi t0, s0, 2047; addi t0, t0, 2047; addi t0, t0, 2; srli t0, t0, 2; csrw pmpaddr1, t0
            li t0, -1; csrw pmpaddr2, t0
            li t0, (PMP_TOR << 8) | (ALLOW_ALL << 16); csrw pmpcfg0, t0; sfence.vma
            IN_MODE(1, ld a0, 0(s5)); FAULT(5, s5)
  CHECK(25); IN_MODE(1, ld a0, -8(s0); ld a2, 0(s3)); EXPECT(s2, 9); EXPECT(a0, -1); EXPECT(a2, -1)
  CHECK(26); NAPOT_4K(region); csrw pmpaddr0, t0                     /* entry 0: RW over it */
            li t0, (PMP_NAPOT | PMP_R | PMP_W) | (PMP_TOR << 8) | (ALLOW_ALL << 16); csrw pmpcfg0, t0
            sfence.vma
            IN_MODE(1, ld a0, 0(s5)); EXPECT(s2, 9)             /* entry 0 matches first */

  /* ---- PMP checks page-table walks and translated addresses ---- */
  CHECK(27); li t0, -1; csrw pmpaddr1, t0
            NAPOT_4K(l1); csrw pmpaddr0, t0
            li t0, PMP_NAPOT | (ALLOW_ALL << 8); csrw pmpcfg0, t0   /* L1 table denied to S */
            li t0, (((0x80000000 >> 12) << 10) | 0xcf); la t1, root; sd t0, 16(t1)
            la t0, l1; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, 1; sd t0, 8(t1)
            la t0, l0; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, 1; la t1, l1; sd t0, 0(t1)
            la t0, region; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, 0xc7; la t1, l0; sd t0, 0(t1)
            la t0, root; srli t0, t0, 12; li t1, 8 << 60; or t0, t0, t1; csrw satp, t0; sfence.vma
            IN_MODE(1, li a1, 0x40000000; ld a0, 0(a1)); EXPECT(s2, 5)   /* access, not page, fault */
            li t0, 0x40000000; bne s4, t0, test_fail
  CHECK(28); IN_MODE(1, li a1, 0x40000008; sd a0, 0(a1)); EXPECT(s2, 7)
  CHECK(29); IN_MODE(1, li a1, 0x40000000; jalr a1); EXPECT(s2, 1)
  CHECK(30); NAPOT_4K(region); csrw pmpaddr0, t0; sfence.vma        /* walk fine, target denied */
            IN_MODE(1, li a1, 0x40000010; ld a0, 0(a1)); EXPECT(s2, 5)
            li t0, 0x40000010; bne s4, t0, test_fail
  CHECK(31); li t0, ALLOW_ALL; csrw pmpcfg0, t0; li t0, -1; csrw pmpaddr0, t0; sfence.vma
            IN_MODE(1, li a1, 0x40000000; ld a0, 0(a1)); EXPECT(s2, 9); EXPECT(a0, 0x0123456789abcdef)
  CHECK(32); NAPOT_4K(region); csrw pmpaddr0, t0; li t0, -1; csrw pmpaddr1, t0
            li t0, PMP_NAPOT | (ALLOW_ALL << 8); csrw pmpcfg0, t0; sfence.vma   /* revoke */
            IN_MODE(1, li a1, 0x40000000; ld a0, 0(a1)); EXPECT(s2, 5)
            csrw satp, zero; sfence.vma

  /* ---- no entry matches: S and U fail, M succeeds ---- */
  CHECK(33); csrw pmpcfg0, zero; sfence.vma                         /* every entry OFF */
            la s11, 1f; li s2, -1; li s4, -1; ENTER(1, 2f)
2:          ld a0, 0(s0)                                            /* never reached: */
            ecall
1:          EXPECT(s2, 1); la t0, 2b; bne s4, t0, test_fail         /* S can't even fetch */
            ld a0, 0(s0); EXPECT(a0, 0x0123456789abcdef)            /* M can */

  /* ---- locked entries: bind M, ignore writes ---- */
  CHECK(34); NAPOT_4K(region); csrw pmpaddr0, t0
            srli t0, s0, 2; addi t0, t0, 1024; csrw pmpaddr1, t0     /* region2 = next page */
            addi t0, t0, 1024; csrw pmpaddr2, t0
            li t0, -1; csrw pmpaddr3, t0
            li t0, (PMP_L | PMP_NAPOT | PMP_R) | ((PMP_L | PMP_TOR) << 16) | (ALLOW_ALL << 24)
            csrw pmpcfg0, t0; sfence.vma
            csrr a0, pmpcfg0; bne a0, t0, test_fail
  CHECK(35); ld a0, 0(s0); EXPECT(a0, 0x0123456789abcdef)            /* M: R allowed */
  CHECK(36); IN_M(sd zero, 0(s0)); FAULT(7, s0)                      /* M: W denied */
            ld a0, 0(s0); EXPECT(a0, 0x0123456789abcdef)
  CHECK(37); IN_M(ld a0, 0(s3)); FAULT(5, s3)                       /* region2 */                         /* locked TOR: no permissions */
  CHECK(38); IN_MODE(1, ld a0, 8(s0)); EXPECT(s2, 9)                /* S: R */
            IN_MODE(1, sd zero, 8(s0)); addi a1, s0, 8; FAULT(7, a1)
  CHECK(39); li t0, ALLOW_ALL | (ALLOW_ALL << 8) | (ALLOW_ALL << 16) | (ALLOW_ALL << 24); csrw pmpcfg0, t0
            csrr a0, pmpcfg0; li t1, 0x00ff00ff; and a0, a0, t1
            li t1, (PMP_L | PMP_NAPOT | PMP_R) | ((PMP_L | PMP_TOR) << 16); bne a0, t1, test_fail
            csrr a0, pmpcfg0; srli a0, a0, 8; andi a0, a0, 0xff; EXPECT(a0, ALLOW_ALL)   /* entry 1 unlocked */
  CHECK(40); csrr a2, pmpaddr0; li t0, 0; csrw pmpaddr0, t0; csrr a0, pmpaddr0; bne a0, a2, test_fail
  CHECK(41); csrr a2, pmpaddr1; li t0, 0; csrw pmpaddr1, t0; csrr a0, pmpaddr1; bne a0, a2, test_fail
            /* pmpaddr1 is the bottom of locked TOR entry 2: read-only too */
  CHECK(42); csrr a2, pmpaddr3; li t0, 0x1234; csrw pmpaddr3, t0; csrr a0, pmpaddr3; EXPECT(a0, 0x1234)
            csrw pmpaddr3, a2
  CHECK(43); IN_M(sd zero, 0(s0)); FAULT(7, s0)                      /* still locked */
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
pcode:
  li a0, 0x66
  ret
  .balign 4096

  .section .data
  .balign 4096
  .fill 4096, 1, 0
region:  .fill 4096, 1, 0
region2: .fill 4096, 1, 0
root: .fill 4096, 1, 0
l1:   .fill 4096, 1, 0
l0:   .fill 4096, 1, 0
TEST_END
