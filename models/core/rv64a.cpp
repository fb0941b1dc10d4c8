// RV64A atomics (unprivileged spec chapter 8): LR/SC with a reservation and
// the AMOs as single read-modify-write operations. aq/rl need no action on
// a single in-order hart.
#include "models/core/decoder.h"
#include "models/core/hart.h"

namespace torpor::core {

namespace {

using u64 = uint64_t;
using i64 = int64_t;

template <unsigned size>
bool exec_lr(Hart& h, const DecodedInsn& d) {
  u64 value = 0;
  if (!h.load_reserved(d, h.x[d.rs1], size, value)) return false;
  h.x[d.rd] = value;
  return run_next(h, d);
}

template <unsigned size>
bool exec_sc(Hart& h, const DecodedInsn& d) {
  bool success = false;
  if (!h.store_conditional(d, h.x[d.rs1], size, h.x[d.rs2], success)) return false;
  h.x[d.rd] = success ? 0 : 1;
  return run_next(h, d);
}

// The operation sees the old memory value sign-extended to 64 bits and rs2;
// for the word forms only the low 32 bits of the result are stored.
template <unsigned size, typename Op>
bool exec_amo(Hart& h, const DecodedInsn& d, Op op) {
  const u64 operand = h.x[d.rs2];
  u64 old = 0;
  if (!h.amo(d, h.x[d.rs1], size, old, [&](u64 mem) { return op(mem, operand); })) return false;
  h.x[d.rd] = old;
  return run_next(h, d);
}

template <unsigned size>
i64 as_signed(u64 v) { return size == 4 ? i64(int32_t(uint32_t(v))) : i64(v); }
template <unsigned size>
u64 as_unsigned(u64 v) { return size == 4 ? u64(uint32_t(v)) : v; }

#define AMO(name, expr)                                                                       \
  template <unsigned size>                                                                    \
  bool exec_amo##name(Hart& h, const DecodedInsn& d) {                                        \
    return exec_amo<size>(h, d, [](u64 a, u64 b) -> u64 { return (expr); });                  \
  }
AMO(swap, b)
AMO(add, a + b)
AMO(xor, a ^ b)
AMO(and, a & b)
AMO(or, a | b)
AMO(min, as_signed<size>(a) < as_signed<size>(b) ? a : b)
AMO(max, as_signed<size>(a) > as_signed<size>(b) ? a : b)
AMO(minu, as_unsigned<size>(a) < as_unsigned<size>(b) ? a : b)
AMO(maxu, as_unsigned<size>(a) > as_unsigned<size>(b) ? a : b)

}  // namespace

const std::vector<InsnSpec>& rv64a_specs() {
  // funct5 in bits 31:27, aq/rl (26:25) ignored, funct3 = 2 (W) or 3 (D).
  constexpr uint32_t amo = 0xF800707F, lr = 0xF9F0707F;
  static const std::vector<InsnSpec> specs = {
      {"lr.w", lr, 0x1000202F, Format::r, exec_lr<4>, false},
      {"sc.w", amo, 0x1800202F, Format::r, exec_sc<4>, false},
      {"amoswap.w", amo, 0x0800202F, Format::r, exec_amoswap<4>, false},
      {"amoadd.w", amo, 0x0000202F, Format::r, exec_amoadd<4>, false},
      {"amoxor.w", amo, 0x2000202F, Format::r, exec_amoxor<4>, false},
      {"amoand.w", amo, 0x6000202F, Format::r, exec_amoand<4>, false},
      {"amoor.w", amo, 0x4000202F, Format::r, exec_amoor<4>, false},
      {"amomin.w", amo, 0x8000202F, Format::r, exec_amomin<4>, false},
      {"amomax.w", amo, 0xA000202F, Format::r, exec_amomax<4>, false},
      {"amominu.w", amo, 0xC000202F, Format::r, exec_amominu<4>, false},
      {"amomaxu.w", amo, 0xE000202F, Format::r, exec_amomaxu<4>, false},
      {"lr.d", lr, 0x1000302F, Format::r, exec_lr<8>, false},
      {"sc.d", amo, 0x1800302F, Format::r, exec_sc<8>, false},
      {"amoswap.d", amo, 0x0800302F, Format::r, exec_amoswap<8>, false},
      {"amoadd.d", amo, 0x0000302F, Format::r, exec_amoadd<8>, false},
      {"amoxor.d", amo, 0x2000302F, Format::r, exec_amoxor<8>, false},
      {"amoand.d", amo, 0x6000302F, Format::r, exec_amoand<8>, false},
      {"amoor.d", amo, 0x4000302F, Format::r, exec_amoor<8>, false},
      {"amomin.d", amo, 0x8000302F, Format::r, exec_amomin<8>, false},
      {"amomax.d", amo, 0xA000302F, Format::r, exec_amomax<8>, false},
      {"amominu.d", amo, 0xC000302F, Format::r, exec_amominu<8>, false},
      {"amomaxu.d", amo, 0xE000302F, Format::r, exec_amomaxu<8>, false},
  };
  return specs;
}

}  // namespace torpor::core
