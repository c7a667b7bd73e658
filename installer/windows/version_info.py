"""The Windows version resource for Casebook's executables.

Without one, Explorer's Details tab and IT inventory tools (Intune, SCCM, PDQ)
show a blank product name and version. PyInstaller takes a VSVersionInfo
description as a text file (`EXE(version=...)`); this writes it from
`app.__version__`, so the number is kept in one place.
"""

from __future__ import annotations

import re
from pathlib import Path

COMPANY = "Casebook"
DESCRIPTION = "Casebook: safeguarding case records"
COPYRIGHT = "Casebook contributors"


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0): Windows wants four numbers, each 0-65535."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])][:4]
    if not numbers or any(n > 65535 for n in numbers):
        raise ValueError(f"not a version Windows can show: {version!r}")
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def version_file_text(version: str, *, internal_name: str, original_filename: str) -> str:
    nums = numeric_version(version)
    dotted = ".".join(str(n) for n in nums)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": dotted,
        "InternalName": internal_name,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": original_filename,
        "ProductName": "Casebook",
        "ProductVersion": version,
    }
    entries = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={nums},
    prodvers={nums},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
{entries}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def write_version_file(folder: Path, version: str, program: str) -> Path:
    """Write the description for `program` (e.g. 'Casebook') into `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"version-{program}.txt"
    text = version_file_text(version, internal_name=program, original_filename=f"{program}.exe")
    path.write_text(text, encoding="utf-8")
    return path
