"""Amend, never overwrite, below the ORM: statements, raw SQL with the key, the schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy import delete, select, text, update

from app.errors import CasebookError, InvalidInput, NotAllowed
from app.models import (
    Answer,
    Case,
    Conversation,
    InitialReview,
    ParentCarerContact,
    ReferralAnswer,
    ReferralQuestion,
    YoungPerson,
)
from app.services import cases, dashboard
from app.services.workspace import Workspace
from app.storage import store


def _open_case(ws: Workspace, name: str = "Jordan Smith") -> tuple[int, int]:
    case = cases.create_case(ws)
    with ws.write() as s:
        child = YoungPerson(case_id=case.id, name=name, roles=["pictured"])
        s.add(child)
        s.flush()
        child_id = child.id
    cases.amend(ws, case.id, "cases", case.id, "summary", "As first written", "drafting")
    cases.open_case(ws, case.id)
    return case.id, child_id


def _summary(ws: Workspace, case_id: int) -> str | None:
    with ws.read() as s:
        return s.execute(select(Case.summary).where(Case.id == case_id)).scalar_one()


@contextmanager
def _raw(ws: Workspace) -> Iterator[Any]:
    """A connection of someone who holds the key but not Casebook's rules."""
    conn = sqlcipher3.connect(str(ws.path))
    try:
        conn.execute(f"PRAGMA key = \"x'{ws.database_key().hex()}'\"")
        yield conn
    finally:
        conn.close()


def test_a_core_update_of_an_open_case_is_refused_and_changes_nothing(ws: Workspace) -> None:
    case_id, _ = _open_case(ws)
    with pytest.raises(NotAllowed, match="one field at a time"), ws.write(reason="x") as s:
        s.execute(update(Case).where(Case.id == case_id).values(summary="Overwritten"))
    assert _summary(ws, case_id) == "As first written"
    assert cases.case_history(ws, case_id) == []


def test_an_orm_bulk_update_by_primary_key_is_refused(ws: Workspace) -> None:
    case_id, child_id = _open_case(ws)
    with pytest.raises(NotAllowed), ws.write(reason="x") as s:
        s.execute(update(YoungPerson), [{"id": child_id, "name": "Someone else"}])
    assert cases.load_case(ws, case_id).rows("young_people")[0].name == "Jordan Smith"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cases SET summary = 'Overwritten'",
        "DELETE FROM young_people",
    ],
)
def test_text_statements_on_case_tables_are_refused(ws: Workspace, statement: str) -> None:
    case_id, _ = _open_case(ws)
    with pytest.raises(NotAllowed), ws.write(reason="x") as s:
        s.execute(text(statement))
    record = cases.load_case(ws, case_id)
    assert record.case.summary == "As first written"
    assert len(record.rows("young_people")) == 1


def test_a_statement_below_the_orm_is_stopped_by_the_database(ws: Workspace) -> None:
    """A Core statement on the session's own connection passes every Python hook."""
    case_id, _ = _open_case(ws)
    with pytest.raises(NotAllowed, match="never overwritten"), ws.write(reason="x") as s:
        s.connection().execute(update(Case).values(summary="Overwritten"))
    assert _summary(ws, case_id) == "As first written"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cases SET summary = 'Overwritten'",
        "UPDATE cases SET status = 'draft'",
        "UPDATE cases SET opened_at = '2020-01-01 00:00:00'",
        "UPDATE young_people SET name = 'Someone else'",
        "DELETE FROM young_people",
        "DELETE FROM chronology",
        "DELETE FROM cases",
        "UPDATE amendments SET reason = 'rewritten'",
        "DELETE FROM amendments",
        "UPDATE young_people SET case_id = 999",
    ],
)
def test_raw_sql_with_the_key_cannot_change_an_open_case(ws: Workspace, statement: str) -> None:
    case_id, child_id = _open_case(ws)
    cases.amend(ws, case_id, "cases", case_id, "summary", "Amended once", "typo")
    with _raw(ws) as conn, pytest.raises(sqlcipher3.IntegrityError, match="amended|append-only"):
        conn.execute(statement)
    record = cases.load_case(ws, case_id)
    assert record.case.summary == "Amended once"
    assert record.case.status.value == "open"
    assert [p.name for p in record.rows("young_people")] == ["Jordan Smith"]
    assert len(cases.case_history(ws, case_id)) == 1


def test_a_draft_may_still_be_changed_freely(ws: Workspace) -> None:
    case = cases.create_case(ws)
    with _raw(ws) as conn:
        conn.execute("UPDATE cases SET summary = 'typed' WHERE id = ?", (case.id,))
        conn.commit()
    assert _summary(ws, case.id) == "typed"


def test_a_permit_is_never_left_behind(ws: Workspace) -> None:
    case_id, child_id = _open_case(ws)
    cases.amend(ws, case_id, "young_people", child_id, "name", "Jordan Smyth", "misspelt")
    with ws.read() as s:
        assert s.execute(text("SELECT count(*) FROM write_permits")).scalar_one() == 0


def test_an_unknown_status_is_read_from_the_database_not_assumed(ws: Workspace) -> None:
    """The amendment rule used to treat a case it had not loaded as a draft."""
    case_id, child_id = _open_case(ws)
    with ws.write(reason="Name misspelt") as s:
        # The child is loaded but its case is not: the rule must find it is open.
        child = s.execute(select(YoungPerson).where(YoungPerson.id == child_id)).scalar_one()
        s.info["case_status_at_load"] = {}
        child.name = "Jordan Smyth"
    history = cases.case_history(ws, case_id)
    assert [(h.field, h.old_value, h.new_value) for h in history] == [
        ("name", "Jordan Smith", "Jordan Smyth")
    ]


def test_roles_changed_in_place_are_saved_and_amended(ws: Workspace) -> None:
    case_id, child_id = _open_case(ws)
    with ws.write(reason="She also shared it on") as s:
        child = s.get(YoungPerson, child_id)
        assert child is not None
        child.roles.append("shared_further")
    assert cases.load_case(ws, case_id).rows("young_people")[0].roles == [
        "pictured",
        "shared_further",
    ]
    [line] = cases.case_history(ws, case_id)
    assert (line.field, line.old_value, line.new_value) == (
        "roles",
        ["pictured"],
        ["pictured", "shared_further"],
    )


def test_one_initial_review_per_case(ws: Workspace) -> None:
    case = cases.create_case(ws)
    with pytest.raises(InvalidInput), ws.write() as s:
        s.add_all([InitialReview(case_id=case.id), InitialReview(case_id=case.id)])


def test_one_answer_per_referral_question(ws: Workspace) -> None:
    case = cases.create_case(ws)
    with pytest.raises(InvalidInput), ws.write() as s:
        for answer in (Answer.YES, Answer.NO):
            s.add(
                ReferralAnswer(
                    case_id=case.id, question=ReferralQuestion.ADULT_INVOLVED, answer=answer
                )
            )


@pytest.mark.parametrize("model", [Conversation, ParentCarerContact])
def test_a_conversation_or_parents_contact_names_a_child_of_the_same_case(
    ws: Workspace, model: type
) -> None:
    _, other_child = _open_case(ws, "Child of another case")
    case = cases.create_case(ws)
    extra = {"informed": False} if model is ParentCarerContact else {}
    with pytest.raises(InvalidInput, match="another case"), ws.write() as s:
        s.add(model(case_id=case.id, young_person_id=other_child, **extra))


def test_the_dashboard_loads_after_every_refusal(ws: Workspace) -> None:
    case_id, _ = _open_case(ws)
    for statement in ("UPDATE cases SET pathway = 'bogus'", "DELETE FROM young_people"):
        with pytest.raises(CasebookError), ws.write(reason="x") as s:
            s.connection().execute(text(statement))
        with pytest.raises(CasebookError), ws.write(reason="x") as s:
            s.execute(delete(YoungPerson))
    assert [row.reference for row in dashboard.case_rows(ws)] == [
        cases.load_case(ws, case_id).case.reference
    ]


def test_an_earlier_yes_or_no_about_an_adult_is_carried_over(tmp_path: Path) -> None:
    """Migration 0002: the yes/no column becomes yes / no / not known."""
    from alembic import command

    path = tmp_path / "old.db"
    key = bytes(range(32))
    store.create_empty_file(path)
    engine = store.make_engine(path, key)
    with engine.begin() as conn:
        command.upgrade(store._alembic_config(conn), "0001")
        conn.execute(text("INSERT INTO staff_accounts VALUES (1,'a','A','dsl',1,'2026-01-01')"))
        for case_id, adult in ((1, 1), (2, 0), (3, None)):
            conn.execute(
                text(
                    "INSERT INTO cases (id, reference, status, created_at, created_by_id, "
                    "updated_at, adults_involved) VALUES "
                    "(:id, :ref, 'open', '2026-01-01', 1, '2026-01-01', :adult)"
                ),
                {"id": case_id, "ref": f"2026-000{case_id}", "adult": adult},
            )
            # Rows that refer to the case: the migration must not need to drop it.
            conn.execute(
                text(
                    "INSERT INTO young_people (case_id, name, roles) VALUES (:id, 'A child', '[]')"
                ),
                {"id": case_id},
            )
            conn.execute(
                text("INSERT INTO initial_reviews (case_id, attendees) VALUES (:id, 'DSL')"),
                {"id": case_id},
            )
    with engine.begin() as conn:
        command.upgrade(store._alembic_config(conn), "head")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, adults_involved FROM cases ORDER BY id")).all()
        people = conn.execute(text("SELECT count(*) FROM young_people")).scalar_one()
    engine.dispose()
    assert rows == [(1, "yes"), (2, "no"), (3, None)]
    assert people == 3
