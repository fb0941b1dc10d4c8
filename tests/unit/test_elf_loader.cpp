// The ELF reader: segments, entry, symbols, and every malformation rejected
// with the file's name.
#include <elf.h>

#include <cstring>
#include <fstream>

#include <gtest/gtest.h>

#include "platform/elf_loader.h"

namespace torpor {
namespace {

// A minimal RV64 executable: one PT_LOAD segment and a symbol table.
std::vector<uint8_t> make_elf() {
  std::vector<uint8_t> f(0x400, 0);
  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = EM_RISCV;
  eh.e_entry = 0x80000010;
  eh.e_phoff = 0x40;
  eh.e_phentsize = sizeof(Elf64_Phdr);
  eh.e_phnum = 1;
  eh.e_shoff = 0x100;
  eh.e_shentsize = sizeof(Elf64_Shdr);
  eh.e_shnum = 3;
  std::memcpy(f.data(), &eh, sizeof eh);
  Elf64_Phdr ph{};
  ph.p_type = PT_LOAD;
  ph.p_offset = 0x300;
  ph.p_paddr = ph.p_vaddr = 0x80000000;
  ph.p_filesz = 8;
  ph.p_memsz = 0x20;
  std::memcpy(f.data() + 0x40, &ph, sizeof ph);
  const uint64_t code = 0x1122334455667788ull;
  std::memcpy(f.data() + 0x300, &code, 8);
  // Sections: 0 null, 1 symtab at 0x200, 2 strtab at 0x280.
  Elf64_Shdr symtab{};
  symtab.sh_type = SHT_SYMTAB;
  symtab.sh_offset = 0x200;
  symtab.sh_size = 2 * sizeof(Elf64_Sym);
  symtab.sh_entsize = sizeof(Elf64_Sym);
  symtab.sh_link = 2;
  Elf64_Shdr strtab{};
  strtab.sh_type = SHT_STRTAB;
  strtab.sh_offset = 0x280;
  strtab.sh_size = 16;
  std::memcpy(f.data() + 0x100 + sizeof(Elf64_Shdr), &symtab, sizeof symtab);
  std::memcpy(f.data() + 0x100 + 2 * sizeof(Elf64_Shdr), &strtab, sizeof strtab);
  Elf64_Sym sym{};
  sym.st_name = 1;
  sym.st_value = 0x80001000;
  std::memcpy(f.data() + 0x200 + sizeof(Elf64_Sym), &sym, sizeof sym);
  std::memcpy(f.data() + 0x281, "tohost", 7);
  return f;
}

std::string write_temp(const std::string& name, const std::vector<uint8_t>& bytes) {
  const std::string path = testing::TempDir() + name;
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return path;
}

void expect_error(const std::vector<uint8_t>& bytes, const std::string& name, const std::string& phrase) {
  const std::string path = write_temp(name, bytes);
  try {
    read_elf(path);
    ADD_FAILURE() << name << ": no error";
  } catch (const LoadError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find(phrase), std::string::npos) << what;
  }
}

TEST(ElfLoader, ReadsEntrySegmentsAndSymbols) {
  const ElfImage image = read_elf(write_temp("good.elf", make_elf()));
  EXPECT_EQ(image.entry, 0x80000010u);
  ASSERT_EQ(image.segments.size(), 1u);
  EXPECT_EQ(image.segments[0].paddr, 0x80000000u);
  EXPECT_EQ(image.segments[0].memory_size, 0x20u);
  ASSERT_EQ(image.segments[0].bytes.size(), 8u);
  EXPECT_EQ(image.segments[0].bytes[0], 0x88);
  ASSERT_NE(image.symbol("tohost"), nullptr);
  EXPECT_EQ(*image.symbol("tohost"), 0x80001000u);
  EXPECT_EQ(image.symbol("fromhost"), nullptr);
}

TEST(ElfLoader, RejectsMissingFile) {
  EXPECT_THROW(read_elf(testing::TempDir() + "does_not_exist.elf"), LoadError);
}

TEST(ElfLoader, RejectsNonElf) { expect_error({'h', 'e', 'l', 'l', 'o'}, "text.elf", "not an ELF"); }

TEST(ElfLoader, Rejects32Bit) {
  auto f = make_elf();
  f[EI_CLASS] = ELFCLASS32;
  expect_error(f, "elf32.elf", "32-bit");
}

TEST(ElfLoader, RejectsBigEndian) {
  auto f = make_elf();
  f[EI_DATA] = ELFDATA2MSB;
  expect_error(f, "be.elf", "little-endian");
}

TEST(ElfLoader, RejectsOtherMachines) {
  auto f = make_elf();
  f[18] = EM_X86_64;
  f[19] = 0;
  expect_error(f, "x86.elf", "not RISC-V");
}

TEST(ElfLoader, RejectsTruncatedHeaders) {
  auto f = make_elf();
  f.resize(0x48);
  expect_error(f, "cut.elf", "truncated");
}

TEST(ElfLoader, RejectsSegmentPastEndOfFile) {
  auto f = make_elf();
  f.resize(0x302);
  expect_error(f, "cutseg.elf", "truncated");
}

TEST(ElfLoader, RejectsFileBytesBeyondMemorySize) {
  auto f = make_elf();
  Elf64_Phdr ph;
  std::memcpy(&ph, f.data() + 0x40, sizeof ph);
  ph.p_filesz = 0x40;
  ph.p_memsz = 0x10;
  std::memcpy(f.data() + 0x40, &ph, sizeof ph);
  expect_error(f, "sizes.elf", "more file bytes");
}

TEST(ElfLoader, RejectsExecutableWithoutLoadableSegments) {
  auto f = make_elf();
  Elf64_Phdr ph;
  std::memcpy(&ph, f.data() + 0x40, sizeof ph);
  ph.p_type = PT_NOTE;
  std::memcpy(f.data() + 0x40, &ph, sizeof ph);
  expect_error(f, "noload.elf", "no loadable segments");
}

TEST(ElfLoader, RejectsHeaderTablesWithOtherEntrySizes) {
  // An entry size of 0 would read one header 65,535 times (found by fuzzing).
  auto f = make_elf();
  Elf64_Ehdr eh;
  std::memcpy(&eh, f.data(), sizeof eh);
  eh.e_phentsize = 0;
  eh.e_phnum = 0xffff;
  std::memcpy(f.data(), &eh, sizeof eh);
  expect_error(f, "phentsize.elf", "program header entries of 0 bytes");
  f = make_elf();
  std::memcpy(&eh, f.data(), sizeof eh);
  eh.e_shentsize = 0;
  std::memcpy(f.data(), &eh, sizeof eh);
  expect_error(f, "shentsize.elf", "section header entries of 0 bytes");
}

TEST(ElfLoader, IgnoresSymbolsWhoseStringTableOffsetWraps) {
  // strtab offset + name offset past 2^64 must not wrap back into the file.
  auto f = make_elf();
  Elf64_Shdr strtab;
  const size_t at = 0x100 + 2 * sizeof(Elf64_Shdr);
  std::memcpy(&strtab, f.data() + at, sizeof strtab);
  strtab.sh_offset = ~uint64_t{0};
  std::memcpy(f.data() + at, &strtab, sizeof strtab);
  const ElfImage image = read_elf(write_temp("wrap.elf", f));
  EXPECT_EQ(image.symbol("tohost"), nullptr);
  EXPECT_EQ(image.segments.size(), 1u);
}

}  // namespace
}  // namespace torpor
