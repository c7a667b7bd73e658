"""Asking where to save a PDF: a known local folder first, and a word about OneDrive.

A save dialog given a bare file name resolves it against the current folder
(for a Start-menu shortcut, possibly `C:\\Program Files\\Casebook`), so every
save starts from an absolute path: the last folder chosen this session, else
Documents (`app.storage.save_folder`). A folder synced by OneDrive would copy the
unencrypted PDF to the cloud: the DSL is told and asked to choose another
folder (the default) or go on.
"""

from __future__ import annotations

from pathlib import Path

from app.storage import save_folder
from app.ui.qt import QDialog, QFileDialog, QMessageBox, Qt, QWidget

PDF_FILTER = "PDF files (*.pdf)"
SYNCED_TITLE = "This folder is synced to the cloud"
CHOOSE_ANOTHER = "Choose another folder"
SAVE_ANYWAY = "Save in this folder anyway"

# The folder of the last PDF saved since Casebook started; never stored on disk,
# as a folder's name may say whose file it is.
_last_folder = ""


def remember_folder(folder: Path) -> None:
    global _last_folder
    _last_folder = str(folder)


def forget_folder() -> None:
    """Back to Documents, as when Casebook starts."""
    global _last_folder
    _last_folder = ""


def starting_path(file_name: str) -> Path:
    """Where the dialog opens: the last folder or Documents, and never a synced folder
    (OneDrive often holds Documents itself), where the home folder is used instead."""
    path = save_folder.suggested_path(file_name, _last_folder)
    if save_folder.synced_folder(path) is not None:
        home = Path.home() / file_name
        if save_folder.synced_folder(home) is None:
            return home
    return path


def run_file_dialog(dialog: QFileDialog) -> str:
    """Show the dialog and return the chosen file, or "" if cancelled (a test seam)."""
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return ""
    files = dialog.selectedFiles()
    return files[0] if files else ""


def confirm_synced(parent: QWidget | None, warning: str) -> bool:
    """True only if the DSL chooses to save in the synced folder after all."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(SYNCED_TITLE)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a folder's name is shown as it is
    box.setText(warning)
    another = box.addButton(CHOOSE_ANOTHER, QMessageBox.ButtonRole.RejectRole)
    anyway = box.addButton(SAVE_ANYWAY, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(another)
    box.setEscapeButton(another)
    box.exec()
    return box.clickedButton() is anyway


def file_dialog(parent: QWidget | None, title: str, start: Path) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(start.parent), PDF_FILTER)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix("pdf")
    dialog.selectFile(str(start))
    return dialog


def with_pdf_suffix(path: Path) -> Path:
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


SYNCED_ENCRYPTED = (
    "{folder} is inside OneDrive ({root}): the encrypted copy would be copied to the "
    "cloud as soon as it syncs. It opens only with its passphrase, but a folder outside "
    "OneDrive, or a USB stick, keeps it off the cloud."
)


def synced_warning(path: Path, *, encrypted: bool = False) -> str | None:
    """What to say when the chosen folder is synced to the cloud; None when it is not."""
    if not encrypted:
        return save_folder.synced_warning(path)
    root = save_folder.synced_folder(path)
    return None if root is None else SYNCED_ENCRYPTED.format(folder=path.parent, root=root)


def ask_pdf_path(
    parent: QWidget | None, title: str, file_name: str, *, encrypted: bool = False
) -> Path | None:
    """The absolute path the DSL chose for a PDF, or None if they cancelled.
    `encrypted`: the file is an encrypted copy (the OneDrive warning says so)."""
    while True:
        dialog = file_dialog(parent, title, starting_path(file_name))
        try:
            chosen = run_file_dialog(dialog)
        finally:
            dialog.deleteLater()
        if not chosen:
            return None
        path = with_pdf_suffix(Path(chosen).absolute())
        warning = synced_warning(path, encrypted=encrypted)
        if warning is None or confirm_synced(parent, warning):
            remember_folder(path.parent)
            return path
