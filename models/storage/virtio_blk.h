// A virtio block device on virtio-mmio (Virtio 1.1, sections 4.2 "Virtio
// Over MMIO" (modern, version 2), 2.6 "Split Virtqueues" and 5.2 "Block
// Device"). One request queue; IN, OUT, FLUSH and GET_ID requests; the
// device reads descriptors and data and writes data, status and the used
// ring by DMA through its own TLM initiator socket, so its traffic is timed
// by the bus and DRAM and contends with the core. Each request completes
// when the media model says it does; then the interrupt line rises.
// Malformed rings (loops, out-of-range addresses, zero lengths, bus errors)
// put the device in DEVICE_NEEDS_RESET instead of touching anything else.
// Nothing the guest writes sizes a host allocation: requests are bounded by
// seg_max and size_max, at most QueueNum are taken at once, and data moves
// between guest memory and the disk through one buffer of size_max bytes.
#pragma once
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/sim_control.h"
#include "models/common/stats.h"
#include "models/storage/disk_image.h"
#include "models/storage/media.h"

namespace torpor::storage {

// Deterministic fault injection (seeded).
struct FaultPlan {
  std::set<uint64_t> read_error_sectors;   // a read touching one fails with IOERR
  std::set<uint64_t> write_error_sectors;  // likewise for writes
  uint32_t error_ppm = 0;                  // any request fails with this probability (per million)
  uint32_t bitflip_ppm = 0;                // a read returns one flipped bit with this probability
  uint64_t power_loss_after_sectors = 0;   // cut the power once this many sectors are written (0: never)
  uint64_t seed = 1;
};

class VirtioBlk : public sc_core::sc_module {
 public:
  static constexpr uint32_t queue_size_max = 256;
  static constexpr uint32_t seg_max = 126;
  // Max bytes of one data segment (VIRTIO_BLK_F_SIZE_MAX, 5.2.3): as large as
  // the requests of the project's driver (4 MiB), so it never splits them.
  static constexpr uint32_t size_max = 4u << 20;
  // A request's data beyond what seg_max full segments hold is answered IOERR.
  static constexpr uint64_t max_request_bytes = uint64_t(seg_max) * size_max;

  tlm_utils::simple_target_socket<VirtioBlk> socket;     // registers
  tlm_utils::simple_initiator_socket<VirtioBlk> dma;     // guest memory
  sc_core::sc_out<bool> irq;

  VirtioBlk(sc_core::sc_module_name name, DiskImage& disk, const MediaProfile& media, const FaultPlan& faults,
            SimControl& control);
  SC_HAS_PROCESS(VirtioBlk);

  // Power-on state of the device (the disk keeps its contents).
  void reset();
  void register_stats(StatsRegistry& stats) const;
  const Media& media() const { return media_; }
  // For waveforms: requests started and not yet completed, with an event
  // notified when that number changes.
  unsigned in_flight() const { return in_flight_; }
  const sc_core::sc_event& in_flight_event() const { return in_flight_event_; }

 private:
  struct Descriptor {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
  };
  // The queue as the thread uses it: a copy taken at the start of each pass,
  // so register writes meanwhile cannot change it under a request.
  struct Ring {
    uint32_t num;
    uint64_t desc, avail, used;
  };
  struct Request {
    uint16_t head;
    uint32_t type;
    uint64_t sector;
    std::vector<Descriptor> data;  // data buffers, in order (slices of descriptors)
    uint64_t bytes;                // their total length
    uint64_t status_addr;          // the last device-writable byte
    uint64_t done_ps;
    uint8_t result;
    uint32_t written;              // bytes written into device-writable buffers
  };

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);
  uint32_t read_register(uint64_t offset);
  void write_register(uint64_t offset, uint32_t value);

  void queue_thread();
  void pause(const sc_core::sc_time& time);
  void drive_irq();
  // Takes the requests the driver made available up to `avail_idx` into
  // batch_; false after a device error or a reset.
  bool take_requests(const Ring& ring, uint16_t avail_idx, unsigned& taken);
  // Fetches and validates one chain; false puts the device in NEEDS_RESET.
  bool fetch_request(const Ring& ring, uint16_t head, Request& request);
  bool start_request(Request& request, uint64_t now_ps);
  void complete_request(const Ring& ring, Request& request);
  bool read_into_disk(const Request& request, uint64_t bytes);
  bool write_from_disk(Request& request);
  void device_error(const std::string& why);
  // A device error found while processing the ring; dropped if the driver
  // reset the device meanwhile (the error belongs to the old queue).
  void ring_error(const std::string& why);
  // False once the driver has reset the device since the pass began.
  bool current() const { return generation_ == pass_generation_; }
  bool ring_fits(const std::string& what, uint64_t address, uint64_t bytes);

  // Timed DMA through the bus; false on a bus error or when the device was
  // reset during the transfer (its own DMA may reach its registers).
  bool dma_read(uint64_t address, void* data, uint64_t length);
  bool dma_write(uint64_t address, const void* data, uint64_t length);
  // Untimed read of guest memory (debug transport), for write data whose
  // transfer time was charged at arrival.
  bool debug_read(uint64_t address, void* data, uint64_t length);

  DiskImage& disk_;
  Media media_;
  FaultPlan faults_;
  SimControl& control_;
  std::mt19937_64 rng_;
  sc_core::sc_time dma_delay_;  // accumulated DMA time of the current step

  // Registers
  uint32_t status_ = 0, device_features_sel_ = 0, driver_features_sel_ = 0, queue_sel_ = 0;
  uint64_t driver_features_ = 0;
  uint32_t queue_num_ = 0, queue_ready_ = 0, interrupt_status_ = 0, config_generation_ = 0;
  uint64_t desc_addr_ = 0, avail_addr_ = 0, used_addr_ = 0;
  uint16_t last_avail_ = 0, used_idx_ = 0;
  bool needs_reset_ = false;

  sc_core::sc_event notify_event_, irq_event_;
  // Set by QueueNotify and DRIVER_OK, cleared when the thread looks at the
  // ring: a notify while the thread is busy is never lost.
  bool work_pending_ = false;
  void kick() {
    work_pending_ = true;
    notify_event_.notify(sc_core::SC_ZERO_TIME);
  }
  uint64_t sectors_written_ = 0;
  bool power_lost_ = false;
  uint64_t generation_ = 0;  // bumped by reset(): requests in flight are dropped
  uint64_t pass_generation_ = 0;  // the generation the thread is working for
  // The thread read the available index and has not waited since: until it
  // waits, only its own DMA can change guest memory.
  bool looked_since_pause_ = false;

  // Storage reused by every batch (no per-request allocation).
  std::vector<Request> batch_;      // queue_size_max requests
  std::vector<Request*> order_;     // the batch in completion order
  std::vector<Descriptor> readable_, writable_;  // the chain being fetched
  std::vector<uint8_t> buffer_;     // size_max bytes: data on its way to or from the disk

  uint64_t reads_ = 0, writes_ = 0, flushes_ = 0, io_errors_ = 0, device_errors_ = 0, bitflips_ = 0;
  uint64_t requests_ = 0;
  unsigned in_flight_ = 0;
  sc_core::sc_event in_flight_event_;
  void set_in_flight(unsigned n) {
    in_flight_ = n;
    in_flight_event_.notify(sc_core::SC_ZERO_TIME);
  }
};

}  // namespace torpor::storage
