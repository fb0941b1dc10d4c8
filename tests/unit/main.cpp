// libsystemc provides main() and calls sc_main; GoogleTest runs from here.
// ctest runs each test in its own process, since SystemC elaborates once.
#include <gtest/gtest.h>
#include <cstdlib>

#include <systemc>

int sc_main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
