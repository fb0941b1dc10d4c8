/* Cycle and time counters for benchmark guests (machine mode). */
#pragma once
#include <stdint.h>

static inline uint64_t read_cycle(void) {
  uint64_t v;
  __asm__ volatile("csrr %0, mcycle" : "=r"(v));
  return v;
}

/* mtime ticks (10 MHz on the default SoC, as on QEMU virt). */
static inline uint64_t read_time(void) {
  uint64_t v;
  __asm__ volatile("csrr %0, time" : "=r"(v));
  return v;
}

#define TIMEBASE_HZ 10000000ull

static inline void guest_put_dec(uint64_t v) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) guest_putc(buf[--n]);
}
