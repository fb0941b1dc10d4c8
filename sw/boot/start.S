/* Boot ROM entry at the reset vector (0x1000), executed in place.

   Layout of the image (see boot_format.h for the contract):
     0x00  a jump over the parameter block
     0x40  struct rom_params (ROM_PARAMS_OFFSET), zeros here; the platform
           patches it before reset
     0x80  the code below, then boot_rom.c and the virtio-blk driver

   Fast path (torpor run ELF): the program is already in DRAM; jump to it
   with a0 = mhartid, a1 = 0 after ten instructions, touching no memory but
   the parameter block. Otherwise boot from disk: mtvec to rom_trap (which
   reports BOOT_FAIL_TRAP through the test finisher),
   sp at the top of the 64 KiB scratch area, boot_main(params, hartid,
   reset_mtvec). An unpatched block (wrong magic) parks the hart.
   syscon is at offset 56 of struct rom_params.

   Offsets into struct rom_params used here (checked by _Static_assert in
   boot_rom.c): magic 0, preload_entry 8, scratch 40. */
#include "boot_format.h"


  .option norelax  /* nothing may move the parameter block */

  .section .text.start, "ax", @progbits
  .balign 8
  .globl _start
  .type _start, @function
_start:
  j rom_entry

  .org 0x40, 0  /* ROM_PARAMS_OFFSET; the linker script asserts the address */
  .globl rom_params
  .type rom_params, @object
rom_params:
  .zero 64
  .size rom_params, 64

rom_entry:
  lla t0, rom_params
  ld t1, 0(t0)                 /* magic */
  ld t2, rom_params_magic      /* ROM_PARAMS_MAGIC, from boot_rom.c's .rodata */
  bne t1, t2, rom_park
  ld t3, 8(t0)                 /* preload_entry */
  beqz t3, rom_boot_from_disk
  csrr a0, mhartid
  li a1, 0
  jr t3

rom_boot_from_disk:
  lla t1, rom_trap
  csrrw a2, mtvec, t1          /* a2: the reset mtvec, restored before the jump */
  ld t1, 40(t0)                /* scratch */
  li t2, 0x10000               /* 64 KiB */
  add sp, t1, t2
  andi sp, sp, -16
  mv a0, t0
  csrr a1, mhartid
  call boot_main               /* never returns */

  /* A trap while the ROM loads from disk: report BOOT_FAIL_TRAP through
     the test finisher named by the parameters (still in t0 is not
     guaranteed after C code: reload the block pc-relatively). */
  .balign 4
rom_trap:
  lla t0, rom_params
  ld t1, 56(t0)                /* syscon */
  beqz t1, rom_park
  li t2, (BOOT_FAIL_TRAP << 16) | 0x3333
  sw t2, 0(t1)

  /* Unpatched parameters: wait forever with nothing enabled (torpor stops
     such a run as a deadlock). */
  .balign 4
rom_park:
  wfi
  j rom_park
  .size _start, . - _start
