"""Floor for signing in and for the commands: the least any program could do.

Argon2id with the slot's own cost, the AES-GCM unwrap of the database key,
sqlcipher3 opened with the raw key, then the job in plain SQL. It reads the
key file itself and imports nothing of Casebook's.

    raw_sqlcipher.py cases DB USER PASSWORD_FILE  # what `casebook cases` prints
    raw_sqlcipher.py signin DB USER < password    # JSON: derive_ms, open_ms
    raw_sqlcipher.py check DB USER < password     # the checks `casebook verify` runs
"""

from __future__ import annotations

import base64
import json
import sys
import time
from pathlib import Path
from typing import Any

import sqlcipher3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id


def database_key(db: Path, username: str, password: str) -> bytes:
    doc = json.loads(Path(f"{db}.keys").read_bytes())
    slot = next(s for s in doc["slots"] if s["kind"] == "password" and s["username"] == username)
    cost = slot["cost"]
    kek = Argon2id(
        salt=base64.b64decode(slot["salt"]),
        length=32,
        iterations=cost["iterations"],
        lanes=cost["lanes"],
        memory_cost=cost["memory_kib"],
    ).derive(password.encode("utf-8"))
    aad = f"{doc['format']}:{doc['version']}:{doc['database_id']}:password:{username}".encode()
    return AESGCM(kek).decrypt(
        base64.b64decode(slot["nonce"]), base64.b64decode(slot["wrapped"]), aad
    )


def connect(db: Path, key: bytes) -> Any:
    conn = sqlcipher3.connect(str(db), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def cases(db: Path, username: str, password_file: Path) -> None:
    password = password_file.read_text(encoding="utf-8").splitlines()[0]
    conn = connect(db, database_key(db, username, password))
    rows = conn.execute(
        "SELECT reference, status, opened_at, next_review_on FROM cases ORDER BY reference"
    ).fetchall()
    lines = [f"{'reference':<12}{'status':<12}{'opened':<12}next review"]
    for ref, status, opened, review in rows:
        lines.append(f"{ref:<12}{status:<12}{(opened or '-')[:10]:<12}{review or '-'}")
    print("\n".join(lines))


def signin(db: Path, username: str, password: str) -> None:
    start = time.perf_counter()
    key = database_key(db, username, password)
    derived = time.perf_counter()
    conn = connect(db, key)
    found = conn.execute(
        "SELECT id, display_name, role FROM staff_accounts WHERE username = ? AND active",
        (username,),
    ).fetchone()
    opened = time.perf_counter()
    if found is None:
        raise SystemExit("no such account")
    conn.close()
    print(json.dumps({"derive_ms": (derived - start) * 1e3, "open_ms": (opened - derived) * 1e3}))


def check(db: Path, username: str, password: str) -> None:
    conn = connect(db, database_key(db, username, password))
    problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    problems += [r for r in conn.execute("PRAGMA integrity_check").fetchall() if r != ("ok",)]
    problems += conn.execute("PRAGMA foreign_key_check").fetchall()
    print("OK" if not problems else f"{len(problems)} problems")


if __name__ == "__main__":
    mode, db, user = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if mode == "cases":
        cases(db, user, Path(sys.argv[4]))
    elif mode == "signin":
        signin(db, user, sys.stdin.readline().rstrip("\n"))
    elif mode == "check":
        check(db, user, sys.stdin.readline().rstrip("\n"))
    else:
        raise SystemExit(f"unknown mode {mode}")
