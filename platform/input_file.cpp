#include "platform/input_file.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "platform/elf_loader.h"

namespace torpor {

namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

std::string size_problem(uint64_t size, uint64_t max_bytes) {
  return fmt::format("too large ({} bytes; at most {})", size, max_bytes);
}

// Closes a descriptor on every path out of a function.
struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

void write_all(int fd, const uint8_t* p, uint64_t length, uint64_t offset, const std::string& what) {
  while (length > 0) {
    const ssize_t n = ::pwrite(fd, p, length, off_t(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw LoadError(fmt::format("{}: {}", what, std::strerror(n < 0 ? errno : EIO)));
    p += n;
    offset += uint64_t(n);
    length -= uint64_t(n);
  }
}

bool all_zero(const uint8_t* p, size_t n) {
  return std::all_of(p, p + n, [](uint8_t b) { return b == 0; });
}

// [offset, offset + length) of `in` to the same place in `out` through a
// buffer, leaving all-zero 4 KiB blocks unwritten (holes: `out` starts empty).
void copy_through_buffer(int in, int out, uint64_t offset, uint64_t length, const std::string& what) {
  constexpr size_t block = 4096;
  std::vector<uint8_t> buffer(1 << 20);
  while (length > 0) {
    const ssize_t n = ::pread(in, buffer.data(), std::min<uint64_t>(length, buffer.size()), off_t(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw LoadError(fmt::format("{}: {}", what, std::strerror(errno)));
    if (n == 0) return;  // the source shrank: the final size is set by the caller
    for (size_t at = 0; at < size_t(n); at += block) {
      const size_t k = std::min(block, size_t(n) - at);
      if (!all_zero(buffer.data() + at, k)) write_all(out, buffer.data() + at, k, offset + at, what);
    }
    offset += uint64_t(n);
    length -= uint64_t(n);
  }
}

// A data range: in the kernel where it can (no copy through user space),
// else through a buffer.
void copy_range(int in, int out, uint64_t offset, uint64_t length, const std::string& what) {
  while (length > 0) {
    loff_t in_off = loff_t(offset), out_off = loff_t(offset);
    const ssize_t n = ::copy_file_range(in, &in_off, out, &out_off, length, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // unsupported here (EXDEV, ENOSYS, EINVAL...) or end of file: the buffer decides
    offset += uint64_t(n);
    length -= uint64_t(n);
  }
  if (length > 0) copy_through_buffer(in, out, offset, length, what);
}

}  // namespace

std::string input_file_problem(const std::string& path, uint64_t max_bytes) {
  if (path.empty()) return "no file name given";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return fmt::format("not a regular file ({})", kind_of(st.st_mode));
  if (uint64_t(st.st_size) > max_bytes) return size_problem(uint64_t(st.st_size), max_bytes);
  if (::access(path.c_str(), R_OK) != 0) return std::strerror(errno);
  return "";
}

void check_input_file(const std::string& path, const std::string& what, uint64_t max_bytes) {
  const std::string problem = input_file_problem(path, max_bytes);
  if (!problem.empty()) throw LoadError(fmt::format("{}: cannot open {}: {}", path, what, problem));
}

std::vector<uint8_t> read_input_file(const std::string& path, const std::string& what, uint64_t max_bytes) {
  check_input_file(path, what, max_bytes);
  // O_NONBLOCK: should the path have become a FIFO since the check, open does not wait for a writer.
  const Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  struct stat st {};
  if (fd.fd < 0 || ::fstat(fd.fd, &st) != 0)
    throw LoadError(fmt::format("{}: cannot open {}: {}", path, what, std::strerror(errno)));
  if (!S_ISREG(st.st_mode))
    throw LoadError(fmt::format("{}: cannot open {}: not a regular file ({})", path, what, kind_of(st.st_mode)));
  std::vector<uint8_t> bytes;
  bytes.reserve(size_t(std::min<uint64_t>(uint64_t(st.st_size), max_bytes)));
  uint8_t buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw LoadError(fmt::format("{}: cannot read {}: {}", path, what, std::strerror(errno)));
    if (n == 0) break;
    if (bytes.size() + size_t(n) > max_bytes)  // it grew since the check
      throw LoadError(
          fmt::format("{}: cannot open {}: {}", path, what, size_problem(bytes.size() + size_t(n), max_bytes)));
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  return bytes;
}

std::string output_file_problem(const std::string& path, bool regular_only) {
  if (path.empty()) return "no file name given";
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return "is a directory";
    if (!S_ISREG(st.st_mode)) {
      if (regular_only) return fmt::format("not a regular file ({})", kind_of(st.st_mode));
      if (S_ISFIFO(st.st_mode)) return "";  // opening it would wait for a reader
    }
    // No O_TRUNC: checking must not destroy what is there.
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return std::strerror(errno);
    ::close(fd);
    return "";
  }
  if (errno != ENOENT) return std::strerror(errno);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("cannot create it: {}", std::strerror(errno));
  ::close(fd);
  ::unlink(path.c_str());
  return "";
}

void check_output_file(const std::string& option, const std::string& path, const std::string& what,
                       bool regular_only) {
  const std::string problem = output_file_problem(path, regular_only);
  if (!problem.empty()) throw LoadError(fmt::format("{} {}: cannot write {}: {}", option, path, what, problem));
}

void check_output_dir(const std::string& option, const std::string& path, const std::string& what) {
  auto fail = [&](const std::string& problem) {
    throw LoadError(fmt::format("{} {}: cannot write {}: {}", option, path, what, problem));
  };
  if (path.empty()) fail("no directory name given");
  struct stat st {};
  bool created = false;  // a missing directory is created to test it, and removed again
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) fail(std::strerror(errno));
    if (::mkdir(path.c_str(), 0755) != 0) fail(fmt::format("cannot create it: {}", std::strerror(errno)));
    created = true;
  } else if (!S_ISDIR(st.st_mode)) {
    fail(fmt::format("not a directory ({})", S_ISREG(st.st_mode) ? "a regular file" : kind_of(st.st_mode)));
  }
  std::string probe = path + "/.torpor-write-test-XXXXXX";
  const int fd = ::mkstemp(probe.data());
  const int error = errno;
  if (fd >= 0) {
    ::close(fd);
    ::unlink(probe.c_str());
  }
  if (created) ::rmdir(path.c_str());
  if (fd < 0) fail(fmt::format("cannot create a file in it: {}", std::strerror(error)));
}

void copy_file_sparse(const std::string& from, const std::string& to) {
  const std::string what = fmt::format("cannot copy {} to {}", from, to);
  const Fd in(::open(from.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  struct stat st {};
  if (in.fd < 0 || ::fstat(in.fd, &st) != 0) throw LoadError(fmt::format("{}: {}", what, std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) throw LoadError(fmt::format("{}: not a regular file ({})", what, kind_of(st.st_mode)));
  struct stat existing {};
  if (::stat(to.c_str(), &existing) == 0 && existing.st_dev == st.st_dev && existing.st_ino == st.st_ino)
    throw LoadError(fmt::format("{}: they are the same file", what));
  const Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (out.fd < 0) throw LoadError(fmt::format("{}: {}", what, std::strerror(errno)));

  // A reflink shares the blocks until either copy is written: instant, and free.
  if (::ioctl(out.fd, FICLONE, in.fd) == 0) return;

  const uint64_t size = uint64_t(st.st_size);
  uint64_t at = 0;
  while (at < size) {
    const off_t data = ::lseek(in.fd, off_t(at), SEEK_DATA);
    if (data < 0 && errno == ENXIO) break;  // nothing but a hole to the end
    if (data < 0) {                         // no SEEK_DATA here: read it all, skipping zero blocks
      copy_through_buffer(in.fd, out.fd, at, size - at, what);
      break;
    }
    off_t hole = ::lseek(in.fd, data, SEEK_HOLE);
    if (hole < 0) hole = off_t(size);
    copy_range(in.fd, out.fd, uint64_t(data), uint64_t(hole) - uint64_t(data), what);
    at = uint64_t(hole);
  }
  // The trailing hole, if any: the size is the source's.
  if (::ftruncate(out.fd, off_t(size)) != 0) throw LoadError(fmt::format("{}: {}", what, std::strerror(errno)));
}

}  // namespace torpor
