/* Fast-forward to a phase: run with core.timed_from_phase=7. The first loop
   runs in fast mode (exactly one cycle per instruction); after phase 7 is
   written to the trace marker the core is timed, and a loop of divides
   costs more than two cycles per instruction. */
#include "guest_test.h"
#define TRACE_MARKER 0x10010000

TEST_BEGIN
  CHECK(1)
  csrr s0, mcycle
  csrr s1, minstret
  li t0, 1000
1: addi t0, t0, -1
  bnez t0, 1b
  csrr s2, mcycle
  csrr s3, minstret
  sub a0, s2, s0
  sub a1, s3, s1
  bne a0, a1, test_fail          /* fast mode: cycles == instructions */

  CHECK(2)
  li t1, TRACE_MARKER
  li t2, 7
  sd t2, 0(t1)                   /* phase 7: the core turns timed */
  li t0, 1000
  li t3, 12345
  li t4, 7
  csrr s0, mcycle
  csrr s1, minstret
2: div t5, t3, t4
  addi t0, t0, -1
  bnez t0, 2b
  csrr s2, mcycle
  csrr s3, minstret
  sub a0, s2, s0
  sub a1, s3, s1
  slli a1, a1, 1
  bleu a0, a1, test_fail         /* timed: divides make CPI > 2 */
  PASS
TEST_END
