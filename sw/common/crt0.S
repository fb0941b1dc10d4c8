/* C runtime start for bare-metal guests: stack, PMP open to S/U, bss cleared,
   then main(); its return value ends the run through the test finisher
   (works on torpor and on QEMU virt alike). */
  .section .text.init
  .globl _start
_start:
  la sp, _stack_top
  la t0, crt0_unexpected_trap   /* until the program installs its own */
  csrw mtvec, t0
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  la t0, __bss_start
  la t1, _end
1:
  bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:
  call main
  call guest_exit
3: j 3b

  /* An unexpected trap ends the run with exit code 0x80 | mcause. */
  .balign 4
crt0_unexpected_trap:
  csrr a0, mcause
  andi a0, a0, 0x7f
  ori a0, a0, 0x80
  call guest_exit
4: j 4b
