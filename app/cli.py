"""The `casebook` command: the GUI with no subcommand, and tools for IT staff.

Passwords come from a prompt or `--password-file`, never from arguments or the
environment. Errors print one line on stderr and exit non-zero; no traceback,
and no child data, ever reaches the terminal.

A command costs the key derivation and little more: while Argon2id runs (it
releases the GIL), a worker thread imports SQLAlchemy, the models and the
service the command needs, so neither waits for the other.
"""

from __future__ import annotations

import argparse
import codecs
import gc
import getpass
import importlib
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import APP_NAME, __version__
from app.errors import CasebookError, InvalidInput
from app.long_lived import freeze_loaded
from app.storage.paths import DB_ENV, default_db_path

if TYPE_CHECKING:
    from app.security.throttle import SignInThrottle
    from app.services.redaction import RedactionLog
    from app.services.workspace import Workspace

EXIT_OK, EXIT_ERROR, EXIT_UNSOUND = 0, 1, 3
# What a shell reports for a Unix tool stopped by SIGPIPE (128 + 13): `casebook
# cases | head` ends as quietly as `yes | head` does.
EXIT_PIPE_CLOSED = 141


MAX_USAGE_MESSAGE = 240  # characters of a usage error; beyond, the value is not repeated


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No abbreviations: "--password X" must never be taken as "--password-file X".
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        if message.startswith("unrecognized arguments"):
            # Never echo them: someone may have typed a password on the command line.
            message = "unrecognized arguments (not repeated here, in case one is a password)"
        elif len(message) > MAX_USAGE_MESSAGE:
            # "argument --cases: invalid int value: '<the whole value>'": not echoed.
            option = message.split(": ", 1)[0]
            message = f"{option}: the value given is not one it takes (too long to repeat here)"
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


# A password file holds one line; anything this long is the wrong file (or /dev/zero).
PASSWORD_FILE_LIMIT = 64 * 1024
# Every path the command line takes, by option, for the checks made before anything runs.
PATH_OPTIONS = (
    ("--db", "db"),
    ("--password-file", "password_file"),
    ("--out", "out"),
    ("--passphrase-file", "passphrase_file"),
)
MAX_PATH = 4096  # characters: longer than any folder a school laptop has
MAX_PATH_PART = 255  # bytes in one file or folder name (every file system Casebook meets)
MAX_REFERENCE = 24  # a case reference is 2026-0003; even a school's millionth case fits
MAX_NAME = 200  # a young person's or school's name (as an account's full name)


def _read_secret(args: argparse.Namespace, prompt: str, *, confirm: bool = False) -> str:
    if args.password_file:
        try:
            with open(args.password_file, "rb") as file:
                raw = file.read(PASSWORD_FILE_LIMIT + 1)
        except OSError as exc:
            raise InvalidInput(f"Cannot read the password file {args.password_file}.") from exc
        return _first_line(raw, args.password_file)
    if not sys.stdin.isatty():
        raise InvalidInput("No terminal to ask for a password: use --password-file FILE.")
    secret = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != secret:
        raise InvalidInput("The two passwords do not match; nothing was created.")
    return secret


def _first_line(raw: bytes, name: str) -> str:
    """A password file's first line, without its line ending or a byte-order mark
    (Notepad saves one with "UTF-8 with BOM" and with "Unicode")."""
    if len(raw) > PASSWORD_FILE_LIMIT:
        raise InvalidInput(
            f"The password file {name} is too long to be one: "
            "it should hold the password on its first line."
        )
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = raw.decode("utf-16")  # the BOM says which order, and is dropped
        else:
            text = raw.decode("utf-8-sig")  # a UTF-8 BOM is dropped
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"The password file {name} is not plain text: save it again as UTF-8 text."
        ) from exc
    line = text.splitlines()[0] if text else ""
    if not line:
        raise InvalidInput(
            f"The first line of the password file {name} is empty: put the password on it."
        )
    return line


def _check_arguments(args: argparse.Namespace) -> None:
    """What the command line was given, checked before a password is asked for or
    anything is read or written. A value that may be mistyped, or child data, is
    not repeated in the message."""
    for option, attribute in PATH_OPTIONS:
        value = getattr(args, attribute, None)
        if value is not None:
            _check_path(option, value)
    command = getattr(args, "command", None)
    if command == "restore":
        _check_path("the backup FILE", args.file)
        _check_backup_file(Path(args.file).expanduser())
    if getattr(args, "user", None) is not None:
        from app.security.keyslots import normalise_username

        normalise_username(args.user)  # blank, too long or control characters: say so
    if getattr(args, "case", None) is not None:
        _check_reference(args.case)
    child = getattr(args, "child", None)
    if child is not None:
        if not child.strip():
            raise InvalidInput(
                "--child was given an empty name. Give the young person's full name, "
                "or leave --child out to print the whole record."
            )
        if len(child) > MAX_NAME or not child.isprintable():
            raise InvalidInput(
                f"What was given to --child is not a name (at most {MAX_NAME} characters "
                "on one line); check how it was typed."
            )
    school = getattr(args, "school", None)
    if school and (len(school) > MAX_NAME or not school.isprintable()):
        raise InvalidInput(
            f"The school's name is at most {MAX_NAME} characters, on one line; "
            "check what was given to --school."
        )
    if command == "audit":
        from app.services.audit_view import TrailFilter, date_range

        start, end = date_range(args.start or "", args.end or "")  # says what is wrong
        TrailFilter(case_text=args.case or "", start=start, end=end).describe()
    if command == "export-pdf":
        _check_export(args)
    if command in ("backup", "export-pdf", "audit", "transfer-out"):
        _check_out(Path(args.out).expanduser())
    if command == "transfer-out":
        from app.services.transfer import school_name

        school_name(args.to, "The new school's name (--to)")
    if command == "transfer-in":
        _check_path("the pack FILE", args.file)
        _check_pack_file(Path(args.file).expanduser())


def _check_export(args: argparse.Namespace) -> None:
    """--encrypt needs --recipient (and only then); --redact and --keep words are on one
    line each, and only for an extract."""
    if args.encrypt:
        if args.recipient is None or not args.recipient.strip():
            raise InvalidInput(
                "--encrypt needs --recipient: who the copy is for, such as "
                '"PC Khan, Thames Valley Police".'
            )
        if len(args.recipient) > MAX_NAME or not args.recipient.isprintable():
            raise InvalidInput(
                f"What was given to --recipient is at most {MAX_NAME} characters, on one line; "
                "check how it was typed."
            )
    elif args.recipient is not None:
        raise InvalidInput(
            "--recipient goes with --encrypt: an unencrypted PDF is not for sending."
        )
    if args.redact and not args.child:
        raise InvalidInput("--redact is for an extract: give --child too.")
    for words in args.redact:
        if not words.strip() or len(words) > MAX_NAME or not words.isprintable():
            raise InvalidInput(
                f"Each --redact gives a word or a few words (at most {MAX_NAME} characters, "
                "on one line); check how they were typed."
            )
    if args.keep and not args.child:
        raise InvalidInput("--keep is for an extract: give --child too.")
    for word in args.keep:
        if not word.strip() or len(word) > MAX_NAME or not word.isprintable():
            raise InvalidInput(
                f"Each --keep gives one word the extract would replace (at most {MAX_NAME} "
                "characters, on one line); check how it was typed."
            )


def _check_path(option: str, value: str) -> None:
    if not value.strip():
        raise InvalidInput(
            f"{option[0].upper()}{option[1:]} was given an empty path (an unset variable, "
            "perhaps): give the file's path."
        )
    parts = Path(value).parts
    if len(value) > MAX_PATH or any(
        len(part.encode("utf-8", "surrogateescape")) > MAX_PATH_PART for part in parts
    ):
        raise InvalidInput(f"The path given to {option} is too long to be a file's.")
    if not value.isprintable():
        raise InvalidInput(
            f"The path given to {option} holds a line break or another control character; "
            "check how it was typed."
        )


def _check_reference(value: str) -> None:
    reference = value.strip()
    if not reference:
        raise InvalidInput("--case was given no reference: give one such as 2026-0003.")
    if len(reference) > MAX_REFERENCE or not reference.isprintable():
        raise InvalidInput(
            "What was given to --case is not a case reference (they look like 2026-0003); "
            "check how it was typed."
        )


def _check_backup_file(path: Path) -> None:
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder: give the path of the backup file itself.")
    if not path.exists():
        raise InvalidInput(f"There is no file {path}: check the backup's path.")


def _check_pack_file(path: Path) -> None:
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder: give the path of the transfer pack itself.")
    if not path.exists():
        raise InvalidInput(f"There is no file {path}: check the transfer pack's path.")


def _check_out(out: Path) -> None:
    """`--out` names a new file in a folder this account can write (made if missing)."""
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder: give --out the name of a new file in it.")
    folder = out.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folders that are missing are made when writing
    if not folder.is_dir():
        raise InvalidInput(f"Cannot write {out}: {folder} is a file, not a folder.")
    import secrets

    from app.storage.fileio import open_for_writing

    # A new empty file, made and removed: the one test every system answers truly
    # (a permission check says yes to root on /proc, and knows nothing of read-only media).
    probe = folder / f".casebook-check-{secrets.token_hex(8)}"
    try:
        os.close(open_for_writing(probe, exclusive=True))
    except OSError as exc:
        raise InvalidInput(
            f"Cannot write {out}: the folder {folder} cannot be written to. "
            "Choose another folder, or check its permissions."
        ) from exc
    os.unlink(probe)


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_db_path()


def _print_recovery_key(key: str) -> None:
    print("Recovery key (shown once; write it down and keep it in the school safe):")
    print(f"    {key}")
    print("It opens this database if every password is lost.")


def cmd_init(args: argparse.Namespace) -> int:
    from app.services.workspace import create_database

    password = _read_secret(args, f"New password for {args.user}: ", confirm=True)
    ws, recovery = create_database(
        _db(args), args.user, password, display_name=args.name or args.user, school_name=args.school
    )
    ws.close()
    print(f"Created {_db(args)} with the DSL account '{args.user}'.")
    _print_recovery_key(recovery)
    return EXIT_OK


class _Preload:
    """Imports modules on a worker thread; `wait` hands back any failure."""

    def __init__(self, modules: Sequence[str]) -> None:
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(modules,), name="casebook-preload", daemon=True
        )
        self._thread.start()

    def _run(self, modules: Sequence[str]) -> None:
        try:
            for name in modules:
                importlib.import_module(name)
        except BaseException as exc:  # re-raised on the main thread by `wait`
            self._error = exc

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


def _signed_in(args: argparse.Namespace, *modules: str) -> Workspace:
    """Sign in as `--user`, importing `modules` while the key is derived.

    The key file is read first: a missing database is reported before anyone
    is asked for a password, and before anything heavy is loaded. Wrong
    passwords slow down, counted with the window's (app.security.throttle):
    during a wait the command says how long and stops without trying.
    """
    from app.security.keyslots import slots_for_database
    from app.security.throttle import COMMAND_LINE, Throttle

    db = _db(args)
    slots = slots_for_database(db)
    door = Throttle.for_database(db).for_user(args.user, slots.usernames(), way=COMMAND_LINE)
    door.refuse_while_waiting()  # before the password is even asked for
    # The modules loaded below are some 400 000 objects that live as long as the
    # process and none of them garbage: the cycle collector would walk them again
    # and again (~50 ms). It waits for them, and then leaves them out (freeze).
    gc.disable()
    # zxcvbn too: the password is checked against today's rule once signed in.
    preload = _Preload(("app.services.workspace", "app.services.password_rule", "zxcvbn", *modules))
    try:
        password = _read_secret(args, f"Password for {args.user}: ")
        with door.attempt():
            key = slots.unlock_with_password(args.user, password)
    finally:
        preload.wait()  # always: an import is never cut off when the process ends
        freeze_loaded()
        gc.enable()
    from app.services.workspace import open_with_key

    ws = open_with_key(db, slots, key, args.user)
    try:
        from app.services.accounts import refuse_until_changed

        refuse_until_changed(ws)  # a password the DSL set: chosen in the window first
        _advise_if_weak(ws, password)
    except BaseException:
        ws.close()
        raise
    if ws.read_only is not None:  # reading, printing and backing up elsewhere go on
        print(f"casebook: read-only: {ws.read_only}", file=sys.stderr)
    elif ws.writes_stopped is not None:  # the audit trail is broken: read and verify only
        print(f"casebook: {ws.writes_stopped}", file=sys.stderr)
    return ws


def _advise_if_weak(ws: Workspace, password: str) -> None:
    """One line on stderr when the password no longer meets the rule; the command goes on."""
    from app.services.password_rule import advice_at_sign_in

    advice = advice_at_sign_in(ws, password)
    if advice:
        print(f"casebook: {advice}", file=sys.stderr)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.training import create_training_database

    if args.cases < 0 or args.cases > 100_000:
        raise InvalidInput("--cases must be between 0 and 100000.")
    password = _read_secret(args, f"New password for {args.user}: ", confirm=True)
    ws, recovery = create_training_database(_db(args), args.user, password, args.cases)
    ws.close()
    print(f"Created TRAINING database {_db(args)} with {args.cases} fictional cases.")
    _print_recovery_key(recovery)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    ws = _signed_in(args, "app.services.verify")
    from app.services.verify import verify

    try:
        report = verify(ws, getattr(args, "seal", None))
    finally:
        ws.close()
    if report.sound:
        print(
            f"OK: database sound; audit trail of {report.audit_entries} entries intact; "
            f"{report.rows_sealed} rows match their seals."
        )
    print(f"Seal {report.seal}")
    for line in report.anchor_lines():
        print(f"  {line}")
    if report.sound:
        return EXIT_OK
    for problem in report.problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return EXIT_UNSOUND


def cmd_cases(args: argparse.Namespace) -> int:
    ws = _signed_in(args, "app.models", "app.services.queries")
    from app.models import CaseStatus
    from app.services.queries import case_lines_as_text

    try:
        lines = case_lines_as_text(ws, CaseStatus(args.status) if args.status else None)
    finally:
        ws.close()
    out = [f"{'reference':<12}{'status':<12}{'opened':<12}next review"]
    for reference, status, opened, review in lines:
        out.append(f"{reference:<12}{status:<12}{opened or '-':<12}{review or '-'}")
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK


def cmd_discard_draft(args: argparse.Namespace) -> int:
    ws = _signed_in(args, "app.services.cases")
    from app.services.cases import discard_draft

    try:
        reference = discard_draft(ws, args.case, args.reason)
    finally:
        ws.close()
    # Never the reason on the terminal: it stays on the case, with who and when.
    print(f"Draft {reference} discarded: its pages were deleted; the reference stays taken.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    ws = _signed_in(args, "app.services.backup")
    from app.services.backup import BY_HAND, make_backup

    try:
        cleaned = make_backup(ws, Path(args.out), BY_HAND)
    finally:
        ws.close()
    print(f"Backup written and checked: {args.out}")
    if cleaned:
        print(f"Removed {cleaned} files left in that folder by backups that were interrupted.")
    return EXIT_OK


def _restore_door(args: argparse.Namespace) -> SignInThrottle:
    """The count of wrong tries that a restore's password or recovery key adds to."""
    from app.security.keyslots import load_keyslots
    from app.security.throttle import COMMAND_LINE, Throttle
    from app.storage.paths import keyslots_path

    throttle = Throttle.for_database(_db(args))
    if args.recovery:
        return throttle.for_recovery_key(way=COMMAND_LINE)
    try:
        known = load_keyslots(keyslots_path(_db(args))).usernames()
    except CasebookError:
        known = []  # no key file here (yet): the name shares the count of unknown names
    return throttle.for_user(args.user, known, way=COMMAND_LINE)


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services.backup import restore_backup

    if not args.recovery and not args.user:
        raise InvalidInput("Give --user NAME, or --recovery to use the recovery key.")
    door = _restore_door(args)
    door.refuse_while_waiting()  # before the password or key is even asked for
    if args.recovery:
        key = _read_secret(args, "Recovery key: ")
        with door.attempt():
            aside = restore_backup(Path(args.file), _db(args), recovery_key=key)
    else:
        password = _read_secret(args, f"Password for {args.user}: ")
        with door.attempt():
            aside = restore_backup(
                Path(args.file), _db(args), username=args.user, password=password
            )
    print(f"Restored {args.file} to {_db(args)}.")
    if aside:
        print(f"The database it replaced was kept as {aside}.")
    return EXIT_OK


PDF_NOT_ENCRYPTED = (
    "The PDF is not encrypted: keep it safe and delete it when it is no longer needed."
)


def _new_pdf_path(args: argparse.Namespace) -> Path:
    """--out as a new file whose folder exists (made if need be), before signing in."""
    out = Path(args.out).expanduser()
    if out.exists():
        raise InvalidInput(f"{out} already exists; choose a new file name.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {out}; check the folder and its permissions.") from exc
    return out


def _write_pdf(out: Path, data: bytes) -> None:
    from app.storage.fileio import atomic_write

    try:
        atomic_write(out, data)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {out}; check the folder and its permissions.") from exc


PASSPHRASE_ADVICE = (
    "Give the passphrase to the recipient by phone, never in the same email as the file. "
    "It is shown only this once: Casebook does not keep it."
)


def cmd_export_pdf(args: argparse.Namespace) -> int:
    out = _new_pdf_path(args)
    ws = _signed_in(args, "app.printing")
    from app import printing

    passphrase = ""
    try:
        child = printing.find_child(ws, args.case, args.child) if args.child else None
        child_id = child.id if child else None
        if args.encrypt:
            copy = printing.encrypted_case_pdf(
                ws,
                args.case,
                recipient=args.recipient,
                child_id=child_id,
                include_history=args.history,
                redact=args.redact,
                keep=args.keep,
            )
            data, log, passphrase = copy.data, copy.redactions, copy.passphrase
        else:
            data, log = printing.case_output(
                ws,
                args.case,
                child_id=child_id,
                include_history=args.history,
                purpose="exported",
                redact=args.redact,
                keep=args.keep,
            )
    finally:
        ws.close()
    _write_pdf(out, data)
    # Never a name on the terminal: the extract is named by the young person's number.
    what = printing.describe(child_id)
    if passphrase:
        print(f"Wrote an encrypted copy of the {what} of case {args.case.strip()} to {out}.")
    else:
        print(f"Wrote the {what} of case {args.case.strip()} to {out}.")
    if child_id is not None:
        print(f"Redacted: {log.summary()}.")
        _say_unused_words(args, log)
    if passphrase:
        print(f"Passphrase: {passphrase}")
        print(PASSPHRASE_ADVICE)
    else:
        print(PDF_NOT_ENCRYPTED)
    return EXIT_OK


def _say_unused_words(args: argparse.Namespace, log: RedactionLog) -> None:
    """A --redact word found nowhere may be misspelt, and the word it meant still
    printed: say which, by its place on the command line (never the word itself)."""
    from app.services.redaction import marked_words

    given = marked_words(args.redact)
    for word in log.marked_not_found:
        print(
            f"Nothing was redacted for the {_ordinal(given.index(word) + 1)} --redact word: "
            "it is not in what the extract prints. Check its spelling."
        )
    asked = marked_words(args.keep)
    for word in log.keep_unused:
        print(
            f"The {_ordinal(asked.index(word) + 1)} --keep word changed nothing: "
            "no word the extract replaces is that word."
        )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def cmd_audit(args: argparse.Namespace) -> int:
    from app.services.audit_view import TrailFilter, date_range

    out = _new_pdf_path(args)
    # The dates were checked with the other arguments, before the password was asked for.
    start, end = date_range(args.start or "", args.end or "")
    chosen = TrailFilter(case_text=(args.case or "").strip(), start=start, end=end)
    ws = _signed_in(args, "app.printing", "app.reports.audit_report")
    from app import printing

    try:
        data = printing.audit_trail_pdf(ws, chosen, purpose="exported")
    finally:
        ws.close()
    _write_pdf(out, data)
    print(f"Wrote the audit trail (filter: {chosen.describe()}) to {out}.")
    print(PDF_NOT_ENCRYPTED)
    return EXIT_OK


def _read_passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_file:
        try:
            with open(args.passphrase_file, "rb") as file:
                raw = file.read(PASSWORD_FILE_LIMIT + 1)
        except OSError as exc:
            raise InvalidInput(f"Cannot read the passphrase file {args.passphrase_file}.") from exc
        return _first_line(raw, args.passphrase_file)
    if not sys.stdin.isatty():
        raise InvalidInput("No terminal to ask for the passphrase: use --passphrase-file FILE.")
    return getpass.getpass("Passphrase (the words the sending school gave by phone): ")


def cmd_transfer_out(args: argparse.Namespace) -> int:
    out = _new_pdf_path(args)
    ws = _signed_in(args, "app.printing", "pyrage")
    from app import printing

    try:
        child = printing.find_child(ws, args.case, args.child)
        made = printing.transfer_pack(ws, args.case, child.id, args.to, out)
    finally:
        ws.close()
    sent = made.sent
    # Never a name on the terminal: the child is named by the young person's number.
    print(
        f"Wrote the transfer pack for young person #{child.id} of case {sent.reference} "
        f"(cases {', '.join(sent.references)}) to {out}."
    )
    print(f"Passphrase: {made.passphrase}")
    print(
        "Give the passphrase to the new school's DSL by phone, never with the pack; "
        "it is shown only this once."
    )
    print(
        f"Receipt awaited from {sent.to_school} by {sent.receipt_due_on.strftime('%d/%m/%Y')}: "
        "record it with 'casebook transfer-receipt' when they read the code back."
    )
    return EXIT_OK


def cmd_transfer_in(args: argparse.Namespace) -> int:
    from app.transfer import pack

    path = Path(args.file).expanduser()
    if path.stat().st_size > pack.MAX_PACK_BYTES:
        raise pack.NotAPack()
    data = path.read_bytes()
    opened = pack.open_pack(data, _normal_passphrase(_read_passphrase(args)))
    ws = _signed_in(args, "app.services.transfer")
    from app.services import transfer

    try:
        link = None
        if args.link_case:
            link = transfer.person_in_case(ws, args.link_case, opened)
        done = transfer.import_pack(ws, opened, link_to=link)
    finally:
        ws.close()
    where = (
        f"linked to case {done.linked_reference}"
        if done.linked_reference
        else "as a young person new to this school"
    )
    print(
        f"Imported the file sent by {done.from_school}: {done.cases} case(s), kept read-only "
        f"as transferred in, {where}."
    )
    print(f"Receipt code: {done.receipt_code}")
    print(f"Read the receipt code back to {done.from_school} by phone to confirm receipt.")
    return EXIT_OK


def _normal_passphrase(text: str) -> str:
    from app.security.passphrase import normalise

    return normalise(text)


def cmd_transfer_receipt(args: argparse.Namespace) -> int:
    ws = _signed_in(args, "app.printing", "app.services.transfer")
    from app import printing
    from app.services import transfer

    try:
        child = printing.find_child(ws, args.case, args.child)
        done = transfer.confirm_receipt(ws, args.case, child.id, args.code)
    finally:
        ws.close()
    assert done.received_at is not None
    print(
        f"Receipt recorded: {done.to_school} confirmed receiving the file of young person "
        f"#{child.id} (case {done.reference}) on {done.received_at.strftime('%d/%m/%Y')}."
    )
    return EXIT_OK


def cmd_selftest(args: argparse.Namespace) -> int:
    from app.selftest import run_selftest

    return run_selftest()


def cmd_where(args: argparse.Namespace) -> int:
    from app.storage import data_location
    from app.storage.paths import keyslots_path

    location = (
        data_location.DataLocation(_db(args), "chosen") if args.db else data_location.current()
    )
    print(location.describe())
    state = "present" if location.db_path.exists() else "not created yet"
    print(f"Database: {location.db_path} ({state})")
    print(f"Key file: {keyslots_path(location.db_path)}")
    from app.diagnostics.crashlog import logs_dir

    print(f"Logs for IT (no case data): {logs_dir()}")
    problem = data_location.shared_folder_problem(location)
    if problem:
        print(f"PROBLEM: {problem}", file=sys.stderr)
        return EXIT_UNSOUND
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    # Long because it declares every command and option, in the order --help lists them.
    p = _Parser(
        prog="casebook",
        description=f"{APP_NAME}: offline safeguarding case records. "
        "With no command, opens the app.",
    )
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    p.add_argument(
        "--db",
        metavar="PATH",
        help=f"the database file (default: ${DB_ENV} or the per-user data folder)",
    )
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def command(
        name: str,
        func: Callable[[argparse.Namespace], int],
        help_text: str,
        *,
        user: bool = True,
        user_required: bool = True,
    ) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help_text, description=help_text)
        c.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the database file")
        if user:
            c.add_argument("--user", metavar="NAME", required=user_required)
        c.add_argument(
            "--password-file",
            metavar="FILE",
            help="read the password from the first line of FILE (for scripts)",
        )
        c.set_defaults(func=func)
        return c

    init = command("init", cmd_init, "Create a new database and its first DSL account.")
    init.add_argument("--name", metavar="FULL_NAME", help="the DSL's full name")
    init.add_argument("--school", metavar="NAME", default="", help="the school's name")
    demo = command("demo", cmd_demo, "Create a TRAINING database of fictional cases.")
    demo.add_argument("--cases", type=int, default=40, metavar="N")
    verify = command(
        "verify", cmd_verify, "Check the database's integrity, its audit trail and its seals."
    )
    verify.add_argument(
        "--seal", metavar="CODE", help="also check a seal read off a printed page (1532-K7QF-2MXA)"
    )
    cases = command("cases", cmd_cases, "List cases: reference, status, opened, next review.")
    cases.add_argument("--status", choices=["draft", "open", "monitoring", "closed"])
    discard = command(
        "discard-draft",
        cmd_discard_draft,
        "Discard a draft started by mistake: its pages are deleted, its reference kept.",
    )
    discard.add_argument("--case", metavar="REF", required=True, help="the draft's reference")
    discard.add_argument("--reason", metavar="TEXT", required=True, help="why, in a few words")
    backup = command("backup", cmd_backup, "Write an encrypted backup to a file.")
    backup.add_argument("--out", metavar="FILE", required=True)
    restore = command(
        "restore",
        cmd_restore,
        "Restore a backup; the current database is kept aside, never overwritten.",
        user_required=False,
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument(
        "--recovery",
        action="store_true",
        help="unlock the backup with the recovery key instead of a password",
    )
    export = command(
        "export-pdf",
        cmd_export_pdf,
        "Save a case's printed record, or one child's extract, as a PDF "
        "(not encrypted, unless --encrypt).",
    )
    export.add_argument("--case", metavar="REF", required=True, help="the case reference")
    export.add_argument(
        "--child",
        metavar="NAME",
        help="print the extract for this young person's own file (their full name)",
    )
    export.add_argument("--history", action="store_true", help="include the amendment history")
    export.add_argument(
        "--redact",
        metavar="WORDS",
        action="append",
        default=[],
        help="in an extract, also redact these words (a nickname, a team...); may be repeated",
    )
    export.add_argument(
        "--keep",
        metavar="WORD",
        action="append",
        default=[],
        help="in an extract, print this replaced word as typed (an adult who shares a "
        "child's surname, a name that is also a common word); never a full name; may be "
        "repeated",
    )
    export.add_argument(
        "--encrypt",
        action="store_true",
        help="write an AES-256 encrypted PDF and print its new passphrase, once",
    )
    export.add_argument(
        "--recipient",
        metavar="WHO",
        help="with --encrypt: who the copy is for (a person and their agency), for the audit trail",
    )
    export.add_argument("--out", metavar="FILE", required=True)
    trail = command(
        "audit",
        cmd_audit,
        "Save the audit trail (who saw what, and when) as a PDF (not encrypted); DSL only.",
    )
    trail.add_argument(
        "--from", dest="start", metavar="DD/MM/YYYY", help="the first day (default: the start)"
    )
    trail.add_argument(
        "--to",
        dest="end",
        metavar="DD/MM/YYYY",
        help="the last day, included (default: up to the newest entry)",
    )
    trail.add_argument("--case", metavar="REF", help="only the entries for this case reference")
    trail.add_argument("--out", metavar="FILE", required=True)
    send = command(
        "transfer-out",
        cmd_transfer_out,
        "Make an encrypted transfer pack of one child's file for their new school.",
    )
    send.add_argument("--case", metavar="REF", required=True, help="a case the child is in")
    send.add_argument("--child", metavar="NAME", required=True, help="the child's full name")
    send.add_argument("--to", metavar="SCHOOL", required=True, help="the new school's name")
    send.add_argument("--out", metavar="FILE", required=True, help="the pack to write (.age)")
    receive = command(
        "transfer-in",
        cmd_transfer_in,
        "Import a transfer pack from a child's previous school and show its receipt code.",
    )
    receive.add_argument("file", metavar="FILE")
    receive.add_argument(
        "--passphrase-file",
        metavar="F",
        help="read the pack's passphrase from the first line of F (for scripts)",
    )
    receive.add_argument(
        "--link-case",
        metavar="REF",
        help="link the file to the young person of the same name in this case here",
    )
    receipt = command(
        "transfer-receipt",
        cmd_transfer_receipt,
        "Record the receipt code the new school read back for a transferred file.",
    )
    receipt.add_argument("--case", metavar="REF", required=True, help="the case it was sent from")
    receipt.add_argument("--child", metavar="NAME", required=True, help="the child's full name")
    receipt.add_argument("--code", metavar="CODE", required=True, help="the receipt code")
    where = sub.add_parser(
        "where",
        help="Say where the records are kept, and whether they are one account's or shared.",
        description="Print which database Casebook opens on this computer, whether it is this "
        "account's own or shared by several Windows accounts, and check a shared folder's "
        "access list.",
    )
    where.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the database file")
    where.set_defaults(func=cmd_where)
    check = sub.add_parser(
        "selftest",
        help="Check this installation with a throw-away database.",
        description="Create a throw-away encrypted database, run a demo case through the "
        "services, render its PDF, and exit 0 if all is well.",
    )
    check.set_defaults(func=cmd_selftest)
    return p


def _open_window(db_path: Path) -> int:
    # Loading Qt and the first window makes some 200 000 objects and next to no
    # garbage: the cycle collector would walk them again and again (~6 ms), so it
    # waits until that window has painted (app.ui.app.Running.settle).
    gc.disable()
    from app.desktop import platform_check

    # `ldd` looks at Qt's xcb plugin while Qt's modules load; both are done
    # before Qt is asked for a window, so a missing library is named, not fatal.
    check = platform_check.in_background()
    try:
        from app.ui.app import run_gui
    finally:
        check.exit_if_window_cannot_open()
    return run_gui(db_path)


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # everything the app creates is readable by its owner only
    try:
        arguments = list(sys.argv[1:] if argv is None else argv)
        if not arguments:
            # Just `casebook`: the window, without first building every command's parser.
            return _open_window(default_db_path())
        args = _parser().parse_args(arguments)
        try:
            _check_arguments(args)
        except InvalidInput as exc:
            print(f"casebook: {exc}", file=sys.stderr)
            return EXIT_ERROR
        if getattr(args, "func", None) is None:
            return _open_window(_db(args))
        status = _run(_logging_unexpected_errors(args))
        sys.stdout.flush()  # a short output meets a closed pipe here, not at exit
    except BrokenPipeError:
        # Whoever read the output has stopped (`casebook cases | head`). Python's
        # advice: point stdout at devnull so the flush at exit cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE_CLOSED
    return status


def _logging_unexpected_errors(args: argparse.Namespace) -> argparse.Namespace:
    """The command, writing an unexpected error's kind and code path to the log for
    IT (`app.diagnostics.logfile`: never its message) before it is reported."""
    command: Callable[[argparse.Namespace], int] = args.func

    def logged(given: argparse.Namespace) -> int:
        try:
            return command(given)
        except (CasebookError, KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as exc:
            from app.diagnostics import logfile
            from app.diagnostics.lazylog import lazy_logger

            with logfile.kept():
                lazy_logger(__name__).error(
                    "unexpected %s in the %s command",
                    type(exc).__name__,
                    given.command,
                    exc_info=True,
                )
            raise

    args.func = logged
    return args


def _file_problem(exc: OSError, args: argparse.Namespace) -> CasebookError:
    """A file Casebook needed could not be read or written: say which kind of trouble."""
    from app.errors import ReadAccessDenied
    from app.storage import store

    where = Path(exc.filename) if isinstance(exc.filename, str) else _db(args)
    problem = store.cannot_write(exc, where)
    if type(problem) is not store.CannotWrite:
        return problem
    if isinstance(exc, PermissionError):
        return ReadAccessDenied(str(where))
    return CasebookError(
        f"Casebook could not use the file {where}; nothing further was changed. "
        "Check the disk or share is there, then try again."
    )


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except CasebookError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("casebook: stopped; nothing further was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise  # the output was closed: not an error (see main)
    except OSError as exc:
        print(f"casebook: {_file_problem(exc, args)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # never a traceback, never the exception's text (it may hold data)
        print(
            f"casebook: unexpected {type(exc).__name__}; no further changes were made.",
            file=sys.stderr,
        )
        return EXIT_ERROR
