/* The platform as the guest sees it (QEMU-virt-like memory map, SiFive
   CLINT, 16550 UART): the state the boot ROM hands over (a0 = mhartid,
   a1 = 0), the boot ROM's contents, that it is read-only and executable,
   DRAM bounds (last doubleword usable, the byte after it faults), holes in
   the map, CLINT register semantics (msip bit 0 only, mtimecmp as 64 bits
   or two 32-bit halves, MTIP following mtime >= mtimecmp, mtime writable,
   unsupported access sizes and empty offsets fault), the time CSR as a
   shadow of mtime, and the UART's scratch, divisor latch, FIFO/IIR and
   loopback behaviour. */
#include "guest_test.h"

#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_MPP  (3 << 11)
#define BOOT_ROM       0x1000
#define CLINT_MSIP     0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8
#define UART           0x10000000
#define DRAM_END       0x90000000        /* 0x80000000 + 256 MiB */

/* M-mode code expected to fault: s2 = cause, s4 = mtval (or -1). */
#define FAULTS(code...) la s11, 71f; li s2, -1; li s4, -1; code; li s11, 0; 71:
#define EXPECT_FAULT(cause, addr) EXPECT(s2, cause); li t6, addr; bne s4, t6, test_fail

TEST_BEGIN
  /* ---- hand-over from the boot ROM (before anything touches a0/a1) ---- */
  CHECK(1); EXPECT(a0, 0)                     /* a0 = mhartid */
            EXPECT(a1, 0)                     /* a1 = 0: no device tree */
  la t0, mtrap
  csrw mtvec, t0

  /* ---- boot ROM ---- */
  /* rom_params (sw/boot/boot_format.h) at ROM + 0x40: the platform says a
     program is preloaded and where it starts. */
  CHECK(2); li s0, BOOT_ROM; ld a0, 0x40(s0); li t0, 0x534d524150524f54; bne a0, t0, test_fail
  CHECK(3); ld a0, 0x48(s0); la a1, _start; bne a0, a1, test_fail    /* preload_entry */
  CHECK(4); li t0, 0xf000; add t0, s0, t0; ld a0, 0(t0); EXPECT(a0, 0) /* unused ROM reads 0 */
  CHECK(5); lwu s1, 0(s0); li a1, 0x1234; FAULTS(sw a1, 0(s0)); EXPECT_FAULT(7, BOOT_ROM)
            lwu a0, 0(s0); bne a0, s1, test_fail                     /* unchanged */
  CHECK(6); FAULTS(li t0, BOOT_ROM + 0x10000; ld a0, 0(t0)); EXPECT_FAULT(5, BOOT_ROM + 0x10000)
  CHECK(7); FAULTS(li t0, BOOT_ROM + 0xf000; jalr t0)                 /* fetch works: zeros are */
            EXPECT(s2, 2); li t0, BOOT_ROM + 0xf000; bne s3, t0, test_fail   /* illegal */

  /* ---- DRAM bounds and holes ---- */
  CHECK(8); li s0, DRAM_END - 8; li a1, 0x5a5a; sd a1, 0(s0); ld a0, 0(s0); EXPECT(a0, 0x5a5a)
  CHECK(9); li t0, DRAM_END - 0x100000; ld a0, 0(t0); EXPECT(a0, 0)    /* dram.fill = 0 */
  CHECK(10); FAULTS(li t0, DRAM_END; ld a0, 0(t0)); EXPECT_FAULT(5, DRAM_END)
  CHECK(11); FAULTS(li t0, DRAM_END; sb zero, 0(t0)); EXPECT_FAULT(7, DRAM_END)
  CHECK(12); FAULTS(li t0, 0; lw a0, 0(t0)); EXPECT_FAULT(5, 0)
  CHECK(13); FAULTS(li t0, 0x3000000; sw zero, 0(t0)); EXPECT_FAULT(7, 0x3000000)
  CHECK(14); FAULTS(li t0, 0x7ffffff8; ld a0, 0(t0)); EXPECT_FAULT(5, 0x7ffffff8)

  /* ---- CLINT ---- */
  CHECK(15); li s0, CLINT_MSIP; li a1, -1; sw a1, 0(s0); lw a0, 0(s0); EXPECT(a0, 1)   /* bit 0 only */
            csrr a0, mip; andi a0, a0, 1 << 3; EXPECT(a0, 1 << 3)
            sw zero, 0(s0); lw a0, 0(s0); EXPECT(a0, 0)
            csrr a0, mip; andi a0, a0, 1 << 3; EXPECT(a0, 0)
  CHECK(16); li s1, CLINT_MTIMECMP; li a1, 0x7fffffff12345678; sd a1, 0(s1); ld a0, 0(s1); bne a0, a1, test_fail
  CHECK(17); li a1, 0x0badcafe; sw a1, 0(s1); ld a0, 0(s1); EXPECT(a0, 0x7fffffff0badcafe)   /* low half */
  CHECK(18); li a1, 0x1; sw a1, 4(s1); ld a0, 0(s1); EXPECT(a0, 0x000000010badcafe)          /* high half */
            lwu a0, 4(s1); EXPECT(a0, 1); lwu a0, 0(s1); EXPECT(a0, 0x0badcafe)
  CHECK(19); sd zero, 0(s1)                                       /* due now: MTIP */
            li t2, 1000
1:          csrr a0, mip; andi a0, a0, 1 << 7; bnez a0, 2f; addi t2, t2, -1; bnez t2, 1b; j test_fail
2:          li a1, -1; sd a1, 0(s1)
            li t2, 1000
1:          csrr a0, mip; andi a0, a0, 1 << 7; beqz a0, 2f; addi t2, t2, -1; bnez t2, 1b; j test_fail
2:
  CHECK(20); li s5, CLINT_MTIME; ld a0, 0(s5); ld a1, 0(s5); bltu a1, a0, test_fail
            lwu a2, 4(s5); srli a3, a1, 32; bne a2, a3, test_fail   /* high half agrees */
  CHECK(21); FAULTS(lh a0, 0(s0)); EXPECT_FAULT(5, CLINT_MSIP)     /* 16-bit msip: no */
  CHECK(22); FAULTS(sb zero, 0(s1)); EXPECT_FAULT(7, CLINT_MTIMECMP)
  CHECK(23); FAULTS(li t0, CLINT_MSIP + 0x8000; lw a0, 0(t0)); EXPECT_FAULT(5, CLINT_MSIP + 0x8000)
  CHECK(24); FAULTS(li t0, CLINT_MTIME; lw a0, 2(t0))           /* misaligned: either trap */
            li t6, CLINT_MTIME + 2; bne s4, t6, test_fail
            li t0, 4; beq s2, t0, 1f; EXPECT(s2, 5)
1:
  CHECK(25); li s5, CLINT_MTIME; li a1, 0x100000000; sd a1, 0(s5)   /* mtime is writable */
            ld a0, 0(s5); bltu a0, a1, test_fail; sub a0, a0, a1; li t0, 10000; bgeu a0, t0, test_fail
  CHECK(26); rdtime a0
            /* time is a read-only shadow of mtime (privileged spec 3.2.1) */
            li a1, 0x100000000; bltu a0, a1, test_fail
            li a1, 0; sd a1, 0(s5)                                 /* put mtime back near 0 */
            ld a0, 0(s5); li t0, 10000; bgeu a0, t0, test_fail

  /* ---- UART 16550 ---- */
  li s0, UART
  CHECK(27); lbu a0, 5(s0); andi a0, a0, 0x60; EXPECT(a0, 0x60)    /* LSR: THRE | TEMT */
  CHECK(28); li a1, 0xa5; sb a1, 7(s0); lbu a0, 7(s0); EXPECT(a0, 0xa5)   /* scratch */
  CHECK(29); li a1, 0x83; sb a1, 3(s0)                              /* DLAB = 1 */
            li a1, 0x12; sb a1, 0(s0); li a1, 0x34; sb a1, 1(s0)
            lbu a0, 0(s0); EXPECT(a0, 0x12); lbu a0, 1(s0); EXPECT(a0, 0x34)
            li a1, 0x03; sb a1, 3(s0); lbu a0, 3(s0); EXPECT(a0, 0x03)   /* DLAB = 0, 8N1 */
            lbu a0, 1(s0); EXPECT(a0, 0)                             /* IER, not DLM */
  CHECK(30); li a1, 0x07; sb a1, 2(s0); lbu a0, 2(s0); EXPECT(a0, 0xc1)   /* FIFOs on, no irq */
  CHECK(31); li a1, 0x10; sb a1, 4(s0)                               /* MCR: loopback */
            li a1, 'x'; sb a1, 0(s0); li a1, 'y'; sb a1, 0(s0); li a1, 'z'; sb a1, 0(s0)
            lbu a0, 5(s0); andi a0, a0, 1; EXPECT(a0, 1)             /* data ready */
            lbu a0, 0(s0); EXPECT(a0, 'x'); lbu a0, 0(s0); EXPECT(a0, 'y'); lbu a0, 0(s0); EXPECT(a0, 'z')
            lbu a0, 5(s0); andi a0, a0, 1; EXPECT(a0, 0)
  CHECK(32); li a1, 0x01; sb a1, 1(s0)                               /* IER: RX data */
            lbu a0, 2(s0); andi a0, a0, 0x0f; EXPECT(a0, 0x01)       /* nothing pending */
            li a1, 'q'; sb a1, 0(s0); lbu a0, 2(s0); andi a0, a0, 0x0f; EXPECT(a0, 0x04)
            lbu a0, 0(s0); lbu a0, 2(s0); andi a0, a0, 0x0f; EXPECT(a0, 0x01)
            sb zero, 1(s0); sb zero, 4(s0)
  CHECK(33); FAULTS(li t0, UART + 0x100; lbu a0, 0(t0)); EXPECT_FAULT(5, UART + 0x100)
  PASS

  .balign 4
mtrap:
  beqz s11, unexpected_trap
  csrr s2, mcause
  csrr s3, mepc
  csrr s4, mtval
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  li t0, MSTATUS_MPIE
  csrc mstatus, t0
  csrw mepc, s11
  li s11, 0
  mret
TEST_END
