// The generic-payload checks a register-file target makes once it has
// decoded the address: a width it supports, no streaming, no byte enables.
#pragma once
#include <tlm>

namespace torpor {

// TLM_OK_RESPONSE, or the error status the target must answer with.
inline tlm::tlm_response_status check_register_access(const tlm::tlm_generic_payload& trans, bool width_supported) {
  const unsigned length = trans.get_data_length();
  if (!width_supported || (trans.get_streaming_width() != 0 && trans.get_streaming_width() < length))
    return tlm::TLM_BURST_ERROR_RESPONSE;
  if (trans.get_byte_enable_ptr() != nullptr) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  return tlm::TLM_OK_RESPONSE;
}

}  // namespace torpor
