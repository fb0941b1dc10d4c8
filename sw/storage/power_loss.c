/* Power loss while writing (run with --power-cycles 1 and
   storage.fault.power_loss_after_sectors=10): the first boot writes two
   8-sector blocks; the power fails 2 sectors into the second. The next
   boot finds the first block whole, the torn part of the second, and
   nothing after it. */
#include "blk_common.h"

static uint8_t buf[16 * 512] __attribute__((aligned(64)));

int main(void) {
  CHECK(1, vblk_init(&disk, STORAGE_BASE, queue_memory) == 0);
  CHECK(2, vblk_read(&disk, 0, buf, 1) == 0);
  if (!matches(buf, 0, 1, 21)) { /* first boot */
    fill(buf, 0, 16, 21);
    CHECK(3, vblk_write(&disk, 0, buf, 8) == 0);
    vblk_write(&disk, 8, buf + 8 * 512, 8); /* the power fails in here */
    guest_puts("power_loss: still running after the power failed\n");
    return 4;
  }
  CHECK(5, vblk_read(&disk, 0, buf, 16) == 0);
  CHECK(6, matches(buf, 0, 10, 21));                         /* 8 + the 2 torn-in sectors */
  for (unsigned i = 10 * 512; i < 16 * 512; ++i) CHECK(7, buf[i] == 0);
  guest_puts("power_loss: torn write as expected after the power cycle\n");
  return 0;
}
