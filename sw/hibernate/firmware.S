/* M-mode firmware, low level: the drop to S-mode and the M-mode trap vector.
   Setup is done in C (firmware.c) on a small M-mode stack. */
  .text
  .globl firmware_start
firmware_start:
  /* a0 = hartid from the ROM */
  call firmware_main          /* returns the S-mode entry in a0, &boot_info in a1 */
  csrw mepc, a0
  ld a0, 0(a1)                /* a0 = boot_info.hartid, a1 = &boot_info */
  mret                        /* to kernel_entry in S-mode (mstatus.MPP = S) */

/* Any trap that reaches M-mode is unexpected (everything the kernel may
   cause is delegated, and the kernel makes no SBI calls): report it through
   the UART and the test finisher. */
  .balign 4
  .globl firmware_trap_vector
firmware_trap_vector:
  csrrw sp, mscratch, sp      /* mscratch holds the M-mode stack top */
  csrr a0, mcause
  csrr a1, mepc
  csrr a2, mtval
  call firmware_trap_report   /* never returns */
1:
  j 1b

  .bss
  .balign 16
firmware_stack:
  .skip 4096
  .globl firmware_stack_top
firmware_stack_top:
