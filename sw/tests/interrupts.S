/* Interrupts (privileged spec 20211203, 3.1.6, 3.1.9, 3.3.3, 4.1.3; CLINT
   as on SiFive/QEMU virt): the machine timer through mtimecmp with WFI
   (mcause 0x8000000000000007, mepc = the instruction after WFI), MTIP
   visible in mip while MIE = 0 and taken once MIE is set, WFI waking on a
   locally enabled interrupt even with MIE = 0, the software interrupt
   through msip, priority MSI over MTI, M-level interrupts taken in U-mode
   whatever MIE says, supervisor software and timer interrupts delegated
   through mideleg (taken in S, never in M; SIE gating in S, always enabled
   in U), an undelegated SSI going to M, and WFI with nothing enabled acting
   as a NOP. */
#include "guest_test.h"

#define MSTATUS_SIE  (1 << 1)
#define MSTATUS_MIE  (1 << 3)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_MPP  (3 << 11)
#define CLINT_MSIP     0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8
#define IRQ_SSI  (1 << 1)
#define IRQ_MSI  (1 << 3)
#define IRQ_STI  (1 << 5)
#define IRQ_MTI  (1 << 7)
#define INT(n) (0x8000000000000000 | (n))

#define ENTER(mode, target)                                   \
  li t0, MSTATUS_MPP; csrc mstatus, t0;                       \
  li t0, (mode) << 11; csrs mstatus, t0;                      \
  la t0, target; csrw mepc, t0; mret

/* Spin until reg != 0, at most n iterations (clobbers t2). */
#define WAIT_NONZERO(reg, n) li t2, n; 61: bnez reg, 62f; addi t2, t2, -1; bnez t2, 61b; 62:
/* Spin until (mip & bits) == bits, at most n iterations; fail on timeout. */
#define WAIT_MIP(bits, n) \
  li t2, n; li t3, bits; 63: csrr t4, mip; and t4, t4, t3; beq t4, t3, 64f; addi t2, t2, -1; bnez t2, 63b; j test_fail; 64:

#define SET_MTIMECMP(reg) li t3, CLINT_MTIMECMP; sd reg, 0(t3)
#define CLEAR_STATE li s2, 0; li s4, 0; li s6, 0; li s9, 0; li s10, 0; li a5, 0; li a6, -1

TEST_BEGIN
  la t0, mhandler
  csrw mtvec, t0
  la t0, shandler
  csrw stvec, t0
  li t0, -1; SET_MTIMECMP(t0)

  /* ---- WFI with nothing enabled: a NOP (must not sleep forever) ---- */
  CHECK(1); csrw mie, zero; csrci mstatus, MSTATUS_MIE; CLEAR_STATE
            wfi; wfi
            EXPECT(s9, 0)

  /* ---- machine timer with WFI ---- */
  CHECK(2); li a1, IRQ_MTI; csrw mie, a1
            li t3, CLINT_MTIME; ld a0, 0(t3); addi a0, a0, 200; SET_MTIMECMP(a0)
            csrsi mstatus, MSTATUS_MIE
wfi_1:      wfi
            csrci mstatus, MSTATUS_MIE
            EXPECT(s9, 1); EXPECT(s6, INT(7))
            la t3, wfi_1; addi t3, t3, 4; bne s7, t3, test_fail      /* mepc = after WFI */
            srli t3, s8, 11; andi t3, t3, 3; EXPECT(t3, 3)           /* MPP = M */
            srli t3, s8, 7; andi t3, t3, 1; EXPECT(t3, 1)            /* MPIE = old MIE */
  CHECK(3); li t3, CLINT_MTIME; ld a1, 0(t3); bltu a1, a0, test_fail  /* time reached mtimecmp */
  CHECK(4); csrr a1, mip; andi a1, a1, IRQ_MTI; EXPECT(a1, 0)         /* handler's write cleared it */

  /* ---- masked while MIE = 0, taken once enabled ---- */
  CHECK(5); CLEAR_STATE; csrw mie, zero
            SET_MTIMECMP(zero)                                       /* already due */
            WAIT_MIP(IRQ_MTI, 10000)                                 /* pending even with mie = 0 */
            li a1, IRQ_MTI; csrw mie, a1
            li t2, 2000
1:          addi t2, t2, -1; bnez t2, 1b                             /* MIE = 0: not taken */
            EXPECT(s9, 0)
  CHECK(6); csrsi mstatus, MSTATUS_MIE
            WAIT_NONZERO(s9, 100)
            csrci mstatus, MSTATUS_MIE
            EXPECT(s9, 1); EXPECT(s6, INT(7))

  /* ---- WFI wakes on a locally enabled interrupt even with MIE = 0 ---- */
  CHECK(7); CLEAR_STATE; li a1, IRQ_MTI; csrw mie, a1
            li t3, CLINT_MTIME; ld a0, 0(t3); addi a0, a0, 200; SET_MTIMECMP(a0)
            wfi
            csrr a1, mip; andi a1, a1, IRQ_MTI; EXPECT(a1, IRQ_MTI)  /* woke because MTIP rose */
            li t3, CLINT_MTIME; ld a1, 0(t3); bltu a1, a0, test_fail
            EXPECT(s9, 0)                                            /* but no trap */
  CHECK(8); li t0, -1; SET_MTIMECMP(t0)
            li t2, 1000; li t3, IRQ_MTI
1:          csrr t4, mip; and t4, t4, t3; beqz t4, 2f; addi t2, t2, -1; bnez t2, 1b
            j test_fail
2:          csrw mie, zero

  /* ---- software interrupt through msip ---- */
  CHECK(9); CLEAR_STATE; li t3, CLINT_MSIP; li a1, 1; sw a1, 0(t3)
            WAIT_MIP(IRQ_MSI, 10000)                                 /* visible in mip */
            li t3, CLINT_MSIP; lw a1, 0(t3); EXPECT(a1, 1)
            EXPECT(s9, 0)
  CHECK(10); li a1, IRQ_MSI; csrw mie, a1; csrsi mstatus, MSTATUS_MIE
            WAIT_NONZERO(s9, 100)
            csrci mstatus, MSTATUS_MIE
            EXPECT(s9, 1); EXPECT(s6, INT(3))
            li t3, CLINT_MSIP; lw a1, 0(t3); EXPECT(a1, 0)
            csrr a1, mip; andi a1, a1, IRQ_MSI; EXPECT(a1, 0)
  CHECK(11); /* the same, woken from WFI */
            CLEAR_STATE; csrsi mstatus, MSTATUS_MIE
            li t3, CLINT_MSIP; li a1, 1; sw a1, 0(t3)
            wfi
            WAIT_NONZERO(s9, 100)
            csrci mstatus, MSTATUS_MIE; EXPECT(s6, INT(3))

  /* ---- priority: MSI before MTI when both are pending ---- */
  CHECK(12); CLEAR_STATE; li a1, IRQ_MSI | IRQ_MTI; csrw mie, a1
            SET_MTIMECMP(zero); li t3, CLINT_MSIP; li a1, 1; sw a1, 0(t3)
            WAIT_MIP(IRQ_MSI | IRQ_MTI, 10000)
            csrsi mstatus, MSTATUS_MIE
            li t2, 200
1:          addi t2, t2, -1; bnez t2, 1b
            csrci mstatus, MSTATUS_MIE
            EXPECT(s9, 2); EXPECT(s6, INT(3)); EXPECT(s10, INT(7))

  /* ---- M-level interrupt taken in U-mode with MIE = 0 ---- */
  CHECK(13); CLEAR_STATE; li a1, IRQ_MTI; csrw mie, a1; SET_MTIMECMP(zero)
            WAIT_MIP(IRQ_MTI, 10000)
            la s11, 1f; ENTER(0, 2f)
2:          WAIT_NONZERO(s9, 1000)                                   /* U-mode */
            ecall
1:          EXPECT(s2, 8); EXPECT(s9, 1); EXPECT(s6, INT(7))
            srli t3, s8, 11; andi t3, t3, 3; EXPECT(t3, 0)           /* MPP = U */
            csrw mie, zero

  /* ---- delegated supervisor software interrupt ---- */
  CHECK(14); CLEAR_STATE; li a1, IRQ_SSI; csrw mideleg, a1; csrw mie, a1
            csrsi mstatus, MSTATUS_SIE
            la s11, 1f; ENTER(1, 2f)
2:          csrsi sip, IRQ_SSI                                       /* S raises its own SSIP */
            WAIT_NONZERO(s4, 1000)
            ecall
1:          EXPECT(s2, 9)                                            /* back in S after sret */
            EXPECT(s9, 0); EXPECT(s4, INT(1))
            srli t3, a4, 8; andi t3, t3, 1; EXPECT(t3, 1)            /* SPP = S */
            srli t3, a4, 5; andi t3, t3, 1; EXPECT(t3, 1)            /* SPIE = old SIE */
            srli t3, a4, 1; andi t3, t3, 1; EXPECT(t3, 0)            /* SIE cleared */
            csrr a1, mip; andi a1, a1, IRQ_SSI; EXPECT(a1, 0)        /* handler cleared it */
  CHECK(15); /* delegated: never taken in M, even with MIE = 1 */
            CLEAR_STATE; csrsi mip, IRQ_SSI; csrsi mstatus, MSTATUS_MIE
            li t2, 500
1:          addi t2, t2, -1; bnez t2, 1b
            csrci mstatus, MSTATUS_MIE
            EXPECT(s9, 0); EXPECT(s4, 0)
  CHECK(16); /* in S with SIE = 0: not taken */
            csrci mstatus, MSTATUS_SIE
            la s11, 1f; ENTER(1, 2f)
2:          li t2, 500
3:          addi t2, t2, -1; bnez t2, 3b
            ecall
1:          EXPECT(s2, 9); EXPECT(s4, 0); EXPECT(s9, 0)
  CHECK(17); /* in U: S-level interrupts are always enabled */
            la s11, 1f; ENTER(0, 2f)
2:          WAIT_NONZERO(s4, 1000)
            ecall
1:          EXPECT(s2, 8); EXPECT(s4, INT(1)); EXPECT(s9, 0)
            srli t3, a4, 8; andi t3, t3, 1; EXPECT(t3, 0)            /* SPP = U */
            la t3, 2b; bltu s5, t3, test_fail; la t3, 1b; bgeu s5, t3, test_fail   /* sepc in the U code */
  CHECK(18); /* not delegated: the same SSI goes to M, taken in S regardless of MIE */
            CLEAR_STATE; csrw mideleg, zero; li a1, IRQ_SSI; csrw mie, a1; csrsi mip, IRQ_SSI
            la s11, 1f; ENTER(1, 2f)
2:          WAIT_NONZERO(s9, 1000)
            ecall
1:          EXPECT(s2, 9); EXPECT(s4, 0); EXPECT(s9, 1); EXPECT(s6, INT(1))
            srli t3, s8, 11; andi t3, t3, 3; EXPECT(t3, 1)           /* MPP = S */

  /* ---- delegated supervisor timer interrupt raised by M through mip.STIP ---- */
  CHECK(19); CLEAR_STATE; li a1, IRQ_STI; csrw mideleg, a1; csrw mie, a1
            csrs mip, a1; csrr a2, sip; andi a2, a2, IRQ_STI; EXPECT(a2, IRQ_STI)
            csrsi mstatus, MSTATUS_SIE
            la s11, 1f; ENTER(1, 2f)
2:          WAIT_NONZERO(s4, 1000)
            ecall
1:          EXPECT(s2, 9); EXPECT(s4, INT(5)); EXPECT(s9, 0)
            li a1, IRQ_STI; csrc mip, a1; csrw mie, zero; csrw mideleg, zero
            csrci mstatus, MSTATUS_SIE

  /* ---- priority among S-level interrupts: SSI before STI ---- */
  CHECK(20); CLEAR_STATE; li a1, IRQ_SSI | IRQ_STI; csrw mideleg, a1; csrw mie, a1
            csrs mip, a1                                             /* both pending */
            csrsi mstatus, MSTATUS_SIE
            la s11, 1f; ENTER(1, 2f)
2:          li t2, 500
3:          addi t2, t2, -1; bnez t2, 3b
            ecall
1:          EXPECT(s2, 9); EXPECT(a5, INT(1)); EXPECT(s4, INT(5)); EXPECT(s9, 0)
            li a1, IRQ_STI; csrc mip, a1; csrw mie, zero

  /* ---- M-level before S-level: MTI (to M) before a delegated SSI, in S ---- */
  CHECK(21); CLEAR_STATE; li a1, IRQ_SSI; csrw mideleg, a1
            li a1, IRQ_SSI | IRQ_MTI; csrw mie, a1
            SET_MTIMECMP(zero); WAIT_MIP(IRQ_MTI, 10000)
            csrsi mip, IRQ_SSI; csrsi mstatus, MSTATUS_SIE
            la s11, 1f; ENTER(1, 2f)
2:          li t2, 500
3:          addi t2, t2, -1; bnez t2, 3b
            ecall
1:          EXPECT(s2, 9); EXPECT(s6, INT(7)); EXPECT(s9, 1)
            EXPECT(a5, INT(1)); EXPECT(a6, 1)                        /* SSI came after MTI */
            csrw mie, zero; csrw mideleg, zero; csrci mstatus, MSTATUS_SIE
  PASS

/* M-mode trap handler. Interrupts: s9 counts them, s6 = first cause,
   s10 = last cause, s7 = mepc, s8 = mstatus; the source is then cleared.
   Exceptions: s2 = mcause, s3 = mepc; resume in M-mode at s11. Uses only
   t0 and t1. */
  .balign 4
mhandler:
  csrr t0, mcause
  bgez t0, mexception
  bnez s9, 1f
  mv s6, t0
1:
  mv s10, t0
  addi s9, s9, 1
  csrr s7, mepc
  csrr s8, mstatus
  andi t0, t0, 0x3f
  li t1, 7
  bne t0, t1, 2f
  li t0, CLINT_MTIMECMP        /* MTI: push mtimecmp out of reach */
  li t1, -1
  sd t1, 0(t0)
  mret
2:
  li t1, 3
  bne t0, t1, 3f
  li t0, CLINT_MSIP            /* MSI: clear msip */
  sw zero, 0(t0)
  mret
3:
  li t1, 1
  bne t0, t1, 4f
  csrci mip, IRQ_SSI           /* SSI: clear SSIP */
  mret
4:
  li gp, 100                   /* unexpected interrupt */
  j test_fail
mexception:
  beqz s11, unexpected_trap     /* no resume address: not expected */
  csrr s2, mcause
  csrr s3, mepc
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  li t0, MSTATUS_MPIE          /* resume with MIE = 0 */
  csrc mstatus, t0
  csrw mepc, s11
  li s11, 0                    /* each resume address is used once */
  mret

/* S-mode trap handler: s4 = scause, s5 = sepc, a4 = sstatus, a5 = the first
   scause since CLEAR_STATE, a6 = s9 at that moment. SSI: clear
   sip.SSIP; STI: disable STIE (STIP is read-only to S). Anything else
   fails. */
  .balign 4
shandler:
  csrr s4, scause
  csrr s5, sepc
  csrr a4, sstatus
  bnez a5, 5f
  mv a5, s4                    /* first S-mode interrupt */
  mv a6, s9                    /* M-mode interrupts taken before it */
5:
  li t0, INT(1)
  bne s4, t0, 1f
  csrci sip, IRQ_SSI
  sret
1:
  li t0, INT(5)
  bne s4, t0, 2f
  li t0, IRQ_STI
  csrc sie, t0
  sret
2:
  li gp, 101
  j test_fail
TEST_END
