/* Sequential read bandwidth of the block device as the guest sees it:
   32 MiB in 256 KiB requests, timed with the time CSR. Prints MB/s; the
   platform's statistics give the profile's figure beside it. */
#include "blk_common.h"
#include "timing.h"

#define CHUNK_SECTORS 512u /* 256 KiB */
#define TOTAL_SECTORS (64u * 1024u) /* 32 MiB */

static uint8_t buffer[CHUNK_SECTORS * 512] __attribute__((aligned(4096)));

int main(void) {
  CHECK(1, vblk_init(&disk, STORAGE_BASE, queue_memory) == 0);
  CHECK(2, vblk_capacity(&disk) >= TOTAL_SECTORS);
  const uint64_t t0 = read_time();
  for (uint32_t s = 0; s < TOTAL_SECTORS; s += CHUNK_SECTORS)
    CHECK(3, vblk_read(&disk, s, buffer, CHUNK_SECTORS) == 0);
  const uint64_t t1 = read_time();
  guest_puts("storage_read_bandwidth ");
  guest_put_dec((uint64_t)TOTAL_SECTORS * 512 * (TIMEBASE_HZ / 1000000) / (t1 - t0 ? t1 - t0 : 1));
  guest_puts(" MB/s\n");
  return 0;
}
