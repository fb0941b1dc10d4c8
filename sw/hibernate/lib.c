/* The few libc functions the compiler may call in a freestanding build
   (struct copies and initialisers). Built with
   -fno-tree-loop-distribute-patterns so these loops stay loops. */
#include "kernel.h"

void* memcpy(void* dst, const void* src, size_t n) {
  uint8_t* d = dst;
  const uint8_t* s = src;
  if ((((uintptr_t)d | (uintptr_t)s | n) & 7) == 0) {
    for (size_t i = 0; i < n; i += 8) *(uint64_t*)(d + i) = *(const uint64_t*)(s + i);
    return dst;
  }
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}

void* memset(void* dst, int c, size_t n) {
  uint8_t* d = dst;
  if ((((uintptr_t)d | n) & 7) == 0) {
    const uint64_t v = 0x0101010101010101ull * (uint8_t)c;
    for (size_t i = 0; i < n; i += 8) *(uint64_t*)(d + i) = v;
    return dst;
  }
  for (size_t i = 0; i < n; ++i) d[i] = (uint8_t)c;
  return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
  const uint8_t* x = a;
  const uint8_t* y = b;
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}
