// RV64M multiply and divide (unprivileged spec chapter 7), with the
// division-by-zero and overflow results of table 7.1 (no traps).
#include "models/core/decoder.h"
#include "models/core/hart.h"

namespace torpor::core {

namespace {

using u64 = uint64_t;
using i64 = int64_t;
using u128 = unsigned __int128;
using i128 = __int128;
u64 sext32(u64 v) { return u64(i64(int32_t(uint32_t(v)))); }

#define MUL_DIV(name, expr)                              \
  bool exec_##name(Hart& h, const DecodedInsn& d) {      \
    const u64 a = h.x[d.rs1], b = h.x[d.rs2];            \
    h.x[d.rd] = (expr);                                  \
    return run_next(h, d);                                         \
  }

u64 div_signed(i64 a, i64 b) {
  if (b == 0) return ~0ull;
  if (a == INT64_MIN && b == -1) return u64(a);
  return u64(a / b);
}
u64 rem_signed(i64 a, i64 b) {
  if (b == 0) return u64(a);
  if (a == INT64_MIN && b == -1) return 0;
  return u64(a % b);
}
u64 divw(int32_t a, int32_t b) {
  if (b == 0) return ~0ull;
  if (a == INT32_MIN && b == -1) return sext32(uint32_t(a));
  return sext32(uint32_t(a / b));
}
u64 remw(int32_t a, int32_t b) {
  if (b == 0) return sext32(uint32_t(a));
  if (a == INT32_MIN && b == -1) return 0;
  return sext32(uint32_t(a % b));
}

MUL_DIV(mul, a * b)
MUL_DIV(mulh, u64((i128(i64(a)) * i128(i64(b))) >> 64))
MUL_DIV(mulhsu, u64((i128(i64(a)) * i128(u128(b))) >> 64))
MUL_DIV(mulhu, u64((u128(a) * u128(b)) >> 64))
MUL_DIV(div, div_signed(i64(a), i64(b)))
MUL_DIV(divu, b == 0 ? ~0ull : a / b)
MUL_DIV(rem, rem_signed(i64(a), i64(b)))
MUL_DIV(remu, b == 0 ? a : a % b)
MUL_DIV(mulw, sext32(uint32_t(a) * uint32_t(b)))
MUL_DIV(divw, divw(int32_t(a), int32_t(b)))
MUL_DIV(divuw, uint32_t(b) == 0 ? ~0ull : sext32(uint32_t(a) / uint32_t(b)))
MUL_DIV(remw, remw(int32_t(a), int32_t(b)))
MUL_DIV(remuw, uint32_t(b) == 0 ? sext32(uint32_t(a)) : sext32(uint32_t(a) % uint32_t(b)))

}  // namespace

const std::vector<InsnSpec>& rv64m_specs() {
  constexpr uint32_t r_type = 0xFE00707F;
  static const std::vector<InsnSpec> specs = {
      {"mul", r_type, 0x02000033, Format::r, exec_mul, false},
      {"mulh", r_type, 0x02001033, Format::r, exec_mulh, false},
      {"mulhsu", r_type, 0x02002033, Format::r, exec_mulhsu, false},
      {"mulhu", r_type, 0x02003033, Format::r, exec_mulhu, false},
      {"div", r_type, 0x02004033, Format::r, exec_div, false},
      {"divu", r_type, 0x02005033, Format::r, exec_divu, false},
      {"rem", r_type, 0x02006033, Format::r, exec_rem, false},
      {"remu", r_type, 0x02007033, Format::r, exec_remu, false},
      {"mulw", r_type, 0x0200003B, Format::r, exec_mulw, false},
      {"divw", r_type, 0x0200403B, Format::r, exec_divw, false},
      {"divuw", r_type, 0x0200503B, Format::r, exec_divuw, false},
      {"remw", r_type, 0x0200603B, Format::r, exec_remw, false},
      {"remuw", r_type, 0x0200703B, Format::r, exec_remuw, false},
  };
  return specs;
}

}  // namespace torpor::core
