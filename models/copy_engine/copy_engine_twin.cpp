#include "models/copy_engine/copy_engine_twin.h"

#include <algorithm>
#include <cstring>

namespace torpor {

namespace {
constexpr uint64_t page_bytes = 4096;
uint32_t clamp_or(uint32_t value, uint32_t lo, uint32_t hi, uint32_t otherwise) {
  return value >= lo && value <= hi ? value : otherwise;
}
}  // namespace

CopyEngineTwin::CopyEngineTwin(sc_core::sc_module_name name, uint32_t burst_beats, uint32_t max_outstanding)
    : sc_module(name),
      socket("socket"),
      dma("dma"),
      irq("irq"),
      reset_burst_beats_(clamp_or(burst_beats, 1, 16, 16)),
      reset_max_outstanding_(clamp_or(max_outstanding, 1, 8, 8)) {
  burst_beats_ = reset_burst_beats_;
  max_outstanding_ = reset_max_outstanding_;
  socket.register_b_transport(this, &CopyEngineTwin::b_transport);
  socket.register_transport_dbg(this, &CopyEngineTwin::transport_dbg);
  SC_THREAD(engine_thread);
  SC_METHOD(drive_irq);
  sensitive << irq_event_;
}

void CopyEngineTwin::reset() {
  list_head_ = va_pa_offset_ = 0;
  control_ = pages_copied_ = irq_status_ = error_ = 0;
  burst_beats_ = reset_burst_beats_;
  max_outstanding_ = reset_max_outstanding_;
  list_limit_ = 0x100000;
  busy_ = done_ = false;
  irq_event_.notify(sc_core::SC_ZERO_TIME);
}

void CopyEngineTwin::drive_irq() { irq.write(irq_status_ & 1); }

uint32_t CopyEngineTwin::read_register(uint64_t offset) const {
  switch (offset) {
    case reg_id: return id_value;
    case reg_version: return 1;
    case reg_control: return control_ & control_irq_enable;
    case reg_status: return (busy_ ? status_busy : 0) | (done_ ? status_done : 0) | (error_ << 8);
    case reg_list_head_lo: return uint32_t(list_head_);
    case reg_list_head_hi: return uint32_t(list_head_ >> 32);
    case reg_offset_lo: return uint32_t(va_pa_offset_);
    case reg_offset_hi: return uint32_t(va_pa_offset_ >> 32);
    case reg_pages_copied: return pages_copied_;
    case reg_burst_beats: return burst_beats_;
    case reg_max_outstanding: return max_outstanding_;
    case reg_list_limit: return list_limit_;
    case reg_irq_status: return irq_status_;
    default: return 0;
  }
}

void CopyEngineTwin::write_register(uint64_t offset, uint32_t value) {
  if (offset == reg_control) {
    control_ = value & control_irq_enable;
    if ((value & control_start) && !busy_) {
      busy_ = true;
      done_ = false;
      error_ = 0;
      pages_copied_ = 0;
      start_event_.notify(sc_core::SC_ZERO_TIME);
    }
    return;
  }
  if (busy_) return;  // every register but CONTROL is frozen while a run is going on
  if (offset == reg_irq_status) {  // write 1 to clear
    irq_status_ &= ~value;
    irq_event_.notify(sc_core::SC_ZERO_TIME);
    return;
  }
  switch (offset) {
    case reg_list_head_lo: list_head_ = (list_head_ & ~0xFFFFFFFFull) | value; break;
    case reg_list_head_hi: list_head_ = (list_head_ & 0xFFFFFFFFull) | (uint64_t(value) << 32); break;
    case reg_offset_lo: va_pa_offset_ = (va_pa_offset_ & ~0xFFFFFFFFull) | value; break;
    case reg_offset_hi: va_pa_offset_ = (va_pa_offset_ & 0xFFFFFFFFull) | (uint64_t(value) << 32); break;
    case reg_burst_beats: burst_beats_ = clamp_or(value, 1, 16, 16); break;
    case reg_max_outstanding: max_outstanding_ = clamp_or(value, 1, 8, 8); break;
    case reg_list_limit: list_limit_ = value; break;
    default: break;
  }
}

void CopyEngineTwin::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  const uint64_t offset = trans.get_address();
  if (!CopyEngineTwin::is_register_access(trans)) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  uint32_t value = 0;
  if (trans.is_read()) {
    value = read_register(offset);
    std::memcpy(trans.get_data_ptr(), &value, 4);
  } else if (trans.is_write()) {
    std::memcpy(&value, trans.get_data_ptr(), 4);
    write_register(offset, value);
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned CopyEngineTwin::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!trans.is_read() || trans.get_data_length() != 4 || trans.get_address() >= region_size) return 0;
  const uint32_t value = read_register(trans.get_address() & ~3ull);
  std::memcpy(trans.get_data_ptr(), &value, 4);
  return 4;
}

bool CopyEngineTwin::burst(tlm::tlm_command command, uint64_t paddr, uint8_t* data, unsigned bytes,
                           sc_core::sc_time& delay) {
  tlm::tlm_generic_payload trans;
  trans.set_command(command);
  trans.set_address(paddr);
  trans.set_data_ptr(data);
  trans.set_data_length(bytes);
  trans.set_streaming_width(bytes);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  dma->b_transport(trans, delay);
  return trans.is_response_ok();
}

CopyEngineTwin::Error CopyEngineTwin::copy_page(uint64_t from, uint64_t to, sc_core::sc_time& t) {
  const unsigned burst_bytes = burst_beats_ * 8;
  const unsigned group = max_outstanding_ * burst_bytes;  // bytes in flight at once
  for (unsigned start = 0; start < page_bytes; start += group) {
    const unsigned end = std::min<unsigned>(start + group, page_bytes);
    // Reads of a group start together; the group is in when the last arrives.
    sc_core::sc_time in = t;
    for (unsigned at = start; at < end; at += burst_bytes) {
      sc_core::sc_time d = t;
      if (!burst(tlm::TLM_READ_COMMAND, from + at, page_.data() + at, burst_bytes, d)) return bus_error;
      in = std::max(in, d);
    }
    sc_core::sc_time out = in;
    for (unsigned at = start; at < end; at += burst_bytes) {
      sc_core::sc_time d = in;
      if (!burst(tlm::TLM_WRITE_COMMAND, to + at, page_.data() + at, burst_bytes, d)) return bus_error;
      out = std::max(out, d);
    }
    t = out;
  }
  bytes_ += page_bytes;
  return none;
}

void CopyEngineTwin::finish(Error error) {
  busy_ = false;
  done_ = true;
  error_ = error;
  if (error) ++errors_;
  if (control_ & control_irq_enable) irq_status_ |= 1;
  irq_event_.notify(sc_core::SC_ZERO_TIME);
}

void CopyEngineTwin::engine_thread() {
  for (;;) {
    wait(start_event_);
    ++runs_;
    sc_core::sc_time t = sc_core::SC_ZERO_TIME;  // offset ahead of SystemC time
    uint64_t va = list_head_;
    uint32_t entries = 0;
    Error error = none;
    while (va) {
      if (++entries > list_limit_) {
        error = list_too_long;
        break;
      }
      if ((va & 7) || ((va + va_pa_offset_) & 7)) {
        error = misaligned;
        break;
      }
      uint64_t pbe[3];
      if (!burst(tlm::TLM_READ_COMMAND, va + va_pa_offset_, reinterpret_cast<uint8_t*>(pbe), sizeof pbe, t)) {
        error = bus_error;
        break;
      }
      if ((pbe[0] | pbe[1] | (pbe[0] + va_pa_offset_) | (pbe[1] + va_pa_offset_)) & (page_bytes - 1)) {
        error = misaligned;
        break;
      }
      error = copy_page(pbe[0] + va_pa_offset_, pbe[1] + va_pa_offset_, t);
      if (error) break;
      ++pages_copied_;
      ++pages_;
      va = pbe[2];
      wait(t);  // keep SystemC time with the engine page by page
      t = sc_core::SC_ZERO_TIME;
    }
    if (t > sc_core::SC_ZERO_TIME) wait(t);
    finish(error);
  }
}

void CopyEngineTwin::register_stats(StatsRegistry& stats) const {
  const std::string n = name();
  stats.add_counter(n + ".runs", &runs_, "runs", "list walks started");
  stats.add_counter(n + ".pages", &pages_, "pages", "pages copied");
  stats.add_counter(n + ".bytes", &bytes_, "bytes", "bytes copied");
  stats.add_counter(n + ".errors", &errors_, "runs", "runs ended by an error");
}

}  // namespace torpor
