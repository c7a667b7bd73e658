"""What the first bytes of a database file say, read before any key is derived.

A SQLCipher file is ciphertext from its first byte except for the first 16:
the file's plaintext salt, made when the file was. The key file records that
salt, so a database and a key file from different installs are told apart at
once. A plain SQLite file starts with "SQLite format 3\\0" and, at bytes 21-23,
the payload fractions 64, 32, 32 that every SQLite file has.
"""

from __future__ import annotations

from pathlib import Path

SALT_BYTES = 16
SQLITE_MAGIC = b"SQLite format 3\x00"
_PAYLOAD_FRACTIONS = b"\x40\x20\x20"  # bytes 21-23 of every plain SQLite header
HEADER_BYTES = 100


def read_start(path: Path) -> bytes:
    """The first 100 bytes of the file (fewer if it is shorter); OSError if unreadable."""
    with path.open("rb") as f:
        return f.read(HEADER_BYTES)


def salt_of(start: bytes) -> str:
    """The SQLCipher salt as hex, from the file's first bytes ("" if it is too short)."""
    return start[:SALT_BYTES].hex() if len(start) >= SALT_BYTES else ""


def is_plain_sqlite(start: bytes) -> bool:
    return start.startswith(SQLITE_MAGIC) and start[21:24] == _PAYLOAD_FRACTIONS
