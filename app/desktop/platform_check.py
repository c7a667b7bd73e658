"""Before Qt starts on Linux: are the system libraries its xcb plugin needs there?

Without them Qt stops with "could not load the Qt platform plugin xcb", which
names none of them. This module asks `ldd` which libraries the plugin cannot
find and turns them into one `apt-get install` line. It never imports Qt (it
runs before Qt is loaded) and it never stops Casebook when it cannot tell: no
`ldd`, no plugin file, or not Linux all mean "carry on".
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# Every system library that PySide6's libqxcb.so, and the libQt6XcbQpa, Gui,
# Core and DBus libraries it loads, name directly (`ldd` and `readelf -d` on
# PySide6 6.11), by the Debian package that ships it. Installing these brings
# the rest by apt's dependencies. Left out: glibc, libstdc++ and libgcc, which
# Python and PySide6's own modules cannot start without.
DEBIAN_PACKAGES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}

# Libraries those load in turn, where Debian's naming rule (see package_for)
# would guess the wrong package. `ldd` only reports one of these as missing when
# the library above it was found, which apt's dependencies make rare.
_INDIRECT_PACKAGES: dict[str, str] = {
    "libGLdispatch.so.0": "libglvnd0",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlidec.so.1": "libbrotli1",
    "libgcc_s.so.1": "libgcc-s1",
}

_PLATFORMS = Path("Qt") / "plugins" / "platforms"
_XCB_PLUGIN = "libqxcb.so"
_WAYLAND_PLUGIN = "libqwayland.so"
_XCB_QPA = Path("Qt") / "lib" / "libQt6XcbQpa.so.6"
_SONAME = re.compile(r"^lib(?P<name>.+)\.so\.(?P<version>[0-9.]+)$")

LddRunner = Callable[[list[Path]], str | None]


def all_packages() -> list[str]:
    """Every package the plugin may need, once each: the README quotes this list."""
    return sorted(set(DEBIAN_PACKAGES.values()))


def install_line(packages: Iterable[str]) -> str:
    return "sudo apt-get install " + " ".join(sorted(set(packages)))


def package_for(library: str) -> str:
    """The Debian package for a library, by the table or Debian's naming rule."""
    known = DEBIAN_PACKAGES.get(library) or _INDIRECT_PACKAGES.get(library)
    if known:
        return known
    # Debian policy 8.1: libfoo.so.1 is in libfoo1; libfoo2.so.1 in libfoo2-1.
    match = _SONAME.match(library)
    if not match:
        return library
    name, major = match["name"].lower(), match["version"].split(".")[0]
    return f"lib{name}-{major}" if name[-1].isdigit() else f"lib{name}{major}"


def _candidates(environ: Mapping[str, str]) -> list[str]:
    """The plugins Qt will try, in order, or [] when xcb will not be among them."""
    requested = environ.get("QT_QPA_PLATFORM", "")
    if requested:
        names = [part.split(":")[0].strip() for part in requested.split(";")]
    else:
        # Qt tries Wayland first when there is a Wayland display, then xcb.
        names = ["wayland", "xcb"] if environ.get("WAYLAND_DISPLAY") else ["xcb"]
    if "xcb" not in names:
        return []
    return names[: names.index("xcb") + 1]


def wants_check(environ: Mapping[str, str], platform: str) -> bool:
    has_display = bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    return platform.startswith("linux") and has_display and bool(_candidates(environ))


def pyside_folder() -> Path | None:
    """PySide6's folder, found without importing it (that would load Qt)."""
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def run_ldd(files: list[Path]) -> str | None:
    """`ldd`'s report on the files, or None when it cannot be run."""
    import subprocess  # here: this runs beside the first window, not before it

    try:
        done = subprocess.run(
            ["ldd", *map(str, files)],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=15,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def missing_by_file(ldd_output: str, files: list[Path]) -> dict[Path, list[str]]:
    """The libraries `ldd` reports "not found", for each file it was given.

    With one file `ldd` prints no heading; with several, each report starts
    with the file's path and a colon. Lines before any heading are the first's.
    """
    missing: dict[Path, list[str]] = {f: [] for f in files}
    by_heading = {f"{f}:": f for f in files}
    current = files[0]
    for line in ldd_output.splitlines():
        if line.strip() in by_heading and not line.startswith(("\t", " ")):
            current = by_heading[line.strip()]
            continue
        library, _, where = line.strip().partition("=>")
        if where.strip() == "not found":
            name = library.strip()
            if name not in missing[current]:
                missing[current].append(name)
    return missing


def missing_packages(
    pyside: Path, ldd: LddRunner = run_ldd, *, wayland_first: bool = False
) -> list[str] | None:
    """The packages to install so the xcb plugin loads: [] when none, None if unknown.

    When Qt tries Wayland first and that plugin has every library it needs, Qt
    will not need xcb, so nothing is missing.
    """
    xcb = pyside / _PLATFORMS / _XCB_PLUGIN
    if not xcb.is_file():
        return None
    files = [xcb] + [p for p in (pyside / _XCB_QPA,) if p.is_file()]
    wayland = pyside / _PLATFORMS / _WAYLAND_PLUGIN
    if wayland_first and wayland.is_file():
        files.append(wayland)
    output = ldd(files)
    if output is None:
        return None
    missing = missing_by_file(output, files)
    if missing.pop(wayland, None) == []:
        return []
    libraries = {lib for found in missing.values() for lib in found}
    # Qt's own libraries come with Casebook, never from apt.
    return sorted({package_for(lib) for lib in libraries if not lib.startswith("libQt6")})


def problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    pyside: Path | None = None,
    ldd: LddRunner = run_ldd,
) -> str | None:
    """What to tell the user before Qt would fail to start, or None to carry on."""
    env = os.environ if environ is None else environ
    if not wants_check(env, sys.platform if platform is None else platform):
        return None
    folder = pyside or pyside_folder()
    if folder is None:
        return None
    packages = missing_packages(folder, ldd, wayland_first="wayland" in _candidates(env))
    if not packages:
        return None
    return (
        "Casebook cannot open its window: this computer lacks system libraries "
        "that Qt needs to draw it. Install them with this command, then try again:\n"
        f"    {install_line(packages)}"
    )


def _stop_if(message: str | None) -> None:
    if message:
        print(message, file=sys.stderr)
        raise SystemExit(1)


def exit_if_window_cannot_open() -> None:
    """Print the one install line and stop, before Qt is loaded, if libraries are missing."""
    _stop_if(problem())


class BackgroundCheck:
    """The check on a worker thread, so `ldd` runs while Qt's modules load."""

    def __init__(self) -> None:
        self._message: str | None = None
        self._thread = threading.Thread(target=self._run, name="platform-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._message = problem()
        except Exception:  # a check that cannot tell never stops Casebook
            self._message = None

    def exit_if_window_cannot_open(self) -> None:
        """Wait for the answer; print the install line and stop if libraries are missing."""
        self._thread.join()
        _stop_if(self._message)


def in_background() -> BackgroundCheck:
    return BackgroundCheck()


if __name__ == "__main__":  # `make run` calls this before starting the app
    exit_if_window_cannot_open()
