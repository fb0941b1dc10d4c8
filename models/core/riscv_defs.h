// Architectural constants from the RISC-V privileged specification
// (20211203): exception causes, interrupt bits, CSR numbers, mstatus fields.
#pragma once
#include <cstdint>

namespace torpor::core {

enum class Priv : uint8_t { user = 0, supervisor = 1, machine = 3 };

// Exception codes, privileged spec table 3.6.
namespace cause {
constexpr uint64_t fetch_misaligned = 0;
constexpr uint64_t fetch_access = 1;
constexpr uint64_t illegal_instruction = 2;
constexpr uint64_t breakpoint = 3;
constexpr uint64_t load_misaligned = 4;
constexpr uint64_t load_access = 5;
constexpr uint64_t store_misaligned = 6;
constexpr uint64_t store_access = 7;
constexpr uint64_t ecall_from_u = 8;
constexpr uint64_t ecall_from_s = 9;
constexpr uint64_t ecall_from_m = 11;
constexpr uint64_t fetch_page_fault = 12;
constexpr uint64_t load_page_fault = 13;
constexpr uint64_t store_page_fault = 15;
constexpr uint64_t interrupt_flag = 1ull << 63;
}  // namespace cause

// Interrupt numbers (= bit positions in mip/mie).
namespace irq {
constexpr unsigned ssi = 1, msi = 3, sti = 5, mti = 7, sei = 9, mei = 11;
constexpr uint64_t ssip = 1u << ssi, msip = 1u << msi, stip = 1u << sti, mtip = 1u << mti;
constexpr uint64_t seip = 1u << sei, meip = 1u << mei;
constexpr uint64_t s_level = ssip | stip | seip;
constexpr uint64_t all = s_level | msip | mtip | meip;
}  // namespace irq

namespace mstatus {
constexpr uint64_t sie = 1ull << 1, mie = 1ull << 3, spie = 1ull << 5, mpie = 1ull << 7;
constexpr uint64_t spp = 1ull << 8;
constexpr unsigned mpp_shift = 11;
constexpr uint64_t mpp = 3ull << mpp_shift;
constexpr uint64_t fs = 3ull << 13, xs = 3ull << 15;
constexpr uint64_t mprv = 1ull << 17, sum = 1ull << 18, mxr = 1ull << 19;
constexpr uint64_t tvm = 1ull << 20, tw = 1ull << 21, tsr = 1ull << 22;
constexpr uint64_t uxl = 3ull << 32, sxl = 3ull << 34;
constexpr uint64_t xlen64 = (2ull << 32) | (2ull << 34);  // UXL = SXL = 64-bit, read-only
// Fields S-mode sees through sstatus.
constexpr uint64_t sstatus_view = sie | spie | spp | fs | xs | sum | mxr | uxl | (1ull << 63);
constexpr uint64_t writable = sie | mie | spie | mpie | spp | mpp | mprv | sum | mxr | tvm | tw | tsr;
}  // namespace mstatus

namespace csr {
// Unprivileged counters
constexpr uint16_t cycle = 0xC00, time = 0xC01, instret = 0xC02;
constexpr uint16_t hpmcounter3 = 0xC03, hpmcounter31 = 0xC1F;
// Supervisor
constexpr uint16_t sstatus = 0x100, sie = 0x104, stvec = 0x105, scounteren = 0x106, senvcfg = 0x10A;
constexpr uint16_t sscratch = 0x140, sepc = 0x141, scause = 0x142, stval = 0x143, sip = 0x144;
constexpr uint16_t satp = 0x180;
constexpr uint16_t stimecmp = 0x14D;  // Sstc
// Machine
constexpr uint16_t mvendorid = 0xF11, marchid = 0xF12, mimpid = 0xF13, mhartid = 0xF14, mconfigptr = 0xF15;
constexpr uint16_t mstatus = 0x300, misa = 0x301, medeleg = 0x302, mideleg = 0x303, mie = 0x304;
constexpr uint16_t mtvec = 0x305, mcounteren = 0x306, menvcfg = 0x30A, mcountinhibit = 0x320;
constexpr uint16_t mhpmevent3 = 0x323, mhpmevent31 = 0x33F;
constexpr uint16_t mscratch = 0x340, mepc = 0x341, mcause = 0x342, mtval = 0x343, mip = 0x344;
constexpr uint16_t pmpcfg0 = 0x3A0, pmpcfg15 = 0x3AF, pmpaddr0 = 0x3B0, pmpaddr63 = 0x3EF;
constexpr uint16_t mcycle = 0xB00, minstret = 0xB02, mhpmcounter3 = 0xB03, mhpmcounter31 = 0xB1F;
// menvcfg bits beyond FIOM (bit 0).
constexpr uint64_t menvcfg_stce = 1ull << 63;  // Sstc: stimecmp drives STIP, S-mode may access it
// Debug/trigger module (Sdtrig): tselect present, no triggers implemented.
constexpr uint16_t tselect = 0x7A0, tdata1 = 0x7A1, tdata2 = 0x7A2, tdata3 = 0x7A3;
}  // namespace csr

namespace satp {
constexpr unsigned mode_shift = 60;
constexpr uint64_t mode_bare = 0, mode_sv39 = 8, mode_sv48 = 9, mode_sv57 = 10;
constexpr uint64_t ppn_mask = (1ull << 44) - 1;
constexpr unsigned asid_shift = 44;
constexpr uint64_t asid_mask = 0xFFFF;
}  // namespace satp

}  // namespace torpor::core
