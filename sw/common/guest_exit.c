#include "guest.h"

void guest_exit(int code) {
  volatile uint32_t* finisher = (volatile uint32_t*)SYSCON_BASE;
  *finisher = code == 0 ? 0x5555 : (((uint32_t)code << 16) | 0x3333);
  for (;;) {
  }
}
