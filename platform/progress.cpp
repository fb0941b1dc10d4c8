#include "platform/progress.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <systemc>

namespace torpor {

namespace {

using Clock = std::chrono::steady_clock;

// Simulated time per slice: short enough to report often in timed mode,
// long enough that the slicing costs nothing measurable.
const sc_core::sc_time slice(1, sc_core::SC_MS);
constexpr double report_every_seconds = 0.5;

void write_progress_file(const std::string& path, const ProgressSample& s, double host_seconds) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << fmt::format("{:.9f} {} {:.3f} {}\n", s.simulated_seconds, s.instructions, host_seconds, s.activity);
  }
  std::rename(tmp.c_str(), path.c_str());  // readers never see half a line
}

}  // namespace

bool read_progress_file(const std::string& path, ProgressFile& out) {
  std::ifstream in(path);
  if (!(in >> out.simulated_seconds >> out.instructions >> out.host_seconds)) return false;
  std::getline(in >> std::ws, out.activity);
  return true;
}

std::string format_duration(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  return s >= 60 ? fmt::format("{}m{:02}s", s / 60, s % 60) : fmt::format("{}s", s);
}

void simulate_with_progress(const std::function<ProgressSample()>& sample,
                            const std::function<void()>& between_slices) {
  const char* file = std::getenv("TORPOR_PROGRESS_FILE");
  const bool terminal = ::isatty(2);
  const Clock::time_point start = Clock::now();
  Clock::time_point last_report = start;
  bool printed = false;
  uint64_t last_instructions = 0;
  // The same slicing whether or not anyone watches, so results never depend on it.
  // Slices end at a time with nothing to do at worst, which no model sees;
  // a simulation with no events left has starved and ends here.
  sc_core::sc_start(slice);  // elaborates and starts every process
  while (sc_core::sc_get_status() != sc_core::SC_STOPPED && sc_core::sc_pending_activity()) {
    sc_core::sc_start(std::max(slice, sc_core::sc_time_to_pending_activity()));
    if (sc_core::sc_get_status() == sc_core::SC_STOPPED) break;
    if (between_slices) {
      between_slices();
      if (sc_core::sc_get_status() == sc_core::SC_STOPPED) break;
    }
    const Clock::time_point now = Clock::now();
    if ((!terminal && !file) || std::chrono::duration<double>(now - last_report).count() < report_every_seconds)
      continue;
    const double host = std::chrono::duration<double>(now - start).count();
    const double since = std::chrono::duration<double>(now - last_report).count();
    const ProgressSample s = sample();
    const double mips = (s.instructions - last_instructions) / since / 1e6;
    last_instructions = s.instructions;
    last_report = now;
    if (file) write_progress_file(file, s, host);
    if (terminal) {
      std::cerr << fmt::format("\r\033[K[torpor] {:.3f} ms simulated, {:.1f} M instructions, {:.0f} MIPS, {}",
                               s.simulated_seconds * 1e3, s.instructions / 1e6, mips, s.activity)
                << std::flush;
      printed = true;
    }
  }
  if (printed) std::cerr << "\r\033[K" << std::flush;
  if (file) std::remove(file);
}

}  // namespace torpor
