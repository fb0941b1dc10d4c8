// Instruction classes for the pipeline timing model (pipeline_model.h), read
// off the 32-bit encoding (RVC is classified through its expansion).
#pragma once
#include <cstdint>

namespace torpor::core {

enum class InsnClass : uint8_t { alu, branch, jump, load, store, mul, div, csr, fence, amo, system, count };

const char* to_string(InsnClass c);
InsnClass classify(uint32_t insn32);

// Registers an instruction reads (0 = none); used to find load-use
// dependences and independent pairs for dual issue.
struct RegisterUse {
  uint8_t rd, rs1, rs2;  // 0 when not used
};
RegisterUse register_use(uint32_t insn32);

}  // namespace torpor::core
