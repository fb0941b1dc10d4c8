// The virtio-mmio block device (models/storage/virtio_blk.*), driven the way
// a guest driver would: registers through the router, descriptors and rings
// written straight into guest RAM, QueueNotify, then a wait of simulated
// time. Covers the register file and feature negotiation (virtio 1.1, 4.2
// and 3.1), split-ring requests (2.6, 5.2: IN, OUT, FLUSH, GET_ID), malformed
// chains (DEVICE_NEEDS_RESET, nothing written, recovery after reset), fault
// injection (error sectors, power loss, bit flips), media timing, and a
// hostile guest (issue 13): queue registers changed under a request, the
// device's DMA aimed at its own registers or rings, over-long requests, more
// buffers than the queue holds; each must end in a guest-visible status.
#include <fcntl.h>
#include <unistd.h>

#include <bitset>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/recording_sim_control.h"
#include "models/bus/router.h"
#include "models/common/sim_control.h"
#include "models/dram/memory.h"
#include "models/storage/disk_image.h"
#include "models/storage/media.h"
#include "models/storage/virtio_blk.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using storage::DiskImage;
using storage::FaultPlan;
using storage::VirtioBlk;
using test::TlmTestInitiator;

// ------------------------------------------------------------------ constants

constexpr uint64_t ram_base = 0x80000000;
constexpr uint64_t blk_base = 0x10001000;
constexpr uint64_t unmapped = 0x40000000;  // no memory or device here
constexpr uint64_t sector = 512;
constexpr uint16_t qsize = 64;

// virtio-mmio registers (4.2.2)
enum : uint64_t {
  r_magic = 0x000, r_version = 0x004, r_device_id = 0x008, r_vendor_id = 0x00c,
  r_device_features = 0x010, r_device_features_sel = 0x014, r_driver_features = 0x020,
  r_driver_features_sel = 0x024, r_queue_sel = 0x030, r_queue_num_max = 0x034, r_queue_num = 0x038,
  r_queue_ready = 0x044, r_queue_notify = 0x050, r_interrupt_status = 0x060, r_interrupt_ack = 0x064,
  r_status = 0x070, r_queue_desc_low = 0x080, r_queue_desc_high = 0x084, r_queue_driver_low = 0x090,
  r_queue_driver_high = 0x094, r_queue_device_low = 0x0a0, r_queue_device_high = 0x0a4,
  r_config_generation = 0x0fc, r_config = 0x100,
};
// Device status bits (2.1)
constexpr uint32_t s_acknowledge = 1, s_driver = 2, s_driver_ok = 4, s_features_ok = 8, s_needs_reset = 0x40;
constexpr uint32_t s_running = s_acknowledge | s_driver | s_features_ok | s_driver_ok;
// Features: VIRTIO_F_VERSION_1 is bit 32 (bit 0 of the high word);
// VIRTIO_BLK_F_SEG_MAX (2), _BLK_SIZE (6), _FLUSH (9).
constexpr uint32_t features_low = (1u << 2) | (1u << 6) | (1u << 9);
constexpr uint32_t features_high = 1;
constexpr uint32_t f_indirect_desc = 1u << 28, f_event_idx = 1u << 29;
constexpr uint32_t f_size_max = 1u << 1;  // VIRTIO_BLK_F_SIZE_MAX
// Descriptor and ring flags (2.6.5, 2.6.6)
constexpr uint16_t d_next = 1, d_write = 2, d_indirect = 4;
constexpr uint16_t avail_no_interrupt = 1;
// Block requests and status (5.2.6)
constexpr uint32_t t_in = 0, t_out = 1, t_flush = 4, t_get_id = 8, t_get_lifetime = 10, t_discard = 11;
constexpr uint8_t b_ok = 0, b_ioerr = 1, b_unsupp = 2;
constexpr uint8_t untouched = 0xff;  // status bytes start as this

// Guest RAM layout used by the fake driver.
constexpr uint64_t desc_at = ram_base + 0x0000;    // descriptor table (64 x 16 bytes)
constexpr uint64_t avail_at = ram_base + 0x1000;   // available ring
constexpr uint64_t used_at = ram_base + 0x2000;    // used ring
constexpr uint64_t header_at = ram_base + 0x3000;  // request headers, 16 bytes each
constexpr uint64_t status_at = ram_base + 0x4000;  // status bytes, one per 16 bytes
constexpr uint64_t buf_at = ram_base + 0x10000;    // data buffers

const storage::MediaProfile& nvme() {
  const storage::MediaProfile* p = storage::find_media_profile("nvme-gen3x4");
  if (!p) throw std::runtime_error("media profile nvme-gen3x4 is missing");
  return *p;
}

// Deterministic, sector-distinct test data.
std::vector<uint8_t> pattern(size_t bytes, uint32_t seed) {
  std::vector<uint8_t> v(bytes);
  uint32_t x = seed * 2654435761u + 12345;
  for (size_t i = 0; i < bytes; ++i) {
    x = x * 1103515245u + 12345;
    v[i] = uint8_t(x >> 16);
  }
  return v;
}

size_t popcount(const uint8_t* p, size_t n) {
  size_t bits = 0;
  for (size_t i = 0; i < n; ++i) bits += std::bitset<8>(p[i]).count();
  return bits;
}

using test::RecordingSimControl;

struct Seg {
  uint64_t addr;
  uint32_t len;
  bool writable;
};

struct Req {
  uint16_t head;
  uint64_t header;
  uint64_t status;
};

struct BenchConfig {
  FaultPlan faults{};
  uint64_t ram_bytes = 1 << 20;
  uint64_t disk_bytes = 1 << 20;
  std::string disk_path;  // non-empty: a (non-persistent) image file instead of a blank disk
  std::string prefix;     // module name prefix, for several benches in one simulation
};

std::unique_ptr<DiskImage> make_disk(const BenchConfig& c) {
  if (!c.disk_path.empty()) return std::make_unique<DiskImage>(c.disk_path, false);
  return std::make_unique<DiskImage>(c.disk_bytes);
}

// Router + guest RAM + the device + a driver (cpu) on the same router.
struct Bench {
  BenchConfig config;
  RecordingSimControl control;
  std::unique_ptr<DiskImage> disk;
  TlmTestInitiator cpu;
  bus::Router router;
  Memory ram;
  VirtioBlk blk;
  sc_core::sc_signal<bool> irq;

  explicit Bench(BenchConfig c = {})
      : config(std::move(c)),
        disk(make_disk(config)),
        cpu((config.prefix + "cpu").c_str()),
        router((config.prefix + "router").c_str()),
        ram((config.prefix + "ram").c_str(), config.ram_bytes),
        blk((config.prefix + "blk").c_str(), *disk, nvme(), config.faults, control),
        irq((config.prefix + "irq").c_str()) {
    cpu.socket.bind(router.target_socket);
    blk.dma.bind(router.target_socket);
    router.map("ram", ram_base, config.ram_bytes);
    router.initiator_socket.bind(ram.socket);
    router.map("blk", blk_base, 0x200);
    router.initiator_socket.bind(blk.socket);
    blk.irq.bind(irq);
  }

  // ---- guest memory, seen by the test directly
  uint8_t* at(uint64_t address) { return ram.data() + (address - ram_base); }
  template <typename T>
  void poke(uint64_t address, T value) {
    std::memcpy(at(address), &value, sizeof value);
  }
  template <typename T>
  T peek(uint64_t address) {
    T value;
    std::memcpy(&value, at(address), sizeof value);
    return value;
  }
  std::vector<uint8_t> ram_snapshot() { return {ram.data(), ram.data() + ram.size()}; }
  // First guest address whose byte changed outside `allowed` [begin, end) ranges; 0 if none.
  uint64_t changed_outside(const std::vector<uint8_t>& before,
                           const std::vector<std::pair<uint64_t, uint64_t>>& allowed = {}) {
    for (uint64_t i = 0; i < before.size(); ++i) {
      if (before[i] == ram.data()[i]) continue;
      const uint64_t a = ram_base + i;
      bool ok = false;
      for (const auto& [b, e] : allowed) ok = ok || (a >= b && a < e);
      if (!ok) return a;
    }
    return 0;
  }
  std::vector<uint8_t> disk_bytes(uint64_t offset, uint64_t length) {
    std::vector<uint8_t> v(length);
    disk->read(offset, v.data(), length);
    return v;
  }

  // ---- registers (from the cpu thread)
  uint32_t reg(uint64_t offset) {
    const uint32_t v = cpu.read32(blk_base + offset);
    EXPECT_EQ(cpu.last_status(), tlm::TLM_OK_RESPONSE) << "read of register 0x" << std::hex << offset;
    return v;
  }
  void set(uint64_t offset, uint32_t value) {
    EXPECT_EQ(cpu.write32(blk_base + offset, value), tlm::TLM_OK_RESPONSE) << "write of register 0x" << std::hex
                                                                           << offset;
  }

  // ---- driver state
  uint16_t next_desc = 0, avail_idx = 0;
  unsigned requests = 0;

  // Reset and the initialisation of 3.1.1 / 4.2.3: returns Status as read
  // back at the end (without DRIVER_OK if FEATURES_OK was refused).
  uint32_t init(uint32_t low = features_low, uint32_t high = features_high, uint64_t desc = desc_at,
                bool driver_ok = true) {
    set(r_status, 0);  // reset
    std::memset(at(ram_base), 0, 0x5000);  // descriptor table, rings, headers, status bytes
    next_desc = avail_idx = 0;
    requests = 0;
    set(r_status, s_acknowledge);
    set(r_status, s_acknowledge | s_driver);
    set(r_driver_features_sel, 0);
    set(r_driver_features, low);
    set(r_driver_features_sel, 1);
    set(r_driver_features, high);
    set(r_status, s_acknowledge | s_driver | s_features_ok);
    const uint32_t status = reg(r_status);
    if (!(status & s_features_ok)) return status;
    set(r_queue_sel, 0);
    EXPECT_EQ(reg(r_queue_ready), 0u);
    EXPECT_GE(reg(r_queue_num_max), qsize);
    set(r_queue_num, qsize);
    set(r_queue_desc_low, uint32_t(desc));
    set(r_queue_desc_high, uint32_t(desc >> 32));
    set(r_queue_driver_low, uint32_t(avail_at));
    set(r_queue_driver_high, uint32_t(avail_at >> 32));
    set(r_queue_device_low, uint32_t(used_at));
    set(r_queue_device_high, uint32_t(used_at >> 32));
    set(r_queue_ready, 1);
    if (driver_ok) set(r_status, s_running);
    return reg(r_status);
  }

  void write_desc(uint16_t index, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next) {
    const uint64_t d = desc_at + 16ull * index;
    poke<uint64_t>(d, addr);
    poke<uint32_t>(d + 8, len);
    poke<uint16_t>(d + 12, flags);
    poke<uint16_t>(d + 14, next);
  }
  // Writes a chain into fresh descriptors; returns its head.
  uint16_t write_chain(const std::vector<Seg>& segs) {
    const uint16_t head = next_desc;
    for (size_t i = 0; i < segs.size(); ++i) {
      const uint16_t index = next_desc++;
      const bool last = i + 1 == segs.size();
      write_desc(index, segs[i].addr, segs[i].len, uint16_t((segs[i].writable ? d_write : 0) | (last ? 0 : d_next)),
                 last ? 0 : uint16_t(index + 1));
    }
    return head;
  }
  void publish(uint16_t head) {
    poke<uint16_t>(avail_at + 4 + 2ull * (avail_idx % qsize), head);
    ++avail_idx;
    poke<uint16_t>(avail_at + 2, avail_idx);
  }
  // A request {16-byte header, data..., 1-byte status}, made available.
  Req submit(uint32_t type, uint64_t first_sector, const std::vector<Seg>& data) {
    Req r;
    r.header = header_at + 16ull * requests;
    r.status = status_at + 16ull * requests;
    ++requests;
    poke<uint32_t>(r.header, type);
    poke<uint32_t>(r.header + 4, 0);
    poke<uint64_t>(r.header + 8, first_sector);
    poke<uint8_t>(r.status, untouched);
    std::vector<Seg> chain{{r.header, 16, false}};
    chain.insert(chain.end(), data.begin(), data.end());
    chain.push_back({r.status, 1, true});
    r.head = write_chain(chain);
    publish(r.head);
    return r;
  }
  void notify() { set(r_queue_notify, 0); }
  void settle(const sc_core::sc_time& t = sc_core::sc_time(3, sc_core::SC_MS)) { sc_core::wait(t); }

  uint16_t used_idx() { return peek<uint16_t>(used_at + 2); }
  uint32_t used_id(unsigned i) { return peek<uint32_t>(used_at + 4 + 8ull * (i % qsize)); }
  uint32_t used_len(unsigned i) { return peek<uint32_t>(used_at + 4 + 8ull * (i % qsize) + 4); }
  // Used length reported for the chain `head` (searching the used ring); ~0u if absent.
  uint32_t used_len_of(uint16_t head) {
    for (unsigned i = 0; i < used_idx(); ++i)
      if (used_id(i) == head) return used_len(i);
    return ~0u;
  }
  uint8_t status_of(const Req& r) { return peek<uint8_t>(r.status); }
};

// Runs the body in the driver's thread, simulates, checks it finished.
void simulate(Bench& b, std::function<void()> body) {
  b.cpu.run(std::move(body));
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

// A good one-sector read of a known pattern: the device works.
void expect_good_read(Bench& b, uint64_t first_sector = 3) {
  const auto data = pattern(sector, 99);
  b.disk->write(first_sector * sector, data.data(), sector);
  std::memset(b.at(buf_at + 0x8000), 0xcc, sector);
  const uint16_t before = b.used_idx();
  const Req r = b.submit(t_in, first_sector, {{buf_at + 0x8000, uint32_t(sector), true}});
  b.notify();
  b.settle();
  EXPECT_EQ(b.status_of(r), b_ok);
  EXPECT_EQ(b.used_idx(), uint16_t(before + 1));
  EXPECT_EQ(std::memcmp(b.at(buf_at + 0x8000), data.data(), sector), 0);
}

// The malformed request made available by `make` must put the device in
// DEVICE_NEEDS_RESET with a configuration-change interrupt, complete
// nothing, write nothing in guest memory outside `allowed` and nothing on
// the disk; after a reset and a new initialisation the device works again.
void expect_device_error_then_recovery(Bench& b, const std::function<void()>& make, uint64_t desc = desc_at,
                                       const std::vector<std::pair<uint64_t, uint64_t>>& allowed = {}) {
  ASSERT_EQ(b.init(features_low, features_high, desc), s_running);
  make();
  const auto ram_before = b.ram_snapshot();
  const auto disk_before = b.disk_bytes(0, b.disk->size_bytes());
  b.notify();
  b.settle();
  EXPECT_EQ(b.reg(r_status), s_running | s_needs_reset);
  EXPECT_EQ(b.reg(r_interrupt_status) & 2u, 2u) << "configuration change notification (2.1.2)";
  EXPECT_TRUE(b.irq.read());
  if (allowed.empty()) {
    EXPECT_EQ(b.used_idx(), 0u);
  }
  EXPECT_EQ(b.changed_outside(ram_before, allowed), 0u) << "guest memory written outside the buffers";
  EXPECT_TRUE(b.disk_bytes(0, b.disk->size_bytes()) == disk_before) << "disk modified";
  // Reset (write 0 to Status) and start again.
  EXPECT_EQ(b.init(), s_running);
  EXPECT_EQ(b.reg(r_interrupt_status), 0u);
  sc_core::wait(1, sc_core::SC_NS);
  EXPECT_FALSE(b.irq.read());
  expect_good_read(b);
}

// ====================================================== registers, features

TEST(VirtioBlk, IdentificationRegistersAndConfigSpace) {
  BenchConfig c;
  c.disk_bytes = 0x803 * sector;  // capacity 0x803 sectors: distinct low bytes
  Bench b(c);
  simulate(b, [&] {
    EXPECT_EQ(b.reg(r_magic), 0x74726976u);
    EXPECT_EQ(b.reg(r_version), 2u);
    EXPECT_EQ(b.reg(r_device_id), 2u);
    EXPECT_NE(b.reg(r_vendor_id), 0u);
    EXPECT_GE(b.reg(r_queue_num_max), qsize);
    EXPECT_EQ(b.reg(r_status), 0u);
    EXPECT_EQ(b.reg(r_interrupt_status), 0u);
    // Offered features: VERSION_1 and FLUSH; not INDIRECT_DESC or EVENT_IDX
    // (which the device does not implement).
    b.set(r_device_features_sel, 1);
    EXPECT_EQ(b.reg(r_device_features) & 1u, 1u);
    b.set(r_device_features_sel, 0);
    const uint32_t low = b.reg(r_device_features);
    EXPECT_EQ(low & (1u << 9), 1u << 9);
    EXPECT_EQ(low & (f_indirect_desc | f_event_idx), 0u);
    // virtio_blk_config (5.2.4): capacity (le64) at 0, seg_max at 12, blk_size at 20.
    EXPECT_EQ(b.reg(r_config + 0), 0x803u);
    EXPECT_EQ(b.reg(r_config + 4), 0u);
    EXPECT_EQ(b.reg(r_config + 0x0c), uint32_t(VirtioBlk::seg_max));
    EXPECT_EQ(b.reg(r_config + 0x14), 512u);
    // 8- and 16-bit config reads.
    EXPECT_EQ(b.cpu.read8(blk_base + r_config + 0), 0x03u);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read8(blk_base + r_config + 1), 0x08u);
    EXPECT_EQ(b.cpu.read8(blk_base + r_config + 2), 0x00u);
    EXPECT_EQ(b.cpu.read16(blk_base + r_config + 0), 0x0803u);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read16(blk_base + r_config + 2), 0x0000u);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_OK_RESPONSE);
    // The debug port reads the same bytes.
    uint8_t dbg[2] = {};
    EXPECT_EQ(b.cpu.debug_read(blk_base + r_config, dbg, 2), 2u);
    EXPECT_EQ(dbg[0], 0x03);
    EXPECT_EQ(dbg[1], 0x08);
  });
}

TEST(VirtioBlk, WideMisalignedAndNarrowControlAccessesAreErrors) {
  Bench b;
  simulate(b, [&] {
    uint64_t v64 = 0;
    uint32_t v32 = 0;
    uint16_t v16 = 0;
    uint8_t v8 = 0;
    using tlm::TLM_READ_COMMAND;
    using tlm::TLM_WRITE_COMMAND;
    // 64-bit accesses, control registers and config space.
    EXPECT_NE(b.cpu.access(TLM_READ_COMMAND, blk_base + r_magic, &v64, 8), tlm::TLM_OK_RESPONSE);
    EXPECT_NE(b.cpu.access(TLM_READ_COMMAND, blk_base + r_config, &v64, 8), tlm::TLM_OK_RESPONSE);
    EXPECT_NE(b.cpu.access(TLM_WRITE_COMMAND, blk_base + r_queue_desc_low, &v64, 8), tlm::TLM_OK_RESPONSE);
    // Misaligned 32-bit accesses.
    EXPECT_NE(b.cpu.access(TLM_READ_COMMAND, blk_base + r_magic + 2, &v32, 4), tlm::TLM_OK_RESPONSE);
    EXPECT_NE(b.cpu.access(TLM_WRITE_COMMAND, blk_base + r_status + 1, &v32, 4), tlm::TLM_OK_RESPONSE);
    EXPECT_NE(b.cpu.access(TLM_READ_COMMAND, blk_base + r_config + 2, &v32, 4), tlm::TLM_OK_RESPONSE);
    // Narrow accesses to control registers; misaligned 16-bit config reads.
    EXPECT_NE(b.cpu.access(TLM_READ_COMMAND, blk_base + r_magic, &v16, 2), tlm::TLM_OK_RESPONSE);
    EXPECT_NE(b.cpu.access(TLM_READ_COMMAND, blk_base + r_version, &v8, 1), tlm::TLM_OK_RESPONSE);
    EXPECT_NE(b.cpu.access(TLM_WRITE_COMMAND, blk_base + r_status, &v8, 1), tlm::TLM_OK_RESPONSE);
    EXPECT_NE(b.cpu.access(TLM_READ_COMMAND, blk_base + r_config + 1, &v16, 2), tlm::TLM_OK_RESPONSE);
    // A refused byte write to Status changed nothing.
    EXPECT_EQ(b.reg(r_status), 0u);
  });
}

TEST(VirtioBlk, FeaturesOkIsRefusedWithoutVersion1OrWithUnofferedFeatures) {
  Bench b;
  simulate(b, [&] {
    // No VERSION_1: FEATURES_OK does not stick (3.1.1 step 6).
    const uint32_t legacy = b.init(features_low, 0);
    EXPECT_EQ(legacy & s_features_ok, 0u);
    EXPECT_EQ(legacy & (s_acknowledge | s_driver), s_acknowledge | s_driver);
    // A feature the device did not offer (INDIRECT_DESC): refused as well.
    EXPECT_EQ(b.init(features_low | f_indirect_desc, features_high) & s_features_ok, 0u);
    // VERSION_1 alone is enough, and the device then works.
    EXPECT_EQ(b.init(0, features_high), s_running);
    expect_good_read(b);
  });
}

TEST(VirtioBlk, RequestsWaitForDriverOk) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(features_low, features_high, desc_at, /*driver_ok=*/false) & s_driver_ok, 0u);
    const Req r = b.submit(t_in, 0, {{buf_at, uint32_t(sector), true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.used_idx(), 0u) << "2.1.2: no buffers consumed before DRIVER_OK";
    EXPECT_EQ(b.status_of(r), untouched);
    b.set(r_status, s_running);
    b.settle();
    EXPECT_EQ(b.used_idx(), 1u);
    EXPECT_EQ(b.status_of(r), b_ok);
  });
}

// ============================================================ good requests

TEST(VirtioBlk, GoodReadRoundTrip) {
  Bench b;
  const auto data = pattern(4 * sector, 1);
  b.disk->write(8 * sector, data.data(), data.size());
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    // Two scattered data buffers: 512 bytes, then 1536 bytes elsewhere.
    const uint64_t a = buf_at, c = buf_at + 0x4000;
    std::memset(b.at(a - 16), 0xcc, 0x8000);
    const Req r = b.submit(t_in, 8, {{a, 512, true}, {c, 1536, true}});
    const auto before = b.ram_snapshot();
    EXPECT_FALSE(b.irq.read());
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(std::memcmp(b.at(a), data.data(), 512), 0);
    EXPECT_EQ(std::memcmp(b.at(c), data.data() + 512, 1536), 0);
    EXPECT_EQ(b.changed_outside(
                  before, {{a, a + 512}, {c, c + 1536}, {r.status, r.status + 1}, {used_at, used_at + 4 + 8 * qsize}}),
              0u);
    EXPECT_EQ(b.used_idx(), 1u);
    EXPECT_EQ(b.used_id(0), r.head);
    EXPECT_EQ(b.used_len(0), 2048u + 1u);
    EXPECT_TRUE(b.irq.read());
    EXPECT_EQ(b.reg(r_interrupt_status), 1u);
    b.set(r_interrupt_ack, 1);
    EXPECT_EQ(b.reg(r_interrupt_status), 0u);
    sc_core::wait(1, sc_core::SC_NS);
    EXPECT_FALSE(b.irq.read());
  });
}

TEST(VirtioBlk, GoodWriteRoundTrip) {
  Bench b;
  const auto data = pattern(3 * sector, 2);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const uint64_t a = buf_at, c = buf_at + 0x3000;
    std::memcpy(b.at(a), data.data(), 1024);
    std::memcpy(b.at(c), data.data() + 1024, 512);
    const Req w = b.submit(t_out, 100, {{a, 1024, false}, {c, 512, false}});
    const auto before = b.ram_snapshot();
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(w), b_ok);
    EXPECT_EQ(b.used_idx(), 1u);
    EXPECT_EQ(b.used_id(0), w.head);
    EXPECT_EQ(b.used_len(0), 1u);  // only the status byte was written
    EXPECT_TRUE(b.disk_bytes(100 * sector, data.size()) == data);
    EXPECT_TRUE(b.disk_bytes(99 * sector, sector) == std::vector<uint8_t>(sector, 0));
    EXPECT_TRUE(b.disk_bytes(103 * sector, sector) == std::vector<uint8_t>(sector, 0));
    EXPECT_EQ(b.changed_outside(before, {{w.status, w.status + 1}, {used_at, used_at + 4 + 8 * qsize}}), 0u)
        << "a write wrote guest memory outside its status byte and the used ring";
    EXPECT_TRUE(b.irq.read());
    EXPECT_EQ(b.reg(r_interrupt_status), 1u);
    b.set(r_interrupt_ack, 1);
    sc_core::wait(1, sc_core::SC_NS);
    EXPECT_FALSE(b.irq.read());
    // Read it back through the device.
    const uint64_t back = buf_at + 0x6000;
    const Req r = b.submit(t_in, 100, {{back, uint32_t(data.size()), true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(b.used_idx(), 2u);
    EXPECT_EQ(b.used_id(1), r.head);
    EXPECT_EQ(std::memcmp(b.at(back), data.data(), data.size()), 0);
  });
}

TEST(VirtioBlk, ImageFileIsReadAndNotModifiedWithoutPersist) {
  char path[] = "/tmp/torpor_virtio_blk_XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  const auto image = pattern(64 * 1024, 3);
  ASSERT_EQ(::write(fd, image.data(), image.size()), ssize_t(image.size()));
  ::close(fd);
  {
    BenchConfig c;
    c.disk_path = path;
    Bench b(c);
    EXPECT_EQ(b.disk->sectors(), 128u);
    const auto data = pattern(sector, 4);
    simulate(b, [&] {
      ASSERT_EQ(b.init(), s_running);
      EXPECT_EQ(b.reg(r_config), 128u);
      const Req r = b.submit(t_in, 10, {{buf_at, 2 * sector, true}});
      std::memcpy(b.at(buf_at + 0x1000), data.data(), sector);
      const Req w = b.submit(t_out, 20, {{buf_at + 0x1000, uint32_t(sector), false}});
      b.notify();
      b.settle();
      EXPECT_EQ(b.status_of(r), b_ok);
      EXPECT_EQ(b.status_of(w), b_ok);
      EXPECT_EQ(std::memcmp(b.at(buf_at), image.data() + 10 * sector, 2 * sector), 0);
      EXPECT_TRUE(b.disk_bytes(20 * sector, sector) == data);
    });
  }
  // The file itself is unchanged (writes went to the overlay).
  std::vector<uint8_t> after(image.size());
  const int rfd = ::open(path, O_RDONLY);
  ASSERT_GE(rfd, 0);
  EXPECT_EQ(::read(rfd, after.data(), after.size()), ssize_t(after.size()));
  ::close(rfd);
  ::unlink(path);
  EXPECT_TRUE(after == image);
}

TEST(VirtioBlk, FlushAndGetId) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    std::memset(b.at(buf_at), 0xcc, 64);
    const Req f = b.submit(t_flush, 0, {});
    const Req id = b.submit(t_get_id, 0, {{buf_at, 20, true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(f), b_ok);
    EXPECT_EQ(b.status_of(id), b_ok);
    EXPECT_EQ(b.used_idx(), 2u);
    EXPECT_EQ(b.used_len_of(f.head), 1u);
    EXPECT_EQ(b.used_len_of(id.head), 21u);
    // 5.2.6: a NUL-padded ASCII string of up to 20 bytes.
    const uint8_t* s = b.at(buf_at);
    EXPECT_NE(s[0], 0);
    bool nul = false;
    for (int i = 0; i < 20; ++i) {
      if (s[i] == 0) nul = true;
      else {
        EXPECT_FALSE(nul) << "byte " << i << " after the NUL";
        EXPECT_TRUE(s[i] >= 0x20 && s[i] < 0x7f) << "byte " << i;
      }
    }
    EXPECT_EQ(s[20], 0xcc) << "written past the 20-byte buffer";
  });
}

TEST(VirtioBlk, UnsupportedTypeAnswersUnsupp) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    // DISCARD (not offered) with its device-readable segment, and an unknown type without data.
    std::memset(b.at(buf_at), 0, 16);
    const Req d = b.submit(t_discard, 0, {{buf_at, 16, false}});
    const Req u = b.submit(0x7777, 0, {});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(d), b_unsupp);
    EXPECT_EQ(b.status_of(u), b_unsupp);
    EXPECT_EQ(b.used_idx(), 2u);
    EXPECT_EQ(b.used_len_of(d.head), 1u);
    EXPECT_EQ(b.used_len_of(u.head), 1u);
    EXPECT_EQ(b.reg(r_status), s_running);
  });
}

TEST(VirtioBlk, ReadPastCapacityIsIoErr) {
  Bench b;  // 2048 sectors
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    std::memset(b.at(buf_at), 0xcc, 0x4000);
    const Req straddle = b.submit(t_in, 2047, {{buf_at, 2 * sector, true}});
    const Req beyond = b.submit(t_in, 2048, {{buf_at + 0x1000, uint32_t(sector), true}});
    const Req wrap = b.submit(t_in, ~0ull, {{buf_at + 0x2000, uint32_t(sector), true}});
    const Req last = b.submit(t_in, 2047, {{buf_at + 0x3000, uint32_t(sector), true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(straddle), b_ioerr);
    EXPECT_EQ(b.status_of(beyond), b_ioerr);
    EXPECT_EQ(b.status_of(wrap), b_ioerr);
    EXPECT_EQ(b.status_of(last), b_ok);
    EXPECT_EQ(b.used_idx(), 4u);
    EXPECT_EQ(b.used_len_of(straddle.head), 1u);
    for (uint64_t i = 0; i < 0x3000; ++i) ASSERT_EQ(b.at(buf_at)[i], 0xcc) << "failed read wrote data at +" << i;
    EXPECT_EQ(b.reg(r_status), s_running);
  });
}

TEST(VirtioBlk, LengthNotAMultipleOf512IsIoErr) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    std::memset(b.at(buf_at), 0xcc, 0x1000);
    std::memset(b.at(buf_at + 0x1000), 0x5a, 0x1000);
    const Req r = b.submit(t_in, 0, {{buf_at, 500, true}});
    const Req w = b.submit(t_out, 4, {{buf_at + 0x1000, 1000, false}});
    const Req w2 = b.submit(t_out, 8, {{buf_at + 0x1000, 512, false}, {buf_at + 0x1400, 100, false}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ioerr);
    EXPECT_EQ(b.status_of(w), b_ioerr);
    EXPECT_EQ(b.status_of(w2), b_ioerr);
    EXPECT_EQ(b.used_idx(), 3u);
    EXPECT_EQ(b.at(buf_at)[0], 0xcc);
    EXPECT_TRUE(b.disk_bytes(0, 16 * sector) == std::vector<uint8_t>(16 * sector, 0));
    EXPECT_EQ(b.reg(r_status), s_running);
  });
}

TEST(VirtioBlk, NoInterruptFlagSuppressesTheInterrupt) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    b.poke<uint16_t>(avail_at, avail_no_interrupt);
    const Req r = b.submit(t_in, 0, {{buf_at, uint32_t(sector), true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(b.used_idx(), 1u);
    EXPECT_EQ(b.reg(r_interrupt_status), 0u);
    EXPECT_FALSE(b.irq.read());
  });
}

TEST(VirtioBlk, ResetDropsTheRequestInFlight) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    std::memset(b.at(buf_at), 0xcc, sector);
    const Req r = b.submit(t_flush, 0, {});  // 300 us of media latency
    b.notify();
    sc_core::wait(10, sc_core::SC_US);
    b.set(r_status, 0);
    EXPECT_EQ(b.reg(r_status), 0u);
    b.settle();
    EXPECT_EQ(b.used_idx(), 0u);
    EXPECT_EQ(b.status_of(r), untouched);
    EXPECT_FALSE(b.irq.read());
    EXPECT_EQ(b.init(), s_running);
    expect_good_read(b);
  });
}

// ===================================================== malformed: NEEDS_RESET

TEST(VirtioBlk, DescriptorLoopIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.write_desc(0, header_at, 16, d_next, 1);
      b.write_desc(1, buf_at, 512, d_write | d_next, 0);  // back to the head
      b.poke<uint32_t>(header_at, t_in);
      b.publish(0);
    });
  });
}

TEST(VirtioBlk, NextIndexBeyondQueueSizeIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.write_desc(0, header_at, 16, d_next, qsize);
      b.write_desc(1, status_at, 1, d_write, 0);
      b.poke<uint32_t>(header_at, t_in);
      b.publish(0);
    });
  });
}

TEST(VirtioBlk, HeadIndexBeyondQueueSizeIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.write_chain({{header_at, 16, false}, {buf_at, 512, true}, {status_at, 1, true}});
      b.publish(qsize + 3);
    });
  });
}

TEST(VirtioBlk, ZeroLengthDescriptorIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.poke<uint32_t>(header_at, t_in);
      b.publish(b.write_chain({{header_at, 16, false}, {buf_at, 0, true}, {status_at, 1, true}}));
    });
  });
}

TEST(VirtioBlk, ShortHeaderIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.poke<uint32_t>(header_at, t_in);
      b.publish(b.write_chain({{header_at, 8, false}, {buf_at, 512, true}, {status_at, 1, true}}));
    });
  });
}

TEST(VirtioBlk, ReadOnlyStatusDescriptorIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.poke<uint32_t>(header_at, t_out);
      b.publish(b.write_chain({{header_at, 16, false}, {buf_at, 512, false}, {status_at, 1, false}}));
    });
  });
}

TEST(VirtioBlk, IndirectDescriptorIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      // A well-formed indirect table at buf_at + 0x1000: the device did not offer INDIRECT_DESC.
      const uint64_t table = buf_at + 0x1000;
      auto put = [&](int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next) {
        b.poke<uint64_t>(table + 16 * i, addr);
        b.poke<uint32_t>(table + 16 * i + 8, len);
        b.poke<uint16_t>(table + 16 * i + 12, flags);
        b.poke<uint16_t>(table + 16 * i + 14, next);
      };
      put(0, header_at, 16, d_next, 1);
      put(1, buf_at, 512, d_write | d_next, 2);
      put(2, status_at, 1, d_write, 0);
      b.poke<uint32_t>(header_at, t_in);
      b.write_desc(0, table, 48, d_indirect, 0);
      b.publish(0);
    });
  });
}

TEST(VirtioBlk, ReadBufferOutsideMemoryIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.poke<uint32_t>(header_at, t_in);
      b.publish(b.write_chain({{header_at, 16, false}, {unmapped, 512, true}, {status_at, 1, true}}));
    });
  });
}

TEST(VirtioBlk, WriteBufferOutsideMemoryIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.poke<uint32_t>(header_at, t_out);
      b.publish(b.write_chain({{header_at, 16, false}, {unmapped, 512, false}, {status_at, 1, true}}));
    });
  });
}

TEST(VirtioBlk, BufferStraddlingTheEndOfMemoryIsADeviceError) {
  Bench b;  // 1 MiB of RAM
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.poke<uint32_t>(header_at, t_in);
      b.publish(b.write_chain(
          {{header_at, 16, false}, {ram_base + (1 << 20) - 256, 512, true}, {status_at, 1, true}}));
    });
  });
}

TEST(VirtioBlk, DescriptorTableOutsideMemoryIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(
        b, [&] {
          b.poke<uint32_t>(header_at, t_in);
          b.write_chain({{header_at, 16, false}, {buf_at, 512, true}, {status_at, 1, true}});
          b.publish(0);
        },
        unmapped);
  });
}

TEST(VirtioBlk, UsedRingOutsideMemoryIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(
        b,
        [&] {
          // The used ring moves out of memory (with QueueReady clear: 4.2.2.2).
          b.set(r_queue_ready, 0);
          b.set(r_queue_device_low, uint32_t(unmapped));
          b.set(r_queue_ready, 1);
          b.poke<uint32_t>(header_at, t_in);
          b.publish(b.write_chain({{header_at, 16, false}, {buf_at, 512, true}, {status_at, 1, true}}));
        },
        desc_at, {{buf_at, buf_at + 512}, {status_at, status_at + 1}});  // the request itself may complete
  });
}

// ============================================================ fault injection

TEST(VirtioBlk, ReadErrorSectorsFailOnlyReadsTouchingThem) {
  BenchConfig c;
  c.faults.read_error_sectors = {5, 40};
  Bench b(c);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    std::memset(b.at(buf_at), 0xcc, 0x10000);
    auto in = [&](uint64_t s, unsigned n, unsigned slot) {
      return b.submit(t_in, s, {{buf_at + 0x1000ull * slot, n * uint32_t(sector), true}});
    };
    const Req before = in(4, 1, 0), after = in(6, 1, 1), on = in(5, 1, 2), pair = in(4, 2, 3), span = in(0, 8, 4),
              far = in(36, 4, 5), far_hit = in(37, 4, 6);
    std::memcpy(b.at(buf_at + 0x8000), pattern(sector, 5).data(), sector);
    const Req write = b.submit(t_out, 5, {{buf_at + 0x8000, uint32_t(sector), false}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(before), b_ok);
    EXPECT_EQ(b.status_of(after), b_ok);
    EXPECT_EQ(b.status_of(far), b_ok);
    EXPECT_EQ(b.status_of(on), b_ioerr);
    EXPECT_EQ(b.status_of(pair), b_ioerr);
    EXPECT_EQ(b.status_of(span), b_ioerr);
    EXPECT_EQ(b.status_of(far_hit), b_ioerr);
    EXPECT_EQ(b.status_of(write), b_ok) << "read error sectors must not fail writes";
    EXPECT_TRUE(b.disk_bytes(5 * sector, sector) == pattern(sector, 5));
    EXPECT_EQ(b.at(buf_at + 0x2000)[0], 0xcc) << "a failed read wrote data";
    EXPECT_EQ(b.used_idx(), 8u);
    EXPECT_EQ(b.reg(r_status), s_running);
  });
}

TEST(VirtioBlk, WriteErrorSectorsFailOnlyWritesTouchingThem) {
  BenchConfig c;
  c.faults.write_error_sectors = {20};
  Bench b(c);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const auto data = pattern(4 * sector, 6);
    std::memcpy(b.at(buf_at), data.data(), data.size());
    auto out = [&](uint64_t s, unsigned n) { return b.submit(t_out, s, {{buf_at, n * uint32_t(sector), false}}); };
    const Req below = out(19, 1), above = out(21, 1), on = out(20, 1), span = out(17, 4);
    const Req read = b.submit(t_in, 20, {{buf_at + 0x4000, uint32_t(sector), true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(below), b_ok);
    EXPECT_EQ(b.status_of(above), b_ok);
    EXPECT_EQ(b.status_of(on), b_ioerr);
    EXPECT_EQ(b.status_of(span), b_ioerr);
    EXPECT_EQ(b.status_of(read), b_ok) << "write error sectors must not fail reads";
    EXPECT_TRUE(b.disk_bytes(19 * sector, sector) == std::vector<uint8_t>(data.begin(), data.begin() + sector));
    EXPECT_TRUE(b.disk_bytes(21 * sector, sector) == std::vector<uint8_t>(data.begin(), data.begin() + sector));
    EXPECT_TRUE(b.disk_bytes(20 * sector, sector) == std::vector<uint8_t>(sector, 0)) << "failed write landed";
    EXPECT_TRUE(b.disk_bytes(17 * sector, 2 * sector) == std::vector<uint8_t>(2 * sector, 0)) << "failed write landed";
    EXPECT_EQ(b.used_idx(), 5u);
  });
}

TEST(VirtioBlk, ErrorPpmOfOneMillionFailsEveryReadAndWrite) {
  BenchConfig c;
  c.faults.error_ppm = 1'000'000;
  Bench b(c);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const Req r = b.submit(t_in, 0, {{buf_at, uint32_t(sector), true}});
    const Req w = b.submit(t_out, 0, {{buf_at + 0x1000, uint32_t(sector), false}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ioerr);
    EXPECT_EQ(b.status_of(w), b_ioerr);
    EXPECT_EQ(b.used_idx(), 2u);
  });
}

TEST(VirtioBlk, PowerLossTearsTheWriteInFlightAndRequestsAStop) {
  BenchConfig c;
  c.faults.power_loss_after_sectors = 5;
  Bench b(c);
  const auto first = pattern(2 * sector, 7), second = pattern(8 * sector, 8);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    std::memcpy(b.at(buf_at), first.data(), first.size());
    std::memcpy(b.at(buf_at + 0x1000), second.data(), second.size());
    const Req a = b.submit(t_out, 0, {{buf_at, uint32_t(first.size()), false}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(a), b_ok);
    EXPECT_EQ(b.used_idx(), 1u);
    EXPECT_TRUE(b.control.requests.empty());
    // 2 sectors written; this 8-sector write crosses the limit of 5: only 3 land.
    const Req t = b.submit(t_out, 100, {{buf_at + 0x1000, uint32_t(second.size()), false}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(t), untouched) << "the torn write must not complete";
    EXPECT_EQ(b.used_idx(), 1u);
    EXPECT_TRUE(b.disk_bytes(0, first.size()) == first);
    EXPECT_TRUE(b.disk_bytes(100 * sector, 3 * sector) ==
                std::vector<uint8_t>(second.begin(), second.begin() + 3 * sector));
    EXPECT_TRUE(b.disk_bytes(103 * sector, 5 * sector) == std::vector<uint8_t>(5 * sector, 0));
    ASSERT_EQ(b.control.requests.size(), 1u);
    EXPECT_EQ(b.control.requests[0].reason, StopReason::power_loss);
    // With the power gone, nothing more completes.
    const Req r = b.submit(t_in, 0, {{buf_at + 0x4000, uint32_t(sector), true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), untouched);
    EXPECT_EQ(b.used_idx(), 1u);
    EXPECT_EQ(b.control.requests.size(), 1u);
  });
}

// Flipped bit positions of `reads` single-buffer 4 KiB reads of a zero disk.
std::vector<int> flipped_bits(Bench& b, int reads) {
  std::vector<int> bits;
  EXPECT_EQ(b.init(), s_running);
  for (int i = 0; i < reads; ++i) {
    const uint64_t buf = buf_at + 0x1000ull * i;
    std::memset(b.at(buf), 0, 4096);
    const Req r = b.submit(t_in, 8ull * i, {{buf, 4096, true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(popcount(b.at(buf), 4096), 1u) << "read " << i << " must flip exactly one bit";
    int position = -1;
    for (int k = 0; k < 4096 * 8; ++k)
      if (b.at(buf)[k / 8] & (1u << (k % 8))) position = k;
    bits.push_back(position);
  }
  return bits;
}

TEST(VirtioBlk, BitflipsAreDeterministicPerSeedAndOnePerRead) {
  BenchConfig c1, c2, c3;
  c1.faults.bitflip_ppm = c2.faults.bitflip_ppm = c3.faults.bitflip_ppm = 1'000'000;
  c1.faults.seed = c2.faults.seed = 42;
  c3.faults.seed = 43;
  c1.prefix = "a_";
  c2.prefix = "b_";
  c3.prefix = "c_";
  Bench a(c1), b(c2), c(c3);
  std::vector<int> bits_a, bits_b, bits_c;
  a.cpu.run([&] { bits_a = flipped_bits(a, 4); });
  b.cpu.run([&] { bits_b = flipped_bits(b, 4); });
  c.cpu.run([&] { bits_c = flipped_bits(c, 4); });
  sc_core::sc_start();
  EXPECT_TRUE(a.cpu.finished() && b.cpu.finished() && c.cpu.finished());
  ASSERT_EQ(bits_a.size(), 4u);
  EXPECT_EQ(bits_a, bits_b) << "same seed, same flips";
  EXPECT_NE(bits_a, bits_c) << "another seed, other flips";
  // The disk itself is not corrupted.
  EXPECT_TRUE(a.disk_bytes(0, 32 * 4096) == std::vector<uint8_t>(32 * 4096, 0));
}

// ==================================================================== timing

TEST(VirtioBlk, OneMebibyteReadTakesAtLeastItsTransferTime) {
  BenchConfig c;
  c.ram_bytes = 4 << 20;
  c.disk_bytes = 2 << 20;
  Bench b(c);
  constexpr uint32_t bytes = 1 << 20;
  const auto data = pattern(bytes, 9);
  b.disk->write(0, data.data(), bytes);
  const uint64_t transfer_ps = uint64_t(double(bytes) * 1e6 / nvme().read_mb_per_s);  // ~299.6 us
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const Req r = b.submit(t_in, 0, {{buf_at, bytes, true}});
    b.notify();
    const sc_core::sc_time t0 = sc_core::sc_time_stamp();
    const sc_core::sc_time earliest = t0 + sc_core::sc_time::from_value(transfer_ps);
    sc_core::wait(earliest - sc_core::sc_time(1, sc_core::SC_NS) - sc_core::sc_time_stamp());
    EXPECT_EQ(b.used_idx(), 0u) << "completed before the data could cross the interface";
    EXPECT_EQ(b.status_of(r), untouched);
    while (b.used_idx() == 0 && sc_core::sc_time_stamp() < t0 + sc_core::sc_time(5, sc_core::SC_MS))
      sc_core::wait(100, sc_core::SC_NS);
    const sc_core::sc_time done = sc_core::sc_time_stamp();
    ASSERT_EQ(b.used_idx(), 1u);
    EXPECT_GE(done, earliest);
    // Not absurdly late either: transfer + command latency + some slack.
    EXPECT_LE(done, earliest + sc_core::sc_time(double(nvme().read_latency_ns) + 50'000.0, sc_core::SC_NS));
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(b.used_len(0), bytes + 1);
    EXPECT_EQ(std::memcmp(b.at(buf_at), data.data(), bytes), 0);
  });
}

// ============================================ spec deviations (bugs found)

// BUG (virtio 1.1, 4.2.2 QueueNumMax / 4.2.3.2 step 3): the device has one
// queue (no VIRTIO_BLK_F_MQ), but VirtioBlk::write_register ignores QueueSel
// and read_register returns queue_size_max for QueueNumMax whatever queue is
// selected; it must read 0 for a queue that is not available. (Writes of
// QueueNum/QueueReady/addresses with QueueSel=1 also land on queue 0.)
TEST(VirtioBlk, QueueNumMaxIsZeroForQueuesThatDoNotExist) {
  Bench b;
  simulate(b, [&] {
    b.set(r_queue_sel, 1);
    EXPECT_EQ(b.reg(r_queue_num_max), 0u);
    b.set(r_queue_sel, 0);
    EXPECT_GE(b.reg(r_queue_num_max), qsize);
  });
}

// BUG (virtio 1.1, 2.6.4.1 "The device MUST NOT make assumptions about the
// particular arrangement of descriptors"): VirtioBlk::fetch_request takes
// the whole first descriptor as the header and only the middle descriptors
// as data. A write whose header and data share one descriptor is answered
// VIRTIO_BLK_S_OK although nothing was written (silent data loss). Either
// honouring the layout or rejecting it would be acceptable; silent success is not.
TEST(VirtioBlk, HeaderAndDataInOneDescriptorAreNotSilentlyDropped) {
  Bench b;
  const auto data = pattern(sector, 10);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    b.poke<uint32_t>(buf_at, t_out);
    b.poke<uint32_t>(buf_at + 4, 0);
    b.poke<uint64_t>(buf_at + 8, 7);
    std::memcpy(b.at(buf_at + 16), data.data(), sector);
    b.poke<uint8_t>(status_at, untouched);
    b.publish(b.write_chain({{buf_at, 16 + uint32_t(sector), false}, {status_at, 1, true}}));
    b.notify();
    b.settle();
    const bool rejected = b.reg(r_status) & s_needs_reset;
    const bool written = b.peek<uint8_t>(status_at) == b_ok && b.disk_bytes(7 * sector, sector) == data;
    EXPECT_TRUE(rejected || written) << "status " << int(b.peek<uint8_t>(status_at))
                                     << " but the data is not on the disk";
  });
}

// BUG (same section, 2.6.4.1): a read whose data and status share the last
// (device-writable) descriptor gets status OK with the data never filled in.
TEST(VirtioBlk, DataAndStatusInOneDescriptorAreNotSilentlyDropped) {
  Bench b;
  const auto data = pattern(sector, 11);
  b.disk->write(7 * sector, data.data(), sector);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    b.poke<uint32_t>(header_at, t_in);
    b.poke<uint64_t>(header_at + 8, 7);
    std::memset(b.at(buf_at), 0xcc, sector + 1);
    b.publish(b.write_chain({{header_at, 16, false}, {buf_at, uint32_t(sector) + 1, true}}));
    b.notify();
    b.settle();
    const bool rejected = b.reg(r_status) & s_needs_reset;
    const bool read = b.at(buf_at)[sector] == b_ok && std::memcmp(b.at(buf_at), data.data(), sector) == 0;
    EXPECT_TRUE(rejected || read) << "status " << int(b.at(buf_at)[sector]) << " but the buffer was not filled";
  });
}

// BUG (virtio 1.1, 5.2.6: VIRTIO_BLK_S_UNSUPP "for a request unsupported by
// device"; 2.6.4.1): VirtioBlk::fetch_request requires every data buffer of
// a request other than IN/GET_ID to be device-readable, so a well-formed
// request of an unknown type that carries a device-writable buffer (e.g.
// GET_LIFETIME, type 10, defined in virtio 1.2) puts the whole device in
// DEVICE_NEEDS_RESET instead of being answered UNSUPP.
TEST(VirtioBlk, UnsupportedTypeWithWritableBufferAnswersUnsupp) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const Req r = b.submit(t_get_lifetime, 0, {{buf_at, 8, true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_unsupp);
    EXPECT_EQ(b.reg(r_status), s_running);
    EXPECT_EQ(b.used_idx(), 1u);
  });
}

// BUG (FaultPlan::bitflip_ppm is documented as "a read returns one flipped
// bit with this probability"): VirtioBlk::complete_request draws the flip
// once per data descriptor, so with bitflip_ppm = 1000000 a read scattered
// over two buffers comes back with two flipped bits.
TEST(VirtioBlk, BitflipFlipsOneBitPerMultiSegmentRead) {
  BenchConfig c;
  c.faults.bitflip_ppm = 1'000'000;
  Bench b(c);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    std::memset(b.at(buf_at), 0, 0x3000);
    const Req r = b.submit(t_in, 0, {{buf_at, 2048, true}, {buf_at + 0x2000, 2048, true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(popcount(b.at(buf_at), 2048) + popcount(b.at(buf_at + 0x2000), 2048), 1u);
  });
}

// ================================== hostile guest: clean outcomes (issue 13)

// 4.2.2.2: the driver must not touch QueueNum or the ring addresses while
// QueueReady is set. The device ignores such writes and finishes the request
// in flight on the queue it was given (QueueNum 0 used to divide by zero).
TEST(VirtioBlk, QueueRegisterWritesWhileReadyAreIgnored) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const Req r = b.submit(t_flush, 0, {});  // 300 us of media latency
    b.notify();
    sc_core::wait(10, sc_core::SC_US);
    ASSERT_EQ(b.blk.in_flight(), 1u);
    b.set(r_queue_num, 0);
    b.set(r_queue_desc_low, uint32_t(unmapped));
    b.set(r_queue_driver_low, uint32_t(unmapped));
    b.set(r_queue_device_low, uint32_t(unmapped));
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(b.used_idx(), 1u);
    EXPECT_EQ(b.reg(r_status), s_running);
    expect_good_read(b);  // still the queue set up by init()
  });
}

// QueueReady cleared, then QueueNum 0, while a request is in flight: the
// device completes it on the queue it started with and takes nothing more.
TEST(VirtioBlk, QueueNumZeroAfterQueueReadyClearedWhileARequestIsInFlight) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const Req r = b.submit(t_flush, 0, {});
    b.notify();
    sc_core::wait(10, sc_core::SC_US);
    ASSERT_EQ(b.blk.in_flight(), 1u);
    b.set(r_queue_ready, 0);
    b.set(r_queue_num, 0);
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(b.used_idx(), 1u);
    const Req later = b.submit(t_flush, 0, {});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(later), untouched) << "taken from a queue that is not ready";
    EXPECT_EQ(b.reg(r_status), s_running);
    ASSERT_EQ(b.init(), s_running);
    expect_good_read(b);
  });
}

// QueueReady on a queue the device cannot use (size 0 or not a power of 2,
// 2.6; a table running past 2^64): DEVICE_NEEDS_RESET at once.
TEST(VirtioBlk, QueueReadyWithAnUnusableQueueIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    const auto expect_refused = [&](uint32_t num, uint64_t desc) {
      ASSERT_EQ(b.init(), s_running);
      b.set(r_queue_ready, 0);
      b.set(r_queue_num, num);
      b.set(r_queue_desc_low, uint32_t(desc));
      b.set(r_queue_desc_high, uint32_t(desc >> 32));
      b.set(r_queue_ready, 1);
      EXPECT_EQ(b.reg(r_status), s_running | s_needs_reset) << "QueueNum " << num << ", table at 0x" << std::hex
                                                            << desc;
      EXPECT_EQ(b.reg(r_interrupt_status) & 2u, 2u);
    };
    expect_refused(0, desc_at);
    expect_refused(48, desc_at);
    expect_refused(qsize, ~uint64_t(0) - 0xff);  // 64 descriptors need 1 KiB
    ASSERT_EQ(b.init(), s_running);
    expect_good_read(b);
  });
}

// Read data landing on the device's own QueueNum register (a buffer in its
// MMIO window; the blank disk supplies zeros): a queue register write while
// ready, ignored like the driver's.
TEST(VirtioBlk, ReadDataOnItsOwnQueueNumRegisterIsIgnored) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const Req r = b.submit(t_in, 0, {{buf_at, 508, true}, {blk_base + r_queue_num, 4, true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(b.used_idx(), 1u);
    EXPECT_EQ(b.reg(r_status), s_running);
    expect_good_read(b);
  });
}

// Read data landing on its own Status register writes 0 there: the device
// resets itself, and the request is dropped as at any reset.
TEST(VirtioBlk, ReadDataOnItsOwnStatusRegisterResetsTheDevice) {
  Bench b;
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const Req r = b.submit(t_in, 0, {{buf_at, 508, true}, {blk_base + r_status, 4, true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.reg(r_status), 0u);
    EXPECT_EQ(b.status_of(r), untouched);
    EXPECT_EQ(b.used_idx(), 0u);
    ASSERT_EQ(b.init(), s_running);
    expect_good_read(b);
  });
}

// A status byte landing on the available ring's index makes a buffer
// available: the device's own writes would feed it, in zero simulated time
// for answers without media time, so it stops with a device error.
TEST(VirtioBlk, OwnWritesToTheAvailableIndexAreADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(
        b,
        [&] {
          b.poke<uint32_t>(header_at, t_get_lifetime);  // UNSUPP (2): answered at once
          b.publish(b.write_chain({{header_at, 16, false}, {avail_at + 2, 1, true}}));
        },
        desc_at, {{avail_at + 2, avail_at + 3}, {used_at, used_at + 0x1000}});  // the first one completes
    EXPECT_EQ(b.blk.in_flight(), 0u);
  });
}

// 2.6.6: no more than QueueNum buffers are ever available at once; more is a
// device error, and nothing is taken (the batch, and the host memory it
// holds, stays within QueueNum requests).
TEST(VirtioBlk, MoreBuffersAvailableThanTheQueueHoldsIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.submit(t_flush, 0, {});
      b.poke<uint16_t>(avail_at + 2, uint16_t(qsize + 1));
    });
  });
}

// A descriptor running past 2^64: its last byte (the status) would wrap
// around to an address in RAM.
TEST(VirtioBlk, DescriptorWrappingAroundTheAddressSpaceIsADeviceError) {
  Bench b;
  simulate(b, [&] {
    expect_device_error_then_recovery(b, [&] {
      b.poke<uint32_t>(header_at, t_in);
      const uint64_t start = ~uint64_t(0) - 15;  // 16 bytes below 2^64
      b.publish(b.write_chain({{header_at, 16, false}, {start, uint32_t(16 + status_at), true}}));
    });
  });
}

// A read with no data buffer while bit flips are injected: nothing to flip
// (a division by zero before); flips go on for reads with data.
TEST(VirtioBlk, ReadWithoutDataWithBitflipsCompletes) {
  BenchConfig c;
  c.faults.bitflip_ppm = 1'000'000;
  Bench b(c);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    const Req r = b.submit(t_in, 0, {});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(r), b_ok);
    EXPECT_EQ(b.used_len_of(r.head), 1u);
    EXPECT_EQ(b.reg(r_status), s_running);
    std::memset(b.at(buf_at), 0, 4096);
    const Req data = b.submit(t_in, 0, {{buf_at, 4096, true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.status_of(data), b_ok);
    EXPECT_EQ(popcount(b.at(buf_at), 4096), 1u);
  });
}

// 5.2.3/5.2.4: VIRTIO_BLK_F_SIZE_MAX is offered, with size_max in the config.
TEST(VirtioBlk, SizeMaxIsOfferedWithItsValue) {
  Bench b;
  simulate(b, [&] {
    b.set(r_device_features_sel, 0);
    EXPECT_EQ(b.reg(r_device_features) & f_size_max, f_size_max);
    EXPECT_EQ(b.reg(r_config + 0x08), VirtioBlk::size_max);
    EXPECT_EQ(VirtioBlk::max_request_bytes, uint64_t(VirtioBlk::seg_max) * VirtioBlk::size_max);
    EXPECT_EQ(b.init(features_low | f_size_max, features_high), s_running);
    expect_good_read(b);
  });
}

// With SIZE_MAX negotiated a longer segment breaks the driver's side of it:
// device error. Without it the segment is served, through the device's
// size_max buffer in several transfers.
TEST(VirtioBlk, SegmentsLongerThanSizeMax) {
  BenchConfig c;
  c.ram_bytes = 16 << 20;
  c.disk_bytes = 16 << 20;
  Bench b(c);
  const uint32_t bytes = VirtioBlk::size_max + 3 * 512;
  const auto data = pattern(bytes, 21);
  b.disk->write(0, data.data(), bytes);
  simulate(b, [&] {
    ASSERT_EQ(b.init(features_low | f_size_max, features_high), s_running);
    const Req refused = b.submit(t_in, 0, {{buf_at, bytes, true}});
    b.notify();
    b.settle();
    EXPECT_EQ(b.reg(r_status), s_running | s_needs_reset);
    EXPECT_EQ(b.status_of(refused), untouched);

    ASSERT_EQ(b.init(), s_running);  // SIZE_MAX not negotiated
    std::memset(b.at(buf_at), 0xcc, bytes);
    const Req read = b.submit(t_in, 0, {{buf_at, bytes, true}});
    b.notify();
    b.settle(sc_core::sc_time(10, sc_core::SC_MS));
    EXPECT_EQ(b.status_of(read), b_ok);
    EXPECT_EQ(b.used_len_of(read.head), bytes + 1);
    EXPECT_EQ(std::memcmp(b.at(buf_at), data.data(), bytes), 0);
    // And back to the disk, further on.
    const Req write = b.submit(t_out, 2 * bytes / 512, {{buf_at, bytes, false}});
    b.notify();
    b.settle(sc_core::sc_time(10, sc_core::SC_MS));
    EXPECT_EQ(b.status_of(write), b_ok);
    EXPECT_TRUE(b.disk_bytes(2 * uint64_t(bytes), bytes) == data);
  });
}

// Data beyond seg_max segments of size_max bytes is answered IOERR, and no
// host buffer is sized from the descriptors (8 GiB on a 1 TiB blank disk
// here; before, the write allocated it at arrival and the read at completion).
TEST(VirtioBlk, RequestLargerThanTheDeviceBoundIsIoErr) {
  BenchConfig c;
  c.disk_bytes = uint64_t(1) << 40;
  Bench b(c);
  simulate(b, [&] {
    ASSERT_EQ(b.init(), s_running);
    for (const uint32_t type : {t_in, t_out}) {
      const bool in = type == t_in;
      const Req r = b.submit(type, 0, {{buf_at, 0xfffff000u, in}, {buf_at, 0xfffff000u, in}, {buf_at, 0x2000, in}});
      b.notify();
      b.settle();
      EXPECT_EQ(b.status_of(r), b_ioerr) << (in ? "read" : "write");
      EXPECT_EQ(b.used_len_of(r.head), 1u);
    }
    EXPECT_EQ(b.reg(r_status), s_running);
    expect_good_read(b);
  });
}

}  // namespace
}  // namespace torpor
