/* Console output on the 16550 UART, and the two ways a run ends: poweroff
   (success, or the end of a hibernation) and failure with an exit code,
   both through the test finisher. MMIO is identity-mapped, so these work
   in M-mode, in S-mode before paging, and under every page table. */
#include "kernel.h"

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

void con_putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART_BASE;
  while (!(uart[UART_LSR] & UART_LSR_THRE)) {
  }
  uart[UART_THR] = (uint8_t)c;
}

void con_puts(const char* s) {
  while (*s) con_putc(*s++);
}

void con_hex(uint64_t v) {
  con_puts("0x");
  int shift = 60;
  while (shift > 0 && ((v >> shift) & 15) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) con_putc("0123456789abcdef"[(v >> shift) & 15]);
}

void con_dec(uint64_t v) {
  char buf[21];
  int i = 20;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  con_puts(&buf[i]);
}

__attribute__((noreturn)) void poweroff(void) {
#ifdef HIB_PHASE_LOG
  phase_log_print();
#endif
  *(volatile uint32_t*)SYSCON_BASE = SYSCON_POWEROFF;
  for (;;) {
  }
}

__attribute__((noreturn)) void fail(unsigned code, const char* why) {
  con_puts("hibernate: FAIL: ");
  con_puts(why);
  con_puts("\n");
#ifdef HIB_PHASE_LOG
  phase_log_print();
#endif
  *(volatile uint32_t*)SYSCON_BASE = (code << 16) | SYSCON_FAIL;
  for (;;) {
  }
}
