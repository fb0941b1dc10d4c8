/* TLB behaviour: S-mode under Sv39 touches PAGES distinct 4 KiB pages,
   ROUNDS times. With more pages than L1 TLB entries every access misses the
   L1 DTLB; an L2 TLB large enough holds them after the first round. Built
   with -DFLUSH_EACH_ROUND, an sfence.vma between rounds forces re-walks.
   The platform's statistics (dtlb, l2tlb, page_walks) show the result. */
#include "guest.h"

#define PAGES 256
#define ROUNDS 8
#define VA_BASE 0x40000000ull

static uint64_t root[512] __attribute__((aligned(4096)));
static uint64_t level1[512] __attribute__((aligned(4096)));
static uint64_t level0[512] __attribute__((aligned(4096)));
static uint8_t pages[PAGES][4096] __attribute__((aligned(4096)));

#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
#define PTE_A 64
#define PTE_D 128
#define PTE(pa, flags) ((((uint64_t)(pa) >> 12) << 10) | (flags))

static volatile uint64_t result;

static void supervisor_main(void) {
  uint64_t sum = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    for (int p = 0; p < PAGES; ++p) sum += *(volatile uint64_t*)(VA_BASE + (uint64_t)p * 4096 + 64 * (r & 63));
#ifdef FLUSH_EACH_ROUND
    __asm__ volatile("sfence.vma" ::: "memory");
#endif
  }
  result = sum;
  __asm__ volatile("ecall");
}

/* Machine-mode trap handler: the supervisor's ecall ends the run. */
__attribute__((aligned(4), interrupt("machine"))) static void machine_trap(void) {
  uint64_t cause;
  __asm__ volatile("csrr %0, mcause" : "=r"(cause));
  guest_exit(cause == 9 ? 0 : (int)(0x80 | cause));
}

int main(void) {
  /* Gigapage identity map for code and data at 0x8000_0000, and 4 KiB
     pages at VA_BASE onto the buffer. */
  root[2] = PTE(0x80000000ull, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
  root[(VA_BASE >> 30) & 511] = PTE(level1, PTE_V);
  level1[0] = PTE(level0, PTE_V);
  for (int p = 0; p < PAGES; ++p) level0[p] = PTE(pages[p], PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);

  __asm__ volatile("csrw mtvec, %0" ::"r"(machine_trap));
  __asm__ volatile("csrw satp, %0" ::"r"((8ull << 60) | ((uint64_t)root >> 12)));
  __asm__ volatile("sfence.vma" ::: "memory");
  /* mret into S-mode at supervisor_main, on the same stack. */
  uint64_t mstatus;
  __asm__ volatile("csrr %0, mstatus" : "=r"(mstatus));
  mstatus = (mstatus & ~(3ull << 11)) | (1ull << 11);
  __asm__ volatile("csrw mstatus, %0" ::"r"(mstatus));
  __asm__ volatile("csrw mepc, %0" ::"r"(supervisor_main));
  __asm__ volatile("mret");
  return 1;
}
