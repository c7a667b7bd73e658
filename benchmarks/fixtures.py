"""The benchmark databases: built once, cached between runs, copied for each run.

Training databases of 1k, 10k and 50k fictional cases are built with
`create_training_database` under the fast key cost and kept in
`.bench-cache/<schema head>/` (git-ignored), because 50k takes minutes. A new
schema head means a new folder, so a cached file never needs a migration.

Each run works on copies in one owner-only temporary directory, removed at the
end: signing in writes to the audit trail, and the cache must stay as built.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from types import TracebackType

from app.errors import WrongPassword
from app.security.keyslots import KDF_ENV, PRODUCTION_COST, load_keyslots, save_keyslots
from app.storage.paths import keyslots_path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache"
MIGRATIONS = ROOT / "app" / "migrations" / "versions"
REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.M)
USERNAME = "bench.dsl"
# Guards fictional data only; it must pass the password rule, which refuses a
# word of the training school's name ("Casebook Training School").
PASSWORD = "Fictional-Heron-Kettle-Marble-2024"
SIZES = {"1k": 1_000, "10k": 10_000, "50k": 50_000}


@contextlib.contextmanager
def kdf_env(value: str | None) -> Iterator[None]:
    """Set (or unset, for None) CASEBOOK_KDF for the block, then restore it."""
    before = os.environ.get(KDF_ENV)
    if value is None:
        os.environ.pop(KDF_ENV, None)
    else:
        os.environ[KDF_ENV] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(KDF_ENV, None)
        else:
            os.environ[KDF_ENV] = before


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


def database_files(path: Path) -> list[Path]:
    """The database, its key file and any WAL/SHM beside it."""
    extras = [keyslots_path(path), Path(f"{path}-wal"), Path(f"{path}-shm")]
    return [path, *(p for p in extras if p.exists())]


def copy_database(src: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    for f in database_files(src):
        shutil.copy2(f, dest.parent / f.name.replace(src.name, dest.name, 1))
    return dest


def schema_head() -> str:
    """The newest migration's revision, read from the migration files themselves."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in MIGRATIONS.glob("*.py"):
        found = dict(REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = sorted(revisions - parents)
    if len(heads) != 1:
        raise RuntimeError(f"expected one schema head, found {heads}")
    return heads[0]


def cached_training(size: str) -> Path:
    """The cached training database of `size` cases, built the first time it is asked for."""
    folder = CACHE / schema_head() / f"cases-{size}"
    path = folder / "casebook.db"
    if path.exists() and keyslots_path(path).exists():
        if _opens(path):
            return path
        shutil.rmtree(folder)  # built with an earlier bench password: build it again
    from app.training import create_training_database

    CACHE.mkdir(exist_ok=True, mode=0o700)
    (CACHE / ".gitignore").write_text("*\n", encoding="utf-8")
    building = Path(tempfile.mkdtemp(prefix=f"building-{size}-", dir=CACHE))
    progress(f"building the {size}-case TRAINING database (once; cached in {CACHE})")
    start = time.perf_counter()
    try:
        with kdf_env("fast"):
            ws, _recovery = create_training_database(
                building / "casebook.db", USERNAME, PASSWORD, SIZES[size]
            )
        ws.close()  # the last close folds the WAL into the file, as `casebook demo` leaves it
        folder.parent.mkdir(parents=True, exist_ok=True)
        building.rename(folder)  # only a finished database is ever found in the cache
    finally:
        shutil.rmtree(building, ignore_errors=True)
    for stale in CACHE.iterdir():  # databases of an older schema are never used again
        if (
            stale.is_dir()
            and stale.name != folder.parent.name
            and not stale.name.startswith("building-")
        ):
            shutil.rmtree(stale, ignore_errors=True)
    progress(f"built in {time.perf_counter() - start:.0f} s")
    return path


def _opens(path: Path) -> bool:
    try:
        database_key(path)
    except WrongPassword:
        return False
    return True


def database_key(path: Path) -> bytes:
    """The raw database key, for the floors (they open the file with it directly)."""
    return load_keyslots(keyslots_path(path)).unlock_with_password(USERNAME, PASSWORD)


def set_production_cost(path: Path) -> None:
    """Re-wrap the bench account's slot with the production key cost (same database)."""
    keys = keyslots_path(path)
    slots = load_keyslots(keys)
    key = slots.unlock_with_password(USERNAME, PASSWORD)
    with kdf_env(None):
        slots.add_password(USERNAME, PASSWORD, key)
    save_keyslots(keys, slots)
    costs = [s.cost for s in load_keyslots(keys).slots if s.cost]
    if costs != [asdict(PRODUCTION_COST)]:
        raise RuntimeError(f"expected the production key cost, the slot has {costs}")


class Fixtures:
    """One run's temporary directory and its working copies of the cached databases."""

    def __init__(self) -> None:
        self._root: Path | None = None
        self._copies: dict[tuple[str, str], Path] = {}

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="casebook-bench-"))  # 0700
        return self._root

    def scratch(self, name: str) -> Path:
        """A path in the temporary directory that does not exist yet."""
        path = self.root / name
        if path.exists():
            raise FileExistsError(path)
        return path

    def training(self, size: str, cost: str = "fast") -> Path:
        """A working copy of the `size` training database; `cost` "production" re-wraps
        its key slot with the production key cost."""
        found = self._copies.get((size, cost))
        if found is None:
            found = copy_database(
                cached_training(size), self.root / f"{size}-{cost}" / "casebook.db"
            )
            if cost == "production":
                set_production_cost(found)
            self._copies[(size, cost)] = found
        return found

    def password_file(self) -> Path:
        """The bench account's (fictional) password as `--password-file` reads it."""
        path = self.root / "password.txt"
        if not path.exists():
            path.write_text(f"{PASSWORD}\n", encoding="utf-8")
        return path

    def close(self) -> None:
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            if self._root.exists():
                print(f"warning: could not remove {self._root}", file=sys.stderr)
            self._root = None
        self._copies.clear()

    def __enter__(self) -> Fixtures:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


if __name__ == "__main__":
    # `python -m benchmarks.fixtures 1k 10k 50k`: fill the cache ahead of a run.
    for wanted in sys.argv[1:] or list(SIZES):
        print(cached_training(wanted))
