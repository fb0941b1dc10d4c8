/* Injected storage faults reach the guest as virtio IOERR and damage
   nothing else. Run with storage.fault.read_error_sectors=[100] and
   storage.fault.write_error_sectors=[200]. */
#include "blk_common.h"

static uint8_t buf[8 * 512] __attribute__((aligned(64)));

int main(void) {
  CHECK(1, vblk_init(&disk, STORAGE_BASE, queue_memory) == 0);
  fill(buf, 96, 8, 11);
  CHECK(2, vblk_write(&disk, 96, buf, 8) == 0);             /* 96..103, includes 100: writes fine */
  CHECK(3, vblk_read(&disk, 96, buf, 4) == 0);              /* 96..99 */
  CHECK(4, matches(buf, 96, 4, 11));
  CHECK(5, vblk_read(&disk, 98, buf, 4) == VBLK_S_IOERR);   /* touches 100 */
  CHECK(6, vblk_read(&disk, 101, buf, 3) == 0);
  CHECK(7, matches(buf, 101, 3, 11));
  fill(buf, 198, 4, 12);
  CHECK(8, vblk_write(&disk, 198, buf, 4) == VBLK_S_IOERR); /* touches 200: nothing written */
  CHECK(9, vblk_read(&disk, 198, buf, 4) == 0);
  for (unsigned i = 0; i < 4 * 512; ++i) CHECK(10, buf[i] == 0);
  CHECK(11, vblk_read(&disk, 96, buf, 4) == 0);             /* earlier data intact */
  CHECK(12, matches(buf, 96, 4, 11));
  return 0;
}
