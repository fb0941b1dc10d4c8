/* Debug aid (built with -DHIB_PHASE_LOG only): the time (the 10 MHz
   `time` CSR) and retired-instruction count at every phase marker, printed
   when the boot ends. The log lives in .nosave, so on a resume the booting
   kernel's entries survive the copy loop and one table covers the boot. */
#include "kernel.h"

#define MAX_ENTRIES 64

static struct {
  uint64_t count;
  uint64_t phase[MAX_ENTRIES], time[MAX_ENTRIES], instret[MAX_ENTRIES];
} log __attribute__((section(".nosave"), aligned(8)));

void phase_log(uint64_t phase) {
  uint64_t t, n;
  __asm__ volatile("rdtime %0" : "=r"(t));
  __asm__ volatile("rdinstret %0" : "=r"(n));
  if (phase == PHASE_FIRMWARE) log.count = 0;
  if (log.count >= MAX_ENTRIES) return;
  log.phase[log.count] = phase;
  log.time[log.count] = t;
  log.instret[log.count] = n;
  log.count++;
}

void phase_log_print(void) {
  uint64_t t, n;
  __asm__ volatile("rdtime %0" : "=r"(t));
  __asm__ volatile("rdinstret %0" : "=r"(n));
  con_puts("phase  start_us  duration_us  instructions\n");
  for (uint64_t i = 0; i < log.count; ++i) {
    const uint64_t t1 = i + 1 < log.count ? log.time[i + 1] : t;
    const uint64_t n1 = i + 1 < log.count ? log.instret[i + 1] : n;
    con_dec(log.phase[i]);
    con_puts("  ");
    con_dec(log.time[i] / 10);
    con_puts("  ");
    con_dec((t1 - log.time[i]) / 10);
    con_puts("  ");
    con_dec(n1 - log.instret[i]);
    con_puts("\n");
  }
}
