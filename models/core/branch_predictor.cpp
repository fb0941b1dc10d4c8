#include "models/core/branch_predictor.h"

#include <stdexcept>

namespace torpor::core {

BranchPredictor::BranchPredictor(const BranchPredictorConfig& config) : config_(config) {
  auto pow2 = [](unsigned v) { return v && !(v & (v - 1)); };
  if (!pow2(config.counters) || !pow2(config.btb_entries))
    throw std::invalid_argument("branch predictor: counters and btb_entries must be powers of two");
  counters_.resize(config.counters);
  btb_.resize(config.btb_entries);
  reset();
}

void BranchPredictor::reset() {
  std::fill(counters_.begin(), counters_.end(), 1);  // weakly not taken
  std::fill(btb_.begin(), btb_.end(), BtbEntry{});
  history_ = 0;
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

unsigned BranchPredictor::jump(uint64_t pc, uint64_t target) {
  ++jumps_;
  if (btb_hit(pc, target)) return 0;
  btb_set(pc, target);
  ++mispredictions_;
  return config_.mispredict_penalty;
}

void BranchPredictor::register_stats(StatsRegistry& stats, const std::string& prefix) const {
  stats.add_counter(prefix + ".branches", &branches_, "branches", "conditional branches resolved");
  stats.add_counter(prefix + ".jumps", &jumps_, "jumps", "jal/jalr executed");
  stats.add_counter(prefix + ".mispredictions", &mispredictions_, "events", "wrong direction or unknown target");
  stats.add_derived(prefix + ".accuracy", [this] {
    const uint64_t n = branches_ + jumps_;
    return n ? 100.0 * double(n - mispredictions_) / double(n) : 0.0;
  }, "%", "predictions right / branches and jumps");
}

}  // namespace torpor::core
