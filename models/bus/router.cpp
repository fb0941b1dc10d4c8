#include "models/bus/router.h"

#include <stdexcept>

#include <fmt/format.h>

namespace torpor::bus {

Router::Router(sc_core::sc_module_name name)
    : sc_module(name), target_socket("target_socket"), initiator_socket("initiator_socket") {
  target_socket.register_b_transport(this, &Router::b_transport);
  target_socket.register_transport_dbg(this, &Router::transport_dbg);
  target_socket.register_get_direct_mem_ptr(this, &Router::get_direct_mem_ptr);
  initiator_socket.register_invalidate_direct_mem_ptr(this, &Router::invalidate_direct_mem_ptr);
}

unsigned Router::map(const std::string& name, uint64_t base, uint64_t size, bool overlay) {
  if (size == 0 || base + size < base)
    throw std::invalid_argument(fmt::format("device '{}': bad address range 0x{:x} + 0x{:x}", name, base, size));
  for (const Mapping& m : mappings_) {
    const bool overlap = base < m.base + m.size && m.base < base + size;
    if (overlap && !overlay && !m.overlay)
      throw std::invalid_argument(fmt::format("device '{}' at [0x{:x}, 0x{:x}) overlaps '{}' at [0x{:x}, 0x{:x})",
                                              name, base, base + size, m.name, m.base, m.base + m.size));
  }
  const unsigned port = unsigned(mappings_.size());
  mappings_.push_back({name, base, size, port, overlay});
  return port;
}

const Router::Mapping* Router::decode(uint64_t address) const {
  const Mapping* found = nullptr;
  for (const Mapping& m : mappings_) {
    if (address - m.base < m.size) {
      if (m.overlay) return &m;
      found = &m;
    }
  }
  return found;
}

const Router::Mapping* Router::route(uint64_t address, uint64_t length) const {
  const Mapping* m = decode(address);
  if (!m || length == 0 || (address - m->base) + length > m->size) return nullptr;
  if (length > 1 && decode(address + length - 1) != m) return nullptr;
  return m;
}

void Router::b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  ++transactions_;
  if (id < traced_initiators) {
    Activity& a = activity_[id];
    a.address = trans.get_address();
    a.bytes = trans.get_data_length();
    a.write = trans.is_write();
    a.event.notify(sc_core::SC_ZERO_TIME);
  }
  const uint64_t address = trans.get_address();
  const Mapping* m = route(address, trans.get_data_length());
  if (!m) {
    ++decode_errors_;
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (timing_.width_bytes || timing_.latency > sc_core::SC_ZERO_TIME) {
    delay += occupy(sc_core::sc_time_stamp() + delay, trans.get_data_length());
  }
  trans.set_address(address - m->base);
  initiator_socket[m->port]->b_transport(trans, delay);
  trans.set_address(address);
  if (write_observer_ && trans.is_write() && trans.is_response_ok())
    write_observer_(address, trans.get_data_length(), id);
}

sc_core::sc_time Router::occupy(const sc_core::sc_time& arrival, uint64_t bytes) {
  bytes_ += bytes;
  sc_core::sc_time added = 2 * timing_.latency;
  if (timing_.width_bytes) {
    const sc_core::sc_time start = std::max(arrival, busy_until_);
    const uint64_t beats = (bytes + timing_.width_bytes - 1) / timing_.width_bytes;
    const sc_core::sc_time occupancy = timing_.cycle * double(beats);
    busy_until_ = start + occupancy;
    wait_ps_ += (start - arrival).value();
    busy_ps_ += occupancy.value();
    added += (start - arrival) + occupancy;
  }
  return added;
}

unsigned Router::transport_dbg(int, tlm::tlm_generic_payload& trans) {
  const uint64_t address = trans.get_address();
  const Mapping* m = route(address, trans.get_data_length());
  if (!m) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  trans.set_address(address - m->base);
  const unsigned n = initiator_socket[m->port]->transport_dbg(trans);
  trans.set_address(address);
  return n;
}

bool Router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  const uint64_t address = trans.get_address();
  const Mapping* m = decode(address);
  if (!m) return false;
  trans.set_address(address - m->base);
  const bool granted = initiator_socket[m->port]->get_direct_mem_ptr(trans, dmi);
  trans.set_address(address);
  // Back to global addresses, clipped to the mapping.
  uint64_t start = dmi.get_start_address() + m->base;
  uint64_t end = std::min<uint64_t>(dmi.get_end_address(), m->size - 1) + m->base;
  // Keep overlays out: the grant shrinks to the side of them holding `address`.
  for (const Mapping& o : mappings_) {
    if (&o == m || !o.overlay) continue;
    const uint64_t o_end = o.base + o.size - 1;
    if (o.base > end || o_end < start) continue;
    if (address < o.base) end = o.base - 1;
    else start = o_end + 1;
  }
  dmi.set_dmi_ptr(dmi.get_dmi_ptr() + (start - (dmi.get_start_address() + m->base)));
  dmi.set_start_address(start);
  dmi.set_end_address(end);
  return granted && start <= address && address <= end;
}

void Router::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
  const Mapping& m = mappings_.at(port);
  const uint64_t global_end = end >= m.size ? m.base + m.size - 1 : m.base + end;
  for (unsigned i = 0; i < target_socket.size(); ++i)
    target_socket[i]->invalidate_direct_mem_ptr(m.base + start, global_end);
}

void Router::register_stats(StatsRegistry& stats) const {
  const std::string n = name();
  stats.add_counter(n + ".transactions", &transactions_, "transactions", "b_transport calls routed");
  stats.add_counter(n + ".decode_errors", &decode_errors_, "transactions", "accesses to unmapped addresses");
  stats.add_counter(n + ".bytes", &bytes_, "bytes", "bytes carried (timed transactions)");
  stats.add_derived(n + ".busy_time", [this] { return double(busy_ps_) / 1000.0; }, "ns",
                    "time the data path was occupied");
  stats.add_derived(n + ".contention_wait", [this] { return double(wait_ps_) / 1000.0; }, "ns",
                    "time transactions waited for a busy data path");
  stats.add_derived(n + ".utilisation", [this] {
    const double now = double(sc_core::sc_time_stamp().value());
    return now > 0 ? 100.0 * double(busy_ps_) / now : 0.0;
  }, "%", "busy time / simulated time");
}

}  // namespace torpor::bus
