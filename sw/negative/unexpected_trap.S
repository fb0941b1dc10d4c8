/* Negative test: an illegal instruction with the default handler of
   guest_test.h installed must end the run with exit status 0x80 | 2 = 130.
   Registered by sw/CMakeLists.txt as guest.unexpected_trap. */
#include "guest_test.h"
TEST_BEGIN
  CHECK(1)
  .word 0x00000000           /* all-zero: defined illegal */
  PASS
TEST_END
