// Scratch files (the benchmarks' private disk copies in /tmp) must not
// outlive a run killed by a signal: while one is registered, SIGHUP, SIGINT,
// SIGTERM, SIGPIPE, SIGXCPU and SIGXFSZ remove the registered files, then
// the signal takes its default action, so the exit status is the signal's.
// A signal the process ignores (nohup, a background job's SIGINT) stays
// ignored.
#pragma once
#include <string>

namespace torpor {

// Registers `path` for removal on a fatal signal for the lifetime of this
// object (a directory too, once emptied: files are removed first). The
// owner still removes it on a normal exit. Installs the signal handlers on
// first use. At most 16 paths at once (more are not guarded).
class ScratchCleanup {
 public:
  explicit ScratchCleanup(const std::string& path);
  ~ScratchCleanup();
  ScratchCleanup(const ScratchCleanup&) = delete;
  ScratchCleanup& operator=(const ScratchCleanup&) = delete;

 private:
  int slot_ = -1;
};

}  // namespace torpor
