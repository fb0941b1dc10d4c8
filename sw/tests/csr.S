/* CSRs (unprivileged 20191213 chapters 9/10, privileged 20211203 chapters 2,
   3 and 4): the Zicsr read/write rules (csrrs/csrrc with x0 do not write,
   a non-x0 zero source still writes), misa, mhartid and the ID registers,
   mstatus/sstatus WARL fields and the sstatus view, read-only and
   nonexistent CSRs trapping with mtval = the instruction, privilege checks
   on the CSR number, mcounteren/scounteren gating cycle/time/instret/hpm3
   from S and U, minstret/mcycle writes, time advancing with CLINT mtime,
   mie/mip/sie/sip masking through mideleg. */
#include "guest_test.h"

#define MSTATUS_SIE  (1 << 1)
#define MSTATUS_MIE  (1 << 3)
#define MSTATUS_SPIE (1 << 5)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_SPP  (1 << 8)
#define MSTATUS_MPP  (3 << 11)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM  (1 << 18)
#define MSTATUS_MXR  (1 << 19)
#define MSTATUS_TVM  (1 << 20)
#define MSTATUS_TW   (1 << 21)
#define MSTATUS_TSR  (1 << 22)
/* Fields an RV64 hart with S and U modes must let M-mode write. */
#define MSTATUS_REQUIRED (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | \
                          MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM |    \
                          MSTATUS_TW | MSTATUS_TSR)
#define CLINT_MTIME 0x200bff8

#define ENTER(mode, target)                                   \
  li t0, MSTATUS_MPP; csrc mstatus, t0;                       \
  li t0, (mode) << 11; csrs mstatus, t0;                      \
  la t0, target; csrw mepc, t0; mret

/* Run `insn` in `mode`, then ecall. Afterwards s2 = 2 if insn trapped as
   illegal, or 8/9 (the ecall) if it was allowed; s3 = mepc; s4 = mtval. */
#define TRY_IN(mode, insn...) \
  la s11, 71f; li s2, -1; ENTER(mode, 72f); 72: insn; ecall; 71:

/* rd = the 32-bit instruction at (ra_), which may be only 2-byte aligned. */
#define LOAD_INSN(rd, ra_) lhu rd, 0(ra_); lhu t2, 2(ra_); slli t2, t2, 16; or rd, rd, t2

/* Expect `insn` (in M-mode) to trap as illegal with mtval = its encoding. */
#define ILLEGAL_M(insn...)                                     \
  la s11, 73f; li s2, -1; 74: insn; j test_fail; 73:           \
  EXPECT(s2, 2); la t0, 74b; LOAD_INSN(t1, t0); bne s4, t1, test_fail; bne s3, t0, test_fail

TEST_BEGIN
  la t0, mtrap
  csrw mtvec, t0

  /* ---- identification ---- */
  CHECK(1); csrr a0, misa; EXPECT(a0, 0x8000000000141105)   /* MXL=2 (RV64), A C I M S U */
  CHECK(2); csrr a0, mhartid; EXPECT(a0, 0)
  CHECK(3); csrr a0, mvendorid; csrr a1, marchid; csrr a2, mimpid   /* readable */
            csrw misa, zero; csrr a0, misa; EXPECT(a0, 0x8000000000141105)   /* WARL: still legal */

  /* ---- Zicsr semantics on a scratch register ---- */
  CHECK(4); li a1, 0x1234; csrw mscratch, a1; li a2, 0x5678; csrrw a0, mscratch, a2
            EXPECT(a0, 0x1234); csrr a0, mscratch; EXPECT(a0, 0x5678)
  CHECK(5); li a1, 0xf0; csrrs a0, mscratch, a1; EXPECT(a0, 0x5678); csrr a0, mscratch; EXPECT(a0, 0x56f8)
  CHECK(6); li a1, 0x0f; csrrc a0, mscratch, a1; EXPECT(a0, 0x56f8); csrr a0, mscratch; EXPECT(a0, 0x56f0)
  CHECK(7); csrrwi a0, mscratch, 31; EXPECT(a0, 0x56f0); csrr a0, mscratch; EXPECT(a0, 31)
  CHECK(8); csrrci a0, mscratch, 0x11; EXPECT(a0, 31); csrr a0, mscratch; EXPECT(a0, 14)
  CHECK(9); csrrsi a0, mscratch, 0x10; EXPECT(a0, 14); csrr a0, mscratch; EXPECT(a0, 30)
  CHECK(10); li a1, -1; csrw mscratch, a1; csrr a0, mscratch; EXPECT(a0, -1)    /* full 64 bits */
  CHECK(11); li a1, 0x55; csrw sscratch, a1; csrrw a1, sscratch, a1; EXPECT(a1, 0x55)   /* rd == rs1 */

  /* ---- mstatus / sstatus ---- */
  CHECK(12); csrr a0, mstatus; srli a1, a0, 32; andi a1, a1, 0xf; EXPECT(a1, 0xa)   /* UXL = SXL = 64 */
  CHECK(13); li a1, -1; csrw mstatus, a1; csrr a0, mstatus
            li t1, MSTATUS_REQUIRED; and a2, a0, t1; bne a2, t1, test_fail
            srli a1, a0, 32; andi a1, a1, 0xf; EXPECT(a1, 0xa)          /* still read-only 64 */
            srli a1, a0, 36; andi a1, a1, 3; EXPECT(a1, 0)              /* SBE, MBE: little-endian */
            srli a1, a0, 6; andi a1, a1, 1; EXPECT(a1, 0)               /* UBE */
  CHECK(14); csrw mstatus, zero; csrr a0, mstatus; li t1, MSTATUS_REQUIRED; and a2, a0, t1; EXPECT(a2, 0)
  CHECK(15); li a1, 1 << 11; csrw mstatus, a1; csrr a0, mstatus; srli a0, a0, 11; andi a0, a0, 3; EXPECT(a0, 1)
  CHECK(16); li a1, 2 << 11; csrw mstatus, a1                         /* MPP = 2 is reserved: WARL */
            csrr a0, mstatus; srli a0, a0, 11; andi a0, a0, 3; EXPECT(a0, 1)   /* old value kept */
  CHECK(17); li a1, 3 << 11; csrs mstatus, a1; csrr a0, mstatus; srli a0, a0, 11; andi a0, a0, 3; EXPECT(a0, 3)
  CHECK(18); li a1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
            csrw mstatus, a1; csrci mstatus, MSTATUS_MIE
            csrr a0, sstatus; li t1, 0x00000000ffffffff; and a0, a0, t1; EXPECT(a0, 0)   /* none visible */
  CHECK(19); li a1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR; csrs mstatus, a1
            csrr a0, sstatus; li t1, 0xffffffff; and a0, a0, t1
            EXPECT(a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR)
            csrr a0, sstatus; srli a0, a0, 32; andi a0, a0, 3; EXPECT(a0, 2)   /* UXL visible */
  CHECK(20); li a1, -1; csrw mstatus, zero; csrw sstatus, a1; csrr a0, mstatus
            li t1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
            and a2, a0, t1; EXPECT(a2, 0)                               /* sstatus can't reach M fields */
            li t1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
            and a2, a0, t1; bne a2, t1, test_fail
            csrw mstatus, zero

  /* ---- read-only CSRs: writes trap, reads and x0-source set/clear don't ---- */
  CHECK(21); ILLEGAL_M(csrw mhartid, zero)
  CHECK(22); ILLEGAL_M(csrw cycle, zero)
  CHECK(23); ILLEGAL_M(csrwi mvendorid, 0)
  CHECK(24); li a1, 0; ILLEGAL_M(csrrs a0, mhartid, a1)          /* zero value, but rs1 != x0 */
  CHECK(25); ILLEGAL_M(csrrci a0, mimpid, 1)
  CHECK(26); ILLEGAL_M(csrrw x0, instret, a1)
  CHECK(27); la s11, 1f; li s2, -1
            csrrs a0, mhartid, x0; csrrc a0, marchid, x0; csrrsi a0, mimpid, 0; csrrci a0, cycle, 0
            j 2f
1:          j test_fail                                         /* none of them may trap */
2:
  /* ---- nonexistent CSRs ---- */
  CHECK(28); ILLEGAL_M(csrr a0, 0x001)       /* fflags: no F */
  CHECK(29); ILLEGAL_M(csrr a0, 0x3a1)       /* pmpcfg1 does not exist on RV64 */
  CHECK(30); ILLEGAL_M(csrr a0, 0x7b0)       /* dcsr: debug mode only */
  CHECK(31); ILLEGAL_M(csrr a0, 0x600)       /* hstatus: no H */
  CHECK(32); ILLEGAL_M(csrw 0x3a3, zero)     /* pmpcfg3 */
  CHECK(33); ILLEGAL_M(csrrs a0, 0x180 + 0x40, x0)   /* 0x1c0: unallocated S-mode number */

  /* ---- privilege encoded in the CSR number ---- */
  CHECK(34); TRY_IN(0, csrr a0, mstatus); EXPECT(s2, 2)
            la t0, 72b; LOAD_INSN(t1, t0); bne s4, t1, test_fail
  CHECK(35); TRY_IN(0, csrr a0, sstatus); EXPECT(s2, 2)
  CHECK(36); TRY_IN(0, csrw sscratch, zero); EXPECT(s2, 2)
  CHECK(37); TRY_IN(1, csrr a0, mscratch); EXPECT(s2, 2)
  CHECK(38); TRY_IN(1, csrw mie, zero); EXPECT(s2, 2)
  CHECK(39); TRY_IN(1, csrr a0, mhartid); EXPECT(s2, 2)
  CHECK(40); li a1, 0x77; csrw sscratch, a1
            TRY_IN(1, csrr a0, sscratch); EXPECT(s2, 9); EXPECT(a0, 0x77)
  CHECK(41); TRY_IN(1, csrr a0, sstatus; csrw stvec, zero; csrr a1, sepc); EXPECT(s2, 9)
  CHECK(42); TRY_IN(1, csrr a0, pmpaddr0); EXPECT(s2, 2)

  /* ---- counters: M always; S needs mcounteren; U needs both ---- */
  CHECK(43); csrw mcounteren, zero; csrw scounteren, zero
            rdcycle a0; rdtime a0; rdinstret a0; csrr a0, hpmcounter3  /* M: never gated */
  CHECK(44); TRY_IN(1, rdcycle a0); EXPECT(s2, 2)
  CHECK(45); TRY_IN(1, rdtime a0); EXPECT(s2, 2)
  CHECK(46); TRY_IN(1, rdinstret a0); EXPECT(s2, 2)
  CHECK(47); TRY_IN(1, csrr a0, hpmcounter3); EXPECT(s2, 2)
  CHECK(48); li t0, 7; csrw scounteren, t0
            TRY_IN(0, rdcycle a0); EXPECT(s2, 2)              /* scounteren alone is not enough */
  CHECK(49); li t0, 2; csrw mcounteren, t0                    /* TM only */
            TRY_IN(1, rdtime a0); EXPECT(s2, 9)
  CHECK(50); TRY_IN(1, rdcycle a0); EXPECT(s2, 2)
  CHECK(51); TRY_IN(1, rdinstret a0); EXPECT(s2, 2)
  CHECK(52); li t0, 0xf; csrw mcounteren, t0
            TRY_IN(1, rdcycle a0; rdtime a1; rdinstret a2; csrr a3, hpmcounter3); EXPECT(s2, 9)
  CHECK(53); csrw scounteren, zero
            TRY_IN(0, rdcycle a0); EXPECT(s2, 2)
  CHECK(54); TRY_IN(0, rdtime a0); EXPECT(s2, 2)
  CHECK(55); li t0, 4; csrw scounteren, t0                    /* IR only */
            TRY_IN(0, rdinstret a0); EXPECT(s2, 8)
  CHECK(56); TRY_IN(0, rdtime a0); EXPECT(s2, 2)
  CHECK(57); li t0, 7; csrw scounteren, t0; csrr a0, scounteren; EXPECT(a0, 7)
            TRY_IN(0, rdcycle a0; rdtime a1; rdinstret a2); EXPECT(s2, 8)
  CHECK(58); TRY_IN(0, csrr a0, hpmcounter3); EXPECT(s2, 2)     /* scounteren bit 3 clear */
  CHECK(59); TRY_IN(1, csrw scounteren, zero; rdcycle a0); EXPECT(s2, 9)   /* S may write scounteren */
            csrr a0, scounteren; EXPECT(a0, 0)
  CHECK(60); TRY_IN(0, csrw cycle, zero); EXPECT(s2, 2)          /* read-only even when readable */
            csrw mcounteren, zero

  /* ---- minstret / mcycle writes ---- */
  CHECK(61); li t0, 1000; csrw minstret, t0; csrr a0, minstret
            li t1, 1000; bltu a0, t1, test_fail; li t1, 1001; bgtu a0, t1, test_fail
  CHECK(62); csrr a0, minstret
            nop; nop; nop; nop; nop; nop; nop; nop; nop; nop
            csrr a1, minstret; sub a2, a1, a0; EXPECT(a2, 11)     /* csrr + 10 nops */
  CHECK(63); rdinstret a0; csrr a1, minstret; sub a2, a1, a0; EXPECT(a2, 1)   /* same counter */
  CHECK(64); li t0, 0x100000000000; csrw minstret, t0; rdinstret a0; sub a0, a0, t0
            li t1, 2; bgeu a0, t1, test_fail
  CHECK(65); csrw mcycle, zero; csrr a0, mcycle; li t1, 10000; bgeu a0, t1, test_fail
  CHECK(66); li t0, 0x7000000000000000; csrw mcycle, t0; rdcycle a0; bltu a0, t0, test_fail
            sub a0, a0, t0; li t1, 10000; bgeu a0, t1, test_fail
  CHECK(67); rdcycle a0; li t2, 1000
1:          addi t2, t2, -1; bnez t2, 1b
            rdcycle a1; sub a2, a1, a0; li t1, 500; bltu a2, t1, test_fail    /* time passes (even dual-issue) */

  /* ---- time ---- */
  CHECK(68); rdtime a0; li t2, 20000
1:          addi t2, t2, -1; bnez t2, 1b
            rdtime a1; bleu a1, a0, test_fail                       /* it advanced */
  CHECK(69); li t0, CLINT_MTIME; ld a0, 0(t0); rdtime a1; ld a2, 0(t0)
            bltu a1, a0, test_fail; bltu a2, a1, test_fail         /* monotonic, same clock */
            sub a3, a2, a0; li t1, 1000; bgeu a3, t1, test_fail
  CHECK(70); li t0, 2; csrw mcounteren, t0; csrw scounteren, t0
            TRY_IN(0, rdtime a0; li t2, 20000; 3: addi t2, t2, -1; bnez t2, 3b; rdtime a1); EXPECT(s2, 8)
            bleu a1, a0, test_fail
            csrw mcounteren, zero; csrw scounteren, zero

  /* ---- mie / mip / sie / sip and mideleg ---- */
  CHECK(71); csrw mideleg, zero; li a1, -1; csrw mie, a1; csrr a0, mie
            li t1, 0xaaa; and a2, a0, t1; EXPECT(a2, 0xaaa)           /* all six enables exist */
            csrw mstatus, zero
  CHECK(72); csrr a0, sie; EXPECT(a0, 0)                             /* nothing delegated: zero */
  CHECK(73); li a1, 0x222; csrw mideleg, a1; csrr a0, mideleg; and a0, a0, a1; EXPECT(a0, 0x222)
            csrr a0, sie; EXPECT(a0, 0x222)
  CHECK(74); csrw sie, zero; csrr a0, mie; EXPECT(a0, 0x888)        /* sie only reaches S bits */
            csrw mie, zero
  CHECK(75); csrr a0, mip; li t1, 0x888; and a0, a0, t1; EXPECT(a0, 0)   /* no M sources active */
            li a1, 0x888; csrs mip, a1; csrr a0, mip; and a0, a0, t1; EXPECT(a0, 0)  /* read-only */
  CHECK(76); li a1, 0x2; csrs mip, a1; csrr a0, sip; andi a0, a0, 0x2; EXPECT(a0, 2)   /* SSIP */
            csrc sip, a1; csrr a0, mip; andi a0, a0, 0x2; EXPECT(a0, 0)
  CHECK(77); li a1, 0x20; csrs sip, a1; csrr a0, mip; andi a0, a0, 0x20; EXPECT(a0, 0)  /* STIP read-only in sip */
  CHECK(78); csrw mideleg, zero; li a1, 0x2; csrs mip, a1; csrr a0, sip; EXPECT(a0, 0)  /* not delegated */
            csrc mip, a1
  CHECK(79); li t0, 1 << 8; csrw medeleg, t0; csrr a0, medeleg; EXPECT(a0, 1 << 8); csrw medeleg, zero

  /* ---- sepc / mepc / xtvec ---- */
  CHECK(80); li a1, 0x1235; csrw sepc, a1; csrr a0, sepc; EXPECT(a0, 0x1234)
  CHECK(81); li a1, 0x80001002; csrw mepc, a1; csrr a0, mepc; EXPECT(a0, 0x80001002)   /* bit 1 kept (C) */
  CHECK(82); li a1, 0x80004001; csrw stvec, a1; csrr a0, stvec; EXPECT(a0, 0x80004001)  /* vectored */
  CHECK(83); la t0, mtrap; csrw mtvec, t0; csrr a0, mtvec; bne a0, t0, test_fail
  PASS

/* M-mode handler for expected exceptions: records mcause, mepc, mtval and
   mstatus in s2..s5, then resumes in M-mode at the address in s11. */
  .balign 4
mtrap:
  beqz s11, unexpected_trap     /* no resume address: not expected */
  csrr s2, mcause
  csrr s3, mepc
  csrr s4, mtval
  csrr s5, mstatus
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  csrw mepc, s11
  li s11, 0                    /* each resume address is used once */
  mret
TEST_END
