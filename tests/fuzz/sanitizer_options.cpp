// Defaults of the sanitizer runtimes in the TORPOR_SANITIZE and TORPOR_FUZZ
// builds (top-level CMakeLists.txt adds this file to every executable that
// links torpor_models), so ctest, the scripts and a shell all run with the
// same settings. ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS in the
// environment still override them.

// A report ends the process with an error; SystemC's threads are
// coroutines, so a fake stack for use-after-return would confuse ASan.
extern "C" const char* __asan_default_options() {
  return "detect_leaks=1:detect_stack_use_after_return=0";
}

// -fno-sanitize-recover=undefined already makes UB fatal; the stack says where.
extern "C" const char* __ubsan_default_options() { return "print_stacktrace=1:halt_on_error=1"; }

// Known leaks of SystemC 2.3.4 itself (not of torpor): the event list of a
// process still waiting on `wait(a | b)` when the simulation stops is never
// freed.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:std::vector<sc_core::sc_event const*\n";
}
