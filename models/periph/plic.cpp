#include "models/periph/plic.h"
#include "models/common/register_access.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace torpor {

namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "register data is copied in host byte order");

constexpr unsigned register_bytes = 4;  // every PLIC register is 32 bits wide

// Throws unless min <= value <= max; returns value, so constructors can
// check a parameter before sizing members with it.
unsigned checked(const char* module, const char* what, unsigned value, unsigned min, unsigned max) {
  if (value < min || value > max) {
    throw std::invalid_argument(std::string(module) + ": " + what + " must be " + std::to_string(min) + ".." +
                                std::to_string(max));
  }
  return value;
}

}  // namespace

// The memory map (spec, "Memory Map"). Pending bits are read-only; writes
// to them are ignored. Threshold and claim/complete share a context's page.
const Plic::RegisterBlock Plic::register_map[5] = {
    {Register::priority, "priority", priority_offset, 0, &Plic::read_priority, &Plic::write_priority},
    {Register::pending, "pending", pending_offset, 0, &Plic::read_pending, &Plic::write_ignored},
    {Register::enable, "enable", enable_offset, enable_context_stride, &Plic::read_enable, &Plic::write_enable},
    {Register::threshold, "threshold", threshold_offset, context_stride, &Plic::read_threshold,
     &Plic::write_threshold},
    {Register::claim_complete, "claim/complete", claim_complete_offset, context_stride, &Plic::read_claim,
     &Plic::write_complete},
};

Plic::Plic(sc_core::sc_module_name name, unsigned sources, unsigned contexts)
    : sc_core::sc_module(name),
      socket("socket"),
      // Source 0 does not exist, but an id 0 slot keeps irq_in[id] == source id.
      irq_in("irq_in", checked(this->name(), "sources", sources, 2, max_sources)),
      context_irq("context_irq", checked(this->name(), "contexts", contexts, 1, max_contexts)),
      sources_(sources),
      contexts_(contexts),
      words_((sources + 31) / 32),
      priority_(sources, 0),
      pending_(words_, 0),
      in_service_(words_, 0),
      enables_(std::size_t{contexts} * words_, 0),
      threshold_(contexts, 0) {
  socket.register_b_transport(this, &Plic::b_transport);
  socket.register_transport_dbg(this, &Plic::transport_dbg);

  // Runs once at start to drive the reset levels (all low) and pick up
  // lines that are already high.
  SC_METHOD(drive_context_irqs);
  sensitive << update_event_;
  for (unsigned source = 1; source < sources_; ++source) sensitive << irq_in[source];
}

void Plic::reset() {
  std::fill(priority_.begin(), priority_.end(), 0);
  std::fill(pending_.begin(), pending_.end(), 0);
  std::fill(in_service_.begin(), in_service_.end(), 0);
  std::fill(enables_.begin(), enables_.end(), 0);
  std::fill(threshold_.begin(), threshold_.end(), 0);
  // Lines still high pend again when drive_context_irqs samples them.
  update_event_.notify(sc_core::SC_ZERO_TIME);
}

uint32_t Plic::valid_bits(unsigned word) const {
  uint32_t bits = UINT32_MAX;
  if (word == 0) bits &= ~uint32_t{1};  // source 0
  const unsigned first = word * 32;
  if (sources_ - first < 32) bits &= (uint32_t{1} << (sources_ - first)) - 1;
  return bits;
}

// ---- Registers --------------------------------------------------------

uint32_t Plic::read_priority(unsigned context, unsigned source, bool peek) { return priority_[source]; }

void Plic::write_priority(unsigned context, unsigned source, uint32_t value) {
  // Source 0 has no priority register: it reads 0 and ignores writes.
  if (source != 0) priority_[source] = static_cast<uint8_t>(value & priority_mask);
}

uint32_t Plic::read_pending(unsigned context, unsigned word, bool peek) { return pending_[word]; }

uint32_t Plic::read_enable(unsigned context, unsigned word, bool peek) {
  return enables_[std::size_t{context} * words_ + word];
}

void Plic::write_enable(unsigned context, unsigned word, uint32_t value) {
  enables_[std::size_t{context} * words_ + word] = value & valid_bits(word);
}

uint32_t Plic::read_threshold(unsigned context, unsigned index, bool peek) { return threshold_[context]; }

void Plic::write_threshold(unsigned context, unsigned index, uint32_t value) {
  threshold_[context] = static_cast<uint8_t>(value & priority_mask);
}

uint32_t Plic::read_claim(unsigned context, unsigned index, bool peek) {
  const unsigned source = best_source(context);
  if (source != 0 && !peek) {
    // Spec, "Interrupt Claim Process": claiming clears the pending bit; the
    // gateway forwards no new request until completion.
    clear_bit(pending_, source);
    set_bit(in_service_, source);
    ++claims_;
  }
  return source;
}

void Plic::write_complete(unsigned context, unsigned index, uint32_t value) {
  // Spec, "Interrupt Completion": an id that is not enabled for this
  // context is silently ignored.
  if (value == 0 || value >= sources_ || !enabled(context, value) || !test_bit(in_service_, value)) return;
  clear_bit(in_service_, value);
  ++completes_;
  // A level line still high is a new request at once.
  sample_gateway(value);
}

void Plic::write_ignored(unsigned context, unsigned index, uint32_t value) {}

// ---- Interrupt logic ----------------------------------------------------

void Plic::sample_gateway(unsigned source) {
  if (test_bit(in_service_, source) || test_bit(pending_, source)) return;
  if (irq_in[source].read()) set_bit(pending_, source);
}

void Plic::sample_gateways() {
  for (unsigned source = 1; source < sources_; ++source) sample_gateway(source);
}

unsigned Plic::best_source(unsigned context) const {
  unsigned best = 0;
  uint32_t best_priority = threshold_[context];  // must be exceeded
  const uint32_t* enable = &enables_[std::size_t{context} * words_];
  for (unsigned word = 0; word < words_; ++word) {
    uint32_t candidates = pending_[word] & enable[word];
    while (candidates != 0) {
      const unsigned bit = static_cast<unsigned>(__builtin_ctz(candidates));
      candidates &= candidates - 1;
      const unsigned source = word * 32 + bit;
      // Strictly greater: among equal priorities the lowest id wins.
      if (priority_[source] > best_priority) {
        best_priority = priority_[source];
        best = source;
      }
    }
  }
  return best;
}

void Plic::drive_context_irqs() {
  sample_gateways();
  for (unsigned context = 0; context < contexts_; ++context) context_irq[context].write(best_source(context) != 0);
}

// ---- TLM ------------------------------------------------------------------

unsigned Plic::block_length(Register reg) const {
  switch (reg) {
    case Register::priority: return sources_;
    case Register::pending: return words_;
    case Register::enable: return words_;
    case Register::threshold: return 1;
    case Register::claim_complete: return 1;
  }
  return 0;
}

bool Plic::decode(uint64_t offset, unsigned length, RegisterRef& ref, tlm::tlm_response_status& status) const {
  for (const RegisterBlock& block : register_map) {
    if (offset < block.base) continue;
    const uint64_t relative = offset - block.base;
    const uint64_t context = block.context_stride != 0 ? relative / block.context_stride : 0;
    const uint64_t within = block.context_stride != 0 ? relative % block.context_stride : relative;
    const uint64_t index = within / register_bytes;
    if (context >= contexts_ || index >= block_length(block.reg)) continue;
    // A register hit with the wrong size or alignment is a burst error.
    if (length != register_bytes || within % register_bytes != 0) {
      status = tlm::TLM_BURST_ERROR_RESPONSE;
      return false;
    }
    ref = {&block, static_cast<unsigned>(context), static_cast<unsigned>(index)};
    return true;
  }
  // An offset with no register behind it: reserved space.
  status = tlm::TLM_ADDRESS_ERROR_RESPONSE;
  return false;
}

void Plic::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const tlm::tlm_command cmd = trans.get_command();
  const unsigned length = trans.get_data_length();
  if (cmd == tlm::TLM_IGNORE_COMMAND) {
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  RegisterRef ref;
  tlm::tlm_response_status status;
  if (!decode(trans.get_address(), length, ref, status)) {
    trans.set_response_status(status);
    return;
  }
  if (const auto access = check_register_access(trans, true); access != tlm::TLM_OK_RESPONSE) {
    trans.set_response_status(access);
    return;
  }

  // Lines that rose in this delta cycle are seen before the access, whatever
  // order SystemC runs this initiator and drive_context_irqs in.
  sample_gateways();
  if (cmd == tlm::TLM_READ_COMMAND) {
    const uint32_t value = (this->*ref.block->read)(ref.context, ref.index, false);
    std::memcpy(trans.get_data_ptr(), &value, register_bytes);
    if (ref.block->reg == Register::claim_complete) update_event_.notify(sc_core::SC_ZERO_TIME);
  } else {
    uint32_t value = 0;
    std::memcpy(&value, trans.get_data_ptr(), register_bytes);
    (this->*ref.block->write)(ref.context, ref.index, value);
    update_event_.notify(sc_core::SC_ZERO_TIME);
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int Plic::transport_dbg(tlm::tlm_generic_payload& trans) {
  // Debuggers may read the registers (a claim register read shows what a
  // claim would return, without claiming); writing would change interrupt
  // state behind the guest's back, so debug writes are refused.
  if (trans.get_command() != tlm::TLM_READ_COMMAND) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return 0;
  }
  RegisterRef ref;
  tlm::tlm_response_status status;
  if (!decode(trans.get_address(), trans.get_data_length(), ref, status)) {
    trans.set_response_status(status);
    return 0;
  }
  const uint32_t value = (this->*ref.block->read)(ref.context, ref.index, true);
  std::memcpy(trans.get_data_ptr(), &value, register_bytes);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return register_bytes;
}

void Plic::register_stats(StatsRegistry& stats) const {
  const std::string prefix = name();
  stats.add_counter(prefix + ".claims", &claims_, "interrupts", "claims that returned a source (not 0)");
  stats.add_counter(prefix + ".completes", &completes_, "interrupts", "completions that ended a source's service");
}

}  // namespace torpor
