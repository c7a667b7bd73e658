"""`casebook selftest`: what an IT technician runs to check an installation.

The real thing runs as a subprocess, as a technician would; the failure paths
run in-process with steps swapped for ones that fail on purpose.
"""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app import selftest
from app.errors import InvalidInput
from app.security.keyslots import KDF_ENV
from app.services.workspace import Workspace
from app.storage import fileio
from app.storage.paths import DB_ENV
from tests.helpers.windows import TextModeFiles
from tests.test_reports import make_case

REPO = Path(__file__).resolve().parent.parent
STEP_LINES = (
    "ok: bundled resources and database migrations present",
    "ok: encrypted database created, migrated and unlocked",
    "ok: demo case ",
    "ok: database integrity and audit chain sound",
    "ok: backup written, checked and restored",
    "ok: case PDF rendered",
    "ok: case PDF with names in every script: 16 script faces drawn",
    "ok: Qt ",
)
CHILD_NAME = "Zoë Secretname"


@pytest.mark.slow
def test_selftest_passes_and_leaves_nothing_behind(tmp_path: Path) -> None:
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    real_db = tmp_path / "data" / "casebook.db"
    env = {
        **{k: v for k, v in os.environ.items() if k not in (KDF_ENV, "QT_QPA_PLATFORM")},
        "PYTHONPATH": str(REPO),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "TMPDIR": str(tmp),
        DB_ENV: str(real_db),
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "selftest"],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    for expected in STEP_LINES:
        assert any(line.startswith(expected) for line in lines), (expected, lines)
    assert not any(line.startswith(("FAILED", "skipped")) for line in lines), lines
    assert lines[-1].startswith("selftest passed")
    # Never the user's data: no database where CASEBOOK_DB points, nothing in the
    # per-user folders, and the throw-away folder is gone.
    assert not real_db.parent.exists()
    assert list(home.rglob("*")) == []
    assert list(tmp.iterdir()) == []


def _run(
    steps: tuple[tuple[str, selftest.Step], ...], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr(selftest, "STEPS", steps)
    out, err = io.StringIO(), io.StringIO()
    code = selftest.run_selftest(out, err)
    return code, out.getvalue(), err.getvalue()


def _fine(run: selftest.Run) -> str:
    return "fine"


def test_an_unexpected_failure_is_one_line_naming_the_step_without_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def leaky(run: selftest.Run) -> str:
        raise KeyError(CHILD_NAME)

    code, out, err = _run((("resources", _fine), ("case", leaky), ("never", _fine)), monkeypatch)

    assert code == 1
    assert out.splitlines()[1:] == ["ok: fine"]
    assert err == "FAILED: case: unexpected KeyError\n"
    assert CHILD_NAME not in out + err
    assert "Traceback" not in out + err


def test_a_failed_check_and_an_app_error_say_what_went_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def check(run: selftest.Run) -> str:
        raise selftest.StepFailed("the case PDF is not a PDF")

    def refused(run: selftest.Run) -> str:
        raise InvalidInput("Enter a password.")

    assert _run((("pdf", check),), monkeypatch)[2] == "FAILED: pdf: the case PDF is not a PDF\n"
    assert _run((("database", refused),), monkeypatch)[2] == "FAILED: database: Enter a password.\n"


def test_a_missing_module_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(run: selftest.Run) -> str:
        raise ModuleNotFoundError("No module named 'PySide6.QtPdf'", name="PySide6.QtPdf")

    err = _run((("qt", missing),), monkeypatch)[2]
    assert err == "FAILED: qt: module PySide6.QtPdf is missing from this installation\n"


def test_pdf_step_is_skipped_only_when_the_reports_are_not_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_find_spec = importlib.util.find_spec

    def without_reports(name: str, package: str | None = None) -> object:
        return None if name == "app.reports" else real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", without_reports)
    code, out, err = _run((("resources", _fine), ("pdf", selftest.step_pdf)), monkeypatch)

    assert code == 0, err
    assert "skipped: reports not installed (pdf step)" in out.splitlines()
    assert out.splitlines()[-1].startswith("selftest passed")


def test_fast_key_cost_and_database_path_are_for_the_run_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(KDF_ENV, raising=False)
    monkeypatch.setenv(DB_ENV, str(tmp_path / "real.db"))
    seen: dict[str, str | None] = {}

    def look(run: selftest.Run) -> str:
        seen.update({name: os.environ.get(name) for name in (KDF_ENV, DB_ENV)})
        seen["root"] = str(run.root)
        return "looked"

    assert _run((("look", look),), monkeypatch)[0] == 0

    assert seen[KDF_ENV] == "fast"
    assert str(seen[DB_ENV]).startswith(str(seen["root"]))
    assert KDF_ENV not in os.environ
    assert os.environ[DB_ENV] == str(tmp_path / "real.db")
    assert not Path(str(seen["root"])).exists()


def test_the_example_case_is_complete_enough_to_open() -> None:
    from app.services.incident import page_problems
    from app.wizard.example import demo_pages

    assert page_problems(demo_pages()) == {}


def test_a_failure_while_setting_up_is_one_line_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(root: Path) -> None:
        raise ModuleNotFoundError(
            "No module named 'app.security.keyslots'", name="app.security.keyslots"
        )

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    monkeypatch.setattr(selftest, "_throwaway_environment", broken)
    code, _out, err = _run((("resources", _fine),), monkeypatch)

    assert code == 1
    assert err == "FAILED: setup: module app.security.keyslots is missing from this installation\n"
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def pdf_run(ws: Workspace, tmp_path: Path) -> selftest.Run:
    """The PDF step's inputs, as the earlier steps leave them: a case in an open database."""
    made = make_case(ws, chronology_entries=2)
    root = tmp_path / "run"
    root.mkdir()
    return selftest.Run(root=root, db_path=tmp_path / "unused.db", ws=ws, reference=made.reference)


def test_the_pdf_step_saves_the_pdf_as_the_app_does_and_reads_it_back(
    pdf_run: selftest.Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved: list[Path] = []
    real = fileio.atomic_write
    monkeypatch.setattr(fileio, "atomic_write", lambda p, d: saved.append(p) or real(p, d))
    TextModeFiles(monkeypatch)  # as on Windows: still the same bytes, as O_BINARY is used

    assert selftest.step_pdf(pdf_run).startswith("case PDF rendered (")
    assert [p.parent for p in saved] == [pdf_run.root]
    assert list(pdf_run.root.iterdir()) == []  # read back, then deleted


def test_the_pdf_step_fails_when_a_saved_pdf_would_be_corrupted_on_windows(
    pdf_run: selftest.Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    TextModeFiles(monkeypatch)
    monkeypatch.setattr(fileio, "binary_flag", lambda: 0)  # a writer that forgot O_BINARY

    with pytest.raises(selftest.StepFailed, match="changed when it was saved"):
        selftest.step_pdf(pdf_run)


def test_the_scripts_step_prints_every_script_face_and_reads_names_back(
    pdf_run: selftest.Run,
) -> None:
    assert selftest.step_scripts(pdf_run) == (
        "case PDF with names in every script: 16 script faces drawn, "
        "Arabic and Chinese names read back"
    )


def test_the_scripts_step_names_a_face_the_record_did_not_draw_with(
    pdf_run: selftest.Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_tamil = tuple(n.replace(" · தமிழ்ச்செல்வி", "") for n in selftest.SCRIPT_NAMES)
    monkeypatch.setattr(selftest, "SCRIPT_NAMES", without_tamil)

    with pytest.raises(selftest.StepFailed) as failed:
        selftest.step_scripts(pdf_run)
    assert str(failed.value) == (
        "the case PDF does not draw with CasebookTamil, CasebookTamil-Bold"
    )


def test_the_scripts_step_fails_when_a_name_does_not_read_back(
    pdf_run: selftest.Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selftest, "READ_BACK", {"Arabic": "محمد علي", "Chinese": "李华"})

    with pytest.raises(selftest.StepFailed, match="the Chinese names do not read back"):
        selftest.step_scripts(pdf_run)


def test_a_font_qt_cannot_read_is_named(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import resources

    (tmp_path / "fonts").mkdir()
    good = resources.path("fonts/NotoSansHebrew-Regular.ttf")
    (tmp_path / "fonts" / good.name).write_bytes(good.read_bytes())
    (tmp_path / "fonts" / "Damaged.ttf").write_bytes(good.read_bytes()[:200])
    monkeypatch.setattr(resources, "resources_dir", lambda: tmp_path)

    assert selftest._bundled_fonts_qt_refuses() == (2, ["Damaged.ttf"])
