"""Shared test data, built lazily once per run in one temporary directory.

- `training()`: a `casebook demo`-equivalent TRAINING database of 10 000 fictional
  cases, built with the fast key cost (only while creating), closed and unlocked
  again so it is in the state a DSL opens it in (WAL folded into the file).
- `production_database()`: a small database whose key slot has the production cost.

Everything is removed by `close()`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from types import TracebackType

from app.keyslots import KDF_ENV, PRODUCTION_COST, load_keyslots
from app.paths import keyslots_path
from app.services.demo import create_training_database
from app.services.workspace import Workspace, create_database, unlock

TRAINING_CASES = 10_000
USERNAME = "bench.dsl"
PASSWORD = "Fictional-Training-Passw0rd-2024"  # guards fictional data in a temp dir


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


class Fixtures:
    def __init__(self) -> None:
        self._root: Path | None = None
        self._training: Workspace | None = None
        self._production: Path | None = None

    # -- the temporary directory ----------------------------------------
    @property
    def root(self) -> Path:
        if self._root is None:
            # mkdtemp makes it owner-only (0700).
            self._root = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
        return self._root

    def scratch(self, name: str) -> Path:
        """A path in the temporary directory that does not exist yet."""
        path = self.root / name
        if path.exists():
            raise FileExistsError(path)
        return path

    # -- databases --------------------------------------------------------
    def training(self) -> Workspace:
        """The signed-in 10 000-case training database (shared: don't close it)."""
        if self._training is None:
            path = self.scratch("training.casebook")
            progress(f"building a {TRAINING_CASES:,}-case TRAINING database in {self.root}")
            start = time.perf_counter()
            with kdf_env("fast"):
                ws, _recovery = create_training_database(path, USERNAME, PASSWORD, TRAINING_CASES)
            ws.close()  # as `casebook demo` does; the last close folds the WAL in
            self._training = unlock(path, USERNAME, PASSWORD)  # the slot keeps its fast cost
            progress(f"built in {time.perf_counter() - start:.1f} s")
        return self._training

    def production_database(self) -> tuple[Path, str, str]:
        """(path, username, password) of a small database with the production key cost."""
        if self._production is None:
            path = self.scratch("production-cost.casebook")
            progress("creating a small database with the production key cost")
            with kdf_env(None):
                ws, _recovery = create_database(
                    path, USERNAME, PASSWORD, "Benchmark DSL", "Casebook Benchmark School"
                )
            ws.close()
            costs = [s.cost for s in load_keyslots(keyslots_path(path)).slots if s.cost]
            if costs != [asdict(PRODUCTION_COST)]:
                raise RuntimeError(f"expected the production key cost, the slot has {costs}")
            self._production = path
        return self._production, USERNAME, PASSWORD

    # -- cleaning up ------------------------------------------------------
    def close(self) -> None:
        if self._training is not None:
            self._training.close()
            self._training = None
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            if self._root.exists():
                print(f"warning: could not remove {self._root}", file=sys.stderr)
            self._root = None
        self._production = None

    def __enter__(self) -> Fixtures:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
