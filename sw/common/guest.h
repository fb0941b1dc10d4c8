/* Minimal freestanding support for C guests: console output through the
   16550 and exit through the test finisher, at QEMU virt addresses. */
#pragma once
#include <stdint.h>

#define UART_BASE 0x10000000UL
#define SYSCON_BASE 0x100000UL

static inline void guest_putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART_BASE;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}

static inline void guest_puts(const char* s) {
  while (*s) guest_putc(*s++);
}

static inline void guest_put_hex(uint64_t v) {
  guest_puts("0x");
  for (int i = 60; i >= 0; i -= 4) guest_putc("0123456789abcdef"[(v >> i) & 15]);
}

/* code 0: pass (poweroff); otherwise fail with that exit code. */
__attribute__((noreturn)) void guest_exit(int code);
