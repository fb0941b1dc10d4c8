/* The U74 issue model seen by a guest: mcycle deltas around short
   sequences, each run twice (the second run is measured, caches warm) in
   one basic block between two `csrr mcycle`. A CSR read issues alone, so
   the delta is the sequence's cycles + 1. Expected counts, derived by hand
   from the default parameters (README "The pipeline"):
     1  four independent ALU ops: two pairs                       2 + 1 = 3
     2  four dependent addi: one a cycle through the early ALU    4 + 1 = 5
     3  ld; add using it: the add runs late in M2, no stall       2 + 1 = 3
     4  ld; ld addressed by it: 2-cycle wait for the address      4 + 1 = 5
     5  mul; mul using it: operands needed in AG, 3-cycle latency 4 + 1 = 5
     6  div; independent div: the divider is busy for 34 cycles  35 + 1 = 36
     7  csrw mscratch: a CSR write holds issue for 7 cycles       7 + 1 = 8
     8  ld; addi (late, result for AG 3 cycles later); ld by it   5 + 1 = 6
   Run in timed mode (the default); any change to these rules must change
   this test and the README together. */
#include "guest_test.h"

/* Runs the sequence twice; leaves the last run's delta in a0. */
#define MEASURE(...)             \
  .balign 256;                   \
  li s1, 2;                      \
1: csrr s2, mcycle;              \
  __VA_ARGS__;                   \
  csrr s3, mcycle;               \
  addi s1, s1, -1;               \
  bnez s1, 1b;                   \
  sub a0, s3, s2

TEST_BEGIN
  addi sp, sp, -16
  sd sp, 0(sp)                   /* 0(sp) holds its own address: a chain */
  li a1, 1000
  li a2, 7
  li a4, 3
  li a5, 11

  CHECK(1)
  MEASURE(add a3, a1, a2; add t2, a4, a5; addi a6, a7, 1; xori t0, t1, 3)
  EXPECT(a0, 3)

  CHECK(2)
  MEASURE(addi t0, t0, 1; addi t0, t0, 1; addi t0, t0, 1; addi t0, t0, 1)
  EXPECT(a0, 5)

  CHECK(3)
  MEASURE(ld t0, 0(sp); add t1, t0, a2)
  EXPECT(a0, 3)

  CHECK(4)
  MEASURE(ld t0, 0(sp); ld t1, 0(t0))
  EXPECT(a0, 5)

  CHECK(5)
  MEASURE(mul t0, a1, a2; mul t1, t0, a4)
  EXPECT(a0, 5)

  CHECK(6)
  MEASURE(div t0, a1, a2; div t1, a4, a5)
  EXPECT(a0, 36)

  CHECK(7)
  MEASURE(csrw mscratch, a1)
  EXPECT(a0, 8)

  CHECK(8)
  MEASURE(ld t0, 0(sp); addi t0, t0, 0; ld t1, 0(t0))
  EXPECT(a0, 6)

  j test_pass
TEST_END
