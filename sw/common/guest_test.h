/* Self-checking bare-metal guest tests (assembly). Conventions:
 *   gp holds the number of the check running; a failed check exits with that
 *   number through HTIF (tohost = (n << 1) | 1), a pass writes tohost = 1.
 *   An unexpected trap exits with 0x80 | mcause (so 0x82 = illegal insn).
 *   Tests that expect traps install their own mtvec.
 * Written for torpor from the RISC-V specs; not derived from riscv-tests. */
#pragma once

#define TEST_BEGIN                                                    \
  .section .text.init;                                                \
  .globl _start;                                                      \
_start:                                                               \
  la sp, _stack_top;                                                  \
  la t0, unexpected_trap;                                             \
  csrw mtvec, t0;                                                     \
  /* PMP entry 0: NAPOT over all memory, RWX, so S/U may run. */      \
  li t0, -1;                                                          \
  csrw pmpaddr0, t0;                                                  \
  li t0, 0x1f;                                                        \
  csrw pmpcfg0, t0;                                                   \
  li gp, 0;                                                           \
  j test_body;                                                        \
  .balign 4;                                                          \
unexpected_trap:                                                      \
  csrr t0, mcause;                                                    \
  andi t0, t0, 0x7f;                                                  \
  ori gp, t0, 0x80;                                                   \
  j test_fail;                                                        \
test_fail:                                                            \
  slli t0, gp, 1;                                                     \
  ori t0, t0, 1;                                                      \
  la t1, tohost;                                                      \
  sd t0, 0(t1);                                                       \
1: j 1b;                                                              \
test_pass:                                                            \
  li t0, 1;                                                           \
  la t1, tohost;                                                      \
  sd t0, 0(t1);                                                       \
2: j 2b;                                                              \
  .section .text;                                                     \
test_body:

/* Start check number n. */
#define CHECK(n) li gp, n

/* Fail the current check unless reg == value (t6 is clobbered). */
#define EXPECT(reg, value) \
  li t6, value;            \
  bne reg, t6, test_fail

#define PASS j test_pass

#define TEST_END                  \
  .section .tohost, "aw", @progbits; \
  .balign 64;                     \
  .globl tohost;                  \
tohost: .dword 0;                 \
  .globl fromhost;                \
fromhost: .dword 0;
