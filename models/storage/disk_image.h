// The block device's backing store: a raw image file, never modified unless
// the user asks (--persist). Without persist, writes go to an in-memory
// copy-on-write overlay of 64 KiB chunks, so sparse images of many GiB work
// without being read whole, and the file stays byte-identical. With no file
// the disk is a zero-filled overlay of a given size.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace torpor::storage {

class DiskError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class DiskImage {
 public:
  static constexpr uint64_t sector_bytes = 512;

  // An image file (size a multiple of 512); persist: writes go to the file.
  DiskImage(const std::string& path, bool persist);
  // A blank disk of `bytes` (multiple of 512), zeros, in memory.
  explicit DiskImage(uint64_t bytes);
  ~DiskImage();
  DiskImage(const DiskImage&) = delete;
  DiskImage& operator=(const DiskImage&) = delete;

  uint64_t size_bytes() const { return size_; }
  uint64_t sectors() const { return size_ / sector_bytes; }
  const std::string& path() const { return path_; }

  // Byte ranges inside the disk (callers check bounds against size_bytes()).
  void read(uint64_t offset, void* data, uint64_t length) const;
  void write(uint64_t offset, const void* data, uint64_t length);
  // Makes persisted writes durable (fsync); no-op for the overlay.
  void flush();
  uint64_t overlay_bytes() const { return overlay_.size() * chunk_bytes; }

 private:
  static constexpr uint64_t chunk_bytes = 64 * 1024;
  void read_file(uint64_t offset, void* data, uint64_t length) const;
  std::vector<uint8_t>& chunk_for_write(uint64_t index);

  std::string path_;
  int fd_ = -1;
  bool persist_ = false;
  uint64_t size_ = 0;
  std::unordered_map<uint64_t, std::vector<uint8_t>> overlay_;  // chunk index -> contents
};

}  // namespace torpor::storage
