// A branch predictor for the in-order pipeline model: a table of 2-bit
// counters indexed by pc (bimodal) or pc XOR global history (gshare), and a
// direct-mapped branch target buffer. A wrong direction, or a taken branch
// or jump whose target the BTB does not hold, costs the misprediction
// penalty (the front end refetches).
#pragma once
#include <cstdint>
#include <vector>

#include "models/common/stats.h"

namespace torpor::core {

enum class PredictorKind : uint8_t { bimodal, gshare };

struct BranchPredictorConfig {
  PredictorKind kind = PredictorKind::gshare;
  unsigned counters = 4096;    // 2-bit counters (power of two)
  unsigned history_bits = 12;  // gshare global history length
  unsigned btb_entries = 512;  // power of two
  unsigned mispredict_penalty = 4;  // cycles
};

class BranchPredictor {
 public:
  explicit BranchPredictor(const BranchPredictorConfig& config);

  // A conditional branch at pc resolved `taken` to `target`: returns the
  // penalty in cycles (0 if predicted right) and trains the tables.
  unsigned conditional(uint64_t pc, bool taken, uint64_t target);
  // An unconditional jump (jal/jalr): only the target can be mispredicted.
  unsigned jump(uint64_t pc, uint64_t target);
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
  uint64_t history_ = 0;
  uint64_t branches_ = 0, jumps_ = 0, mispredictions_ = 0;
};

}  // namespace torpor::core
