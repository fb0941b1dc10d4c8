// Fuzz target: virtio queue processing in the virtio-blk device
// (models/storage/virtio_blk.h), fed a guest-memory image.
//
// The harness, elaborated once per process: a router with 64 KiB of guest
// RAM, two devices (one plain, one with fault injection: error sectors,
// random errors, bit flips, a power cut), each on its own 256 KiB disk, and
// a driver module. SystemC elaborates once per process, so each input runs
// in the same simulation, made fresh: the driver resets the device (Status
// = 0) first and last, the simulation then runs 20 ms more so anything
// still in flight drains (a reset drops requests in flight), RAM is
// cleared and the disks are rewritten to their pattern before the next
// input.
//
// Input (little-endian):
//   struct Header {          // 36 bytes
//     u8  flags;             // bit 0: the fault-injecting device; bit 1: no DRIVER_OK
//     u8  op_count;          // 8-byte operations following the header
//     u16 queue_num;
//     u32 features_low, features_high;   // written as the driver's features
//     u64 desc, avail, used;             // queue addresses, as written to the registers
//   };
//   Op ops[op_count];        // {u8 kind, u8 reg, u16 arg, u32 value}
//   u8 memory[];             // guest RAM from its base (0x80000000), the rest zero
// The driver: reset, ACKNOWLEDGE, DRIVER, the features, FEATURES_OK, the
// queue (QueueSel 0, QueueNum, addresses, QueueReady), DRIVER_OK unless
// flag bit 1, QueueNotify; then the operations, by kind % 5:
//   0 write register reg*4 (mod 0x200) = value   1 read register reg*4
//   2 wait arg % 1000 + 1 us                      3 guest RAM u32 at (arg*4 mod 64 KiB) = value
//   4 QueueNotify
// then 2 ms of simulated time for the device, and a reset.
//
// Properties: no crash, no sanitizer report, no exception or SystemC
// error, no host allocation beyond the device's fixed buffers (libFuzzer's
// -rss_limit_mb), and every input finishes in bounded simulated and host
// time (the driver within a simulated second; -timeout for the host).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/bus/router.h"
#include "models/common/sim_control.h"
#include "models/dram/memory.h"
#include "models/storage/disk_image.h"
#include "models/storage/media.h"
#include "models/storage/virtio_blk.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using torpor::fuzz::fail;

constexpr uint64_t ram_base = 0x80000000;
constexpr uint64_t ram_bytes = 64 * 1024;
constexpr uint64_t plain_base = 0x10001000;   // the devices' registers
constexpr uint64_t faulty_base = 0x10002000;
constexpr uint64_t device_region = 0x200;
constexpr uint64_t disk_bytes = 256 * 1024;

// virtio-mmio registers (virtio 1.1, 4.2.2) and status bits (2.1)
enum : uint64_t {
  r_driver_features = 0x020, r_driver_features_sel = 0x024, r_queue_sel = 0x030, r_queue_num = 0x038,
  r_queue_ready = 0x044, r_queue_notify = 0x050, r_status = 0x070, r_queue_desc_low = 0x080,
  r_queue_desc_high = 0x084, r_queue_driver_low = 0x090, r_queue_driver_high = 0x094, r_queue_device_low = 0x0a0,
  r_queue_device_high = 0x0a4,
};
constexpr uint32_t s_acknowledge = 1, s_driver = 2, s_driver_ok = 4, s_features_ok = 8;

struct Header {
  uint8_t flags;
  uint8_t op_count;
  uint16_t queue_num;
  uint32_t features_low, features_high;
  uint64_t desc, avail, used;
};
constexpr size_t header_bytes = 36;

struct Op {
  uint8_t kind, reg;
  uint16_t arg;
  uint32_t value;
};
constexpr size_t op_bytes = 8;

// One input, decoded.
struct Program {
  Header header{};
  std::vector<Op> ops;
  const uint8_t* memory = nullptr;
  size_t memory_bytes = 0;
};

Program decode(const uint8_t* data, size_t size) {
  Program p;
  uint8_t head[header_bytes] = {};
  if (size != 0) std::memcpy(head, data, std::min(size, header_bytes));
  p.header.flags = head[0];
  p.header.op_count = head[1];
  std::memcpy(&p.header.queue_num, head + 2, 2);
  std::memcpy(&p.header.features_low, head + 4, 4);
  std::memcpy(&p.header.features_high, head + 8, 4);
  std::memcpy(&p.header.desc, head + 12, 8);
  std::memcpy(&p.header.avail, head + 20, 8);
  std::memcpy(&p.header.used, head + 28, 8);
  size_t at = std::min(size, header_bytes);
  for (unsigned i = 0; i < p.header.op_count && size - at >= op_bytes; ++i, at += op_bytes) {
    Op op;
    op.kind = data[at];
    op.reg = data[at + 1];
    std::memcpy(&op.arg, data + at + 2, 2);
    std::memcpy(&op.value, data + at + 4, 4);
    p.ops.push_back(op);
  }
  p.memory = data + at;
  p.memory_bytes = std::min<size_t>(size - at, ram_bytes);
  return p;
}

// Stop requests (a power cut) end nothing here: counted and ignored.
class CountingSimControl : public torpor::SimControl {
 public:
  void request_stop(torpor::StopReason, int, const std::string&) override { ++requests; }
  uint64_t requests = 0;
};

// The guest driver: runs one Program per start(), from its SystemC thread.
class Driver : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Driver> socket;

  explicit Driver(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket") { SC_THREAD(thread); }
  SC_HAS_PROCESS(Driver);

  void start(const Program& program) {
    program_ = &program;
    done_ = false;
    pending_ = true;  // the thread may not be waiting yet (before the first sc_start)
    start_event_.notify(sc_core::SC_ZERO_TIME);
  }
  bool done() const { return done_; }

 private:
  tlm::tlm_response_status access(tlm::tlm_command command, uint64_t address, uint32_t& value) {
    tlm::tlm_generic_payload trans;
    trans.set_command(command);
    trans.set_address(address);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    trans.set_data_length(4);
    trans.set_streaming_width(4);
    trans.set_byte_enable_ptr(nullptr);
    trans.set_dmi_allowed(false);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(trans, delay);
    if (delay > sc_core::SC_ZERO_TIME) wait(delay);
    return trans.get_response_status();
  }
  void write(uint64_t address, uint32_t value) { access(tlm::TLM_WRITE_COMMAND, address, value); }
  uint32_t read(uint64_t address) {
    uint32_t value = 0;
    access(tlm::TLM_READ_COMMAND, address, value);
    return value;
  }

  void run(const Program& p) {
    const Header& h = p.header;
    const uint64_t base = (h.flags & 1) ? faulty_base : plain_base;
    write(base + r_status, 0);
    write(base + r_status, s_acknowledge);
    write(base + r_status, s_acknowledge | s_driver);
    write(base + r_driver_features_sel, 0);
    write(base + r_driver_features, h.features_low);
    write(base + r_driver_features_sel, 1);
    write(base + r_driver_features, h.features_high);
    write(base + r_status, s_acknowledge | s_driver | s_features_ok);
    write(base + r_queue_sel, 0);
    write(base + r_queue_num, h.queue_num);
    write(base + r_queue_desc_low, uint32_t(h.desc));
    write(base + r_queue_desc_high, uint32_t(h.desc >> 32));
    write(base + r_queue_driver_low, uint32_t(h.avail));
    write(base + r_queue_driver_high, uint32_t(h.avail >> 32));
    write(base + r_queue_device_low, uint32_t(h.used));
    write(base + r_queue_device_high, uint32_t(h.used >> 32));
    write(base + r_queue_ready, 1);
    if (!(h.flags & 2)) write(base + r_status, s_acknowledge | s_driver | s_features_ok | s_driver_ok);
    write(base + r_queue_notify, 0);
    for (const Op& op : p.ops) {
      switch (op.kind % 5) {
        case 0: write(base + (op.reg * 4u) % device_region, op.value); break;
        case 1: read(base + (op.reg * 4u) % device_region); break;
        case 2: wait(sc_core::sc_time(double(op.arg % 1000 + 1), sc_core::SC_US)); break;
        case 3: {
          uint32_t value = op.value;
          access(tlm::TLM_WRITE_COMMAND, ram_base + (op.arg * 4u) % ram_bytes, value);
          break;
        }
        case 4: write(base + r_queue_notify, 0); break;
      }
    }
    wait(sc_core::sc_time(2, sc_core::SC_MS));
    read(base + r_status);
    write(base + r_status, 0);
  }

  void thread() {
    for (;;) {
      while (!pending_) wait(start_event_);
      pending_ = false;
      run(*program_);
      done_ = true;
    }
  }

  const Program* program_ = nullptr;
  bool pending_ = false;
  bool done_ = true;
  sc_core::sc_event start_event_;
};

const torpor::storage::MediaProfile& media() {
  const torpor::storage::MediaProfile* p = torpor::storage::find_media_profile("nvme-gen3x4");
  if (!p) fail("media profile nvme-gen3x4 is missing");
  return *p;
}

torpor::storage::FaultPlan faults() {
  torpor::storage::FaultPlan f;
  f.read_error_sectors = {5, 100};
  f.write_error_sectors = {6, 101};
  f.error_ppm = 50'000;
  f.bitflip_ppm = 300'000;
  f.power_loss_after_sectors = 200;
  f.seed = 7;
  return f;
}

// Everything elaborated once.
struct Harness {
  CountingSimControl control;
  torpor::storage::DiskImage plain_disk{disk_bytes}, faulty_disk{disk_bytes};
  std::vector<uint8_t> pattern = std::vector<uint8_t>(disk_bytes);
  Driver driver{"driver"};
  torpor::bus::Router router{"router"};
  torpor::Memory ram{"ram", ram_bytes};
  torpor::storage::VirtioBlk plain{"plain", plain_disk, media(), {}, control};
  torpor::storage::VirtioBlk faulty{"faulty", faulty_disk, media(), faults(), control};
  sc_core::sc_signal<bool> plain_irq{"plain_irq"}, faulty_irq{"faulty_irq"};

  Harness() {
    for (size_t i = 0; i < pattern.size(); ++i) pattern[i] = uint8_t(i * 131 + (i >> 9));
    driver.socket.bind(router.target_socket);
    plain.dma.bind(router.target_socket);
    faulty.dma.bind(router.target_socket);
    router.map("ram", ram_base, ram_bytes);
    router.initiator_socket.bind(ram.socket);
    router.map("plain", plain_base, device_region);
    router.initiator_socket.bind(plain.socket);
    router.map("faulty", faulty_base, device_region);
    router.initiator_socket.bind(faulty.socket);
    plain.irq.bind(plain_irq);
    faulty.irq.bind(faulty_irq);
  }

  void run(const Program& p) {
    std::memset(ram.data(), 0, ram_bytes);
    if (p.memory_bytes) std::memcpy(ram.data(), p.memory, p.memory_bytes);
    plain_disk.write(0, pattern.data(), disk_bytes);
    faulty_disk.write(0, pattern.data(), disk_bytes);
    driver.start(p);
    // The program's waits add up to at most 255 ms plus 2 ms; a driver
    // still running after a simulated second is stuck on the device.
    for (int i = 0; i < 1000 && !driver.done(); ++i) sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_MS));
    torpor::fuzz::restore_main_stack_bounds();
    if (!driver.done()) fail("the driver did not finish within a simulated second");
    sc_core::sc_start(sc_core::sc_time(20, sc_core::SC_MS));  // drain: requests of the reset device
    torpor::fuzz::restore_main_stack_bounds();
  }
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  spdlog::set_level(spdlog::level::err);  // the models warn about every malformed input
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Harness* harness = new Harness;  // lives as long as the process, like the simulation
  const Program program = decode(data, size);
  harness->run(program);
  return 0;
}
