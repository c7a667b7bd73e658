"""The fonts Casebook ships are the ones it shows, on any machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.fonts import MONOSPACE_FAMILY
from app.ui.qt import QFontDatabase, QFontInfo
from app.ui.widgets import mono_font
from tests.conftest import ROOT

# Names Qt always lists, whatever fontconfig finds: aliases, not fonts.
QT_GENERIC_NAMES = {"Monospace", "Sans Serif", "Serif"}
# DejaVu for the screens and Latin, Greek and Cyrillic; the script faces the printed
# record also uses, so a name in Arabic or Chinese shows the same on every laptop.
SCRIPT_FAMILIES = {
    "Droid Sans Fallback",
    "Noto Emoji",
    *(
        f"Noto Sans {script}"
        for script in ("Arabic", "Bengali", "Devanagari", "Gujarati", "Gurmukhi")
    ),
    "Noto Sans Hebrew",
    "Noto Sans Tamil",
}
BUNDLED_FAMILIES = {"DejaVu Sans", MONOSPACE_FAMILY, *SCRIPT_FAMILIES}

NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""

PROBE = """
from app.ui.qt import QApplication, QFont, QFontInfo
from app.ui.fonts import MONOSPACE_FAMILY
from app.ui.widgets import apply_look

app = QApplication([])
apply_look(app)
print(QFontInfo(QFont(MONOSPACE_FAMILY)).family())
"""


def test_the_suite_sees_only_the_bundled_fonts(qtbot: QtBot) -> None:
    # tests/fontconfig/fonts.conf hides the system's fonts: a test that passes
    # here cannot depend on a font someone installed by hand.
    assert set(QFontDatabase.families()) - QT_GENERIC_NAMES == BUNDLED_FAMILIES


def test_the_recovery_key_font_is_the_one_casebook_ships(qtbot: QtBot) -> None:
    for bold in (False, True):
        info = QFontInfo(mono_font(14, bold=bold))
        assert info.family() == MONOSPACE_FAMILY
        assert info.bold() == bold


@pytest.mark.slow
def test_apply_look_brings_the_bundled_fonts_to_a_machine_without_them(tmp_path: Path) -> None:
    # A laptop with no fonts at all (an empty fontconfig): only registering
    # resources/fonts at start can make the monospace family exist.
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(cache=tmp_path / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == MONOSPACE_FAMILY


SCRIPTS_PROBE = """
from app.ui.qt import QApplication, QFontDatabase
from app.ui.fonts import register_script_fonts
from app.ui.widgets import apply_look

app = QApplication([])
apply_look(app)
print("Noto Sans Arabic" in QFontDatabase.families())
register_script_fonts()
print(sorted(f for f in QFontDatabase.families() if f.startswith(("Noto", "Droid"))))
"""


@pytest.mark.slow
def test_the_script_faces_come_after_the_first_paint(tmp_path: Path) -> None:
    # At start only DejaVu (the screens' faces); the script faces are registered
    # once the first window has painted (Running.settle), on any machine.
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(cache=tmp_path / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPTS_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.strip().splitlines()
    assert before == "False"
    assert after == repr(sorted(SCRIPT_FAMILIES))
