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
        super().__init__("That user name and password do not match. Nothing has been changed.")


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
