#include "guest_test.h"
TEST_BEGIN
  CHECK(1); li a0, 5; li a1, 7; add a2, a0, a1; EXPECT(a2, 12)
  CHECK(2); sub a2, a0, a1; EXPECT(a2, -2)
  CHECK(3); li a0, -1; srli a2, a0, 60; EXPECT(a2, 15)
  CHECK(4); srai a2, a0, 60; EXPECT(a2, -1)
  CHECK(5); li a0, 0x80000000; addiw a2, a0, 0; EXPECT(a2, 0xffffffff80000000)
  CHECK(6); li a0, 3; li a1, -4; mul a2, a0, a1; EXPECT(a2, -12)
  CHECK(7); li a1, 0; divu a2, a0, a1; EXPECT(a2, -1)
  PASS
TEST_END
