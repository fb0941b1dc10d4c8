// A predecoded instruction: the handler that executes it and its operands,
// decoded once when its basic block is first reached.
#pragma once
#include <cstdint>

namespace torpor::core {

class Hart;
struct DecodedInsn;

// Returns true to go on with the next instruction of the block, false when
// the block ends here (control transfer, trap, or a state change that the
// run loop must see).
using ExecFn = bool (*)(Hart&, const DecodedInsn&);

// Register number used for rd when the instruction names x0: writes land in
// a sink slot, so handlers need no "rd != 0" test.
constexpr uint8_t x0_sink = 32;

struct DecodedInsn {
  ExecFn exec;
  uint64_t pc;
  int64_t imm;       // immediate; CSR number for Zicsr
  uint32_t raw;      // the instruction bits as fetched (16-bit form for RVC)
  uint8_t rd, rs1, rs2;
  uint8_t len;       // 2 or 4 bytes
  uint8_t index;     // position within its block (counters read mid-block)
  uint16_t cycles_before;  // timed mode: pipeline cycles of the block's earlier instructions
};

// Handlers end by tail-calling the next instruction of their block (the
// decoded instructions of a block are contiguous and end with a marker that
// returns false), so dispatch needs no loop and each handler has its own
// indirect jump for the branch predictor.
inline bool run_next(Hart& h, const DecodedInsn& d) {
  const DecodedInsn& next = (&d)[1];
  return next.exec(h, next);
}

}  // namespace torpor::core
