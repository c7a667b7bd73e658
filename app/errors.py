"""Errors a user may see.

Every message is one calm sentence written for a DSL or an IT technician. No
message ever carries child data: names and notes stay out of exceptions so
they cannot reach a terminal, a log or a crash report.
"""

from __future__ import annotations


class CasebookError(Exception):
    """A failure with a message that is safe and useful to show as it is."""


class WrongPassword(CasebookError):
    def __init__(self) -> None:
        super().__init__("That user name and password do not match. Check them and try again.")


class WrongRecoveryKey(CasebookError):
    def __init__(self) -> None:
        super().__init__("That recovery key does not open this database. Check it and try again.")


class DatabaseMissing(CasebookError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"There is no Casebook database at {path}. Run 'casebook init' to create one."
        )


class DatabaseFileLost(CasebookError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"The database file {path} is missing, though its key file is there. "
            "Do not create a new one: restore the latest backup."
        )


class DatabaseExists(CasebookError):
    def __init__(self, path: str) -> None:
        super().__init__(f"A Casebook database already exists at {path}; it has not been touched.")


class DatabaseDamaged(CasebookError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"The password is right but the database file at {path} is damaged. "
            "Do not delete it: restore the latest backup ('casebook restore')."
        )


class KeySlotsDamaged(CasebookError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"The key file {path} is missing or damaged, so the database cannot be unlocked. "
            "Restore the latest backup, which holds both."
        )


class NotAllowed(CasebookError):
    """The signed-in account may not do this (a deputy managing accounts, say)."""


class InvalidInput(CasebookError):
    """Input refused before anything was written; the message names the field."""


class RecordNotFound(CasebookError):
    pass


class ReasonRequired(CasebookError):
    def __init__(self) -> None:
        super().__init__("A reason is needed to amend a record that is no longer a draft.")


class SaveFailed(CasebookError):
    """A write failed (disk full, read-only folder, a stuck lock); the typing stays on screen."""

    def __init__(self, busy: bool = False) -> None:
        reason = "the database is busy" if busy else "the disk may be full or the folder read-only"
        super().__init__(
            f"Casebook could not save: {reason}. What you typed is still here; "
            "free some space or ask IT, then try again."
        )


# -- what is found at open, before anything is written -----------------------
class DatabaseEmptied(DatabaseDamaged):
    def __init__(self, path: str) -> None:
        CasebookError.__init__(
            self,
            f"The database file {path} is empty (0 bytes): its contents were lost outside "
            "Casebook. Do not delete it or create a new one: restore the latest backup "
            "('casebook restore').",
        )


class DatabaseTruncated(DatabaseDamaged):
    def __init__(self, path: str) -> None:
        CasebookError.__init__(
            self,
            f"The database file {path} is shorter than it should be: its end was cut off, "
            "by an interrupted copy perhaps. Do not delete it: restore the latest backup "
            "('casebook restore').",
        )


class KeysDoNotMatch(DatabaseDamaged):
    """The key file records another database file than the one beside it."""

    def __init__(self, path: str, keys: str) -> None:
        CasebookError.__init__(
            self,
            f"The key file {keys} does not belong to the database file {path}: they come from "
            "different Casebook databases, or the start of the database file is damaged. "
            "Nothing was changed: put back the key file kept with this database, or restore "
            "the latest backup.",
        )


class NotACasebookDatabase(CasebookError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} is an ordinary SQLite database, not a Casebook one, so it was not opened. "
            "Nothing was changed: check the path ('casebook where') or restore the latest backup."
        )


class DatabaseIsFolder(CasebookError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} is a folder, where Casebook expects its database file. Nothing was "
            "changed: check the path ('casebook where'), or ask IT what was put there."
        )


class KeyFileMissing(KeySlotsDamaged):
    def __init__(self, path: str) -> None:
        CasebookError.__init__(
            self,
            f"The key file {path} is missing, so the database cannot be unlocked. Put it back "
            "from where the database was copied, or restore the latest backup, which holds both.",
        )


class ReadAccessDenied(CasebookError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"This account is not allowed to read {path}. Nothing was changed: ask IT to give "
            "it access to the folder Casebook keeps its records in."
        )


class AuditTrailBroken(CasebookError):
    def __init__(self) -> None:
        super().__init__(
            "The database's audit trail is broken (its newest record is missing or was changed "
            "outside Casebook), so nothing can be added to it. Nothing was changed: keep this "
            "file for IT to check, and restore the latest backup."
        )


class CannotWrite(CasebookError):
    """The database's folder cannot take a write; reading (and backing up elsewhere) can go on.

    `cause` says why in a few words, for the read-only banner.
    """

    cause = "its folder cannot be written to"
    remedy = "Ask IT to check the folder"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"Casebook cannot save: {self.cause.format(path=path)}, so nothing was changed. "
            f"{self.remedy}; reading, printing and backing up to another disk still work."
        )


class DiskFull(CannotWrite):
    cause = "the disk holding {path} is full"
    remedy = "Free some space on it (or ask IT), then try again"


class ReadOnlyMedium(CannotWrite):
    cause = "{path} is on a read-only disk or share"
    remedy = "Ask IT to make it writable, or to copy the database to a writable folder"


class WriteAccessDenied(CannotWrite):
    cause = "this account is not allowed to change {path}"
    remedy = "Ask IT to give it write access to that folder"
