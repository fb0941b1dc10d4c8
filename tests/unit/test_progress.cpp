// Progress reporting (platform/progress.cpp): the one-line progress file
// round-trips, ETAs read naturally, and a sliced simulation ends exactly
// where an uninterrupted one would (same time, same events).
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <systemc>

#include "platform/progress.h"

namespace torpor {
namespace {

TEST(Progress, FileRoundTrips) {
  const std::string path = testing::TempDir() + "progress_" + std::to_string(::getpid());
  std::ofstream(path) << "0.123456789 4200000 1.500 boot 1: image read\n";
  ProgressFile f;
  ASSERT_TRUE(read_progress_file(path, f));
  EXPECT_DOUBLE_EQ(f.simulated_seconds, 0.123456789);
  EXPECT_EQ(f.instructions, 4200000u);
  EXPECT_DOUBLE_EQ(f.host_seconds, 1.5);
  EXPECT_EQ(f.activity, "boot 1: image read");
  std::ofstream(path) << "garbage\n";
  EXPECT_FALSE(read_progress_file(path, f));
  ::unlink(path.c_str());
  EXPECT_FALSE(read_progress_file(path, f));
}

TEST(Progress, DurationsReadNaturally) {
  EXPECT_EQ(format_duration(42.4), "42s");
  EXPECT_EQ(format_duration(65), "1m05s");
  EXPECT_EQ(format_duration(-3), "0s");
}

// A process that ticks every 3.7 ms of simulated time and stops after 25 ticks.
SC_MODULE(Ticker) {
  unsigned ticks = 0;
  SC_CTOR(Ticker) { SC_THREAD(run); }
  void run() {
    for (;;) {
      wait(3.7, sc_core::SC_MS);
      if (++ticks == 25) sc_core::sc_stop();
    }
  }
};

TEST(Progress, SlicedSimulationStopsWhereTheModelStops) {
  const std::string path = testing::TempDir() + "progress_run_" + std::to_string(::getpid());
  ::setenv("TORPOR_PROGRESS_FILE", path.c_str(), 1);
  Ticker t("ticker");
  unsigned samples = 0;
  simulate_with_progress([&] {
    ++samples;
    return ProgressSample{sc_core::sc_time_stamp().to_seconds(), t.ticks, "ticking"};
  });
  ::unsetenv("TORPOR_PROGRESS_FILE");
  EXPECT_EQ(t.ticks, 25u);
  EXPECT_EQ(sc_core::sc_time_stamp(), sc_core::sc_time(25 * 3.7, sc_core::SC_MS));
  EXPECT_NE(::access(path.c_str(), F_OK), 0);  // the file is gone when the run ends
}

// A model that runs out of events: the simulation ends (starves) instead of spinning.
SC_MODULE(Finite) {
  SC_CTOR(Finite) { SC_THREAD(run); }
  void run() { wait(2.5, sc_core::SC_MS); }
};

TEST(Progress, StarvedSimulationEnds) {
  Finite f("finite");
  simulate_with_progress([] { return ProgressSample{}; });
  EXPECT_NE(sc_core::sc_get_status(), sc_core::SC_STOPPED);
  EXPECT_FALSE(sc_core::sc_pending_activity());
}

}  // namespace
}  // namespace torpor
