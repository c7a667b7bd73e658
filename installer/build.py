"""Build Casebook for the system this runs on: `python installer/build.py`.

1. PyInstaller (installer/casebook.spec) makes dist/casebook/, a folder that runs
   with no Python installed (on macOS also dist/Casebook.app).
2. Then, by system:
   - Linux: the .desktop file, icon and set-up script go beside the program, and
     dist/casebook-<version>-linux-<arch>.tar.gz is written; it runs after unpacking.
   - Windows: Inno Setup's compiler (ISCC.exe) turns the folder into
     dist/Casebook-<version>-setup.exe, when Inno Setup 6 is installed.
   - macOS: dist/Casebook-<version>-macos.dmg, with hdiutil.

Options: --debug (console and bootloader messages), --no-package (the folder only).
Prints the build time and sizes; exit 0 when every step worked.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "casebook"
sys.path.insert(0, str(ROOT))

from app import APP_NAME, __version__  # noqa: E402

LINUX_EXTRAS = ("casebook.desktop", "install-desktop-entry.sh", "README.txt")
INNO_DEFAULTS = (
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6",
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Inno Setup 6",
    Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6",
)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(size: int) -> str:
    """Decimal megabytes, as the size budget ("within 150 MB") counts; MiB beside them."""
    return f"{size / 1_000_000:.1f} MB ({size / 2**20:.1f} MiB)"


def run_pyinstaller(debug: bool) -> None:
    env = dict(os.environ)
    if debug:
        env["CASEBOOK_DEBUG_BUILD"] = "1"
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(HERE / "casebook.spec"),
        "--noconfirm",
        "--clean",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={WORK}",
    ]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def linux_package() -> Path:
    """The tarball: casebook/ with the program, its icon, .desktop file and set-up script."""
    for name in LINUX_EXTRAS:
        shutil.copy2(HERE / "linux" / name, BUNDLE / name)
    (BUNDLE / "install-desktop-entry.sh").chmod(0o755)
    shutil.copy2(ROOT / "resources" / "icons" / "casebook-256.png", BUNDLE / "casebook.png")
    arch = platform.machine().lower() or "unknown"
    tarball = DIST / f"casebook-{__version__}-linux-{arch}.tar.gz"

    def tidy(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname="casebook", filter=tidy)
    return tarball


def find_iscc() -> Path | None:
    on_path = shutil.which("ISCC") or shutil.which("iscc")
    if on_path:
        return Path(on_path)
    for folder in INNO_DEFAULTS:
        candidate = folder / "ISCC.exe"
        if candidate.is_file():
            return candidate
    return None


def windows_package() -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup 6 not found: install it (see installer/README.md) to make the installer.")
        return None
    script = HERE / "windows" / "casebook.iss"
    subprocess.run([str(iscc), f"/DAppVersion={__version__}", f"/O{DIST}", str(script)], check=True)
    return DIST / f"{APP_NAME}-{__version__}-setup.exe"


def macos_package() -> Path:
    image = DIST / f"{APP_NAME}-{__version__}-macos.dmg"
    image.unlink(missing_ok=True)
    subprocess.run([str(HERE / "macos" / "make_dmg.sh"), str(DIST), __version__], check=True)
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="installer/build.py", description=__doc__.split("\n")[0])
    parser.add_argument("--debug", action="store_true", help="a build that shows a console")
    parser.add_argument("--no-package", action="store_true", help="build the folder only")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    run_pyinstaller(args.debug)
    built = time.perf_counter() - started
    print(f"built {BUNDLE} in {built:.0f} s: {mb(folder_size(BUNDLE))} unpacked")
    if args.no_package:
        return 0
    package: Path | None
    if sys.platform.startswith("linux"):
        package = linux_package()
    elif sys.platform == "win32":
        package = windows_package()
    elif sys.platform == "darwin":
        package = macos_package()
    else:
        package = None
    if package is not None:
        print(f"package {package}: {mb(package.stat().st_size)}")
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
