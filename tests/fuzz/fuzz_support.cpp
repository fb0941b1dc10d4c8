#include "tests/fuzz/fuzz_support.h"

#include <pthread.h>
#include <sanitizer/common_interface_defs.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <streambuf>
#include <utility>

namespace torpor::fuzz {

namespace {

std::string make_scratch_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/torpor-fuzz-XXXXXX";
  if (!::mkdtemp(pattern.data())) {
    std::perror("torpor fuzz: mkdtemp");
    std::abort();
  }
  return pattern;
}

// A stream buffer that drops everything.
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

}  // namespace

const std::string& scratch_dir() {
  // Never destroyed: the exit handler below still needs it.
  static const std::string* dir = [] {
    const std::string* d = new std::string(make_scratch_dir());
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(*dir, ignored);
    });
    return d;
  }();
  return *dir;
}

std::string write_scratch_file(const std::string& name, const void* data, size_t size) {
  const std::string path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), std::streamsize(size));
  out.close();
  if (!out) fail("cannot write the scratch file " + path);
  return path;
}

std::string write_scratch_file(const std::string& name, const std::string& text) {
  return write_scratch_file(name, text.data(), text.size());
}

void clear_scratch_dir() {
  for (const auto& entry : std::filesystem::directory_iterator(scratch_dir()))
    std::filesystem::remove_all(entry.path());
}

void fail(const std::string& why) {
  std::fprintf(stderr, "torpor fuzz: property violated: %s\n", why.c_str());
  std::fflush(stderr);
  std::abort();
}

void restore_main_stack_bounds() {
  static const std::pair<void*, size_t> stack = [] {
    pthread_attr_t attr;
    void* bottom = nullptr;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      pthread_attr_getstack(&attr, &bottom, &size);
      pthread_attr_destroy(&attr);
    }
    return std::make_pair(bottom, size);
  }();
  if (stack.second == 0) return;
  // A "switch" from the main stack to itself: ASan takes these bounds.
  __sanitizer_start_switch_fiber(nullptr, stack.first, stack.second);
  __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
}

struct QuietStreams::Saved {
  NullBuffer null;
  std::streambuf* out;
  std::streambuf* err;
};

QuietStreams::QuietStreams() : saved_(new Saved) {
  saved_->out = std::cout.rdbuf(&saved_->null);
  saved_->err = std::cerr.rdbuf(&saved_->null);
}

QuietStreams::~QuietStreams() {
  std::cout.rdbuf(saved_->out);
  std::cerr.rdbuf(saved_->err);
  delete saved_;
}

}  // namespace torpor::fuzz

// libsystemc refers to sc_main (its own main() calls it; SystemC declares it
// extern "C"); libFuzzer's main runs instead, so this is never called.
extern "C" int sc_main(int, char**) { return 0; }
