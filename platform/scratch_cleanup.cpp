#include "platform/scratch_cleanup.h"

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <mutex>

namespace torpor {

namespace {

// Fixed storage the handler can read without allocating or locking: a
// slot's path is written before `used` is set, and `used` is cleared
// before the slot is reused.
struct Slot {
  std::atomic<bool> used{false};
  char path[PATH_MAX];
};
Slot slots[16];
std::mutex slots_mutex;  // registration only; never taken in the handler

const int fatal_signals[] = {SIGHUP, SIGINT, SIGTERM, SIGPIPE, SIGXCPU, SIGXFSZ};

extern "C" void remove_scratch_and_die(int sig) {
  const int saved_errno = errno;
  // Files first, then directories, so a registered directory is empty by then.
  for (Slot& s : slots)
    if (s.used.load(std::memory_order_acquire)) ::unlink(s.path);
  for (Slot& s : slots)
    if (s.used.load(std::memory_order_acquire)) ::rmdir(s.path);
  errno = saved_errno;
  // SA_RESETHAND restored the default action and SA_NODEFER leaves the
  // signal unblocked: raising it again ends the process with its status.
  ::raise(sig);
}

void install_handlers() {
  for (int sig : fatal_signals) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
    struct sigaction action {};
    action.sa_handler = remove_scratch_and_die;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    ::sigaction(sig, &action, nullptr);
  }
}

}  // namespace

ScratchCleanup::ScratchCleanup(const std::string& path) {
  std::lock_guard<std::mutex> lock(slots_mutex);
  static std::once_flag installed;
  std::call_once(installed, install_handlers);
  if (path.empty() || path.size() >= PATH_MAX) return;
  for (int i = 0; i < int(std::size(slots)); ++i) {
    if (slots[i].used.load(std::memory_order_relaxed)) continue;
    std::memcpy(slots[i].path, path.c_str(), path.size() + 1);
    slots[i].used.store(true, std::memory_order_release);
    slot_ = i;
    return;
  }
}

ScratchCleanup::~ScratchCleanup() {
  if (slot_ < 0) return;
  std::lock_guard<std::mutex> lock(slots_mutex);
  slots[slot_].used.store(false, std::memory_order_release);
}

}  // namespace torpor
