"""Linux bundle: a smaller ICU data library for Qt (used by installer/casebook.spec).

Qt's libicudata.so holds all of ICU's data (32 MB): the names of every
language, region, currency and unit in every language, number spell-out rules
and transliterators, none of which Qt or Casebook reads (Qt keeps its own locale
data). Of ICU's services Qt Core calls only collation (QCollator, as the file
dialog sorts), case mapping, calendars and time zones (QTimeZone) and named
converters; nothing else in the bundle links to ICU. So the break rules and
dictionaries go too, unless a library of the bundle that links to ICU calls its
break iterators (checked at build time), and so do the legacy converter tables
(Shift-JIS, EBCDIC, ...): Qt converts UTF-8, UTF-16, UTF-32 and Latin-1 itself,
and ICU's tables serve only a caller that names another encoding, which
Casebook never does (it reads and writes UTF-8 only). Collation, case mapping,
normalisation, the locale and calendar data, time zones and the converter aliases stay.

The data is an ICU "common data" package (a table of contents, then the items);
it is read from the library's .rodata section, repacked without the dropped
items, and linked into a library of the same name with the C compiler. Without
a compiler, or on a library that is not what we expect, the original is kept.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Sequence
from pathlib import Path

# Trees of the data package nothing in Qt or Casebook opens.
DROPPED_TREES = ("curr", "lang", "region", "unit", "zone", "rbnf", "translit")
# Break rules and dictionaries (3 MB): read only by ICU's break iterators.
BREAK_TREE = "brkitr"
BREAK_ITERATOR_CALLS = b"ubrk_"  # the prefix of every break iterator function
# Converter tables (5 MB), one file per legacy encoding.
DROPPED_KINDS = (".cnv",)


def _rodata(elf: bytes) -> tuple[int, int]:
    """(file offset, size) of the .rodata section of a 64-bit little-endian ELF file."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    names_at = struct.unpack_from("<Q", elf, shoff + shstrndx * shentsize + 0x18)[0]
    for i in range(shnum):
        header = shoff + i * shentsize
        name = struct.unpack_from("<I", elf, header)[0]
        end = elf.index(b"\0", names_at + name)
        if elf[names_at + name : end] == b".rodata":
            offset, size = struct.unpack_from("<QQ", elf, header + 0x18)
            return offset, size
    raise ValueError("no .rodata section")


def trimmed(
    data: bytes,
    dropped: tuple[str, ...] = (*DROPPED_TREES, BREAK_TREE),
    kinds: tuple[str, ...] = DROPPED_KINDS,
) -> bytes:
    """The package `data` without the items under the `dropped` trees or of the `kinds`."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = header_size
    count = struct.unpack_from("<I", data, toc)[0]
    entries = [struct.unpack_from("<II", data, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        name = data[toc + name_at : data.index(b"\0", toc + name_at)]
        end = entries[i + 1][1] if i + 1 < count else len(data) - toc
        items.append((name, data[toc + data_at : toc + end]))
    kept = [
        (name, item)
        for name, item in items
        if not any(b"/" + tree.encode() + b"/" in name for tree in dropped)
        and not name.endswith(tuple(kind.encode() for kind in kinds))
    ]
    names = b""
    name_offsets = []
    base = 4 + 8 * len(kept)
    for name, _item in kept:
        name_offsets.append(base + len(names))
        names += name + b"\0"
    body = bytearray()
    position = base + len(names)
    data_offsets = []
    for _name, item in kept:
        pad = (-(header_size + position)) % 16  # items start on 16-byte boundaries
        body += b"\0" * pad
        position += pad
        data_offsets.append(position)
        body += item
        position += len(item)
    table = struct.pack("<I", len(kept)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    return data[:header_size] + table + names + bytes(body)


def dropped_trees(icu_users: Sequence[Path]) -> tuple[str, ...]:
    """The trees to leave out, given the libraries that link to ICU (Qt Core): the
    break rules only if none of them opens a break iterator (and none is known)."""
    if not icu_users or any(BREAK_ITERATOR_CALLS in user.read_bytes() for user in icu_users):
        return DROPPED_TREES
    return (*DROPPED_TREES, BREAK_TREE)


def smaller_library(original: Path, workdir: Path, icu_users: Sequence[Path] = ()) -> Path:
    """A copy of `original` (libicudata.so.NN) with less data, or `original` if that fails.

    `icu_users`: the bundle's libraries that link to ICU, asked which services they call.
    """
    compiler = shutil.which("cc") or shutil.which("gcc")
    match = re.fullmatch(r"libicudata\.so\.(\d+)", original.name)
    if compiler is None or match is None:
        print(f"icu_data: keeping {original.name} whole (no C compiler)")
        return original
    try:
        elf = original.read_bytes()
        offset, size = _rodata(elf)
        data = trimmed(elf[offset : offset + size], dropped_trees(icu_users))
    except ValueError as error:
        print(f"icu_data: keeping {original.name} whole ({error})")
        return original
    workdir.mkdir(parents=True, exist_ok=True)
    package = workdir / f"icudt{match.group(1)}l.dat"
    package.write_bytes(data)
    symbol = f"icudt{match.group(1)}_dat"
    source = workdir / "icudata.S"
    source.write_text(
        "\n".join(
            [
                '.section .rodata, "a"',
                f".globl {symbol}",
                f".type {symbol}, @object",
                ".balign 16",
                f"{symbol}:",
                f'.incbin "{package}"',
                f".size {symbol}, . - {symbol}",
                '.section .note.GNU-stack, "", @progbits',
                "",
            ]
        ),
        encoding="utf-8",
    )
    built = workdir / original.name
    subprocess.run(
        [compiler, "-shared", "-nostdlib", f"-Wl,-soname,{original.name}"]
        + ["-o", str(built), str(source)],
        check=True,
    )
    before, after = len(elf) / 1e6, built.stat().st_size / 1e6
    print(f"icu_data: {original.name} {before:.1f} MB -> {after:.1f} MB")
    return built
