"""The transfer pack: one file, age-encrypted under a passphrase, holding a zip.

Inside the zip (built and read in memory: no plaintext ever reaches a disk):

- `manifest.json`: the format, its schema version, the pack's id, the schools,
  the receipt code, whether it comes from a training database, and the SHA-256
  and length of every other part;
- `cover-letter.txt`: for the receiving DSL, with the receipt code and how to
  open the pack without Casebook;
- `extract.pdf`: the child's redacted extract, one per case;
- `child.json`: that child's part of every case (docs/transfer-pack.md).

age (https://age-encryption.org/v1, through `pyrage`) authenticates every
chunk, so a flipped or missing byte is refused before anything is read; the
manifest's hashes then vouch for each part. Nothing here knows the database.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pyrage import DecryptError  # type: ignore[import-untyped]
from pyrage import passphrase as age_passphrase

from app.errors import CasebookError

FORMAT = "casebook-transfer"
# The version of manifest.json and child.json this Casebook writes and the newest it reads.
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
COVER_LETTER = "cover-letter.txt"
EXTRACT = "extract.pdf"
CHILD = "child.json"
PARTS = (COVER_LETTER, EXTRACT, CHILD)
AGE_MAGIC = b"age-encryption.org/v1\n"
# A pack is a few hundred kilobytes; anything this big is the wrong file.
MAX_PACK_BYTES = 256 * 1024 * 1024
# The receipt code's letters: no 0/O or 1/I/L to mix up when it is read out.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_GROUPS = 3


class PackRefused(CasebookError):
    """A pack that was not imported; nothing was changed."""


class NotAPack(PackRefused):
    def __init__(self) -> None:
        super().__init__(
            "That file is not a Casebook transfer pack, or its start is damaged. Nothing was "
            "changed: check you chose the file the other school sent (it ends in .age)."
        )


class WrongPassphrase(PackRefused):
    def __init__(self) -> None:
        super().__init__(
            "The passphrase does not open this pack. Nothing was changed: check the words "
            "with the sending school by phone and try again."
        )


class PackDamaged(PackRefused):
    def __init__(self) -> None:
        super().__init__(
            "This pack is damaged or has been altered since it was made, so it was not "
            "imported. Nothing was changed: ask the sending school to send it again."
        )


class PackTooNew(PackRefused):
    def __init__(self, version: int) -> None:
        super().__init__(
            f"This pack was made by a newer Casebook (format {version}; this one reads up to "
            f"{SCHEMA_VERSION}). Nothing was changed: update Casebook, then import it again."
        )


def new_receipt_code() -> str:
    """Twelve unambiguous letters and digits in three groups: 'K7QF-2MXA-9PHD'."""
    groups = [
        "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(4)) for _ in range(RECEIPT_GROUPS)
    ]
    return "-".join(groups)


def normalise_receipt_code(text: str) -> str:
    """A code as read back: case, spaces and hyphens do not matter; O is 0, I and L are 1."""
    plain = "".join(c for c in text.upper() if c.isalnum())
    plain = plain.translate(str.maketrans("OIL", "011"))
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_pack_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def child_json(part: dict[str, Any]) -> bytes:
    """The child's part as it is written into the pack (UTF-8, keys sorted)."""
    return _json_bytes(part)


@dataclass(frozen=True)
class Pack:
    """What is sealed into one pack, and its id."""

    pack_id: str
    from_school: str
    to_school: str
    receipt_code: str
    training: bool
    made_at: str  # UTC, ISO 8601
    parts: dict[str, bytes]


def build(pack: Pack, passphrase: str) -> bytes:
    """The encrypted pack. The zip is built in memory and encrypted in memory."""
    if sorted(pack.parts) != sorted(PARTS):
        raise ValueError("a pack holds exactly the cover letter, the extract and the JSON")
    manifest = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "pack_id": pack.pack_id,
        "made_at": pack.made_at,
        "from_school": pack.from_school,
        "to_school": pack.to_school,
        "receipt_code": pack.receipt_code,
        "training": pack.training,
        "files": {
            name: {"sha256": sha256(data), "bytes": len(data)} for name, data in pack.parts.items()
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        stamp = (1980, 1, 1, 0, 0, 0)  # no local time in the archive
        for name, data in ((MANIFEST, _json_bytes(manifest)), *sorted(pack.parts.items())):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return bytes(age_passphrase.encrypt(buffer.getvalue(), passphrase))


@dataclass(frozen=True)
class Opened:
    """A pack that opened and whose every part matched its hash."""

    manifest: dict[str, Any]
    parts: dict[str, bytes]
    pack_sha256: str

    @property
    def pack_id(self) -> str:
        return str(self.manifest["pack_id"])

    @property
    def receipt_code(self) -> str:
        return str(self.manifest["receipt_code"])

    @property
    def from_school(self) -> str:
        return str(self.manifest["from_school"])

    @property
    def to_school(self) -> str:
        return str(self.manifest["to_school"])

    @property
    def training(self) -> bool:
        return bool(self.manifest["training"])

    @property
    def made_at(self) -> str:
        return str(self.manifest["made_at"])

    def child(self) -> dict[str, Any]:
        value = json.loads(self.parts[CHILD].decode("utf-8"))
        if not isinstance(value, dict):
            raise PackDamaged()
        return value


def decrypt(data: bytes, passphrase: str) -> bytes:
    """The zip inside a pack; each failure as one calm sentence."""
    if not data.startswith(AGE_MAGIC) or b"\n-> scrypt " not in data[:200]:
        raise NotAPack()
    try:
        return bytes(age_passphrase.decrypt(data, passphrase))
    except DecryptError as exc:
        # age says "Decryption failed" when the passphrase opens no key; anything
        # else (a chunk that fails its tag, a short file) is damage.
        if "decryption failed" in str(exc).casefold():
            raise WrongPassphrase() from None
        raise PackDamaged() from None


def open_pack(data: bytes, passphrase: str) -> Opened:
    """Decrypt, read the manifest, and check every part against its hash."""
    if len(data) > MAX_PACK_BYTES:
        raise NotAPack()
    plain = decrypt(data, passphrase)
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as archive:
            names = archive.namelist()
            if MANIFEST not in names:
                raise PackDamaged()
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise PackDamaged()
            version = manifest.get("schema_version")
            if not isinstance(version, int) or version < 1:
                raise PackDamaged()
            if version > SCHEMA_VERSION:
                raise PackTooNew(version)
            files = manifest.get("files")
            if not isinstance(files, dict) or sorted(files) != sorted(PARTS):
                raise PackDamaged()
            if sorted(n for n in names if n != MANIFEST) != sorted(PARTS):
                raise PackDamaged()
            parts: dict[str, bytes] = {}
            for name in PARTS:
                data_part = archive.read(name)
                expected = files[name]
                if (
                    not isinstance(expected, dict)
                    or expected.get("sha256") != sha256(data_part)
                    or expected.get("bytes") != len(data_part)
                ):
                    raise PackDamaged()
                parts[name] = data_part
    except PackRefused:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError, OSError):
        raise PackDamaged() from None
    for key in ("pack_id", "made_at", "from_school", "to_school", "receipt_code"):
        if not isinstance(manifest.get(key), str) or not manifest[key].strip():
            raise PackDamaged()
    if not isinstance(manifest.get("training"), bool):
        raise PackDamaged()
    opened = Opened(manifest, parts, sha256(data))
    child = opened.child()
    if child.get("schema_version") != version:
        raise PackDamaged()
    return opened
