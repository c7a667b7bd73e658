"""`casebook export-pdf` on Windows: the file written is the rendered PDF, byte for byte.

Windows' text mode (a file opened without O_BINARY) would turn each newline
byte of the PDF into two; tests/helpers/windows.py reproduces that here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cli, printing
from app.services.workspace import Workspace
from tests.conftest import DSL, PASSWORD
from tests.helpers.windows import TextModeFiles
from tests.test_reports import make_case


def test_export_pdf_writes_the_rendered_bytes_under_windows_text_mode(
    ws: Workspace, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = make_case(ws, chronology_entries=2).reference
    ws.close()  # the command opens the database itself
    password = tmp_path / "pw"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    rendered: list[bytes] = []
    real = printing.case_output  # what export-pdf calls: the PDF and its redactions

    def case_output(*args: object, **kwargs: object) -> tuple[bytes, object]:
        pdf, log = real(*args, **kwargs)  # type: ignore[arg-type]
        rendered.append(pdf)
        return pdf, log

    monkeypatch.setattr(printing, "case_output", case_output)
    monkeypatch.setenv("CASEBOOK_KDF", "fast")
    files = TextModeFiles(monkeypatch)
    out = tmp_path / "record.pdf"

    code = cli.main(
        ["export-pdf", "--db", str(db_path), "--user", DSL, "--password-file", str(password)]
        + ["--case", reference, "--out", str(out)]
    )

    assert code == 0
    assert b"\n" in rendered[0]  # a text-mode file would not be the same bytes
    assert out.read_bytes() == rendered[0]
    assert not [p for p in files.text_mode if p.parent == out.parent]
