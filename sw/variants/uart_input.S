/* The UART receive path: run with uart.input=hi. The bytes wait in the RX
   FIFO (LSR.DR set), RBR pops them in order, and an enabled RX interrupt
   reaches the hart through PLIC source 10 as a machine external interrupt. */
#include "guest_test.h"
#define UART 0x10000000
#define PLIC 0x0c000000

TEST_BEGIN
  li s0, UART
  CHECK(1); lbu a0, 5(s0); andi a0, a0, 1; EXPECT(a0, 1)        /* LSR.DR */
  /* Route UART (source 10) to context 0 (M-mode) and wait for it. */
  li s1, PLIC
  li t0, 1; sw t0, 40(s1)                                       /* priority[10] = 1 */
  li t0, 1 << 10; li t1, PLIC + 0x2000; sw t0, 0(t1)             /* enable source 10, context 0 */
  li t1, PLIC + 0x200000; sw zero, 0(t1)                         /* threshold 0 */
  la t0, external_irq; csrw mtvec, t0
  li t0, 1 << 11; csrw mie, t0                                   /* MEIE */
  li t0, 1; sb t0, 1(s0)                                         /* IER: RX data available */
  CHECK(2)
  csrsi mstatus, 8                                               /* MIE: the interrupt is taken now */
  li t2, 100000
1: addi t2, t2, -1; bnez t2, 1b
  j test_fail                                                    /* never interrupted */

  .balign 4
external_irq:
  CHECK(3); csrr a0, mcause; li t0, (1 << 63) | 11; bne a0, t0, test_fail
  li t1, PLIC + 0x200004
  CHECK(4); lw a1, 0(t1); EXPECT(a1, 10)                         /* claim: the UART */
  CHECK(5); lbu a0, 0(s0); EXPECT(a0, 'h')
  CHECK(6); lbu a0, 0(s0); EXPECT(a0, 'i')
  CHECK(7); lbu a0, 5(s0); andi a0, a0, 1; EXPECT(a0, 0)        /* FIFO empty */
  sw a1, 0(t1)                                                   /* complete */
  PASS
TEST_END
