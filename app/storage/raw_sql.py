"""The SQLCipher connection under a SQLAlchemy session, for plain SQL.

Lists of thousands of rows, the seals and the audit chain are read with plain
SQL on the driver's own connection: no ORM objects and no per-value type
processing, which cost more than the reading itself at 50 000 cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def driver_connection(session: Session) -> Any:
    """The session's sqlcipher3 connection, in the session's own transaction."""
    raw = session.connection().connection.driver_connection
    assert raw is not None  # an open session's connection
    return raw
