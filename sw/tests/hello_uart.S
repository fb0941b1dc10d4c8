/* Prints through the 16550 and powers off through the test finisher, the
   QEMU virt way (no HTIF involved). */
#include "guest_test.h"
TEST_BEGIN
  li s0, 0x10000000        /* UART THR */
  la s1, message
1:
  lbu t0, 0(s1)
  beqz t0, 3f
2:
  lbu t1, 5(s0)            /* LSR: wait for THRE */
  andi t1, t1, 0x20
  beqz t1, 2b
  sb t0, 0(s0)
  addi s1, s1, 1
  j 1b
3:
  li t0, 0x100000          /* test finisher: 0x5555 = pass */
  li t1, 0x5555
  sw t1, 0(t0)
4: j 4b

  .section .rodata
message: .asciz "hello from torpor\n"
TEST_END
