/* Suspend: which page frames make up the image (the swsusp_save role), and
   writing them to the swap area.

   The image is every frame in use at the snapshot (the kernel image, the
   allocator's bitmap, page tables, the workload and its tables) minus the
   "nosave" frames: the kernel's .nosave section (driver queue, sector
   buffer) and the snapshot's own buffers.

   Most pages are written in place: nothing touches them while the image is
   written (PTEs have A and D preset, no allocation happens after the
   snapshot). The exception is the kernel's writable data (.data, .bss and
   the stack): the writer itself changes it. swsusp_save copies it, right
   after the context was saved, and the image carries that copy: the
   "atomic copy" of Linux, limited to the pages that are not quiescent. */
#include "crc32.h"
#include "disk.h"
#include "hibernate.h"
#include "image.h"
#include "mm.h"

static struct {
  uint64_t* pfns;          /* the frame list (nosave buffer) */
  uint64_t pfns_pages;     /* its size in pages (capacity) */
  uint64_t nr_pages;       /* entries used */
  uint8_t* rw_copy;        /* copy of [__rw_start, __nosave_start) */
  uint64_t rw_first_pfn, rw_pages;
} snap;

static inline uint64_t pfn_of(const void* va) { return virt_to_phys(va) >> PAGE_SHIFT; }

static int in_range(uint64_t pfn, uint64_t first, uint64_t count) { return pfn - first < count; }

static int pfn_is_nosave(uint64_t pfn) {
  const uint64_t first = (uint64_t)__nosave_start >> PAGE_SHIFT;
  const uint64_t count = ((uint64_t)__nosave_end >> PAGE_SHIFT) - first;
  return in_range(pfn, first, count) || in_range(pfn, pfn_of(snap.pfns), snap.pfns_pages) ||
         in_range(pfn, pfn_of(snap.rw_copy), snap.rw_pages);
}

void snapshot_prepare(void) {
  /* Every frame in use now is a candidate; the buffers allocated here are
     nosave, so the list cannot grow beyond this count. */
  const uint64_t candidates = frames_in_use();
  snap.pfns_pages = DIV_ROUND_UP(candidates * sizeof(uint64_t), PAGE_SIZE);
  snap.rw_first_pfn = (uint64_t)__rw_start >> PAGE_SHIFT;
  snap.rw_pages = (uint64_t)(__nosave_start - __rw_start) >> PAGE_SHIFT;
  snap.pfns = pages_alloc(snap.pfns_pages, 0);
  snap.rw_copy = pages_alloc(snap.rw_pages, 0);
  if (!snap.pfns || !snap.rw_copy) fail(HIBERNATE_FAIL_NO_MEMORY, "no memory for the snapshot");
}

int swsusp_save(void) {
  /* The atomic part: the kernel's writable data as of the saved context. */
  memcpy(snap.rw_copy, __rw_start, snap.rw_pages * PAGE_SIZE);

  /* The frame list: every used, saveable frame, in ascending order. */
  uint64_t n = 0;
  for (uint64_t w = 0; w < mm.bitmap_words; ++w) {
    uint64_t bits = mm.bitmap[w];
    for (uint64_t b = 0; bits; ++b, bits >>= 1) {
      if (!(bits & 1)) continue;
      const uint64_t index = w * 64 + b;
      if (index >= mm.nr_frames) break;
      const uint64_t pfn = mm.base_pfn + index;
      if (!pfn_is_nosave(pfn)) snap.pfns[n++] = pfn;
    }
  }
  snap.nr_pages = n;
  return 0;
}

/* Where the image data of frame pfn comes from. */
static const uint8_t* page_source(uint64_t pfn) {
  if (in_range(pfn, snap.rw_first_pfn, snap.rw_pages))
    return snap.rw_copy + (pfn - snap.rw_first_pfn) * PAGE_SIZE;
  return pfn_to_virt(pfn);
}

static void write_or_fail(uint64_t sector, const void* buf, uint32_t sectors) {
  if (vblk_write(&disk, sector, buf, sectors) != 0) fail(HIBERNATE_FAIL_DISK, "image write");
}

static void write_header(const struct image_header* h) {
  memset(disk_sector_buf, 0, 512);
  memcpy(disk_sector_buf, h, sizeof *h);
  write_or_fail(swap_sector(IMAGE_HEADER_SLOT), disk_sector_buf, 1);
}

static void flush_or_fail(void) {
  if (vblk_flush(&disk) != 0) fail(HIBERNATE_FAIL_DISK, "flush");
}

void image_write(uint64_t build_id, uint64_t hartid) {
  const uint64_t list_pages = DIV_ROUND_UP(snap.nr_pages * sizeof(uint64_t), PAGE_SIZE);
  const uint64_t slots = IMAGE_LIST_SLOT + list_pages + snap.nr_pages;
  if (slots * SECTORS_PER_PAGE > params.swap_sectors ||
      params.swap_first_sector + params.swap_sectors > vblk_capacity(&disk))
    fail(HIBERNATE_FAIL_DISK, "the image does not fit in the swap area");

  struct image_header h = {
      .signature = 0,
      .version = IMAGE_VERSION,
      .header_bytes = sizeof(struct image_header),
      .build_id = build_id,
      .hart_id = hartid,
      .saved_satp = hibernate_cpu_context.satp,
      .cpu_resume = (uint64_t)cpu_resume,
      .page_count = snap.nr_pages,
      .list_pages = list_pages,
      .dram_base = mm.dram_base,
      .dram_size = mm.dram_size,
  };
  /* 1. The header without signature: any older image is invalid from now. */
  write_header(&h);

  /* 2. The frame list, zero-padded to whole pages. */
  memset((uint8_t*)snap.pfns + snap.nr_pages * 8, 0, list_pages * PAGE_SIZE - snap.nr_pages * 8);
  uint32_t crc = crc32_update(0, snap.pfns, list_pages * PAGE_SIZE);
  write_or_fail(swap_sector(IMAGE_LIST_SLOT), snap.pfns, (uint32_t)(list_pages * SECTORS_PER_PAGE));

  /* 3. The pages, IMAGE_IO_PAGES per request, contiguous sources merged. */
  static const void* bufs[IMAGE_IO_PAGES];
  static uint32_t lens[IMAGE_IO_PAGES];
  uint64_t slot = IMAGE_LIST_SLOT + list_pages;
  for (uint64_t i = 0; i < snap.nr_pages; i += IMAGE_IO_PAGES) {
    const uint64_t count = snap.nr_pages - i < IMAGE_IO_PAGES ? snap.nr_pages - i : IMAGE_IO_PAGES;
    unsigned segs = 0;
    for (uint64_t k = 0; k < count; ++k) {
      const uint8_t* src = page_source(snap.pfns[i + k]);
      crc = crc32_update(crc, src, PAGE_SIZE);
      if (segs && (const uint8_t*)bufs[segs - 1] + lens[segs - 1] == src) {
        lens[segs - 1] += PAGE_SIZE;
      } else {
        bufs[segs] = src;
        lens[segs++] = PAGE_SIZE;
      }
    }
    if (vblk_write_segments(&disk, swap_sector(slot), bufs, lens, segs) != 0)
      fail(HIBERNATE_FAIL_DISK, "image write");
    slot += count;
  }
  flush_or_fail();

  /* 4. The header with the signature, last. */
  h.data_crc32 = crc;
  h.header_crc32 = crc32_update(0, (const uint8_t*)&h + 8,
                                __builtin_offsetof(struct image_header, header_crc32) - 8);
  h.signature = IMAGE_SIGNATURE;
  write_header(&h);
  flush_or_fail();

  con_puts("hibernate: image written: ");
  con_dec(snap.nr_pages);
  con_puts(" pages, crc ");
  con_hex(crc);
  con_puts("\n");
}

void snapshot_release(void) {
  pages_free(snap.pfns, snap.pfns_pages);
  pages_free(snap.rw_copy, snap.rw_pages);
  snap.pfns = 0;
  snap.rw_copy = 0;
}

void image_invalidate(void) {
  if (vblk_read(&disk, swap_sector(IMAGE_HEADER_SLOT), disk_sector_buf, 1) != 0)
    fail(HIBERNATE_FAIL_DISK, "image header read");
  struct image_header* h = (struct image_header*)disk_sector_buf;
  h->signature = 0;
  if (vblk_write(&disk, swap_sector(IMAGE_HEADER_SLOT), disk_sector_buf, 1) != 0 ||
      vblk_flush(&disk) != 0)
    fail(HIBERNATE_FAIL_DISK, "image invalidation");
}
