"""The Linux bundle's smaller ICU data (installer/icu_data.py): what goes, what stays intact."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "installer"))

import icu_data  # noqa: E402


def items(package: bytes) -> dict[bytes, bytes]:
    """name -> item bytes, read back from a common data package."""
    header = struct.unpack_from("<H", package, 0)[0]
    count = struct.unpack_from("<I", package, header)[0]
    entries = [struct.unpack_from("<II", package, header + 4 + 8 * i) for i in range(count)]
    out = {}
    for i, (name_at, data_at) in enumerate(entries):
        name = package[header + name_at : package.index(b"\0", header + name_at)]
        end = entries[i + 1][1] if i + 1 < count else len(package) - header
        assert (header + data_at) % 16 == 0, name  # ICU maps items in place
        out[name] = package[header + data_at : header + end]
    return out


def package_of(named: dict[bytes, bytes]) -> bytes:
    header = b"\x90\x00\xda\x27" + b"\x14\x00\x00\x00\x00\x00\x02\x00CmnD" + b"\x01" * 12
    header = header.ljust(144, b"\0")
    names = b"".join(n + b"\0" for n in named)
    base = 4 + 8 * len(named)
    offsets, body, position, name_pos = [], b"", base + len(names), base
    for name, item in named.items():
        pad = (-(144 + position)) % 16
        body += b"\0" * pad
        position += pad
        offsets.append((name_pos, position))
        name_pos += len(name) + 1
        body += item
        position += len(item)
    toc = struct.pack("<I", len(named)) + b"".join(struct.pack("<II", *o) for o in offsets)
    return header + toc + names + body


def test_dropped_trees_go_and_everything_else_is_kept_byte_for_byte() -> None:
    named = {
        b"icudt73l/coll/en.res": b"collation" * 5,
        b"icudt73l/en.res": b"locale",
        b"icudt73l/lang/en.res": b"language names" * 3,
        b"icudt73l/unit/fr.res": b"units",
        b"icudt73l/brkitr/line.brk": b"line breaks",
        b"icudt73l/ibm-943_P15A-2003.cnv": b"Shift-JIS",
        b"icudt73l/cnvalias.icu": b"converter names",
        b"icudt73l/uprops.icu": b"properties!",
    }
    kept = items(icu_data.trimmed(package_of(named)))
    gone = (b"/lang/", b"/unit/", b"/brkitr/", b".cnv")
    assert {k: v.rstrip(b"\0") for k, v in kept.items()} == {
        k: v for k, v in named.items() if not any(part in k for part in gone)
    }


def test_break_rules_stay_when_a_library_opens_break_iterators(tmp_path: Path) -> None:
    core, other = tmp_path / "libQt6Core.so.6", tmp_path / "libother.so"
    core.write_bytes(b"\0ucol_open_73\0u_strToUpper_73\0")
    other.write_bytes(b"\0ubrk_open_73\0")
    assert icu_data.BREAK_TREE in icu_data.dropped_trees([core])
    assert icu_data.BREAK_TREE not in icu_data.dropped_trees([core, other])
    assert icu_data.BREAK_TREE not in icu_data.dropped_trees([])  # nothing known: kept


def test_a_file_that_is_not_icu_data_is_refused() -> None:
    with pytest.raises(ValueError):
        icu_data.trimmed(b"\x90\x00" + b"\0" * 200)


QT_ICU = next(
    (
        p
        for p in (Path(__import__("PySide6").__file__).parent / "Qt" / "lib").glob(
            "libicudata.so.*"
        )
        if p.name.count(".") == 2
    ),
    None,
)


@pytest.mark.skipif(QT_ICU is None, reason="Qt for Python here carries no ICU data library")
def test_qt_icu_data_keeps_collation_and_case_mapping() -> None:
    assert QT_ICU is not None
    elf = QT_ICU.read_bytes()
    offset, size = icu_data._rodata(elf)
    before = items(elf[offset : offset + size])
    after = items(icu_data.trimmed(elf[offset : offset + size]))
    assert sum(map(len, after.values())) < sum(map(len, before.values())) * 0.6
    for name, item in after.items():
        assert before[name].rstrip(b"\0") == item.rstrip(b"\0")  # padding aside
    names = b"\n".join(after)
    kept = (b"/coll/root.res", b"/coll/en.res", b"zoneinfo64.res", b"uts46.nrm", b"cnvalias.icu")
    for needed in kept:
        assert needed in names, needed
    assert b"/lang/" not in names and b"/curr/" not in names and b".cnv" not in names


QT_CORE = QT_ICU.with_name("libQt6Core.so.6") if QT_ICU is not None else None


@pytest.mark.skipif(QT_CORE is None, reason="Qt for Python here carries no ICU data library")
def test_this_qt_opens_no_break_iterator_so_its_break_rules_go() -> None:
    assert QT_CORE is not None
    assert icu_data.BREAK_TREE in icu_data.dropped_trees([QT_CORE])
