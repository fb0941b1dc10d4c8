/* Zifencei (unprivileged spec 20191213, chapter 3): self-modifying code.
   A store over existing (already executed) code followed by fence.i makes
   the new instruction visible to fetch on this hart: whole-word, partial
   (one byte of an immediate) and compressed rewrites, code patched just
   ahead in the same straight-line sequence, a patch/execute loop, and the
   same through virtual aliases in S-mode (write through one virtual page,
   execute through another, both mapping one physical page; and a patch
   made by M-mode with physical addresses, fenced in S). */
#include "guest_test.h"

#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_MPP  (3 << 11)
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_A 0x40
#define PTE_D 0x80
#define SATP_SV39 (8 << 60)
#define VA_EXEC  0x40000000       /* smc_page, R+X */
#define VA_WRITE 0x40001000       /* smc_page, R+W */

/* addi a0, zero, imm */
#define LI_A0(imm) ((((imm) & 0xfff) << 20) | 0x513)
/* c.li a0, imm (imm in -32..31) */
#define C_LI_A0(imm) (0x4000 | (10 << 7) | ((((imm) >> 5) & 1) << 12) | (((imm) & 0x1f) << 2) | 1)

#define ENTER(mode, target)                                   \
  li t0, MSTATUS_MPP; csrc mstatus, t0;                       \
  li t0, (mode) << 11; csrs mstatus, t0;                      \
  la t0, target; csrw mepc, t0; mret
#define IN_S(code...) \
  la s11, 71f; li s2, -1; ENTER(1, 72f); 72: code; ecall; 71:

TEST_BEGIN
  .option norvc
  la t0, mtrap
  csrw mtvec, t0
  la s0, smc_func
  la s1, smc_func2

  /* ---- whole-instruction rewrite ---- */
  CHECK(1); jalr s0; EXPECT(a0, 1)
  CHECK(2); li t1, LI_A0(2); sw t1, 0(s0); fence.i
            jalr s0; EXPECT(a0, 2)
  CHECK(3); li t1, LI_A0(-7); sw t1, 0(s0); fence.i
            jalr s0; EXPECT(a0, -7)
  /* ---- one byte of the immediate (bits 31:24 = imm[11:4]) ---- */
  CHECK(4); li t1, LI_A0(0x10); sw t1, 0(s0); fence.i; jalr s0; EXPECT(a0, 0x10)
            li t1, 0x05; sb t1, 3(s0); fence.i                   /* imm = 0x050 */
            jalr s0; EXPECT(a0, 0x50)
  /* ---- a 64-bit store rewriting two instructions ---- */
  CHECK(5); li t1, (0x00008067 << 32) | LI_A0(0x123); sd t1, 0(s0); fence.i
            jalr s0; EXPECT(a0, 0x123)
  /* ---- compressed instruction rewritten with a halfword store ---- */
  CHECK(6); jalr s1; EXPECT(a0, 3)
  CHECK(7); li t1, C_LI_A0(-5); sh t1, 0(s1); fence.i
            jalr s1; EXPECT(a0, -5)
  /* ---- 16-bit slot turned into a 32-bit instruction and back ---- */
  CHECK(8); li t1, LI_A0(77); sw t1, 0(s1); fence.i             /* overwrites c.li + c.jr */
            li t1, 0x8082; sh t1, 4(s1); fence.i                 /* c.jr ra after it */
            jalr s1; EXPECT(a0, 77)
  CHECK(9); li t1, (0x8082 << 16) | C_LI_A0(9); sw t1, 0(s1); fence.i
            jalr s1; EXPECT(a0, 9)

  /* ---- patch the instruction right after the fence ---- */
  CHECK(10); la t0, 1f; li t1, LI_A0(42); sw t1, 0(t0); fence.i
1:          addi a0, zero, 5                                     /* replaced before it runs */
            EXPECT(a0, 42)
  CHECK(11); /* the same code runs again, so a stale decoded copy would show */
            li s3, 0
2:          la t0, 1f; addi t1, s3, 100; slli t1, t1, 20; ori t1, t1, 0x513; sw t1, 0(t0); fence.i
1:          addi a0, zero, 5
            addi t1, s3, 100; bne a0, t1, test_fail
            addi s3, s3, 1; li t1, 20; blt s3, t1, 2b

  /* ---- patch/execute loop through a call ---- */
  CHECK(12); li s3, 1
1:          slli t1, s3, 20; ori t1, t1, 0x513; sw t1, 0(s0); fence.i
            jalr s0; bne a0, s3, test_fail
            addi s3, s3, 1; li t1, 300; blt s3, t1, 1b

  /* ---- virtual aliases in S-mode ---- */
  li t0, (((0x80000000 >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
  la t1, root; sd t0, 16(t1)                                   /* identity 1 GiB */
  la t0, l1; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, PTE_V; sd t0, 8(t1)
  la t0, l0; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, PTE_V; la t1, l1; sd t0, 0(t1)
  la t0, smc_page; srli t0, t0, 12; slli t0, t0, 10
  ori t2, t0, PTE_V | PTE_R | PTE_X | PTE_A; la t1, l0; sd t2, 0(t1)
  ori t2, t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D; sd t2, 8(t1)
  la t0, root; srli t0, t0, 12; li t1, SATP_SV39; or t0, t0, t1; csrw satp, t0
  sfence.vma
  li t1, LI_A0(11); sw t1, 0(s0); fence.i

  CHECK(13); IN_S(li s4, VA_EXEC; jalr s4; mv s5, a0; jalr s0; mv s6, a0)
            EXPECT(s2, 9); EXPECT(s5, 11); EXPECT(s6, 11)          /* both views agree */
  CHECK(14); /* write through the RW alias, execute through the X alias */
            IN_S(li s4, VA_EXEC; jalr s4; li t1, VA_WRITE; li t2, LI_A0(12); sw t2, 0(t1); fence.i; jalr s4)
            EXPECT(s2, 9); EXPECT(a0, 12)
  CHECK(15); /* write through the identity mapping, execute through the alias */
            IN_S(li s4, VA_EXEC; jalr s4; li t2, LI_A0(13); sw t2, 0(s0); fence.i; jalr s4)
            EXPECT(s2, 9); EXPECT(a0, 13)
  CHECK(16); /* write through the alias, execute through the identity mapping */
            IN_S(jalr s0; li t1, VA_WRITE; li t2, LI_A0(14); sw t2, 0(t1); fence.i; jalr s0)
            EXPECT(s2, 9); EXPECT(a0, 14)
  CHECK(17); /* M patches physically; S executes both views after its own fence.i */
            li t1, LI_A0(15); sw t1, 0(s0)
            IN_S(fence.i; li s4, VA_EXEC; jalr s4; mv s5, a0; jalr s0; mv s6, a0)
            EXPECT(s2, 9); EXPECT(s5, 15); EXPECT(s6, 15)
  CHECK(18); /* loop: alternate the writing alias and the executing view */
            IN_S(li s3, 1; li s4, VA_EXEC; li s7, VA_WRITE;                            \
                 3: slli t2, s3, 20; ori t2, t2, 0x513; andi t1, s3, 1; beqz t1, 4f;  \
                    sw t2, 0(s7); j 5f; 4: sw t2, 0(s0); 5: fence.i;                    \
                    andi t1, s3, 2; beqz t1, 6f; jalr s4; j 7f; 6: jalr s0; 7:          \
                    bne a0, s3, 8f; addi s3, s3, 1; li t1, 64; blt s3, t1, 3b; li s3, 0; 8:)
            EXPECT(s2, 9); EXPECT(s3, 0)
  CHECK(19); csrw satp, zero; sfence.vma
            li t1, LI_A0(1); sw t1, 0(s0); fence.i; jalr s0; EXPECT(a0, 1)
  PASS

  .balign 4
mtrap:
  beqz s11, unexpected_trap
  csrr s2, mcause
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  li t0, MSTATUS_MPIE
  csrc mstatus, t0
  csrw mepc, s11
  li s11, 0
  mret

/* The code that gets rewritten, alone on its page. */
  .balign 4096
smc_page:
smc_func:
  addi a0, zero, 1
  ret
  .balign 16
smc_func2:
  .option push
  .option rvc
  c.li a0, 3
  c.jr ra
  .option pop
  .balign 4096

  .section .data
  .balign 4096
root: .fill 4096, 1, 0
l1:   .fill 4096, 1, 0
l0:   .fill 4096, 1, 0
TEST_END
