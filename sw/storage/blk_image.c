/* Writes (built with -DWRITE) or verifies a pattern in the first 64 sectors
   of the disk; used by the image-safety tests (tests/storage/image.sh). */
#include "blk_common.h"

static uint8_t buf[64 * 512] __attribute__((aligned(64)));

int main(void) {
  CHECK(1, vblk_init(&disk, STORAGE_BASE, queue_memory) == 0);
#ifdef WRITE
  fill(buf, 0, 64, 3);
  CHECK(2, vblk_write(&disk, 0, buf, 64) == 0);
  CHECK(3, vblk_flush(&disk) == 0);
  /* A write near the end of the disk too (sparse images: far from the start). */
  fill(buf, vblk_capacity(&disk) - 8, 8, 3);
  CHECK(4, vblk_write(&disk, vblk_capacity(&disk) - 8, buf, 8) == 0);
#endif
  CHECK(5, vblk_read(&disk, 0, buf, 64) == 0);
  CHECK(6, matches(buf, 0, 64, 3));
  return 0;
}
