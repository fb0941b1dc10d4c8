# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build-guest/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build-guest/tests/torpor_unit_tests[1]_include.cmake")
subdirs("cli")
