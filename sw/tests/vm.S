/* Virtual memory (privileged spec 20211203, 4.1.11 and 4.3-4.5): page tables
   built here, S-mode and U-mode running translated. Sv39 4 KiB pages, 2 MiB
   and 1 GiB superpages, misaligned superpages, load/store/fetch page faults
   delegated to S (scause 13/15/12, stval = the virtual address, sepc = the
   instruction), invalid/reserved PTEs (W without R, reserved bits 63:54, a
   pointer at level 0), U pages vs S-mode with and without SUM, fetch from a
   U page in S, MXR, A/D set by hardware, sfence.vma after changing a PTE,
   satp WARL for unsupported modes, MPRV with MPP = S/U, non-canonical
   addresses, a fetch fault on the second half of a page-straddling
   instruction (stval = the second page), and Sv48/Sv57 including their
   512 GiB / 256 TiB superpages. */
#include "guest_test.h"

#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_MPP  (3 << 11)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM  (1 << 18)
#define MSTATUS_MXR  (1 << 19)

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define RWXAD (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define RWAD  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

#define SATP_SV39 (8 << 60)
#define SATP_SV48 (9 << 60)
#define SATP_SV57 (10 << 60)

#define VA_BASE 0x40000000
#define VA(n) (VA_BASE + (n) * 0x1000)   /* the 4 KiB pages of table t0_39 */

/* table[index] = PTE pointing at the page holding label `target`. */
#define PTE_TO(table, index, target, flags)                                \
  la t0, target; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, flags;     \
  la t1, table; li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)
/* table[index] = PTE for the constant physical address pa. */
#define PTE_PA(table, index, pa, flags)                                    \
  li t0, (((pa) >> 12) << 10) | (flags);                                 \
  la t1, table; li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)
/* reg = address of table[index] */
#define PTE_ADDR(reg, table, index) la reg, table; addi reg, reg, (index) * 8

#define ENTER(mode, target)                                   \
  li t0, MSTATUS_MPP; csrc mstatus, t0;                       \
  li t0, (mode) << 11; csrs mstatus, t0;                      \
  la t0, target; csrw mepc, t0; mret
#define ENTER_VA(mode, va)                                    \
  li t0, MSTATUS_MPP; csrc mstatus, t0;                       \
  li t0, (mode) << 11; csrs mstatus, t0;                      \
  li t0, va; csrw mepc, t0; mret

/* Run `code` in S-mode, then ecall back. Afterwards s2 = 9 (the final ecall,
   from the code or from strap), s6/s7/s8 = scause/sepc/stval of a page
   fault taken in S (s6 = -1 if none). */
#define IN_S(code...) \
  la s11, 71f; li s2, -1; li s6, -1; li s8, -1; ENTER(1, 72f); 72: code; ecall; 71:
/* Run U-mode code at virtual address va (it must end in ecall). */
#define IN_U_AT(va) \
  la s11, 71f; li s2, -1; li s6, -1; li s8, -1; ENTER_VA(0, va); 71:

#define NO_FAULT EXPECT(s2, 9); EXPECT(s6, -1)
#define S_FAULT(cause, va) EXPECT(s2, 9); EXPECT(s6, cause); li t6, va; bne s8, t6, test_fail

TEST_BEGIN
  .option norvc
  la t0, mtrap
  csrw mtvec, t0
  la t0, strap
  csrw stvec, t0
  li t0, (1 << 12) | (1 << 13) | (1 << 15)   /* page faults go to S */
  csrw medeleg, t0

  /* ---- build the Sv39 tables ---- */
  PTE_PA(root39, 2, 0x80000000, RWXAD | PTE_G)      /* identity 1 GiB: code, data, tohost */
  PTE_PA(root39, 3, 0x80000000, PTE_V | PTE_R | PTE_A)   /* read-only alias at 0xC0000000 */
  PTE_PA(root39, 4, 0x80200000, RWAD)               /* misaligned 1 GiB at 0x1_0000_0000 */
  PTE_PA(root39, 256, 0x80000000, RWAD)             /* 0xFFFFFFC0_00000000 */
  PTE_TO(root39, 1, t1_39, PTE_V)                   /* 0x40000000: next level */
  PTE_TO(t1_39, 0, t0_39, PTE_V)
  PTE_PA(t1_39, 1, 0x80400000, RWAD)                /* 2 MiB page at 0x40200000 */
  PTE_PA(t1_39, 2, 0x80401000, RWAD)                /* misaligned 2 MiB at 0x40400000 */
  PTE_TO(t0_39, 0, page_a, RWAD)
  PTE_TO(t0_39, 1, page_b, PTE_V | PTE_R | PTE_A)
  PTE_TO(t0_39, 2, xpage, PTE_V | PTE_X | PTE_A)    /* execute-only */
  PTE_TO(t0_39, 3, page_c, RWAD | PTE_U)
  PTE_TO(t0_39, 4, xpage, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)
  PTE_TO(t0_39, 5, page_d, PTE_V | PTE_R | PTE_W)   /* A = D = 0 */
  /* 6: invalid */
  PTE_TO(t0_39, 7, page_a, PTE_V | PTE_W | PTE_A | PTE_D)   /* W without R: reserved */
  PTE_TO(t0_39, 8, page_e, RWAD)
  PTE_TO(t0_39, 9, page_a, RWAD)
  li t0, 1 << 60; ld t2, 0(t1); or t2, t2, t0; sd t2, 0(t1)   /* 9: reserved bit 60 */
  PTE_TO(t0_39, 10, page_a, RWAD)                   /* not executable */
  PTE_TO(t0_39, 11, xpage, PTE_V | PTE_R | PTE_X)   /* A = 0, executable */
  PTE_TO(t0_39, 12, t0_39, PTE_V)                   /* a pointer at level 0 */
  PTE_TO(t0_39, 13, xpage2, PTE_V | PTE_X | PTE_A)  /* 14: invalid, after it */
  /* data */
  la a0, page_a; li a1, 0x1111aaaa2222bbbb; sd a1, 0(a0)
  la a0, page_c; li a1, 0x3333cccc; sd a1, 0(a0)
  la a0, page_e; li a1, 0xeeee; sd a1, 0(a0)
  la a0, page_f; li a1, 0xffff; sd a1, 0(a0)
  li a0, 0x80401238; li a1, 0x2222222; sd a1, 0(a0)

  /* ---- satp ---- */
  CHECK(1); csrw satp, zero; li t0, (5 << 60) | 0x1234; csrw satp, t0
            csrr a0, satp; EXPECT(a0, 0)                       /* unsupported mode: unchanged */
  CHECK(2); la t0, root39; srli t0, t0, 12; li t1, SATP_SV39; or s10, t0, t1
            csrw satp, s10; csrr a0, satp; bne a0, s10, test_fail
  CHECK(3); li t0, (5 << 60) | 0x1234; csrw satp, t0; csrr a0, satp; bne a0, s10, test_fail
            li t0, (1 << 60); csrw satp, t0; csrr a0, satp; bne a0, s10, test_fail
            sfence.vma

  /* ---- basic translated accesses in S ---- */
  CHECK(4); IN_S(li a1, VA(0); ld a0, 0(a1); li a2, 0x77; sd a2, 8(a1))
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
            la a3, page_a; ld a3, 8(a3); EXPECT(a3, 0x77)            /* the store reached page_a */
  CHECK(5); IN_S(li a1, 0x80000000; ld a0, 0(a1))                    /* identity-mapped DRAM */
            NO_FAULT; li a1, 0x80000000; ld a1, 0(a1); bne a0, a1, test_fail

  /* ---- read-only page ---- */
  CHECK(6); IN_S(li a1, VA(1); ld a0, 0(a1); li a2, 5; 73: sd a2, 16(a1))
            S_FAULT(15, VA(1) + 16); la t0, 73b; bne s7, t0, test_fail

  /* ---- execute-only page, MXR ---- */
  CHECK(7); IN_S(li a0, 0; li t3, VA(2); jalr t3)
            NO_FAULT; EXPECT(a0, 0x55)
  CHECK(8); IN_S(li a1, VA(2); lwu a0, 0(a1))
            S_FAULT(13, VA(2))
  CHECK(9); li t0, MSTATUS_MXR; csrs mstatus, t0
            IN_S(li a1, VA(2); lwu a0, 0(a1))
            NO_FAULT; la t0, xpage; lwu t0, 0(t0); bne a0, t0, test_fail
  CHECK(10); IN_S(li a1, VA(2); sw a0, 0(a1))                        /* MXR does not allow stores */
            S_FAULT(15, VA(2))
            li t0, MSTATUS_MXR; csrc mstatus, t0
  CHECK(11); IN_S(li a1, VA(4); lwu a0, 0(a1))                       /* U page, SUM = 0 */
            S_FAULT(13, VA(4))

  /* ---- fetch faults ---- */
  CHECK(12); IN_S(li t3, VA(10) + 8; jalr t3)
            S_FAULT(12, VA(10) + 8); li t0, VA(10) + 8; bne s7, t0, test_fail   /* sepc = target */
  CHECK(13); IN_S(li t3, VA(6); jalr t3)
            S_FAULT(12, VA(6))

  /* ---- invalid and reserved PTEs ---- */
  CHECK(14); IN_S(li a1, VA(6) + 0x10; ld a0, 0(a1))
            S_FAULT(13, VA(6) + 0x10)
  CHECK(15); IN_S(li a1, VA(6) + 0x18; sd a0, 0(a1))
            S_FAULT(15, VA(6) + 0x18)
  CHECK(16); IN_S(li a1, VA(7); ld a0, 0(a1))                        /* W without R */
            S_FAULT(13, VA(7))
  CHECK(17); IN_S(li a1, VA(7); sd a0, 0(a1))
            S_FAULT(15, VA(7))
  CHECK(18); IN_S(li a1, VA(9); ld a0, 0(a1))                        /* reserved bit 60 */
            S_FAULT(13, VA(9))
  CHECK(19); IN_S(li a1, VA(12); ld a0, 0(a1))                       /* no leaf by level 0 */
            S_FAULT(13, VA(12))
  CHECK(20); IN_S(li a1, VA(0x1ff) + 8; ld a0, 0(a1))                /* empty slot */
            S_FAULT(13, VA(0x1ff) + 8)

  /* ---- U pages from S: SUM ---- */
  CHECK(21); IN_S(li a1, VA(3); ld a0, 0(a1))
            S_FAULT(13, VA(3))
  CHECK(22); IN_S(li a1, VA(3); sd a0, 0(a1))
            S_FAULT(15, VA(3))
  CHECK(23); li t0, MSTATUS_SUM; csrs mstatus, t0
            IN_S(li a1, VA(3); ld a0, 0(a1); li a2, 0x4444; sd a2, 8(a1))
            NO_FAULT; EXPECT(a0, 0x3333cccc)
            la a3, page_c; ld a3, 8(a3); EXPECT(a3, 0x4444)
  CHECK(24); IN_S(li t3, VA(4); jalr t3)                             /* never fetch U pages in S */
            S_FAULT(12, VA(4))
  CHECK(25); IN_S(li t0, MSTATUS_SUM; csrc sstatus, t0; li a1, VA(3); ld a0, 0(a1))
            S_FAULT(13, VA(3))                                       /* S clears SUM itself */
            csrr t0, mstatus; li t1, MSTATUS_SUM; and t0, t0, t1; EXPECT(t0, 0)

  /* ---- U-mode ---- */
  CHECK(26); li a1, VA(3); IN_U_AT(VA(4) + 64)                      /* ld a0, 0(a1); ecall */
            EXPECT(s2, 8); EXPECT(s6, -1); EXPECT(a0, 0x3333cccc)
  CHECK(27); li a1, VA(0); IN_U_AT(VA(4) + 64)                      /* non-U page from U */
            EXPECT(s2, 9); EXPECT(s6, 13); li t0, VA(0); bne s8, t0, test_fail
            li t0, VA(4) + 64; bne s7, t0, test_fail
  CHECK(28); li a1, VA(1); li a2, 9; IN_U_AT(VA(4) + 128)           /* sd a2, 0(a1): non-U */
            EXPECT(s6, 15)
  CHECK(29); li t0, MSTATUS_SUM; csrs mstatus, t0                  /* SUM is irrelevant to U */
            li a1, VA(0); IN_U_AT(VA(4) + 64)
            EXPECT(s6, 13)
            li t0, MSTATUS_SUM; csrc mstatus, t0
  CHECK(30); IN_U_AT(VA(2))                                         /* fetch from a non-U page */
            EXPECT(s6, 12); li t0, VA(2); bne s8, t0, test_fail

  /* ---- A and D set by hardware ---- */
  CHECK(31); PTE_ADDR(s9, t0_39, 5); ld a0, 0(s9); andi a0, a0, PTE_A | PTE_D; EXPECT(a0, 0)
            IN_S(li a1, VA(5); ld a0, 0(a1))
            NO_FAULT
            ld a0, 0(s9); andi a0, a0, PTE_A | PTE_D; EXPECT(a0, PTE_A)
  CHECK(32); IN_S(li a1, VA(5); li a2, 0x5d; sd a2, 0(a1))
            NO_FAULT
            ld a0, 0(s9); andi a0, a0, PTE_A | PTE_D; EXPECT(a0, PTE_A | PTE_D)
            la a0, page_d; ld a0, 0(a0); EXPECT(a0, 0x5d)
  CHECK(33); PTE_ADDR(s9, t0_39, 11); ld a0, 0(s9); andi a0, a0, PTE_A; EXPECT(a0, 0)
            IN_S(li a0, 0; li t3, VA(11); jalr t3)
            NO_FAULT; EXPECT(a0, 0x55)
            ld a0, 0(s9); andi a0, a0, PTE_A | PTE_D; EXPECT(a0, PTE_A)   /* fetch sets A only */

  /* ---- sfence.vma after changing a PTE ---- */
  CHECK(34); IN_S(li a1, VA(8); ld a0, 0(a1))
            NO_FAULT; EXPECT(a0, 0xeeee)
            PTE_TO(t0_39, 8, page_f, RWAD)
            IN_S(sfence.vma; li a1, VA(8); ld a0, 0(a1))
            NO_FAULT; EXPECT(a0, 0xffff)
  CHECK(35); PTE_TO(t0_39, 8, page_e, RWAD)
            IN_S(li a1, VA(8); sfence.vma a1, zero; ld a0, 0(a1))   /* address-specific form */
            NO_FAULT; EXPECT(a0, 0xeeee)
  CHECK(36); la t1, t0_39; sd zero, 64(t1)                          /* unmap */
            IN_S(sfence.vma; li a1, VA(8); ld a0, 0(a1))
            S_FAULT(13, VA(8))

  /* ---- superpages ---- */
  CHECK(37); IN_S(li a1, 0x40201238; ld a0, 0(a1); li a2, 0x3030; sd a2, 8(a1))   /* 2 MiB */
            NO_FAULT; EXPECT(a0, 0x2222222)
            li a3, 0x80401240; ld a3, 0(a3); EXPECT(a3, 0x3030)
  CHECK(38); IN_S(li a1, 0x403ffff8; ld a0, 0(a1))                  /* last word of the 2 MiB page */
            NO_FAULT; li a3, 0x805ffff8; ld a3, 0(a3); bne a0, a3, test_fail
  CHECK(39); IN_S(li a1, 0x40400010; ld a0, 0(a1))                  /* misaligned 2 MiB */
            S_FAULT(13, 0x40400010)
  CHECK(40); la a4, page_a; li t0, 0x40000000; add a4, a4, t0        /* 1 GiB alias at 0xC0000000 */
            IN_S(ld a0, 0(a4))
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(41); IN_S(sd a0, 0(a4))                                      /* the alias is read-only */
            EXPECT(s2, 9); EXPECT(s6, 15); bne s8, a4, test_fail
  CHECK(42); IN_S(li a1, 0x100000040; ld a0, 0(a1))                 /* misaligned 1 GiB */
            S_FAULT(13, 0x100000040)

  /* ---- non-canonical addresses ---- */
  CHECK(43); la a4, page_a; li t0, 0xffffffc000000000 - 0x80000000; add a4, a4, t0
            IN_S(ld a0, 0(a4))                                       /* canonical, root[256] */
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(44); li t0, 0xffffff8000000000; xor a4, a4, t0   /* clear bits 63:39 */
            IN_S(ld a0, 0(a4))                                       /* same VPNs, non-canonical */
            EXPECT(s2, 9); EXPECT(s6, 13); bne s8, a4, test_fail
  CHECK(45); IN_S(li a1, 0x8000000000; sd a0, 0(a1))
            S_FAULT(15, 0x8000000000)
  CHECK(46); IN_S(li t3, 0xff00000080000000; jalr t3)
            S_FAULT(12, 0xff00000080000000)

  /* ---- fetch straddling into an unmapped page ---- */
  CHECK(47); IN_S(li t3, VA(13) + 0xffe; jalr t3)
            S_FAULT(12, VA(14)); li t0, VA(13) + 0xffe; bne s7, t0, test_fail

  /* ---- MPRV: M-mode loads and stores translated as MPP's mode ---- */
  CHECK(48); li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, (1 << 11) | MSTATUS_MPRV; csrs mstatus, t0
            li a1, VA(0); ld a0, 0(a1); EXPECT(a0, 0x1111aaaa2222bbbb)
            li a2, 0x99; sd a2, 16(a1)
            li t0, MSTATUS_MPRV; csrc mstatus, t0
            la a3, page_a; ld a3, 16(a3); EXPECT(a3, 0x99)
  CHECK(49); li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, (1 << 11) | MSTATUS_MPRV; csrs mstatus, t0
            la s11, 1f; li s2, -1
            li a1, VA(6); ld a0, 0(a1)                               /* page fault, taken in M */
1:          li t0, MSTATUS_MPRV; csrc mstatus, t0
            EXPECT(s2, 13); li t0, VA(6); bne s4, t0, test_fail
  CHECK(50); li t0, MSTATUS_MPP | MSTATUS_MPRV; csrs mstatus, t0    /* MPP = U */
            li t0, 1 << 12; csrc mstatus, t0; li t0, 1 << 11; csrc mstatus, t0
            la s11, 1f; li s2, -1
            li a1, VA(0); ld a0, 0(a1)                               /* not a U page */
1:          li t0, MSTATUS_MPRV; csrc mstatus, t0
            EXPECT(s2, 13)
  CHECK(51); li t0, MSTATUS_MPP | MSTATUS_MPRV; csrc mstatus, t0
            li t0, MSTATUS_MPRV; csrs mstatus, t0                   /* MPP = U again, U page */
            li a1, VA(3); ld a0, 0(a1)
            li t0, MSTATUS_MPRV; csrc mstatus, t0
            EXPECT(a0, 0x3333cccc)
  CHECK(52); li t0, MSTATUS_MPP | MSTATUS_MPRV; csrs mstatus, t0    /* MPP = M: untranslated */
            la a1, page_a; ld a0, 0(a1)
            li t0, MSTATUS_MPRV; csrc mstatus, t0
            EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(53); la s11, 1f; li s2, -1                                   /* MPRV = 0: M is physical */
            li a1, VA(0); ld a0, 0(a1)
1:          EXPECT(s2, 5)

  /* ---- Sv48 ---- */
  CHECK(54); PTE_TO(root48, 0, root39, PTE_V)
            PTE_PA(root48, 1, 0, RWXAD)                              /* 512 GiB page at 0x80_0000_0000 */
            PTE_PA(root48, 256, 0, RWAD)                             /* 512 GiB page, upper half */
            la t0, root48; srli t0, t0, 12; li t1, SATP_SV48; or t0, t0, t1; csrw satp, t0
            csrr a0, satp; srli a0, a0, 60; EXPECT(a0, 9)
            IN_S(sfence.vma; li a1, VA(0); ld a0, 0(a1))
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(55); la a4, page_a; li t0, 0x4000000000 - 0x80000000; add a4, a4, t0
            IN_S(ld a0, 0(a4))                                       /* canonical in Sv48 */
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(56); la a4, page_a; li t0, 0x8000000000; add a4, a4, t0
            IN_S(ld a0, 0(a4))                                       /* through the 512 GiB page */
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(57); la a4, page_a; li t0, 0xffff800000000000; add a4, a4, t0
            IN_S(ld a0, 0(a4))
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(58); la a4, page_a; li t0, 0x0000800000000000; add a4, a4, t0
            IN_S(ld a0, 0(a4))                                       /* bit 47 set, 63:48 clear */
            EXPECT(s6, 13); bne s8, a4, test_fail
  CHECK(59); PTE_PA(root48, 2, 0x80000000, RWAD)                     /* misaligned 512 GiB */
            IN_S(sfence.vma; li a1, 0x10000000000; ld a0, 0(a1))
            S_FAULT(13, 0x10000000000)

  /* ---- Sv57 ---- */
  CHECK(60); PTE_TO(root57, 0, root48, PTE_V)
            PTE_PA(root57, 1, 0, RWAD)                               /* 256 TiB page */
            la t0, root57; srli t0, t0, 12; li t1, SATP_SV57; or t0, t0, t1; csrw satp, t0
            csrr a0, satp; srli a0, a0, 60; EXPECT(a0, 10)
            IN_S(sfence.vma; li a1, VA(0); ld a0, 0(a1))
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(61); la a4, page_a; li t0, 0x0000800000000000; add a4, a4, t0
            IN_S(ld a0, 0(a4))                                       /* canonical in Sv57 */
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(62); la a4, page_a; li t0, 0x0001000000000000; add a4, a4, t0
            IN_S(ld a0, 0(a4))                                       /* through the 256 TiB page */
            NO_FAULT; EXPECT(a0, 0x1111aaaa2222bbbb)
  CHECK(63); la a4, page_a; li t0, 0x0100000000000000; add a4, a4, t0
            IN_S(ld a0, 0(a4))                                       /* bit 56 set, 63:57 clear */
            EXPECT(s6, 13); bne s8, a4, test_fail
  CHECK(64); li t0, (5 << 60); csrw satp, t0; csrr a0, satp; srli a0, a0, 60; EXPECT(a0, 10)
  CHECK(65); csrw satp, zero; csrr a0, satp; EXPECT(a0, 0)
            IN_S(li a1, VA(0); ld a0, 0(a1))                         /* bare: physical, unmapped */
            EXPECT(s2, 5)
  PASS

/* M-mode handler: records mcause/mepc/mtval/mstatus in s2..s5, resumes in
   M-mode at s11 with MIE = 0. */
  .balign 4
mtrap:
  beqz s11, unexpected_trap     /* no resume address: not expected */
  csrr s2, mcause
  csrr s3, mepc
  csrr s4, mtval
  csrr s5, mstatus
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  li t0, MSTATUS_MPIE
  csrc mstatus, t0
  csrw mepc, s11
  li s11, 0                    /* each resume address is used once */
  mret

/* S-mode handler (identity-mapped): records scause/sepc/stval in s6..s8 and
   ecalls to M. */
  .balign 4
strap:
  csrr s6, scause
  csrr s7, sepc
  csrr s8, stval
  ecall

/* Code pages mapped at other virtual addresses; position-independent. */
  .balign 4096
xpage:
  li a0, 0x55                /* +0: S-mode execute-only test */
  ret
  .balign 64
  ld a0, 0(a1)               /* +64: U-mode load */
  ecall
  .balign 64
  sd a2, 0(a1)               /* +128: U-mode store */
  ecall
  .balign 4096
xpage2:
  .skip 0xffe
  addi a0, a0, 1             /* straddles into the next page */
  ecall

  .section .data
  .balign 4096
root39: .fill 4096, 1, 0
t1_39:  .fill 4096, 1, 0
t0_39:  .fill 4096, 1, 0
root48: .fill 4096, 1, 0
root57: .fill 4096, 1, 0
page_a: .fill 4096, 1, 0
page_b: .fill 4096, 1, 0
page_c: .fill 4096, 1, 0
page_d: .fill 4096, 1, 0
page_e: .fill 4096, 1, 0
page_f: .fill 4096, 1, 0
TEST_END
