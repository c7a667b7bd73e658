"""The command line at the edges of what it may be given: one calm line, exit 1,
the value not echoed, and nothing on disk changed (every file hashed before and after)."""

from __future__ import annotations

import codecs
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app import cli
from tests.conftest import DSL, PASSWORD, copy_database
from tests.helpers.cli import casebook

LONG = "A" * 100_000


class Setup:
    """A database and its password file, in a folder whose every file is hashed."""

    def __init__(self, root: Path, template: Path) -> None:
        self.root = root
        self.db = root / "school" / "casebook.db"
        copy_database(template, self.db)
        self.secrets = root / "secrets"
        self.secrets.mkdir()
        self.pw = self.write("pw.txt", (PASSWORD + "\n").encode("utf-8"))

    def write(self, name: str, data: bytes) -> Path:
        path = self.secrets / name
        path.write_bytes(data)
        return path

    def signed(self, command: str, *extra: str | Path, pw: Path | None = None) -> list[str]:
        args = [command, "--db", self.db, "--user", DSL, "--password-file", pw or self.pw]
        return [str(a) for a in [*args, *extra]]

    def hashes(self) -> dict[str, str]:
        return {
            str(p.relative_to(self.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def setup(tmp_path: Path, dsl_template: tuple[Path, str]) -> Setup:
    return Setup(tmp_path / "world", dsl_template[0])


Args = Callable[[Setup], list[str]]

# (what is given, the words the message must hold, what must not be echoed)
EDGES: list[tuple[str, Args, str, str]] = [
    (
        "empty --child (an unset shell variable)",
        lambda s: s.signed("export-pdf", "--case", "2026-0001", "--child", "", "--out", "x.pdf"),
        "--child was given an empty name. Give the young person's full name, or leave "
        "--child out to print the whole record.",
        "",
    ),
    (
        "blank --child",
        lambda s: s.signed("export-pdf", "--case", "2026-0001", "--child", "  ", "--out", "x.pdf"),
        "--child was given an empty name.",
        "",
    ),
    (
        "a 100,000-character --child",
        lambda s: s.signed("export-pdf", "--case", "2026-0001", "--child", LONG, "--out", "x"),
        "What was given to --child is not a name (at most 200 characters on one line)",
        "AAAA",
    ),
    (
        "a 100,000-character --case",
        lambda s: s.signed("export-pdf", "--case", LONG, "--out", str(s.root / "x.pdf")),
        "What was given to --case is not a case reference (they look like 2026-0003); "
        "check how it was typed.",
        "AAAA",
    ),
    (
        "--case with a line break and a terminal escape",
        lambda s: s.signed("discard-draft", "--case", "2026-0001\n\x1b[2J", "--reason", "x"),
        "is not a case reference",
        "\x1b",
    ),
    (
        "empty --case",
        lambda s: s.signed("discard-draft", "--case", " ", "--reason", "Started by mistake"),
        "--case was given no reference: give one such as 2026-0003.",
        "",
    ),
    (
        "--out in a folder nobody can write (/proc)",
        lambda s: s.signed("export-pdf", "--case", "2026-0001", "--out", "/proc/x"),
        "Cannot write /proc/x: the folder /proc cannot be written to. Choose another folder, "
        "or check its permissions.",
        "",
    ),
    (
        "backup --out in a folder nobody can write (/proc)",
        lambda s: s.signed("backup", "--out", "/proc/x"),
        "Cannot write /proc/x: the folder /proc cannot be written to.",
        "",
    ),
    (
        "--out inside a file",
        lambda s: s.signed("backup", "--out", str(s.pw / "backup.casebook")),
        "is a file, not a folder.",
        "",
    ),
    (
        "--out naming a folder",
        lambda s: s.signed("backup", "--out", str(s.secrets)),
        "is a folder: give --out the name of a new file in it.",
        "",
    ),
    (
        "empty --out",
        lambda s: s.signed("backup", "--out", ""),
        "--out was given an empty path (an unset variable, perhaps): give the file's path.",
        "",
    ),
    (
        "--out with a line break",
        lambda s: s.signed("backup", "--out", str(s.root / "a\nb.casebook")),
        "The path given to --out holds a line break or another control character",
        "",
    ),
    (
        "empty --db",
        lambda s: ["cases", "--db", "", "--user", DSL, "--password-file", str(s.pw)],
        "--db was given an empty path",
        "",
    ),
    (
        "a --db whose file name is 300 characters",
        lambda s: ["where", "--db", str(s.root / ("d" * 300))],
        "The path given to --db is too long to be a file's.",
        "ddddd",
    ),
    (
        "empty --password-file",
        lambda s: ["cases", "--db", str(s.db), "--user", DSL, "--password-file", ""],
        "--password-file was given an empty path",
        "",
    ),
    (
        "an empty password file",
        lambda s: s.signed("cases", pw=s.write("empty.txt", b"")),
        "is empty: put the password on it.",
        "",
    ),
    (
        "a password file that is not text",
        lambda s: s.signed("cases", pw=s.write("binary.txt", b"\xff\xfe\xfd\x00\x81")),
        "is not plain text: save it again as UTF-8 text.",
        "",
    ),
    (
        "a password file that never ends (/dev/zero)",
        lambda s: s.signed("cases", pw=Path("/dev/zero")),
        "The password file /dev/zero is too long to be one",
        "",
    ),
    (
        "a 100,000-character --user",
        lambda s: ["cases", "--db", str(s.db), "--user", LONG, "--password-file", str(s.pw)],
        "A user name can be at most 64 characters.",
        "AAAA",
    ),
    (
        "a 100,000-character --school",
        lambda s: [
            "init",
            "--db",
            str(s.root / "new" / "casebook.db"),
            "--user",
            "head",
            "--school",
            LONG,
            "--password-file",
            str(s.pw),
        ],
        "The school's name is at most 200 characters, on one line",
        "AAAA",
    ),
    (
        "restore from a file that is not there",
        lambda s: s.signed("restore", str(s.root / "missing.casebook")),
        "There is no file",
        "",
    ),
    (
        "restore from a folder",
        lambda s: s.signed("restore", str(s.secrets)),
        "is a folder: give the path of the backup file itself.",
        "",
    ),
]


@pytest.mark.parametrize(("given", "args", "says", "not_echoed"), EDGES, ids=[e[0] for e in EDGES])
def test_each_edge_gets_one_calm_line_and_changes_nothing(
    setup: Setup,
    capsys: pytest.CaptureFixture[str],
    given: str,
    args: Args,
    says: str,
    not_echoed: str,
) -> None:
    if ("/proc" in given or "/dev/zero" in given) and not sys.platform.startswith("linux"):
        pytest.skip("/proc and /dev/zero are Linux's")
    arguments = args(setup)
    before = setup.hashes()
    assert cli.main(arguments) == cli.EXIT_ERROR
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err[:500]
    assert lines[0].startswith("casebook: ")
    assert says in lines[0]
    assert len(lines[0]) < 300
    if not_echoed:
        assert not_echoed not in err
    assert setup.hashes() == before
    assert not (setup.root / "new").exists()


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + PASSWORD.encode("utf-8") + b"\n",  # Notepad's "UTF-8 with BOM"
        codecs.BOM_UTF8 + PASSWORD.encode("utf-8") + b"\r\n",
        PASSWORD.encode("utf-8"),  # no line end at all
        (PASSWORD + "\r\n").encode("utf-16"),  # Notepad's "Unicode" (UTF-16 with its BOM)
    ],
    ids=["utf-8-bom", "utf-8-bom-crlf", "no-newline", "utf-16"],
)
def test_a_password_file_with_a_byte_order_mark_signs_in(
    setup: Setup, capsys: pytest.CaptureFixture[str], encoded: bytes
) -> None:
    pw = setup.write("bom.txt", encoded)
    assert cli.main(setup.signed("cases", pw=pw)) == cli.EXIT_OK
    assert capsys.readouterr().out.startswith("reference")


@pytest.mark.slow
def test_an_empty_child_is_refused_by_the_real_command_before_signing_in(setup: Setup) -> None:
    """As IT would meet it: `--child "$NAME"` with NAME unset, in a fresh process."""
    out = setup.root / "extract.pdf"
    before = setup.hashes()
    result = casebook(
        *setup.signed("export-pdf", "--case", "2026-0001", "--child", "", "--out", out)
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("casebook: --child was given an empty name.")
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert setup.hashes() == before


@pytest.mark.parametrize(
    "arguments",
    [
        ["demo", "--db", "x.db", "--user", "dsl", "--cases", LONG],
        ["cases", "--user", "dsl", "--status", LONG],
        [LONG],
    ],
    ids=["--cases", "--status", "command"],
)
def test_a_mistyped_command_does_not_echo_a_long_value(
    setup: Setup, capsys: pytest.CaptureFixture[str], arguments: list[str]
) -> None:
    before = setup.hashes()
    with pytest.raises(SystemExit) as stopped:
        cli.main(arguments)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "the value given is not one it takes (too long to repeat here)" in err
    assert "AAAA" not in err
    assert setup.hashes() == before
