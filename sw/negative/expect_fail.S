/* Negative test: check 3 fails on purpose, so the guest exits through HTIF
   with tohost = (3 << 1) | 1 and torpor must exit with status 3. Registered
   by sw/CMakeLists.txt as guest.expect_fail. */
#include "guest_test.h"
TEST_BEGIN
  CHECK(1); li a0, 1; EXPECT(a0, 1)
  CHECK(2); li a0, 2; EXPECT(a0, 2)
  CHECK(3); li a0, 3; EXPECT(a0, 4)      /* wrong on purpose */
  PASS
TEST_END
