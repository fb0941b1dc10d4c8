#include "models/storage/virtio_blk.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace torpor::storage {

namespace {
// virtio-mmio register offsets (virtio 1.1, 4.2.2)
enum : uint64_t {
  reg_magic = 0x000, reg_version = 0x004, reg_device_id = 0x008, reg_vendor_id = 0x00c,
  reg_device_features = 0x010, reg_device_features_sel = 0x014, reg_driver_features = 0x020,
  reg_driver_features_sel = 0x024, reg_queue_sel = 0x030, reg_queue_num_max = 0x034, reg_queue_num = 0x038,
  reg_queue_ready = 0x044, reg_queue_notify = 0x050, reg_interrupt_status = 0x060, reg_interrupt_ack = 0x064,
  reg_status = 0x070, reg_queue_desc_low = 0x080, reg_queue_desc_high = 0x084, reg_queue_driver_low = 0x090,
  reg_queue_driver_high = 0x094, reg_queue_device_low = 0x0a0, reg_queue_device_high = 0x0a4,
  reg_config_generation = 0x0fc, reg_config = 0x100, region_size = 0x200,
};
constexpr uint32_t magic = 0x74726976;  // "virt"
constexpr uint32_t vendor = 0x52505254;  // "TRPR"
// Status bits (2.1)
constexpr uint32_t status_driver_ok = 4, status_features_ok = 8, status_needs_reset = 64;
// Feature bits (6, 5.2.3): VIRTIO_F_VERSION_1 (32), VIRTIO_BLK_F_SIZE_MAX (1),
// _SEG_MAX (2), _BLK_SIZE (6), _FLUSH (9)
constexpr uint64_t feature_version_1 = 1ull << 32, feature_size_max = 1ull << 1;
constexpr uint64_t offered_features = feature_version_1 | feature_size_max | (1u << 2) | (1u << 6) | (1u << 9);
// Descriptor flags (2.6.5) and request types/status (5.2.6)
constexpr uint16_t desc_next = 1, desc_write = 2, desc_indirect = 4;
constexpr uint16_t avail_no_interrupt = 1;
constexpr uint32_t req_in = 0, req_out = 1, req_flush = 4, req_get_id = 8;
constexpr uint8_t blk_ok = 0, blk_ioerr = 1, blk_unsupp = 2;
constexpr uint64_t sector_bytes = DiskImage::sector_bytes;
}  // namespace

VirtioBlk::VirtioBlk(sc_core::sc_module_name name, DiskImage& disk, const MediaProfile& media, const FaultPlan& faults,
                     SimControl& control)
    : sc_module(name),
      socket("socket"),
      dma("dma"),
      irq("irq"),
      disk_(disk),
      media_(std::string(this->name()) + ".media", media),
      faults_(faults),
      control_(control),
      rng_(faults.seed),
      batch_(queue_size_max),
      order_(queue_size_max),
      buffer_(size_max) {
  socket.register_b_transport(this, &VirtioBlk::b_transport);
  socket.register_transport_dbg(this, &VirtioBlk::transport_dbg);
  SC_THREAD(queue_thread);
  SC_METHOD(drive_irq);
  sensitive << irq_event_;
}

void VirtioBlk::reset() {
  status_ = device_features_sel_ = driver_features_sel_ = queue_sel_ = 0;
  driver_features_ = 0;
  queue_num_ = queue_ready_ = interrupt_status_ = 0;
  desc_addr_ = avail_addr_ = used_addr_ = 0;
  last_avail_ = used_idx_ = 0;
  needs_reset_ = false;
  power_lost_ = false;
  ++generation_;
  media_.reset();
  irq_event_.notify(sc_core::SC_ZERO_TIME);
}

void VirtioBlk::drive_irq() { irq.write(interrupt_status_ != 0); }

// ------------------------------------------------------------- registers

uint32_t VirtioBlk::read_register(uint64_t offset) {
  switch (offset) {
    case reg_magic: return magic;
    case reg_version: return 2;
    case reg_device_id: return 2;  // block device
    case reg_vendor_id: return vendor;
    case reg_device_features: return device_features_sel_ <= 1 ? uint32_t(offered_features >> (32 * device_features_sel_)) : 0;
    case reg_queue_num_max: return queue_sel_ == 0 ? queue_size_max : 0;  // only queue 0 exists
    case reg_queue_ready: return queue_sel_ == 0 ? queue_ready_ : 0;
    case reg_interrupt_status: return interrupt_status_;
    case reg_status: return status_ | (needs_reset_ ? status_needs_reset : 0);
    case reg_config_generation: return config_generation_;
    default: break;
  }
  if (offset >= reg_config && offset < region_size) {
    // virtio_blk_config (5.2.4): capacity, size_max, seg_max, geometry, blk_size
    uint8_t config[0x20] = {};
    const uint64_t capacity = disk_.sectors();
    const uint32_t segment_bytes = size_max, segs = seg_max, blk_size = sector_bytes;
    std::memcpy(config + 0x00, &capacity, 8);
    std::memcpy(config + 0x08, &segment_bytes, 4);
    std::memcpy(config + 0x0c, &segs, 4);
    std::memcpy(config + 0x14, &blk_size, 4);
    const uint64_t at = offset - reg_config;
    uint32_t value = 0;
    if (at + 4 <= sizeof config) std::memcpy(&value, config + at, 4);
    return value;
  }
  return 0;
}

void VirtioBlk::write_register(uint64_t offset, uint32_t value) {
  switch (offset) {
    case reg_device_features_sel: device_features_sel_ = value; return;
    case reg_driver_features_sel: driver_features_sel_ = value; return;
    case reg_driver_features:
      if (driver_features_sel_ <= 1) {
        const unsigned shift = 32 * driver_features_sel_;
        driver_features_ = (driver_features_ & ~(0xFFFFFFFFull << shift)) | (uint64_t(value) << shift);
      }
      return;
    case reg_queue_sel: queue_sel_ = value; return;
    default: break;
  }
  // Queue registers describe the selected queue; only queue 0 exists.
  const bool queue_register = offset == reg_queue_num || offset == reg_queue_ready ||
                              (offset >= reg_queue_desc_low && offset <= reg_queue_device_high);
  if (queue_sel_ != 0 && queue_register) return;
  // 4.2.2.2: while QueueReady is set the driver must not touch the queue's
  // size or addresses; the device keeps the queue it was given.
  if (queue_ready_ && queue_register && offset != reg_queue_ready) return;
  switch (offset) {
    case reg_queue_num: queue_num_ = std::min<uint32_t>(value, queue_size_max); return;
    case reg_queue_ready:
      queue_ready_ = value & 1;
      // A queue the device cannot use is a device error now rather than a
      // fault later: its size is a power of 2 (2.6) and no part of it may
      // wrap around the address space (2.6.2 gives each part's size).
      if (queue_ready_ && !needs_reset_) {
        if (queue_num_ == 0 || (queue_num_ & (queue_num_ - 1)))
          device_error(fmt::format("QueueReady with QueueNum {} (not a power of 2)", queue_num_));
        else if (ring_fits("descriptor table", desc_addr_, 16ull * queue_num_) &&
                 ring_fits("available ring", avail_addr_, 6 + 2ull * queue_num_))
          ring_fits("used ring", used_addr_, 6 + 8ull * queue_num_);
      }
      return;
    case reg_queue_notify: kick(); return;
    case reg_interrupt_ack:
      interrupt_status_ &= ~value;
      irq_event_.notify(sc_core::SC_ZERO_TIME);
      return;
    case reg_status:
      if (value == 0) {
        reset();  // 4.2.3.1: writing zero resets the device
        return;
      }
      // The device accepts the features only if VERSION_1 is among them and
      // nothing it did not offer is (3.1.1 step 5-6).
      if ((value & status_features_ok) &&
          (!(driver_features_ & feature_version_1) || (driver_features_ & ~offered_features)))
        value &= ~status_features_ok;
      status_ = value;
      if (status_ & status_driver_ok) kick();
      return;
    case reg_queue_desc_low: desc_addr_ = (desc_addr_ & ~0xFFFFFFFFull) | value; return;
    case reg_queue_desc_high: desc_addr_ = (desc_addr_ & 0xFFFFFFFFull) | (uint64_t(value) << 32); return;
    case reg_queue_driver_low: avail_addr_ = (avail_addr_ & ~0xFFFFFFFFull) | value; return;
    case reg_queue_driver_high: avail_addr_ = (avail_addr_ & 0xFFFFFFFFull) | (uint64_t(value) << 32); return;
    case reg_queue_device_low: used_addr_ = (used_addr_ & ~0xFFFFFFFFull) | value; return;
    case reg_queue_device_high: used_addr_ = (used_addr_ & 0xFFFFFFFFull) | (uint64_t(value) << 32); return;
    default: return;  // read-only or reserved: ignored
  }
}

void VirtioBlk::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  const uint64_t offset = trans.get_address();
  const unsigned length = trans.get_data_length();
  // 32-bit accesses only, except byte/halfword reads of the config space.
  const bool config_read = trans.is_read() && offset >= reg_config && length <= 4;
  if (offset + length > region_size || trans.get_byte_enable_ptr() || (length != 4 && !config_read) ||
      (offset & (length - 1))) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (trans.is_read()) {
    const uint32_t word = read_register(offset & ~3ull);
    std::memcpy(trans.get_data_ptr(), reinterpret_cast<const uint8_t*>(&word) + (offset & 3), length);
  } else if (trans.is_write()) {
    uint32_t value;
    std::memcpy(&value, trans.get_data_ptr(), 4);
    write_register(offset, value);
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned VirtioBlk::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!trans.is_read() || trans.get_address() + trans.get_data_length() > region_size) return 0;
  for (unsigned i = 0; i < trans.get_data_length(); ++i) {
    const uint64_t at = trans.get_address() + i;
    const uint32_t word = read_register(at & ~3ull);
    trans.get_data_ptr()[i] = uint8_t(word >> (8 * (at & 3)));
  }
  return trans.get_data_length();
}

// ------------------------------------------------------------------- DMA

bool VirtioBlk::dma_read(uint64_t address, void* data, uint64_t length) {
  tlm::tlm_generic_payload trans;
  trans.set_command(tlm::TLM_READ_COMMAND);
  trans.set_address(address);
  trans.set_data_ptr(static_cast<unsigned char*>(data));
  trans.set_data_length(unsigned(length));
  trans.set_streaming_width(unsigned(length));
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  dma->b_transport(trans, dma_delay_);
  return trans.is_response_ok() && current();
}

bool VirtioBlk::dma_write(uint64_t address, const void* data, uint64_t length) {
  tlm::tlm_generic_payload trans;
  trans.set_command(tlm::TLM_WRITE_COMMAND);
  trans.set_address(address);
  trans.set_data_ptr(static_cast<unsigned char*>(const_cast<void*>(data)));
  trans.set_data_length(unsigned(length));
  trans.set_streaming_width(unsigned(length));
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  dma->b_transport(trans, dma_delay_);
  return trans.is_response_ok() && current();
}

bool VirtioBlk::debug_read(uint64_t address, void* data, uint64_t length) {
  tlm::tlm_generic_payload trans;
  trans.set_command(tlm::TLM_READ_COMMAND);
  trans.set_address(address);
  trans.set_data_ptr(static_cast<unsigned char*>(data));
  trans.set_data_length(unsigned(length));
  trans.set_streaming_width(unsigned(length));
  return dma->transport_dbg(trans) == length;
}

bool VirtioBlk::ring_fits(const std::string& what, uint64_t address, uint64_t bytes) {
  if (address + (bytes - 1) >= address) return true;
  device_error(fmt::format("{} at 0x{:x} wraps around the address space", what, address));
  return false;
}

void VirtioBlk::ring_error(const std::string& why) {
  if (current()) device_error(why);
}

void VirtioBlk::device_error(const std::string& why) {
  ++device_errors_;
  needs_reset_ = true;
  interrupt_status_ |= 2;  // configuration change: the driver should look at Status
  irq_event_.notify(sc_core::SC_ZERO_TIME);
  spdlog::warn("{}: device error, needs reset: {}", name(), why);
}

// ---------------------------------------------------------------- requests

namespace {
// Appends to `out` the bytes of `segments` without the first `skip_front`
// and the last `skip_back`, as segments again.
template <typename Segment>
void slice(const std::vector<Segment>& segments, uint64_t skip_front, uint64_t skip_back, std::vector<Segment>& out) {
  uint64_t total = 0;
  for (const Segment& s : segments) total += s.len;
  if (skip_front + skip_back >= total) return;
  const uint64_t end = total - skip_back;
  uint64_t at = 0;
  for (const Segment& s : segments) {
    const uint64_t lo = std::max(at, skip_front), hi = std::min(at + s.len, end);
    if (lo < hi) {
      Segment piece = s;
      piece.addr = s.addr + (lo - at);
      piece.len = uint32_t(hi - lo);
      out.push_back(piece);
    }
    at += s.len;
  }
}
}  // namespace

bool VirtioBlk::fetch_request(const Ring& ring, uint16_t head, Request& r) {
  // The chain: device-readable descriptors, then device-writable ones (2.6.4.2).
  readable_.clear();
  writable_.clear();
  uint16_t index = head;
  for (unsigned count = 0;; ++count) {
    if (index >= ring.num || count >= ring.num) {
      ring_error(fmt::format("descriptor chain from {} loops or leaves the table (index {})", head, index));
      return false;
    }
    uint8_t raw[16];
    if (!dma_read(ring.desc + 16ull * index, raw, 16)) {
      ring_error(fmt::format("descriptor table at 0x{:x} is not readable", ring.desc));
      return false;
    }
    Descriptor d;
    std::memcpy(&d.addr, raw, 8);
    std::memcpy(&d.len, raw + 8, 4);
    std::memcpy(&d.flags, raw + 12, 2);
    std::memcpy(&d.next, raw + 14, 2);
    if (d.flags & desc_indirect) {
      ring_error("indirect descriptor (VIRTIO_F_INDIRECT_DESC was not offered)");
      return false;
    }
    if (d.len == 0) {
      ring_error(fmt::format("zero-length descriptor {}", index));
      return false;
    }
    if (d.addr + (d.len - 1) < d.addr) {
      ring_error(fmt::format("descriptor {} at 0x{:x} wraps around the address space", index, d.addr));
      return false;
    }
    if (d.flags & desc_write) {
      writable_.push_back(d);
    } else if (!writable_.empty()) {
      ring_error("a device-readable descriptor follows a device-writable one");
      return false;
    } else {
      readable_.push_back(d);
    }
    if (!(d.flags & desc_next)) break;
    index = d.next;
  }
  // Descriptors may be arranged in any way (2.6.4.1): the header is the first
  // 16 readable bytes, the status the last writable byte, data in between.
  uint64_t readable_bytes = 0;
  for (const Descriptor& d : readable_) readable_bytes += d.len;
  if (readable_bytes < 16 || writable_.empty()) {
    ring_error("request chain lacks a 16-byte header or a writable status byte");
    return false;
  }
  uint8_t h[16];
  uint64_t got = 0;
  for (const Descriptor& d : readable_) {
    if (got == sizeof h) break;
    const uint64_t n = std::min<uint64_t>(d.len, sizeof h - got);
    if (!dma_read(d.addr, h + got, n)) {
      ring_error(fmt::format("request header at 0x{:x} is not readable", d.addr));
      return false;
    }
    got += n;
  }
  r.head = head;
  std::memcpy(&r.type, h, 4);
  std::memcpy(&r.sector, h + 8, 8);
  const Descriptor& last = writable_.back();
  r.status_addr = last.addr + last.len - 1;
  r.data.clear();
  if (r.type == req_in || r.type == req_get_id) slice(writable_, 0, 1, r.data);
  else slice(readable_, 16, 0, r.data);
  if (r.data.size() > seg_max) {
    ring_error(fmt::format("{} data segments exceed seg_max {}", r.data.size(), seg_max));
    return false;
  }
  r.bytes = 0;
  for (const Descriptor& d : r.data) {
    // 5.2.4: with VIRTIO_BLK_F_SIZE_MAX negotiated no segment exceeds size_max.
    if ((driver_features_ & feature_size_max) && d.len > size_max) {
      ring_error(fmt::format("a data segment of {} bytes exceeds size_max {}", d.len, size_max));
      return false;
    }
    r.bytes += d.len;
  }
  return true;
}

bool VirtioBlk::start_request(Request& r, uint64_t now_ps) {
  ++requests_;
  uint64_t bytes = r.bytes;
  r.result = blk_ok;
  r.written = 1;  // the status byte
  const uint64_t first = r.sector, count = bytes / sector_bytes;
  auto touches = [&](const std::set<uint64_t>& sectors) {
    auto it = sectors.lower_bound(first);
    return it != sectors.end() && *it < first + count;
  };
  const bool random_error = faults_.error_ppm && (rng_() % 1'000'000) < faults_.error_ppm;
  MediaOp op = MediaOp::read;
  switch (r.type) {
    case req_in:
    case req_out:
      op = r.type == req_in ? MediaOp::read : MediaOp::write;
      // 5.2.6: whole sectors, inside the disk, and no more than seg_max
      // segments of size_max bytes; anything else is answered IOERR.
      if (bytes % sector_bytes || bytes > max_request_bytes || first > disk_.sectors() ||
          count > disk_.sectors() - first || random_error ||
          touches(r.type == req_in ? faults_.read_error_sectors : faults_.write_error_sectors)) {
        r.result = blk_ioerr;
        ++io_errors_;
      }
      if (r.type == req_out && r.result == blk_ok) {
        // The data leaves guest memory now: its transfers are timed here.
        // complete_request takes the bytes again, untimed, when they reach
        // the disk, so the host holds no copy of a request meanwhile.
        for (const Descriptor& d : r.data) {
          for (uint64_t at = 0; at < d.len; at += size_max) {
            if (!dma_read(d.addr + at, buffer_.data(), std::min<uint64_t>(d.len - at, size_max))) {
              ring_error(fmt::format("write buffer at 0x{:x} is not readable", d.addr));
              return false;
            }
          }
        }
      }
      break;
    case req_flush: op = MediaOp::flush; bytes = 0; break;
    case req_get_id: bytes = 0; break;
    default: r.result = blk_unsupp; bytes = 0; break;
  }
  r.done_ps = r.result == blk_ok && r.type != req_get_id ? media_.serve(op, first * sector_bytes, bytes, now_ps) : now_ps;
  return true;
}

// IN: the disk's bytes into the request's buffers through buffer_, one
// transfer per segment (segments longer than size_max, allowed when the
// driver did not negotiate it, take several).
bool VirtioBlk::write_from_disk(Request& r) {
  // Fault injection: one flipped bit per request, none when there is no data.
  uint64_t flip = ~0ull;
  if (faults_.bitflip_ppm && r.bytes && (rng_() % 1'000'000) < faults_.bitflip_ppm) {
    flip = rng_() % (r.bytes * 8);
    ++bitflips_;
  }
  uint64_t at = 0;  // bytes of the request done
  for (const Descriptor& d : r.data) {
    for (uint64_t done = 0; done < d.len;) {
      const uint64_t n = std::min<uint64_t>(d.len - done, size_max);
      disk_.read(r.sector * sector_bytes + at, buffer_.data(), n);
      if (flip / 8 - at < n) buffer_[flip / 8 - at] ^= uint8_t(1u << (flip % 8));
      if (!dma_write(d.addr + done, buffer_.data(), n)) {
        ring_error(fmt::format("read buffer at 0x{:x} is not writable", d.addr));
        return false;
      }
      done += n;
      at += n;
    }
    r.written += d.len;
  }
  return true;
}

// OUT: the first `bytes` of the request's buffers onto the disk, through buffer_.
bool VirtioBlk::read_into_disk(const Request& r, uint64_t bytes) {
  uint64_t offset = r.sector * sector_bytes;
  for (const Descriptor& d : r.data) {
    for (uint64_t done = 0; done < d.len && bytes > 0;) {
      const uint64_t n = std::min<uint64_t>({d.len - done, size_max, bytes});
      if (!debug_read(d.addr + done, buffer_.data(), n)) {
        ring_error(fmt::format("write buffer at 0x{:x} is not readable", d.addr));
        return false;
      }
      disk_.write(offset, buffer_.data(), n);
      offset += n;
      done += n;
      bytes -= n;
    }
  }
  return true;
}

void VirtioBlk::complete_request(const Ring& ring, Request& r) {
  if (r.result == blk_ok) {
    if (r.type == req_in) {
      ++reads_;
      if (!write_from_disk(r)) return;
    } else if (r.type == req_out) {
      ++writes_;
      const uint64_t count = r.bytes / sector_bytes;
      uint64_t keep = count;
      if (faults_.power_loss_after_sectors && sectors_written_ + count > faults_.power_loss_after_sectors)
        keep = faults_.power_loss_after_sectors - sectors_written_;  // torn: only the first sectors land
      if (!read_into_disk(r, keep * sector_bytes)) return;
      sectors_written_ += keep;
      if (keep < count || (faults_.power_loss_after_sectors && sectors_written_ >= faults_.power_loss_after_sectors)) {
        power_lost_ = true;
        faults_.power_loss_after_sectors = 0;  // one power cut per run
        control_.request_stop(StopReason::power_loss, 0,
                              fmt::format("power lost after {} written sectors (fault injection; the write at "
                                          "sector {} kept {} of {} sectors)",
                                          sectors_written_, r.sector, keep, count));
        return;
      }
    } else if (r.type == req_flush) {
      ++flushes_;
      disk_.flush();
    } else if (r.type == req_get_id) {
      char id[20] = "torpor-virtio-blk";
      if (!r.data.empty()) {
        const uint32_t n = std::min<uint32_t>(r.data.front().len, sizeof id);
        if (!dma_write(r.data.front().addr, id, n)) return ring_error("GET_ID buffer is not writable");
        r.written += n;
      }
    }
  }
  const uint8_t status = r.result;
  if (!dma_write(r.status_addr, &status, 1)) return ring_error("status byte is not writable");
  // Used ring (2.6.8): element first, then the index the driver polls.
  uint8_t element[8];
  const uint32_t id = r.head;
  std::memcpy(element, &id, 4);
  std::memcpy(element + 4, &r.written, 4);
  if (!dma_write(ring.used + 4 + 8ull * (used_idx_ % ring.num), element, 8)) return ring_error("used ring is not writable");
  ++used_idx_;
  if (!dma_write(ring.used + 2, &used_idx_, 2)) return ring_error("used ring is not writable");
  uint16_t avail_flags = 0;
  if (!dma_read(ring.avail, &avail_flags, 2)) return ring_error("available ring is not readable");
  if (!(avail_flags & avail_no_interrupt)) {
    interrupt_status_ |= 1;
    irq_event_.notify(sc_core::SC_ZERO_TIME);
  }
}

bool VirtioBlk::take_requests(const Ring& ring, uint16_t avail_idx, unsigned& taken) {
  taken = 0;
  while (last_avail_ != avail_idx) {
    uint16_t head = 0;
    if (!dma_read(ring.avail + 4 + 2ull * (last_avail_ % ring.num), &head, 2)) {
      ring_error("available ring is not readable");
      return false;
    }
    Request& r = batch_[taken];
    if (!fetch_request(ring, head, r)) return false;
    ++last_avail_;
    if (!start_request(r, (sc_core::sc_time_stamp() + dma_delay_).value()) || needs_reset_) return false;
    order_[taken++] = &r;
  }
  return true;
}

void VirtioBlk::pause(const sc_core::sc_time& time) {
  looked_since_pause_ = false;
  wait(time);
}

void VirtioBlk::queue_thread() {
  for (;;) {
    if (!work_pending_) {
      looked_since_pause_ = false;
      wait(notify_event_);
    }
    work_pending_ = false;
    pass_generation_ = generation_;
    while (current() && !needs_reset_ && queue_ready_ && queue_num_ && (status_ & status_driver_ok) && !power_lost_) {
      const Ring ring{queue_num_, desc_addr_, avail_addr_, used_addr_};
      dma_delay_ = sc_core::SC_ZERO_TIME;
      uint16_t avail_idx = 0;
      if (!dma_read(ring.avail + 2, &avail_idx, 2)) {
        ring_error("available ring is not readable");
        break;
      }
      // Nothing but this device ran since its last look at the index: a new
      // value is its own DMA landing on the ring, which could feed it for
      // ever without simulated time passing.
      const bool only_own_writes = looked_since_pause_;
      looked_since_pause_ = true;
      if (avail_idx == last_avail_) break;
      if (only_own_writes) {
        ring_error("the device's own writes changed the available ring's index");
        break;
      }
      // 2.6.6: the ring holds QueueNum entries, so no more are ever
      // available at once; this also bounds the batch and its memory.
      const uint16_t available = uint16_t(avail_idx - last_avail_);
      if (available > ring.num) {
        ring_error(fmt::format("{} buffers made available in a queue of {}", available, ring.num));
        break;
      }
      // Start every request the driver made available; the media overlaps
      // them as far as its parallelism allows.
      unsigned taken = 0;
      const bool failed = !take_requests(ring, avail_idx, taken);
      // Completion order; equal times keep the arrival order (the batch's).
      std::sort(order_.begin(), order_.begin() + taken, [](const Request* a, const Request* b) {
        return a->done_ps != b->done_ps ? a->done_ps < b->done_ps : a < b;
      });
      set_in_flight(taken);
      for (unsigned i = 0; i < taken; ++i) {
        Request& r = *order_[i];
        const uint64_t now = sc_core::sc_time_stamp().value();
        if (r.done_ps > now) pause(sc_core::sc_time::from_value(r.done_ps - now));
        if (!current() || power_lost_) break;  // reset or power loss meanwhile
        dma_delay_ = sc_core::SC_ZERO_TIME;
        try {
          complete_request(ring, r);
        } catch (const DiskError& e) {
          // The host could not read or write the image file (disk full, I/O
          // error): no guest-visible outcome would be faithful, so the run
          // stops with the host's reason.
          power_lost_ = true;  // takes no more requests until a reset
          control_.request_stop(StopReason::simulator_error, 0, fmt::format("{}: host disk error: {}", name(), e.what()));
          break;
        }
        set_in_flight(in_flight_ ? in_flight_ - 1 : 0);
        if (dma_delay_ > sc_core::SC_ZERO_TIME) pause(dma_delay_);
        if (needs_reset_) break;
      }
      set_in_flight(0);
      if (failed || !current()) break;
    }
  }
}

void VirtioBlk::register_stats(StatsRegistry& stats) const {
  const std::string n = name();
  stats.add_counter(n + ".reads", &reads_, "requests", "IN requests completed");
  stats.add_counter(n + ".writes", &writes_, "requests", "OUT requests completed");
  stats.add_counter(n + ".flushes", &flushes_, "requests", "FLUSH requests completed");
  stats.add_counter(n + ".io_errors", &io_errors_, "requests", "requests answered IOERR (range or injected faults)");
  stats.add_counter(n + ".device_errors", &device_errors_, "events", "malformed rings: device needs reset");
  stats.add_counter(n + ".bitflips", &bitflips_, "bits", "injected bit flips in read data");
  media_.register_stats(stats);
}

}  // namespace torpor::storage
