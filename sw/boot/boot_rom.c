/* Boot ROM, disk path: loads the program described by the boot header on
   the virtio-blk device (boot_format.h) and jumps to it. Entered from
   start.S with sp at the top of the scratch area.

   Executes in place from read-only ROM: no writable static data. Everything
   writable (the driver's state, its queue memory, the header and a sector
   buffer) is in a struct rom_work at the start of the scratch area (rounded
   up to 4 KiB), the stack at its top. */
#include <stddef.h>
#include <stdint.h>

#include "boot_format.h"
#include "virtio_blk.h"

#define SCRATCH_BYTES 0x10000u
#define SECTOR_BYTES VBLK_SECTOR_SIZE
/* The header may be larger than one sector: read all the sectors it covers. */
#define HEADER_SECTORS ((uint32_t)((sizeof(struct boot_header) + SECTOR_BYTES - 1u) / SECTOR_BYTES))
#define VIRTIO_MMIO_STATUS 0x70u /* 4.2.2: writing 0 resets the device */
#define FINISHER_FAIL 0x3333u
#define STACK_BYTES 0x4000u /* reserved for the stack at the top of scratch */

struct rom_work {
  uint8_t queue[VBLK_QUEUE_MEMORY]; /* first: 4 KiB aligned */
  union {
    struct boot_header h;
    uint8_t raw[HEADER_SECTORS * SECTOR_BYTES];
  } header;
  uint8_t sector[SECTOR_BYTES]; /* the last, partial sector of a segment */
  struct vblk dev;
};

/* start.S reads struct rom_params with these offsets. */
_Static_assert(ROM_PARAMS_OFFSET == 0x40u, "start.S places rom_params at 0x40");
_Static_assert(sizeof(struct rom_params) == 64u, "start.S reserves 64 bytes");
_Static_assert(offsetof(struct rom_params, magic) == 0u, "start.S: magic at 0");
_Static_assert(offsetof(struct rom_params, preload_entry) == 8u, "start.S: preload_entry at 8");
_Static_assert(offsetof(struct rom_params, scratch) == 40u, "start.S: scratch at 40");
_Static_assert(HEADER_SECTORS <= BOOT_DATA_SECTOR, "the header runs into the data sectors");
_Static_assert(VBLK_QUEUE_ALIGN - 1u + sizeof(struct rom_work) + STACK_BYTES <= SCRATCH_BYTES,
               "work area and stack do not fit the scratch area");

/* start.S compares the parameter block's magic with this. */
const uint64_t rom_params_magic = ROM_PARAMS_MAGIC;

void boot_main(const struct rom_params* p, uint64_t hartid, uint64_t reset_mtvec)
    __attribute__((noreturn));

static void mark(const struct rom_params* p, uint32_t phase) {
  if (p->trace_marker != 0) *(volatile uint32_t*)(uintptr_t)p->trace_marker = phase;
}

/* Reports a boot failure through the test finisher and parks the hart. */
static __attribute__((noreturn, cold)) void fail(const struct rom_params* p, uint32_t code) {
  if (p->syscon != 0) *(volatile uint32_t*)(uintptr_t)p->syscon = (code << 16) | FINISHER_FAIL;
  for (;;) __asm__ volatile("wfi");
}

/* [a, a + n) lies within [base, base + size); no overflow. */
static int inside(uint64_t a, uint64_t n, uint64_t base, uint64_t size) {
  return a >= base && n <= size && a - base <= size - n;
}

/* [a, a + an) and [b, b + bn) share a byte; no overflow. */
static int overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn) {
  if (an == 0 || bn == 0) return 0;
  return a >= b ? a - b < bn : b - a < an;
}

static uint64_t sectors_of(uint64_t bytes) { return bytes / SECTOR_BYTES + (bytes % SECTOR_BYTES != 0); }

static int segment_ok(const struct rom_params* p, const struct boot_header* h,
                      const struct boot_segment* s) {
  if (s->file_bytes > s->memory_bytes) return 0;
  if (s->memory_bytes == 0) return 1;
  if (!inside(s->load_address, s->memory_bytes, p->dram_base, p->dram_size)) return 0;
  if (overlaps(s->load_address, s->memory_bytes, p->scratch, SCRATCH_BYTES)) return 0;
  if (s->file_bytes == 0) return 1;
  const uint64_t sectors = sectors_of(s->file_bytes);
  /* Its bytes lie in the boot region, after the header sectors. */
  return s->disk_sector >= BOOT_DATA_SECTOR && sectors <= UINT32_MAX &&
         inside(s->disk_sector, sectors, 0, h->total_sectors);
}

/* The entry point lies in the memory of a segment. */
static int entry_ok(const struct boot_header* h) {
  for (uint32_t i = 0; i < h->segment_count; ++i) {
    const struct boot_segment* s = &h->segments[i];
    if (inside(h->entry, 1, s->load_address, s->memory_bytes)) return 1;
  }
  return 0;
}

/* Byte loops only where needed: the bulk is 64 bytes per iteration. (Built
   with -fno-tree-loop-distribute-patterns so no memset call appears.) */
static void zero(uint8_t* d, uint64_t n) {
  while (n != 0 && ((uintptr_t)d & 7u) != 0) {
    *d++ = 0;
    --n;
  }
  uint64_t* q = (uint64_t*)d;
  for (; n >= 64; n -= 64, q += 8) {
    q[0] = 0;
    q[1] = 0;
    q[2] = 0;
    q[3] = 0;
    q[4] = 0;
    q[5] = 0;
    q[6] = 0;
    q[7] = 0;
  }
  for (; n >= 8; n -= 8) *q++ = 0;
  d = (uint8_t*)q;
  while (n-- != 0) *d++ = 0;
}

/* Reads the file bytes of a segment straight to its load address, then
   zeroes the rest of its memory. A partial last sector is read whole in
   place when the sector still lies in the segment's memory (the excess is
   zeroed after), and through w->sector otherwise. Returns the driver's
   code (0: success). */
static int load_segment(struct rom_work* w, const struct boot_segment* s) {
  uint8_t* dst = (uint8_t*)(uintptr_t)s->load_address;
  uint64_t whole = s->file_bytes / SECTOR_BYTES;
  uint32_t tail = (uint32_t)(s->file_bytes % SECTOR_BYTES);
  if (tail != 0 && (whole + 1) * SECTOR_BYTES <= s->memory_bytes) {
    ++whole;
    tail = 0;
  }
  if (whole != 0) {
    const int rc = vblk_read(&w->dev, s->disk_sector, dst, (uint32_t)whole);
    if (rc != 0) return rc;
  }
  if (tail != 0) {
    const int rc = vblk_read(&w->dev, s->disk_sector + whole, w->sector, 1);
    if (rc != 0) return rc;
    uint8_t* d = dst + whole * SECTOR_BYTES;
    for (uint32_t i = 0; i < tail; ++i) d[i] = w->sector[i];
  }
  zero(dst + s->file_bytes, s->memory_bytes - s->file_bytes);
  return 0;
}

/* Resets the block device (the next stage finds it as at power-on) and
   waits, bounded, until Status reads back 0. */
static void reset_device(const struct rom_params* p) {
  volatile uint32_t* status = (volatile uint32_t*)(uintptr_t)(p->storage_base + VIRTIO_MMIO_STATUS);
  *status = 0;
  for (uint32_t i = 0; i < 1000000u && *status != 0; ++i) {
  }
}

static __attribute__((noreturn)) void enter(uint64_t entry, uint64_t hartid, uint64_t arg1, uint64_t mtvec) {
  register uint64_t a0 __asm__("a0") = hartid;
  register uint64_t a1 __asm__("a1") = arg1;
  __asm__ volatile(
      "csrw mtvec, %2\n\t"
      "jr %3"
      :
      : "r"(a0), "r"(a1), "r"(mtvec), "r"(entry)
      : "memory");
  __builtin_unreachable();
}

void boot_main(const struct rom_params* p, uint64_t hartid, uint64_t reset_mtvec) {
  mark(p, PHASE_BOOT_ROM);
  struct rom_work* w =
      (struct rom_work*)(uintptr_t)((p->scratch + VBLK_QUEUE_ALIGN - 1u) & ~(uint64_t)(VBLK_QUEUE_ALIGN - 1u));

  if (vblk_init(&w->dev, (uintptr_t)p->storage_base, w->queue) != 0) fail(p, BOOT_FAIL_NO_DEVICE);
  if (vblk_read(&w->dev, 0, w->header.raw, HEADER_SECTORS) != 0) fail(p, BOOT_FAIL_READ);

  const struct boot_header* h = &w->header.h;
  if (h->magic != BOOT_HEADER_MAGIC || h->version != BOOT_HEADER_VERSION || h->segment_count == 0 ||
      h->segment_count > BOOT_MAX_SEGMENTS)
    fail(p, BOOT_FAIL_NO_HEADER);
  for (uint32_t i = 0; i < h->segment_count; ++i)
    if (!segment_ok(p, h, &h->segments[i])) fail(p, BOOT_FAIL_BAD_SEGMENT);
  if (!entry_ok(h)) fail(p, BOOT_FAIL_BAD_SEGMENT);

  mark(p, PHASE_LOAD_NEXT_STAGE);
  for (uint32_t i = 0; i < h->segment_count; ++i)
    if (load_segment(w, &h->segments[i]) != 0) fail(p, BOOT_FAIL_READ);

  const uint64_t entry = h->entry, arg1 = h->arg1; /* the work area is the next stage's from here on */
  __asm__ volatile("fence.i" ::: "memory");
  reset_device(p);
  enter(entry, hartid, arg1, reset_mtvec);
}
