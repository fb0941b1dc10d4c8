/* Traps (privileged spec 20211203, chapter 3 and 4.1): ecall from M/S/U
   (mcause 11/9/8, mepc = the ecall, mtval = 0), ebreak, illegal
   instructions with mtval = the instruction bits, mret/sret privilege
   transitions and their effect on MPP/MPIE/MIE and SPP/SPIE/SIE, MPRV
   cleared by mret to a lower mode, TSR/TVM, medeleg delegation to S-mode
   (scause/sepc/stval/stvec, sstatus.SPP/SPIE), traps taken in M-mode never
   delegated, mtvec vectored mode (interrupts at base + 4 * cause,
   exceptions at base), access faults on load/store/AMO/fetch at an unmapped
   address (mtval = the address), misaligned load/store traps. */
#include "guest_test.h"

#define MSTATUS_SIE  (1 << 1)
#define MSTATUS_MIE  (1 << 3)
#define MSTATUS_SPIE (1 << 5)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_SPP  (1 << 8)
#define MSTATUS_MPP  (3 << 11)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_TVM  (1 << 20)
#define MSTATUS_TSR  (1 << 22)
#define UNMAPPED     0x40000000
#define CLINT_MSIP   0x2000000

/* mret to `target` in mode (0 U, 1 S, 3 M). Clobbers t0. */
#define ENTER(mode, target)                                   \
  li t0, MSTATUS_MPP; csrc mstatus, t0;                       \
  li t0, (mode) << 11; csrs mstatus, t0;                      \
  la t0, target; csrw mepc, t0; mret

/* Fail unless (reg >> shift) & mask == value. Clobbers t1. */
#define FIELD(reg, shift, mask, value) \
  srli t1, reg, shift; andi t1, t1, mask; li t6, value; bne t1, t6, test_fail

TEST_BEGIN
  la t0, mtrap
  csrw mtvec, t0
  la t0, strap
  csrw stvec, t0
  la s10, buf

  /* ---- ecall from M ---- */
  CHECK(1); la s11, 1f; li s2, -1; li s4, -1
2:          ecall
            j test_fail
1:          EXPECT(s2, 11); la t0, 2b; bne s3, t0, test_fail; EXPECT(s4, 0)
            FIELD(s5, 11, 3, 3)                      /* MPP = M */
            FIELD(s5, 3, 1, 0)                       /* MIE cleared */
  CHECK(2); csrsi mstatus, MSTATUS_MIE               /* MIE=1 (mie is 0: nothing fires) */
            la s11, 1f
            ecall
1:          FIELD(s5, 7, 1, 1)                       /* MPIE = old MIE */
            FIELD(s5, 3, 1, 0)
            csrr t2, mstatus; FIELD(t2, 3, 1, 1)     /* mret restored MIE from MPIE */
            csrci mstatus, MSTATUS_MIE

  /* ---- ecall from S and from U ---- */
  CHECK(3); la s11, 1f; li s2, -1; ENTER(1, 2f)
2:          ecall
            j test_fail
1:          EXPECT(s2, 9); la t0, 2b; bne s3, t0, test_fail; EXPECT(s4, 0)
            FIELD(s5, 11, 3, 1)                      /* MPP = S */
  CHECK(4); la s11, 1f; li s2, -1; ENTER(0, 2f)
2:          ecall
            j test_fail
1:          EXPECT(s2, 8); la t0, 2b; bne s3, t0, test_fail; EXPECT(s4, 0)
            FIELD(s5, 11, 3, 0)                      /* MPP = U */
  CHECK(5); /* MPIE=1 before mret: MIE=1 in U, then the trap moves it to MPIE */
            li t0, MSTATUS_MPIE; csrs mstatus, t0
            la s11, 1f; ENTER(0, 2f)
2:          ecall
1:          EXPECT(s2, 8); FIELD(s5, 7, 1, 1); FIELD(s5, 3, 1, 0)
            csrci mstatus, MSTATUS_MIE

  /* ---- ebreak ---- */
  CHECK(6); la s11, 1f; li s2, -1
2:          ebreak
            j test_fail
1:          EXPECT(s2, 3); la t0, 2b; bne s3, t0, test_fail; bne s4, t0, test_fail
  CHECK(7); la s11, 1f; li s2, -1; ENTER(0, 2f)      /* from U: still to M, cause 3 */
2:          ebreak
            j test_fail
1:          EXPECT(s2, 3); la t0, 2b; bne s3, t0, test_fail; FIELD(s5, 11, 3, 0)

  /* ---- illegal instructions: mtval = the instruction bits ---- */
  CHECK(8); la s11, 1f; li s2, -1
2:          .word 0x40007033                         /* "and" with funct7 = 0x20: reserved */
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s4, 0x40007033); la t0, 2b; bne s3, t0, test_fail
  CHECK(9); la s11, 1f; li s2, -1
            .word 0x00000053                         /* fadd.s: no F extension */
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s4, 0x00000053)
  CHECK(10); la s11, 1f; li s2, -1
            .word 0x0200101b                         /* slliw with shamt[5] = 1: reserved */
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s4, 0x0200101b)
  CHECK(11); la s11, 1f; li s2, -1
            .word 0xffffffff                         /* not a 32-bit encoding we implement */
            j test_fail
1:          EXPECT(s2, 2)
  CHECK(12); la s11, 1f; li s2, -1; ENTER(1, 2f)     /* mret in S */
2:          mret
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s4, 0x30200073); FIELD(s5, 11, 3, 1)
  CHECK(13); la s11, 1f; li s2, -1; ENTER(0, 2f)     /* mret in U */
2:          mret
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s4, 0x30200073)
  CHECK(14); la s11, 1f; li s2, -1; ENTER(0, 2f)     /* sret in U */
2:          sret
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s4, 0x10200073)
  CHECK(15); la s11, 1f; li s2, -1; ENTER(0, 2f)     /* sfence.vma in U */
2:          sfence.vma
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s4, 0x12000073)

  /* ---- mret: MIE <- MPIE, MPIE <- 1, MPP <- U (least privileged) ---- */
  CHECK(16); li t0, MSTATUS_MPIE; csrs mstatus, t0; csrci mstatus, MSTATUS_MIE
            ENTER(3, 1f)
1:          csrr t2, mstatus; FIELD(t2, 3, 1, 1); FIELD(t2, 7, 1, 1); FIELD(t2, 11, 3, 0)
  CHECK(17); li t0, MSTATUS_MPIE; csrc mstatus, t0   /* MPIE = 0: MIE becomes 0 */
            ENTER(3, 1f)
1:          csrr t2, mstatus; FIELD(t2, 3, 1, 0); FIELD(t2, 7, 1, 1)
  CHECK(18); /* mret to S clears MPRV */
            li t0, MSTATUS_MPRV; csrs mstatus, t0
            la s11, 1f; ENTER(1, 2f)
2:          ecall
1:          EXPECT(s2, 9); FIELD(s5, 17, 1, 0)
  CHECK(19); /* mret to M keeps MPRV */
            li t0, MSTATUS_MPRV; csrs mstatus, t0
            ENTER(3, 1f)
1:          csrr t2, mstatus; FIELD(t2, 17, 1, 1)
            li t0, MSTATUS_MPRV; csrc mstatus, t0

  /* ---- sret: SIE <- SPIE, SPIE <- 1, SPP <- U; target from SPP ---- */
  CHECK(20); li t0, MSTATUS_SPP | MSTATUS_SPIE; csrs mstatus, t0
            csrci mstatus, MSTATUS_SIE
            la t0, 3f; csrw sepc, t0
            la s11, 1f; ENTER(1, 2f)
2:          sret                                     /* S -> S */
            j test_fail
3:          csrr s6, sstatus
            ecall                                    /* proves we are in S: cause 9 */
1:          EXPECT(s2, 9); FIELD(s6, 1, 1, 1); FIELD(s6, 5, 1, 1); FIELD(s6, 8, 1, 0)
  CHECK(21); csrci mstatus, MSTATUS_SIE
            li t0, MSTATUS_SPP | MSTATUS_SPIE; csrc mstatus, t0   /* SPP = U, SPIE = 0 */
            la t0, 3f; csrw sepc, t0
            la s11, 1f; li s2, -1; ENTER(1, 2f)
2:          sret                                     /* S -> U */
            j test_fail
3:          ecall
1:          EXPECT(s2, 8); FIELD(s5, 1, 1, 0); FIELD(s5, 5, 1, 1)  /* SIE = old SPIE = 0 */
  CHECK(22); /* sret in M goes to SPP's mode too */
            li t0, MSTATUS_SPP; csrs mstatus, t0
            la t0, 3f; csrw sepc, t0
            la s11, 1f; li s2, -1
            sret
            j test_fail
3:          ecall
1:          EXPECT(s2, 9)
  CHECK(23); /* TSR: sret in S is illegal */
            li t0, MSTATUS_TSR; csrs mstatus, t0
            la s11, 1f; li s2, -1; ENTER(1, 2f)
2:          sret
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s4, 0x10200073)
            li t0, MSTATUS_TSR; csrc mstatus, t0
  CHECK(24); /* TVM: satp access and sfence.vma in S are illegal */
            li t0, MSTATUS_TVM; csrs mstatus, t0
            la s11, 1f; li s2, -1; ENTER(1, 2f)
2:          csrr a0, satp
            j test_fail
1:          EXPECT(s2, 2)
            la s11, 1f; li s2, -1; ENTER(1, 2f)
2:          sfence.vma
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s4, 0x12000073)
            li t0, MSTATUS_TVM; csrc mstatus, t0
  CHECK(25); /* without TVM both work in S */
            la s11, 1f; li s2, -1; ENTER(1, 2f)
2:          csrr a0, satp; sfence.vma; ecall
1:          EXPECT(s2, 9)

  /* ---- medeleg: ecall from U handled in S ---- */
  CHECK(26); li t0, 1 << 8; csrw medeleg, t0; csrr t2, medeleg; EXPECT(t2, 1 << 8)
            li t0, MSTATUS_SIE; csrs mstatus, t0     /* SIE=1: becomes SPIE */
            li s6, -1; li s7, -1; li s8, -1
            la s11, 1f; ENTER(0, 2f)
2:          ecall                                    /* -> strap (S), which ecalls to M */
            j test_fail
1:          EXPECT(s2, 9)                            /* M saw the S-mode ecall */
            EXPECT(s6, 8); la t0, 2b; bne s7, t0, test_fail; EXPECT(s8, 0)
            FIELD(s9, 8, 1, 0)                       /* SPP = U */
            FIELD(s9, 5, 1, 1)                       /* SPIE = old SIE */
            FIELD(s9, 1, 1, 0)                       /* SIE cleared */
  CHECK(27); /* mcause/mepc untouched by the delegated trap itself */
            li s6, -1; la s11, 1f; ENTER(0, 2f)
2:          ecall
1:          EXPECT(s6, 8); la t0, strap_ecall; bne s3, t0, test_fail   /* mepc = S handler's ecall */
  CHECK(28); /* delegated illegal instruction from S: SPP = S */
            li t0, (1 << 8) | (1 << 2); csrw medeleg, t0
            li s6, -1; la s11, 1f; ENTER(1, 2f)
2:          .word 0x40007033
            j test_fail
1:          EXPECT(s6, 2); EXPECT(s8, 0x40007033); la t0, 2b; bne s7, t0, test_fail
            FIELD(s9, 8, 1, 1)
  CHECK(29); /* traps taken in M are never delegated */
            la s11, 1f; li s2, -1; li s6, -1
            .word 0x40007033
            j test_fail
1:          EXPECT(s2, 2); EXPECT(s6, -1)
  CHECK(30); /* a non-delegated cause from U still goes to M */
            la s11, 1f; li s2, -1; li s6, -1; ENTER(0, 2f)
2:          ebreak
1:          EXPECT(s2, 3); EXPECT(s6, -1)
            csrw medeleg, zero
  CHECK(31); /* stvec vectored: exceptions still go to BASE */
            la t0, strap; ori t0, t0, 1; csrw stvec, t0
            li t0, 1 << 8; csrw medeleg, t0
            li s6, -1; la s11, 1f; ENTER(0, 2f)
2:          ecall
1:          EXPECT(s6, 8)
            csrw medeleg, zero; la t0, strap; csrw stvec, t0

  /* ---- mepc[0] is always zero ---- */
  CHECK(32); li t0, 0x80001235; csrw mepc, t0; csrr t2, mepc; EXPECT(t2, 0x80001234)
            la t0, mtrap; csrw mtvec, t0

  /* ---- access faults at an unmapped physical address ---- */
  CHECK(33); li a0, UNMAPPED; la s11, 1f; li s2, -1
            lw a1, 0(a0)
            j test_fail
1:          EXPECT(s2, 5); EXPECT(s4, UNMAPPED)
  CHECK(34); la s11, 1f; li s2, -1
            ld a1, 8(a0)
1:          EXPECT(s2, 5); EXPECT(s4, UNMAPPED + 8)
  CHECK(35); la s11, 1f; li s2, -1
            sw a1, 16(a0)
1:          EXPECT(s2, 7); EXPECT(s4, UNMAPPED + 16)
  CHECK(36); la s11, 1f; li s2, -1
            sb a1, 3(a0)
1:          EXPECT(s2, 7); EXPECT(s4, UNMAPPED + 3)
  CHECK(37); la s11, 1f; li s2, -1
            amoadd.w a1, a1, (a0)
1:          EXPECT(s2, 7); EXPECT(s4, UNMAPPED)
  CHECK(38); la s11, 1f; li s2, -1
            lr.d a1, (a0)
1:          EXPECT(s2, 5); EXPECT(s4, UNMAPPED)
  CHECK(39); la s11, 1f; li s2, -1; li s3, -1
            jalr ra, 0(a0)                           /* fetch fault */
1:          EXPECT(s2, 1); EXPECT(s3, UNMAPPED); EXPECT(s4, UNMAPPED)
  CHECK(40); la s11, 1f; li s2, -1                 /* fetch fault on mret's target, from S */
            li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, 1 << 11; csrs mstatus, t0
            li t0, UNMAPPED; csrw mepc, t0; mret
1:          EXPECT(s2, 1); EXPECT(s3, UNMAPPED); FIELD(s5, 11, 3, 1)
  CHECK(41); la s11, 1f; li s2, -1; li a1, 0x7ffffffffff0
            lw a2, 0(a1)                             /* far above DRAM */
1:          EXPECT(s2, 5); EXPECT(s4, 0x7ffffffffff0)

  /* ---- misaligned loads and stores trap (core.misaligned = trap) ---- */
  CHECK(42); li t0, 0x1122334455667788; sd t0, 0(s10); sd t0, 8(s10)
            addi a0, s10, 1; la s11, 1f; li s2, -1
            lw a1, 0(a0)
            j test_fail
1:          EXPECT(s2, 4); bne s4, a0, test_fail
  CHECK(43); addi a0, s10, 6; la s11, 1f; li s2, -1
            ld a1, 0(a0)
1:          EXPECT(s2, 4); bne s4, a0, test_fail
  CHECK(44); addi a0, s10, 3; la s11, 1f; li s2, -1
            lhu a1, 0(a0)
1:          EXPECT(s2, 4); bne s4, a0, test_fail
  CHECK(45); addi a0, s10, 2; la s11, 1f; li s2, -1; li a1, 0
            sw a1, 0(a0)
1:          EXPECT(s2, 6); bne s4, a0, test_fail
            ld t2, 0(s10); EXPECT(t2, 0x1122334455667788)   /* nothing written */
  CHECK(46); addi a0, s10, 5; la s11, 1f; li s2, -1
            sd a1, 0(a0)
1:          EXPECT(s2, 6); bne s4, a0, test_fail
            ld t2, 0(s10); EXPECT(t2, 0x1122334455667788); ld t2, 8(s10); EXPECT(t2, 0x1122334455667788)
  CHECK(47); addi a0, s10, 1; la s11, 1f; li s2, -1
            sh a1, 0(a0)
1:          EXPECT(s2, 6); bne s4, a0, test_fail
  CHECK(48); addi a0, s10, 4; lw a1, 0(a0); EXPECT(a1, 0x11223344)  /* aligned: fine */
            lh a1, 2(s10); EXPECT(a1, 0x5566); lb a1, 7(s10); EXPECT(a1, 0x11)

  /* ---- mtvec vectored mode ---- */
  CHECK(49); la t0, vec_table; ori t0, t0, 1; csrw mtvec, t0
            csrr t2, mtvec; andi t2, t2, 3; EXPECT(t2, 1)
            la s11, 1f; li s2, -1
            ecall                                    /* exception: to BASE */
1:          EXPECT(s2, 11)
  CHECK(50); li s6, 0; li s7, 0
            li t0, 1 << 3; csrw mie, t0              /* MSIE */
            csrsi mstatus, MSTATUS_MIE
            li t0, CLINT_MSIP; li t1, 1
4:          sw t1, 0(t0)
            li t2, 100000
2:          bnez s6, 3f
            addi t2, t2, -1; bnez t2, 2b
            j test_fail
3:          li t6, 0x8000000000000003; bne s6, t6, test_fail
            EXPECT(s7, 3)                            /* entered at BASE + 12 */
            csrci mstatus, MSTATUS_MIE; csrw mie, zero
  CHECK(51); /* the vector-table handler saw mepc inside the waiting code */
            la t0, 4b; la t1, 3b; bleu s8, t0, test_fail; bgtu s8, t1, test_fail
            la t0, mtrap; csrw mtvec, t0
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

/* S-mode handler: records scause, sepc, stval, sstatus in s6..s9, then
   ecalls to M (mtrap resumes at s11). */
  .balign 4
strap:
  csrr s6, scause
  csrr s7, sepc
  csrr s8, stval
  csrr s9, sstatus
strap_ecall:
  ecall
  j test_fail

/* Vectored mtvec: entry n at BASE + 4n. */
  .balign 256
  .option push
  .option norvc
vec_table:
  j mtrap          /* 0: all exceptions */
  j vec_bad        /* 1: SSI */
  j vec_bad        /* 2 */
  jal x0, vec_msi  /* 3: MSI */
  j vec_bad
  j vec_bad
  j vec_bad
  j vec_bad        /* 7: MTI */
  j vec_bad
  j vec_bad
  j vec_bad
  j vec_bad        /* 11: MEI; also where a wrongly vectored ecall-from-M lands */
  .option pop
vec_bad:
  li gp, 99
  j test_fail
vec_msi:
  csrr s6, mcause
  csrr s8, mepc
  li s7, 3               /* entry index reached (only vec_table+12 jumps here) */
  li t0, CLINT_MSIP
  sw zero, 0(t0)         /* clear the source before returning */
  mret

  .section .data
  .balign 16
buf: .fill 64, 1, 0
TEST_END
