/* Load-to-use latency per memory level: a pointer chase through a random
   cyclic permutation of cache lines, for working sets from 4 KiB to 16 MiB.
   Prints cycles and nanoseconds per load; exits non-zero unless latency
   grows from L1 to L2 to DRAM (meaningful in timed mode only). */
#include "guest.h"
#include "timing.h"

#define LINE 64
#define MAX_BYTES (16u << 20)
#define STEPS 100000

static uint64_t buffer[MAX_BYTES / 8] __attribute__((aligned(4096)));
static uint32_t order[MAX_BYTES / LINE];

static uint64_t rng = 88172645463325252ull;
static uint64_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* Links the lines of the first `bytes` of buffer into one random cycle. */
static void build_chain(uint32_t bytes) {
  const uint32_t lines = bytes / LINE;
  for (uint32_t i = 0; i < lines; ++i) order[i] = i;
  for (uint32_t i = lines - 1; i > 0; --i) {
    const uint32_t j = (uint32_t)(next_random() % (i + 1));
    const uint32_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (uint32_t i = 0; i < lines; ++i)
    buffer[order[i] * (LINE / 8)] = (uint64_t)&buffer[order[(i + 1) % lines] * (LINE / 8)];
}

static uint64_t chase(uint32_t steps, uint64_t* start) {
  uint64_t* p = start;
  for (uint32_t i = 0; i < steps; ++i) p = (uint64_t*)*p;
  return (uint64_t)p;
}

int main(void) {
  static const uint32_t sizes[] = {4u << 10, 16u << 10, 64u << 10, 256u << 10, 1u << 20, 4u << 20, 16u << 20};
  uint64_t cycles_per_load_x100[7];
  volatile uint64_t sink = 0;  /* keeps the chases from being optimised away */
  for (int s = 0; s < 7; ++s) {
    build_chain(sizes[s]);
    sink += chase(STEPS / 4, buffer);  /* warm up */
    const uint64_t c0 = read_cycle(), t0 = read_time();
    sink += chase(STEPS, buffer);
    const uint64_t c1 = read_cycle(), t1 = read_time();
    cycles_per_load_x100[s] = (c1 - c0) * 100 / STEPS;
    guest_puts("latency ");
    guest_put_dec(sizes[s] >> 10);
    guest_puts(" KiB: ");
    guest_put_dec(cycles_per_load_x100[s] / 100);
    guest_puts(" cycles, ");
    guest_put_dec((t1 - t0) * (1000000000ull / TIMEBASE_HZ) / STEPS);
    guest_puts(" ns per load\n");
  }
  /* L1 (4 KiB) < L2 (256 KiB) < DRAM (16 MiB) */
  if (!(cycles_per_load_x100[0] < cycles_per_load_x100[3] && cycles_per_load_x100[3] < cycles_per_load_x100[6])) {
    guest_puts("latency does not grow from L1 to L2 to DRAM\n");
    return 1;
  }
  return 0;
}
