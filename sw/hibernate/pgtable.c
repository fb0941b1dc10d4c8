/* Sv39 page tables (privileged spec 4.4): three levels of 512 PTEs; a
   leaf at level 1 maps 2 MiB. */
#include "pgtable.h"

uint64_t* kernel_pgd;

uint64_t* pgd_alloc(void) { return pages_alloc(1, 1); }

static inline uint64_t* pte_table(uint64_t pte) {
  return phys_to_virt((pte >> PTE_PPN_SHIFT) << PAGE_SHIFT);
}

/* The PTE for va at `level` (0: 4 KiB leaf, 1: 2 MiB leaf), creating the
   tables above it. */
static uint64_t* pte_slot(uint64_t* root, uint64_t va, int level) {
  uint64_t* table = root;
  for (int l = 2; l > level; --l) {
    uint64_t* pte = &table[(va >> (PAGE_SHIFT + 9 * l)) & 511];
    if (!(*pte & PTE_V)) {
      uint64_t* next = pages_alloc(1, 1);
      if (!next) return 0;
      *pte = ((virt_to_phys(next) >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
    } else if (*pte & (PTE_R | PTE_W | PTE_X)) {
      return 0; /* already a superpage leaf */
    }
    table = pte_table(*pte);
  }
  return &table[(va >> (PAGE_SHIFT + 9 * level)) & 511];
}

int map_range(uint64_t* root, uint64_t va, uint64_t pa, uint64_t size, uint64_t prot) {
  while (size) {
    const int mega = ((va | pa) & (MEGAPAGE_SIZE - 1)) == 0 && size >= MEGAPAGE_SIZE;
    const uint64_t step = mega ? MEGAPAGE_SIZE : PAGE_SIZE;
    uint64_t* pte = pte_slot(root, va, mega ? 1 : 0);
    if (!pte || (*pte & PTE_V)) return -1;
    *pte = ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | prot;
    va += step;
    pa += step;
    size = size > step ? size - step : 0;
  }
  return 0;
}

int map_kernel_space(uint64_t* root) {
  const uint64_t text = (uint64_t)__kernel_start, rodata = (uint64_t)__text_end;
  const uint64_t rw = (uint64_t)__rw_start, end = (uint64_t)__kernel_end;
  int rc = map_range(root, PAGE_OFFSET, mm.dram_base, mm.dram_size, PROT_RW);
  rc |= map_range(root, text, text, rodata - text, PROT_RX);
  if (rw > rodata) rc |= map_range(root, rodata, rodata, rw - rodata, PROT_RO);
  rc |= map_range(root, rw, rw, end - rw, PROT_RW);
  rc |= map_range(root, SYSCON_BASE, SYSCON_BASE, PAGE_SIZE, PROT_RW);
  rc |= map_range(root, UART_BASE, UART_BASE, PAGE_SIZE, PROT_RW);
  rc |= map_range(root, VIRTIO_BASE, VIRTIO_BASE, PAGE_SIZE, PROT_RW);
  rc |= map_range(root, TRACE_MARKER_BASE, TRACE_MARKER_BASE, PAGE_SIZE, PROT_RW);
  rc |= map_range(root, PLIC_BASE, PLIC_BASE, PAGE_SIZE, PROT_RW);
  rc |= map_range(root, PLIC_ENABLE_S & ~(PAGE_SIZE - 1), PLIC_ENABLE_S & ~(PAGE_SIZE - 1), PAGE_SIZE, PROT_RW);
  rc |= map_range(root, PLIC_CONTEXT_S, PLIC_CONTEXT_S, PAGE_SIZE, PROT_RW);
  return rc;
}

void paging_init(void) {
  kernel_pgd = pgd_alloc();
  if (!kernel_pgd || map_kernel_space(kernel_pgd) != 0)
    fail(HIBERNATE_FAIL_NO_MEMORY, "kernel page table");
  __asm__ volatile("csrw satp, %0\n\tsfence.vma zero, zero" ::"r"(pgd_satp(kernel_pgd)) : "memory");
  mm_use_linear_map();
  kernel_pgd = phys_to_virt((uint64_t)kernel_pgd);
}
