#include "models/storage/disk_image.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace torpor::storage {

namespace {

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

}  // namespace

DiskImage::DiskImage(const std::string& path, bool persist) : path_(path), persist_(persist) {
  // Checked before opening: opening a FIFO waits for a writer, opening a
  // device can have effects. O_NONBLOCK covers a swap after the check.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw DiskError(fmt::format("{}: cannot open disk image: not a regular file ({})", path, kind_of(st.st_mode)));
  fd_ = ::open(path.c_str(), (persist ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw DiskError(fmt::format("{}: cannot open disk image: {}", path, std::strerror(errno)));
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    throw DiskError(fmt::format("{}: cannot open disk image: not a regular file", path));
  }
  size_ = uint64_t(st.st_size);
  if (size_ == 0 || size_ % sector_bytes != 0) {
    ::close(fd_);
    throw DiskError(fmt::format("{}: size {} bytes is not a positive multiple of 512", path, size_));
  }
}

DiskImage::DiskImage(uint64_t bytes) : path_("(blank)"), size_(bytes) {
  if (bytes == 0 || bytes % sector_bytes != 0)
    throw DiskError(fmt::format("blank disk: size {} bytes is not a positive multiple of 512", bytes));
}

DiskImage::~DiskImage() {
  if (fd_ >= 0) ::close(fd_);
}

void DiskImage::read_file(uint64_t offset, void* data, uint64_t length) const {
  auto* out = static_cast<uint8_t*>(data);
  if (fd_ < 0) {
    std::memset(out, 0, length);
    return;
  }
  while (length > 0) {
    const ssize_t n = ::pread(fd_, out, length, off_t(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {  // the file shrank under us: treat the rest as zeros
      std::memset(out, 0, length);
      return;
    }
    out += n;
    offset += uint64_t(n);
    length -= uint64_t(n);
  }
}

void DiskImage::read(uint64_t offset, void* data, uint64_t length) const {
  auto* out = static_cast<uint8_t*>(data);
  while (length > 0) {
    const uint64_t index = offset / chunk_bytes, within = offset % chunk_bytes;
    const uint64_t n = std::min(length, chunk_bytes - within);
    auto it = overlay_.find(index);
    if (it != overlay_.end()) std::memcpy(out, it->second.data() + within, n);
    else read_file(offset, out, n);
    out += n;
    offset += n;
    length -= n;
  }
}

std::vector<uint8_t>& DiskImage::chunk_for_write(uint64_t index) {
  auto it = overlay_.find(index);
  if (it != overlay_.end()) return it->second;
  std::vector<uint8_t> chunk(chunk_bytes);
  const uint64_t start = index * chunk_bytes;
  read_file(start, chunk.data(), std::min(chunk_bytes, size_ - start));
  return overlay_.emplace(index, std::move(chunk)).first->second;
}

void DiskImage::write(uint64_t offset, const void* data, uint64_t length) {
  const auto* in = static_cast<const uint8_t*>(data);
  if (persist_) {
    while (length > 0) {
      const ssize_t n = ::pwrite(fd_, in, length, off_t(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw DiskError(fmt::format("{}: write failed: {}", path_, std::strerror(errno)));
      in += n;
      offset += uint64_t(n);
      length -= uint64_t(n);
    }
    return;
  }
  while (length > 0) {
    const uint64_t index = offset / chunk_bytes, within = offset % chunk_bytes;
    const uint64_t n = std::min(length, chunk_bytes - within);
    std::memcpy(chunk_for_write(index).data() + within, in, n);
    in += n;
    offset += n;
    length -= n;
  }
}

void DiskImage::flush() {
  if (persist_ && fd_ >= 0) ::fsync(fd_);
}

}  // namespace torpor::storage
