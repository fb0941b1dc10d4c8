// Fuzz target: `torpor sweep --collect DIR` (run_sweep in platform/sweep.cpp),
// which reads the manifest DIR/sweep.json that `sweep --emit-jobs` wrote and
// each point's result JSON, then writes results.csv, results.json and
// report.md. The reader of one point's result (read_json_file and
// result_problem) is internal to sweep.cpp, so the whole collector runs.
//
// Input: NUL-separated files (JSON holds no NUL byte). The first is
// DIR/sweep.json, the next ones DIR/point-0.json, DIR/point-1.json, ...
// A manifest names a point's result by an absolute path; one that does not
// exist is looked up beside the manifest, so the seeds name them
// "/nonexistent/point-N.json".
//
// Properties: run_sweep returns 0 or 1 or throws ConfigError / LoadError
// naming the file (no other exception, no crash, no hang). gnuplot is kept
// off the PATH: the plots are not what is tested, and they cost a process.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "platform/config.h"
#include "platform/elf_loader.h"
#include "platform/sweep.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ::setenv("PATH", "/nonexistent", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  torpor::fuzz::clear_scratch_dir();
  std::vector<std::string> files(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0) files.emplace_back();
    else files.back() += char(data[i]);
  }
  torpor::fuzz::write_scratch_file("sweep.json", files[0]);
  for (size_t i = 1; i < files.size(); ++i)
    torpor::fuzz::write_scratch_file("point-" + std::to_string(i - 1) + ".json", files[i]);

  torpor::SweepOptions options;
  options.collect = torpor::fuzz::scratch_dir();
  const torpor::fuzz::QuietStreams quiet;
  try {
    const int status = torpor::run_sweep(options);
    if (status != 0 && status != 1) torpor::fuzz::fail("run_sweep returned " + std::to_string(status));
  } catch (const torpor::ConfigError&) {
  } catch (const torpor::LoadError&) {
  }
  return 0;
}
