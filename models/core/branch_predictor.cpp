#include "models/core/branch_predictor.h"

#include <algorithm>
#include <stdexcept>

namespace torpor::core {

BranchPredictor::BranchPredictor(const BranchPredictorConfig& config) : config_(config) {
  auto pow2 = [](unsigned v) { return v && !(v & (v - 1)); };
  if (!pow2(config.counters) || !pow2(config.btb_entries))
    throw std::invalid_argument("branch predictor: counters and btb_entries must be powers of two");
  counters_.resize(config.counters);
  btb_.resize(config.btb_entries);
  ras_.resize(config.ras_entries);
  reset();
}

void BranchPredictor::reset() {
  std::fill(counters_.begin(), counters_.end(), 1);  // weakly not taken
  std::fill(btb_.begin(), btb_.end(), BtbEntry{});
  history_ = 0;
  std::fill(ras_.begin(), ras_.end(), 0);
  ras_top_ = ras_depth_ = 0;
}

JumpKind jump_kind(uint32_t insn) {
  const uint32_t opcode = insn & 0x7F, rd = (insn >> 7) & 0x1F, rs1 = (insn >> 15) & 0x1F;
  auto link = [](uint32_t r) { return r == 1 || r == 5; };
  if (opcode == 0x6F) return link(rd) ? JumpKind::call : JumpKind::plain;
  if (opcode != 0x67) return JumpKind::plain;
  if (!link(rd)) return link(rs1) ? JumpKind::ret : JumpKind::plain;
  if (!link(rs1) || rs1 == rd) return JumpKind::call;
  return JumpKind::call_ret;  // pop, then push (coroutine switch)
}

unsigned BranchPredictor::counter_index(uint64_t pc) const {
  uint64_t index = pc >> 1;
  if (config_.kind == PredictorKind::gshare) index ^= history_ & ((1ull << config_.history_bits) - 1);
  return unsigned(index & (config_.counters - 1));
}

bool BranchPredictor::btb_hit(uint64_t pc, uint64_t target) const {
  const BtbEntry& e = btb_[(pc >> 1) & (config_.btb_entries - 1)];
  return e.pc == pc && e.target == target;
}

void BranchPredictor::btb_set(uint64_t pc, uint64_t target) { btb_[(pc >> 1) & (config_.btb_entries - 1)] = {pc, target}; }

unsigned BranchPredictor::conditional(uint64_t pc, bool taken, uint64_t target) {
  ++branches_;
  uint8_t& counter = counters_[counter_index(pc)];
  const bool predicted_taken = counter >= 2;
  bool right = predicted_taken == taken;
  if (taken && right && !btb_hit(pc, target)) right = false;  // direction right, target unknown
  if (taken) {
    if (counter < 3) ++counter;
    btb_set(pc, target);
  } else if (counter > 0) {
    --counter;
  }
  history_ = (history_ << 1) | (taken ? 1 : 0);
  if (right) return 0;
  ++mispredictions_;
  return config_.mispredict_penalty;
}

unsigned BranchPredictor::jump(uint64_t pc, uint64_t target, JumpKind kind, unsigned length) {
  ++jumps_;
  bool right;
  const bool pops = (kind == JumpKind::ret || kind == JumpKind::call_ret) && !ras_.empty();
  if (pops) {
    ++returns_;
    right = ras_depth_ > 0 && ras_[ras_top_] == target;
    if (ras_depth_ > 0) {
      ras_top_ = (ras_top_ + unsigned(ras_.size()) - 1) % unsigned(ras_.size());
      --ras_depth_;
    }
    if (!right) ++return_mispredictions_;
  } else {
    right = btb_hit(pc, target);
    if (!right) btb_set(pc, target);
  }
  if ((kind == JumpKind::call || kind == JumpKind::call_ret) && !ras_.empty()) {
    ras_top_ = (ras_top_ + 1) % unsigned(ras_.size());
    ras_[ras_top_] = pc + length;
    ras_depth_ = std::min<unsigned>(ras_depth_ + 1, unsigned(ras_.size()));
  }
  if (right) return 0;
  ++mispredictions_;
  return config_.mispredict_penalty;
}

void BranchPredictor::register_stats(StatsRegistry& stats, const std::string& prefix) const {
  stats.add_counter(prefix + ".branches", &branches_, "branches", "conditional branches resolved");
  stats.add_counter(prefix + ".jumps", &jumps_, "jumps", "jal/jalr executed");
  stats.add_counter(prefix + ".mispredictions", &mispredictions_, "events", "wrong direction or unknown target");
  stats.add_counter(prefix + ".returns", &returns_, "jumps", "returns predicted by the return-address stack");
  stats.add_counter(prefix + ".return_mispredictions", &return_mispredictions_, "events",
                    "returns to another address than the stack's top (or an empty stack)");
  stats.add_derived(prefix + ".accuracy", [this] {
    const uint64_t n = branches_ + jumps_;
    return n ? 100.0 * double(n - mispredictions_) / double(n) : 0.0;
  }, "%", "predictions right / branches and jumps");
}

}  // namespace torpor::core
