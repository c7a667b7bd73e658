"""The About box: name, version, and every bundled component's licence, as plain text."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app import APP_NAME, __version__
from app.resources import path, resources_dir
from app.ui.about import TEXTS, AboutDialog, licence_text, load_licences
from app.ui.icon import ICON_SIZES, app_icon
from app.ui.qt import QImage, QLabel, Qt

# The components the issue names, each with words its licence entry must show.
REQUIRED = {
    "Qt 6": ("GNU Lesser General Public License v3", "LGPL-3.0"),
    "Qt for Python (PySide6 and Shiboken6)": ("LGPL-3.0",),
    "ReportLab": ("BSD", "ReportLab Inc."),
    "SQLCipher": ("BSD-style", "ZETETIC LLC"),
    "SQLAlchemy": ("MIT",),
    "Alembic": ("MIT",),
    "cryptography": ("Apache License 2.0", "BSD"),
    "platformdirs": ("MIT",),
    "DejaVu fonts": ("Bitstream Vera", "public domain"),
}


@pytest.fixture
def about(qtbot: QtBot) -> AboutDialog:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def test_shows_name_and_version(about: AboutDialog) -> None:
    assert about.windowTitle() == f"About {APP_NAME}"
    assert about.title.text() == APP_NAME
    assert about.version.text() == f"Version {__version__}"
    assert not about.icon.pixmap().isNull()


def test_every_label_is_plain_text(about: AboutDialog) -> None:
    labels = about.findChildren(QLabel)
    assert labels
    for label in labels:
        if label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def test_lists_each_component_with_its_licence(about: AboutDialog) -> None:
    shown = about.licences.toPlainText()
    for component in load_licences()["components"]:
        block = shown.split(f"{component['name']}: {component['use']}\n", 1)
        assert len(block) == 2, component["name"]
        entry = block[1].split("\n\n", 1)[0]
        assert f"Licence: {component['licence']}" in entry
        assert component["copyright"] in entry
    for name, words in REQUIRED.items():
        entry = shown.split(f"{name}: ", 1)[1].split("\n\n", 1)[0]
        for word in words:
            assert word in entry, (name, word)


def test_full_licence_texts_are_shown_verbatim_as_plain_text(about: AboutDialog) -> None:
    shown = about.licences.toPlainText()
    # Angle brackets in the LGPL's text would vanish if it were read as HTML.
    assert "<https://fsf.org/>" in shown
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in shown
    assert "Neither the name of the ZETETIC LLC" in shown
    assert "Arev Fonts Copyright" in shown
    assert about.licences.isReadOnly()
    assert about.licences.accessibleName() == "Licences"


def test_every_licence_text_file_is_used_and_present() -> None:
    referenced = {t for c in load_licences()["components"] for t in c["texts"]}
    on_disk = {p.name for p in (resources_dir() / TEXTS).iterdir()}
    assert referenced == on_disk
    text = licence_text()
    for name in referenced:
        assert f"\n{name}\n" in text
        assert text.count(f"\n{name}\n") == 1  # each full text once, however many use it


def test_icon_has_every_size() -> None:
    sizes = {s.width() for s in app_icon().availableSizes()}
    assert sizes == set(ICON_SIZES)
    for size in ICON_SIZES:
        image = QImage(str(path(f"icons/casebook-{size}.png")))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()


def test_close_button_closes(qtbot: QtBot, about: AboutDialog) -> None:
    with qtbot.waitSignal(about.rejected):
        qtbot.mouseClick(about.close_button, Qt.MouseButton.LeftButton)
    assert not about.isVisible()
