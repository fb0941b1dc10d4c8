// Timed mode of the hart: how a block's pipeline cycles are computed when it
// is decoded (the U74 issue model of pipeline_model.h), and where the TLB, cache and branch predictor models are
// consulted (block entry, data accesses, block exit). Fast mode never
// reaches this file.
#include "models/core/decoder.h"
#include "models/core/hart.h"
#include "models/core/insn_class.h"
#include "models/core/pipeline_model.h"

namespace torpor::core {

namespace {
uint32_t expanded(uint32_t raw) { return (raw & 3) == 3 ? raw : expand_compressed(uint16_t(raw)); }
}  // namespace

void Hart::compute_block_cycles(Block& block) {
  // In fast mode every instruction costs one cycle (run() counts them), and
  // blocks are decoded afresh when the mode changes.
  if (!timing_) return;
  uint32_t insns[max_block_insns];
  uint16_t issue_cycle[max_block_insns];
  for (unsigned i = 0; i < block.count; ++i) insns[i] = expanded(block.insns[i].raw);
  block.pipeline = schedule_block(insns, block.count, timing_->config().pipeline, issue_cycle);
  for (unsigned i = 0; i < block.count; ++i) block.insns[i].cycles_before = issue_cycle[i];
  block.insns[block.count].cycles_before = uint16_t(std::min<uint32_t>(block.pipeline.cycles, 0xFFFF));
  if (block.count) {
    const DecodedInsn& last = block.insns[block.count - 1];
    const uint32_t insn = insns[block.count - 1];
    block.last_class = insn ? classify(insn) : InsnClass::system;
    block.last_jump = block.last_class == InsnClass::jump ? jump_kind(insn) : JumpKind::plain;
    block.last_pc = last.pc;
    block.last_rd = register_use(insn).rd;
    // U74: a conditional branch over a single ALU instruction is executed
    // as one predicated operation (short-forward-branch fusion; LLVM and
    // GCC's SiFive7 models): the skipped instruction never costs a refetch.
    const uint32_t next = block.next_raw ? expanded(block.next_raw) : 0;
    const unsigned next_len = (block.next_raw & 3) == 3 ? 4 : 2;
    block.short_forward = timing_->config().pipeline.short_forward_branch &&
                          block.last_class == InsnClass::branch && next && classify(next) == InsnClass::alu &&
                          last.imm == int64_t(last.len + next_len);
    const RegisterUse head = register_use(insns[0]);
    block.head_rs1 = head.rs1;
    block.head_rs2 = head.rs2;
  }
}

uint32_t Hart::wait_for_previous_block(const Block& block) {
  Wait why = Wait::none;
  const uint32_t wait = block.pipeline.entry_stall(in_flight_, in_flight_count_, in_flight_elapsed_, why);
  if (!wait) return 0;
  add_stall(why == Wait::mul_div ? CycleClass::mul_div : CycleClass::load_use, wait);
  return wait;
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
  if (stall) add_stall(CycleClass::tlb_walk, stall);
  if (block.ppc == 0 && block.generation == 0) return;  // decoded through the bus: no cacheable lines
  stall = 0;
  const uint64_t line = timing_->config().l1i.line_bytes;
  const uint64_t last = block.ppc + (block.bytes ? block.bytes - 1 : 0);
  for (uint64_t a = block.ppc & ~(line - 1); a <= last; a += line)
    stall += timing_->fetch_line(a, stall_cycles_ + stall);
  if (stall) add_stall(CycleClass::icache, stall);
}

unsigned Hart::charge_control_transfer(const Block& block) {
  unsigned penalty = 0;
  if (block.short_forward) {
    // Fused with the instruction it skips: nothing to predict.
  } else if (block.last_class == InsnClass::branch) {
    const uint64_t fallthrough = block.last_pc + block.insns[block.count - 1].len;
    penalty = timing_->branch(block.last_pc, pc != fallthrough, pc);
  } else if (block.last_class == InsnClass::jump) {
    penalty = timing_->jump(block.last_pc, pc, block.last_jump, block.insns[block.count - 1].len);
  }
  if (penalty) add_stall(CycleClass::mispredict, penalty);
  return penalty;
}

void Hart::charge_data(TlbKind kind, uint64_t vaddr, bool write) {
  const Priv effective = data_priv();
  const uint64_t paddr = (ppages_[unsigned(effective)][kind][tlb_index(vaddr)] << page_bits) | (vaddr & (page_size - 1));
  uint64_t walk = 0;
  const uint64_t now = stall_cycles_;  // cycles after the block's start
  if (translated(effective)) {
    const uint16_t asid = uint16_t((satp_ >> satp::asid_shift) & satp::asid_mask);
    if (!timing_->dtlb_hit(vaddr, asid)) {
      mmu::PageWalker::WalkTrace trace;
      if (walker_.trace(satp_, vaddr, trace))
        walk = timing_->dtlb(vaddr, asid, trace.pte_addresses, trace.levels_read, trace.page_shift, trace.global, now);
    }
  }
  bool from_memory = false;
  const uint64_t access = timing_->data(paddr, write, now + walk, from_memory);
  if (__builtin_expect(walk != 0, 0)) add_stall(CycleClass::tlb_walk, walk);
  if (access) add_stall(from_memory ? CycleClass::dcache_memory : CycleClass::dcache_l2, access);
}

}  // namespace torpor::core
