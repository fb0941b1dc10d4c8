/* The page-frame allocator: a bitmap over DRAM placed right after the
   kernel image. The kernel image and the bitmap are marked in use at init;
   everything else (page tables, workload, image buffers) comes from here. */
#include "mm.h"

struct mm mm;

static inline int bit_test(uint64_t i) { return (mm.bitmap[i >> 6] >> (i & 63)) & 1; }
static inline void bit_set(uint64_t i) { mm.bitmap[i >> 6] |= 1ull << (i & 63); }
static inline void bit_clear(uint64_t i) { mm.bitmap[i >> 6] &= ~(1ull << (i & 63)); }

/* Index of the lowest set bit of x != 0 (no Zbb). */
static unsigned ctz64(uint64_t x) {
  unsigned n = 0;
  if (!(x & 0xffffffffu)) n += 32, x >>= 32;
  if (!(x & 0xffffu)) n += 16, x >>= 16;
  if (!(x & 0xffu)) n += 8, x >>= 8;
  if (!(x & 0xfu)) n += 4, x >>= 4;
  if (!(x & 0x3u)) n += 2, x >>= 2;
  if (!(x & 0x1u)) n += 1;
  return n;
}

static unsigned popcount64(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

void mm_init(const struct boot_info* info) {
  mm.dram_base = info->dram_base;
  mm.dram_size = info->dram_size & ~(PAGE_SIZE - 1);
  mm.base_pfn = mm.dram_base >> PAGE_SHIFT;
  mm.nr_frames = mm.dram_size >> PAGE_SHIFT;
  mm.bitmap_words = DIV_ROUND_UP(mm.nr_frames, 64);
  mm.bitmap_pa = ALIGN_UP((uint64_t)__kernel_end, PAGE_SIZE);
  mm.va_offset = 0;
  mm.bitmap = (uint64_t*)mm.bitmap_pa;
  const uint64_t bitmap_end = ALIGN_UP(mm.bitmap_pa + mm.bitmap_words * 8, PAGE_SIZE);

  for (uint64_t w = 0; w < mm.bitmap_words; ++w) mm.bitmap[w] = 0;
  /* Frames past the end of DRAM in the last word count as used. */
  for (uint64_t i = mm.nr_frames; i < mm.bitmap_words * 64; ++i) bit_set(i);
  /* The kernel image and the bitmap. */
  const uint64_t first = ((uint64_t)__kernel_start >> PAGE_SHIFT) - mm.base_pfn;
  const uint64_t last = (bitmap_end >> PAGE_SHIFT) - mm.base_pfn;
  for (uint64_t i = first; i < last; ++i) bit_set(i);
  mm.free_frames = mm.nr_frames - (last - first);
  mm.hint = 0;
}

void mm_use_linear_map(void) {
  mm.va_offset = (int64_t)(PAGE_OFFSET - mm.dram_base);
  mm.bitmap = phys_to_virt(mm.bitmap_pa);
}

uint64_t virt_to_phys(const void* va) {
  const uint64_t v = (uint64_t)va;
  if (v >= PAGE_OFFSET) return v - PAGE_OFFSET + mm.dram_base;
  return v;
}

static void zero_frames(uint64_t index, uint64_t n) {
  uint64_t* p = pfn_to_virt(mm.base_pfn + index);
  for (uint64_t i = 0; i < n * (PAGE_SIZE / 8); i += 4) {
    p[i] = 0;
    p[i + 1] = 0;
    p[i + 2] = 0;
    p[i + 3] = 0;
  }
}

/* First free frame from word `mm.hint` on (wrapping once). */
static int64_t find_free_frame(void) {
  for (uint64_t k = 0; k < mm.bitmap_words; ++k) {
    uint64_t w = mm.hint + k;
    if (w >= mm.bitmap_words) w -= mm.bitmap_words;
    const uint64_t free_bits = ~mm.bitmap[w];
    if (free_bits) {
      mm.hint = w;
      return (int64_t)(w * 64 + ctz64(free_bits));
    }
  }
  return -1;
}

/* First run of n free frames (first fit from the start of DRAM). */
static int64_t find_free_run(uint64_t n) {
  uint64_t run = 0;
  for (uint64_t i = 0; i < mm.nr_frames; ++i) {
    if ((i & 63) == 0 && mm.bitmap[i >> 6] == ~0ull) {
      run = 0;
      i += 63;
      continue;
    }
    if (bit_test(i)) {
      run = 0;
    } else if (++run == n) {
      return (int64_t)(i + 1 - n);
    }
  }
  return -1;
}

void* pages_alloc(uint64_t n, int zero) {
  if (n == 0 || n > mm.free_frames) return 0;
  const int64_t index = n == 1 ? find_free_frame() : find_free_run(n);
  if (index < 0) return 0;
  for (uint64_t i = 0; i < n; ++i) bit_set((uint64_t)index + i);
  mm.free_frames -= n;
  if (zero) zero_frames((uint64_t)index, n);
  return pfn_to_virt(mm.base_pfn + (uint64_t)index);
}

void pages_free(void* va, uint64_t n) {
  const uint64_t index = (virt_to_phys(va) >> PAGE_SHIFT) - mm.base_pfn;
  for (uint64_t i = 0; i < n; ++i) bit_clear(index + i);
  mm.free_frames += n;
  if ((index >> 6) < mm.hint) mm.hint = index >> 6;
}

int frame_in_use(uint64_t pfn) { return bit_test(pfn - mm.base_pfn); }

void frame_reserve(uint64_t pfn) {
  bit_set(pfn - mm.base_pfn);
  mm.free_frames--;
}

uint64_t frames_in_use(void) {
  uint64_t n = 0;
  for (uint64_t w = 0; w < mm.bitmap_words; ++w) n += popcount64(mm.bitmap[w]);
  return n - (mm.bitmap_words * 64 - mm.nr_frames);
}

struct checkpoint {
  uint64_t free_frames, hint, pages;
  uint64_t bitmap[];
};

void* mm_checkpoint(void) {
  const uint64_t bytes = sizeof(struct checkpoint) + mm.bitmap_words * 8;
  const uint64_t pages = DIV_ROUND_UP(bytes, PAGE_SIZE);
  struct checkpoint* cp = pages_alloc(pages, 0);
  if (!cp) return 0;
  /* Saved after the checkpoint's own allocation: a rollback keeps it
     allocated until mm_rollback frees it below. */
  cp->free_frames = mm.free_frames;
  cp->hint = mm.hint;
  cp->pages = pages;
  memcpy(cp->bitmap, mm.bitmap, mm.bitmap_words * 8);
  return cp;
}

void mm_rollback(void* checkpoint) {
  struct checkpoint* cp = checkpoint;
  memcpy(mm.bitmap, cp->bitmap, mm.bitmap_words * 8);
  mm.free_frames = cp->free_frames;
  mm.hint = cp->hint;
  pages_free(cp, cp->pages);
}
