/* Negative test, with core.sstc=on: the supervisor timer (Sstc stimecmp)
   armed 2^63 ticks ahead, past what SystemC time can represent. The WFI
   must sleep as with no timer, so the loop is a deadlock (status 125), where
   the core's wake-up used to overflow SystemC time.
   Registered by sw/CMakeLists.txt as guest.far_stimecmp_deadlock. */
#include "guest_test.h"
#define MENVCFG  0x30a
#define STIMECMP 0x14d
TEST_BEGIN
  li t0, 1
  slli t0, t0, 63            /* menvcfg.STCE */
  csrs MENVCFG, t0
  li t0, 1
  slli t0, t0, 63
  csrw STIMECMP, t0          /* 2^63 ticks: 29,000 years at 10 MHz */
  li t0, 1 << 5              /* STIE */
  csrw mie, t0
1:
  wfi
  j 1b
TEST_END
