"""The schema revision this version of Casebook expects.

Sign-in compares the database's revision with this constant, so Alembic (about
half a second to import) is loaded only when an upgrade is due. A test keeps it
equal to the newest migration in app/migrations/versions.
"""

from __future__ import annotations

HEAD_REVISION = "0009_received_retention"
