// Platform-Level Interrupt Controller after the RISC-V PLIC specification
// (riscv-plic-spec 1.0.0), with the memory map of SiFive's PLIC and QEMU
// virt ("riscv,plic0", "sifive,plic-1.0.0") that Linux and OpenSBI drive:
// per-source priorities, pending bits, per-context enables, thresholds and
// claim/complete registers. Sources are level-triggered lines; each context
// (a hart's privilege mode) gets one interrupt output.
#pragma once
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/common/stats.h"

namespace torpor {

class Plic : public sc_core::sc_module {
 public:
  // Register offsets from the PLIC base (spec, "Memory Map").
  static constexpr uint64_t priority_offset = 0x000000;   // + 4 * source
  static constexpr uint64_t pending_offset = 0x001000;    // + 4 * (source / 32)
  static constexpr uint64_t enable_offset = 0x002000;     // + enable_context_stride * context + 4 * (source / 32)
  static constexpr uint64_t enable_context_stride = 0x80;
  static constexpr uint64_t threshold_offset = 0x200000;  // + context_stride * context
  static constexpr uint64_t claim_complete_offset = 0x200004;  // + context_stride * context
  static constexpr uint64_t context_stride = 0x1000;

  // The spec's limits: source ids 1..1023 (0 means "none"), 15872 contexts.
  static constexpr unsigned max_sources = 1024;  // including the non-existent source 0
  static constexpr unsigned max_contexts = 15872;
  // Priorities and thresholds are WARL; we implement 3 bits (as QEMU virt):
  // 0 = never interrupts, 7 = most urgent.
  static constexpr uint32_t priority_mask = 0x7;

  tlm_utils::simple_target_socket<Plic> socket;
  // Level-triggered interrupt lines, indexed by source id. Source 0 does not
  // exist: irq_in[0] must be bound (SystemC requires it) but is never read.
  sc_core::sc_vector<sc_core::sc_in<bool>> irq_in;
  // One line per context: an enabled source above the context's threshold
  // is pending. On our SoC, context 0 = hart 0 M-mode (MEIP), context 1 =
  // hart 0 S-mode (SEIP).
  sc_core::sc_vector<sc_core::sc_out<bool>> context_irq;

  // sources: number of interrupt ids including the non-existent 0 (the
  // device tree's riscv,ndev is sources - 1); contexts: number of targets.
  Plic(sc_core::sc_module_name name, unsigned sources = 32, unsigned contexts = 2);
  SC_HAS_PROCESS(Plic);

  unsigned sources() const { return sources_; }
  unsigned contexts() const { return contexts_; }

  // Back to the power-on state: every priority, pending bit, enable,
  // threshold and in-service mark is 0. Statistics keep counting.
  void reset();

  void register_stats(StatsRegistry& stats) const;

 private:
  enum class Register { priority, pending, enable, threshold, claim_complete };

  // One block of identical 32-bit registers in the memory map: element
  // `index` of context `context` sits at base + context * context stride +
  // 4 * index. `read` with peek = true has no side effects (for debuggers).
  struct RegisterBlock {
    Register reg;
    const char* name;
    uint64_t base;
    uint64_t context_stride;  // 0: one copy for the whole PLIC
    uint32_t (Plic::*read)(unsigned context, unsigned index, bool peek);
    void (Plic::*write)(unsigned context, unsigned index, uint32_t value);
  };
  static const RegisterBlock register_map[5];

  // A 32-bit register that an access hits.
  struct RegisterRef {
    const RegisterBlock* block;
    unsigned context;
    unsigned index;
  };

  uint32_t read_priority(unsigned context, unsigned source, bool peek);
  void write_priority(unsigned context, unsigned source, uint32_t value);
  uint32_t read_pending(unsigned context, unsigned word, bool peek);
  uint32_t read_enable(unsigned context, unsigned word, bool peek);
  void write_enable(unsigned context, unsigned word, uint32_t value);
  uint32_t read_threshold(unsigned context, unsigned index, bool peek);
  void write_threshold(unsigned context, unsigned index, uint32_t value);
  uint32_t read_claim(unsigned context, unsigned index, bool peek);
  void write_complete(unsigned context, unsigned index, uint32_t value);
  void write_ignored(unsigned context, unsigned index, uint32_t value);

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);

  // Number of registers in a block for each context.
  unsigned block_length(Register reg) const;
  // Finds the register an access of `length` bytes at `offset` hits; sets
  // an address or burst error response if there is none.
  bool decode(uint64_t offset, unsigned length, RegisterRef& ref, tlm::tlm_response_status& status) const;

  // The interrupt gateways (spec, "Interrupt Gateways"): a level line that
  // is high while its source is neither pending nor in service makes it
  // pending. The request stays pending until claimed, even if the line drops.
  void sample_gateway(unsigned source);
  void sample_gateways();
  // The source a claim by `context` would return: the pending, enabled
  // source of highest priority above the threshold, ties to the lowest id;
  // 0 if there is none.
  unsigned best_source(unsigned context) const;
  // The one process that drives context_irq.
  void drive_context_irqs();

  static bool test_bit(const std::vector<uint32_t>& words, unsigned bit) { return (words[bit / 32] >> (bit % 32)) & 1; }
  static void set_bit(std::vector<uint32_t>& words, unsigned bit) { words[bit / 32] |= uint32_t{1} << (bit % 32); }
  static void clear_bit(std::vector<uint32_t>& words, unsigned bit) { words[bit / 32] &= ~(uint32_t{1} << (bit % 32)); }
  bool enabled(unsigned context, unsigned source) const {
    return (enables_[context * words_ + source / 32] >> (source % 32)) & 1;
  }
  // Bits of word `word` that name existing sources (not 0, not >= sources).
  uint32_t valid_bits(unsigned word) const;

  unsigned sources_;
  unsigned contexts_;
  unsigned words_;  // 32-bit words of one bit per source

  std::vector<uint8_t> priority_;     // per source; [0] stays 0
  std::vector<uint32_t> pending_;     // one bit per source
  std::vector<uint32_t> in_service_;  // claimed, not yet completed
  std::vector<uint32_t> enables_;     // words_ per context
  std::vector<uint8_t> threshold_;    // per context

  sc_core::sc_event update_event_;

  uint64_t claims_ = 0;
  uint64_t completes_ = 0;
};

}  // namespace torpor
