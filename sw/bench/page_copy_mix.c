/* Speed benchmark: about 200 M instructions of 4 KiB page copies (two
   64-bit registers per iteration, like the hibernation restore loop) and
   integer mixing. Prints a checksum so torpor and QEMU can be compared. */
#include "guest.h"

#define PAGE_WORDS 512
#define PAGES 16
#define ROUNDS 4600

static uint64_t pages[PAGES][PAGE_WORDS] __attribute__((aligned(4096)));
static uint64_t copy_dst[PAGE_WORDS] __attribute__((aligned(4096)));

static void copy_page(uint64_t* dst, const uint64_t* src) {
  for (int i = 0; i < PAGE_WORDS; i += 2) {
    uint64_t a = src[i], b = src[i + 1];
    dst[i] = a;
    dst[i + 1] = b;
  }
}

static uint64_t mix_page(uint64_t* p, uint64_t x) {
  for (int i = 0; i < PAGE_WORDS; i += 8) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    p[i] += x;
    x += p[i + 3] * 0x9E3779B97F4A7C15ull;
  }
  return x;
}

int main(void) {
  uint64_t x = 0x123456789abcdefull;
  for (int p = 0; p < PAGES; ++p)
    for (int i = 0; i < PAGE_WORDS; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      pages[p][i] = x;
    }
  uint64_t sum = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    for (int p = 0; p < PAGES; ++p) {
      copy_page(copy_dst, pages[p]);
      x = mix_page(copy_dst, x);
      sum += copy_dst[(r + p) & (PAGE_WORDS - 1)];
    }
  }
  guest_puts("page_copy_mix checksum ");
  guest_put_hex(sum ^ x);
  guest_puts("\n");
  return 0;
}
