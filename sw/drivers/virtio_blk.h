/* Bare-metal virtio-blk driver over virtio-mmio (modern, Version 2 register
 * layout) with one split virtqueue, polled, one request in flight.
 *
 * Written for torpor from the OASIS Virtio 1.1 specification:
 *   2.6   split virtqueues (descriptor table, available and used rings)
 *   3.1.1 driver initialisation sequence
 *   4.2   virtio over MMIO (register layout, virtqueue configuration)
 *   5.2   block device (feature bits, configuration layout, requests)
 *
 * Freestanding: no libc, no globals. The caller owns `struct vblk` and one
 * 4 KiB-aligned block of VBLK_QUEUE_MEMORY bytes that the device reads and
 * writes by DMA (descriptor table, both rings, the request header and the
 * status byte all live there). Every call is synchronous: it submits one
 * request, polls the used ring for its completion, acknowledges
 * InterruptStatus, and returns.
 *
 * Return codes: 0 success; VBLK_S_IOERR (1) / VBLK_S_UNSUPP (2), the status
 * byte the device wrote; a negative VBLK_E* code for driver-side errors. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define VBLK_SECTOR_SIZE 512u

/* Queue memory the caller provides: 4 KiB aligned, this many bytes, and
   physically contiguous (one page). */
#define VBLK_QUEUE_MEMORY 4096u
#define VBLK_QUEUE_ALIGN 4096u
/* Largest queue the driver sets up (QueueNum = min(QueueNumMax, this),
   rounded down to a power of two); a request uses at most this many
   descriptors: header + data segments + status. */
#define VBLK_MAX_QUEUE_SIZE 128u

/* Device status byte values (5.2.6). */
#define VBLK_S_OK 0
#define VBLK_S_IOERR 1
#define VBLK_S_UNSUPP 2

/* Driver errors (negative). */
#define VBLK_E_MAGIC (-1)       /* MagicValue is not "virt" */
#define VBLK_E_VERSION (-2)     /* Version is not 2 (legacy devices unsupported) */
#define VBLK_E_NO_DEVICE (-3)   /* DeviceID 0: placeholder slot, nothing there */
#define VBLK_E_DEVICE_ID (-4)   /* a virtio device, but not a block device (2) */
#define VBLK_E_FEATURES (-5)    /* VERSION_1 not offered, or FEATURES_OK refused */
#define VBLK_E_QUEUE (-6)       /* queue 0 in use, unavailable or smaller than 4 */
#define VBLK_E_ALIGN (-7)       /* queue_memory not VBLK_QUEUE_ALIGN aligned */
#define VBLK_E_TIMEOUT (-8)     /* no completion within poll_limit; device reset */
#define VBLK_E_NEEDS_RESET (-9) /* device set DEVICE_NEEDS_RESET; device reset */
#define VBLK_E_PROTOCOL (-10)   /* device returned a wrong id or no status */
#define VBLK_E_RANGE (-11)      /* request beyond capacity */
#define VBLK_E_INVAL (-12)      /* bad arguments (length not a multiple of 512, ...) */
#define VBLK_E_READ_ONLY (-13)  /* write to a device that offers VIRTIO_BLK_F_RO */
#define VBLK_E_NOT_READY (-14)  /* vblk_init did not succeed (or a timeout reset it) */

/* Default bound on used-ring polls per request; dev->poll_limit may be
   changed after vblk_init. A poll is ~6 instructions (a load and a few ALU
   ops): 10^8 polls are ~0.3 s of simulated time on a 1.5 GHz hart, and
   ~6*10^8 instructions, so tests of the timeout path should lower it. */
#define VBLK_DEFAULT_POLL_LIMIT 100000000u
/* Default cap on the data bytes of one request (dev->max_request_bytes),
   which keeps the time a request may take, and so the poll bound,
   meaningful: 4 MiB is ~10 ms at 400 MB/s. */
#define VBLK_DEFAULT_MAX_REQUEST_BYTES (4u << 20)

/* Translation of a driver (virtual) address to the physical address given to
   the device. The default is the identity (bare metal, M-mode). With a
   non-identity hook, buffers are split at 4 KiB page boundaries unless the
   translation stays contiguous across them. */
typedef uint64_t (*vblk_virt_to_phys_fn)(const void* va);
uint64_t vblk_identity_phys(const void* va);

struct vblk_desc;
struct vblk_req_hdr;

struct vblk {
  uintptr_t regs;                     /* MMIO base (as mapped for the driver) */
  vblk_virt_to_phys_fn virt_to_phys;  /* identity unless vblk_init_v2p was used */
  volatile struct vblk_desc* desc;    /* descriptor table (in queue memory) */
  volatile uint16_t* avail;           /* flags, idx, ring[qsize], used_event */
  volatile uint16_t* used;            /* flags, idx, then {le32 id, le32 len}[qsize] */
  volatile struct vblk_req_hdr* hdr;  /* request header */
  volatile uint8_t* status;           /* request status byte */
  uint64_t features;                  /* negotiated feature bits */
  uint64_t capacity;                  /* 512-byte sectors */
  uint32_t blk_size;                  /* optimal block size (512 without BLK_SIZE) */
  uint32_t size_max;                  /* max bytes per data segment (0: no limit) */
  uint32_t max_segments;              /* data descriptors per request */
  uint32_t poll_limit;                /* used-ring polls before VBLK_E_TIMEOUT */
  uint32_t max_request_bytes;         /* data bytes per request (>= 512) */
  uint16_t qsize;                     /* QueueNum */
  uint16_t avail_idx;                 /* next avail->idx the driver writes */
  uint16_t used_idx;                  /* next used->idx entry the driver consumes */
  uint8_t ready;                      /* 1 after a successful vblk_init */
  void (*idle)(void);                 /* called while waiting for a completion (e.g. wfi); NULL: busy-poll */
};

/* Resets and initialises the device at mmio_base (3.1.1, 4.2.3): checks
   MagicValue/Version/DeviceID, negotiates VERSION_1 and the block features
   the driver uses (SIZE_MAX, SEG_MAX, RO, BLK_SIZE, FLUSH; ACCESS_PLATFORM
   and ORDER_PLATFORM when offered), sets up queue 0 in queue_memory, then
   sets DRIVER_OK. Returns 0 or a negative VBLK_E_* code (the device is left
   with FAILED set when it got that far). */
int vblk_init(struct vblk* dev, uintptr_t mmio_base, void* queue_memory);
/* The same with a virtual-to-physical hook (NULL: identity), used for the
   queue memory and every data buffer. */
int vblk_init_v2p(struct vblk* dev, uintptr_t mmio_base, void* queue_memory,
                  vblk_virt_to_phys_fn virt_to_phys);

uint64_t vblk_capacity(const struct vblk* dev);   /* 512-byte sectors */
uint32_t vblk_block_size(const struct vblk* dev); /* bytes */
int vblk_read_only(const struct vblk* dev);       /* VIRTIO_BLK_F_RO negotiated */
uint64_t vblk_features(const struct vblk* dev);   /* negotiated feature bits */

/* Reads/writes `sectors` 512-byte sectors at `sector`. Long transfers are
   split into several requests as size_max, seg_max, the queue size and
   max_request_bytes require. */
int vblk_read(struct vblk* dev, uint64_t sector, void* buf, uint32_t sectors);
int vblk_write(struct vblk* dev, uint64_t sector, const void* buf, uint32_t sectors);

/* Scatter read: the device fills bufs[0] (lens[0] bytes), then bufs[1], ...
   from `sector` on, as one descriptor chain when seg_max and the queue size
   allow it (otherwise as several requests, split on sector boundaries). The
   lengths need not be multiples of 512, their sum must be. */
int vblk_read_segments(struct vblk* dev, uint64_t sector, void* const* bufs,
                       const uint32_t* lens, unsigned count);
/* Gather write, the counterpart of vblk_read_segments. */
int vblk_write_segments(struct vblk* dev, uint64_t sector, const void* const* bufs,
                        const uint32_t* lens, unsigned count);

/* Makes completed writes stable (VIRTIO_BLK_T_FLUSH). Without
   VIRTIO_BLK_F_FLUSH the device has no volatile write cache to flush
   (5.2.5.1) and this returns 0 without a request. */
int vblk_flush(struct vblk* dev);

/* Device ID string (VIRTIO_BLK_T_GET_ID): 20 bytes, NUL-padded, not
   necessarily NUL-terminated. */
int vblk_get_id(struct vblk* dev, char id[20]);
