// Checked access to the files a user names: inputs (ELF, kernel, config,
// sweep spec, disk image, System.map, result files) and outputs (--json,
// --keep-image, ...). An input is checked before it is opened: reading a
// directory fails late, a FIFO blocks, /dev/zero reads for ever. An output
// is checked before a run starts, so an hour of simulation is not lost to a
// typo in the last step.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace torpor {

constexpr uint64_t no_size_limit = std::numeric_limits<uint64_t>::max();

// Why `path` cannot be read as an input file, or "" when it can: it is
// missing or unreadable (the system's reason), not a regular file ("not a
// regular file (a directory)"), or larger than max_bytes. Devices are
// stat'ed, never opened (opening one can have effects).
std::string input_file_problem(const std::string& path, uint64_t max_bytes = no_size_limit);

// Throws LoadError "PATH: cannot open WHAT: PROBLEM" (see above).
void check_input_file(const std::string& path, const std::string& what, uint64_t max_bytes = no_size_limit);

// The whole file, checked as above. Throws LoadError naming the file.
std::vector<uint8_t> read_input_file(const std::string& path, const std::string& what,
                                     uint64_t max_bytes = no_size_limit);

// Why `path` cannot be written as an output file, or "" when it can. An
// existing file is opened for writing without truncating it; a new one is
// created and removed again, which catches a missing or read-only
// directory. regular_only: a character device (/dev/null, /dev/stdout) or
// FIFO is refused too (a disk image must be a file to be resumed from).
std::string output_file_problem(const std::string& path, bool regular_only);

// Throws LoadError "OPTION PATH: cannot write WHAT: PROBLEM".
void check_output_file(const std::string& option, const std::string& path, const std::string& what,
                       bool regular_only = false);

// An output directory (sweep --out): it exists or can be created (a
// missing one is created and removed again), and a file can be created in it. Throws LoadError
// "OPTION PATH: cannot write WHAT: PROBLEM".
void check_output_dir(const std::string& option, const std::string& path, const std::string& what);

// Copies the regular file `from` to `to` (created or truncated), taking no
// more disk space than `from`'s data: a reflink where the filesystem has
// them, otherwise only the data ranges (SEEK_DATA/SEEK_HOLE) with holes
// left as holes, so a 100 GiB sparse image holding 70 MiB costs 70 MiB.
// The contents read back identical. Throws LoadError naming both files.
void copy_file_sparse(const std::string& from, const std::string& to);

}  // namespace torpor
