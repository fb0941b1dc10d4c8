/* Negative test: a guest that never exits. Run with --max-instructions
   100000, torpor must stop it with exit status 124. Registered by
   sw/CMakeLists.txt as guest.runaway. */
#include "guest_test.h"
TEST_BEGIN
  li a0, 0
1:
  addi a0, a0, 1
  j 1b
TEST_END
