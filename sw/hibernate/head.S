/* Entry points. The boot ROM jumps to _start in M-mode with a0 = hartid
   and a1 = 0: the firmware runs first (firmware.S/.c) and drops to S-mode
   at kernel_entry with a0 = hartid and a1 = &boot_info. Paging is switched
   on later, in C (pgtable.c): the kernel runs at its link address in both
   address spaces (identity map), so no trampoline is needed. */
  .section .text.entry, "ax"
  .globl _start
_start:
  la sp, firmware_stack_top
  j firmware_start            /* firmware.S */

  .text
  .globl kernel_entry
kernel_entry:
  la sp, kernel_stack_top
  la t0, kernel_trap_vector
  csrw stvec, t0
  csrw sscratch, zero
  call kernel_main            /* main.c; never returns */
1:
  j 1b

/* Every S-mode trap is unexpected here (no interrupts are enabled, the
   kernel does not fault by design): report it and stop. */
  .balign 4
kernel_trap_vector:
  csrr a0, scause
  csrr a1, sepc
  csrr a2, stval
  call kernel_trap_report     /* main.c; never returns */
2:
  j 2b

  .bss
  .balign 16
  .globl kernel_stack_top
kernel_stack:
  .skip 16384
kernel_stack_top:
