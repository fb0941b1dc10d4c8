/* Idle time costs no host time (issue 13, item 2): the guest sleeps in WFI
   until the machine timer one simulated hour ahead, then touches DRAM
   through the caches. The DRAM's refresh must catch up an hour (about
   9.2e8 refresh intervals) in O(1): this took 7.4 s of host time before. */
#include "guest_test.h"

#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8
#define HOUR_TICKS     36000000000   /* 3600 s at the 10 MHz timebase */
#define MIP_MTIP       (1 << 7)

TEST_BEGIN
  CHECK(1)                          /* arm the timer an hour ahead */
  li t0, CLINT_MTIME
  ld s0, 0(t0)
  li t1, HOUR_TICKS
  add s1, s0, t1
  li t0, CLINT_MTIMECMP
  sd s1, 0(t0)
  li t0, MIP_MTIP
  csrw mie, t0                      /* MTIE, with mstatus.MIE clear: WFI wakes, no trap */
1: wfi
  csrr t0, mip
  andi t0, t0, MIP_MTIP
  beqz t0, 1b

  CHECK(2)                          /* an hour has passed */
  rdtime t0
  bltu t0, s1, test_fail

  CHECK(3)                          /* touch 256 KiB of DRAM, line by line, and read it back */
  la t0, buffer
  li t1, 4096
  li t2, 0
2: sd t2, 0(t0)
  addi t0, t0, 64
  addi t2, t2, 1
  bne t2, t1, 2b
  la t0, buffer
  li t2, 0
3: ld t3, 0(t0)
  bne t3, t2, test_fail
  addi t0, t0, 64
  addi t2, t2, 1
  bne t2, t1, 3b
  PASS

  .section .bss
  .balign 64
buffer: .skip 4096 * 64
TEST_END
