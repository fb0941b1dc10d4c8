/* Negative test: a guest that waits in a WFI loop with the machine timer
   enabled but mtimecmp at its maximum, and nothing else that could ever
   raise an interrupt. torpor may let each WFI complete (the spec allows it)
   but must notice that the guest waits forever and exit with status 125
   rather than spin until --max-instructions (124). Registered by
   sw/CMakeLists.txt as guest.deadlock. */
#include "guest_test.h"
TEST_BEGIN
  li t0, 0x2004000           /* CLINT mtimecmp */
  li t1, -1
  sd t1, 0(t0)
  li t0, 1 << 7              /* MTIE */
  csrw mie, t0
1:
  wfi
  j 1b                       /* nothing can ever wake the hart for real */
TEST_END
