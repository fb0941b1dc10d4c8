#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/ (checked in; rerun after a
format change). Usage: make_seeds.py [SW_BUILD_DIR], where SW_BUILD_DIR
holds the guest ELFs (e.g. build/sw) for the ELF seeds; without it those
are left as they are.

Each seed is a small, valid or nearly valid input, so the fuzzers start
from the interesting paths instead of the first rejection."""
import json
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
TOP = os.path.dirname(os.path.dirname(HERE))


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# ---------------------------------------------------------------- virtio_blk
# Layout of fuzz_virtio_blk.cpp: a 36-byte header, 8-byte operations, then
# guest RAM from 0x80000000.
RAM = 0x80000000
DESC, AVAIL, USED, HDRS, STATUS, BUF = 0x000, 0x100, 0x200, 0x300, 0x400, 0x800
F_LOW = (1 << 2) | (1 << 6) | (1 << 9) | (1 << 1)  # SEG_MAX, BLK_SIZE, FLUSH, SIZE_MAX
F_HIGH = 1  # VERSION_1
D_NEXT, D_WRITE, D_INDIRECT = 1, 2, 4
T_IN, T_OUT, T_FLUSH, T_GET_ID = 0, 1, 4, 8


class Guest:
    """Guest RAM with a split virtqueue, built the way a driver would."""

    def __init__(self, qsize=8):
        self.ram = bytearray(0x500)
        self.qsize = qsize
        self.next_desc = 0
        self.avail_idx = 0
        self.requests = 0

    def desc(self, index, addr, length, flags, nxt):
        struct.pack_into("<QIHH", self.ram, DESC + 16 * index, addr, length, flags, nxt)

    def chain(self, segs):
        head = self.next_desc
        for i, (addr, length, writable) in enumerate(segs):
            index = self.next_desc
            self.next_desc += 1
            last = i + 1 == len(segs)
            self.desc(index, addr, length, (D_WRITE if writable else 0) | (0 if last else D_NEXT), 0 if last else index + 1)
        return head

    def publish(self, head):
        struct.pack_into("<H", self.ram, AVAIL + 4 + 2 * (self.avail_idx % self.qsize), head)
        self.avail_idx = (self.avail_idx + 1) & 0xFFFF
        struct.pack_into("<H", self.ram, AVAIL + 2, self.avail_idx)

    def request(self, rtype, sector, data, publish=True):
        hdr = HDRS + 16 * self.requests
        status = STATUS + 16 * self.requests
        self.requests += 1
        struct.pack_into("<IIQ", self.ram, hdr, rtype, 0, sector)
        self.ram[status] = 0xFF
        head = self.chain([(RAM + hdr, 16, False)] + data + [(RAM + status, 1, True)])
        if publish:
            self.publish(head)
        return head


def virtio_input(guest, flags=0, ops=(), qsize=None, desc=RAM + DESC, avail=RAM + AVAIL, used=RAM + USED,
                 low=F_LOW, high=F_HIGH):
    q = guest.qsize if qsize is None else qsize
    head = struct.pack("<BBHIIQQQ", flags, len(ops), q, low, high, desc, avail, used)
    body = b"".join(struct.pack("<BBHI", *op) for op in ops)
    return head + body + bytes(guest.ram)


def virtio_seeds():
    g = Guest()
    g.request(T_IN, 3, [(RAM + BUF, 512, True)])
    write("virtio_blk", "read_one_sector", virtio_input(g))

    g = Guest()
    g.request(T_OUT, 10, [(RAM + BUF, 512, False), (RAM + BUF + 0x200, 1024, False)])
    write("virtio_blk", "write_two_segments", virtio_input(g))

    g = Guest()
    g.request(T_FLUSH, 0, [])
    g.request(T_GET_ID, 0, [(RAM + BUF, 20, True)])
    write("virtio_blk", "flush_and_get_id", virtio_input(g))

    g = Guest()
    for i in range(3):
        g.request(T_IN if i != 1 else T_OUT, 8 * i, [(RAM + BUF + 0x200 * i, 512, i != 1)])
    write("virtio_blk", "batch_of_three", virtio_input(g))

    g = Guest()  # the fault-injecting device: a read error sector, a write error sector, bit flips
    g.request(T_IN, 5, [(RAM + BUF, 512, True)])
    g.request(T_OUT, 6, [(RAM + BUF + 0x200, 512, False)])
    g.request(T_IN, 20, [(RAM + BUF + 0x400, 2048, True)])
    write("virtio_blk", "faults", virtio_input(g, flags=1))

    g = Guest()  # a second request published later by the driver: memory writes, a notify
    first = g.request(T_IN, 1, [(RAM + BUF, 512, True)])
    head = g.request(T_IN, 2, [(RAM + BUF + 0x200, 512, True)], publish=False)
    ops = [(2, 0, 50, 0),  # wait 51 us
           (3, 0, (AVAIL + 4) // 4, first | (head << 16)),  # ring[0], ring[1] (one 32-bit word)
           (3, 0, AVAIL // 4, 2 << 16),  # flags 0, idx 2
           (4, 0, 0, 0)]  # QueueNotify
    write("virtio_blk", "second_request_later", virtio_input(g, ops=ops))

    g = Guest()  # an indirect descriptor (not offered: a device error)
    g.desc(0, RAM + 0x480, 32, D_INDIRECT, 0)
    g.publish(0)
    write("virtio_blk", "indirect", virtio_input(g))

    g = Guest()  # a descriptor chain that loops
    struct.pack_into("<IIQ", g.ram, HDRS, T_IN, 0, 0)
    g.desc(0, RAM + HDRS, 16, D_NEXT, 1)
    g.desc(1, RAM + BUF, 512, D_WRITE | D_NEXT, 0)
    g.publish(0)
    write("virtio_blk", "loop", virtio_input(g))

    g = Guest()  # QueueNum written as 0 while a request is in flight
    g.request(T_IN, 3, [(RAM + BUF, 4096, True)])
    ops = [(0, 0x38 // 4, 0, 0), (0, 0x44 // 4, 0, 0), (0, 0x38 // 4, 0, 0), (0, 0x44 // 4, 0, 1), (4, 0, 0, 0)]
    write("virtio_blk", "queue_num_zero_in_flight", virtio_input(g, ops=ops))

    g = Guest()  # the used ring on the device's own registers
    g.request(T_IN, 3, [(RAM + BUF, 512, True)])
    write("virtio_blk", "used_ring_on_registers", virtio_input(g, used=0x10001000))

    g = Guest()  # a request larger than the disk, and one at its last sector
    g.request(T_IN, 0, [(RAM + BUF, 0x100000, True)])
    g.request(T_OUT, 511, [(RAM + BUF, 1024, False)])
    write("virtio_blk", "beyond_the_disk", virtio_input(g))

    g = Guest(qsize=256)  # the largest queue, the avail index wrapping
    g.avail_idx = 0xFFFF
    g.request(T_IN, 3, [(RAM + BUF, 512, True)])
    write("virtio_blk", "wrapping_index", virtio_input(g))


# --------------------------------------------------------------- boot_header
# Layout of fuzz_boot_header.cpp: sector 0, then the disk from sector 8.
BOOT_MAGIC = 0x544F4F4250524F54
DRAM = 0x80000000


def boot_header(segments, entry, total_sectors, arg1=0, magic=BOOT_MAGIC, version=2, count=None):
    h = struct.pack("<QIIQQQ", magic, version, len(segments) if count is None else count, entry, total_sectors, arg1)
    for s in segments:
        h += struct.pack("<QQQQ", *s)
    return h


def boot_input(header, data=b"", mbr=False):
    sector0 = bytearray(512)
    sector0[: len(header)] = header
    if mbr:
        struct.pack_into("<BBBBBBBBII", sector0, 446, 0, 0, 0, 0, 0xDA, 0, 0, 0, 8, 16)
        sector0[510:512] = b"\x55\xaa"
    return bytes(sector0) + data


def boot_seeds():
    program = bytes(range(256)) * 2 + b"\x13\x00\x00\x00" * 22  # 600 bytes: a partial last sector
    write("boot_header", "one_segment", boot_input(boot_header([(DRAM, 8, 600, 4096)], DRAM, 10), program))
    write("boot_header", "tail_sector_outside_memory",
          boot_input(boot_header([(DRAM + 0x1000, 8, 600, 600)], DRAM + 0x1000, 10), program))
    write("boot_header", "two_overlapping_segments",
          boot_input(boot_header([(DRAM, 8, 600, 0x2000), (DRAM + 0x100, 8, 100, 300)], DRAM + 4, 10, arg1=0x82200000),
                     program))
    write("boot_header", "bss_only_entry",
          boot_input(boot_header([(DRAM, 8, 512, 512), (DRAM + 0x10000, 0, 0, 0x8000)], DRAM + 0x10000, 9), program))
    write("boot_header", "with_mbr", boot_input(boot_header([(DRAM, 8, 600, 4096)], DRAM, 10), program, mbr=True))
    write("boot_header", "bad_magic", boot_input(boot_header([(DRAM, 8, 600, 4096)], DRAM, 10, magic=1), program))
    write("boot_header", "thirteen_segments",
          boot_input(boot_header([(DRAM, 8, 600, 4096)] * 12, DRAM, 10, count=13), program))
    write("boot_header", "over_scratch",
          boot_input(boot_header([(DRAM + (1 << 20) - 0x20000, 8, 600, 0x20000)], DRAM + (1 << 20) - 0x20000, 10),
                     program))
    write("boot_header", "wrapping_segment",
          boot_input(boot_header([(0xFFFFFFFFFFFFF000, 8, 600, 0x2000)], DRAM, 10), program))
    write("boot_header", "odd_entry", boot_input(boot_header([(DRAM, 8, 600, 4096)], DRAM + 3, 10), program))
    write("boot_header", "past_the_disk", boot_input(boot_header([(DRAM, 4000, 600, 4096)], DRAM, 5000), program))


# -------------------------------------------------------------- sweep_collect
def point(ttr, verified=True, linux=False):
    phases = [("image read + LZO" if linux else "image read", ttr * 0.99, 0.99, 365766677, 67600000),
              ("copy loop", ttr * 0.01, 0.01, 106165, 0)]
    r = {"time_to_resume_seconds": ttr, "host_seconds": 7.5, "storage_peak_read_mb_per_s": 400.0,
         "resume_phases": [{"phase": p, "seconds": s, "share": sh, "instructions": n, "storage_read_bytes": b}
                           for p, s, sh, n, b in phases]}
    r["resumed" if linux else "verified"] = verified
    return json.dumps(r)


def manifest(n, settings=True):
    points = []
    for i in range(n):
        p = {"json": "/nonexistent/point-%d.json" % i}
        if settings:
            p["settings"] = [["storage.profile", ["emmc-5.1", "ufs-3.1", "nvme-gen3x4"][i % 3]]]
        points.append(p)
    return json.dumps({"spec": "study.yaml", "points": points})


def sweep_seeds():
    write("sweep_collect", "two_points", "\0".join([manifest(2), point(0.35), point(0.21)]))
    write("sweep_collect", "linux_point", "\0".join([manifest(1), point(1.2, linux=True)]))
    write("sweep_collect", "missing_point", "\0".join([manifest(3), point(0.35)]))
    write("sweep_collect", "failed_point", "\0".join([manifest(2, settings=False), point(0.35, verified=False),
                                                      point(0.3)]))
    write("sweep_collect", "bad_types",
          "\0".join([manifest(1), '{"time_to_resume_seconds": "fast", "verified": "yes", "resume_phases": {}}']))


# ------------------------------------------------------------------- configs
def config_seeds():
    for name in ["default.yaml", "fast.yaml", "u74-sv39.yaml", "storage-nvme-gen3x4.yaml", "dram-lpddr5-6400-x32.yaml",
                 "no-l2-tlb.yaml"]:
        shutil.copy(os.path.join(TOP, "configs", name), os.path.join(CORPUS, "config_file", name))
    write("config_file", "flow_style.yaml", "dram: {size_mib: 512, profile: ddr4-3200-x64}\ncore: {mode: fast}\n")
    write("config_file", "lists.yaml",
          "core:\n  satp_modes: [sv39]\nstorage:\n  fault:\n    read_error_sectors: [1, 0x10, 1_000]\n")
    write("config_file", "text_and_bools.yaml",
          "uart:\n  input: \"root\\nls -l 'x'\\n\"\nstorage:\n  persist: no\n  image: ''\n")
    write("config_file", "anchors.yaml", "core: &c\n  mode: fast\ndram: *c\n")
    write("config_set", "sizes", "dram.size_mib=512\ncache.l2.size_kib=2048\nmmu.l2tlb.entries=1024\n")
    write("config_set", "choices", "core.mode=fast\nstorage.persist=yes\ncore.satp_modes=[sv39, sv48]\n")
    write("config_set", "text", "uart.input=root\\nls\nstorage.fault.read_error_sectors=[3, 0x20]\n")
    write("config_set", "addresses", "dram.base=0x8000_0000\nboot_rom.size=0x10000\nstorage.base=0x10001000\n")


def config_dictionaries():
    """libFuzzer dictionaries of the config targets, from the schema's keys and choices."""
    import re
    schema = open(os.path.join(TOP, "platform", "config_schema.cpp")).read()
    keys, words = [], set()
    for m in re.finditer(r'(\w+)_key\(\s*"([a-z0-9_.]+)"((?:\s*,\s*"[^"]*")*)', schema):
        kind, key, rest = m.group(1), m.group(2), m.group(3)
        keys.append(key)
        literals = re.findall(r'"([^"]*)"', rest)
        if kind in ("choice", "choice_list") and len(literals) >= 2:
            words.update(literals[1].split(","))
    words.update(["on", "off", "true", "false", "yes", "no", "0x", "_", "[", "]", "{", "}", "~", "null", "&a", "*a",
                  "!!str", "'", '"', "\\n", "---", "- "])
    quote = lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'
    with open(os.path.join(HERE, "config_set.dict"), "w") as f:
        f.write("# libFuzzer dictionary (make_seeds.py writes it from platform/config_schema.cpp)\n")
        for k in keys:
            f.write(quote(k + "=") + "\n")
        for w in sorted(words):
            f.write(quote(w) + "\n")
    sections = sorted({k.split(".")[0] for k in keys} | {k.split(".")[1] for k in keys if k.count(".") > 1})
    leaves = sorted({k.split(".")[-1] for k in keys})
    with open(os.path.join(HERE, "config_file.dict"), "w") as f:
        f.write("# libFuzzer dictionary (make_seeds.py writes it from platform/config_schema.cpp)\n")
        for w in sections + leaves:
            f.write(quote(w + ":") + "\n")
        for w in sorted(words):
            f.write(quote(w) + "\n")


# ----------------------------------------------------------------------- elf
def tiny_elf(segments=1, with_symbols=True):
    """A minimal RV64 executable: code segments and a symbol table with tohost/fromhost."""
    code = b"\x93\x00\x10\x00" * 4  # addi x1, x0, 1
    strtab = b"\0tohost\0fromhost\0"
    symtab = bytes(24) + struct.pack("<IBBHQQ", 1, 0x10, 0, 1, 0x80001000, 8) + \
        struct.pack("<IBBHQQ", 8, 0x10, 0, 1, 0x80001008, 8)
    phoff = 64
    data_off = phoff + 56 * segments
    sym_off = data_off + len(code) * segments
    str_off = sym_off + len(symtab)
    shoff = str_off + len(strtab)
    shnum = 3 if with_symbols else 0
    ehdr = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8) + struct.pack(
        "<HHIQQQIHHHHHH", 2, 243, 1, 0x80000000, phoff, shoff if shnum else 0, 0, 64, 56, segments, 64, shnum, 0)
    phdrs = b"".join(struct.pack("<IIQQQQQQ", 1, 5, data_off + len(code) * i, 0x80000000 + 0x1000 * i,
                                 0x80000000 + 0x1000 * i, len(code), len(code) + 32 * i, 4) for i in range(segments))
    shdrs = bytes(64) + struct.pack("<IIQQQQIIQQ", 0, 2, 0, 0, sym_off, len(symtab), 2, 1, 8, 24) + \
        struct.pack("<IIQQQQIIQQ", 0, 3, 0, 0, str_off, len(strtab), 0, 0, 1, 0)
    out = ehdr + phdrs + code * segments + symtab + strtab
    return out + (shdrs if with_symbols else b"")


def elf_seeds(sw_dir):
    os.makedirs(os.path.join(CORPUS, "elf"), exist_ok=True)
    write("elf", "tiny", tiny_elf())
    write("elf", "tiny_three_segments", tiny_elf(segments=3))
    write("elf", "tiny_stripped", tiny_elf(with_symbols=False))
    if not sw_dir:
        return
    # Real guests: the boot ROM (one segment, symbols), a guest test.
    for name in ["boot_rom.elf", "rv64i_alu.elf"]:
        path = os.path.join(sw_dir, name)
        if os.path.exists(path):
            shutil.copy(path, os.path.join(CORPUS, "elf", name))


def main():
    os.makedirs(os.path.join(CORPUS, "config_file"), exist_ok=True)
    virtio_seeds()
    boot_seeds()
    sweep_seeds()
    config_seeds()
    config_dictionaries()
    elf_seeds(sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    main()
