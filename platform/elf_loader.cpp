#include "platform/elf_loader.h"

#include <elf.h>

#include <cstring>

#include <fmt/format.h>

#include "platform/input_file.h"

namespace torpor {

namespace {

template <typename T>
T read_at(const std::vector<uint8_t>& file, uint64_t offset, const std::string& path, const char* what) {
  if (offset > file.size() || file.size() - offset < sizeof(T))
    throw LoadError(fmt::format("{}: truncated ELF file ({} at offset 0x{:x} is past the end)", path, what, offset));
  T value;
  std::memcpy(&value, file.data() + offset, sizeof(T));
  return value;
}

// Far beyond any guest or kernel torpor runs; a larger file is a mistake,
// and is refused before it is read into memory.
constexpr uint64_t max_elf_bytes = uint64_t{1} << 30;

}  // namespace

ElfImage read_elf(const std::string& path) {
  const std::vector<uint8_t> file = read_input_file(path, "file", max_elf_bytes);

  if (file.size() < EI_NIDENT || std::memcmp(file.data(), ELFMAG, SELFMAG) != 0)
    throw LoadError(fmt::format("{}: not an ELF file", path));
  if (file[EI_CLASS] != ELFCLASS64)
    throw LoadError(fmt::format("{}: a 32-bit ELF; torpor runs RV64 (ELFCLASS64) executables", path));
  if (file[EI_DATA] != ELFDATA2LSB) throw LoadError(fmt::format("{}: not a little-endian ELF", path));
  const auto header = read_at<Elf64_Ehdr>(file, 0, path, "ELF header");
  if (header.e_machine != EM_RISCV)
    throw LoadError(fmt::format("{}: ELF machine {} is not RISC-V ({})", path, header.e_machine, EM_RISCV));
  if (header.e_type != ET_EXEC) throw LoadError(fmt::format("{}: not an executable ELF (type {})", path, header.e_type));

  // Every entry of a table has the size of its ELF64 structure; any other
  // size (0 repeats one entry 65,535 times) is a malformed file.
  if (header.e_phnum > 0 && header.e_phentsize != sizeof(Elf64_Phdr))
    throw LoadError(fmt::format("{}: program header entries of {} bytes (ELF64 has {})", path, header.e_phentsize,
                                sizeof(Elf64_Phdr)));
  if (header.e_shnum > 0 && header.e_shentsize != sizeof(Elf64_Shdr))
    throw LoadError(fmt::format("{}: section header entries of {} bytes (ELF64 has {})", path, header.e_shentsize,
                                sizeof(Elf64_Shdr)));

  ElfImage image;
  image.path = path;
  image.entry = header.e_entry;
  uint64_t loaded_bytes = 0;
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    const auto ph =
        read_at<Elf64_Phdr>(file, header.e_phoff + uint64_t(i) * header.e_phentsize, path, "program header");
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    if (ph.p_filesz > ph.p_memsz)
      throw LoadError(fmt::format("{}: segment {} has more file bytes than memory bytes", path, i));
    if (ph.p_offset > file.size() || file.size() - ph.p_offset < ph.p_filesz)
      throw LoadError(fmt::format("{}: truncated ELF file (segment {} extends past the end)", path, i));
    // Segments may share file bytes, so their sum is bounded apart from the file's size.
    loaded_bytes += ph.p_filesz;
    if (loaded_bytes > max_elf_bytes)
      throw LoadError(fmt::format("{}: the loadable segments hold more than {} MiB in all", path, max_elf_bytes >> 20));
    ElfSegment seg;
    seg.paddr = ph.p_paddr;
    seg.memory_size = ph.p_memsz;
    seg.bytes.assign(file.begin() + ph.p_offset, file.begin() + ph.p_offset + ph.p_filesz);
    image.segments.push_back(std::move(seg));
  }
  if (image.segments.empty()) throw LoadError(fmt::format("{}: no loadable segments", path));

  // Symbols: optional (stripped files have none). An object has at most one
  // symbol table (SHT_SYMTAB); later ones are ignored.
  for (unsigned i = 0; i < header.e_shnum; ++i) {
    const auto sh = read_at<Elf64_Shdr>(file, header.e_shoff + uint64_t(i) * header.e_shentsize, path, "section header");
    if (sh.sh_type != SHT_SYMTAB || sh.sh_entsize != sizeof(Elf64_Sym)) continue;
    const auto strtab = read_at<Elf64_Shdr>(file, header.e_shoff + uint64_t(sh.sh_link) * header.e_shentsize, path,
                                            "string table header");
    for (uint64_t k = 0; k < sh.sh_size / sizeof(Elf64_Sym); ++k) {
      const auto sym = read_at<Elf64_Sym>(file, sh.sh_offset + k * sizeof(Elf64_Sym), path, "symbol");
      if (sym.st_name == 0 || sym.st_name >= strtab.sh_size || strtab.sh_offset >= file.size() ||
          sym.st_name >= file.size() - strtab.sh_offset)
        continue;
      const char* name = reinterpret_cast<const char*>(file.data() + strtab.sh_offset + sym.st_name);
      const size_t max = file.size() - (strtab.sh_offset + sym.st_name);
      image.symbols[std::string(name, strnlen(name, max))] = sym.st_value;
    }
    break;
  }
  return image;
}

}  // namespace torpor
