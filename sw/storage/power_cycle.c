/* Power cycles (run with --power-cycles 1): the first boot writes a record
   to the disk and a marker to DRAM, then powers off; the second boot finds
   the record on the disk but not the marker in DRAM. */
#include "blk_common.h"

#define RECORD_SECTOR 100
#define DRAM_MARKER ((volatile uint64_t*)0x8f000000ull) /* outside the program and its bss */
#define MAGIC 0x746f72706f7231ull

static uint8_t record[512] __attribute__((aligned(64)));

int main(void) {
  CHECK(1, vblk_init(&disk, STORAGE_BASE, queue_memory) == 0);
  CHECK(2, vblk_read(&disk, RECORD_SECTOR, record, 1) == 0);
  uint64_t magic;
  __builtin_memcpy(&magic, record, 8);
  if (magic != MAGIC) {  /* first boot */
    guest_puts("power_cycle: first boot\n");
    CHECK(3, *DRAM_MARKER == 0);  /* DRAM starts as dram.fill (0) */
    *DRAM_MARKER = MAGIC;
    fill(record, RECORD_SECTOR, 1, 5);
    __builtin_memcpy(record, &(uint64_t){MAGIC}, 8);
    CHECK(4, vblk_write(&disk, RECORD_SECTOR, record, 1) == 0);
    CHECK(5, vblk_flush(&disk) == 0);
    guest_exit(0); /* poweroff: the platform boots again */
  }
  guest_puts("power_cycle: second boot\n");
  for (unsigned i = 8; i < 512; ++i) CHECK(11, record[i] == pattern(RECORD_SECTOR, i, 5));
  CHECK(12, *DRAM_MARKER == 0xa5a5a5a5a5a5a5a5ull); /* dram.power_cycle_fill */
  guest_puts("power_cycle: disk kept, DRAM lost\n");
  return 0;
}
