// Fuzz target: the ELF loader (platform/elf_loader.h), then `torpor mkdisk`
// (platform/boot_disk.h) on whatever it accepts.
//
// Properties: read_elf either returns an image or throws LoadError (no
// other exception, no crash, no allocation beyond the file's size times a
// small factor); an accepted image has segments whose file bytes fit their
// memory size. write_boot_disk either throws LoadError or writes a disk
// whose boot header (sw/boot/boot_format.h) lists exactly the image's
// segments and entry, with each segment's bytes at the sector it names.
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "platform/boot_disk.h"
#include "platform/elf_loader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" {
#include "sw/boot/boot_format.h"
}

namespace {

using torpor::fuzz::fail;

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The disk `torpor mkdisk` wrote for `image`, read back against the format.
void check_boot_disk(const torpor::ElfImage& image, const std::string& disk_path) {
  const std::vector<uint8_t> disk = read_file(disk_path);
  boot_header h;
  if (disk.size() < sizeof h) fail("the boot disk is shorter than its header");
  std::memcpy(&h, disk.data(), sizeof h);
  if (h.magic != BOOT_HEADER_MAGIC || h.version != BOOT_HEADER_VERSION) fail("the boot header's magic or version");
  if (h.segment_count != image.segments.size() || h.entry != image.entry) fail("the boot header's count or entry");
  for (size_t i = 0; i < image.segments.size(); ++i) {
    const torpor::ElfSegment& s = image.segments[i];
    const boot_segment& b = h.segments[i];
    if (b.load_address != s.paddr || b.file_bytes != s.bytes.size() || b.memory_bytes < b.file_bytes ||
        b.memory_bytes != std::max<uint64_t>(s.memory_size, s.bytes.size()))
      fail(fmt::format("boot header segment {} does not describe ELF segment {}", i, i));
    if (b.disk_sector < BOOT_DATA_SECTOR || b.disk_sector + (b.file_bytes + 511) / 512 > h.total_sectors)
      fail(fmt::format("boot header segment {} lies outside the boot region", i));
    if (s.bytes.empty()) continue;
    if (b.disk_sector * 512 + b.file_bytes > disk.size() ||
        std::memcmp(disk.data() + b.disk_sector * 512, s.bytes.data(), s.bytes.size()) != 0)
      fail(fmt::format("segment {}'s bytes are not on the disk where the header says", i));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = torpor::fuzz::write_scratch_file("input.elf", data, size);
  torpor::ElfImage image;
  try {
    image = torpor::read_elf(path);
  } catch (const torpor::LoadError&) {
    return 0;  // rejected with a message: the expected outcome for most inputs
  }
  if (image.segments.empty()) fail("an accepted image has no segments");
  for (const torpor::ElfSegment& s : image.segments)
    if (s.bytes.size() > s.memory_size) fail("a segment has more file bytes than memory bytes");

  const std::string disk = torpor::fuzz::scratch_dir() + "/boot.img";
  try {
    torpor::write_boot_disk(disk, image, 0);
  } catch (const torpor::LoadError&) {
    return 0;  // e.g. more segments than the boot header holds
  }
  check_boot_disk(image, disk);
  return 0;
}
