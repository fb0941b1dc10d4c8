/* Physical memory: a bitmap page-frame allocator over all of DRAM (one bit
   per 4 KiB frame, 1 = in use) and the conversions between physical
   addresses, frame numbers and kernel virtual addresses. */
#pragma once
#include "kernel.h"

struct mm {
  uint64_t dram_base, dram_size;
  uint64_t base_pfn, nr_frames; /* DRAM frames: [base_pfn, base_pfn + nr_frames) */
  uint64_t* bitmap;             /* kernel virtual address */
  uint64_t bitmap_pa, bitmap_words;
  uint64_t hint;                /* word where the next single-frame search starts */
  uint64_t free_frames;
  int64_t va_offset;            /* PA -> VA: 0 before paging, the linear map after */
};
extern struct mm mm;

void mm_init(const struct boot_info* info);
/* Called once the linear map is live: from now on, frames are reached
   through it. */
void mm_use_linear_map(void);

static inline void* phys_to_virt(uint64_t pa) { return (void*)(pa + mm.va_offset); }
/* Kernel virtual to physical: the linear map, or the identity (kernel image,
   MMIO, everything before paging). Also the virtio driver's v2p hook. */
uint64_t virt_to_phys(const void* va);
static inline uint64_t pfn_to_phys(uint64_t pfn) { return pfn << PAGE_SHIFT; }
static inline void* pfn_to_virt(uint64_t pfn) { return phys_to_virt(pfn << PAGE_SHIFT); }
static inline int pfn_valid(uint64_t pfn) { return pfn - mm.base_pfn < mm.nr_frames; }

/* n physically contiguous frames, zeroed if `zero`; returns their kernel
   virtual address, or 0 when memory is exhausted. */
void* pages_alloc(uint64_t n, int zero);
void pages_free(void* va, uint64_t n);

int frame_in_use(uint64_t pfn);
void frame_reserve(uint64_t pfn); /* mark a free frame used */
uint64_t frames_in_use(void);

/* Allocator checkpoint: a copy of the bitmap (itself allocated) to roll
   back every allocation made since, e.g. after a failed resume. */
void* mm_checkpoint(void);
void mm_rollback(void* checkpoint);
