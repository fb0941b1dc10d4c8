# Runs `TORPOR run ARGS ELF` and fails unless its exit status is EXPECTED.
# Used for the negative guest tests (sw/negative/*.S):
#   cmake -DTORPOR=... -DELF=... -DEXPECTED=3 [-DARGS=a;b] -P expect_exit.cmake
foreach(var TORPOR ELF EXPECTED)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect_exit.cmake: ${var} is not set")
  endif()
endforeach()
execute_process(COMMAND ${TORPOR} run ${ARGS} ${ELF}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
message(STATUS "stdout: ${out}")
message(STATUS "stderr: ${err}")
if(NOT "${status}" STREQUAL "${EXPECTED}")
  message(FATAL_ERROR "expected exit status ${EXPECTED}, got '${status}'")
endif()
message(STATUS "exit status ${status}, as expected")
