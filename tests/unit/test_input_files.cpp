// Checked file access (issue 13, files and arguments): inputs that are not
// regular files are refused before they are opened (a FIFO would block,
// /dev/zero would read for ever), outputs are checked without damage, and
// the sparse copy behind --resume-from and --keep-image takes the space of
// the data, not of the file's apparent size.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/storage/disk_image.h"
#include "platform/elf_loader.h"
#include "platform/input_file.h"
#include "platform/scratch_cleanup.h"

namespace torpor {
namespace {

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A private directory for one test, removed with everything in it.
struct TempDir {
  std::string path = testing::TempDir() + "torpor-files-XXXXXX";
  TempDir() {
    if (!::mkdtemp(path.data())) ADD_FAILURE() << "mkdtemp failed";
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(InputFiles, RegularFileIsAccepted) {
  const TempDir temp;
  const std::string dir = temp.path, file = dir + "/f";
  write_text(file, "hello");
  EXPECT_EQ(input_file_problem(file), "");
  EXPECT_EQ(read_input_file(file, "the file").size(), 5u);
}

TEST(InputFiles, DirectoryDeviceAndFifoAreRefusedByKind) {
  const TempDir temp;
  const std::string dir = temp.path, fifo = dir + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  EXPECT_EQ(input_file_problem(dir), "not a regular file (a directory)");
  EXPECT_EQ(input_file_problem("/dev/zero"), "not a regular file (a character device)");
  EXPECT_EQ(input_file_problem(fifo), "not a regular file (a FIFO)");
  // Reading is refused before opening: a FIFO with no writer would block here.
  try {
    read_input_file(fifo, "the ELF file");
    FAIL() << "no error";
  } catch (const LoadError& e) {
    EXPECT_TRUE(mentions(e.what(), fifo + ": cannot open the ELF file: not a regular file (a FIFO)")) << e.what();
  }
}

TEST(InputFiles, MissingFileGivesTheSystemsReason) {
  EXPECT_EQ(input_file_problem("/nonexistent/x"), "No such file or directory");
  EXPECT_EQ(input_file_problem(""), "no file name given");
}

TEST(InputFiles, SizeLimitIsCheckedBeforeReading) {
  const TempDir temp;
  const std::string dir = temp.path, file = dir + "/big";
  write_text(file, "");
  ASSERT_EQ(::truncate(file.c_str(), off_t(1) << 40), 0);  // 1 TiB, sparse
  EXPECT_TRUE(mentions(input_file_problem(file, 1 << 20), "too large (1099511627776 bytes; at most 1048576)"));
  EXPECT_THROW(read_input_file(file, "the file", 1 << 20), LoadError);
}

TEST(InputFiles, ElfLoaderRefusesADevice) {
  try {
    read_elf("/dev/zero");
    FAIL() << "no error";
  } catch (const LoadError& e) {
    EXPECT_TRUE(mentions(e.what(), "/dev/zero: cannot open file: not a regular file (a character device)")) << e.what();
  }
}

TEST(InputFiles, DiskImageRefusesAFifoWithoutBlocking) {
  const TempDir temp;
  const std::string dir = temp.path, fifo = dir + "/disk";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  try {
    storage::DiskImage disk(fifo, false);
    FAIL() << "no error";
  } catch (const storage::DiskError& e) {
    EXPECT_TRUE(mentions(e.what(), "not a regular file (a FIFO)")) << e.what();
  }
}

TEST(OutputFiles, ChecksWithoutDamage) {
  const TempDir temp;
  const std::string dir = temp.path, existing = dir + "/kept", fresh = dir + "/new";
  write_text(existing, "keep me");
  EXPECT_EQ(output_file_problem(existing, true), "");
  std::ifstream in(existing);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "keep me");  // not truncated by the check
  EXPECT_EQ(output_file_problem(fresh, true), "");
  EXPECT_NE(::access(fresh.c_str(), F_OK), 0);  // the probe is removed again
}

TEST(OutputFiles, RefusesDirectoriesMissingDirectoriesAndDevicesForImages) {
  const TempDir temp;
  const std::string dir = temp.path;
  EXPECT_EQ(output_file_problem(dir, false), "is a directory");
  EXPECT_TRUE(mentions(output_file_problem(dir + "/missing/x.img", false), "cannot create it"));
  EXPECT_EQ(output_file_problem("/dev/null", false), "");  // fine for --json
  EXPECT_EQ(output_file_problem("/dev/null", true), "not a regular file (a character device)");
  try {
    check_output_file("--keep-image", dir, "the disk image", true);
    FAIL() << "no error";
  } catch (const LoadError& e) {
    EXPECT_TRUE(mentions(e.what(), "--keep-image " + dir + ": cannot write the disk image: is a directory"))
        << e.what();
  }
}

TEST(OutputFiles, OutputDirectoryIsProbedAndAMissingOneLeftMissing) {
  const TempDir temp;
  const std::string dir = temp.path, file = dir + "/f", missing = dir + "/results";
  write_text(file, "");
  EXPECT_NO_THROW(check_output_dir("--out", dir, "the results"));
  EXPECT_NO_THROW(check_output_dir("--out", missing, "the results"));
  EXPECT_NE(::access(missing.c_str(), F_OK), 0);
  EXPECT_THROW(check_output_dir("--out", file, "the results"), LoadError);
  EXPECT_THROW(check_output_dir("--out", dir + "/no/such", "the results"), LoadError);
}

// A 64 GiB image holding a few MiB: the copy reads back the same and is
// allocated about as much as the data, not 64 GiB.
TEST(SparseCopy, CopiesTheDataNotTheHoles) {
  const TempDir temp;
  const std::string dir = temp.path, from = dir + "/image", to = dir + "/copy";
  const uint64_t size = uint64_t(64) << 30;
  const int fd = ::open(from.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  std::vector<uint8_t> block(1 << 20);
  const uint64_t offsets[] = {0, uint64_t(3) << 30, size - block.size()};
  for (uint64_t at : offsets) {
    for (size_t i = 0; i < block.size(); ++i) block[i] = uint8_t((at >> 20) + i * 7 + 1);
    ASSERT_EQ(::pwrite(fd, block.data(), block.size(), off_t(at)), ssize_t(block.size()));
  }
  ASSERT_EQ(::ftruncate(fd, off_t(size)), 0);
  ::close(fd);

  copy_file_sparse(from, to);
  struct stat st {};
  ASSERT_EQ(::stat(to.c_str(), &st), 0);
  EXPECT_EQ(uint64_t(st.st_size), size);
  EXPECT_LT(uint64_t(st.st_blocks) * 512, uint64_t(64) << 20) << "the copy is not sparse";

  const int in = ::open(to.c_str(), O_RDONLY);
  ASSERT_GE(in, 0);
  std::vector<uint8_t> got(block.size());
  for (uint64_t at : offsets) {
    for (size_t i = 0; i < block.size(); ++i) block[i] = uint8_t((at >> 20) + i * 7 + 1);
    ASSERT_EQ(::pread(in, got.data(), got.size(), off_t(at)), ssize_t(got.size()));
    EXPECT_EQ(got, block) << "data at " << at;
  }
  uint8_t hole[4096];
  ASSERT_EQ(::pread(in, hole, sizeof hole, off_t(uint64_t(10) << 30)), ssize_t(sizeof hole));
  EXPECT_TRUE(std::all_of(hole, hole + sizeof hole, [](uint8_t b) { return b == 0; }));
  ::close(in);
}

TEST(SparseCopy, RefusesToCopyAFileOntoItself) {
  const TempDir temp;
  const std::string dir = temp.path, file = dir + "/image";
  write_text(file, std::string(512, 'x'));
  EXPECT_THROW(copy_file_sparse(file, file), LoadError);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 512);  // not truncated
}

TEST(SparseCopy, NamesBothFilesOnFailure) {
  const TempDir temp;
  const std::string dir = temp.path, file = dir + "/image";
  write_text(file, "x");
  try {
    copy_file_sparse(file, dir + "/missing/copy");
    FAIL() << "no error";
  } catch (const LoadError& e) {
    EXPECT_TRUE(mentions(e.what(), "cannot copy " + file + " to " + dir + "/missing/copy")) << e.what();
  }
}

// In a child process: registered scratch files and directories are gone
// after SIGTERM, an unregistered one stays, and the child dies of SIGTERM.
TEST(ScratchCleanup, RegisteredPathsAreRemovedOnASignal) {
  const TempDir temp;
  const std::string dir = temp.path + "/scratch", file = dir + "/disk", other = temp.path + "/other";
  ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
  write_text(file, "x");
  write_text(other, "x");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(SIGTERM, SIG_DFL);
    const ScratchCleanup for_dir(dir), for_file(file);
    { const ScratchCleanup gone(other); }  // deregistered: must survive
    ::raise(SIGTERM);
    ::_exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << "status " << status;
  EXPECT_NE(::access(file.c_str(), F_OK), 0);
  EXPECT_NE(::access(dir.c_str(), F_OK), 0);
  EXPECT_EQ(::access(other.c_str(), F_OK), 0);
}

}  // namespace
}  // namespace torpor
