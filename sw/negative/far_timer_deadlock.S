/* Negative test: the machine timer armed 52 ns before the end of what
   SystemC time can represent (mtimecmp = 2^64 / 10^5 ticks at 10 MHz).
   Such a deadline means "never": torpor schedules nothing, so the WFI loop
   is a deadlock (status 125), where SystemC time used to overflow (E544).
   Registered by sw/CMakeLists.txt as guest.far_timer_deadlock. */
#include "guest_test.h"
TEST_BEGIN
  li t0, 0x2004000           /* CLINT mtimecmp */
  li t1, 184467440737095     /* (2^64 - 1) / 100000 */
  sd t1, 0(t0)
  li t0, 1 << 7              /* MTIE */
  csrw mie, t0
1:
  wfi
  j 1b
TEST_END
