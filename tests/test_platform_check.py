"""Before Qt starts on Linux, missing system libraries are named in one apt-get line.

What a user on a fresh desktop sees: `casebook` (and `make run`) either carries
on to the window or stops before Qt with the one command that fixes it. Real
`ldd` runs where possible; a stand-in `ldd` plays a machine that lacks libraries.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.desktop import platform_check
from app.desktop.platform_check import DEBIAN_PACKAGES, all_packages, package_for, problem

REPO = Path(__file__).resolve().parent.parent
X11 = {"DISPLAY": ":0"}
INSTALL = re.compile(r"^\s*sudo apt-get install (?P<packages>[a-z0-9.+ -]+)$", re.MULTILINE)


def fake_pyside(root: Path, *, wayland: bool = False) -> Path:
    """A PySide6 folder laid out as the wheel is, with stand-in plugin files."""
    pyside = root / "PySide6"
    platforms = pyside / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    # Imported instead of the real PySide6 if it is first on the path: Qt unusable.
    (pyside / "__init__.py").write_text("raise ImportError('no Qt here')\n")
    (platforms / "libqxcb.so").write_bytes(b"")
    (pyside / "Qt" / "lib").mkdir(parents=True)
    (pyside / "Qt" / "lib" / "libQt6XcbQpa.so.6").write_bytes(b"")
    if wayland:
        (platforms / "libqwayland.so").write_bytes(b"")
    return pyside


def ldd_report(found: list[str], missing: list[str]) -> str:
    lines = [f"\t{lib} => /usr/lib/x86_64-linux-gnu/{lib} (0x00007f0000000000)" for lib in found]
    lines += [f"\t{lib} => not found" for lib in missing]
    return "\n".join(lines) + "\n"


def packages_in(message: str | None) -> list[str]:
    """The packages of the one install line in a message."""
    assert message is not None
    lines = INSTALL.findall(message)
    assert len(lines) == 1, message
    return str(lines[0]).split()


@pytest.fixture
def pyside(tmp_path: Path) -> Path:
    return fake_pyside(tmp_path / "site")


# -- what the message says ----------------------------------------------------------------
def test_every_missing_library_is_named_by_its_package_in_one_line(pyside: Path) -> None:
    report = ldd_report(["libxcb.so.1", "libX11.so.6"], list(DEBIAN_PACKAGES))

    message = problem(X11, "linux", pyside, lambda files: report)

    assert packages_in(message) == all_packages()
    assert "libxcb-cursor0" in packages_in(message)


def test_the_fresh_debian_desktop_gets_exactly_the_three_packages(pyside: Path) -> None:
    # What ldd said on the machine in the issue (each library once per file that needs it).
    missing = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    report = ldd_report(["libxcb.so.1"], missing + missing[1:])

    message = problem(X11, "linux", pyside, lambda files: report)

    assert packages_in(message) == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    assert "window" in (message or "")


def test_nothing_missing_means_carry_on(pyside: Path) -> None:
    report = ldd_report(list(DEBIAN_PACKAGES), [])
    assert problem(X11, "linux", pyside, lambda files: report) is None


def test_a_library_missing_from_the_table_gets_debians_package_name(pyside: Path) -> None:
    report = ldd_report([], ["libXau.so.6", "libpcre2-8.so.0", "libGLdispatch.so.0"])

    message = problem(X11, "linux", pyside, lambda files: report)

    assert packages_in(message) == ["libglvnd0", "libpcre2-8-0", "libxau6"]


def test_qts_own_libraries_are_never_offered_from_apt(pyside: Path) -> None:
    report = ldd_report([], ["libQt6XcbQpa.so.6", "libxcb-icccm.so.4"])
    assert packages_in(problem(X11, "linux", pyside, lambda files: report)) == ["libxcb-icccm4"]


@pytest.mark.parametrize(
    ("library", "package"),
    [
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("libfoo2.so.3", "libfoo2-3"),
        ("libbar.so.7.1", "libbar7"),
    ],
)
def test_package_names(library: str, package: str) -> None:
    assert package_for(library) == package


# -- when the check runs at all ---------------------------------------------------------------
def complaining_ldd(files: list[Path]) -> str:
    return ldd_report([], ["libxcb-icccm.so.4"])


@pytest.mark.parametrize(
    ("environ", "platform"),
    [
        ({"DISPLAY": ":0"}, "win32"),
        ({"DISPLAY": ":0"}, "darwin"),
        ({}, "linux"),  # no display: a server or an SSH session
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "wayland"}, "linux"),
    ],
)
def test_skipped_where_xcb_will_not_be_used(
    pyside: Path, environ: dict[str, str], platform: str
) -> None:
    assert problem(environ, platform, pyside, complaining_ldd) is None


@pytest.mark.parametrize(
    "environ",
    [
        {"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"},
        {"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb:nograb"},
        {"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "wayland;xcb"},
        {"WAYLAND_DISPLAY": "wayland-0"},
    ],
)
def test_runs_where_xcb_will_be_used(pyside: Path, environ: dict[str, str]) -> None:
    assert packages_in(problem(environ, "linux", pyside, complaining_ldd)) == ["libxcb-icccm4"]


def test_a_working_wayland_plugin_is_enough(tmp_path: Path) -> None:
    """Qt tries Wayland first when there is a Wayland display; xcb is then not needed."""
    pyside = fake_pyside(tmp_path, wayland=True)
    xcb = pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    wayland = pyside / "Qt" / "plugins" / "platforms" / "libqwayland.so"

    def ldd(files: list[Path]) -> str:
        report = ""
        for f in files:
            missing = ["libxcb-icccm.so.4"] if f == xcb else []
            if f == wayland and wayland_broken:
                missing = ["libwayland-cursor.so.0"]
            report += f"{f}:\n" + ldd_report(["libc.so.6"], missing)
        return report

    environ = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    wayland_broken = False
    assert problem(environ, "linux", pyside, ldd) is None
    wayland_broken = True
    assert packages_in(problem(environ, "linux", pyside, ldd)) == ["libxcb-icccm4"]


def test_no_ldd_never_stops_casebook(pyside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(pyside / "nothing-here"))
    assert platform_check.run_ldd([pyside]) is None
    assert problem(X11, "linux", pyside) is None


def test_no_plugin_file_never_stops_casebook(tmp_path: Path) -> None:
    assert problem(X11, "linux", tmp_path, complaining_ldd) is None


# -- a real ldd on a real library whose dependency is hidden -----------------------------
@pytest.fixture
def plugin_with_hidden_dependency(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A PySide6 folder whose libqxcb.so needs a library found only on LD_LIBRARY_PATH."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None or shutil.which("ldd") is None or not sys.platform.startswith("linux"):
        pytest.skip("needs a C compiler and ldd")
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (tmp_path / "dep.c").write_text("int casebook_dep(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text(
        "int casebook_dep(void);\nint casebook_plugin(void) { return casebook_dep(); }\n"
    )
    soname = "libcasebook-test-hidden.so.1"
    subprocess.run(
        [cc, "-shared", "-fPIC", f"-Wl,-soname,{soname}", "-o", hidden / soname, "dep.c"],
        cwd=tmp_path,
        check=True,
    )
    (hidden / "libcasebook-test-hidden.so").symlink_to(soname)
    pyside = fake_pyside(tmp_path / "site")
    plugin = pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    plugin.unlink()
    subprocess.run(
        [cc, "-shared", "-fPIC", "-o", plugin, "plugin.c", f"-L{hidden}", "-lcasebook-test-hidden"],
        cwd=tmp_path,
        check=True,
    )
    yield pyside, hidden


def test_real_ldd_names_the_hidden_librarys_package(
    plugin_with_hidden_dependency: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    pyside, hidden = plugin_with_hidden_dependency
    monkeypatch.setenv("LD_LIBRARY_PATH", "")

    assert packages_in(problem(X11, "linux", pyside)) == ["libcasebook-test-hidden1"]

    monkeypatch.setenv("LD_LIBRARY_PATH", str(hidden))  # the library "installed"
    assert problem(X11, "linux", pyside) is None


# -- the commands a user types ----------------------------------------------------------
def stand_in_ldd(folder: Path, missing: list[str]) -> Path:
    """An `ldd` on PATH that reports these libraries as not found."""
    folder.mkdir(parents=True)
    script = folder / "ldd"
    body = "".join(f"printf '\\t%s => not found\\n' '{lib}'\n" for lib in missing)
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
@pytest.mark.parametrize("module", ["app", "app.desktop.platform_check"])  # casebook; make run
def test_casebook_names_the_packages_and_stops_before_qt(tmp_path: Path, module: str) -> None:
    site = tmp_path / "site"
    fake_pyside(site)  # found first: if Qt were imported before the check, it would fail
    bin_dir = stand_in_ldd(tmp_path / "bin", ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(
        DISPLAY=":0",
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=f"{site}{os.pathsep}{REPO}",
    )

    result = subprocess.run(
        [sys.executable, "-m", module],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert packages_in(result.stderr) == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert result.stdout == ""


def test_make_run_checks_before_starting_casebook() -> None:
    if shutil.which("make") is None:
        pytest.skip("needs make")
    result = subprocess.run(
        ["make", "-n", "run"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    commands = [line.strip() for line in result.stdout.splitlines()]
    check = commands.index(".venv/bin/python -m app.desktop.platform_check")
    assert commands[check + 1] == ".venv/bin/casebook"


def test_readme_lists_every_package_the_check_knows() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Troubleshooting", 1)[1]
    lines = [
        " ".join(m.split())
        for m in re.findall(r"`(sudo apt-get install [^`]+)`", section, flags=re.DOTALL)
    ]
    listed = [line.split()[3:] for line in lines]
    assert sorted(all_packages()) in [sorted(p) for p in listed]
