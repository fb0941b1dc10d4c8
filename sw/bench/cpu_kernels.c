/* Integer CPU kernels of the kinds standard benchmarks time (our own code,
   not a standard benchmark): list search and sort, a small matrix multiply,
   a character state machine, a bitwise CRC, and string/record handling with
   small calls. Prints cycles, instructions and instructions per cycle for
   each, so the pipeline model can be compared across its settings. Each
   kernel's result is checked against a value computed before timing, or
   against itself run twice. Meaningful in timed mode. */
#include "guest.h"
#include "timing.h"

static inline uint64_t read_instret(void) {
  uint64_t v;
  __asm__ volatile("csrr %0, minstret" : "=r"(v));
  return v;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)rng;
}

/* ---- linked list: find, reverse, merge sort ---- */
struct node {
  struct node* next;
  int16_t key, value;
};
#define NODES 96
static struct node nodes[NODES];

static struct node* make_list(void) {
  for (int i = 0; i < NODES; ++i) {
    nodes[i].next = i + 1 < NODES ? &nodes[i + 1] : 0;
    nodes[i].key = (int16_t)i;
    nodes[i].value = (int16_t)(next_random() & 0x7FFF);
  }
  return &nodes[0];
}

static struct node* find(struct node* list, int16_t value) {
  while (list && list->value != value) list = list->next;
  return list;
}

static struct node* reverse(struct node* list) {
  struct node* out = 0;
  while (list) {
    struct node* next = list->next;
    list->next = out;
    out = list;
    list = next;
  }
  return out;
}

static struct node* merge_sort(struct node* list, int by_key) {
  int width = 1;
  for (;;) {
    struct node *p = list, *tail = 0, *head = 0;
    int merges = 0;
    while (p) {
      ++merges;
      struct node* q = p;
      int psize = 0;
      for (int i = 0; i < width && q; ++i, q = q->next) ++psize;
      int qsize = width;
      while (psize > 0 || (qsize > 0 && q)) {
        struct node* e;
        if (psize == 0) {
          e = q, q = q->next, --qsize;
        } else if (qsize == 0 || !q) {
          e = p, p = p->next, --psize;
        } else {
          const int a = by_key ? p->key : p->value, b = by_key ? q->key : q->value;
          if (a <= b) e = p, p = p->next, --psize;
          else e = q, q = q->next, --qsize;
        }
        if (tail) tail->next = e;
        else head = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    list = head;
    if (merges <= 1) return list;
    width *= 2;
  }
}

static uint32_t list_kernel(int rounds) {
  uint32_t sum = 0;
  struct node* list = make_list();
  for (int r = 0; r < rounds; ++r) {
    for (int i = 0; i < 16; ++i) {
      const struct node* n = find(list, nodes[(i * 7 + r) % NODES].value);
      sum += n ? (uint32_t)n->key : 0xFFFF;
    }
    list = reverse(list);
    list = merge_sort(list, 0);
    sum += (uint32_t)list->value;
    list = merge_sort(list, 1);
  }
  return sum;
}

/* ---- matrix: 16-bit multiply into 32-bit, add, extract bits ---- */
#define N 16
static int16_t ma[N][N], mb[N][N];
static int32_t mc[N][N];

static uint32_t matrix_kernel(int rounds) {
  uint32_t sum = 0;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) ma[i][j] = (int16_t)(next_random() & 0xFFF), mb[i][j] = (int16_t)(next_random() & 0xFFF);
  for (int r = 0; r < rounds; ++r) {
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) {
        int32_t acc = 0;
        for (int k = 0; k < N; ++k) acc += (int32_t)ma[i][k] * mb[k][j];
        mc[i][j] = acc;
      }
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) {
        ma[i][j] = (int16_t)(ma[i][j] + r);
        sum += (uint32_t)((mc[i][j] >> 2) & 0xF) + (uint32_t)(mc[i][j] > 0x100000);
      }
  }
  return sum;
}

/* ---- state machine over numbers in text ---- */
enum state { START, INT, FRAC, EXP_SIGN, EXP, BAD, STATES };
static char text[1024];

static void make_text(void) {
  static const char pieces[][8] = {"123", "-45.6", "7e3", "+0.5", "9x", "1.2e-4", "--1", "88"};
  int at = 0;
  while (at < (int)sizeof text - 10) {
    const char* p = pieces[next_random() % 8];
    while (*p) text[at++] = *p++;
    text[at++] = ',';
  }
  text[at] = 0;
}

static uint32_t state_kernel(int rounds) {
  uint32_t counts[STATES] = {0};
  for (int r = 0; r < rounds; ++r) {
    enum state s = START;
    for (const char* c = text; *c; ++c) {
      const char ch = *c;
      if (ch == ',') {
        ++counts[s];
        s = START;
        continue;
      }
      const int digit = ch >= '0' && ch <= '9';
      switch (s) {
        case START: s = digit ? INT : (ch == '+' || ch == '-') ? INT : BAD; break;
        case INT: s = digit ? INT : ch == '.' ? FRAC : (ch == 'e' || ch == 'E') ? EXP_SIGN : BAD; break;
        case FRAC: s = digit ? FRAC : (ch == 'e' || ch == 'E') ? EXP_SIGN : BAD; break;
        case EXP_SIGN: s = digit || ch == '+' || ch == '-' ? EXP : BAD; break;
        case EXP: s = digit ? EXP : BAD; break;
        default: break;
      }
    }
  }
  uint32_t sum = 0;
  for (int i = 0; i < STATES; ++i) sum = sum * 31 + counts[i];
  return sum;
}

/* ---- bitwise CRC-16 (CCITT polynomial) ---- */
static uint32_t crc_kernel(int rounds) {
  uint16_t crc = 0xFFFF;
  for (int r = 0; r < rounds; ++r)
    for (int i = 0; i < 256; ++i) {
      uint8_t byte = (uint8_t)text[i];
      for (int b = 0; b < 8; ++b) {
        const int mix = ((crc >> 15) ^ (byte >> 7)) & 1;
        crc = (uint16_t)(crc << 1);
        if (mix) crc ^= 0x1021;
        byte = (uint8_t)(byte << 1);
      }
    }
  return crc;
}

/* ---- strings, records and small calls ---- */
struct record {
  struct record* link;
  int kind, number;
  char name[32];
};
static struct record records[2];

static __attribute__((noinline)) int add_weighted(int a, int b) { return a * 2 + b; }
static __attribute__((noinline)) void copy_name(char* to, const char* from) {
  while ((*to++ = *from++)) {
  }
}
static __attribute__((noinline)) int compare_names(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return (unsigned char)*a - (unsigned char)*b;
}
static __attribute__((noinline)) void update(struct record* r, int n) {
  r->number = add_weighted(r->number, n) & 0xFFFF;
  r->kind = r->number & 3;
  *r->link = *r;
  r->link->link = r;
}

static uint32_t record_kernel(int rounds) {
  uint32_t sum = 0;
  for (int i = 0; i < 2; ++i) records[i].number = records[i].kind = 0;
  records[0].link = &records[1];
  records[1].link = &records[0];
  for (int r = 0; r < rounds; ++r) {
    copy_name(records[0].name, "A RECORD, 1'ST STRING");
    copy_name(records[1].name, "A RECORD, 2'ND STRING");
    sum += (uint32_t)(compare_names(records[0].name, records[1].name) < 0);
    update(&records[r & 1], r);
    sum += (uint32_t)(records[0].kind + records[1].number);
    for (int i = 0; i < 5; ++i) sum += (uint32_t)add_weighted(i, (int)sum) & 7;
  }
  return sum;
}

typedef uint32_t (*kernel_fn)(int);
struct kernel {
  const char* name;
  kernel_fn fn;
  int rounds;
};

static void put_fixed3(uint64_t thousandths) {
  guest_put_dec(thousandths / 1000);
  guest_putc('.');
  guest_putc((char)('0' + thousandths / 100 % 10));
  guest_putc((char)('0' + thousandths / 10 % 10));
  guest_putc((char)('0' + thousandths % 10));
}

int main(void) {
  static const struct kernel kernels[] = {
      {"list", list_kernel, 20},       {"matrix", matrix_kernel, 4}, {"state", state_kernel, 20},
      {"crc", crc_kernel, 10},         {"record", record_kernel, 2000},
  };
  make_text();
  uint64_t all_cycles = 0, all_insns = 0;
  int failed = 0;
  guest_puts("kernel    cycles  instructions  IPC\n");
  for (unsigned k = 0; k < sizeof kernels / sizeof kernels[0]; ++k) {
    const uint64_t seed = rng;
    const uint32_t expected = kernels[k].fn(kernels[k].rounds);  /* also warms the caches */
    rng = seed;
    const uint64_t c0 = read_cycle(), i0 = read_instret();
    const uint32_t got = kernels[k].fn(kernels[k].rounds);
    const uint64_t cycles = read_cycle() - c0, insns = read_instret() - i0;
    if (got != expected) failed = 1;
    all_cycles += cycles;
    all_insns += insns;
    guest_puts(kernels[k].name);
    guest_puts("  ");
    guest_put_dec(cycles);
    guest_puts("  ");
    guest_put_dec(insns);
    guest_puts("  ");
    put_fixed3(cycles ? insns * 1000 / cycles : 0);
    guest_puts(got == expected ? "\n" : "  (result differs from the first run)\n");
  }
  guest_puts("all  ");
  guest_put_dec(all_cycles);
  guest_puts("  ");
  guest_put_dec(all_insns);
  guest_puts("  ");
  put_fixed3(all_cycles ? all_insns * 1000 / all_cycles : 0);
  guest_putc('\n');
  return failed;
}
