/* The workload: fills memory so a resume has something to prove. Pages are
   allocated one by one from the frame allocator; each holds a wl_node
   header then pseudo-random words (a 64-bit LCG, seeded). The list visits
   the pages in a Fisher-Yates-shuffled order, so its pointers jump all
   over the linear map. The checksum of every page goes into a table. */
#include "workload.h"

#include "mm.h"

#define WL_MAGIC 0x776f726b6c6f6164ull /* "workload" */
#define WORDS (PAGE_SIZE / 8)

struct workload workload;

static inline uint64_t lcg_next(uint64_t* x) {
  *x = *x * 6364136223846793005ull + 1442695040888963407ull;
  return *x ^ (*x >> 29);
}

/* Two running sums (Fletcher-like: position-dependent), folded. */
static uint64_t page_checksum(const uint64_t* p) {
  uint64_t a = 0, b = 0;
  for (unsigned i = 0; i < WORDS; i += 2) {
    a += p[i];
    b += a;
    a += p[i + 1];
    b += a;
  }
  return a ^ (b << 32 | b >> 32);
}

int workload_create(uint64_t bytes, uint64_t seed) {
  struct workload* w = &workload;
  const uint64_t n = bytes / PAGE_SIZE;
  w->nr_pages = n;
  w->seed = seed;
  w->head = 0;
  if (n == 0) return 0;
  w->table_pages = DIV_ROUND_UP(n * sizeof(uint64_t), PAGE_SIZE);
  w->pages = pages_alloc(w->table_pages, 0);
  w->sums = pages_alloc(w->table_pages, 0);
  /* Temporary: the shuffled order and each page's rank in it. */
  const uint64_t tmp_pages = DIV_ROUND_UP(n * sizeof(uint32_t), PAGE_SIZE);
  uint32_t* order = pages_alloc(tmp_pages, 0);
  uint32_t* rank = pages_alloc(tmp_pages, 0);
  if (!w->pages || !w->sums || !order || !rank) return -1;
  for (uint64_t i = 0; i < n; ++i) {
    w->pages[i] = pages_alloc(1, 0);
    if (!w->pages[i]) return -1;
  }

  uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
  for (uint64_t i = 0; i < n; ++i) order[i] = (uint32_t)i;
  for (uint64_t i = n - 1; i > 0; --i) {
    const uint64_t j = lcg_next(&x) % (i + 1);
    const uint32_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (uint64_t k = 0; k < n; ++k) rank[order[k]] = (uint32_t)k;

  for (uint64_t i = 0; i < n; ++i) {
    uint64_t* p = (uint64_t*)w->pages[i];
    struct wl_node* node = (struct wl_node*)p;
    const uint64_t r = rank[i];
    node->magic = WL_MAGIC ^ i;
    node->index = i;
    node->rank = r;
    node->next = r + 1 < n ? w->pages[order[r + 1]] : 0;
    for (unsigned k = sizeof(struct wl_node) / 8; k < WORDS; ++k) p[k] = lcg_next(&x);
    w->sums[i] = page_checksum(p);
  }
  w->head = w->pages[order[0]];
  pages_free(order, tmp_pages);
  pages_free(rank, tmp_pages);
  return 0;
}

static int mismatch(const char* what, uint64_t index, uint64_t expected, uint64_t got) {
  con_puts("verify: ");
  con_puts(what);
  con_puts(" mismatch at page ");
  con_dec(index);
  if (index < workload.nr_pages) {
    con_puts(" (pa ");
    con_hex(virt_to_phys(workload.pages[index]));
    con_puts(")");
  }
  con_puts(": expected ");
  con_hex(expected);
  con_puts(", got ");
  con_hex(got);
  con_puts("\n");
  return -1;
}

int workload_verify(void) {
  const struct workload* w = &workload;
  for (uint64_t i = 0; i < w->nr_pages; ++i) {
    const uint64_t* p = (const uint64_t*)w->pages[i];
    const uint64_t sum = page_checksum(p);
    if (sum != w->sums[i]) return mismatch("checksum", i, w->sums[i], sum);
    if (w->pages[i]->magic != (WL_MAGIC ^ i)) return mismatch("magic", i, WL_MAGIC ^ i, w->pages[i]->magic);
  }
  const struct wl_node* node = w->head;
  for (uint64_t k = 0; k < w->nr_pages; ++k) {
    if (!node) return mismatch("list length", k, w->nr_pages, k);
    if (node->rank != k) return mismatch("list rank", node->index, k, node->rank);
    if (node->index >= w->nr_pages) return mismatch("list index", k, w->nr_pages, node->index);
    if (w->pages[node->index] != node)
      return mismatch("list node", node->index, (uint64_t)w->pages[node->index], (uint64_t)node);
    node = node->next;
  }
  if (node) return mismatch("list end", w->nr_pages, 0, (uint64_t)node);
  return 0;
}
