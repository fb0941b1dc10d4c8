// `torpor sweep SPEC.yaml`: a design study. The spec names a workload, an
// optional saved hibernation image (otherwise one hibernating run makes
// it), and config keys with lists of values, combined as a cartesian
// product or given as explicit points. Every point is an independent
// `torpor bench --resume-from` process with its own copy of the image, run
// N at a time; results go to results.csv and results.json.
#pragma once
#include <string>

namespace torpor {

struct SweepOptions {
  std::string spec;
  std::string out_dir = "sweep-results";
  unsigned jobs = 0;  // 0: the number of cores
  std::string emit_jobs;  // write job files (Slurm array, GNU parallel) here instead of running
  std::string collect;    // merge the results of emitted jobs from this directory
};

// Returns the process exit status: 0 if every point verified, 1 if some
// failed (they are recorded with their reason), 2 for a bad spec.
int run_sweep(const SweepOptions& options);

}  // namespace torpor
