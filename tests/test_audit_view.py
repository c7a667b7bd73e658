"""The audit trail as the DSL reads it: every entry, the chain verdict, DSL only."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import NotAllowed
from app.printing import log_output
from app.services import accounts, audit, cases
from app.services.audit_view import audit_trail
from app.services.workspace import Workspace, unlock
from tests.test_audit import _drop_guards, _raw


def _viewed_and_printed(ws: Workspace) -> str:
    case = cases.create_case(ws)
    cases.load_case(ws, case.id)
    log_output(ws, case.reference, purpose="printed")
    log_output(ws, case.reference, purpose="exported")
    return case.reference


def test_the_dsl_sees_every_entry_and_a_sound_chain(ws: Workspace) -> None:
    reference = _viewed_and_printed(ws)
    lines, chain = audit_trail(ws)
    assert chain.sound and chain.entries == len(lines)
    assert lines[0].action == audit.Action.CREATED and lines[0].target == audit.DATABASE_TARGET
    mine = [(line.actor, line.action) for line in lines if line.target == reference]
    assert mine == [("dsl", "created"), ("dsl", "viewed"), ("dsl", "printed"), ("dsl", "exported")]
    assert all(line.at.endswith("+00:00") for line in lines)  # stored in UTC


def test_one_case_only_but_the_chain_is_always_checked_whole(ws: Workspace) -> None:
    reference = _viewed_and_printed(ws)
    other = cases.create_case(ws).reference
    lines, chain = audit_trail(ws, reference)
    assert {line.target for line in lines} == {reference}
    assert other not in {line.target for line in lines}
    assert chain.entries > len(lines) and chain.sound


def test_a_tampered_trail_is_reported(ws: Workspace) -> None:
    _viewed_and_printed(ws)
    _drop_guards(ws)
    _raw(ws, "UPDATE audit_log SET actor = 'someone-else' WHERE id = 3")
    lines, chain = audit_trail(ws)
    assert not chain.sound
    assert any("entry 3 has been changed" in p for p in chain.problems)
    assert lines[2].actor == "someone-else"  # shown as it is now, with the verdict beside it


def test_only_the_dsl_may_read_the_trail(ws: Workspace, db_path: Path) -> None:
    accounts.add_account(ws, "deputy", "Dee Puty", "a long secret phrase")
    ws.close()
    deputy = unlock(db_path, "deputy", "a long secret phrase")
    try:
        with pytest.raises(NotAllowed, match="Only the DSL"):
            audit_trail(deputy)
    finally:
        deputy.close()


def test_reading_the_trail_writes_nothing(ws: Workspace) -> None:
    _viewed_and_printed(ws)
    before = audit_trail(ws)[1].entries
    audit_trail(ws)
    assert audit_trail(ws)[1].entries == before
