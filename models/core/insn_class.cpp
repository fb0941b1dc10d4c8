#include "models/core/insn_class.h"

namespace torpor::core {

const char* to_string(InsnClass c) {
  static const char* names[] = {"alu", "branch", "jump", "load", "store", "mul", "div", "csr", "fence", "amo", "system"};
  return c < InsnClass::count ? names[unsigned(c)] : "?";
}

InsnClass classify(uint32_t insn) {
  const uint32_t opcode = insn & 0x7F, funct3 = (insn >> 12) & 7, funct7 = insn >> 25;
  switch (opcode) {
    case 0x03: return InsnClass::load;
    case 0x23: return InsnClass::store;
    case 0x63: return InsnClass::branch;
    case 0x6F:
    case 0x67: return InsnClass::jump;
    case 0x2F: return InsnClass::amo;
    case 0x0F: return InsnClass::fence;
    case 0x33:
    case 0x3B:
      if (funct7 == 1) return funct3 < 4 ? InsnClass::mul : InsnClass::div;
      return InsnClass::alu;
    case 0x73: return funct3 ? InsnClass::csr : InsnClass::system;
    default: return InsnClass::alu;
  }
}

RegisterUse register_use(uint32_t insn) {
  const uint8_t rd = (insn >> 7) & 0x1F, rs1 = (insn >> 15) & 0x1F, rs2 = (insn >> 20) & 0x1F;
  switch (insn & 0x7F) {
    case 0x37:
    case 0x17:
    case 0x6F: return {rd, 0, 0};                    // U/J: no sources
    case 0x03:
    case 0x13:
    case 0x1B:
    case 0x67: return {rd, rs1, 0};                  // I-type
    case 0x23:
    case 0x63: return {0, rs1, rs2};                 // S/B: no destination
    case 0x73: return {rd, ((insn >> 12) & 4) ? uint8_t(0) : rs1, 0};  // CSR (immediate forms read no register)
    case 0x0F: return {0, 0, 0};
    default: return {rd, rs1, rs2};                  // R-type, AMO
  }
}

}  // namespace torpor::core
