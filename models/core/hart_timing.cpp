// Timed mode of the hart: how a block's pipeline cycles are computed when it
// is decoded, and where the TLB, cache and branch predictor models are
// consulted (block entry, data accesses, block exit). Fast mode never
// reaches this file.
#include "models/core/decoder.h"
#include "models/core/hart.h"
#include "models/core/insn_class.h"

namespace torpor::core {

namespace {
uint32_t expanded(uint32_t raw) { return (raw & 3) == 3 ? raw : expand_compressed(uint16_t(raw)); }
}  // namespace

void Hart::compute_block_cycles(Block& block) {
  // In fast mode every instruction costs one cycle (run() counts them).
  uint32_t cycles = 0;
  uint8_t previous_rd = 0;
  bool previous_load = false, previous_alone_alu = false;
  for (unsigned i = 0; i < block.count; ++i) {
    DecodedInsn& d = block.insns[i];
    d.cycles_before = uint16_t(std::min<uint32_t>(cycles, 0xFFFF));
    const uint32_t insn = expanded(d.raw);
    const InsnClass cls = insn ? classify(insn) : InsnClass::system;
    const RegisterUse use = register_use(insn);
    const bool uses_previous = previous_rd && (use.rs1 == previous_rd || use.rs2 == previous_rd);
    uint32_t cost = timing_ ? timing_->cpi(cls) : 1;
    if (timing_ && previous_load && uses_previous) cost += timing_->config().load_use_stall;
    // Dual issue: an ALU instruction pairs with an independent ALU
    // instruction just before it and costs nothing extra.
    if (timing_ && timing_->config().dual_issue && cls == InsnClass::alu && previous_alone_alu && !uses_previous) {
      cost = 0;
      previous_alone_alu = false;
    } else {
      previous_alone_alu = cls == InsnClass::alu;
    }
    cycles += cost;
    previous_rd = use.rd;
    previous_load = cls == InsnClass::load;
    block.last_class = cls;
    block.last_pc = d.pc;
  }
  block.insns[block.count].cycles_before = uint16_t(std::min<uint32_t>(cycles, 0xFFFF));
  block.base_cycles = cycles;
}

void Hart::charge_fetch(const Block& block) {
  uint64_t stall = 0;
  if (translated(priv)) {
    const uint16_t asid = uint16_t((satp_ >> satp::asid_shift) & satp::asid_mask);
    if (!timing_->itlb_hit(block.vpc, asid)) {
      mmu::PageWalker::WalkTrace trace;
      if (walker_.trace(satp_, block.vpc, trace))
        stall += timing_->itlb(block.vpc, asid, trace.pte_addresses, trace.levels_read, trace.page_shift, trace.global,
                               stall_cycles_);
    }
  }
  if (block.ppc == 0 && block.generation == 0) {  // decoded through the bus: no cacheable lines
    stall_cycles_ += stall;
    return;
  }
  const uint64_t line = timing_->config().l1i.line_bytes;
  const uint64_t last = block.ppc + (block.bytes ? block.bytes - 1 : 0);
  for (uint64_t a = block.ppc & ~(line - 1); a <= last; a += line)
    stall += timing_->fetch_line(a, stall_cycles_ + stall);
  stall_cycles_ += stall;
}

void Hart::charge_control_transfer(const Block& block) {
  if (block.last_class == InsnClass::branch) {
    const uint64_t fallthrough = block.last_pc + block.insns[block.count - 1].len;
    stall_cycles_ += timing_->branch(block.last_pc, pc != fallthrough, pc);
  } else if (block.last_class == InsnClass::jump) {
    stall_cycles_ += timing_->jump(block.last_pc, pc);
  }
}

void Hart::charge_data(TlbKind kind, uint64_t vaddr, bool write) {
  const Priv effective = data_priv();
  const uint64_t paddr = (ppages_[unsigned(effective)][kind][tlb_index(vaddr)] << page_bits) | (vaddr & (page_size - 1));
  uint64_t stall = 0;
  const uint64_t now = stall_cycles_;  // cycles after the block's start
  if (translated(effective)) {
    const uint16_t asid = uint16_t((satp_ >> satp::asid_shift) & satp::asid_mask);
    if (!timing_->dtlb_hit(vaddr, asid)) {
      mmu::PageWalker::WalkTrace trace;
      if (walker_.trace(satp_, vaddr, trace))
        stall += timing_->dtlb(vaddr, asid, trace.pte_addresses, trace.levels_read, trace.page_shift, trace.global, now);
    }
  }
  stall += timing_->data(paddr, write, now + stall);
  stall_cycles_ += stall;
}

}  // namespace torpor::core
