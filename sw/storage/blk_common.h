/* Shared bits of the block-device guest tests: the device, its queue
   memory, and a check macro that exits with the check's number. */
#pragma once
#include "guest.h"
#include "virtio_blk.h"

#define STORAGE_BASE 0x10001000UL

static struct vblk disk;
static uint8_t queue_memory[VBLK_QUEUE_MEMORY] __attribute__((aligned(VBLK_QUEUE_ALIGN)));

#define CHECK(n, cond)                 \
  do {                                 \
    if (!(cond)) {                     \
      guest_puts("check failed: " #cond "\n"); \
      guest_exit(n);                   \
    }                                  \
  } while (0)

/* A recognisable byte for (sector, offset, salt). */
static inline uint8_t pattern(uint64_t sector, uint32_t offset, uint32_t salt) {
  uint64_t x = sector * 0x9E3779B97F4A7C15ull + offset * 0xBF58476D1CE4E5B9ull + salt;
  x ^= x >> 29;
  return (uint8_t)(x ^ (x >> 17));
}

static inline void fill(uint8_t* buf, uint64_t sector, uint32_t sectors, uint32_t salt) {
  for (uint32_t s = 0; s < sectors; ++s)
    for (uint32_t i = 0; i < 512; ++i) buf[s * 512 + i] = pattern(sector + s, i, salt);
}

static inline int matches(const uint8_t* buf, uint64_t sector, uint32_t sectors, uint32_t salt) {
  for (uint32_t s = 0; s < sectors; ++s)
    for (uint32_t i = 0; i < 512; ++i)
      if (buf[s * 512 + i] != pattern(sector + s, i, salt)) return 0;
  return 1;
}
