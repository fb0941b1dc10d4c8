/* Bare-metal virtio-blk driver over virtio-mmio; see virtio_blk.h. Written
 * for torpor from the OASIS Virtio 1.1 specification (sections cited
 * below); no code from other implementations. Assumes a little-endian hart
 * (RISC-V), so the le16/le32/le64 fields of the spec are native integers. */
#include "virtio_blk.h"

/* 4.2.2 MMIO device register layout (Version 2). */
enum {
  REG_MAGIC = 0x000,
  REG_VERSION = 0x004,
  REG_DEVICE_ID = 0x008,
  REG_DEVICE_FEATURES = 0x010,
  REG_DEVICE_FEATURES_SEL = 0x014,
  REG_DRIVER_FEATURES = 0x020,
  REG_DRIVER_FEATURES_SEL = 0x024,
  REG_QUEUE_SEL = 0x030,
  REG_QUEUE_NUM_MAX = 0x034,
  REG_QUEUE_NUM = 0x038,
  REG_QUEUE_READY = 0x044,
  REG_QUEUE_NOTIFY = 0x050,
  REG_INTERRUPT_STATUS = 0x060,
  REG_INTERRUPT_ACK = 0x064,
  REG_STATUS = 0x070,
  REG_QUEUE_DESC_LOW = 0x080,
  REG_QUEUE_DESC_HIGH = 0x084,
  REG_QUEUE_DRIVER_LOW = 0x090,
  REG_QUEUE_DRIVER_HIGH = 0x094,
  REG_QUEUE_DEVICE_LOW = 0x0a0,
  REG_QUEUE_DEVICE_HIGH = 0x0a4,
  REG_CONFIG_GENERATION = 0x0fc,
  /* 5.2.4 struct virtio_blk_config, at Config (0x100). */
  CFG_CAPACITY = 0x100,
  CFG_SIZE_MAX = 0x108,
  CFG_SEG_MAX = 0x10c,
  CFG_BLK_SIZE = 0x114,
};

#define MAGIC_VIRT 0x74726976u
#define DEVICE_ID_BLOCK 2u

/* 2.1 device status field. */
#define STATUS_ACKNOWLEDGE 1u
#define STATUS_DRIVER 2u
#define STATUS_DRIVER_OK 4u
#define STATUS_FEATURES_OK 8u
#define STATUS_DEVICE_NEEDS_RESET 64u
#define STATUS_FAILED 128u

/* Feature bits: 5.2.3 (block) and 6 (reserved, device-independent). */
#define F_BLK_SIZE_MAX (1ull << 1)
#define F_BLK_SEG_MAX (1ull << 2)
#define F_BLK_RO (1ull << 5)
#define F_BLK_BLK_SIZE (1ull << 6)
#define F_BLK_FLUSH (1ull << 9)
#define F_VERSION_1 (1ull << 32)
#define F_ACCESS_PLATFORM (1ull << 33)
#define F_ORDER_PLATFORM (1ull << 36)
#define DRIVER_FEATURES                                                            \
  (F_BLK_SIZE_MAX | F_BLK_SEG_MAX | F_BLK_RO | F_BLK_BLK_SIZE | F_BLK_FLUSH | F_VERSION_1 | \
   F_ACCESS_PLATFORM | F_ORDER_PLATFORM)

/* 5.2.6 request types. */
#define T_IN 0u
#define T_OUT 1u
#define T_FLUSH 4u
#define T_GET_ID 8u

/* 2.6.5 descriptor flags; 2.6.10 / 2.6.8 ring flags. */
#define DESC_F_NEXT 1u
#define DESC_F_WRITE 2u
#define USED_F_NO_NOTIFY 1u

/* 2.6.5 struct virtq_desc. */
struct vblk_desc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags;
  uint16_t next;
};

/* 5.2.6 struct virtio_blk_req, the device-readable head. */
struct vblk_req_hdr {
  uint32_t type;
  uint32_t reserved;
  uint64_t sector;
};

/* Queue memory layout, sized for VBLK_MAX_QUEUE_SIZE whatever QueueNum ends
   up being. 2.6 alignment: descriptor table 16, driver area (available
   ring) 2, device area (used ring) 4. */
#define Q_DESC_OFF 0u
#define Q_AVAIL_OFF (Q_DESC_OFF + 16u * VBLK_MAX_QUEUE_SIZE)
#define Q_AVAIL_BYTES (6u + 2u * VBLK_MAX_QUEUE_SIZE)
#define Q_USED_OFF ((Q_AVAIL_OFF + Q_AVAIL_BYTES + 255u) & ~255u)
#define Q_USED_BYTES (6u + 8u * VBLK_MAX_QUEUE_SIZE)
#define Q_HDR_OFF ((Q_USED_OFF + Q_USED_BYTES + 255u) & ~255u)
#define Q_STATUS_OFF (Q_HDR_OFF + 16u)
_Static_assert(Q_STATUS_OFF + 1u <= VBLK_QUEUE_MEMORY, "queue memory layout too big");
_Static_assert(VBLK_QUEUE_MEMORY <= 4096u, "queue memory must stay within one page");
_Static_assert((VBLK_MAX_QUEUE_SIZE & (VBLK_MAX_QUEUE_SIZE - 1u)) == 0, "queue size power of 2");
_Static_assert(sizeof(struct vblk_desc) == 16 && sizeof(struct vblk_req_hdr) == 16, "layout");

/* Available ring (2.6.6): [0] flags, [1] idx, [2 + i] ring[i]. Used ring
   (2.6.8) as 16-bit words: [0] flags, [1] idx, then 8-byte elements. */
#define AVAIL_FLAGS 0
#define AVAIL_IDX 1
#define AVAIL_RING 2
#define USED_FLAGS 0
#define USED_IDX 1

#define PAGE_SIZE 4096u
#define NEEDS_RESET_CHECK_MASK 0xfffu /* read Status every 4096 polls */

/* Ordering (2.6.13, 2.6.14): descriptors and ring entry before avail->idx;
   avail->idx before reading used->flags; all memory writes (buffers too)
   before the QueueNotify MMIO write; used->idx before the used element,
   the status byte and the data, and before the caller reuses buffers. */
static inline void fence_w_w(void) { __asm__ volatile("fence w, w" ::: "memory"); }
static inline void fence_rw_rw(void) { __asm__ volatile("fence rw, rw" ::: "memory"); }
static inline void fence_w_o(void) { __asm__ volatile("fence w, o" ::: "memory"); }
static inline void fence_r_rw(void) { __asm__ volatile("fence r, rw" ::: "memory"); }

/* 4.2.2.2: control registers and 32/64-bit config fields with aligned 32-bit
   accesses only. */
static inline uint32_t reg_read(const struct vblk* dev, uint32_t off) {
  return *(volatile uint32_t*)(dev->regs + off);
}
static inline void reg_write(const struct vblk* dev, uint32_t off, uint32_t v) {
  *(volatile uint32_t*)(dev->regs + off) = v;
}

uint64_t vblk_identity_phys(const void* va) { return (uint64_t)(uintptr_t)va; }

static inline uint64_t to_phys(const struct vblk* dev, const volatile void* va) {
  return dev->virt_to_phys((const void*)va);
}

/* Sets FAILED (3.1.1: "if any of these steps go irrecoverably wrong"). */
static int fail(struct vblk* dev, int err) {
  reg_write(dev, REG_STATUS, reg_read(dev, REG_STATUS) | STATUS_FAILED);
  return err;
}

/* Device reset: write 0, then wait (bounded) until Status reads back 0. The
   device stops using the queue memory and clears QueueReady (4.2.2.1). */
static void device_reset(struct vblk* dev) {
  reg_write(dev, REG_STATUS, 0);
  for (uint32_t i = 0; i < 1000000u && reg_read(dev, REG_STATUS) != 0; ++i) {
  }
  dev->ready = 0;
}

/* Reads the configuration fields the driver uses, retrying until
   ConfigGeneration is the same before and after (2.4.1, 4.2.2). */
static void read_config(struct vblk* dev) {
  for (unsigned attempt = 0; attempt < 64; ++attempt) {
    const uint32_t gen = reg_read(dev, REG_CONFIG_GENERATION);
    const uint32_t lo = reg_read(dev, CFG_CAPACITY);
    const uint32_t hi = reg_read(dev, CFG_CAPACITY + 4);
    const uint32_t size_max = (dev->features & F_BLK_SIZE_MAX) ? reg_read(dev, CFG_SIZE_MAX) : 0;
    const uint32_t seg_max = (dev->features & F_BLK_SEG_MAX) ? reg_read(dev, CFG_SEG_MAX) : 0;
    const uint32_t blk_size = (dev->features & F_BLK_BLK_SIZE) ? reg_read(dev, CFG_BLK_SIZE) : 0;
    dev->capacity = ((uint64_t)hi << 32) | lo;
    dev->size_max = size_max;
    dev->blk_size = blk_size ? blk_size : VBLK_SECTOR_SIZE;
    uint32_t segs = (uint32_t)dev->qsize - 2u; /* header and status take two */
    if (seg_max != 0 && seg_max < segs) segs = seg_max;
    dev->max_segments = segs;
    if (reg_read(dev, REG_CONFIG_GENERATION) == gen) return;
  }
}

int vblk_init(struct vblk* dev, uintptr_t mmio_base, void* queue_memory) {
  return vblk_init_v2p(dev, mmio_base, queue_memory, 0);
}

int vblk_init_v2p(struct vblk* dev, uintptr_t mmio_base, void* queue_memory,
                  vblk_virt_to_phys_fn virt_to_phys) {
  dev->regs = mmio_base;
  dev->virt_to_phys = virt_to_phys ? virt_to_phys : vblk_identity_phys;
  dev->ready = 0;
  dev->features = 0;
  dev->capacity = 0;
  dev->qsize = 0;
  dev->poll_limit = VBLK_DEFAULT_POLL_LIMIT;
  dev->idle = 0;
  dev->max_request_bytes = VBLK_DEFAULT_MAX_REQUEST_BYTES;

  /* 4.2.3.1: magic and version first; DeviceID 0 means no device, and then
     no other register may be touched. */
  if (reg_read(dev, REG_MAGIC) != MAGIC_VIRT) return VBLK_E_MAGIC;
  if (reg_read(dev, REG_VERSION) != 2) return VBLK_E_VERSION;
  const uint32_t device_id = reg_read(dev, REG_DEVICE_ID);
  if (device_id == 0) return VBLK_E_NO_DEVICE;
  if (device_id != DEVICE_ID_BLOCK) return VBLK_E_DEVICE_ID;
  if (((uintptr_t)queue_memory & (VBLK_QUEUE_ALIGN - 1u)) != 0) return VBLK_E_ALIGN;

  /* 3.1.1 steps 1-3: reset, ACKNOWLEDGE, DRIVER. */
  device_reset(dev);
  uint32_t status = STATUS_ACKNOWLEDGE;
  reg_write(dev, REG_STATUS, status);
  status |= STATUS_DRIVER;
  reg_write(dev, REG_STATUS, status);

  /* Steps 4-6: features, FEATURES_OK, and check that the device kept it. */
  reg_write(dev, REG_DEVICE_FEATURES_SEL, 0);
  uint64_t offered = reg_read(dev, REG_DEVICE_FEATURES);
  reg_write(dev, REG_DEVICE_FEATURES_SEL, 1);
  offered |= (uint64_t)reg_read(dev, REG_DEVICE_FEATURES) << 32;
  if (!(offered & F_VERSION_1)) return fail(dev, VBLK_E_FEATURES);
  const uint64_t accepted = offered & DRIVER_FEATURES;
  reg_write(dev, REG_DRIVER_FEATURES_SEL, 0);
  reg_write(dev, REG_DRIVER_FEATURES, (uint32_t)accepted);
  reg_write(dev, REG_DRIVER_FEATURES_SEL, 1);
  reg_write(dev, REG_DRIVER_FEATURES, (uint32_t)(accepted >> 32));
  status |= STATUS_FEATURES_OK;
  reg_write(dev, REG_STATUS, status);
  if (!(reg_read(dev, REG_STATUS) & STATUS_FEATURES_OK)) return fail(dev, VBLK_E_FEATURES);
  dev->features = accepted;

  /* Step 7, 4.2.3.2: queue 0. */
  reg_write(dev, REG_QUEUE_SEL, 0);
  if (reg_read(dev, REG_QUEUE_READY) != 0) return fail(dev, VBLK_E_QUEUE);
  const uint32_t num_max = reg_read(dev, REG_QUEUE_NUM_MAX);
  uint32_t qsize = VBLK_MAX_QUEUE_SIZE;
  while (qsize > num_max) qsize >>= 1; /* 2.6: a power of two <= QueueNumMax */
  if (qsize < 4) return fail(dev, VBLK_E_QUEUE); /* header + data + status */
  dev->qsize = (uint16_t)qsize;

  volatile uint64_t* q = (volatile uint64_t*)queue_memory;
  for (uint32_t i = 0; i < VBLK_QUEUE_MEMORY / 8u; ++i) q[i] = 0;
  uint8_t* base = (uint8_t*)queue_memory;
  dev->desc = (volatile struct vblk_desc*)(base + Q_DESC_OFF);
  dev->avail = (volatile uint16_t*)(base + Q_AVAIL_OFF);
  dev->used = (volatile uint16_t*)(base + Q_USED_OFF);
  dev->hdr = (volatile struct vblk_req_hdr*)(base + Q_HDR_OFF);
  dev->status = (volatile uint8_t*)(base + Q_STATUS_OFF);
  dev->avail_idx = 0;
  dev->used_idx = 0;
  fence_w_o(); /* zeroed rings visible before the device learns of them */

  const uint64_t desc_pa = to_phys(dev, dev->desc);
  const uint64_t avail_pa = to_phys(dev, dev->avail);
  const uint64_t used_pa = to_phys(dev, dev->used);
  reg_write(dev, REG_QUEUE_NUM, qsize);
  reg_write(dev, REG_QUEUE_DESC_LOW, (uint32_t)desc_pa);
  reg_write(dev, REG_QUEUE_DESC_HIGH, (uint32_t)(desc_pa >> 32));
  reg_write(dev, REG_QUEUE_DRIVER_LOW, (uint32_t)avail_pa);
  reg_write(dev, REG_QUEUE_DRIVER_HIGH, (uint32_t)(avail_pa >> 32));
  reg_write(dev, REG_QUEUE_DEVICE_LOW, (uint32_t)used_pa);
  reg_write(dev, REG_QUEUE_DEVICE_HIGH, (uint32_t)(used_pa >> 32));
  reg_write(dev, REG_QUEUE_READY, 1);

  read_config(dev);

  /* Step 8: DRIVER_OK. */
  status |= STATUS_DRIVER_OK;
  reg_write(dev, REG_STATUS, status);
  if (reg_read(dev, REG_STATUS) & (STATUS_DEVICE_NEEDS_RESET | STATUS_FAILED)) {
    device_reset(dev);
    return VBLK_E_NEEDS_RESET;
  }
  dev->ready = 1;
  return 0;
}

uint64_t vblk_capacity(const struct vblk* dev) { return dev->capacity; }
uint32_t vblk_block_size(const struct vblk* dev) { return dev->blk_size; }
int vblk_read_only(const struct vblk* dev) { return (dev->features & F_BLK_RO) != 0; }
uint64_t vblk_features(const struct vblk* dev) { return dev->features; }

/* Acknowledges InterruptStatus (4.2.3.4; 4.2.2.2: only defined bits); on a
   configuration change notification re-reads capacity (5.2.6.1). */
static void ack_interrupts(struct vblk* dev) {
  const uint32_t isr = reg_read(dev, REG_INTERRUPT_STATUS) & 3u;
  if (isr == 0) return;
  reg_write(dev, REG_INTERRUPT_ACK, isr);
  if (isr & 2u) read_config(dev);
}

/* Submits the chain that starts at desc[0] (the only request in flight),
   notifies, and polls the used ring for it. Returns the status byte or a
   negative error. */
static int submit_and_wait(struct vblk* dev) {
  const uint16_t qmask = (uint16_t)(dev->qsize - 1u);
  *dev->status = 0xff; /* not a status the device can write: detects "no write" */

  /* 2.6.13: ring entry, barrier, then idx. */
  dev->avail[AVAIL_RING + (dev->avail_idx & qmask)] = 0;
  fence_w_w();
  dev->avail_idx++;
  dev->avail[AVAIL_IDX] = dev->avail_idx;

  /* 2.6.13.4 / 2.6.10: after the idx store, look at used->flags;
     VIRTQ_USED_F_NO_NOTIFY means the device asked not to be notified. */
  fence_rw_rw();
  if (!(dev->used[USED_FLAGS] & USED_F_NO_NOTIFY)) {
    fence_w_o();
    reg_write(dev, REG_QUEUE_NOTIFY, 0); /* queue index 0 (4.2.3.3) */
  }

  uint32_t polls = 0;
  while (dev->used[USED_IDX] == dev->used_idx) {
    if (++polls >= dev->poll_limit) {
      device_reset(dev); /* the device must not write the buffers later */
      return VBLK_E_TIMEOUT;
    }
    if ((polls & NEEDS_RESET_CHECK_MASK) == 0 &&
        (reg_read(dev, REG_STATUS) & STATUS_DEVICE_NEEDS_RESET)) {
      device_reset(dev);
      return VBLK_E_NEEDS_RESET;
    }
    if (dev->idle) dev->idle();
  }
  fence_r_rw(); /* used->idx before the element, status and data (2.6.14) */

  /* struct virtq_used_elem {le32 id; le32 len}; len is not needed. */
  const volatile uint32_t* ring = (const volatile uint32_t*)(dev->used + 2);
  const uint32_t id = ring[2u * (dev->used_idx & qmask)];
  dev->used_idx++;
  ack_interrupts(dev);
  if (id != 0) return VBLK_E_PROTOCOL;
  const uint8_t status = *dev->status;
  if (status == VBLK_S_OK || status == VBLK_S_IOERR || status == VBLK_S_UNSUPP) return status;
  return VBLK_E_PROTOCOL;
}

/* Fills the request header (desc[0]) for a request. */
static void set_header(struct vblk* dev, uint32_t type, uint64_t sector) {
  dev->hdr->type = type;
  dev->hdr->reserved = 0;
  dev->hdr->sector = sector;
  dev->desc[0].addr = to_phys(dev, dev->hdr);
  dev->desc[0].len = sizeof(struct vblk_req_hdr);
  dev->desc[0].flags = DESC_F_NEXT;
  dev->desc[0].next = 1;
}

/* Makes desc[i] the device-writable status descriptor ending the chain. */
static void set_status_desc(struct vblk* dev, uint16_t i) {
  dev->desc[i].addr = to_phys(dev, dev->status);
  dev->desc[i].len = 1;
  dev->desc[i].flags = DESC_F_WRITE;
  dev->desc[i].next = 0;
}

/* Position in a scatter list. */
struct cursor {
  unsigned seg;
  uint32_t off;
};

static void skip_empty(struct cursor* c, const uint32_t* lens, unsigned count) {
  while (c->seg < count && c->off == lens[c->seg]) {
    c->seg++;
    c->off = 0;
  }
}

static void advance(struct cursor* c, const uint32_t* lens, unsigned count, uint64_t n) {
  while (n > 0 && c->seg < count) {
    const uint32_t rem = lens[c->seg] - c->off;
    if (n < rem) {
      c->off += (uint32_t)n;
      return;
    }
    n -= rem;
    c->seg++;
    c->off = 0;
  }
}

/* Length of the piece at va (at most `limit` bytes) that is one physically
   contiguous range the device may take as one descriptor; *pa gets its
   physical address. */
static uint32_t piece(const struct vblk* dev, const uint8_t* va, uint32_t limit, uint64_t* pa) {
  if (dev->size_max != 0 && limit > dev->size_max) limit = dev->size_max;
  *pa = dev->virt_to_phys(va);
  if (dev->virt_to_phys == vblk_identity_phys) return limit;
  uint32_t len = PAGE_SIZE - (uint32_t)((uintptr_t)va & (PAGE_SIZE - 1u));
  while (len < limit && dev->virt_to_phys(va + len) == *pa + len) len += PAGE_SIZE;
  return len < limit ? len : limit;
}

/* IN/OUT over a scatter list, as few requests as the limits allow. */
static int transfer(struct vblk* dev, uint32_t type, uint64_t sector, const void* const* bufs,
                    const uint32_t* lens, unsigned count) {
  if (!dev->ready) return VBLK_E_NOT_READY;
  if (type == T_OUT && (dev->features & F_BLK_RO)) return VBLK_E_READ_ONLY;
  uint64_t total = 0;
  for (unsigned i = 0; i < count; ++i) total += lens[i];
  if (total % VBLK_SECTOR_SIZE != 0) return VBLK_E_INVAL;
  if (total == 0) return 0;
  const uint64_t sectors = total / VBLK_SECTOR_SIZE;
  if (sector > dev->capacity || sectors > dev->capacity - sector) return VBLK_E_RANGE;

  const uint16_t data_flags = type == T_IN ? (DESC_F_WRITE | DESC_F_NEXT) : DESC_F_NEXT;
  const uint32_t max_bytes = dev->max_request_bytes < VBLK_SECTOR_SIZE
                                 ? VBLK_SECTOR_SIZE
                                 : dev->max_request_bytes & ~(VBLK_SECTOR_SIZE - 1u);
  struct cursor cur = {0, 0};
  skip_empty(&cur, lens, count);
  while (cur.seg < count) {
    const struct cursor start = cur;
    uint32_t n = 0;      /* data descriptors, desc[1..n] */
    uint32_t bytes = 0;  /* in this request, <= max_bytes */
    while (n < dev->max_segments && cur.seg < count && bytes < max_bytes) {
      const uint8_t* va = (const uint8_t*)bufs[cur.seg] + cur.off;
      const uint32_t rem = lens[cur.seg] - cur.off;
      uint64_t pa;
      const uint32_t len = piece(dev, va, rem < max_bytes - bytes ? rem : max_bytes - bytes, &pa);
      ++n;
      dev->desc[n].addr = pa;
      dev->desc[n].len = len;
      dev->desc[n].flags = data_flags;
      dev->desc[n].next = (uint16_t)(n + 1);
      bytes += len;
      cur.off += len;
      skip_empty(&cur, lens, count);
    }
    if (cur.seg < count) {
      /* Out of descriptors (or bytes) before the end: cut back to a sector
         boundary (5.2.6.1: data a multiple of 512) and resume from there. */
      uint32_t excess = bytes % VBLK_SECTOR_SIZE;
      if (bytes < VBLK_SECTOR_SIZE) return VBLK_E_INVAL; /* a sector needs too many pieces */
      bytes -= excess;
      while (excess >= dev->desc[n].len) excess -= dev->desc[n--].len;
      dev->desc[n].len -= excess;
      cur = start;
      advance(&cur, lens, count, bytes);
      skip_empty(&cur, lens, count);
    }
    set_header(dev, type, sector);
    set_status_desc(dev, (uint16_t)(n + 1));
    const int rc = submit_and_wait(dev);
    if (rc != 0) return rc;
    sector += bytes / VBLK_SECTOR_SIZE;
  }
  return 0;
}

/* One contiguous buffer, in pieces of at most 2^22 sectors (2 GiB) so a
   length always fits the 32-bit segment length. */
static int transfer_linear(struct vblk* dev, uint32_t type, uint64_t sector, const void* buf,
                           uint32_t sectors) {
  const uint32_t chunk = 1u << 22;
  const uint8_t* p = (const uint8_t*)buf;
  do {
    const uint32_t n = sectors < chunk ? sectors : chunk;
    const void* seg = p;
    const uint32_t len = n * VBLK_SECTOR_SIZE;
    const int rc = transfer(dev, type, sector, &seg, &len, 1);
    if (rc != 0) return rc;
    sector += n;
    p += len;
    sectors -= n;
  } while (sectors != 0);
  return 0;
}

int vblk_read(struct vblk* dev, uint64_t sector, void* buf, uint32_t sectors) {
  return transfer_linear(dev, T_IN, sector, buf, sectors);
}

int vblk_write(struct vblk* dev, uint64_t sector, const void* buf, uint32_t sectors) {
  return transfer_linear(dev, T_OUT, sector, buf, sectors);
}

int vblk_read_segments(struct vblk* dev, uint64_t sector, void* const* bufs,
                       const uint32_t* lens, unsigned count) {
  return transfer(dev, T_IN, sector, (const void* const*)bufs, lens, count);
}

int vblk_write_segments(struct vblk* dev, uint64_t sector, const void* const* bufs,
                        const uint32_t* lens, unsigned count) {
  return transfer(dev, T_OUT, sector, bufs, lens, count);
}

int vblk_flush(struct vblk* dev) {
  if (!dev->ready) return VBLK_E_NOT_READY;
  if (!(dev->features & F_BLK_FLUSH)) return 0;
  set_header(dev, T_FLUSH, 0); /* 5.2.6.1: sector 0, no data */
  set_status_desc(dev, 1);
  return submit_and_wait(dev);
}

int vblk_get_id(struct vblk* dev, char id[20]) {
  if (!dev->ready) return VBLK_E_NOT_READY;
  set_header(dev, T_GET_ID, 0);
  /* 5.2.6.1: exactly 20 bytes of data (in pieces if they cross a page). */
  const uint8_t* p = (const uint8_t*)id;
  uint32_t left = 20, n = 0;
  while (left != 0) {
    if (n == dev->max_segments) return VBLK_E_INVAL;
    uint64_t pa;
    const uint32_t len = piece(dev, p, left, &pa);
    ++n;
    dev->desc[n].addr = pa;
    dev->desc[n].len = len;
    dev->desc[n].flags = DESC_F_WRITE | DESC_F_NEXT;
    dev->desc[n].next = (uint16_t)(n + 1);
    p += len;
    left -= len;
  }
  set_status_desc(dev, (uint16_t)(n + 1));
  return submit_and_wait(dev);
}
