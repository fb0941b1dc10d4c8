/* virtio-blk end to end: capacity, write/read-back of patterns across the
   device, flush, a many-segment chain, GET_ID, and range errors. Runs on
   the default blank 64 MiB disk. */
#include "blk_common.h"

static uint8_t buf[64 * 512] __attribute__((aligned(64)));
static uint8_t segs[16][512];

int main(void) {
  CHECK(1, vblk_init(&disk, STORAGE_BASE, queue_memory) == 0);
  const uint64_t capacity = vblk_capacity(&disk);
  CHECK(2, capacity == (64ull << 20) / 512);
  CHECK(3, vblk_block_size(&disk) == 512);

  const uint64_t where[] = {0, 1, 1000, capacity / 2 + 3, capacity - 64};
  for (unsigned k = 0; k < 5; ++k) {
    fill(buf, where[k], 64, 7);
    CHECK(10 + k, vblk_write(&disk, where[k], buf, 64) == 0);
  }
  CHECK(20, vblk_flush(&disk) == 0);
  for (unsigned k = 0; k < 5; ++k) {
    for (unsigned i = 0; i < sizeof buf; ++i) buf[i] = 0;
    CHECK(30 + k, vblk_read(&disk, where[k], buf, 64) == 0);
    CHECK(40 + k, matches(buf, where[k], 64, 7));
  }
  /* Overwrite part of a region: neighbours keep their data. */
  fill(buf, 1010, 4, 99);
  CHECK(50, vblk_write(&disk, 1010, buf, 4) == 0);
  CHECK(51, vblk_read(&disk, 1000, buf, 24) == 0);
  CHECK(52, matches(buf, 1000, 10, 7) && matches(buf + 10 * 512, 1010, 4, 99) && matches(buf + 14 * 512, 1014, 10, 7));

  /* One request with 16 data segments. */
  void* bufs[16];
  uint32_t lens[16];
  for (int i = 0; i < 16; ++i) {
    bufs[i] = segs[i];
    lens[i] = 512;
  }
  CHECK(60, vblk_read_segments(&disk, 1000, bufs, lens, 16) == 0);
  for (int i = 0; i < 16; ++i) CHECK(61, matches(segs[i], 1000 + i, 1, i >= 10 && i < 14 ? 99 : 7));

  char id[20];
  CHECK(70, vblk_get_id(&disk, id) == 0);
  CHECK(71, id[0] == 't' && id[1] == 'o' && id[2] == 'r');

  /* Never-written sectors of a blank disk read as zeros. */
  CHECK(80, vblk_read(&disk, 5000, buf, 8) == 0);
  for (unsigned i = 0; i < 8 * 512; ++i) CHECK(81, buf[i] == 0);

  CHECK(90, vblk_read(&disk, capacity - 1, buf, 2) != 0);  /* past the end */
  guest_puts("blk_rw: all checks passed\n");
  return 0;
}
