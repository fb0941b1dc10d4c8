#include "platform/boot_disk.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

extern "C" {
#include "sw/boot/boot_format.h"
}

namespace torpor {

namespace {
constexpr uint64_t sector = 512;

void write_at(int fd, const std::string& path, uint64_t offset, const void* data, uint64_t length) {
  const auto* p = static_cast<const uint8_t*>(data);
  while (length > 0) {
    const ssize_t n = ::pwrite(fd, p, length, off_t(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw LoadError(fmt::format("{}: write failed: {}", path, std::strerror(errno)));
    p += n;
    offset += uint64_t(n);
    length -= uint64_t(n);
  }
}
}  // namespace

uint64_t write_boot_region(const std::string& path, const std::vector<BootPayload>& payloads, uint64_t entry,
                           uint64_t arg1, uint64_t min_bytes) {
  if (payloads.size() > BOOT_MAX_SEGMENTS)
    throw LoadError(fmt::format("{}: {} payloads; the boot header holds at most {}", path, payloads.size(),
                                BOOT_MAX_SEGMENTS));
  boot_header header;
  std::memset(&header, 0, sizeof header);
  header.magic = BOOT_HEADER_MAGIC;
  header.version = BOOT_HEADER_VERSION;
  header.segment_count = uint32_t(payloads.size());
  header.entry = entry;
  header.arg1 = arg1;
  uint64_t next_sector = BOOT_DATA_SECTOR;
  for (size_t i = 0; i < payloads.size(); ++i) {
    const BootPayload& p = payloads[i];
    header.segments[i] = {p.load_address, next_sector, p.bytes.size(), std::max<uint64_t>(p.memory_size, p.bytes.size())};
    next_sector += (p.bytes.size() + sector - 1) / sector;
  }
  header.total_sectors = next_sector;
  static_assert(sizeof(boot_header) <= BOOT_HEADER_MAX_BYTES, "the boot header must end before an MBR table");

  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw LoadError(fmt::format("{}: cannot create disk image: {}", path, std::strerror(errno)));
  try {
    std::vector<uint8_t> first(sector, 0);
    std::memcpy(first.data(), &header, sizeof header);
    write_at(fd, path, 0, first.data(), sector);
    for (size_t i = 0; i < payloads.size(); ++i)
      write_at(fd, path, header.segments[i].disk_sector * sector, payloads[i].bytes.data(), payloads[i].bytes.size());
    uint64_t size = std::max(min_bytes, next_sector * sector);
    size = (size + sector - 1) / sector * sector;
    if (::ftruncate(fd, off_t(size)) != 0)
      throw LoadError(fmt::format("{}: cannot size the image: {}", path, std::strerror(errno)));
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return next_sector;
}

void write_boot_disk(const std::string& path, const ElfImage& image, uint64_t min_bytes) {
  if (image.segments.size() > BOOT_MAX_SEGMENTS)
    throw LoadError(fmt::format("{}: {} loadable segments; the boot header holds at most {}", image.path,
                                image.segments.size(), BOOT_MAX_SEGMENTS));
  std::vector<BootPayload> payloads;
  for (const ElfSegment& s : image.segments) payloads.push_back({s.paddr, s.bytes, s.memory_size});
  write_boot_region(path, payloads, image.entry, 0, min_bytes);
}

}  // namespace torpor
