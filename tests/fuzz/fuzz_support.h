// Shared by the fuzz targets: scratch files for APIs that take a path, and
// a check that fails the run with a message (libFuzzer saves the input).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace torpor::fuzz {

// A directory private to this process (under $TMPDIR or /tmp), removed at
// a normal exit. Created on first use.
const std::string& scratch_dir();

// Writes `size` bytes to scratch_dir()/name (replacing it); returns its path.
std::string write_scratch_file(const std::string& name, const void* data, size_t size);
std::string write_scratch_file(const std::string& name, const std::string& text);

// Removes every file in scratch_dir().
void clear_scratch_dir();

// A property of the code under test does not hold: prints why and aborts,
// so libFuzzer reports a crash and keeps the input.
[[noreturn]] void fail(const std::string& why);

// Call after each sc_core::sc_start. SystemC 2.3.4 tells ASan about its
// coroutine switches, but gives the main coroutine's stack as empty, so
// back on the main stack ASan (and LeakSanitizer, which then cannot see
// the pointers libFuzzer keeps there and reports them as leaks) believes
// the thread has no stack. This gives ASan the main thread's stack again.
void restore_main_stack_bounds();

// Sends std::cout and std::cerr nowhere while it lives: the code under test
// reports every rejected input, thousands of times a second.
class QuietStreams {
 public:
  QuietStreams();
  ~QuietStreams();
  QuietStreams(const QuietStreams&) = delete;
  QuietStreams& operator=(const QuietStreams&) = delete;

 private:
  struct Saved;
  Saved* saved_;
};

}  // namespace torpor::fuzz
