# CMake generated Testfile for 
# Source directory: /work/main/sw
# Build directory: /work/main/build-guest/sw
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[guest.hello_uart]=] "/work/main/build-guest/torpor" "run" "--max-instructions" "200000000" "/work/main/build-guest/sw/hello_uart.elf")
set_tests_properties([=[guest.hello_uart]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/sw/CMakeLists.txt;26;add_test;/work/main/sw/CMakeLists.txt;33;add_guest_test;/work/main/sw/CMakeLists.txt;0;")
add_test([=[guest.rv64i]=] "/work/main/build-guest/torpor" "run" "--max-instructions" "200000000" "/work/main/build-guest/sw/rv64i.elf")
set_tests_properties([=[guest.rv64i]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/sw/CMakeLists.txt;26;add_test;/work/main/sw/CMakeLists.txt;33;add_guest_test;/work/main/sw/CMakeLists.txt;0;")
add_test([=[guest.rv64i_alu]=] "/work/main/build-guest/torpor" "run" "--max-instructions" "200000000" "/work/main/build-guest/sw/rv64i_alu.elf")
set_tests_properties([=[guest.rv64i_alu]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/sw/CMakeLists.txt;26;add_test;/work/main/sw/CMakeLists.txt;33;add_guest_test;/work/main/sw/CMakeLists.txt;0;")
subdirs("bench")
