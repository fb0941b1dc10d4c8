/* Sequential bandwidth from DRAM: reads and copies over 8 MiB buffers (four
   times the default L2). Prints MB/s measured with the time CSR. */
#include "guest.h"
#include "timing.h"

#define BYTES (8u << 20)

static uint64_t src[BYTES / 8] __attribute__((aligned(4096)));
static uint64_t dst[BYTES / 8] __attribute__((aligned(4096)));

static uint64_t read_all(void) {
  uint64_t a = 0, b = 0, c = 0, d = 0;
  for (uint32_t i = 0; i < BYTES / 8; i += 4) {
    a += src[i];
    b += src[i + 1];
    c += src[i + 2];
    d += src[i + 3];
  }
  return a + b + c + d;
}

__attribute__((noinline)) static void copy_all(void) {
  for (uint32_t i = 0; i < BYTES / 8; i += 2) {
    const uint64_t a = src[i], b = src[i + 1];
    dst[i] = a;
    dst[i + 1] = b;
  }
}

static void report(const char* what, uint64_t bytes, uint64_t ticks) {
  guest_puts(what);
  guest_put_dec(bytes * (TIMEBASE_HZ / 1000000) / (ticks ? ticks : 1));
  guest_puts(" MB/s\n");
}

int main(void) {
  for (uint32_t i = 0; i < BYTES / 8; ++i) src[i] = i * 0x9E3779B97F4A7C15ull;
  uint64_t t0 = read_time();
  uint64_t sum = read_all();
  uint64_t t1 = read_time();
  report("read_bandwidth ", BYTES, t1 - t0);
  t0 = read_time();
  copy_all();
  __asm__ volatile("" ::: "memory");
  t1 = read_time();
  report("copy_bandwidth ", BYTES, t1 - t0);
  return (sum == 42 || dst[12345] != src[12345]) ? 1 : 0;
}
