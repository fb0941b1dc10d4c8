// A branch predictor for the in-order pipeline model: a table of 2-bit
// counters indexed by pc (bimodal) or pc XOR global history (gshare), a
// direct-mapped branch target buffer, and a return-address stack that
// predicts returns (the U74 has all three: SiFive U74 manual 3.2.6). A
// wrong direction, a taken branch or jump whose target the BTB does not
// hold, or a return the stack predicts wrong, costs the misprediction
// penalty (the front end refetches).
#pragma once
#include <cstdint>
#include <vector>

#include "models/common/stats.h"

namespace torpor::core {

enum class PredictorKind : uint8_t { bimodal, gshare };

// What a jump does to the return-address stack, from its registers (the
// ISA manual's rule: x1 and x5 are link registers; jal/jalr writing one is
// a call, jalr reading one and writing another is a return).
enum class JumpKind : uint8_t { plain, call, ret, call_ret };
JumpKind jump_kind(uint32_t insn32);

struct BranchPredictorConfig {
  PredictorKind kind = PredictorKind::gshare;
  unsigned counters = 4096;    // 2-bit counters (power of two)
  unsigned history_bits = 12;  // gshare global history length
  unsigned btb_entries = 512;  // power of two
  unsigned ras_entries = 6;    // return-address stack (0: returns use the BTB)
  unsigned mispredict_penalty = 4;  // cycles
};

class BranchPredictor {
 public:
  explicit BranchPredictor(const BranchPredictorConfig& config);

  // A conditional branch at pc resolved `taken` to `target`: returns the
  // penalty in cycles (0 if predicted right) and trains the tables.
  unsigned conditional(uint64_t pc, bool taken, uint64_t target);
  // An unconditional jump (jal/jalr) of `length` bytes: only the target can
  // be mispredicted; returns are predicted by the return-address stack.
  unsigned jump(uint64_t pc, uint64_t target, JumpKind kind, unsigned length);
  void reset();
  void register_stats(StatsRegistry& stats, const std::string& prefix) const;

 private:
  unsigned counter_index(uint64_t pc) const;
  bool btb_hit(uint64_t pc, uint64_t target) const;
  void btb_set(uint64_t pc, uint64_t target);

  BranchPredictorConfig config_;
  std::vector<uint8_t> counters_;
  struct BtbEntry {
    uint64_t pc = ~0ull, target = 0;
  };
  std::vector<BtbEntry> btb_;
  std::vector<uint64_t> ras_;  // circular: overflow overwrites the oldest entry
  unsigned ras_top_ = 0, ras_depth_ = 0;
  uint64_t history_ = 0;
  uint64_t branches_ = 0, jumps_ = 0, mispredictions_ = 0, returns_ = 0, return_mispredictions_ = 0;
};

}  // namespace torpor::core
