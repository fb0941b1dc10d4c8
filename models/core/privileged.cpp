// System instructions: ECALL, EBREAK, MRET, SRET, WFI, SFENCE.VMA (privileged
// spec 3.3) and FENCE.I (Zifencei). All end their block.
#include "models/core/decoder.h"
#include "models/core/hart.h"

namespace torpor::core {

namespace {

bool exec_ecall(Hart& h, const DecodedInsn& d) {
  const uint64_t code = h.priv == Priv::user         ? cause::ecall_from_u
                        : h.priv == Priv::supervisor ? cause::ecall_from_s
                                                     : cause::ecall_from_m;
  return h.raise(code, 0, d);
}
bool exec_ebreak(Hart& h, const DecodedInsn& d) { return h.raise(cause::breakpoint, d.pc, d); }
bool exec_mret(Hart& h, const DecodedInsn& d) { return h.execute_mret(d); }
bool exec_sret(Hart& h, const DecodedInsn& d) { return h.execute_sret(d); }
bool exec_wfi(Hart& h, const DecodedInsn& d) { return h.execute_wfi(d); }
bool exec_sfence_vma(Hart& h, const DecodedInsn& d) { return h.execute_sfence_vma(d); }
bool exec_fence_i(Hart& h, const DecodedInsn& d) { return h.execute_fence_i(d); }

}  // namespace

const std::vector<InsnSpec>& privileged_specs() {
  static const std::vector<InsnSpec> specs = {
      {"ecall", 0xFFFFFFFF, 0x00000073, Format::none, exec_ecall, true},
      {"ebreak", 0xFFFFFFFF, 0x00100073, Format::none, exec_ebreak, true},
      {"sret", 0xFFFFFFFF, 0x10200073, Format::none, exec_sret, true},
      {"mret", 0xFFFFFFFF, 0x30200073, Format::none, exec_mret, true},
      {"wfi", 0xFFFFFFFF, 0x10500073, Format::none, exec_wfi, true},
      {"sfence.vma", 0xFE007FFF, 0x12000073, Format::r, exec_sfence_vma, true},
      {"fence.i", 0x0000707F, 0x0000100F, Format::none, exec_fence_i, true},
  };
  return specs;
}

}  // namespace torpor::core
