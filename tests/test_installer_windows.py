"""The Windows build's details that IT staff meet: the version resource and the setup script."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = ROOT / "installer" / "windows"


def _version_info():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("version_info", WINDOWS / "version_info.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_executables_carry_the_app_version_for_it_inventory(tmp_path: Path) -> None:
    info = _version_info()
    path = info.write_version_file(tmp_path, __version__, "Casebook")
    text = path.read_text(encoding="utf-8")
    # PyInstaller evaluates this text as Python: it must at least parse.
    ast.parse(text.split("\n", 1)[1])
    four = ".".join(str(n) for n in info.numeric_version(__version__))
    assert f"StringStruct('FileVersion', '{four}')" in text
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert "StringStruct('ProductName', 'Casebook')" in text
    assert "StringStruct('OriginalFilename', 'Casebook.exe')" in text


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("2.3", (2, 3, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("1.0.0+local", (1, 0, 0, 0)),
    ],
)
def test_windows_gets_four_version_numbers(version: str, expected: tuple[int, ...]) -> None:
    assert _version_info().numeric_version(version) == expected


def test_a_version_windows_cannot_show_is_refused() -> None:
    with pytest.raises(ValueError):
        _version_info().numeric_version("70000.0")


def test_the_spec_passes_a_version_resource_and_fails_loudly_on_unreadable_binaries() -> None:
    spec = (ROOT / "installer" / "casebook.spec").read_text(encoding="utf-8")
    assert "version=version_resource(name)" in spec
    assert "return set()" not in spec  # an unreadable binary never counts as "no links"


def test_the_setup_script_needs_the_inno_setup_that_knows_x64compatible() -> None:
    iss = (WINDOWS / "casebook.iss").read_text(encoding="utf-8")
    assert "x64compatible" in iss
    assert re.search(r"#if VER < EncodeVer\(6, ?3, ?0\)", iss), "guard for Inno Setup 6.3+"


def test_the_setup_script_and_the_app_agree_on_the_shared_records_setting() -> None:
    from app.storage import data_location

    iss = (WINDOWS / "casebook.iss").read_text(encoding="utf-8")
    key = data_location.REGISTRY_KEY
    assert (
        f'Root: HKLM; Subkey: "{key}"; ValueType: string; ValueName: "{data_location.FOLDER_VALUE}"'
        in iss
    )
    assert f'ValueName: "{data_location.GROUP_VALUE}"' in iss
    assert f"{{param:GROUP|{data_location.DEFAULT_GROUP}}}" in iss
    # The folder's access list is set by SID for SYSTEM and Administrators, inheritance off.
    assert "/inheritance:r" in iss and "*S-1-5-18" in iss and "*S-1-5-32-544" in iss
