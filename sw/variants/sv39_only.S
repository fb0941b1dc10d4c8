/* Run with --set core.satp_modes=[sv39] (a U74-like hart): satp is WARL
   and writes selecting Sv48, Sv57 or a reserved mode leave it unchanged
   (privileged spec 20211203, 4.1.11); Sv39 and Bare are accepted. */
#include "guest_test.h"

TEST_BEGIN
  CHECK(1); li t0, (8 << 60) | 0x80123; csrw satp, t0; csrr a0, satp; bne a0, t0, test_fail
  CHECK(2); li t1, (9 << 60) | 0x80456; csrw satp, t1; csrr a0, satp; bne a0, t0, test_fail
  CHECK(3); li t1, (10 << 60) | 0x80789; csrw satp, t1; csrr a0, satp; bne a0, t0, test_fail
  CHECK(4); li t1, (15 << 60); csrw satp, t1; csrr a0, satp; bne a0, t0, test_fail
  CHECK(5); csrw satp, zero; csrr a0, satp; EXPECT(a0, 0)
  CHECK(6); li t1, (9 << 60) | 0x80456; csrw satp, t1; csrr a0, satp; EXPECT(a0, 0)
  PASS
TEST_END
